import { MIN_SHAPE_MS } from './suppressFlicker.js';

/** The part of a segment the teacher needs to place a hard lip constraint. */
export interface LipConstrained {
  start: number;
  end: number;
  constraint: 'bilabial' | 'labiodental' | null;
}

/** Timing of hard lip constraints (a subset of CoarticulationOptions). */
export interface LipHoldOptions {
  /** How far the lips lead the sound, ms. Default 40. */
  lipLeadMs?: number;
  /** Ramp into and out of a hard lip constraint, ms. Default 30. */
  constraintRampMs?: number;
}

/** One hard lip constraint on the timeline (seconds): fully on over [start, end], ramping over `ramp` either side. */
export interface LipHold {
  kind: 'bilabial' | 'labiodental';
  start: number;
  end: number;
  ramp: number;
}

/**
 * Where each hard lip constraint (p b m close the lips, f v tuck the lower
 * lip) is fully on: from the led onset (the lips lead the sound) to the
 * release, which leads by half as much. A short one is widened about its
 * centre so that, ramps included, it is a readable shape whatever its
 * neighbours (its half-depth width stays at or above MIN_SHAPE_MS): a 30
 * ms /p/ still closes, visibly, and the anti-flicker rule never has to
 * shorten a closure. Two holds with too short an opening between them
 * trim their facing edges, where they can spare the time, so the vowel
 * between keeps a readable opening.
 *
 * Returned in time order.
 *
 * @example
 * ```ts
 * lipHolds([{ start: 0.5, end: 0.53, constraint: 'bilabial' }]);
 * // [{ kind: 'bilabial', start: 0.4525, end: 0.5175, ramp: 0.03 }]: widened to 65 ms
 * ```
 */
export function lipHolds(segments: readonly LipConstrained[], options: LipHoldOptions = {}): LipHold[] {
  const lead = (options.lipLeadMs ?? 40) / 1000;
  const ramp = (options.constraintRampMs ?? 30) / 1000;
  const margin = 0.01; // covers sampling at 100 Hz
  // Closures are scored over [onset - 40 ms, release] (see ../design notes):
  // trimming must leave each hold overlapping that window.
  const scoredBefore = 0.04;
  // The closure's half-depth width is the hold plus between half a ramp
  // and a whole one (less where the mouth is barely open on one side, as
  // before a pause).
  const minHold = Math.max(0.02, MIN_SHAPE_MS / 1000 + margin - ramp / 2);
  const holds: { hold: LipHold; seg: LipConstrained }[] = [];
  for (const seg of segments) {
    if (!seg.constraint) continue;
    let start = seg.start - lead;
    let end = seg.end - lead * 0.5;
    if (end - start < minHold) {
      const mid = (start + end) / 2;
      start = mid - minHold / 2;
      end = mid + minHold / 2;
    }
    holds.push({ hold: { kind: seg.constraint, start, end, ramp }, seg });
  }
  // Between two holds the lips open for about the gap less one ramp. Where
  // that is too short to read but the holds are longer than they need be,
  // they give up time to the opening (never below minHold, and each still
  // overlapping its segment's closure window [onset - 40 ms, release]), so
  // that "mama" at a brisk pace keeps its vowel. Where they cannot, the
  // closures win and the anti-flicker rule lowers the opening instead.
  holds.sort((x, y) => x.hold.start - y.hold.start);
  const wanted = MIN_SHAPE_MS / 1000 + margin + ramp;
  for (let n = 0; n + 1 < holds.length; n++) {
    const a = holds[n];
    const b = holds[n + 1];
    const need = wanted - (b.hold.start - a.hold.end);
    if (!(need > 0) || b.hold.start < a.hold.end) continue;
    const spareA = Math.max(0, Math.min(a.hold.end - a.hold.start - minHold, a.hold.end - (a.seg.start - scoredBefore + margin)));
    const spareB = Math.max(0, Math.min(b.hold.end - b.hold.start - minHold, b.seg.end - margin - b.hold.start));
    if (spareA + spareB < need) continue;
    // The earlier closure's release gives first: it lags the onset's lead
    // by half a lead anyway, so the lips keep leading the sound.
    const fromA = Math.min(spareA, need);
    a.hold.end -= fromA;
    b.hold.start += need - fromA;
  }
  return holds.map((h) => h.hold);
}

/**
 * Frames (at `fps`) during which a closure (p, b, m) is fully on: 1 there,
 * 0 elsewhere. These are the samples the anti-flicker filter must not move:
 * closed lips are the one hard constraint that wins over the width rule. A
 * tuck (f, v) is not pinned; it is a wide enough shape by construction, and
 * where a closure next to it takes over, the closure should win.
 *
 * @example
 * ```ts
 * const pinned = holdFrames(lipHolds(targets), frames, 100);
 * ```
 */
export function holdFrames(holds: readonly LipHold[], frames: number, fps: number): Uint8Array {
  const out = new Uint8Array(frames);
  for (const h of holds) {
    if (h.kind !== 'bilabial') continue;
    for (let i = Math.max(0, Math.ceil(h.start * fps)); i <= Math.min(frames - 1, Math.floor(h.end * fps)); i++) out[i] = 1;
  }
  return out;
}
