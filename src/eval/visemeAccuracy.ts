import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { centralFrames } from './centralFrames.js';
import type { EvalFrames } from './EvalFrames.js';
import { evalPhone } from './evalPhone.js';
import { nearestViseme } from './nearestViseme.js';
import { OCULUS_VISEMES, type OculusViseme } from './oculusVisemes.js';
import type { PhoneSegment } from './PhoneSegment.js';
import { frameCount, phoneList } from './validate.js';

/** Result of {@link visemeAccuracy}. */
export interface VisemeAccuracyResult {
  /** Phone segments judged. */
  segments: number;
  /** Of those, segments whose nearest template is the phone's viseme. */
  correct: number;
  /** correct / segments; NaN when none was judged. */
  accuracy: number;
  /** confusion[expected][predicted] = segment count (all 15 x 15 entries present). */
  confusion: Record<OculusViseme, Record<OculusViseme, number>>;
}

/**
 * Viseme accuracy: for each vowel and consonant phone, the mean of the 52
 * weights over the middle third of the segment is classified by
 * {@link nearestViseme} and compared with the phone's Oculus viseme
 * ({@link evalPhone}).
 *
 * The middle third is where the phone's own articulation is least mixed
 * with its neighbours' (coarticulation is strongest near the boundaries)
 * and is robust to aligner boundary error; averaging over it keeps a single
 * noisy frame from deciding. Silences, `spn` noise and the transparent
 * phones h ɦ ʔ ç (no mouth shape of their own) are not judged. Diphthongs
 * are judged against their first element's viseme.
 *
 * Expect modest numbers even for good models: several visemes (DD, nn, kk,
 * SS) differ mostly inside the mouth, which ARKit weights barely show.
 *
 * @param frames Frames to score.
 * @param phones Aligned phones.
 * @param options `centralShare`: share of each segment averaged, in (0, 1]. Default 1/3.
 * @example
 * ```ts
 * const { accuracy, confusion } = visemeAccuracy(frames, phones);
 * ```
 */
export function visemeAccuracy(frames: EvalFrames, phones: readonly PhoneSegment[], options: { centralShare?: number } = {}): VisemeAccuracyResult {
  const T = frameCount(frames);
  phoneList(phones);
  const share = options.centralShare ?? 1 / 3;
  if (!(share > 0 && share <= 1)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected number in (0, 1] for centralShare but received ${String(share)}`);
  }
  const confusion = Object.fromEntries(OCULUS_VISEMES.map((v) => [v, Object.fromEntries(OCULUS_VISEMES.map((u) => [u, 0]))])) as Record<
    OculusViseme,
    Record<OculusViseme, number>
  >;
  const mean = new Float64Array(BLENDSHAPE_COUNT);
  let segments = 0;
  let correct = 0;
  for (const p of phones) {
    const c = evalPhone(p.label);
    if (c.kind !== 'vowel' && c.kind !== 'consonant') continue;
    const [lo, hi] = centralFrames(p.start, p.end, share, frames.fps, T);
    if (lo > hi) continue;
    mean.fill(0);
    for (let n = lo; n <= hi; n++) for (let k = 0; k < BLENDSHAPE_COUNT; k++) mean[k] += frames.weights[n * BLENDSHAPE_COUNT + k];
    for (let k = 0; k < BLENDSHAPE_COUNT; k++) mean[k] /= hi - lo + 1;
    const predicted = nearestViseme(mean).viseme;
    segments++;
    if (predicted === c.viseme) correct++;
    confusion[c.viseme][predicted]++;
  }
  return { segments, correct, accuracy: segments > 0 ? correct / segments : NaN, confusion };
}
