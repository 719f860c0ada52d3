/** Options of {@link shortenFoldingSteps}. */
export interface ShortenFoldingStepsOptions {
  /** Triangles whose area as the camera sees it at rest (the positions' units squared) is at or below this are not judged. Default 0. */
  minArea?: number;
  /** Targets to check (indices into `targets`). Default all. */
  only?: readonly number[];
  /** Vertices whose deltas are never changed (true = pinned). */
  pinned?: ArrayLike<boolean>;
  /**
   * Triangles not judged for one target (`t`: the triangle's offset in
   * `indices`, a multiple of 3), e.g. those that the source of the targets
   * itself turns away from the camera: a fold there was authored.
   */
  exempt?: (target: number, t: number) => boolean;
  /** Weights at which a target is checked (a fold can open and close again along the way). Default 0.25, 0.5, 0.75, 1. */
  weights?: readonly number[];
  /** Sweeps over a target at most. Default 50. */
  sweeps?: number;
  /**
   * Where the camera is, in the positions' space, for a perspective view:
   * a triangle then faces the camera when its normal points towards the
   * camera from its corner. Default: an orthographic view along -z (the
   * facing is the sign of the x-y winding).
   */
  eye?: readonly [number, number, number];
}

/** Result of {@link shortenFoldingSteps}. */
export interface ShortenFoldingStepsResult {
  /** Triangles folded at some checked weight before, summed over targets. */
  before: number;
  /** Triangles still folded after, summed over targets (0 unless the sweeps ran out). */
  after: number;
  /** Vertex steps shortened, summed over targets. */
  shortened: number;
}

const MARGIN = 0.98; // shorten a little past the found limit, so float error cannot leave a fold at zero area

/**
 * Makes a mesh's targets fold no triangle, by shortening the steps that
 * cross: where a target at a checked weight turns a triangle that faced
 * the camera at rest away from it (its winding as the camera sees it
 * reverses), the one vertex of that triangle whose delta needs the least
 * shortening to keep the triangle the right way round has its delta scaled
 * down to that; sweeps repeat until nothing is folded. The facing is judged
 * as the camera sees it (`eye` for a perspective camera).
 *
 * Why: the photo avatar carries the head's targets onto a portrait's own
 * landmarks. Where the portrait's mesh is thinner than the head's (the
 * slivers at a closed mouth's corners), a step that is right on the head
 * carries a vertex past its neighbours' edge. Smoothing the region
 * ({@link unfoldTargets}) removes most such folds but, grown far enough to
 * remove them all, rewrites half the authored motion; shortening only the
 * crossing step changes the least motion that leaves no fold. Only
 * shortens, never lengthens or turns, so the motion keeps its direction
 * and a fold-free target stays as it was.
 *
 * @param positions - Rest positions, xyz per vertex.
 * @param indices - Triangles, three vertex indices each.
 * @param targets - Per target, xyz deltas per vertex; changed in place.
 * @example
 * ```ts
 * const { after } = shortenFoldingSteps(face.pos, face.idx, face.targets, { only: [BLENDSHAPE_INDEX.jawOpen] });
 * ```
 */
