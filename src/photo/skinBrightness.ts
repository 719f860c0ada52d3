import type { PortraitLandmarks } from './PortraitLandmarks.js';

/** Cheek and forehead landmarks: skin in almost every portrait (no lips, brows, eyes or hair). */
const SKIN_POINTS = [50, 280, 101, 330, 151, 9, 205, 425];
/** The mid-tone the mouth interior's colours are authored for (sRGB luma 0..1). */
const MID_TONE = 0.55;

/**
 * The photo's skin brightness relative to a mid-tone: the mean luma of
 * 5x5 pixel patches at cheek and forehead landmarks, divided by 0.55 and
 * clamped to 0.35..1.6. Shades the synthesised mouth interior so it sits
 * in the photo's light.
 */
export function skinBrightness(photo: { data: ArrayLike<number>; width: number; height: number }, landmarks: PortraitLandmarks): number {
  const { data, width: W, height: H } = photo;
  const ch = data.length / (W * H);
  let sum = 0;
  let n = 0;
  for (const i of SKIN_POINTS) {
    const cx = Math.round(landmarks.points[i * 3]);
    const cy = Math.round(landmarks.points[i * 3 + 1]);
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const x = cx + dx, y = cy + dy;
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        const o = (y * W + x) * ch;
        sum += (0.2126 * data[o] + 0.7152 * data[o + 1] + 0.0722 * data[o + 2]) / 255;
        n++;
      }
    }
  }
  if (!n) return 1;
  return Math.min(1.6, Math.max(0.35, sum / n / MID_TONE));
}
