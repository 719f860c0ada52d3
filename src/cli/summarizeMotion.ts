import { BLENDSHAPE_INDEX } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { lipClosure } from '../api/lipClosure.js';

/** What the CLI prints about a run of frames. */
export interface MotionSummary {
  frames: number;
  /** Per-column maxima of jawOpen, lip closure (0..1) and mean smile, pooled into `width` columns. */
  jaw: number[];
  closed: number[];
  smile: number[];
  /** Separate lip closures (lip closure >= 0.5 for at least 30 ms). */
  closures: number;
  /** Head rotation ranges in degrees: [min, max] for pitch, yaw, roll. */
  headDegrees: { pitch: [number, number]; yaw: [number, number]; roll: [number, number] };
}

/**
 * Summarises frames for humans: coarse curves of the jaw, the lips' closure
 * and the smile, the number of lip closures, and head ranges. Pure, so the
 * CLI stays thin.
 */
export function summarizeMotion(frames: Frame[], fps: number, width = 60): MotionSummary {
  const n = frames.length;
  const cols = Math.max(1, Math.min(width, n));
  const jaw = new Array<number>(cols).fill(0);
  const closed = new Array<number>(cols).fill(0);
  const smile = new Array<number>(cols).fill(0);
  const minRun = Math.max(1, Math.round(0.03 * fps));
  let closures = 0;
  let run = 0;
  const deg = 180 / Math.PI;
  const head = { pitch: [Infinity, -Infinity], yaw: [Infinity, -Infinity], roll: [Infinity, -Infinity] } as MotionSummary['headDegrees'];
  frames.forEach((f, i) => {
    const c = Math.min(cols - 1, Math.floor((i * cols) / n));
    const lc = lipClosure(f.weights);
    jaw[c] = Math.max(jaw[c], f.weights[BLENDSHAPE_INDEX.jawOpen]);
    closed[c] = Math.max(closed[c], lc);
    smile[c] = Math.max(smile[c], (f.weights[BLENDSHAPE_INDEX.mouthSmileLeft] + f.weights[BLENDSHAPE_INDEX.mouthSmileRight]) / 2);
    run = lc >= 0.5 ? run + 1 : 0;
    if (run === minRun) closures++;
    for (const axis of ['pitch', 'yaw', 'roll'] as const) {
      const v = f.head.rotation[axis] * deg;
      head[axis][0] = Math.min(head[axis][0], v);
      head[axis][1] = Math.max(head[axis][1], v);
    }
  });
  return { frames: n, jaw, closed, smile, closures, headDegrees: head };
}

/** Renders values in [0, 1] as a one-line sparkline. */
export function unitSparkline(values: number[]): string {
  const ticks = ' ▁▂▃▄▅▆▇█';
  return values.map((v) => ticks[Math.max(0, Math.min(ticks.length - 1, Math.round(v * (ticks.length - 1))))]).join('');
}
