import { Quaternion, type Object3D } from 'three';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { BoneDriver } from './BoneDriver.js';
import { checkNumber, describeValue } from './checkArgument.js';
import type { ExpressionTarget } from './ExpressionTarget.js';
import { buildFaceRigReport, type FaceRigReport } from './FaceRigReport.js';
import { findFaceBones, type FaceBoneOverrides, type FaceBones } from './findFaceBones.js';
import { findMorphTargets, type FindMorphTargetsOptions, type MorphBindingPlan } from './findMorphTargets.js';
import { MorphDriver } from './MorphDriver.js';
import { conjugateMultiplyQuaternions, eulerYXZToQuaternion, scaleRotation } from './quaternionMath.js';

/** Options of {@link FaceRig}; see {@link FindMorphTargetsOptions} for `map` and `projections`. */
export interface FaceRigOptions extends FindMorphTargetsOptions {
  /** Global blend 0..1 with what the mixer (or rest pose) set: 0 = leave the face alone. Default 1. */
  weight?: number;
  /** Time constant in seconds of exponential smoothing towards the latest frame; 0 = none. Default 0. */
  smoothing?: number;
  /**
   * Multiplies the frame's head translation (metres in the root's axes),
   * applied to the neck bone (the head and neck move together), or the
   * head bone without a neck. 1 suits a root in metres (glTF); 0 turns it
   * off. Default 1.
   */
  headTranslation?: number;
  /** Share of the head rotation given to the neck bone (the head gets the rest). Default 0.4. */
  neckShare?: number;
  /** Eye rotation in radians for an eyeLook* weight of 1, when eye bones are driven from weights. Default 25° (0.436). */
  eyeLookAngle?: number;
  /** `'bones'`: eye bones when found (eyeLook* morphs then left alone); `'morphs'`: eyeLook* morphs only. Default `'bones'`. */
  eyes?: 'bones' | 'morphs';
  /** Bone overrides: an object, an exact name, or `null` to leave that bone alone. Default: found by name. */
  bones?: FaceBoneOverrides;
  /** More targets to drive, e.g. a VRM expression-manager adapter. Default none. */
  expressionTargets?: readonly ExpressionTarget[];
}

const DEG = Math.PI / 180;
const EYE_LOOK: readonly number[] = [
  I.eyeLookDownLeft, I.eyeLookInLeft, I.eyeLookOutLeft, I.eyeLookUpLeft,
  I.eyeLookDownRight, I.eyeLookInRight, I.eyeLookOutRight, I.eyeLookUpRight,
];

/**
 * Plays Mouthpiece frames on a rigged three.js character: morph targets
 * (ARKit by any common spelling, or retargeted to Ready Player Me visemes
 * or VRM-style vowels), head and neck bones, eye bones. It plugs into the
 * user's scene and owns nothing: set values with {@link setFrame}, then
 * call {@link update} once per rendered frame (after your `AnimationMixer`,
 * so `weight` can blend with it). Neither allocates.
 *
 * Head rotation (radians, Euler order 'YXZ', axes of `root`: +Y up, +Z out
 * of the face) is split between neck and head (`neckShare`, default 40/60)
 * so the two composed give exactly the frame's rotation, on top of each
 * bone's rest rotation captured here. Eyes: `frame.gaze` if present, else
 * the eyeLook* weights times `eyeLookAngle`; never both (see `Frame`).
 * mouthClose is applied up to jawOpen at most (more would push the lips
 * through each other).
 * Head translation (metres, same axes; millimetres to a centimetre or so
 * from the model) moves the neck bone, or the head without a neck, so head
 * and neck move together; `headTranslation` scales it (0 = off).
 *
 * @example
 * ```ts
 * const rig = new FaceRig(gltf.scene, { smoothing: 0.03 });
 * function tick(dt: number) {
 *   mixer.update(dt);
 *   rig.setFrame(stream.latest);
 *   rig.update(dt);
 *   renderer.render(scene, camera);
 * }
 * // later: rig.dispose();
 * ```
 */
export class FaceRig {
  /** What was bound (morphs, retargets). */
  readonly plan: MorphBindingPlan;
  /** The bones driven. */
  readonly bones: Readonly<FaceBones>;
  private readonly morphs: MorphDriver;
  private readonly neck: BoneDriver | null;
  private readonly head: BoneDriver | null;
  private readonly leftEye: BoneDriver | null;
  private readonly rightEye: BoneDriver | null;
  private readonly eyes: 'bones' | 'morphs';
  private readonly eyeLookAngle: number;
  private readonly targets: readonly ExpressionTarget[];
  // [weight, neckShare]: read by the drivers each frame (see quaternionMath.ts for why not arguments).
  private readonly params = new Float64Array(2);
  private _smoothing: number;

