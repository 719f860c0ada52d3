import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import { lipClosure } from '../api/lipClosure.js';
import type { EvalFrames } from './EvalFrames.js';
import { evalPhone } from './evalPhone.js';
import { frameRange } from './frameRange.js';
import type { PhoneSegment } from './PhoneSegment.js';
import { frameCount, nonNegativeNumber, phoneList } from './validate.js';

/** Result of {@link closureRecall}. */
export interface ClosureRecallResult {
  /** Bilabial phones (p b m) whose window overlaps the frames. */
  events: number;
  /** Of those, how many had a closed frame. */
  closed: number;
  /** closed / events; NaN when there are no events. */
  recall: number;
  /** The bilabials that never closed, for inspection. */
  missed: PhoneSegment[];
}

/**
 * Bilabial closure recall: the share of p, b, m phones during which the
 * lips close at least once. A phone counts as closed when some frame in
 * [onset − leadMs, release] has `lipClosure >= 0.5` (aperture <= 0.05).
 *
 * The window opens 40 ms before the aligned onset because lips lead the
 * sound (animation.md: visible articulation precedes the acoustic segment
 * by 20-100 ms) and because the aligner's boundary is itself uncertain by
 * about a frame or two; it closes at the release (the phone's end), after
 * which the lips are legitimately apart. Bilabials whose window lies
 * entirely outside the frames are not counted.
 *
 * @param frames Frames to score.
 * @param phones Aligned phones.
 * @param options `leadMs`: how far before the onset a closure counts. Default 40.
 * @example
 * ```ts
 * const { recall } = closureRecall(frames, phoneTier(grid)); // 1 = every p/b/m closed
 * ```
 */
export function closureRecall(frames: EvalFrames, phones: readonly PhoneSegment[], options: { leadMs?: number } = {}): ClosureRecallResult {
  const T = frameCount(frames);
  phoneList(phones);
  const lead = nonNegativeNumber('leadMs', options.leadMs ?? 40) / 1000;
  let events = 0;
  let closed = 0;
  const missed: PhoneSegment[] = [];
  for (const p of phones) {
    if (!evalPhone(p.label).bilabial) continue;
    const [lo, hi] = frameRange(p.start - lead, p.end, frames.fps, T);
    if (lo > hi) continue;
    events++;
    let ok = false;
    for (let n = lo; n <= hi && !ok; n++) ok = lipClosure(frames.weights.subarray(n * BLENDSHAPE_COUNT, (n + 1) * BLENDSHAPE_COUNT)) >= 0.5;
    if (ok) closed++;
    else missed.push(p);
  }
  return { events, closed, recall: events > 0 ? closed / events : NaN, missed };
}
