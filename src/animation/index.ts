/**
 * Mouthpiece's run-time animation layers: what the audio model does not
 * predict. Blinks, gaze (fixations, saccades, looking away), idle head drift
 * and breathing, and the random share of brow raises, all seeded and read
 * from the frames themselves, so they play on the motion model's frames,
 * recorded frames and text-timed frames alike. Never imports a runtime or
 * `three`.
 *
 * @example
 * ```ts
 * import { AnimationLayers } from 'mouthpiece/animation';
 * const layers = new AnimationLayers({ seed: 7 });
 * layers.apply(frame, dt); // in place, once per frame
 * ```
 */
export { AnimationLayers, type AnimationLayersOptions } from './AnimationLayers.js';
export { BlinkLayer, type BlinkOptions } from './BlinkLayer.js';
export { BrowLayer, type BrowOptions } from './BrowLayer.js';
export { GazeLayer, type GazeOptions } from './GazeLayer.js';
export { IdleHeadLayer, type IdleHeadOptions } from './IdleHeadLayer.js';
export { SpeechActivity, type SpeechActivityOptions } from './SpeechActivity.js';
export { EmotionLayer, type EmotionLayerOptions } from './EmotionLayer.js';
