import type { Object3D } from 'three';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, BLENDSHAPE_NAMES, type BlendshapeName } from '../api/blendshapeNames.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { describeValue } from './checkArgument.js';
import type { ExpressionProjection } from './ExpressionTarget.js';
import { matchBlendshapeName } from './matchBlendshapeName.js';
import { MorphExpressionTarget } from './MorphExpressionTarget.js';
import { isMorphMesh, type MorphMesh } from './MorphMesh.js';
import { VISEME_PROJECTION } from './visemeProjection.js';
import { VOWEL_PROJECTION } from './vowelProjection.js';

/**
 * A user's binding that overrides the automatic one: either ARKit name ->
 * morph name(s) (exact, case-sensitive morph names; every listed morph on
 * every mesh binds, and the automatic binding of a listed ARKit name is
 * dropped), or a function called once per morph that returns the ARKit
 * name, `null` (leave unbound) or `undefined` (use the automatic rule).
 *
 * @example
 * ```ts
 * const map: BlendshapeMap = { jawOpen: ['MouthOpen', 'TeethOpen'], eyeBlinkLeft: 'Blink_L' };
 * const fn: BlendshapeMap = (morph) => (morph === 'MouthOpen' ? 'jawOpen' : undefined);
 * ```
 */
export type BlendshapeMap =
  | Readonly<Partial<Record<BlendshapeName, string | readonly string[]>>>
  | ((morphName: string, mesh: MorphMesh) => BlendshapeName | null | undefined);

/** Options of {@link findMorphTargets} (and of `FaceRig`). */
export interface FindMorphTargetsOptions {
  /** Overrides the automatic name matching. Default: none. */
  map?: BlendshapeMap;
  /**
   * Retargets tried, in order, on a mesh without ARKit mouth morphs; the
   * first that matches at least one morph drives it. Pass `[]` to switch
   * retargeting off. Default `[VISEME_PROJECTION, VOWEL_PROJECTION]`.
   */
  projections?: readonly ExpressionProjection[];
}

/** One morph target that receives one ARKit weight. */
export interface MorphBinding {
  readonly mesh: MorphMesh;
  readonly morphIndex: number;
  readonly morphName: string;
}

/** What was found on one mesh. */
export interface MeshBinding {
  readonly mesh: MorphMesh;
  /**
   * `'arkit'` (ARKit mouth morphs, or only non-mouth ARKit morphs), the
   * name of the projection that drives its mouth (`'oculus-visemes'`,
   * `'vrm-vowels'`), or `'none'`.
   */
  readonly strategy: string;
  /** Its morphs bound directly to ARKit weights. */
  readonly arkit: readonly { readonly name: BlendshapeName; readonly morphName: string; readonly morphIndex: number }[];
  /** Its retarget, if any. */
  readonly expression: MorphExpressionTarget | null;
  /** Morph names that drive nothing (including a second spelling of an ARKit name already bound on the mesh). */
  readonly unmatched: readonly string[];
}

/** The result of {@link findMorphTargets}. */
export interface MorphBindingPlan {
  /** For each ARKit index (0..51, {@link BLENDSHAPE_NAMES} order), the morphs that weight drives. */
  readonly targets: readonly (readonly MorphBinding[])[];
  /** Retargets for meshes without ARKit mouth morphs. */
  readonly expressions: readonly MorphExpressionTarget[];
  /** Every mesh with morph targets under the root, in traversal order. */
  readonly meshes: readonly MeshBinding[];
}

const isMouth = (i: number): boolean => /^(jaw|mouth|tongue)/.test(BLENDSHAPE_NAMES[i]);

/**
 * Walks `root` (the user's object; nothing is changed or kept) and finds,
 * for every mesh with a `morphTargetDictionary`, which of the 52 ARKit
 * weights each morph target is (spellings: `matchBlendshapeName`). A mesh
 * with no ARKit mouth morphs (jaw*, mouth*, tongueOut) gets a retarget
 * from `options.projections` (Ready Player Me `viseme_*`, VRM-style
 * `aa ih ou ee oh`); a mesh that has both ARKit and viseme morphs is
 * driven through ARKit only, so the mouth does not move twice. Within one
 * mesh the first morph (by index) spelling an ARKit name wins.
 *
 * @param root The character (e.g. `gltf.scene`).
 * @param options See {@link FindMorphTargetsOptions}.
 * @returns The binding plan.
 * @example
 * ```ts
 * const plan = findMorphTargets(gltf.scene);
 * plan.targets[BLENDSHAPE_INDEX.jawOpen]; // [{ mesh, morphIndex, morphName: 'jawOpen' }, ...]
 * ```
 */
