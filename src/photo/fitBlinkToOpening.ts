import { interpolateByX } from './interpolateByX.js';
import type { PartBuilder } from './PhotoFit.js';

/** The lid groups of one eye (ids into the face part's vertices). */
export interface EyeLids {
  /** The upper lid's edge (the eye opening's top contour). */
  upper: readonly number[];
  /** The lower lid's edge. */
  lower: readonly number[];
  /** Skin rings above the upper edge that a blink drags down with it. */
  upperRings: readonly number[];
}

/** What {@link fitBlinkToOpening} did to one target. */
export interface BlinkFit {
  /** The target (blendshape index). */
  target: number;
  /** How far the upper lid now travels against the head's travel (median over the lid's edge). */
  travelScale: number;
}

/** Bounds of the travel scale: a fit far outside them means a bad landmark fit, not an eye. */
const MIN_SCALE = 0;
const MAX_SCALE = 3;

/**
 * Makes each blink target close this portrait's eye at weight 1 as the
 * head's closes its own: every point of the upper lid's edge lands `gap`
 * above the lower lid's edge (where the same target puts it; the head's lid
 * stops 0.4 mm short), and the skin rings above follow by the median of the
 * edge's new travel over the head's.
 *
 * Why: the targets are the Mouthpiece head's, carried over by one scale for
 * the whole face, but eyes open by different amounts. Where a portrait's
 * eye is narrower than the head's, the carried blink drove the upper lid
 * past the lower one, turning the eye opening inside out (flipped triangles
 * at a full blink in 74 of the 100 shared portraits); where it is wider,
 * the eye never closed. Weight 1
 * means closed on the head, and now here too. Targets that do not move the
 * upper lid are left alone. Changes `part.targets` in place.
 *
 * @param part The face part, its targets as carried from the head.
 * @param eyes Each eye's lid groups.
 * @param targets The blink targets to fit (blendshape indices).
 * @param gap Height left between the lids at weight 1, in the part's units.
 * @returns One entry per fitted target and eye.
 * @example
 * ```ts
 * fitBlinkToOpening(face, [leftLids, rightLids], [BLENDSHAPE_INDEX.eyeBlinkLeft, BLENDSHAPE_INDEX.eyeBlinkRight], 0.0004 * scale);
 * ```
 */
export function fitBlinkToOpening(part: PartBuilder, eyes: readonly EyeLids[], targets: readonly number[], gap = 0): BlinkFit[] {
  const out: BlinkFit[] = [];
  const P = part.pos;
  for (const t of targets) {
    const d = part.targets[t];
    for (const eye of eyes) {
      const lowerSet = new Set(eye.lower);
      const edge = eye.upper.filter((v) => !lowerSet.has(v));
      // Only the eye this target closes: its upper edge must move down.
      const travel = edge.map((v) => -d[v * 3 + 1]);
      if (!travel.some((y) => y > 1e-9)) continue;
      // The lower lid as this target leaves it, by x (its corners included).
      const pts = [...lowerSet].map((v) => [P[v * 3] + d[v * 3], P[v * 3 + 1] + d[v * 3 + 1]]).sort((a, b) => a[0] - b[0]);
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => [p[1]]);
      const ratios: number[] = [];
      edge.forEach((v, j) => {
        const x = P[v * 3] + d[v * 3];
        const [y] = interpolateByX(xs, ys, x);
        const dy = y + gap - P[v * 3 + 1];
        if (travel[j] > 1e-9) ratios.push(-dy / travel[j]);
        d[v * 3 + 1] = dy;
      });
      ratios.sort((a, b) => a - b);
      const median = ratios.length ? ratios[Math.floor(ratios.length / 2)] : 1;
      const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, median));
      const edgeSet = new Set(edge);
      for (const v of new Set(eye.upperRings)) {
        if (edgeSet.has(v) || lowerSet.has(v)) continue;
        for (let r = 0; r < 3; r++) d[v * 3 + r] *= k;
      }
      out.push({ target: t, travelScale: k });
    }
  }
  return out;
}
