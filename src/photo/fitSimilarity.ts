import { determinant, Matrix, SingularValueDecomposition } from 'ml-matrix';

/** A similarity transform `q = scale * R p + t` (R a proper rotation, row-major 3x3). */
export interface Similarity {
  /** Uniform scale. */
  scale: number;
  /** Rotation, row-major 3x3, determinant +1. */
  rotation: Float64Array;
  /** Translation. */
  translation: [number, number, number];
  /** Root-mean-square distance between the mapped source and the target points, in target units. */
  rms: number;
}

/**
 * Least-squares similarity from `src` to `dst` (Umeyama 1991): the scale,
 * rotation and translation that best map one point set onto the other.
 * The photo fit uses it to place the Mouthpiece head's face on a
 * portrait's 3D landmarks, which gives the head pose and the scale that
 * carry the head's blendshape deltas onto the photo.
 *
 * @param src - xyz per point.
 * @param dst - xyz per point, same count.
 * @param ids - the points to use (default all).
 */
export function fitSimilarity(src: ArrayLike<number>, dst: ArrayLike<number>, ids?: readonly number[]): Similarity {
  const use = ids ?? Array.from({ length: Math.floor(src.length / 3) }, (_, i) => i);
  const n = use.length;
  if (n < 3 || src.length !== dst.length) throw new RangeError('fitSimilarity: need at least 3 matching points');
  const ms = [0, 0, 0];
  const md = [0, 0, 0];
  for (const i of use) for (let k = 0; k < 3; k++) {
    ms[k] += src[i * 3 + k] / n;
    md[k] += dst[i * 3 + k] / n;
  }
  const cov = Matrix.zeros(3, 3);
  let varS = 0;
  for (const i of use) {
    for (let a = 0; a < 3; a++) {
      const s = src[i * 3 + a] - ms[a];
      varS += (s * s) / n;
      for (let b = 0; b < 3; b++) cov.set(b, a, cov.get(b, a) + ((dst[i * 3 + b] - md[b]) * s) / n);
    }
  }
  const svd = new SingularValueDecomposition(cov);
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const d = svd.diagonal;
  // Reflection guard: flip the smallest singular direction when det(U V^T) < 0.
  const sign = determinant(U.mmul(V.transpose())) < 0 ? -1 : 1;
  const S = Matrix.diag([1, 1, sign]);
  const R = U.mmul(S).mmul(V.transpose());
  const scale = varS > 0 ? (d[0] + d[1] + sign * d[2]) / varS : 1;
  const rotation = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) rotation[r * 3 + c] = R.get(r, c);
  const translation: [number, number, number] = [0, 0, 0];
  for (let r = 0; r < 3; r++) translation[r] = md[r] - scale * (rotation[r * 3] * ms[0] + rotation[r * 3 + 1] * ms[1] + rotation[r * 3 + 2] * ms[2]);
  let sq = 0;
  for (const i of use) {
    for (let r = 0; r < 3; r++) {
      const q = scale * (rotation[r * 3] * src[i * 3] + rotation[r * 3 + 1] * src[i * 3 + 1] + rotation[r * 3 + 2] * src[i * 3 + 2]) + translation[r];
      sq += (q - dst[i * 3 + r]) ** 2;
    }
  }
  return { scale, rotation, translation, rms: Math.sqrt(sq / n) };
}

/**
 * Yaw, pitch and roll (radians, Euler 'YXZ', the signs of the library's
 * `HeadRotation`) of a row-major rotation matrix.
 */
export function rotationToYawPitchRoll(m: ArrayLike<number>): { yaw: number; pitch: number; roll: number } {
  // R = Ry(yaw) Rx(pitch) Rz(roll); three.js Euler 'YXZ' decomposition. Our pitch is +X with chin down,
  // which is three's rotation about +X, so no sign change.
  const m23 = m[5];
  const pitch = Math.asin(Math.max(-1, Math.min(1, -m23)));
  let yaw: number;
  let roll: number;
  if (Math.abs(m23) < 0.9999999) {
    yaw = Math.atan2(m[2], m[8]);
    roll = Math.atan2(m[3], m[4]);
  } else {
    yaw = Math.atan2(-m[6], m[0]);
    roll = 0;
  }
  return { yaw, pitch, roll };
}
