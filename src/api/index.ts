export { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, BLENDSHAPE_NAMES, type BlendshapeName } from './blendshapeNames.js';
export type { Frame, Gaze, HeadPosition, HeadRotation } from './Frame.js';
export { lipClosure } from './lipClosure.js';
export { silentLogger, type Logger } from './Logger.js';
export { mouthAperture } from './mouthAperture.js';
export { MouthpieceError, type MouthpieceErrorCode } from './MouthpieceError.js';
export { EMOTION_NAMES, type Conditioning, type EmotionName } from './Conditioning.js';
