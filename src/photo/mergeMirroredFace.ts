import { faceTemplate } from './faceTemplate.js';
import { mirrorPointMap } from './mirrorPointMap.js';
import type { PhotoPixels } from './PhotoAvatar.js';
import { PORTRAIT_POINT_COUNT, type DetectedFace } from './PortraitLandmarks.js';
import { smoothstep } from './smoothstep.js';

/** Which run's eye {@link mergeMirroredFace} kept. */
export type MirrorEyeChoice = 'both' | 'original' | 'mirrored';

/** What {@link mergeMirroredFace} found when it compared the two runs. */
export interface MirrorCheck {
  /** Whether the two runs found the same face (when not, the photo's own run is kept as it is). */
  readonly sameFace: boolean;
  /** Median distance between the two runs' 468 mesh points, in pixels. */
  readonly medianDistance: number;
  /**
   * Per eye, the photo's left one (smaller x) first: how far apart the two
   * runs put the iris centre (in iris radii), and which run's eye was kept
   * ('both': averaged, because they agree or the photo cannot tell them apart).
   */
  readonly eyes: readonly { readonly disagreement: number; readonly kept: MirrorEyeChoice }[];
}

/**
 * Iris centres further apart than this (in iris radii) are a disagreement
 * worth settling; closer, the two runs are simply averaged. On the 85
 * usable shared portraits the median eye disagrees by 0.45 radii, the
 * 90th percentile by 1.4.
 */
export const MIRROR_IRIS_DISAGREEMENT = 0.5;
/**
 * How much darker (grey levels, 0-255) one run's iris disc must be than the
 * other's for that run to be believed; below it the runs are averaged.
 * Where one run puts the iris on the white of the eye (the failure this
 * check exists for), the gap was 40-100 levels on the shared portraits.
 */
export const MIRROR_IRIS_DARKER = 20;
/** Two runs whose points lie further apart than this share of the eye distance (median) found different faces. */
const SAME_FACE = 0.2;
/** The eye region (in eye widths from its centre): a kept run's points count fully within the first, not at all past the second. */
const REGION: readonly [number, number] = [0.6, 1.2];
/**
 * Where the mirrored run's pixel x lands in the photo: x = width - OFFSET - x'.
 * Measured on the 85 shared portraits, the two runs' 468 points agree best
 * (mean difference 0.08 px) with the half pixel.
 */
const OFFSET = 0.5;

/**
 * Merges the landmark model's face found on the photo with the one found on
 * its mirror image (see `mirrorPixels`), read back through
 * {@link mirrorPointMap}: the photo's landmarks with less of the model's bias.
 *
 * Why: the model sometimes puts an eye (outline and iris together) on the
 * wrong place when the iris sits near a corner (a sideways look): the iris
 * points land on the white of the eye and the outline's corner on the iris,
 * so a blink shuts only part of the eye and leaves the iris showing. On
 * the mirrored photo the same eye is a different picture to the model, and
 * one of the two runs usually has it right. The photo tells which: the
 * iris is darker than the white. Per eye, where the runs' iris centres are
 * more than {@link MIRROR_IRIS_DISAGREEMENT} radii apart and one run's iris
 * disc is at least {@link MIRROR_IRIS_DARKER} grey levels darker, that run's
 * points are kept around the eye (the whole eye region, fading over a
 * further 0.6 eye widths so the mesh stays smooth); everywhere else the two
 * runs are averaged, which also halves the model's own left-right bias.
 *
 * @param original - The largest face found on the photo.
 * @param mirrored - The largest face found on the mirrored photo (its own pixel coordinates).
 * @param pixels - The photo (RGB or RGBA bytes), for the iris darkness and the mirror's width.
 * @returns The merged face (the photo's mesh confidence kept), with what was found.
 */
