import { mouthAperture } from '../api/mouthAperture.js';
import { checkNumber } from './checkNumber.js';

/** Options of {@link SpeechActivity}. */
export interface SpeechActivityOptions {
  /** Aperture swing (fast max minus fast min) that counts as a moving mouth. Default 0.04. */
  motionThreshold?: number;
  /** Seconds of continuous mouth motion before speech starts. Default 0.05. */
  onDelay?: number;
  /** Seconds without mouth motion before speech ends. Default 0.15. */
  offDelay?: number;
  /** Smallest aperture peak that can be an accent. Default 0.12. */
  accentLevel?: number;
  /** Smallest gap in seconds between two accents. Default 0.8. */
  accentGap?: number;
}

// Indices into SpeechActivity.s. Plain numbers in a Float64Array: the layers read them every frame, and
// doubles kept in object fields or passed between non-inlined functions may be boxed on the heap.
/** @internal */ export const HI = 0;
/** @internal */ export const LO = 1;
/** @internal */ export const APERTURE = 2;
/** @internal */ export const PREV_APERTURE = 3;
/** @internal */ export const MOTION_TIME = 4;
/** @internal */ export const STILL_TIME = 5;
/** @internal */ export const SPEAKING = 6;
/** @internal */ export const SPEECH_TIME = 7;
/** @internal */ export const SILENCE_TIME = 8;
/** @internal */ export const ONSET = 9;
/** @internal */ export const OFFSET = 10;
/** @internal */ export const LIP_CLOSED = 11;
/** @internal */ export const LIP_RISK = 12;
/** @internal */ export const ACCENT = 13;
/** @internal */ export const PEAK_ENV = 14;
/** @internal */ export const SINCE_ACCENT = 15;
/** @internal */ export const RISING = 16;
/** @internal */ export const PAUSE_BEFORE = 17;
/** @internal */ export const FIRST_PEAK = 18;
const FIELDS = 19;

/** Silence "since forever": long enough to count as rest for every layer. */
const LONG_AGO = 1e6;
/** Time constant of the fast max/min followers of the aperture: spans one syllable's swing. */
const ENVELOPE_TAU = 0.06;
/** Time constant of the peak envelope that accents are measured against. */
const PEAK_TAU = 1.5;
/** Aperture at or below which the lips count as closed (lipClosure >= 0.5, see src/api/lipClosure.ts). */
const CLOSED_APERTURE = 0.05;
/** Aperture below which a falling mouth is about to close: a blink must not be held into that. */
const RISK_APERTURE = 0.1;

/**
 * Reads speech activity from the frames themselves (mouth aperture over a
 * short window), so the layers need no audio: they work on the motion
 * model's frames, recorded frames and text-timed frames alike.
 *
 * The rule, once per frame, with `a` = {@link mouthAperture} of the frame:
 * - The mouth *moves* when the swing of `a` (a fast max follower minus a
 *   fast min follower, 60 ms time constants) is at least `motionThreshold`
 *   (0.04). A mouth held still, open or shut, is not speech.
 * - Speaking starts after `onDelay` (50 ms) of continuous motion and ends
 *   after `offDelay` (150 ms) without motion. With the followers' decay,
 *   a pause is recognised about 0.25-0.3 s after the mouth stops; shorter
 *   gaps (bilabial closures, held consonants) stay inside speech.
 * - A *bilabial closure* frame is one where speaking is on and `a` <= 0.05
 *   (the shared `lipClosure >= 0.5`); the mouth closing at the end of an
 *   utterance counts too, until the pause is recognised.
 * - *Closure risk* adds speaking frames where `a` is below 0.1 and falling:
 *   lips about to meet.
 * - An *accent* is a local aperture peak of at least `accentLevel` while
 *   speaking that is the first peak after a pause of 0.3 s or more, or comes
 *   `accentGap` after the last accent and reaches 85 % of the recent peak
 *   envelope (1.5 s decay). A stand-in for pitch accents, which need
 *   prosody the frames do not carry.
 *
 * Events (`onset`, `offset`, `accent`) are true for the one frame they
 * happen on. Does not allocate.
 *
 * @example
 * ```ts
 * const speech = new SpeechActivity();
 * speech.update(frame.weights, dt);
 * if (speech.offset) startListeningPose(); // a pause was recognised this frame
 * ```
 */
export class SpeechActivity {
  /** @internal State read by the layers each frame (indices exported above). */
  readonly s = new Float64Array(FIELDS);
  private readonly motionThreshold: number;
  private readonly onDelay: number;
  private readonly offDelay: number;
  private readonly accentLevel: number;
  private readonly accentGap: number;

  /** @param options See {@link SpeechActivityOptions}. */
  constructor(options: SpeechActivityOptions = {}, name = 'options') {
    this.motionThreshold = checkNumber(`${name}.motionThreshold`, options.motionThreshold ?? 0.04, 0.001, 1);
    this.onDelay = checkNumber(`${name}.onDelay`, options.onDelay ?? 0.05, 0, 5);
    this.offDelay = checkNumber(`${name}.offDelay`, options.offDelay ?? 0.15, 0, 5);
    this.accentLevel = checkNumber(`${name}.accentLevel`, options.accentLevel ?? 0.12, 0, 1);
    this.accentGap = checkNumber(`${name}.accentGap`, options.accentGap ?? 0.8, 0, 10);
    this.reset();
  }

