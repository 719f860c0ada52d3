export { Engine, type EngineInfo, type MotionModelSource, type MotionTrack, type ProcessOptions } from './Engine.js';
export { blockToFrames, type BackendName, type FeatureFrame, type FeatureSession, type SessionOptions } from './FeatureSession.js';
export { loadNative, type NativeLoadResult } from './loadNative.js';
export { openEngine, type EngineOptions } from './openEngine.js';
export { BUILT_IN_MODELS, builtInModelPath, type BuiltInModel } from './builtInModels.js';
export { FrameResampler, MOTION_FPS } from './FrameResampler.js';
export { HEAD_CHANNELS, MOTION_CHANNELS, MotionModel, type MotionModelInfo, type MotionModelOptions, type MotionStepResult } from './MotionModel.js';
export { MotionSession, type MotionOptions, type MotionSessionOptions } from './MotionSession.js';
export { readOnnxHeader, type OnnxHeader } from './readOnnxHeader.js';