  // Latest frame (copied). The smoothed ARKit weights live in this.morphs.weights.
  private readonly target = new Float32Array(BLENDSHAPE_COUNT);
  // Head pitch, yaw, roll, then per eye pitch, yaw, 0: Euler 'YXZ' triples.
  private readonly poseTarget = new Float64Array(9);
  private readonly pose = new Float64Array(9);
  // Head translation x, y, z (metres, root axes): latest frame, smoothed.
  private readonly positionTarget = new Float64Array(3);
  private readonly position = new Float64Array(3);
  private readonly headTranslation: number;
  // Quaternions: 0 head total, 4 neck share, 8 head share, 12 eye.
  private readonly quats = new Float64Array(16);
  private hasGaze = false;
  private hasFrame = false;
  private disposed = false;

  /**
   * @param root The character (e.g. `gltf.scene`); its axes are the frame's axes.
   * @param options See {@link FaceRigOptions}.
   */
  constructor(root: Object3D, options: FaceRigOptions = {}) {
    this.plan = findMorphTargets(root, options); // validates root and options first
    this.params[0] = checkNumber('options.weight', options.weight ?? 1, 0, 1);
    this._smoothing = checkNumber('options.smoothing', options.smoothing ?? 0, 0);
    this.params[1] = checkNumber('options.neckShare', options.neckShare ?? 0.4, 0, 1);
    this.headTranslation = checkNumber('options.headTranslation', options.headTranslation ?? 1, 0);
    this.eyeLookAngle = checkNumber('options.eyeLookAngle', options.eyeLookAngle ?? 25 * DEG, 0, Math.PI / 2);
    const eyes = options.eyes ?? 'bones';
    if (eyes !== 'bones' && eyes !== 'morphs') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected 'bones' or 'morphs' for options.eyes but received ${describeValue(eyes)}`);
    }
    const extra = options.expressionTargets ?? [];
    const badTarget = (t: ExpressionTarget | null) =>
      t == null || typeof t.getValue !== 'function' || typeof t.setValue !== 'function' || t.projection == null;
    if (!Array.isArray(extra) || extra.some(badTarget)) {
      throw new MouthpieceError(
        'INVALID_ARGUMENT',
        `Expected an array of { label, projection, getValue, setValue } for options.expressionTargets but received ${describeValue(extra)}`,
      );
    }
    const bones = findFaceBones(root, options.bones ?? {});
    this.bones = Object.freeze({ ...bones, ...(eyes === 'morphs' ? { leftEye: null, rightEye: null } : {}) });
    this.eyes = this.bones.leftEye || this.bones.rightEye ? 'bones' : 'morphs';

    root.updateWorldMatrix(true, true);
    const rootWorld = root.getWorldQuaternion(new Quaternion());
    const driver = (b: Object3D | null) => (b ? new BoneDriver(b, rootWorld, this.params, root.matrixWorld) : null);
    this.neck = driver(this.bones.neck);
    this.head = driver(this.bones.head);
    this.leftEye = driver(this.bones.leftEye);
    this.rightEye = driver(this.bones.rightEye);
    const skipEyeLook = this.eyes === 'bones';
    this.morphs = new MorphDriver(this.plan, extra, (i) => !(skipEyeLook && EYE_LOOK.includes(i)), this.params);
    this.targets = [...this.plan.expressions, ...extra];
  }

  /** Global blend 0..1 with what was there before (mixer or rest). Default 1. */
  get weight(): number {
    return this.params[0];
  }
  set weight(value: number) {
    this.params[0] = checkNumber('weight', value, 0, 1);
  }

  /** Smoothing time constant in seconds; 0 = none. Default 0. */
  get smoothing(): number {
    return this._smoothing;
  }
  set smoothing(value: number) {
    this._smoothing = checkNumber('smoothing', value, 0);
  }

  /**
   * Stores a frame for the next {@link update} (values are copied; the
   * frame can be reused). No allocation.
   *
   * @param frame A Mouthpiece frame.
   */
  setFrame(frame: Frame): void {
    this.assertLive();
    if (frame == null || typeof frame !== 'object') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected a Frame for frame but received ${describeValue(frame)}`);
    }
    const w = frame.weights;
    if (w == null || typeof w.length !== 'number' || w.length !== BLENDSHAPE_COUNT) {
      throw new MouthpieceError(
        'INVALID_ARGUMENT',
        `Expected ${BLENDSHAPE_COUNT} blendshape weights for frame.weights but received ${describeValue(w)}`,
      );
    }
    const r = frame.head?.rotation;
    if (r == null || !Number.isFinite(r.pitch) || !Number.isFinite(r.yaw) || !Number.isFinite(r.roll)) {
      throw new MouthpieceError(
        'INVALID_ARGUMENT',
        `Expected finite { pitch, yaw, roll } for frame.head.rotation but received ${describeValue(r)}`,
      );
    }
    const g = frame.gaze;
    if (g != null && (!Number.isFinite(g.pitch) || !Number.isFinite(g.yaw))) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected finite { pitch, yaw } for frame.gaze but received ${describeValue(g)}`);
    }
    this.target.set(w);
    // mouthClose closes lips the jaw opened; beyond jawOpen it would push them through each other on any
    // linear rig (the library's aperture, mouthAperture, reads it the same way: max(0, jawOpen - mouthClose)).
    if (this.target[I.mouthClose] > this.target[I.jawOpen]) this.target[I.mouthClose] = this.target[I.jawOpen];
    const t = this.poseTarget;
    t[0] = r.pitch;
    t[1] = r.yaw;
    t[2] = r.roll;
    const hp = frame.head.position;
    const pt = this.positionTarget;
    // A frame without a finite translation (older recordings) leaves the head where it rests.
    pt[0] = Number.isFinite(hp?.x) ? hp.x : 0;
    pt[1] = Number.isFinite(hp?.y) ? hp.y : 0;
    pt[2] = Number.isFinite(hp?.z) ? hp.z : 0;
    this.hasGaze = g != null;
    if (g != null) {
      t[3] = t[6] = g.pitch;
      t[4] = t[7] = g.yaw;
    } else {
      // Positive yaw looks to the character's left: out for the left eye, in for the right.
      const a = this.eyeLookAngle;
      t[3] = (w[I.eyeLookDownLeft] - w[I.eyeLookUpLeft]) * a;
      t[4] = (w[I.eyeLookOutLeft] - w[I.eyeLookInLeft]) * a;
      t[6] = (w[I.eyeLookDownRight] - w[I.eyeLookUpRight]) * a;
      t[7] = (w[I.eyeLookInRight] - w[I.eyeLookOutRight]) * a;
    }
    this.hasFrame = true;
  }

  /** Whether the latest frame carried `gaze` (it then drove the eye bones). */
  get gazeActive(): boolean {
    return this.hasGaze;
  }

  /**
   * Applies the latest frame: call once per rendered frame, after the
   * mixer. Smoothing (if any) moves the applied state towards the frame
   * by 1 - exp(-delta / smoothing), which is frame-rate independent. Does
   * nothing before the first {@link setFrame}. No allocation.
   *
   * @param delta Seconds since the last call (>= 0).
   */
  update(delta: number): void {
    this.assertLive();
    checkNumber('delta', delta, 0);
    if (!this.hasFrame) return;
    const a = this._smoothing > 0 ? 1 - Math.exp(-delta / this._smoothing) : 1;
    const s = this.morphs.weights;
    const t = this.target;
    for (let i = 0; i < BLENDSHAPE_COUNT; i++) s[i] += (t[i] - s[i]) * a;
    const p = this.pose;
    for (let i = 0; i < 9; i++) p[i] += (this.poseTarget[i] - p[i]) * a;
    const pos = this.position;
    for (let i = 0; i < 3; i++) pos[i] += (this.positionTarget[i] - pos[i]) * a;
    this.morphs.apply();
    if (this.headTranslation > 0) (this.neck ?? this.head)?.translate(pos, 0, this.headTranslation);

    const q = this.quats;
    if (this.head || this.neck) {
      eulerYXZToQuaternion(p, 0, q, 0);
      if (this.head && this.neck) {
        // Rn = the neck's share of R, Rh = Rn^-1 R: Rn Rh = R exactly.
        scaleRotation(q, 0, this.params, 1, q, 4);
        conjugateMultiplyQuaternions(q, 4, q, 0, q, 8);
        this.neck.apply(q, 4);
        this.head.apply(q, 8);
      } else {
        (this.head ?? this.neck)!.apply(q, 0);
      }
    }
    if (this.leftEye) {
      eulerYXZToQuaternion(p, 3, q, 12);
      this.leftEye.apply(q, 12);
    }
    if (this.rightEye) {
      eulerYXZToQuaternion(p, 6, q, 12);
      this.rightEye.apply(q, 12);
    }
  }

  /** A report of what was bound, for a debug helper (allocates). */
  describe(): FaceRigReport {
    return buildFaceRigReport(this.plan, this.bones, this.eyes, this.targets);
  }

  /**
   * Restores the rest pose (bone rotations and the morph/expression values
   * found at construction) and stops driving the character: later
   * `setFrame`/`update` calls throw a `DISPOSED` error. Idempotent.
   */
  dispose(): void {
    if (this.disposed) return;
    this.morphs.restore();
    for (const d of [this.neck, this.head, this.leftEye, this.rightEye]) d?.restore();
    this.disposed = true;
  }

  private assertLive(): void {
    if (this.disposed) throw new MouthpieceError('DISPOSED', 'FaceRig was disposed');
  }
}
