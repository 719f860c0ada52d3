import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I, type Frame } from '../../src/api/index.js';
import { mulberry32 } from '../../src/util/mulberry32.js';

// A synthetic talker for the animation layers' tests.
// Speech bursts of 1-4 s (jaw 0.1 + 0.25..0.4 * a 4-5 Hz cosine, 60 ms rise, 80 ms fall) with 0-3 bilabial
// closures of 60-100 ms (mouthClose ramps in over 40 ms, out over 30 ms), separated by pauses of 0.3-2 s.
/** Per-frame jaw and mouthClose of a synthetic talk, with its pauses and bursts. */
export interface Talk { fps: number; n: number; jaw: Float32Array; close: Float32Array; pause: Uint8Array; bursts: [number, number][] }
/** Seeded speech bursts and pauses (see the comment above). */
export function talk(seconds: number, fps: number, seed: number, pause: [number, number] = [0.3, 2], burst: [number, number] = [1, 4]): Talk {
  const rnd = mulberry32(seed);
  const n = Math.round(seconds * fps);
  const jaw = new Float32Array(n), close = new Float32Array(n), isPause = new Uint8Array(n).fill(1);
  const bursts: [number, number][] = [];
  let t = pause[0] + (pause[1] - pause[0]) * rnd();
  while (t < seconds) {
    const t1 = Math.min(seconds, t + burst[0] + (burst[1] - burst[0]) * rnd());
    const hz = 4 + rnd(), amp = 0.25 + 0.15 * rnd();
    const closures = Array.from({ length: Math.floor(rnd() * 4) }, () => [t + 0.2 + rnd() * Math.max(0, t1 - t - 0.5), 0.06 + 0.04 * rnd()]);
    for (let i = Math.ceil(t * fps); i < n && i / fps < t1; i++) {
      const u = i / fps - t;
      jaw[i] = (0.1 + amp * (0.5 - 0.5 * Math.cos(2 * Math.PI * hz * u))) * Math.min(1, u / 0.06, (t1 - i / fps) / 0.08);
      isPause[i] = 0;
      for (const [c0, d] of closures) {
        const v = i / fps - c0;
        const c = v < -0.04 || v > d + 0.03 ? 0 : v < 0 ? 1 + v / 0.04 : v <= d ? 1 : 1 - (v - d) / 0.03;
        close[i] = Math.max(close[i], c * jaw[i]);
      }
    }
    bursts.push([t, t1]);
    t = t1 + pause[0] + (pause[1] - pause[0]) * rnd();
  }
  return { fps, n, jaw, close, pause: isPause, bursts };
}
/** A zeroed frame with a gaze. */
export function newFrame(): Frame {
  return { time: 0, weights: new Float32Array(BLENDSHAPE_COUNT), head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } }, gaze: { pitch: 0, yaw: 0 } };
}
/** Loads frame i of a talk into f (jaw and mouthClose; everything else at rest). */
export function load(f: Frame, s: Talk, i: number): Frame {
  f.time = i / s.fps;
  f.weights.fill(0);
  f.weights[I.jawOpen] = s.jaw[i];
  f.weights[I.mouthClose] = s.close[i];
  f.head.rotation.pitch = f.head.rotation.yaw = f.head.rotation.roll = 0;
  f.head.position.x = f.head.position.y = f.head.position.z = 0;
  return f;
}
