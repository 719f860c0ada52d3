export type { AudioFormat, DecodedAudio } from './DecodedAudio.js';
export { decodeAudio, type DecodeAudioOptions } from './decodeAudio.js';
export { decodeWavTs } from './decodeWavTs.js';
export { FEATURE_SPEC, featureFrameCount, type FeatureSpec } from './featureSpec.js';
export { FeatureStream, type FeatureBlock, type FeatureStreamOptions } from './FeatureStream.js';
export { MelFrontend, melFilterBank } from './MelFrontend.js';
export { Resampler, resample } from './Resampler.js';
export { sniffFormat } from './sniffFormat.js';
