import type { EvalFrames } from './EvalFrames.js';
import { apertureTrack } from './apertureTrack.js';
import { frameRange } from './frameRange.js';
import type { PhoneSegment } from './PhoneSegment.js';
import { silenceSpans } from './silenceSpans.js';
import { frameCount, nonNegativeNumber, phoneList } from './validate.js';

/** Result of {@link restInSilence}. */
export interface RestInSilenceResult {
  /** Pauses longer than minPauseMs with at least one frame judged. */
  pauses: number;
  /** Frames judged. */
  frames: number;
  /** Share of judged frames with aperture <= restAperture; NaN when none. */
  restShare: number;
  /** Mean |aperture[n] − aperture[n−1]| × fps over consecutive judged frames, in aperture units per second; NaN when no pair. */
  meanSpeed: number;
}

/**
 * Mouth at rest in silence: over pauses longer than `minPauseMs`, the share
 * of frames with a closed-looking mouth (aperture <= 0.05, the lipClosure
 * >= 0.5 threshold) and how much the mouth still moves.
 *
 * 300 ms is where the mouth is expected to relax (animation.md: Rhubarb
 * holds shapes across short pauses and closes the mouth after ~350 ms).
 * Frames within 100 ms of either end of the pause are not judged: before
 * speech the lips open ahead of the voice (100-300 ms utterance-initially)
 * and after it they take ~100 ms to settle, and the aligner's boundaries
 * carry their own error; what is judged is the pause's settled middle.
 * Pauses are runs of silence labels merged with unlabelled gaps
 * ({@link silenceSpans}), including the time after the last phone up to the
 * end of the frames.
 *
 * Speed is per second (not per frame) so that numbers from different frame
 * rates compare.
 *
 * @param frames Frames to score.
 * @param phones Aligned phones.
 * @param options minPauseMs (default 300), marginMs (default 100), restAperture (default 0.05).
 * @example
 * ```ts
 * const { restShare, meanSpeed } = restInSilence(frames, phones);
 * ```
 */
export function restInSilence(
  frames: EvalFrames,
  phones: readonly PhoneSegment[],
  options: { minPauseMs?: number; marginMs?: number; restAperture?: number } = {},
): RestInSilenceResult {
  const T = frameCount(frames);
  phoneList(phones);
  const minPause = nonNegativeNumber('minPauseMs', options.minPauseMs ?? 300) / 1000;
  const margin = nonNegativeNumber('marginMs', options.marginMs ?? 100) / 1000;
  const rest = nonNegativeNumber('restAperture', options.restAperture ?? 0.05);
  const a = apertureTrack(frames);
  let pauses = 0;
  let count = 0;
  let atRest = 0;
  let speed = 0;
  let pairs = 0;
  for (const s of silenceSpans(phones, { duration: T / frames.fps })) {
    if (!(s.end - s.start > minPause)) continue;
    const [lo, hi] = frameRange(s.start + margin, s.end - margin, frames.fps, T);
    if (lo > hi) continue;
    pauses++;
    for (let n = lo; n <= hi; n++) {
      count++;
      if (a[n] <= rest) atRest++;
      if (n > lo) {
        speed += Math.abs(a[n] - a[n - 1]);
        pairs++;
      }
    }
  }
  return {
    pauses,
    frames: count,
    restShare: count > 0 ? atRest / count : NaN,
    meanSpeed: pairs > 0 ? (speed / pairs) * frames.fps : NaN,
  };
}
