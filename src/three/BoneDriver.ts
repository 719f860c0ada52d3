import { Matrix3, Matrix4, Quaternion, type Object3D } from 'three';

import { multiplyQuaternions, slerpQuaternions } from './quaternionMath.js';

// Shared scratch (update() is never re-entered): 0 target, 4 blended.
const S = new Float64Array(8);
// Offsets into a driver's own array: rest, M, M^-1, last written, last blend base.
const REST = 0, M = 4, M_INVERSE = 8, WRITTEN = 12, BASE = 16;

/**
 * Turns one bone by a rotation expressed in the character's axes (those of
 * the rig's root: +Y up, +Z out of the face), whatever the bone's own local
 * axes are, and blends with what was there before.
 *
 * With P the parent's rest world rotation and C the root's, M = C^-1 P
 * takes the root's axes into the parent's, so the bone's new local
 * rotation is M^-1 R M B (B its rest rotation): in world terms the bone
 * turns by R about its pivot in the root's frame. Because M is taken at
 * rest, a neck driven by Rn and a head by Rn^-1 R give the head exactly R
 * in total. (When a mixer animates the spine the axes stay those of the
 * rest pose: close enough for a few degrees of head motion.)
 *
 * The per-frame method takes arrays and offsets, not numbers: see
 * `quaternionMath.ts` for why. Internal to the rig.
 *
 * @example
 * ```ts
 * const params = new Float64Array([1]); // params[0] = weight
 * const d = new BoneDriver(head, rootWorldQuaternion, params);
 * d.apply(rotations, 0); // once per frame; R = rotations[0..3]
 * d.restore();
 * ```
 */
export class BoneDriver {
  private readonly q = new Float64Array(20);
  // Translation: rest position (0..2), last written (3..5), blend base (6..8), then the 3x3 matrix (9..17,
  // row-major) taking a vector in the root's axes and units into the parent's local space.
  private readonly t = new Float64Array(18);

  /**
   * @param bone The bone (any Object3D) to drive.
   * @param rootWorld The root's world rotation at construction (C).
   * @param params `params[0]` is the blend weight 0..1, read each frame.
   */
  constructor(
    readonly bone: Object3D,
    rootWorld: Quaternion,
    private readonly params: Float64Array,
    rootWorldMatrix?: Matrix4,
  ) {
    const m = new Quaternion();
    if (bone.parent) bone.parent.getWorldQuaternion(m);
    m.premultiply(rootWorld.clone().invert());
    bone.quaternion.toArray(this.q, REST);
    m.toArray(this.q, M);
    m.invert().toArray(this.q, M_INVERSE);
    this.q.fill(NaN, WRITTEN, WRITTEN + 4);
    // (root^-1 parent)^-1, linear part: root-space vectors (the frame's metres when the root is in
    // glTF's metres) into the parent's local units, whatever rotation and scale lie between.
    const rel = new Matrix4();
    if (bone.parent) rel.copy(bone.parent.matrixWorld);
    if (rootWorldMatrix) rel.premultiply(rootWorldMatrix.clone().invert());
    const lin = new Matrix3().setFromMatrix4(rel);
    // Singular only relative to its own size (a rig scaled 1e-4 per axis has a determinant of 1e-12).
    const e0 = lin.elements;
    const size = Math.max(...e0.map(Math.abs));
    if (size > 0 && Math.abs(lin.determinant()) > 1e-9 * size ** 3) lin.invert();
    else lin.identity();
    const e = lin.elements; // column-major
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) this.t[9 + r * 3 + c] = e[c * 3 + r];
    this.t[0] = bone.position.x;
    this.t[1] = bone.position.y;
    this.t[2] = bone.position.z;
    this.t.fill(NaN, 3, 6);
  }

  /**
   * Moves the bone by a translation in the root's axes and units, from
   * its rest position, blended by `params[0]` with what a mixer wrote (as
   * {@link apply} does for rotations). No allocation.
   *
   * @param v Holds (x, y, z) at `offset`.
   * @param offset Where it starts.
   * @param scale Multiplies the translation (the rig's `headTranslation`).
   */
  translate(v: Float64Array, offset: number, scale: number): void {
    const t = this.t;
    const p = this.bone.position;
    if (p.x !== t[3] || p.y !== t[4] || p.z !== t[5]) {
      t[6] = p.x;
      t[7] = p.y;
      t[8] = p.z;
    }
    const w = this.params[0];
    const x = v[offset] * scale, y = v[offset + 1] * scale, z = v[offset + 2] * scale;
    for (let r = 0; r < 3; r++) {
      const target = t[r] + t[9 + r * 3] * x + t[10 + r * 3] * y + t[11 + r * 3] * z;
      t[3 + r] = t[6 + r] + (target - t[6 + r]) * w;
    }
    p.set(t[3], t[4], t[5]);
  }

  /**
   * Sets the bone to M^-1 R M rest, blended by `params[0]` (slerp) from
   * its current rotation. "Current" is what a mixer or the user wrote
   * since the last call; when nobody wrote, the blend starts again from
   * the same base as last time, so weight 0.5 stays halfway instead of
   * creeping towards the target frame after frame. No allocation.
   *
   * @param rotation Holds R (x, y, z, w) at `offset`, in the root's axes.
   * @param offset Where R starts.
   */
  apply(rotation: Float64Array, offset: number): void {
    const q = this.q;
    multiplyQuaternions(q, M_INVERSE, rotation, offset, S, 0);
    multiplyQuaternions(S, 0, q, M, S, 0);
    multiplyQuaternions(S, 0, q, REST, S, 0);
    const b = this.bone.quaternion;
    if (b.x !== q[WRITTEN] || b.y !== q[WRITTEN + 1] || b.z !== q[WRITTEN + 2] || b.w !== q[WRITTEN + 3]) {
      b.toArray(q, BASE);
    }
    if (this.params[0] < 1) {
      slerpQuaternions(q, BASE, S, 0, this.params, 0, S, 4);
      b.fromArray(S, 4);
    } else {
      b.fromArray(S, 0);
    }
    b.toArray(q, WRITTEN);
  }

  /** Puts the rest rotation (and position) back. */
  restore(): void {
    this.bone.quaternion.fromArray(this.q, REST);
    this.q.fill(NaN, WRITTEN, WRITTEN + 4);
    // Only a bone this driver moved gets its rest position back (eyes and a head under a driven neck never are).
    if (!Number.isNaN(this.t[3])) this.bone.position.set(this.t[0], this.t[1], this.t[2]);
    this.t.fill(NaN, 3, 6);
  }
}
