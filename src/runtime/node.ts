export { Engine, type EngineInfo, type MotionModelSource, type MotionTrack, type ProcessOptions } from './Engine.js';
export { blockToFrames, type BackendName, type FeatureFrame, type FeatureSession, type SessionOptions } from './FeatureSession.js';
export { loadNative, type NativeLoadResult } from './loadNative.js';
export { openEngine, type EngineOptions } from './openEngine.js';
export {
  BUILT_IN_MODELS, BUILT_IN_OUTPUT_ADVANCE, BUILT_IN_SEALS, BUILT_IN_VISEME_SHAPING, builtInModelPath, builtInModelSettings, type BuiltInModel, type BuiltInModelSettings,
} from './builtInModels.js';
export { FrameResampler, MOTION_FPS } from './FrameResampler.js';
export { DEFAULT_BILABIAL_SEAL, HEAD_CHANNELS, MOTION_CHANNELS, MotionModel, type MotionModelInfo, type MotionModelOptions, type MotionStepResult } from './MotionModel.js';
export { MotionSession, type MotionOptions, type MotionSessionOptions } from './MotionSession.js';
export { readOnnxHeader, type OnnxHeader } from './readOnnxHeader.js';
export { ClosureDipGate } from './ClosureDipGate.js';
export { applyBilabialSeal, bilabialSealStrength, sealBilabials, type BilabialSeal } from './sealBilabials.js';
export { shapeLipsByViseme, VISEME_LIP_CHANNELS, VISEME_LIP_SHAPES, type VisemeShaping } from './shapeLipsByViseme.js';
export { LevelNormalizer, type LevelNormalizerOptions } from './LevelNormalizer.js';
export { MotionSmoother, SMOOTHING_DELAY_MS, SMOOTHING_TAPS } from './MotionSmoother.js';
