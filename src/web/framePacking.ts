import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';

/** Floats per frame in a {@link PackedFrames} block: 52 weights, 3 rotation, 3 position. */
export const PACKED_STRIDE = BLENDSHAPE_COUNT + 6;

/**
 * Frames as two flat arrays, so a Worker can hand them over with a transfer
 * instead of a structured clone of hundreds of small objects.
 */
export interface PackedFrames {
  /** Seconds on the audio clock, one per frame (float64: long streams keep sample precision). */
  times: Float64Array;
  /** frames x {@link PACKED_STRIDE}: weights, then pitch, yaw, roll, x, y, z. */
  values: Float32Array;
}

/**
 * Packs frames for postMessage (transfer `times.buffer` and `values.buffer`).
 *
 * @example
 * ```ts
 * const p = packFrames(frames);
 * port.postMessage(p, [p.times.buffer, p.values.buffer]);
 * ```
 */
export function packFrames(frames: readonly Frame[]): PackedFrames {
  const times = new Float64Array(frames.length);
  const values = new Float32Array(frames.length * PACKED_STRIDE);
  frames.forEach((f, i) => {
    times[i] = f.time;
    const o = i * PACKED_STRIDE;
    values.set(f.weights, o);
    const r = f.head.rotation;
    const p = f.head.position;
    values[o + 52] = r.pitch;
    values[o + 53] = r.yaw;
    values[o + 54] = r.roll;
    values[o + 55] = p.x;
    values[o + 56] = p.y;
    values[o + 57] = p.z;
  });
  return { times, values };
}

/**
 * The inverse of {@link packFrames}; `offset` (seconds) is added to every time.
 * Each frame's weights are a view into `values`, not a copy.
 *
 * @example
 * ```ts
 * const frames = unpackFrames(message.frames);
 * ```
 */
export function unpackFrames(p: PackedFrames, offset = 0): Frame[] {
  const out: Frame[] = new Array(p.times.length);
  for (let i = 0; i < p.times.length; i++) {
    const o = i * PACKED_STRIDE;
    const v = p.values;
    out[i] = {
      time: p.times[i] + offset,
      weights: v.subarray(o, o + BLENDSHAPE_COUNT),
      head: { rotation: { pitch: v[o + 52], yaw: v[o + 53], roll: v[o + 54] }, position: { x: v[o + 55], y: v[o + 56], z: v[o + 57] } },
    };
  }
  return out;
}
