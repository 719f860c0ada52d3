import { BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { checkEmotion, emotionOffsetTable, EMOTIONS, type Emotion, type EmotionOffsetTable } from '../teacher/emotion.js';
import { checkNumber } from './checkNumber.js';

/** Options of {@link EmotionLayer}. */
export interface EmotionLayerOptions {
  /** Starting emotion. Default 'neutral'. */
  emotion?: Emotion;
  /** Starting intensity in [0, 1]. Default 1. */
  intensity?: number;
  /** Seconds a change takes (a linear blend, like the motion session's conditioning). Default 0.3. */
  transition?: number;
}

// The four named emotions (neutral is their absence); update() loops over exactly these.
const NAMED = EMOTIONS.filter((e) => e !== 'neutral');

/**
 * Emotion as weight offsets on frames that carry none: recorded frames,
 * text-timed frames, a model run without conditioning. The offsets are the
 * teacher's (`applyEmotionOffsets`: a smile with cheek and eye squint for
 * happy, a frown with raised inner brows for sad, ...) plus its head pitch,
 * so both paths mean the same by "happy at 0.5". Changes blend linearly over
 * `transition` seconds; several emotions may be partly on during a blend.
 *
 * Do not use it on frames of a model conditioned on emotion (the engine's
 * `emotion` option): those already carry the expression, and the offsets
 * would count it twice. Allocation-free per frame.
 *
 * @example
 * ```ts
 * const emotion = new EmotionLayer({ emotion: 'happy', intensity: 0.6 });
 * emotion.update(dt); emotion.write(frame);
 * ```
 */
export class EmotionLayer {
  /** Level change per second (1 / transition); Infinity for an instant change. */
  private readonly rate: number;
  private readonly level = new Float64Array(NAMED.length);
  private readonly target = new Float64Array(NAMED.length);
  private readonly tables: EmotionOffsetTable[];

  /** @param options See {@link EmotionLayerOptions}. */
  constructor(options: EmotionLayerOptions = {}) {
    const transition = checkNumber('options.transition', options.transition ?? 0.3, 0);
    this.rate = transition > 0 ? 1 / transition : Infinity;
    this.tables = NAMED.map((e) => emotionOffsetTable(e));
    this.set(options.emotion ?? 'neutral', options.intensity ?? 1);
    this.level.set(this.target);
  }

  /** Changes the emotion; it blends in over the transition. Neutral (or intensity 0) blends everything out. */
  set(emotion: Emotion, intensity = 1): void {
    checkEmotion(emotion, intensity);
    this.target.fill(0);
    const k = NAMED.indexOf(emotion as (typeof NAMED)[number]);
    if (k >= 0) this.target[k] = intensity;
  }

  /** The current blended level of one emotion, in [0, 1]. */
  levelOf(emotion: Emotion): number {
    const k = NAMED.indexOf(emotion as (typeof NAMED)[number]);
    return k >= 0 ? this.level[k] : 0;
  }

  /** Advances the blend by `dt` seconds. */
  update(dt: number): void {
    checkNumber('dt', dt, 0);
    const level = this.level;
    const target = this.target;
    const step = this.rate * dt;
    for (let k = 0; k < level.length; k++) {
      const lv = level[k];
      const tg = target[k];
      let next = tg;
      if (lv < tg - step) next = lv + step;
      else if (lv > tg + step) next = lv - step;
      level[k] = next;
    }
  }

  /** Adds the current offsets to a frame's weights (clamped to [0, 1]) and head pitch, in place. */
  write(frame: Frame): void {
    const w = frame.weights;
    for (let k = 0; k < this.tables.length; k++) {
      const a = this.level[k];
      if (a <= 0) continue;
      const t = this.tables[k];
      for (let j = 0; j < t.indices.length; j++) {
        const i = t.indices[j];
        w[i] = Math.min(1, Math.max(0, w[i] + t.values[j] * a));
      }
      frame.head.rotation.pitch += t.headPitch * a;
      // As in the teacher: a smile spreads the lips and lifts them off a pucker.
      if (NAMED[k] === 'happy') w[I.mouthPucker] *= 1 - 0.5 * a;
    }
  }

  /** Ends any blend in progress: the levels jump to the current target. */
  reset(): void {
    this.level.set(this.target);
  }
}
