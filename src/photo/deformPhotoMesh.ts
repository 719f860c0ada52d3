import type { HeadRotation } from '../api/Frame.js';
import type { PhotoMesh, PhotoMeshPart } from './PhotoMesh.js';

/** Row-major 3x3 of a head rotation (Euler 'YXZ': yaw, then pitch, then roll). */
export function headRotationMatrix(r: HeadRotation, out = new Float64Array(9)): Float64Array {
  const cy = Math.cos(r.yaw), sy = Math.sin(r.yaw);
  const cp = Math.cos(r.pitch), sp = Math.sin(r.pitch);
  const cr = Math.cos(r.roll), sr = Math.sin(r.roll);
  // Ry * Rx * Rz
  out[0] = cy * cr + sy * sp * sr;
  out[1] = -cy * sr + sy * sp * cr;
  out[2] = sy * cp;
  out[3] = cp * sr;
  out[4] = cp * cr;
  out[5] = -sp;
  out[6] = -sy * cr + cy * sp * sr;
  out[7] = sy * sr + cy * sp * cr;
  out[8] = cy * cp;
  return out;
}

const scratchF = new Float64Array(9);
const scratchT = new Float64Array(9);

/**
 * The frame's head rotation as seen on the card: the portrait's rest
 * rotation R0 composed as R0 * Rf * R0^T, so "yaw" turns the head about its
 * own vertical axis even when the photo shows it tilted.
 */
export function cardHeadRotation(mesh: Pick<PhotoMesh, 'rotation'>, r: HeadRotation, out = new Float64Array(9)): Float64Array {
  // Module scratch: the avatar calls this once per rendered frame, which must not allocate.
  const f = headRotationMatrix(r, scratchF);
  const R = mesh.rotation;
  const tmp = scratchT;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) tmp[i * 3 + j] = R[i * 3] * f[j] + R[i * 3 + 1] * f[3 + j] + R[i * 3 + 2] * f[6 + j];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[i * 3 + j] = tmp[i * 3] * R[j * 3] + tmp[i * 3 + 1] * R[j * 3 + 1] + tmp[i * 3 + 2] * R[j * 3 + 2];
  return out;
}

/**
 * A part's vertex positions for given weights and head rotation, on the
 * CPU, exactly as the avatar's shader computes them (morph targets, then
 * each vertex follows the head's rotation about the head's pivot by its
 * rigidity). For measurement, tests and the avatar's per-frame fold check
 * (FoldGuard); the avatar draws with the GPU.
 *
 * @param weights - 52 ARKit weights.
 * @param iris - Eye patches: sin of the iris's horizontal and vertical gaze angles.
 * @param out - Where to write the positions (a per-frame caller reuses one); default a new array.
 */
export function deformPhotoPart(
  mesh: Pick<PhotoMesh, 'rotation' | 'headCentre'>,
  part: PhotoMeshPart,
  weights: ArrayLike<number>,
  rotation: HeadRotation = { pitch: 0, yaw: 0, roll: 0 },
  iris: readonly [number, number] = [0, 0],
  out: Float32Array = new Float32Array(part.positions.length),
): Float32Array {
  out.set(part.positions);
  for (let t = 0; t < 52; t++) {
    const w = weights[t];
    if (!w) continue;
    const d = part.targets[t];
    for (let k = 0; k < out.length; k++) out[k] += w * d[k];
  }
  if (part.irisTargets) {
    for (let a = 0; a < 2; a++) if (iris[a]) for (let k = 0; k < out.length; k++) out[k] += iris[a] * part.irisTargets[a][k];
  }
  const M = cardHeadRotation(mesh, rotation);
  const c = mesh.headCentre;
  for (let v = 0; v < part.rigidity.length; v++) {
    const r = part.rigidity[v];
    if (!r) continue;
    const px = out[v * 3] - c[0], py = out[v * 3 + 1] - c[1], pz = out[v * 3 + 2] - c[2];
    for (let k = 0; k < 3; k++) {
      const q = M[k * 3] * px + M[k * 3 + 1] * py + M[k * 3 + 2] * pz + c[k];
      out[v * 3 + k] += r * (q - out[v * 3 + k]);
    }
  }
  return out;
}

/**
 * Triangles of a part that fold over: the moved triangle's normal points
 * against its rest normal (a fold or a turn past 90°), ignoring slivers
 * whose area is below `minArea` (card units squared) in either pose.
 */
export function flippedTriangles(part: PhotoMeshPart, rest: Float32Array, moved: Float32Array, minArea = 1e-9): number[] {
  const out: number[] = [];
  const normal = (P: Float32Array, a: number, b: number, c: number) => {
    const u = [P[b * 3] - P[a * 3], P[b * 3 + 1] - P[a * 3 + 1], P[b * 3 + 2] - P[a * 3 + 2]];
    const v = [P[c * 3] - P[a * 3], P[c * 3 + 1] - P[a * 3 + 1], P[c * 3 + 2] - P[a * 3 + 2]];
    return [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  };
  const idx = part.indices;
  for (let t = 0; t < idx.length; t += 3) {
    const n0 = normal(rest, idx[t], idx[t + 1], idx[t + 2]);
    const n1 = normal(moved, idx[t], idx[t + 1], idx[t + 2]);
    const a0 = Math.hypot(n0[0], n0[1], n0[2]) / 2, a1 = Math.hypot(n1[0], n1[1], n1[2]) / 2;
    if (a0 > minArea && a1 > minArea && n0[0] * n1[0] + n0[1] * n1[1] + n0[2] * n1[2] < 0) out.push(t / 3);
  }
  return out;
}
