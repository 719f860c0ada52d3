/**
 * The motion models shipped in the package (models/<name>/, each with its
 * model card): 'default' looks 120 ms ahead; 'lowlatency' 40 ms, for live
 * microphones where every millisecond shows.
 */
export const BUILT_IN_MODELS = Object.freeze({
  default: 'motion-v1',
  lowlatency: 'motion-v1-lowlatency',
});

/** A key of {@link BUILT_IN_MODELS}. */
export type BuiltInModel = keyof typeof BUILT_IN_MODELS;

/**
 * The bilabial seal each built-in model is evaluated and shipped with,
 * chosen on held-out TTS voices by test/eval/tuneSeal.mjs (the highest
 * closure recall whose false closures rise by at most 0.005 and aperture
 * correlation falls by at most 0.01; see the model cards).
 */
export const BUILT_IN_SEALS: Readonly<Record<BuiltInModel, { from: number; to: number }>> = Object.freeze({
  default: Object.freeze({ from: 0.05, to: 0.15 }),
  lowlatency: Object.freeze({ from: 0.1, to: 0.2 }),
});

/**
 * The viseme shaping each built-in model is evaluated and shipped with
 * (MotionModelOptions.visemeShaping), chosen on held-out TTS voices (see
 * the model cards), or false where none passed.
 */
export const BUILT_IN_VISEME_SHAPING: Readonly<Record<BuiltInModel, { strength: number; sharpness: number } | false>> = Object.freeze({
  default: Object.freeze({ strength: 1, sharpness: 1 }),
  lowlatency: Object.freeze({ strength: 1, sharpness: 4 }),
});
