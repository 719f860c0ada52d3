import { writeFile } from 'node:fs/promises';

import { BLENDSHAPE_NAMES } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';

/**
 * Writes frames to `path`: `.json` (fps, names and one object per frame with
 * `time`, `weights` and `head`) or `.csv` (time, the 52 names, head pitch,
 * yaw, roll in radians and x, y, z in metres), the formats engines and DCC
 * tools import most easily.
 */
export async function writeFrames(path: string, frames: Frame[], fps: number): Promise<void> {
  const round = (v: number): number => Math.round(v * 1e5) / 1e5;
  if (path.endsWith('.json')) {
    const doc = {
      fps,
      names: BLENDSHAPE_NAMES,
      frames: frames.map((f) => ({ time: round(f.time), weights: Array.from(f.weights, round), head: f.head })),
    };
    await writeFile(path, JSON.stringify(doc));
  } else if (path.endsWith('.csv')) {
    const header = ['time', ...BLENDSHAPE_NAMES, 'headPitch', 'headYaw', 'headRoll', 'headX', 'headY', 'headZ'].join(',');
    const rows = frames.map((f) => {
      const r = f.head.rotation;
      const p = f.head.position;
      return [f.time, ...f.weights, r.pitch, r.yaw, r.roll, p.x, p.y, p.z].map(round).join(',');
    });
    await writeFile(path, [header, ...rows].join('\n') + '\n');
  } else {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an --out path ending in .json or .csv but received ${path}`);
  }
}
