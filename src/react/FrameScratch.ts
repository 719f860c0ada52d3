import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import type { Frame, Gaze } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { describeValue } from '../three/checkArgument.js';

/**
 * A preallocated frame to copy a source frame into before the animation
 * layers write into it, so the caller's frame is never mutated and the
 * layers never add onto their own output. Owns its `gaze` object, so
 * neither copying nor the gaze layer allocates. Internal to `src/react`.
 *
 * @example
 * ```ts
 * const scratch = new FrameScratch();
 * scratch.copy(source, layers.gaze != null); // then layers.apply(scratch.frame, dt)
 * ```
 */
export class FrameScratch {
  /** The frame written into; its `gaze` is this object's own or undefined. */
  readonly frame: Frame = {
    time: 0,
    weights: new Float32Array(BLENDSHAPE_COUNT),
    head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } },
  };
  private readonly gaze: Gaze = { pitch: 0, yaw: 0 };

  /**
   * Copies `source` in (values, not references). Checks the shape once, at
   * no allocation unless it throws.
   *
   * @param source The frame to copy.
   * @param keepGaze Give the copy a `gaze` object even when `source` has none (the gaze layer will fill it). Default false.
   */
  copy(source: Frame, keepGaze = false): void {
    const w = source?.weights;
    const r = source?.head?.rotation;
    const p = source?.head?.position;
    if (w == null || w.length !== BLENDSHAPE_COUNT || r == null || p == null) {
      throw new MouthpieceError(
        'INVALID_ARGUMENT',
        `Expected a Frame with ${BLENDSHAPE_COUNT} weights and head.rotation/position but received ${describeValue(source)}`,
      );
    }
    const f = this.frame;
    f.time = source.time;
    f.weights.set(w);
    const fr = f.head.rotation;
    fr.pitch = r.pitch; fr.yaw = r.yaw; fr.roll = r.roll;
    const fp = f.head.position;
    fp.x = p.x; fp.y = p.y; fp.z = p.z;
    const g = source.gaze;
    if (g != null) {
      this.gaze.pitch = g.pitch;
      this.gaze.yaw = g.yaw;
    }
    f.gaze = g != null || keepGaze ? this.gaze : undefined;
  }

  /**
   * Readies the frame for `AnimationLayers.relax` (which writes weights and head pose, not gaze).
   *
   * @param keepGaze Whether the gaze layer is on and will write the gaze.
   */
  prepareRelax(keepGaze: boolean): void {
    this.frame.gaze = keepGaze ? this.gaze : undefined;
  }
}
