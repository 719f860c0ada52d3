import type { Frame } from '../api/Frame.js';
import { checkNumber } from './checkNumber.js';
import { SeededDraws, UNIT } from './SeededDraws.js';
import { SPEAKING, type SpeechActivity } from './SpeechActivity.js';

/** Options of {@link IdleHeadLayer}. */
export interface IdleHeadOptions {
  /** Scale of the drift in silence (1 = peaks of about 2° pitch, 2.7° yaw, 1.2° roll). Default 1. */
  amplitude?: number;
  /** Share of the drift kept while speaking, where the model's head pose leads. Default 0.35. */
  speakingScale?: number;
  /** Breaths per second; default a seeded rate in [0.2, 0.3] (12-18 a minute). */
  breathingRate?: number;
  /** Pitch swing of a breath in degrees (half its peak to peak). Default 0.3. */
  breathingAmplitude?: number;
}

const DEG = Math.PI / 180;
const TWO_PI = 2 * Math.PI;
/** Drift amplitudes in degrees, three components per axis: pitch, yaw, roll. */
const DRIFT_DEG = [1.0, 0.6, 0.3, 1.5, 0.8, 0.4, 0.6, 0.35, 0.2];
/** Drift frequencies in Hz (periods 5-17 s), each scaled by a seeded factor in [0.8, 1.2]: incommensurate. */
const DRIFT_HZ = [0.06, 0.11, 0.19, 0.05, 0.09, 0.17, 0.07, 0.13, 0.21];
/** Time constant in seconds of the blend between the speaking and silent amplitudes. */
const BLEND_TAU = 0.8;
/** Head rise in metres per unit of breath: a breath lifts the head a millimetre or two. */
const BREATH_RISE = 0.0015;
const BREATH = 9; // index of the breathing oscillator after the nine drift components
const OSCILLATORS = 10;
// Scalars (Float64Array: see SpeechActivity for why): blend, then the last offsets written.
const BLEND = 0, PITCH = 1, YAW = 2, ROLL = 3, RISE = 4;

/**
 * Idle head motion: a slow drift (per axis, a sum of three sines with
 * seeded, incommensurate frequencies of 0.04-0.25 Hz and seeded phases, so
 * it never visibly repeats) plus breathing (a seeded 0.2-0.3 Hz sine: a
 * 0.3° nod and a 1.5 mm rise). In silence the drift peaks at about 2°
 * pitch, 2.7° yaw, 1.2° roll, inside the few degrees of animation.md;
 * while speaking it shrinks to `speakingScale` (35 %) of that, because the
 * model's head pose leads then. The switch is an exponential blend with a
 * 0.8 s time constant, so nothing jumps. Adds to `frame.head`. Does not
 * allocate.
 *
 * @example
 * ```ts
 * const idle = new IdleHeadLayer(speech, { seed: 7, amplitude: 1.5 });
 * idle.update(dt);
 * idle.write(frame);
 * ```
 */
export class IdleHeadLayer {
  private readonly s = new Float64Array(5);
  private readonly hz = new Float64Array(OSCILLATORS);
  private readonly phase = new Float64Array(OSCILLATORS);
  private readonly draws: SeededDraws;
  private readonly amplitude: number;
  private readonly speakingScale: number;
  private readonly breathingRate: number | undefined;
  private readonly breathing: number;

  /**
   * @param speech The activity reader this layer listens to (updated by the caller first).
   * @param options See {@link IdleHeadOptions}, plus `seed` (default 1).
   * @param name Option path used in error messages. Default `'options'`.
   */
  constructor(
    private readonly speech: SpeechActivity,
    options: IdleHeadOptions & { seed?: number } = {},
    name = 'options',
  ) {
    this.amplitude = checkNumber(`${name}.amplitude`, options.amplitude ?? 1, 0, 3);
    this.speakingScale = checkNumber(`${name}.speakingScale`, options.speakingScale ?? 0.35, 0, 1);
    this.breathingRate =
      options.breathingRate === undefined ? undefined : checkNumber(`${name}.breathingRate`, options.breathingRate, 0.05, 1);
    this.breathing = checkNumber(`${name}.breathingAmplitude`, options.breathingAmplitude ?? 0.3, 0, 3) * DEG;
    this.draws = new SeededDraws(checkNumber(`${name}.seed`, options.seed ?? 1, -Infinity, Infinity, true), 0x1d);
    this.reset();
  }

  /** Restarts the drift from its seeded phases, at the silent amplitude. */
  reset(): void {
    this.draws.reset();
    for (let i = 0; i < BREATH; i++) {
      this.hz[i] = DRIFT_HZ[i] * (0.8 + 0.4 * this.draws.int() * UNIT);
      this.phase[i] = TWO_PI * this.draws.int() * UNIT;
    }
    this.hz[BREATH] = this.breathingRate ?? 0.2 + 0.1 * this.draws.int() * UNIT;
    this.phase[BREATH] = TWO_PI * this.draws.int() * UNIT;
    this.s.fill(0);
    this.s[BLEND] = 1;
  }

  /** Head pitch offset in radians written by the latest {@link write}. */
  get pitch(): number {
    return this.s[PITCH];
  }
  /** Head yaw offset in radians written by the latest {@link write}. */
  get yaw(): number {
    return this.s[YAW];
  }
  /** Head roll offset in radians written by the latest {@link write}. */
  get roll(): number {
    return this.s[ROLL];
  }

  /** Advances by `dt` seconds, after the speech reader was updated for this frame. */
  update(dt: number): void {
    const s = this.s;
    const goal = this.speech.s[SPEAKING] === 1 ? this.speakingScale : 1;
    s[BLEND] += (goal - s[BLEND]) * (dt > 0 ? 1 - Math.exp(-dt / BLEND_TAU) : 0);
    for (let i = 0; i < OSCILLATORS; i++) {
      let p = this.phase[i] + TWO_PI * this.hz[i] * dt;
      if (p >= TWO_PI) p -= TWO_PI * Math.floor(p / TWO_PI); // keeps sin() exact over hours
      this.phase[i] = p;
    }
    const gain = s[BLEND] * this.amplitude * DEG;
    const ph = this.phase;
    s[PITCH] = gain * (DRIFT_DEG[0] * Math.sin(ph[0]) + DRIFT_DEG[1] * Math.sin(ph[1]) + DRIFT_DEG[2] * Math.sin(ph[2]));
    s[YAW] = gain * (DRIFT_DEG[3] * Math.sin(ph[3]) + DRIFT_DEG[4] * Math.sin(ph[4]) + DRIFT_DEG[5] * Math.sin(ph[5]));
    s[ROLL] = gain * (DRIFT_DEG[6] * Math.sin(ph[6]) + DRIFT_DEG[7] * Math.sin(ph[7]) + DRIFT_DEG[8] * Math.sin(ph[8]));
    // Breathing goes on while speaking, only smaller: the blend scales it too.
    const breath = Math.sin(ph[BREATH]);
    s[PITCH] += s[BLEND] * this.breathing * breath;
    s[RISE] = s[BLEND] * BREATH_RISE * breath;
  }

  /** Adds the offsets to `frame.head` (rotation and a breath's rise in position.y). */
  write(frame: Frame): void {
    const r = frame.head.rotation;
    r.pitch += this.s[PITCH];
    r.yaw += this.s[YAW];
    r.roll += this.s[ROLL];
    frame.head.position.y += this.s[RISE];
  }
}
