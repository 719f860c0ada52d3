/**
 * Quaternion arithmetic for the per-frame path of the rig, on Float64Arrays
 * (x, y, z, w at an offset). Every function takes only arrays and integer
 * offsets and returns nothing: V8 boxes a fractional number passed to, or
 * returned from, a call it does not inline, and those boxes are exactly
 * the per-frame garbage the rig must not make. Internal.
 *
 * @example
 * ```ts
 * const q = new Float64Array(8);
 * eulerYXZToQuaternion(new Float64Array([0.1, 0.2, 0]), 0, q, 0);
 * multiplyQuaternions(q, 0, q, 0, q, 4); // q[4..7] = rotation applied twice
 * ```
 */
export function multiplyQuaternions(a: Float64Array, ao: number, b: Float64Array, bo: number, out: Float64Array, oo: number): void {
  const ax = a[ao], ay = a[ao + 1], az = a[ao + 2], aw = a[ao + 3];
  const bx = b[bo], by = b[bo + 1], bz = b[bo + 2], bw = b[bo + 3];
  out[oo] = ax * bw + aw * bx + ay * bz - az * by;
  out[oo + 1] = ay * bw + aw * by + az * bx - ax * bz;
  out[oo + 2] = az * bw + aw * bz + ax * by - ay * bx;
  out[oo + 3] = aw * bw - ax * bx - ay * by - az * bz;
}

/**
 * out = conjugate(a) * b: for unit quaternions, the rotation that takes a
 * to b (a^-1 b).
 *
 * @example
 * ```ts
 * conjugateMultiplyQuaternions(neck, 0, total, 0, head, 0); // head = neck^-1 total
 * ```
 */
export function conjugateMultiplyQuaternions(a: Float64Array, ao: number, b: Float64Array, bo: number, out: Float64Array, oo: number): void {
  const ax = -a[ao], ay = -a[ao + 1], az = -a[ao + 2], aw = a[ao + 3];
  const bx = b[bo], by = b[bo + 1], bz = b[bo + 2], bw = b[bo + 3];
  out[oo] = ax * bw + aw * bx + ay * bz - az * by;
  out[oo + 1] = ay * bw + aw * by + az * bx - ax * bz;
  out[oo + 2] = az * bw + aw * bz + ax * by - ay * bx;
  out[oo + 3] = aw * bw - ax * bx - ay * by - az * bz;
}

/**
 * Euler angles (x = pitch, y = yaw, z = roll, radians, at `so`) in order
 * 'YXZ' to a quaternion: the same numbers as three's
 * `Quaternion.setFromEuler(new Euler(x, y, z, 'YXZ'))`.
 *
 * @example
 * ```ts
 * eulerYXZToQuaternion(pose, 0, quats, 0);
 * ```
 */
export function eulerYXZToQuaternion(src: Float64Array, so: number, out: Float64Array, oo: number): void {
  const c1 = Math.cos(src[so] / 2), c2 = Math.cos(src[so + 1] / 2), c3 = Math.cos(src[so + 2] / 2);
  const s1 = Math.sin(src[so] / 2), s2 = Math.sin(src[so + 1] / 2), s3 = Math.sin(src[so + 2] / 2);
  out[oo] = s1 * c2 * c3 + c1 * s2 * s3;
  out[oo + 1] = c1 * s2 * c3 - s1 * c2 * s3;
  out[oo + 2] = c1 * c2 * s3 - s1 * s2 * c3;
  out[oo + 3] = c1 * c2 * c3 + s1 * s2 * s3;
}

/**
 * The fraction `t[to]` of a unit rotation q: same axis, t times the angle
 * (exact slerp from identity; the shorter way round).
 *
 * @example
 * ```ts
 * scaleRotation(quats, 0, params, 1, quats, 4); // the neck's 40 %
 * ```
 */
export function scaleRotation(q: Float64Array, qo: number, t: Float64Array, to: number, out: Float64Array, oo: number): void {
  let x = q[qo], y = q[qo + 1], z = q[qo + 2], w = q[qo + 3];
  if (w < 0) {
    x = -x; y = -y; z = -z; w = -w;
  }
  const s = Math.sqrt(x * x + y * y + z * z);
  if (s < 1e-12) {
    out[oo] = 0; out[oo + 1] = 0; out[oo + 2] = 0; out[oo + 3] = 1;
    return;
  }
  const half = Math.atan2(s, w) * t[to];
  const k = Math.sin(half) / s;
  out[oo] = x * k; out[oo + 1] = y * k; out[oo + 2] = z * k; out[oo + 3] = Math.cos(half);
}

/**
 * Slerp from a (at `ao`) to b (at `bo`) by `t[to]`, into out (may alias
 * either). Same method as three's `Quaternion.slerp` (nlerp when nearly
 * equal), normalised.
 *
 * @example
 * ```ts
 * slerpQuaternions(base, 0, target, 0, params, 0, out, 0); // params[0] = weight
 * ```
 */
export function slerpQuaternions(
  a: Float64Array, ao: number, b: Float64Array, bo: number, t: Float64Array, to: number, out: Float64Array, oo: number,
): void {
  const ax = a[ao], ay = a[ao + 1], az = a[ao + 2], aw = a[ao + 3];
  let bx = b[bo], by = b[bo + 1], bz = b[bo + 2], bw = b[bo + 3];
  let dot = ax * bx + ay * by + az * bz + aw * bw;
  if (dot < 0) {
    bx = -bx; by = -by; bz = -bz; bw = -bw;
    dot = -dot;
  }
  let sa = 1 - t[to];
  let sb = t[to];
  if (dot < 0.9995) {
    const theta = Math.acos(dot);
    const sin = Math.sin(theta);
    sa = Math.sin(sa * theta) / sin;
    sb = Math.sin(sb * theta) / sin;
  }
  const x = ax * sa + bx * sb, y = ay * sa + by * sb, z = az * sa + bz * sb, w = aw * sa + bw * sb;
  const n = 1 / Math.sqrt(x * x + y * y + z * z + w * w);
  out[oo] = x * n; out[oo + 1] = y * n; out[oo + 2] = z * n; out[oo + 3] = w * n;
}