export function findMorphTargets(root: Object3D, options: FindMorphTargetsOptions = {}): MorphBindingPlan {
  if (root == null || (root as { isObject3D?: unknown }).isObject3D !== true) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a three.js Object3D for root but received ${describeValue(root)}`);
  }
  if (options == null || typeof options !== 'object') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an options object but received ${describeValue(options)}`);
  }
  const projections = checkProjections(options.projections ?? [VISEME_PROJECTION, VOWEL_PROJECTION]);
  const resolve = makeResolver(options.map);

  const found: MorphMesh[] = [];
  root.traverse((o) => {
    if (isMorphMesh(o)) found.push(o);
  });

  const targets: MorphBinding[][] = Array.from({ length: BLENDSHAPE_COUNT }, () => []);
  const expressions: MorphExpressionTarget[] = [];
  const meshes: MeshBinding[] = [];
  for (const mesh of found) {
    const entries = Object.entries(mesh.morphTargetDictionary).sort((a, b) => a[1] - b[1]);
    const arkit: { name: BlendshapeName; morphName: string; morphIndex: number }[] = [];
    const bound = new Set<number>();
    const autoTaken = new Set<number>();
    let hasMouth = false;
    for (const [morphName, morphIndex] of entries) {
      const r = resolve(morphName, mesh);
      if (r.index < 0 || (r.automatic && autoTaken.has(r.index))) continue;
      if (r.automatic) autoTaken.add(r.index);
      targets[r.index].push({ mesh, morphIndex, morphName });
      arkit.push({ name: BLENDSHAPE_NAMES[r.index], morphName, morphIndex });
      bound.add(morphIndex);
      hasMouth ||= isMouth(r.index);
    }
    let expression: MorphExpressionTarget | null = null;
    if (!hasMouth) {
      for (const projection of projections) {
        const t = new MorphExpressionTarget(mesh, projection, bound);
        if (t.boundCount > 0) {
          expression = t;
          break;
        }
      }
    }
    if (expression) {
      expressions.push(expression);
      for (const m of expression.morphIndices) if (m >= 0) bound.add(m);
    }
    const strategy = hasMouth ? 'arkit' : expression ? expression.projection.name : arkit.length > 0 ? 'arkit' : 'none';
    const unmatched = entries.filter(([, i]) => !bound.has(i)).map(([name]) => name);
    meshes.push({ mesh, strategy, arkit, expression, unmatched });
  }
  return { targets, expressions, meshes };
}

function checkProjections(value: unknown): readonly ExpressionProjection[] {
  if (!Array.isArray(value)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an array of projections for options.projections but received ${describeValue(value)}`);
  }
  value.forEach((p: Partial<ExpressionProjection> | null, i) => {
    if (p == null || typeof p.match !== 'function' || typeof p.project !== 'function' || !Array.isArray(p.channelNames)) {
      throw new MouthpieceError(
        'INVALID_ARGUMENT',
        `Expected { name, channelNames, match, project } for options.projections[${i}] but received ${describeValue(p)}`,
      );
    }
  });
  return value as readonly ExpressionProjection[];
}

type Resolver = (morphName: string, mesh: MorphMesh) => { index: number; automatic: boolean };

function arkitIndex(name: unknown, where: string): number {
  if (typeof name !== 'string' || !Object.hasOwn(BLENDSHAPE_INDEX, name)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an ARKit blendshape name for ${where} but received ${describeValue(name)}`);
  }
  return BLENDSHAPE_INDEX[name as BlendshapeName];
}

function makeResolver(map: BlendshapeMap | undefined): Resolver {
  const auto = (morphName: string) => ({ index: matchBlendshapeName(morphName), automatic: true });
  if (map === undefined) return auto;
  if (typeof map === 'function') {
    return (morphName, mesh) => {
      const r = map(morphName, mesh);
      if (r === undefined) return auto(morphName);
      if (r === null) return { index: -1, automatic: false };
      return { index: arkitIndex(r, `options.map(${JSON.stringify(morphName)})`), automatic: false };
    };
  }
  if (typeof map !== 'object' || map === null) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object or a function for options.map but received ${describeValue(map)}`);
  }
  const byMorph = new Map<string, number>();
  const overridden = new Set<number>();
  for (const [key, value] of Object.entries(map)) {
    const index = arkitIndex(key, 'a key of options.map');
    const names: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [value];
    for (const n of names) {
      if (typeof n !== 'string') {
        throw new MouthpieceError('INVALID_ARGUMENT', `Expected morph name strings for options.map.${key} but received ${describeValue(value)}`);
      }
      const prev = byMorph.get(n);
      if (prev !== undefined && prev !== index) {
        throw new MouthpieceError(
          'INVALID_ARGUMENT',
          `Expected each morph name once in options.map but received ${JSON.stringify(n)} for ${BLENDSHAPE_NAMES[prev]} and ${key}`,
        );
      }
      byMorph.set(n, index);
    }
    overridden.add(index);
  }
  return (morphName) => {
    const mapped = byMorph.get(morphName);
    if (mapped !== undefined) return { index: mapped, automatic: false };
    const r = auto(morphName);
    return overridden.has(r.index) ? { index: -1, automatic: true } : r;
  };
}
