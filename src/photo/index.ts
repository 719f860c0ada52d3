/**
 * `mouthpiece/photo`: one portrait becomes a lip-synced talking face. Find
 * its landmarks once ({@link detectPortrait} with `@vladmandic/human` in a
 * browser, `mouthpiece/photo/node` in Node), then add a {@link PhotoAvatar}
 * to a three.js scene and give it the same frames as a rigged character.
 * Everything runs locally; the photo never leaves the machine.
 *
 * @packageDocumentation
 */
export { PhotoAvatar, type PhotoAvatarOptions, type PhotoPixels } from './PhotoAvatar.js';
export {
  selectPortraitFace, fitHeadToPortrait, portraitPointsUp,
  PORTRAIT_POINT_COUNT, MIN_EYE_DISTANCE_PX, MAX_PORTRAIT_YAW, MAX_PORTRAIT_PITCH, MIN_MESH_CONFIDENCE,
  type PortraitLandmarks, type PortraitLimits, type PortraitDetectOptions, type DetectedFace,
} from './PortraitLandmarks.js';
export { detectPortrait, type FaceMeshDetector } from './detectPortrait.js';
export { mergeMirroredFace, withMirroredRun, MIRROR_IRIS_DISAGREEMENT, MIRROR_IRIS_DARKER, type MirrorCheck, type MirrorEyeChoice } from './mergeMirroredFace.js';
export { mirrorPixels } from './mirrorPixels.js';
export { portraitLandmarksFromJson, portraitLandmarksToJson, type PortraitLandmarksJson } from './portraitLandmarksJson.js';
export { mirrorPointMap } from './mirrorPointMap.js';
export { portraitHumanConfig } from './portraitHumanConfig.js';
export { decodePortrait, type DecodePortraitOptions } from './decodePortrait.js';
export { padToSquare } from './padToSquare.js';
export { portraitFaceCrop, type PhotoCrop } from './portraitFaceCrop.js';
export { buildPhotoMesh, type BuildPhotoMeshOptions } from './buildPhotoMesh.js';
export { projectToPhoto, type PhotoMesh, type PhotoMeshPart } from './PhotoMesh.js';
export { deformPhotoPart, flippedTriangles, headRotationMatrix, cardHeadRotation } from './deformPhotoMesh.js';
export { fitSimilarity, rotationToYawPitchRoll, type Similarity } from './fitSimilarity.js';
export { fitPortraitHead, type PortraitHeadFit } from './fitPortraitHead.js';
export { faceTemplate, type FaceTemplate, type FaceTemplateTarget } from './faceTemplate.js';
export { skinBrightness, skinSaturation, COLOURFUL_SKIN_SATURATION } from './skinBrightness.js';
export { detectSunglasses, type SunglassesReport } from './detectSunglasses.js';
export { FoldGuard } from './FoldGuard.js';
export { orientTriangles } from './orientTriangles.js';
export { unfoldTargets, type UnfoldTargetsOptions, type UnfoldTargetsResult } from './unfoldTargets.js';
export { foldingTriangles, shortenFoldingSteps, type ShortenFoldingStepsOptions, type ShortenFoldingStepsResult } from './shortenFoldingSteps.js';
