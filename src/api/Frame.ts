/**
 * Head rotation in radians, applied in the order yaw (about +Y), then pitch
 * (about +X), then roll (about +Z): Euler order 'YXZ' in three.js terms.
 *
 * Axes are those of the character's head in a right-handed, Y-up frame whose
 * +Z points out of the face towards the viewer (glTF and three.js
 * convention). Positive pitch tips the chin down (a nod starts with positive
 * pitch), positive yaw turns the face to the character's left (the viewer's
 * right), positive roll tilts the head towards the character's right shoulder.
 */
export interface HeadRotation {
  /** Radians about +X; positive = chin down. Default 0. */
  pitch: number;
  /** Radians about +Y; positive = face turns to the character's left. Default 0. */
  yaw: number;
  /** Radians about +Z; positive = tilt towards the character's right shoulder. Default 0. */
  roll: number;
}

/** Head translation in metres from the rest pose, in the same axes as {@link HeadRotation}. */
export interface HeadPosition {
  /** Metres, +X = character's left. */
  x: number;
  /** Metres, +Y = up. */
  y: number;
  /** Metres, +Z = towards the viewer. */
  z: number;
}

/**
 * Eye gaze as angles of both eyes from looking straight ahead, in radians.
 * Positive yaw looks to the character's left, positive pitch looks down
 * (same signs as the head).
 */
export interface Gaze {
  /** Radians; positive = look down. */
  pitch: number;
  /** Radians; positive = look to the character's left. */
  yaw: number;
}

/**
 * One animation frame: what the engine streams and every applier consumes.
 *
 * - `time` is seconds on the audio clock of the input (0 = first sample).
 * - `weights` holds the 52 ARKit blendshape weights in
 *   {@link BLENDSHAPE_NAMES} order, each in [0, 1].
 * - When both `gaze` and the eyeLook* weights are set, **gaze wins** for eye
 *   bones; the eyeLook* weights are then only applied to meshes that have no
 *   eye bones (an applier must not add the two together, or the eyes would
 *   turn twice as far).
 *
 * @example
 * ```ts
 * const f: Frame = { time: 0.5, weights: new Float32Array(52), head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } } };
 * ```
 */
export interface Frame {
  /** Seconds on the input's audio clock. */
  time: number;
  /** 52 ARKit weights in [0, 1], ARKit order. */
  weights: Float32Array;
  /** Head pose relative to rest. */
  head: { rotation: HeadRotation; position: HeadPosition };
  /** Optional eye gaze; absent means "use the eyeLook* weights". */
  gaze?: Gaze;
}
