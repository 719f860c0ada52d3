import { interpolateByX } from './interpolateByX.js';
import { cardCentroid, cardPoint, headVector, PartBuilder, type PhotoFit } from './PhotoFit.js';

/** Eyeball radius in metres: the iris moves by radius * sin(angle) across the eye opening. */
const EYEBALL_RADIUS = 0.012;
const RING = 8;

/** Distance from `o` along direction `d` to the polygon's boundary (Infinity when the ray misses). */
function rayToPolygon(o: readonly number[], d: readonly number[], poly: readonly (readonly number[])[]): number {
  let best = Infinity;
  for (let k = 0; k < poly.length; k++) {
    const a = poly[k];
    const b = poly[(k + 1) % poly.length];
    const ex = b[0] - a[0], ey = b[1] - a[1];
    const den = d[0] * ey - d[1] * ex;
    if (Math.abs(den) < 1e-12) continue;
    const t = ((a[0] - o[0]) * ey - (a[1] - o[1]) * ex) / den;
    const u = ((a[0] - o[0]) * d[1] - (a[1] - o[1]) * d[0]) / den;
    if (t > 0 && u >= 0 && u <= 1) best = Math.min(best, t);
  }
  return best;
}

/**
 * The eye opening of one eye as its own mesh, textured with the photo's eye:
 * the lid contour (at rest on the face's lid points; in motion, see below), the iris centre and a ring just
 * outside the iris. The iris and its ring carry the iris shift (gaze), so
 * the photo's own iris slides across the eye. Where a target raises the
 * upper lid, its lid motion is spread over the opening by height between
 * the lower and the upper lid (the eye opens wider); where it brings the
 * lid down (a blink), the opening's top stays with the lower lid and the
 * lid's own skin (the face's triangles above the opening) slides over it.
 */