export function shortenFoldingSteps(
  positions: ArrayLike<number>,
  indices: ArrayLike<number>,
  targets: number[][],
  options: ShortenFoldingStepsOptions = {},
): ShortenFoldingStepsResult {
  const minArea = options.minArea ?? 0;
  const weights = options.weights ?? [0.25, 0.5, 0.75, 1];
  const sweeps = options.sweeps ?? 50;
  const view = viewOf(positions, indices, options.eye);
  const eye = options.eye;
  // The area the camera sees, in the positions' units squared (view() is twice it times the distance to the eye).
  const seen = (g: Geometry) => view(g) / (2 * (eye ? Math.hypot(eye[0] - g.corner[0], eye[1] - g.corner[1], eye[2] - g.corner[2]) : 1));
  const judged: number[] = [];
  for (let t = 0; t + 2 < indices.length; t += 3) {
    // Judged: facing the camera at rest (slivers the landmarks put inside out, or seen edge-on, are not).
    if (seen(geometry(positions, null, 0, indices[t], indices[t + 1], indices[t + 2])) > minArea) judged.push(t);
  }
  let before = 0;
  let after = 0;
  let shortened = 0;
  for (const k of options.only ?? targets.map((_, i) => i)) {
    const d = targets[k];
    const foldedAt = (t: number): number | null => {
      for (const w of weights) if (!upright(positions, d, w, indices, t, view)) return w;
      return null;
    };
    // Only a triangle with a moving corner can fold (most targets move one region).
    const mine = judged.filter((t) => movesAny(d, indices, t) && !options.exempt?.(k, t));
    let left = mine.filter((t) => foldedAt(t) !== null).length;
    before += left;
    for (let sweep = 0; sweep < sweeps && left; sweep++) {
      left = 0;
      for (const t of mine) {
        const w = foldedAt(t);
        if (w === null) continue;
        left++;
        for (const fix of bestShortening(positions, d, w, indices, t, view, options.pinned)) {
          for (let r = 0; r < 3; r++) d[fix.v * 3 + r] *= fix.scale;
          shortened++;
        }
      }
    }
    after += mine.filter((t) => foldedAt(t) !== null).length;
  }
  return { before, after, shortened };
}

/**
 * The triangles (offsets in `indices`) that face the camera at rest and
 * that `deltas` at some checked weight turns away from it: the test
 * {@link shortenFoldingSteps} judges by, as a query (to learn, say, which
 * folds the source of a target authored).
 *
 * @example
 * ```ts
 * const authored = foldingTriangles(headPos, face.idx, headJaw, { eye: [0, 0, D] });
 * ```
 */
export function foldingTriangles(
  positions: ArrayLike<number>,
  indices: ArrayLike<number>,
  deltas: ArrayLike<number>,
  options: Pick<ShortenFoldingStepsOptions, 'eye' | 'weights'> = {},
): Set<number> {
  const weights = options.weights ?? [0.25, 0.5, 0.75, 1];
  const view = viewOf(positions, indices, options.eye);
  const out = new Set<number>();
  for (let t = 0; t + 2 < indices.length; t += 3) {
    if (!movesAny(deltas, indices, t)) continue;
    if (!(view(geometry(positions, null, 0, indices[t], indices[t + 1], indices[t + 2])) > 0)) continue;
    if (weights.some((w) => !upright(positions, deltas, w, indices, t, view))) out.add(t);
  }
  return out;
}

/** A triangle's corner and (unnormalised, twice-area) normal. */
interface Geometry {
  corner: [number, number, number];
  normal: [number, number, number];
}

/** Triangle (a, b, c) moved by w times the deltas. */
function geometry(P: ArrayLike<number>, d: ArrayLike<number> | null, w: number, a: number, b: number, c: number): Geometry {
  const p = (v: number, r: number) => P[v * 3 + r] + (d ? w * d[v * 3 + r] : 0);
  const u = [p(b, 0) - p(a, 0), p(b, 1) - p(a, 1), p(b, 2) - p(a, 2)];
  const s = [p(c, 0) - p(a, 0), p(c, 1) - p(a, 1), p(c, 2) - p(a, 2)];
  return {
    corner: [p(a, 0), p(a, 1), p(a, 2)],
    normal: [u[1] * s[2] - u[2] * s[1], u[2] * s[0] - u[0] * s[2], u[0] * s[1] - u[1] * s[0]],
  };
}

/**
 * How much a triangle faces the camera (positive: facing), signed so that
 * most of the rest mesh's area faces it: the normal's z for an orthographic
 * view, or the normal against the direction to the eye for a perspective one.
 */