export function mergeMirroredFace(original: DetectedFace, mirrored: DetectedFace, pixels: PhotoPixels): DetectedFace & { mirrorCheck: MirrorCheck } {
  const map = mirrorPointMap();
  const n = PORTRAIT_POINT_COUNT;
  const a = new Float64Array(n * 3);
  const b = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const p = original.mesh[i];
    const q = mirrored.mesh[map[i]];
    a[i * 3] = Number(p[0]);
    a[i * 3 + 1] = Number(p[1]);
    a[i * 3 + 2] = Number(p[2]);
    b[i * 3] = pixels.width - OFFSET - Number(q[0]);
    b[i * 3 + 1] = Number(q[1]);
    b[i * 3 + 2] = Number(q[2]);
  }
  const dist = (i: number) => Math.hypot(a[i * 3] - b[i * 3], a[i * 3 + 1] - b[i * 3 + 1]);
  const d = Array.from({ length: 468 }, (_, i) => dist(i)).sort((x, y) => x - y);
  const medianDistance = d[234];
  const eyeDistance = Math.hypot(a[33 * 3] - a[263 * 3], a[33 * 3 + 1] - a[263 * 3 + 1]);
  const keep = (mesh: Float64Array, check: MirrorCheck) => ({
    mesh: Array.from({ length: n }, (_, i) => [mesh[i * 3], mesh[i * 3 + 1], mesh[i * 3 + 2]]),
    ...(original.faceScore !== undefined ? { faceScore: original.faceScore } : {}),
    mirrorCheck: check,
  });
  if (!(medianDistance <= SAME_FACE * eyeDistance)) return keep(a, { sameFace: false, medianDistance, eyes: [] });

  const lum = luminance(pixels);
  const G = faceTemplate().groups;
  const centroid = (m: Float64Array, ids: readonly number[]) => [0, 1].map((k) => ids.reduce((s, i) => s + m[i * 3 + k], 0) / ids.length);
  const eyes = [
    { contour: [...G.leftEyeUpper0, ...G.leftEyeLower0], corners: [263, 362] },
    { contour: [...G.rightEyeUpper0, ...G.rightEyeLower0], corners: [33, 133] },
  ].map((e) => ({ ...e, ca: centroid(a, e.contour), cb: centroid(b, e.contour) }));
  const regions = [468, 473].map((iris) => {
    // The iris belongs to the outline nearest it (the model's own naming of the eyes is not relied on).
    const ca = [a[iris * 3], a[iris * 3 + 1]];
    const cb = [b[iris * 3], b[iris * 3 + 1]];
    const eye = eyes.reduce((best, e) => (Math.hypot(...sub(e.ca, ca)) < Math.hypot(...sub(best.ca, ca)) ? e : best));
    const radius = (m: Float64Array) => [1, 2, 3, 4].reduce((s, k) => s + Math.hypot(m[(iris + k) * 3] - m[iris * 3], m[(iris + k) * 3 + 1] - m[iris * 3 + 1]), 0) / 4;
    const r = Math.max(0.5, (radius(a) + radius(b)) / 2);
    const disagreement = Math.hypot(...sub(ca, cb)) / r;
    let kept: MirrorEyeChoice = 'both';
    if (disagreement > MIRROR_IRIS_DISAGREEMENT) {
      const da = discMean(lum, pixels.width, pixels.height, ca, 0.6 * r);
      const db = discMean(lum, pixels.width, pixels.height, cb, 0.6 * r);
      if (da < db - MIRROR_IRIS_DARKER) kept = 'original';
      else if (db < da - MIRROR_IRIS_DARKER) kept = 'mirrored';
    }
    const ctr = [(eye.ca[0] + eye.cb[0]) / 2, (eye.ca[1] + eye.cb[1]) / 2];
    const [c0, c1] = eye.corners;
    const width = (Math.hypot(a[c0 * 3] - a[c1 * 3], a[c0 * 3 + 1] - a[c1 * 3 + 1]) + Math.hypot(b[c0 * 3] - b[c1 * 3], b[c0 * 3 + 1] - b[c1 * 3 + 1])) / 2;
    return { disagreement, kept, ctr, width: Math.max(1, width), w: kept === 'original' ? 1 : kept === 'mirrored' ? 0 : 0.5 };
  });

  // Weight of the photo's own run per point: a partition of unity between each eye's choice and the average.
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const p = [(a[i * 3] + b[i * 3]) / 2, (a[i * 3 + 1] + b[i * 3 + 1]) / 2];
    let sum = 0;
    let acc = 0;
    for (const e of regions) {
      const f = 1 - smoothstep(REGION[0], REGION[1], Math.hypot(...sub(p, e.ctr)) / e.width);
      sum += f;
      acc += f * e.w;
    }
    const w = sum >= 1 ? acc / sum : acc + (1 - sum) * 0.5;
    for (let k = 0; k < 3; k++) out[i * 3 + k] = w * a[i * 3 + k] + (1 - w) * b[i * 3 + k];
  }
  regions.sort((x, y) => x.ctr[0] - y.ctr[0]);
  return keep(out, { sameFace: true, medianDistance, eyes: regions.map(({ disagreement, kept }) => ({ disagreement, kept })) });
}