export function buildEyePatch(fit: PhotoFit, face: PartBuilder, groups: { upper: readonly number[]; lower: readonly number[]; iris: readonly number[] }): PartBuilder {
  const part = new PartBuilder();
  const contourIds = [...new Set([...groups.lower, ...groups.upper])];
  const centre0 = cardCentroid(fit, contourIds);
  // Contour in angular order around its centroid (the groups' own order differs between the lids).
  contourIds.sort((a, b) => {
    const pa = cardPoint(fit, a), pb = cardPoint(fit, b);
    return Math.atan2(pa[1] - centre0[1], pa[0] - centre0[0]) - Math.atan2(pb[1] - centre0[1], pb[0] - centre0[0]);
  });
  const contour = contourIds.map((i) => cardPoint(fit, i));

  // Lid polylines by x (corners in both): the interior's deltas are interpolated between them.
  // The corners belong to both lids: the lower lid's leftmost and rightmost points (the groups list them once).
  const byX = [...groups.lower].sort((a, b) => fit.card[a * 3] - fit.card[b * 3]);
  const corners = [byX[0], byX[byX.length - 1]];
  const line = (ids: readonly number[]) => {
    const pts = [...new Set([...ids, ...corners])].map((i) => ({ i, p: cardPoint(fit, i) })).sort((a, b) => a.p[0] - b.p[0]);
    return { xs: pts.map((q) => q.p[0]), ys: pts.map((q) => [q.p[1], q.p[2]]), ids: pts.map((q) => q.i) };
  };
  const up = line(groups.upper);
  const lo = line(groups.lower);
  const lowerDelta = (x: number, t: number) => interpolateByX(lo.xs, lo.ids.map((i) => face.delta(t, i)), x);
  // Where a target brings the upper lid down towards the lower one (a blink, a squint, a downward look),
  // the lid's skin (the face's triangles above the opening, drawn in front of it) slides over the opening,
  // whose top edge stays with the lower lid; where it raises the lid, the opening stretches with it. So
  // the opening's top edge is never below the lid's and nothing behind shows. Folding the opening flat
  // instead crushed the eye's texture into a strip and, under a curved lid, turned its triangles over.
  const lowerSet = new Set(groups.lower);
  const topDelta = (t: number, i: number) => {
    const du = face.delta(t, i);
    if (lowerSet.has(i)) return du;
    const dl = lowerDelta(fit.card[i * 3], t);
    return du[1] < dl[1] ? dl : du;
  };
  for (const i of contourIds) part.add(cardPoint(fit, i), 1, (t) => topDelta(t, i));
  const inside = (p: readonly number[]) => {
    const yu = interpolateByX(up.xs, up.ys, p[0])[0];
    const yl = interpolateByX(lo.xs, lo.ys, p[0])[0];
    return p[0] > lo.xs[0] && p[0] < lo.xs[lo.xs.length - 1] && p[1] < yu && p[1] > yl;
  };
  const deltaAt = (p: readonly number[], t: number) => {
    const yu = interpolateByX(up.xs, up.ys, p[0]);
    const yl = interpolateByX(lo.xs, lo.ys, p[0]);
    const f = Math.max(0, Math.min(1, (p[1] - yl[0]) / (yu[0] - yl[0] || 1)));
    const du = interpolateByX(up.xs, up.ids.map((i) => topDelta(t, i)), p[0]);
    const dl = interpolateByX(lo.xs, lo.ids.map((i) => face.delta(t, i)), p[0]);
    return du.map((v, k) => f * v + (1 - f) * dl[k]);
  };

  // The iris: centre and radius from its five points; a centre outside the opening (a bad fit) falls back to the opening's centre.
  let c = cardPoint(fit, groups.iris[0]);
  const irisR = groups.iris.slice(1).reduce((s, i) => s + Math.hypot(fit.card[i * 3] - c[0], fit.card[i * 3 + 1] - c[1]), 0) / 4;
  if (!inside(c)) c = [centre0[0], centre0[1], c[2]];
  const z = contour.reduce((s, p) => s + p[2], 0) / contour.length;
  const centre = part.add([c[0], c[1], z], 1, (t) => deltaAt(c, t));
  const ring: number[] = [];
  const ringPts: number[][] = [];
  const room = { up: Infinity, down: Infinity, side: Infinity };
  for (let k = 0; k < RING; k++) {
    const a = (2 * Math.PI * k) / RING;
    const d = [Math.cos(a), Math.sin(a)];
    const toLid = rayToPolygon(c, d, contour);
    const r = Math.min(irisR * 1.15, 0.8 * (Number.isFinite(toLid) ? toLid : irisR));
    const p = [c[0] + d[0] * r, c[1] + d[1] * r, z];
    const gap = Number.isFinite(toLid) ? toLid - r : 0;
    // Room to move before the ring meets the lid, per direction (the iris shift is capped by it).
    if (d[1] > 0.5) room.up = Math.min(room.up, gap / d[1]);
    if (d[1] < -0.5) room.down = Math.min(room.down, gap / -d[1]);
    if (Math.abs(d[0]) > 0.5) room.side = Math.min(room.side, gap / Math.abs(d[0]));
    ringPts.push(p);
    ring.push(part.add(p, 1, (t) => deltaAt(p, t)));
  }
  for (let k = 0; k < RING; k++) part.idx.push(centre, ring[k], ring[(k + 1) % RING]);
  // Ring to contour: walk both loops by angle around the iris centre.
  const ang = (p: readonly number[]) => Math.atan2(p[1] - c[1], p[0] - c[0]);
  const cs = contour.map((p, j) => ({ v: j, a: ang(p) })).sort((x, y) => x.a - y.a);
  const rs = ringPts.map((p, j) => ({ v: ring[j], a: ang(p) })).sort((x, y) => x.a - y.a);
  let i = 0, j = 0;
  const a0 = Math.min(cs[0].a, rs[0].a);
  const unwrap = (a: number, n: number) => a + 2 * Math.PI * Math.floor(n);
  while (i < cs.length || j < rs.length) {
    const ci = cs[i % cs.length], cn = cs[(i + 1) % cs.length];
    const ri = rs[j % rs.length], rn = rs[(j + 1) % rs.length];
    const nextC = unwrap(cn.a, (i + 1) / cs.length) - a0;
    const nextR = unwrap(rn.a, (j + 1) / rs.length) - a0;
    if (j >= rs.length || (i < cs.length && nextC <= nextR)) {
      part.idx.push(ci.v, cn.v, ri.v);
      i++;
    } else {
      part.idx.push(ri.v, ci.v, rn.v);
      j++;
    }
  }
  // The iris shift, rigid for the centre and the ring: a head-space unit shift times the eyeball radius,
  // capped so the ring never crosses the lid at the largest gaze (sin 25°).
  const unitX = headVector(fit, EYEBALL_RADIUS, 0, 0);
  const unitY = headVector(fit, 0, EYEBALL_RADIUS, 0);
  const cap = (u: number[], limit: number) => {
    const len = Math.hypot(u[0], u[1]) * Math.sin((25 * Math.PI) / 180);
    const k = len > limit ? limit / len : 1;
    return u.map((v) => v * k);
  };
  const ix = cap(unitX, room.side);
  const iy = cap(unitY, Math.min(room.up, room.down));
  const irisX = new Float32Array(part.count * 3);
  const irisY = new Float32Array(part.count * 3);
  for (const v of [centre, ...ring]) {
    irisX.set(ix, v * 3);
    irisY.set(iy, v * 3);
  }
  part.iris = [irisX, irisY];
  return part;
}
