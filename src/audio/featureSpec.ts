/**
 * The model's input features (models/features.md, version 1). The C++ core
 * reports the same numbers through `buildInfo().featureSpec`; a test holds
 * both to models/features.json.
 *
 * @example
 * ```ts
 * const seconds = frameIndex * FEATURE_SPEC.hop / FEATURE_SPEC.sampleRate;
 * ```
 */
export const FEATURE_SPEC = Object.freeze({
  version: 1,
  /** Hz of the PCM the features are computed from. */
  sampleRate: 16000,
  /** Samples between frames (10 ms). */
  hop: 160,
  /** Window length in samples (25 ms), periodic Hann. */
  window: 400,
  windowFunction: 'periodic-hann' as const,
  /** FFT size; the window is zero-padded to it. */
  fftSize: 512,
  /** Mel bands per frame. */
  bands: 64,
  fminHz: 20,
  fmaxHz: 7600,
  melScale: 'htk' as const,
  /** Added to the band energy before the natural log. */
  logFloor: 1e-6,
});

/** The shape of {@link FEATURE_SPEC}. */
export type FeatureSpec = typeof FEATURE_SPEC;

/**
 * Frames produced for `n` samples at 16 kHz: ceil(n / hop).
 *
 * @example
 * ```ts
 * featureFrameCount(16000); // 100
 * ```
 */
export function featureFrameCount(n: number): number {
  return Math.ceil(n / FEATURE_SPEC.hop);
}
