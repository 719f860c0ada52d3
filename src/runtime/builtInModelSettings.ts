import type { BilabialSeal } from './sealBilabials.js';

/**
 * The motion models shipped in the package (models/<name>/, each with its
 * model card): 'default' looks 130 ms ahead (its network 120 ms, plus one
 * frame of output advance, BUILT_IN_OUTPUT_ADVANCE); 'lowlatency' 40 ms, for
 * live microphones where every millisecond shows.
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
 * correlation falls by at most 0.01; see the model cards). Re-run on the
 * pipeline as shipped, the same rule picks 0.15..0.25 for each: the
 * default's was chosen before viseme shaping and the output advance were
 * added and not chosen again after (recorded in its card).
 */
export const BUILT_IN_SEALS: Readonly<Record<BuiltInModel, BilabialSeal>> = Object.freeze({
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

/**
 * The output advance each built-in model is shipped with
 * (MotionModelOptions.outputAdvanceFrames): the default network's lips trail
 * its training target by about 27 ms on held-out TTS voices (15 ms of it the
 * smoother's delay), and one frame of advance was the most those voices
 * allowed without more false closures or a lower aperture correlation (see
 * the model card). The low-latency model keeps none: its 40 ms lookahead is
 * the cap.
 */
export const BUILT_IN_OUTPUT_ADVANCE: Readonly<Record<BuiltInModel, number>> = Object.freeze({
  default: 1,
  lowlatency: 0,
});

/** The run-time settings a built-in model is evaluated and shipped with. */
export interface BuiltInModelSettings {
  /** Its {@link BUILT_IN_SEALS} entry. */
  bilabialSeal: BilabialSeal;
  /** Its {@link BUILT_IN_VISEME_SHAPING} entry. */
  visemeShaping: { strength: number; sharpness: number } | false;
  /** Its {@link BUILT_IN_OUTPUT_ADVANCE} entry. */
  outputAdvanceFrames: number;
}

/**
 * All run-time settings of one built-in model, for the loaders (Node's
 * openEngine, the web session) that give a built-in model what it ships with.
 *
 * @example
 * ```ts
 * const { bilabialSeal, outputAdvanceFrames } = builtInModelSettings('default');
 * ```
 */
export function builtInModelSettings(name: BuiltInModel): BuiltInModelSettings {
  return { bilabialSeal: BUILT_IN_SEALS[name], visemeShaping: BUILT_IN_VISEME_SHAPING[name], outputAdvanceFrames: BUILT_IN_OUTPUT_ADVANCE[name] };
}
