export { Engine, type EngineInfo } from './Engine.js';
export { blockToFrames, type BackendName, type FeatureFrame, type FeatureSession, type SessionOptions } from './FeatureSession.js';
export { loadNative, type NativeLoadResult } from './loadNative.js';
export { openEngine, type EngineOptions } from './openEngine.js';
