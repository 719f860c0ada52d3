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
   * `indices`, a multiple of 3) from one camera (`camera`: 0 for `eye`,
   * then `eyes` in order; 0 for the orthographic view), e.g. those that the
   * source of the targets itself turns away from that camera: a fold there
   * was authored.
   */
  exempt?: (target: number, t: number, camera: number) => boolean;
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
  /**
   * More cameras, each a perspective eye like `eye`: a triangle is judged
   * from every camera it faces at rest and folds when it turns away from
   * any of them. Why: a head turned in front of a fixed camera is the same
   * head seen from a camera moved the other way about its pivot, so a fold
   * that only a turn would show is caught here.
   */
  eyes?: readonly (readonly [number, number, number])[];
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
 * The rest mesh (`positions`, `indices`) is read as fixed: which way each
 * camera sees it is remembered per pair of arrays, so pass fresh arrays
 * rather than changing these in place between calls.
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
  const cameras = camerasOf(positions, indices, options);
  const checked = options.only ?? targets.map((_, i) => i);
  // Judged: from each camera the triangle faces at rest (slivers the landmarks put inside out, or seen edge-on, are
  // not). Only triangles some checked target moves can fold, and callers often check a target or two of a large mesh.
  const facingAtRest = new Map<number, number[]>();
  for (let t = 0; t + 2 < indices.length; t += 3) {
    if (!checked.some((k) => movesAny(targets[k], indices, t))) continue;
    const g = geometry(positions, null, 0, indices[t], indices[t + 1], indices[t + 2]);
    const facing = cameras.flatMap((c, i) => (c.seen(g) > minArea ? [i] : []));
    if (facing.length) facingAtRest.set(t, facing);
  }
  let before = 0;
  let after = 0;
  let shortened = 0;
  for (const k of checked) {
    const d = targets[k];
    // Per triangle, the cameras it is judged from for this target; only a triangle with a moving corner can fold.
    const viewOfTriangle = new Map<number, View>();
    for (const [t, facing] of facingAtRest) {
      if (!movesAny(d, indices, t)) continue;
      const judgedFrom = facing.filter((i) => !options.exempt?.(k, t, i));
      if (judgedFrom.length) viewOfTriangle.set(t, allOf(judgedFrom.map((i) => cameras[i].view)));
    }
    const foldedAt = (t: number): number | null => {
      const view = viewOfTriangle.get(t)!;
      for (const w of weights) if (!upright(positions, d, w, indices, t, view)) return w;
      return null;
    };
    const mine = [...viewOfTriangle.keys()];
    let left = mine.filter((t) => foldedAt(t) !== null).length;
    before += left;
    for (let sweep = 0; sweep < sweeps && left; sweep++) {
      left = 0;
      for (const t of mine) {
        const w = foldedAt(t);
        if (w === null) continue;
        left++;
        for (const fix of bestShortening(positions, d, w, indices, t, viewOfTriangle.get(t)!, options.pinned)) {
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
 * The triangles (offsets in `indices`) that face a camera at rest and that
 * `deltas` at some checked weight turns away from it (from any of the
 * cameras, `eye` and `eyes`): the test {@link shortenFoldingSteps} judges
 * by, as a query (to learn, say, which folds the source of a target
 * authored; ask one camera at a time to learn it per camera). Reads the
 * rest mesh as fixed, as {@link shortenFoldingSteps} does.
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
  options: Pick<ShortenFoldingStepsOptions, 'eye' | 'eyes' | 'weights'> = {},
): Set<number> {
  const weights = options.weights ?? [0.25, 0.5, 0.75, 1];
  const cameras = camerasOf(positions, indices, options);
  const out = new Set<number>();
  for (let t = 0; t + 2 < indices.length; t += 3) {
    if (!movesAny(deltas, indices, t)) continue;
    const g = geometry(positions, null, 0, indices[t], indices[t + 1], indices[t + 2]);
    // Read the rest facing of every camera before upright() reuses the scratch triangle.
    const facing = cameras.filter((c) => c.view(g) > 0);
    if (facing.some((c) => weights.some((w) => !upright(positions, deltas, w, indices, t, c.view)))) out.add(t);
  }
  return out;
}

/** How much a triangle faces a camera (positive: facing), see viewOf. */
type View = (g: Geometry) => number;

/** One camera: its facing test and the area it sees of a triangle (the positions' units squared). */
interface Camera {
  view: View;
  seen: (g: Geometry) => number;
}

/**
 * Cameras already made for a rest mesh (positions and indices arrays, which
 * callers do not change between calls: one mesh is asked about for many
 * targets), by eye. Why: each camera's facing sign is a pass over the
 * whole mesh.
 */
const CAMERAS = new WeakMap<object, WeakMap<object, Map<string, Camera>>>();

/** The cameras of the options: `eye` and `eyes`, or one orthographic view along -z when neither is given. */
function camerasOf(positions: ArrayLike<number>, indices: ArrayLike<number>, options: Pick<ShortenFoldingStepsOptions, 'eye' | 'eyes'>): Camera[] {
  const eyes = [...(options.eye ? [options.eye] : []), ...(options.eyes ?? [])];
  let byIndices = CAMERAS.get(positions);
  if (!byIndices) CAMERAS.set(positions, (byIndices = new WeakMap()));
  let byEye = byIndices.get(indices);
  if (!byEye) byIndices.set(indices, (byEye = new Map()));
  const cache = byEye;
  const make = (eye: readonly number[] | undefined): Camera => {
    const key = eye ? eye.join(',') : 'orthographic';
    let c = cache.get(key);
    if (!c) {
      const view = viewOf(positions, indices, eye);
      // view() is twice the seen area times the distance to the eye.
      c = eye ? { view, seen: (g) => view(g) / (2 * Math.hypot(eye[0] - g.corner[0], eye[1] - g.corner[1], eye[2] - g.corner[2])) } : { view, seen: (g) => view(g) / 2 };
      cache.set(key, c);
    }
    return c;
  };
  return eyes.length ? eyes.map(make) : [make(undefined)];
}

/** Facing all of several cameras: the least of their facings (only its sign is read). */
function allOf(views: View[]): View {
  if (views.length === 1) return views[0];
  return (g) => {
    let m = Infinity;
    for (const v of views) m = Math.min(m, v(g));
    return m;
  };
}

/** A triangle's corner and (unnormalised, twice-area) normal. */
interface Geometry {
  corner: [number, number, number];
  normal: [number, number, number];
}

/**
 * Triangle (a, b, c) moved by w times the deltas, written into one shared
 * scratch object: every caller reads it at once and lets it go (this runs
 * millions of times per portrait, and allocating each answer made a tenth
 * of the time garbage collection).
 */
function geometry(P: ArrayLike<number>, d: ArrayLike<number> | null, w: number, a: number, b: number, c: number): Geometry {
  const g = SCRATCH;
  const k = d ? w : 0;
  const ax = P[a * 3] + (d ? k * d[a * 3] : 0), ay = P[a * 3 + 1] + (d ? k * d[a * 3 + 1] : 0), az = P[a * 3 + 2] + (d ? k * d[a * 3 + 2] : 0);
  const ux = P[b * 3] + (d ? k * d[b * 3] : 0) - ax, uy = P[b * 3 + 1] + (d ? k * d[b * 3 + 1] : 0) - ay, uz = P[b * 3 + 2] + (d ? k * d[b * 3 + 2] : 0) - az;
  const sx = P[c * 3] + (d ? k * d[c * 3] : 0) - ax, sy = P[c * 3 + 1] + (d ? k * d[c * 3 + 1] : 0) - ay, sz = P[c * 3 + 2] + (d ? k * d[c * 3 + 2] : 0) - az;
  g.corner[0] = ax;
  g.corner[1] = ay;
  g.corner[2] = az;
  g.normal[0] = uy * sz - uz * sy;
  g.normal[1] = uz * sx - ux * sz;
  g.normal[2] = ux * sy - uy * sx;
  return g;
}

const SCRATCH: Geometry = { corner: [0, 0, 0], normal: [0, 0, 0] };

/**
 * How much a triangle faces the camera (positive: facing), signed so that
 * most of the rest mesh's area faces it: the normal's z for an orthographic
 * view, or the normal against the direction to the eye for a perspective one.
 */
function viewOf(P: ArrayLike<number>, indices: ArrayLike<number>, eye: readonly number[] | undefined): View {
  const raw = (g: Geometry) =>
    eye ? g.normal[0] * (eye[0] - g.corner[0]) + g.normal[1] * (eye[1] - g.corner[1]) + g.normal[2] * (eye[2] - g.corner[2]) : g.normal[2];
  let total = 0;
  for (let t = 0; t + 2 < indices.length; t += 3) total += raw(geometry(P, null, 0, indices[t], indices[t + 1], indices[t + 2]));
  const sign = total >= 0 ? 1 : -1;
  return (g) => sign * raw(g);
}

/** Whether the triangle at offset t, moved by w times the deltas, still faces the camera. */
function upright(P: ArrayLike<number>, d: ArrayLike<number>, w: number, indices: ArrayLike<number>, t: number, view: View): boolean {
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
  view: View,
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
  view: View,
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
