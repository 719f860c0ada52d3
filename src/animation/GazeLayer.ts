import { BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { checkNumber } from './checkNumber.js';
import { SeededDraws, UNIT } from './SeededDraws.js';
import { OFFSET, ONSET, PAUSE_BEFORE, SPEAKING, type SpeechActivity } from './SpeechActivity.js';

/** Options of {@link GazeLayer}. */
export interface GazeOptions {
  /** Chance of looking away at an utterance start. Default 0.7. */
  avertChance?: number;
  /** Seconds of silence before a speech onset that make it an utterance start. Default 0.6. */
  utteranceGap?: number;
  /** Share of the head's yaw and pitch the eyes counter-rotate to stay on target (0 = eyes ride with the head). Default 1. */
  headCompensation?: number;
  /** Also write the eight eyeLook* weights, for meshes without eye bones. Default true. */
  lookWeights?: boolean;
  /** Eye angle in radians of an eyeLook* weight of 1 (match FaceRig's `eyeLookAngle`). Default 25° (0.436). */
  lookAngle?: number;
}

const DEG = Math.PI / 180;
/** Eye-in-head limits: comfortable ranges, well inside the oculomotor range (about 45°). */
const YAW_LIMIT = 25 * DEG;
const PITCH_LIMIT = 20 * DEG;
// State indices (Float64Array: see SpeechActivity for why). Limits are clamped inline with Math.min/max, not
// through a helper or a conditional: V8 boxes a double passed to or returned from a call it did not inline,
// and a conditional that yields a module constant or a computed double.
const CUR_Y = 0, CUR_P = 1, FROM_Y = 2, FROM_P = 3, TO_Y = 4, TO_P = 5, SAC_T = 6, SAC_D = 7;
const FIX_LEFT = 8, MODE = 9, MODE_LEFT = 10, AV_Y = 11, AV_P = 12, TGT_Y = 13, TGT_P = 14, PLAN_Y = 15, PLAN_P = 16;
const OUT_Y = 17, OUT_P = 18, LANDED = 19, DY = 20, DP = 21;
const FIELDS = 22;
/** How far the target may move before the eyes follow with a catch-up saccade. */
const MOVED = 2 * DEG;
/** Shortest fixation between two saccades (the saccadic refractory period). */
const MIN_FIXATION = 0.1;
const ON_TARGET = 0, AVERTED = 1, GLANCE = 2;

/**
 * Procedural gaze: fixations and saccades around a target, looking away at
 * utterance starts and back near their ends.
 *
 * - Fixations last 0.8 s on average (log-normal, sigma 0.5, at least
 *   0.15 s). On target, each lands within a few degrees of it (sd 1.2° per
 *   axis, at most 4°), like eyes scanning a listener's face.
 * - At an utterance start (speech after `utteranceGap` of silence), with
 *   chance `avertChance`, the eyes look away 7-14° (sideways, up to 50° off
 *   horizontal) for 1-2.5 s, or until the pause after it; the return comes
 *   0.05-0.3 s after the pause is recognised. In other fixations, 12 % of
 *   the time in silence and 6 % while speaking, a glance away of 5-12° for
 *   0.4-1.2 s.
 * - Saccades are ballistic: duration 25 ms + 2.4 ms per degree of
 *   amplitude, minimum-jerk (quintic) profile, never interrupted, at least
 *   100 ms apart; a target that moves by more than 2° gets a catch-up
 *   saccade after the current one.
 * - Output: `frame.gaze` (radians, Frame.ts signs) = fixation minus
 *   `headCompensation` times the frame's head yaw/pitch (the eyes stay on
 *   the target while the head moves), clamped to ±25° yaw and ±20° pitch;
 *   plus the eyeLook* weights (`lookWeights`). A frame without `gaze` gets
 *   a new object once; reuse the frame to avoid that allocation.
 *
 * @example
 * ```ts
 * const gaze = new GazeLayer(speech, { seed: 7 });
 * gaze.setTarget(0.05, -0.02); // the camera, seen from the head at rest
 * gaze.update(dt);
 * gaze.write(frame);
 * ```
 */
export class GazeLayer {
  private readonly s = new Float64Array(FIELDS);
  private readonly draws: SeededDraws;
  private readonly avertChance: number;
  private readonly utteranceGap: number;
  private readonly headCompensation: number;
  private readonly lookWeights: boolean;
  private readonly lookAngle: number;

  /**
   * @param speech The activity reader this layer listens to (updated by the caller first).
   * @param options See {@link GazeOptions}, plus `seed` (default 1).
   * @param name Option path used in error messages. Default `'options'`.
   */
  constructor(
    private readonly speech: SpeechActivity,
    options: GazeOptions & { seed?: number } = {},
    name = 'options',
  ) {
    this.avertChance = checkNumber(`${name}.avertChance`, options.avertChance ?? 0.7, 0, 1);
    this.utteranceGap = checkNumber(`${name}.utteranceGap`, options.utteranceGap ?? 0.6, 0);
    this.headCompensation = checkNumber(`${name}.headCompensation`, options.headCompensation ?? 1, 0, 1);
    this.lookAngle = checkNumber(`${name}.lookAngle`, options.lookAngle ?? 25 * DEG, 0.01, Math.PI / 2);
    const lookWeights = options.lookWeights ?? true;
    if (typeof lookWeights !== 'boolean') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected boolean for ${name}.lookWeights but received ${String(lookWeights)}`);
    }
    this.lookWeights = lookWeights;
    this.draws = new SeededDraws(checkNumber(`${name}.seed`, options.seed ?? 1, -Infinity, Infinity, true), 0x9a);
    this.reset();
  }

  /** Eyes straight ahead on a straight-ahead target, the seeded stream restarted. */
  reset(): void {
    this.draws.reset();
    this.s.fill(0);
    this.s[FIX_LEFT] = 0.2 + 0.6 * this.draws.int() * UNIT;
    this.s[LANDED] = MIN_FIXATION;
  }

  /**
   * Where to look, relative to the head's rest orientation (radians,
   * Frame.ts signs: positive yaw = the character's left, positive pitch =
   * down), e.g. the camera's direction. Clamped to the eye limits. Default (0, 0).
   */
  setTarget(yaw: number, pitch: number): void {
    this.s[TGT_Y] = Math.min(YAW_LIMIT, Math.max(-YAW_LIMIT, checkNumber('yaw', yaw)));
    this.s[TGT_P] = Math.min(PITCH_LIMIT, Math.max(-PITCH_LIMIT, checkNumber('pitch', pitch)));
  }

  /** Gaze yaw in radians written by the latest {@link write}. */
  get yaw(): number {
    return this.s[OUT_Y];
  }
  /** Gaze pitch in radians written by the latest {@link write}. */
  get pitch(): number {
    return this.s[OUT_P];
  }

  /** Advances by `dt` seconds, after the speech reader was updated for this frame. */
  update(dt: number): void {
    const s = this.s;
    const sp = this.speech.s;
    if (sp[ONSET] === 1 && sp[PAUSE_BEFORE] >= this.utteranceGap && this.draws.int() * UNIT < this.avertChance) {
      this.lookAway(AVERTED, 7, 14);
      s[MODE_LEFT] = 1 + 1.5 * this.draws.int() * UNIT;
    } else if (sp[OFFSET] === 1 && s[MODE] === AVERTED) {
      // Back near the turn's end: the pause is the listener's cue.
      s[MODE_LEFT] = Math.min(s[MODE_LEFT], 0.05 + 0.25 * this.draws.int() * UNIT);
    }
    s[FIX_LEFT] -= dt;
    s[LANDED] += dt;
    if (s[MODE] !== ON_TARGET) s[MODE_LEFT] -= dt;
    if (s[SAC_D] === 0 && s[LANDED] >= MIN_FIXATION) {
      if (s[MODE] !== ON_TARGET && s[MODE_LEFT] <= 0) {
        s[MODE] = ON_TARGET;
        this.nextFixation();
      } else if (s[FIX_LEFT] <= 0) {
        const glance = s[MODE] === ON_TARGET && this.draws.int() * UNIT * (sp[SPEAKING] === 1 ? 2 : 1) < 0.12; // 6 % speaking
        if (glance) {
          this.lookAway(GLANCE, 5, 12);
          s[MODE_LEFT] = 0.4 + 0.8 * this.draws.int() * UNIT;
        }
        this.nextFixation();
      } else if (s[MODE] === ON_TARGET && this.targetMoved()) {
        this.nextFixation();
      }
    }
    if (s[SAC_D] > 0) {
      s[SAC_T] += dt;
      const u = Math.min(1, s[SAC_T] / s[SAC_D]);
      const p = u * u * u * (10 - 15 * u + 6 * u * u);
      s[CUR_Y] = s[FROM_Y] + (s[TO_Y] - s[FROM_Y]) * p;
      s[CUR_P] = s[FROM_P] + (s[TO_P] - s[FROM_P]) * p;
      if (u >= 1) {
        s[SAC_D] = 0;
        s[LANDED] = 0;
      }
    }
  }

  /** Writes `frame.gaze` (and the eyeLook* weights) for the frame's final head rotation. */
  write(frame: Frame): void {
    const s = this.s;
    const r = frame.head.rotation;
    s[OUT_Y] = Math.min(YAW_LIMIT, Math.max(-YAW_LIMIT, s[CUR_Y] - this.headCompensation * r.yaw));
    s[OUT_P] = Math.min(PITCH_LIMIT, Math.max(-PITCH_LIMIT, s[CUR_P] - this.headCompensation * r.pitch));
    if (frame.gaze) {
      frame.gaze.yaw = s[OUT_Y];
      frame.gaze.pitch = s[OUT_P];
    } else {
      frame.gaze = { pitch: s[OUT_P], yaw: s[OUT_Y] };
    }
    if (!this.lookWeights) return;
    const w = frame.weights;
    const yaw = s[OUT_Y] / this.lookAngle;
    const pitch = s[OUT_P] / this.lookAngle;
    // Looking to the character's left turns the left eye out and the right eye in (FaceRig reads them back so).
    w[I.eyeLookOutLeft] = yaw > 0 ? Math.min(1, yaw) : 0;
    w[I.eyeLookInRight] = yaw > 0 ? Math.min(1, yaw) : 0;
    w[I.eyeLookInLeft] = yaw < 0 ? Math.min(1, -yaw) : 0;
    w[I.eyeLookOutRight] = yaw < 0 ? Math.min(1, -yaw) : 0;
    w[I.eyeLookDownLeft] = w[I.eyeLookDownRight] = pitch > 0 ? Math.min(1, pitch) : 0;
    w[I.eyeLookUpLeft] = w[I.eyeLookUpRight] = pitch < 0 ? Math.min(1, -pitch) : 0;
  }

  // Whether the target moved more than 2° since the fixation was planned. Not Math.hypot: V8's optimiser
  // does not inline it, so its arguments and result would be boxed on every frame.
  private targetMoved(): boolean {
    const s = this.s;
    const dy = s[TGT_Y] - s[PLAN_Y];
    const dp = s[TGT_P] - s[PLAN_P];
    return dy * dy + dp * dp > MOVED * MOVED;
  }

  /** Picks a point `min`-`max` degrees from the target, mostly sideways, as the new centre of attention. */
  private lookAway(mode: number, min: number, max: number): void {
    const s = this.s;
    const amplitude = (min + (max - min) * this.draws.int() * UNIT) * DEG;
    const tilt = (100 * this.draws.int() * UNIT - 50) * DEG;
    const side = this.draws.int() < 536870912 ? -1 : 1;
    s[AV_Y] = Math.min(YAW_LIMIT, Math.max(-YAW_LIMIT, s[TGT_Y] + side * amplitude * Math.cos(tilt)));
    s[AV_P] = Math.min(PITCH_LIMIT, Math.max(-PITCH_LIMIT, s[TGT_P] + amplitude * Math.sin(tilt)));
    s[MODE] = mode;
    s[FIX_LEFT] = 0; // move as soon as any saccade in flight lands
  }

  /** Plans the next fixation for the current mode and starts the saccade to it. */
  private nextFixation(): void {
    const s = this.s;
    this.draws.normalInto(s, FIX_LEFT);
    s[FIX_LEFT] = Math.max(0.15, 0.8 * Math.exp(0.5 * s[FIX_LEFT] - 0.125)); // log-normal, mean 0.8 s
    const onTarget = s[MODE] === ON_TARGET;
    const cy = onTarget ? s[TGT_Y] : s[AV_Y];
    const cp = onTarget ? s[TGT_P] : s[AV_P];
    const sd = (onTarget ? 1.2 : 0.8) * DEG;
    this.draws.normalInto(s, DY);
    this.draws.normalInto(s, DP);
    let dy = sd * s[DY];
    let dp = sd * s[DP];
    const r = Math.sqrt(dy * dy + dp * dp);
    if (r > 4 * DEG) {
      dy *= (4 * DEG) / r;
      dp *= (4 * DEG) / r;
    }
    s[PLAN_Y] = s[TGT_Y];
    s[PLAN_P] = s[TGT_P];
    s[FROM_Y] = s[CUR_Y];
    s[FROM_P] = s[CUR_P];
    s[TO_Y] = Math.min(YAW_LIMIT, Math.max(-YAW_LIMIT, cy + dy));
    s[TO_P] = Math.min(PITCH_LIMIT, Math.max(-PITCH_LIMIT, cp + dp));
    const ey = s[TO_Y] - s[FROM_Y];
    const ep = s[TO_P] - s[FROM_P];
    const degrees = Math.sqrt(ey * ey + ep * ep) / DEG;
    s[SAC_T] = 0;
    s[SAC_D] = degrees < 0.05 ? 0 : 0.025 + 0.0024 * degrees; // main-sequence duration
  }
}