  /** Back to "silent for a long time". */
  reset(): void {
    this.s.fill(0);
    this.s[SILENCE_TIME] = LONG_AGO;
    this.s[PAUSE_BEFORE] = LONG_AGO;
    this.s[SINCE_ACCENT] = LONG_AGO;
  }

  /** Whether the face is speaking (after the hysteresis described above). */
  get speaking(): boolean {
    return this.s[SPEAKING] === 1;
  }
  /** True on the frame speech started. */
  get onset(): boolean {
    return this.s[ONSET] === 1;
  }
  /** True on the frame a pause was recognised. */
  get offset(): boolean {
    return this.s[OFFSET] === 1;
  }
  /** True on a bilabial closure frame (speaking, aperture <= 0.05). */
  get lipClosed(): boolean {
    return this.s[LIP_CLOSED] === 1;
  }
  /** True on the frame an accent was detected. */
  get accent(): boolean {
    return this.s[ACCENT] === 1;
  }
  /** Seconds since the current silence began (about 1e6 before any speech). */
  get silenceTime(): number {
    return this.s[SILENCE_TIME];
  }
  /** Seconds since the current speech began (0 while silent). */
  get speechTime(): number {
    return this.s[SPEECH_TIME];
  }

  /**
   * Advances by one frame. The caller validates (see `AnimationLayers.apply`).
   *
   * @param weights The frame's 52 weights, before any layer wrote into them.
   * @param dt Seconds since the previous frame.
   */
  update(weights: Float32Array, dt: number): void {
    const s = this.s;
    const a = mouthAperture(weights);
    const k = dt > 0 ? 1 - Math.exp(-dt / ENVELOPE_TAU) : 0;
    s[HI] = a > s[HI] ? a : s[HI] + (a - s[HI]) * k;
    s[LO] = a < s[LO] ? a : s[LO] + (a - s[LO]) * k;
    if (s[HI] - s[LO] >= this.motionThreshold) {
      s[MOTION_TIME] += dt;
      s[STILL_TIME] = 0;
    } else {
      s[STILL_TIME] += dt;
      s[MOTION_TIME] = 0;
    }
    s[ONSET] = 0;
    s[OFFSET] = 0;
    if (s[SPEAKING] === 0 && s[MOTION_TIME] > 0 && s[MOTION_TIME] >= this.onDelay) {
      s[SPEAKING] = 1;
      s[ONSET] = 1;
      s[PAUSE_BEFORE] = s[SILENCE_TIME];
      s[SPEECH_TIME] = s[MOTION_TIME];
      // The first syllable after a real pause carries the phrase's first accent.
      s[FIRST_PEAK] = s[SILENCE_TIME] >= 0.3 ? 1 : 0;
    } else if (s[SPEAKING] === 1 && s[STILL_TIME] >= this.offDelay) {
      s[SPEAKING] = 0;
      s[OFFSET] = 1;
      s[SPEECH_TIME] = 0;
      s[SILENCE_TIME] = s[STILL_TIME]; // the silence began when the mouth stopped, not now
    } else if (s[SPEAKING] === 1) {
      s[SPEECH_TIME] += dt;
    } else {
      s[SILENCE_TIME] += dt;
    }
    const speaking = s[SPEAKING] === 1;
    s[LIP_CLOSED] = speaking && a <= CLOSED_APERTURE ? 1 : 0;
    s[LIP_RISK] = s[LIP_CLOSED] === 1 || (speaking && a < RISK_APERTURE && a < s[PREV_APERTURE]) ? 1 : 0;
    this.detectAccent(a, dt);
    s[PREV_APERTURE] = a;
    s[APERTURE] = a;
  }

  private detectAccent(a: number, dt: number): void {
    const s = this.s;
    s[ACCENT] = 0;
    s[SINCE_ACCENT] += dt;
    s[PEAK_ENV] *= dt > 0 ? Math.exp(-dt / PEAK_TAU) : 1;
    const prev = s[PREV_APERTURE];
    if (a > prev) {
      s[RISING] = 1;
      return;
    }
    if (s[RISING] === 0 || a === prev) return;
    s[RISING] = 0; // prev was a local peak
    if (s[SPEAKING] === 0 || prev < this.accentLevel) return;
    const prominent = prev >= 0.85 * s[PEAK_ENV] && s[SINCE_ACCENT] >= this.accentGap;
    if (s[FIRST_PEAK] === 1 || prominent) {
      s[ACCENT] = 1;
      s[SINCE_ACCENT] = 0;
      s[FIRST_PEAK] = 0;
    }
    if (prev > s[PEAK_ENV]) s[PEAK_ENV] = prev;
  }
}