/**
 * The two runs' faces merged into the photo's list: the largest face of
 * each (by eye-corner distance) goes through {@link mergeMirroredFace}; the
 * photo's other faces are kept as they are. Without a mirrored face the
 * photo's list is returned unchanged.
 */
export function withMirroredRun(faces: readonly DetectedFace[], mirroredFaces: readonly DetectedFace[] | undefined, pixels: PhotoPixels): readonly DetectedFace[] {
  const full = (f: DetectedFace) => f.mesh?.length === PORTRAIT_POINT_COUNT;
  const eye = (f: DetectedFace) => Math.hypot(f.mesh[33][0] - f.mesh[263][0], f.mesh[33][1] - f.mesh[263][1]);
  const largest = (list: readonly DetectedFace[]) => list.filter(full).reduce<DetectedFace | null>((x, y) => (!x || eye(y) > eye(x) ? y : x), null);
  const a = largest(faces);
  const b = mirroredFaces ? largest(mirroredFaces) : null;
  if (!a || !b) return faces;
  return faces.map((f) => (f === a ? mergeMirroredFace(a, b, pixels) : f));
}

function sub(p: readonly number[], q: readonly number[]): [number, number] {
  return [p[0] - q[0], p[1] - q[1]];
}

/** Rec. 601 luma per pixel (RGB or RGBA bytes). */
function luminance(pixels: PhotoPixels): Float32Array {
  const { data, width, height } = pixels;
  const ch = data.length / (width * height);
  const out = new Float32Array(width * height);
  for (let k = 0; k < out.length; k++) out[k] = 0.299 * data[k * ch] + 0.587 * data[k * ch + 1] + 0.114 * data[k * ch + 2];
  return out;
}

/** Mean of `lum` over the pixels within `r` of `c` (at least the nearest pixel); Infinity when the disc lies outside the photo. */
function discMean(lum: Float32Array, width: number, height: number, c: readonly number[], r: number): number {
  let s = 0;
  let count = 0;
  const R = Math.max(0.5, r);
  for (let y = Math.ceil(c[1] - R); y <= Math.floor(c[1] + R); y++) {
    for (let x = Math.ceil(c[0] - R); x <= Math.floor(c[0] + R); x++) {
      if (x < 0 || y < 0 || x >= width || y >= height || (x - c[0]) ** 2 + (y - c[1]) ** 2 > R * R) continue;
      s += lum[y * width + x];
      count++;
    }
  }
  if (count === 0) {
    const x = Math.round(c[0]);
    const y = Math.round(c[1]);
    return x >= 0 && y >= 0 && x < width && y < height ? lum[y * width + x] : Infinity;
  }
  return s / count;
}
