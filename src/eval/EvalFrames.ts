/**
 * Frames to score: `weights` holds T rows of the 52 ARKit weights in ARKit
 * order (row-major, so frame n is `weights.subarray(n * 52, n * 52 + 52)`),
 * and frame n is at time `n / fps` seconds on the audio clock (0 = first
 * sample), the same convention as `Frame.time`.
 *
 * @example
 * ```ts
 * const frames: EvalFrames = { weights: new Float32Array(100 * 52), fps: 100 }; // 1 s of neutral face
 * ```
 */
export interface EvalFrames {
  /** T * 52 weights in [0, 1], row-major. */
  weights: Float32Array;
  /** Frames per second, > 0. No default: always say the rate. */
  fps: number;
}
