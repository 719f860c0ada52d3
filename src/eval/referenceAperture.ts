import { evalPhone } from './evalPhone.js';
import type { PhoneSegment } from './PhoneSegment.js';
import { silenceSpans } from './silenceSpans.js';
import { nonNegativeNumber, phoneList, positiveNumber } from './validate.js';

/** Options of {@link referenceAperture}. */
export interface ReferenceApertureOptions {
  /** Output frames per second. Default 100. */
  fps?: number;
  /** Seconds of output (frame count = ceil(duration * fps)). Default: end of the last phone. */
  duration?: number;
  /** Full width of the raised-cosine (Hann) smoothing kernel in ms; 0 = no smoothing. Default 120. */
  kernelMs?: number;
  /** Pauses longer than this are a relaxed closed mouth (aperture 0). Default 300. */
  minPauseMs?: number;
  /** Target of shorter pauses, which the neighbours mostly override (low dominance). Default 0.05. */
  shortPauseAperture?: number;
}

/** Internal resolution: 1 ms, so phones shorter than an output frame still count. */
const RATE = 1000;

/**
 * A phone-derived mouth-aperture curve, in the 0..1 scale of
 * `mouthAperture()` (0 = lips touching, about 0.05 = lips just apart, open
 * vowels 0.45-0.62), to correlate a model's aperture against. It is built
 * from published phonetics only, not from the project's teacher.
 *
 * Construction:
 * 1. Each phone sets a target and a dominance ({@link evalPhone}: vowel
 *    height orders the vowels' jaw/lip opening, after Lindblom & Sundberg
 *    1971 and Fromkin 1964; consonant jaw heights after Keating et al.
 *    1994; bilabials 0). Diphthongs hold their first element's target for
 *    the first half and the offglide's for the second.
 * 2. Pauses longer than `minPauseMs` (300 ms: Rhubarb and animation.md
 *    relax the mouth to closed after ~350 ms, hold it across shorter ones)
 *    are a relaxed, closed mouth: target 0, dominance 1. Shorter pauses get
 *    `shortPauseAperture` at dominance 0.1, so in a 50-100 ms gap the mouth
 *    stays between its neighbours instead of snapping shut.
 * 3. Coarticulation: a dominance-weighted average under a Hann kernel,
 *    ref(t) = Σ K(t−τ) D(τ) T(τ) / Σ K(t−τ) D(τ), the frame-level form of
 *    Cohen & Massaro's (1993) dominance blending. With the default 120 ms
 *    full width (60 ms FWHM) a vowel-to-consonant transition takes about
 *    60 ms (within the 60-120 ms coarticulation reach in animation.md);
 *    short vowels undershoot their target (Lindblom 1963); a 70 ms /m/
 *    between open vowels still dips to about 0.015 because bilabials carry
 *    dominance 8. The kernel has compact support, so the curve is exactly 0
 *    more than 60 ms inside a long pause.
 *
 * No lead is applied: visible articulation precedes the acoustic segment by
 * 20-100 ms, so a well-timed model shows a slightly negative lag against this
 * curve in {@link apertureCorrelation}.
 *
 * @param phones Aligned phones (labels understood by {@link evalPhone}).
 * @param options See {@link ReferenceApertureOptions}; defaults fps 100, kernelMs 120, minPauseMs 300.
 * @returns One value per output frame n, at time n / fps.
 * @example
 * ```ts
 * const ref = referenceAperture(phoneTier(grid), { fps: 100, duration: grid.xmax });
 * ```
 */
export function referenceAperture(phones: readonly PhoneSegment[], options: ReferenceApertureOptions = {}): Float32Array {
  phoneList(phones);
  const fps = positiveNumber('fps', options.fps ?? 100);
  const lastEnd = phones.reduce((m, p) => Math.max(m, p.end), 0);
  const duration = nonNegativeNumber('duration', options.duration ?? lastEnd);
  const kernelMs = nonNegativeNumber('kernelMs', options.kernelMs ?? 120);
  const minPauseMs = nonNegativeNumber('minPauseMs', options.minPauseMs ?? 300);
  const shortPause = nonNegativeNumber('shortPauseAperture', options.shortPauseAperture ?? 0.05);

  const frames = Math.ceil(duration * fps - 1e-9);
  // The fine grid covers both the output and every phone, so a phone running
  // past `duration` still shapes the last frames through the kernel.
  const n = Math.max(Math.ceil(Math.max(duration, lastEnd) * RATE) + 1, 1);
  const target = new Float64Array(n);
  const dominance = new Float64Array(n).fill(1);
  const idx = (t: number) => Math.min(n, Math.max(0, Math.round(t * RATE)));

  for (const p of phones) {
    const c = evalPhone(p.label);
    if (c.silence) continue;
    const a = idx(p.start);
    const b = idx(p.end);
    const mid = c.offglideAperture === undefined ? b : idx((p.start + p.end) / 2);
    for (let i = a; i < b; i++) {
      target[i] = i < mid ? c.targetAperture : (c.offglideAperture as number);
      dominance[i] = c.dominance;
    }
  }
  for (const s of silenceSpans(phones, { duration })) {
    const long = (s.end - s.start) * 1000 > minPauseMs;
    for (let i = idx(s.start); i < idx(s.end); i++) {
      target[i] = long ? 0 : shortPause;
      dominance[i] = long ? 1 : 0.1;
    }
  }

  const half = Math.floor((kernelMs / 2) * (RATE / 1000));
  const kernel = new Float64Array(2 * half + 1);
  for (let k = -half; k <= half; k++) kernel[k + half] = half === 0 ? 1 : 0.5 * (1 + Math.cos((Math.PI * k) / half));

  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const c = Math.min(n - 1, Math.round((f / fps) * RATE));
    let num = 0;
    let den = 0;
    for (let k = -half; k <= half; k++) {
      const i = c + k;
      if (i < 0 || i >= n) continue;
      const w = kernel[k + half] * dominance[i];
      num += w * target[i];
      den += w;
    }
    out[f] = den > 0 ? num / den : 0;
  }
  return out;
}
