import { MouthpieceError } from '../api/MouthpieceError.js';
import { FEATURE_SPEC } from '../audio/featureSpec.js';

/** Settings of {@link LevelNormalizer}. */
export interface LevelNormalizerOptions {
  /**
   * Speech level the model was trained at, in dB of the frame's mel energy
   * sum (10 log10 of the sum of exp(feature) over the 64 bands). Default 24:
   * the median active speech level of the shipped models' training corpus
   * (clean, unaugmented utterances).
   */
  targetDb?: number;
  /**
   * Frames within this many dB of the current estimate count as speech: they
   * update the estimate and get the full gain. Default 20.
   */
  windowDb?: number;
  /**
   * Below the speech window the gain fades to 0 dB over this many dB, so
   * pauses and background noise are not amplified with the speech (an
   * expander below the window, as in voice AGCs). Default 10.
   */
  fadeDb?: number;
  /** Time constant of the level estimate over speech frames, seconds. Default 1. */
  seconds?: number;
  /** Largest boost, dB. Default 20. */
  maxBoostDb?: number;
  /** Largest cut, dB. Default 12. */
  maxCutDb?: number;
}

const FLOOR = FEATURE_SPEC.logFloor;
const BANDS = FEATURE_SPEC.bands;
/** A band value at or below this is silence (ln(floor) in float32, plus its rounding). */
const SILENT = Math.fround(Math.log(FLOOR)) + 1e-6;

/**
 * Automatic gain on log-mel frames, causal and streaming: tracks the active
 * speech level (an exponential average over frames near the current
 * estimate, so pauses and noise do not pull it down) and scales every band's
 * energy so that level sits at the training corpus's; frames well below the
 * speech level (pauses, background noise) get less gain, fading to none.
 * Why: the motion model reads loudness as a jaw cue (its teacher opens the
 * jaw with loudness). The trainer randomises the input level, yet on real
 * recordings, which sit 6-17 dB below the corpus's clean TTS speech, the
 * network under-opens vowels and half-closes the lips; measured in
 * models/motion-v1/README.md.
 *
 * Works in the feature domain exactly (energy = exp(f) - floor, scaled, then
 * the log again), so the front end's definition is untouched. State carries
 * across calls: chunking never changes the output. The estimate starts at
 * the target, so the first frames pass unchanged.
 *
 * @example
 * ```ts
 * const agc = new LevelNormalizer();
 * agc.process(features, frames); // in place
 * ```
 */
export class LevelNormalizer {
  private readonly target: number;
  private readonly window: number;
  private readonly alpha: number;
  private readonly maxBoost: number;
  private readonly maxCut: number;
  private readonly fade: number;
  private level: number;

  constructor(options: LevelNormalizerOptions = {}) {
    this.target = options.targetDb ?? 24;
    this.window = options.windowDb ?? 20;
    const seconds = options.seconds ?? 1;
    this.maxBoost = options.maxBoostDb ?? 20;
    this.maxCut = options.maxCutDb ?? 12;
    this.fade = options.fadeDb ?? 10;
    for (const [k, v] of Object.entries({ targetDb: this.target, windowDb: this.window, fadeDb: this.fade, seconds, maxBoostDb: this.maxBoost, maxCutDb: this.maxCut })) {
      if (typeof v !== 'number' || !Number.isFinite(v) || (k !== 'targetDb' && v < 0)) {
        throw new MouthpieceError('INVALID_ARGUMENT', `Expected a finite${k === 'targetDb' ? '' : ' non-negative'} number for ${k} but received ${String(v)}`);
      }
    }
    const fps = FEATURE_SPEC.sampleRate / FEATURE_SPEC.hop;
    this.alpha = seconds > 0 ? 1 - Math.exp(-1 / (seconds * fps)) : 1;
    this.level = this.target;
  }

  /** The gain for speech at the current estimate, dB (quieter frames get less, see fadeDb). */
  get gainDb(): number {
    return Math.min(this.maxBoost, Math.max(-this.maxCut, this.target - this.level));
  }

  /** Normalises `frames` rows of 64 log-mel values in place. */
  process(features: Float32Array, frames: number): void {
    for (let t = 0; t < frames; t++) {
      const o = t * BANDS;
      let sum = 0;
      for (let b = 0; b < BANDS; b++) sum += Math.exp(features[o + b]) - FLOOR;
      const db = 10 * Math.log10(Math.max(sum, 1e-12));
      const below = this.level - this.window - db; // > 0: quieter than speech
      if (below < 0) this.level += this.alpha * (db - this.level);
      const fade = below <= 0 ? 1 : this.fade > 0 ? Math.max(0, 1 - below / this.fade) : 0;
      const g = this.gainDb * fade;
      if (g === 0) continue;
      const k = 10 ** (g / 10);
      for (let b = 0; b < BANDS; b++) {
        // Bands at the floor (digital silence) stay bit-identical: float32 rounding of ln(floor) would
        // otherwise read back as a tiny energy and be scaled into a value just above the floor.
        if (features[o + b] <= SILENT) continue;
        const e = Math.max(0, Math.exp(features[o + b]) - FLOOR);
        features[o + b] = Math.log(e * k + FLOOR);
      }
    }
  }

  /** Back to the start: the estimate returns to the target. */
  reset(): void {
    this.level = this.target;
  }
}
