import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import { lipClosure } from '../api/lipClosure.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { centralFrames } from './centralFrames.js';
import type { EvalFrames } from './EvalFrames.js';
import { evalPhone } from './evalPhone.js';
import type { PhoneSegment } from './PhoneSegment.js';
import { frameCount, phoneList } from './validate.js';

/** Result of {@link falseClosures}. */
export interface FalseClosuresResult {
  /** Open-vowel phones judged. */
  vowels: number;
  /** Frames judged (central parts of those vowels). */
  frames: number;
  /** Of those, frames with lipClosure >= 0.5. */
  closed: number;
  /** closed / frames; NaN when no frame was judged. */
  rate: number;
}

/**
 * False closures: the share of frames in the middle of clearly open vowels
 * (`evalPhone(label).openVowel`: ɑ a æ ɐ ɒ ʌ ɔ, aɪ aʊ ɔɪ) where the lips are
 * closed (`lipClosure >= 0.5`).
 *
 * Only the central 50 % of each vowel is judged: the aligner's boundaries
 * are uncertain by 10-20 ms and a neighbouring p/b/m legitimately closes
 * the lips into the vowel's edges (lips lead and lag the sound), while the
 * vowel's middle is where an open mouth is certain. A vowel too short to
 * have a frame in its middle is judged on the frame nearest its midpoint.
 *
 * @param frames Frames to score.
 * @param phones Aligned phones.
 * @param options `centralShare`: share of each vowel judged, in (0, 1]. Default 0.5.
 * @example
 * ```ts
 * const { rate } = falseClosures(frames, phones); // 0 = never closed on an open vowel
 * ```
 */
export function falseClosures(frames: EvalFrames, phones: readonly PhoneSegment[], options: { centralShare?: number } = {}): FalseClosuresResult {
  const T = frameCount(frames);
  phoneList(phones);
  const share = options.centralShare ?? 0.5;
  if (!(share > 0 && share <= 1)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected number in (0, 1] for centralShare but received ${String(share)}`);
  }
  let vowels = 0;
  let count = 0;
  let closed = 0;
  for (const p of phones) {
    if (!evalPhone(p.label).openVowel) continue;
    const [lo, hi] = centralFrames(p.start, p.end, share, frames.fps, T);
    if (lo > hi) continue;
    vowels++;
    for (let n = lo; n <= hi; n++) {
      count++;
      if (lipClosure(frames.weights.subarray(n * BLENDSHAPE_COUNT, (n + 1) * BLENDSHAPE_COUNT)) >= 0.5) closed++;
    }
  }
  return { vowels, frames: count, closed, rate: count > 0 ? closed / count : NaN };
}
