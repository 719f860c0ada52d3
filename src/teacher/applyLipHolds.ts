import { CH, CHANNELS } from './articulation.js';
import type { LipHold } from './lipHolds.js';

/** How high the jaw may stay while the lips are held shut or tucked. */
const MAX_HELD_JAW = 0.1;

/**
 * Imposes the hard lip constraints on 100 Hz articulatory curves (frames x
 * CHANNELS, in place), whatever the blending said: over each hold the lips
 * close fully (p b m) or the lower lip tucks (f v), ramping in and out
 * linearly. Tucks go first, so where a tuck and a closure overlap the
 * closure wins and releases the tuck.
 *
 * A closing mouth does not hold the jaw wide open, and holds it still: over
 * each hold the jaw rests at one height (its lowest there, at most 0.1), so
 * mouthClose, which follows the jaw while the lips are shut, is one steady
 * shape instead of a blip each side of the closure. Holds whose ramps meet
 * (m p, f m) count as one closure with one jaw height.
 *
 * @param curves frames x CHANNELS articulatory values, frame i at i / fps s.
 * @example
 * ```ts
 * applyLipHolds(curves, frames, lipHolds(targets, options), 100);
 * ```
 */
export function applyLipHolds(curves: Float32Array, frames: number, holds: readonly LipHold[], fps: number): void {
  const jawAt = heldJaw(curves, frames, holds, fps);
  const order = holds.map((_, n) => n).sort((x, y) => (holds[x].kind === holds[y].kind ? x - y : holds[x].kind === 'labiodental' ? -1 : 1));
  for (const n of order) {
    const h = holds[n];
    const ch = h.kind === 'bilabial' ? CH.lipClose : CH.labiodental;
    const from = Math.max(0, Math.floor((h.start - h.ramp) * fps));
    const to = Math.min(frames - 1, Math.ceil((h.end + h.ramp) * fps));
    for (let i = from; i <= to; i++) {
      const t = i / fps;
      const w = t < h.start ? 1 - (h.start - t) / h.ramp : t > h.end ? 1 - (t - h.end) / h.ramp : 1;
      if (w <= 0) continue;
      const k = i * CHANNELS;
      curves[k + ch] = Math.max(curves[k + ch], w);
      curves[k + CH.jaw] = (1 - w) * curves[k + CH.jaw] + w * jawAt[n];
      if (h.kind === 'bilabial') {
        curves[k + CH.lipSpread] *= 1 - 0.7 * w;
        curves[k + CH.labiodental] *= 1 - w;
      }
    }
  }
}

/** The jaw height each hold keeps: the lowest the blended jaw reaches over its group of touching holds, at most MAX_HELD_JAW. */
function heldJaw(curves: Float32Array, frames: number, holds: readonly LipHold[], fps: number): number[] {
  const jawAt = new Array<number>(holds.length).fill(MAX_HELD_JAW);
  const byTime = holds.map((_, n) => n).sort((x, y) => holds[x].start - holds[y].start);
  for (let first = 0; first < byTime.length; ) {
    let last = first;
    let reach = holds[byTime[first]].end + holds[byTime[first]].ramp;
    while (last + 1 < byTime.length && holds[byTime[last + 1]].start - holds[byTime[last + 1]].ramp < reach) {
      last++;
      reach = Math.max(reach, holds[byTime[last]].end + holds[byTime[last]].ramp);
    }
    let jaw = MAX_HELD_JAW;
    for (let m = first; m <= last; m++) {
      const h = holds[byTime[m]];
      for (let i = Math.max(0, Math.ceil(h.start * fps)); i <= Math.min(frames - 1, Math.floor(h.end * fps)); i++) {
        jaw = Math.min(jaw, curves[i * CHANNELS + CH.jaw]);
      }
    }
    for (let m = first; m <= last; m++) jawAt[byTime[m]] = jaw;
    first = last + 1;
  }
  return jawAt;
}
