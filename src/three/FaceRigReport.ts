import { BLENDSHAPE_NAMES, type BlendshapeName } from '../api/blendshapeNames.js';
import type { ExpressionTarget } from './ExpressionTarget.js';
import type { FaceBones } from './findFaceBones.js';
import type { MorphBindingPlan } from './findMorphTargets.js';

/**
 * What a `FaceRig` bound, for a debug panel or a log line: which ARKit
 * names were found on which morphs, which are missing, how each mesh is
 * driven, and which bones turn the head and eyes.
 *
 * @example
 * ```ts
 * const r = rig.describe();
 * if (r.missing.includes('jawOpen')) logger.warn?.(`no jawOpen morph; strategies: ${r.meshes.map((m) => m.strategy)}`);
 * ```
 */
export interface FaceRigReport {
  /** ARKit names bound to at least one morph, with `mesh/morph` per target. */
  found: { name: BlendshapeName; targets: string[] }[];
  /** ARKit names with no morph of their own (they may still show through a retarget). */
  missing: BlendshapeName[];
  /** Per mesh with morph targets: its strategy, its ARKit names, its retargeted channels, its unused morphs. */
  meshes: { name: string; strategy: string; arkit: BlendshapeName[]; channels: string[]; unmatched: string[] }[];
  /** Every expression target driven (the meshes' retargets, then any passed in options). */
  expressionTargets: { label: string; strategy: string; channels: string[] }[];
  /** Name of each bone driven, `null` where none. */
  bones: Record<keyof FaceBones, string | null>;
  /**
   * `'bones'`: eye bones turn the eyes (from gaze, else the eyeLook*
   * weights) and the eyeLook* morphs are left alone; `'morphs'`: the
   * eyeLook* morphs carry the eyes.
   */
  eyes: 'bones' | 'morphs';
}

const label = (o: { name: string } | null): string | null => (o ? o.name || '(unnamed)' : null);

function channelsOf(t: ExpressionTarget): string[] {
  return t.projection.channelNames.filter((_, c) => (t.has ? t.has(c) : true));
}

/**
 * Builds a {@link FaceRigReport} (allocates; call it when asked, not per frame).
 *
 * @param plan The morph binding plan.
 * @param bones The bones driven.
 * @param eyes How the eyes are driven.
 * @param targets Every expression target driven.
 * @example
 * ```ts
 * const report = buildFaceRigReport(plan, bones, 'bones', plan.expressions);
 * ```
 */
export function buildFaceRigReport(
  plan: MorphBindingPlan,
  bones: FaceBones,
  eyes: 'bones' | 'morphs',
  targets: readonly ExpressionTarget[],
): FaceRigReport {
  const found: FaceRigReport['found'] = [];
  const missing: BlendshapeName[] = [];
  plan.targets.forEach((bindings, i) => {
    if (bindings.length === 0) missing.push(BLENDSHAPE_NAMES[i]);
    else found.push({ name: BLENDSHAPE_NAMES[i], targets: bindings.map((b) => `${b.mesh.name || '(unnamed)'}/${b.morphName}`) });
  });
  return {
    found,
    missing,
    meshes: plan.meshes.map((m) => ({
      name: m.mesh.name || '(unnamed)',
      strategy: m.strategy,
      arkit: m.arkit.map((a) => a.name),
      channels: m.expression ? channelsOf(m.expression) : [],
      unmatched: [...m.unmatched],
    })),
    expressionTargets: targets.map((t) => ({ label: t.label, strategy: t.projection.name, channels: channelsOf(t) })),
    bones: { head: label(bones.head), neck: label(bones.neck), leftEye: label(bones.leftEye), rightEye: label(bones.rightEye) },
    eyes,
  };
}
