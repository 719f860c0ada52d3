import { imageArea } from './imageArea.js';

/** Options of {@link unfoldTargets}. */
export interface UnfoldTargetsOptions {
  /** Triangles whose area on the image is below this at rest are not judged (slivers fold without being seen). Default 0. */
  minArea?: number;
  /** Smoothing passes per target at most. Default 40. */
  iterations?: number;
  /** Targets to check (indices into `targets`). Default all. */
  only?: readonly number[];
  /** Vertices whose deltas are never changed (true = pinned), e.g. an outer border that must stay still. */
  pinned?: ArrayLike<boolean>;
}

/** Result of {@link unfoldTargets}. */
export interface UnfoldTargetsResult {
  /** Triangles folded at weight 1 before smoothing, summed over targets. */
  before: number;
  /** Triangles still folded after smoothing, summed over targets. */
  after: number;
}

/**
 * Smooths a mesh's target deltas where a target alone, at weight 1, turns a
 * triangle over as seen from the front (its winding on the image plane,
 * x and y, reverses). Only the vertices of folded triangles move: each
 * pass gives them the mean delta of themselves and their neighbours, until
 * nothing is folded or the passes run out. Triangles already turned away at
 * rest (slivers on the silhouette) are not judged.
 *
 * Why: the photo avatar carries the head's targets onto a portrait's own
 * landmarks, and where the portrait's mesh is thinner than the head's (a
 * narrow lip corner, a jaw line seen at an angle) a delta that is smooth on
 * the head can push one vertex past its neighbours' edge. Smoothing there
 * and only there keeps the target what the head authored everywhere else.
 *
 * @param positions - Rest positions, xyz per vertex (only x and y are used).
 * @param indices - Triangles, three vertex indices each.
 * @param targets - Per target, xyz deltas per vertex; changed in place.
 * @example
 * ```ts
 * const { before, after } = unfoldTargets(part.pos, part.idx, part.targets, { only: [BLENDSHAPE_INDEX.jawOpen] });
 * ```
 */
export function unfoldTargets(positions: ArrayLike<number>, indices: ArrayLike<number>, targets: number[][], options: UnfoldTargetsOptions = {}): UnfoldTargetsResult {
  const minArea = options.minArea ?? 0;
  const passes = options.iterations ?? 40;
  const n = Math.floor(positions.length / 3);
  const neighbours: Set<number>[] = Array.from({ length: n }, (_, v) => new Set([v]));
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const [a, b, c] = [indices[t], indices[t + 1], indices[t + 2]];
    for (const [u, v] of [[a, b], [b, c], [c, a]]) {
      neighbours[u].add(v);
      neighbours[v].add(u);
    }
  }
  const area = (d: number[] | null, a: number, b: number, c: number): number => imageArea(positions, a, b, c, d ?? undefined);
  // Judged triangles: those facing the camera at rest (the winding most of the area has) and not slivers.
  let total = 0;
  for (let t = 0; t + 2 < indices.length; t += 3) total += area(null, indices[t], indices[t + 1], indices[t + 2]);
  const facing = total >= 0 ? 1 : -1;
  const judged: number[] = [];
  for (let t = 0; t + 2 < indices.length; t += 3) if (facing * area(null, indices[t], indices[t + 1], indices[t + 2]) > minArea) judged.push(t);
  const folded = (d: number[]): number[] => judged.filter((t) => facing * area(d, indices[t], indices[t + 1], indices[t + 2]) < 0);
  let before = 0;
  let after = 0;
  for (const k of options.only ?? targets.map((_, i) => i)) {
    const d = targets[k];
    let bad = folded(d);
    before += bad.length;
    for (let pass = 0; pass < passes && bad.length; pass++) {
      const verts = new Set<number>();
      for (const t of bad) for (let j = 0; j < 3; j++) if (!options.pinned?.[indices[t + j]]) verts.add(indices[t + j]);
      // Jacobi: every moved vertex reads its neighbours' deltas from before this pass.
      const next = new Map<number, [number, number, number]>();
      for (const v of verts) {
        const m: [number, number, number] = [0, 0, 0];
        for (const u of neighbours[v]) for (let r = 0; r < 3; r++) m[r] += d[u * 3 + r] / neighbours[v].size;
        next.set(v, m);
      }
      for (const [v, m] of next) for (let r = 0; r < 3; r++) d[v * 3 + r] = m[r];
      bad = folded(d);
    }
    after += bad.length;
  }
  return { before, after };
}
