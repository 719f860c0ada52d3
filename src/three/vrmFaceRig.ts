import type { Object3D } from 'three';

import { BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { describeValue } from './checkArgument.js';
import type { ExpressionProjection, ExpressionTarget } from './ExpressionTarget.js';
import { FaceRig, type FaceRigOptions } from './FaceRig.js';
import { arkitToVowels, VOWEL_NAMES } from './vowelProjection.js';

/**
 * The VRM expressions a {@link createVrmFaceRig} drives, in channel order:
 * the five mouth vowels, then the two eyelids. (VRM's emotion presets are
 * left to the model's conditioning or the app; the look-at is done by bones.)
 */
export const VRM_EXPRESSION_NAMES = [...VOWEL_NAMES, 'blinkLeft', 'blinkRight'] as const;

/**
 * ARKit -> VRM expressions: the vowels by {@link arkitToVowels}, the
 * eyelids from eyeBlinkLeft/Right. Allocation-free.
 */
export const VRM_PROJECTION: ExpressionProjection = Object.freeze({
  name: 'vrm-expressions',
  channelNames: VRM_EXPRESSION_NAMES,
  match: (name: string) => (VRM_EXPRESSION_NAMES as readonly string[]).indexOf(name),
  project(weights: ArrayLike<number>, out: Float32Array | Float64Array): void {
    arkitToVowels(weights, out);
    out[5] = weights[I.eyeBlinkLeft];
    out[6] = weights[I.eyeBlinkRight];
  },
});

/**
 * The parts of a three-vrm `VRM` (v1+, @pixiv/three-vrm) the rig uses,
 * duck-typed so this package does not depend on three-vrm.
 */
export interface VrmLike {
  /** The model's root (`vrm.scene`). */
  scene: Object3D;
  /** three-vrm's `VRMExpressionManager`: named expression weights, applied by `vrm.update()`. */
  expressionManager?: {
    getValue(name: string): number | null | undefined;
    setValue(name: string, weight: number): void;
    getExpression?(name: string): unknown;
  } | null;
  /** three-vrm's `VRMHumanoid`: its normalized bones are the ones to animate. */
  humanoid?: { getNormalizedBoneNode(name: string): Object3D | null | undefined } | null;
}

/**
 * An {@link ExpressionTarget} over a VRM's expression manager: the mouth
 * vowels and eyelids of {@link VRM_PROJECTION}, skipping expressions the
 * model does not define. Call `vrm.update(delta)` after `rig.update(delta)`
 * so three-vrm applies the values.
 *
 * @param vrm A loaded VRM (`gltf.userData.vrm` with three-vrm's loader plugin).
 * @returns The target, for `FaceRig`'s `expressionTargets`.
 * @example
 * ```ts
 * const rig = new FaceRig(vrm.scene, { expressionTargets: [vrmExpressionTarget(vrm)] });
 * ```
 */
export function vrmExpressionTarget(vrm: VrmLike): ExpressionTarget {
  const em = vrm?.expressionManager;
  if (em == null || typeof em.getValue !== 'function' || typeof em.setValue !== 'function') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a VRM with an expressionManager (three-vrm 1+) but received ${describeValue(vrm)}`);
  }
  const names = VRM_EXPRESSION_NAMES;
  const present = names.map((n) => (typeof em.getExpression === 'function' ? em.getExpression(n) != null : em.getValue(n) != null));
  return {
    label: 'vrm',
    projection: VRM_PROJECTION,
    has: (i) => present[i],
    getValue: (i) => em.getValue(names[i]) ?? 0,
    setValue: (i, v) => em.setValue(names[i], v),
  };
}

/**
 * A {@link FaceRig} for a VRM avatar: mouth vowels and blinks through its
 * expression manager ({@link vrmExpressionTarget}); head, neck and eyes
 * through its normalized humanoid bones (what three-vrm expects you to
 * animate); any ARKit morphs on its meshes (a perfect-sync VRM) are bound
 * by name as usual. `options` override any of it. Head translation is off
 * (`headTranslation: 0`): three-vrm carries only rotations over from the
 * normalized bones.
 *
 * @param vrm A loaded three-vrm `VRM`.
 * @param options As for `FaceRig`; `bones` and `expressionTargets` add to the VRM's.
 * @example
 * ```ts
 * const rig = createVrmFaceRig(vrm);
 * // each frame: rig.setFrame(f); rig.update(delta); vrm.update(delta);
 * ```
 */
export function createVrmFaceRig(vrm: VrmLike, options: FaceRigOptions = {}): FaceRig {
  const target = vrmExpressionTarget(vrm);
  const h = vrm.humanoid;
  const bone = (name: string) => (h && typeof h.getNormalizedBoneNode === 'function' ? (h.getNormalizedBoneNode(name) ?? undefined) : undefined);
  const bones = { head: bone('head'), neck: bone('neck'), leftEye: bone('leftEye'), rightEye: bone('rightEye') };
  for (const k of Object.keys(bones) as (keyof typeof bones)[]) if (bones[k] === undefined) delete bones[k];
  return new FaceRig(vrm.scene, {
    // three-vrm copies only rotations from the normalized bones to the model: a translation would be lost.
    headTranslation: 0,
    ...options,
    bones: { ...bones, ...options.bones },
    expressionTargets: [target, ...(options.expressionTargets ?? [])],
  });
}
