/**
 * Mouthpiece for three.js: plays frames on a rigged character (morph
 * targets by any common ARKit spelling, Ready Player Me visemes, VRM-style
 * vowels, head/neck/eye bones). Needs `three` (an optional peer
 * dependency); never imports a runtime, so recorded frames play too.
 *
 * @example
 * ```ts
 * import { FaceRig } from 'mouthpiece/three';
 * const rig = new FaceRig(gltf.scene);
 * rig.setFrame(frame);
 * rig.update(dt);
 * ```
 */
export { FaceRig, type FaceRigOptions } from './FaceRig.js';
export { buildFaceRigReport, type FaceRigReport } from './FaceRigReport.js';
export {
  findMorphTargets,
  type BlendshapeMap,
  type FindMorphTargetsOptions,
  type MeshBinding,
  type MorphBinding,
  type MorphBindingPlan,
} from './findMorphTargets.js';
export { findFaceBones, type FaceBoneOverrides, type FaceBones } from './findFaceBones.js';
export { matchBlendshapeName } from './matchBlendshapeName.js';
export type { ExpressionProjection, ExpressionTarget } from './ExpressionTarget.js';
export { MorphExpressionTarget } from './MorphExpressionTarget.js';
export { isMorphMesh, type MorphMesh } from './MorphMesh.js';
export { arkitToVisemes, VISEME_NAMES, VISEME_PROJECTION } from './visemeProjection.js';
export { arkitToVowels, VOWEL_NAMES, VOWEL_PROJECTION } from './vowelProjection.js';
export { createVrmFaceRig, vrmExpressionTarget, VRM_EXPRESSION_NAMES, VRM_PROJECTION, type VrmLike } from './vrmFaceRig.js';