function viewOf(P: ArrayLike<number>, indices: ArrayLike<number>, eye: readonly number[] | undefined): (g: Geometry) => number {
  const raw = (g: Geometry) => (eye ? dot(g.normal, [eye[0] - g.corner[0], eye[1] - g.corner[1], eye[2] - g.corner[2]]) : g.normal[2]);
  let total = 0;
  for (let t = 0; t + 2 < indices.length; t += 3) total += raw(geometry(P, null, 0, indices[t], indices[t + 1], indices[t + 2]));
  const sign = total >= 0 ? 1 : -1;
  return (g) => sign * raw(g);
}

/** Whether the triangle at offset t, moved by w times the deltas, still faces the camera. */
function upright(P: ArrayLike<number>, d: ArrayLike<number>, w: number, indices: ArrayLike<number>, t: number, view: (g: Geometry) => number): boolean {
  const g = geometry(P, d, w, indices[t], indices[t + 1], indices[t + 2]);
  return view(g) > 0;
}

/** Whether a corner of the triangle at offset t moves. */
function movesAny(d: ArrayLike<number>, indices: ArrayLike<number>, t: number): boolean {
  for (let q = 0; q < 3; q++) {
    const v = indices[t + q] * 3;
    if (d[v] !== 0 || d[v + 1] !== 0 || d[v + 2] !== 0) return true;
  }
  return false;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/**
 * The vertex of the triangle at offset t whose delta, scaled by `scale` in [0, 1), puts
 * the triangle upright at weight w with the least shortening (the length of
 * delta lost), or, when no single vertex can, its movable vertices together
 * (at scale 0 the triangle is at rest, and upright).
 */
function bestShortening(
  P: ArrayLike<number>,
  d: number[],
  w: number,
  indices: ArrayLike<number>,
  t: number,
  view: (g: Geometry) => number,
  pinned: ArrayLike<boolean> | undefined,
): { v: number; scale: number }[] {
  const movable = [0, 1, 2].map((q) => indices[t + q]).filter((v) => !pinned?.[v]);
  let best: { v: number; scale: number; lost: number } | null = null;
  for (const v of movable) {
    const len = Math.hypot(d[v * 3], d[v * 3 + 1], d[v * 3 + 2]);
    if (!(len > 0)) continue;
    const scale = largestUprightScale(P, d, w, indices, t, view, [v]);
    if (scale < 0) continue;
    const lost = (1 - scale) * len;
    if (!best || lost < best.lost) best = { v, scale, lost };
  }
  if (best) return [{ v: best.v, scale: best.scale }];
  const together = Math.max(0, largestUprightScale(P, d, w, indices, t, view, movable));
  return movable.map((v) => ({ v, scale: together }));
}

/**
 * The largest s in [0, 1) such that the triangle at offset t, with the
 * deltas of `verts` scaled by s, is upright at weight w (found by bisection:
 * the perspective test is not linear in s, then shortened by MARGIN); -1
 * when it is not upright even at s = 0. Leaves `d` as it found it.
 */
function largestUprightScale(
  P: ArrayLike<number>,
  d: number[],
  w: number,
  indices: ArrayLike<number>,
  t: number,
  view: (g: Geometry) => number,
  verts: readonly number[],
): number {
  const saved = verts.map((v) => [d[v * 3], d[v * 3 + 1], d[v * 3 + 2]]);
  const uprightAt = (s: number) => {
    verts.forEach((v, q) => {
      for (let r = 0; r < 3; r++) d[v * 3 + r] = s * saved[q][r];
    });
    return upright(P, d, w, indices, t, view);
  };
  let scale = -1;
  if (uprightAt(0)) {
    let lo = 0;
    let hi = 1;
    for (let it = 0; it < 30; it++) {
      const mid = (lo + hi) / 2;
      if (uprightAt(mid)) lo = mid;
      else hi = mid;
    }
    scale = lo * MARGIN;
    if (!uprightAt(scale)) scale = -1;
  }
  verts.forEach((v, q) => {
    for (let r = 0; r < 3; r++) d[v * 3 + r] = saved[q][r];
  });
  return scale;
}
