import type { PortraitLandmarks } from './PortraitLandmarks.js';

/** Cheek and forehead landmarks: skin in almost every portrait (no lips, brows, eyes or hair). */
const SKIN_POINTS = [50, 280, 101, 330, 151, 9, 205, 425];
/** The mid-tone the mouth interior's colours are authored for (sRGB luma 0..1). */
const MID_TONE = 0.55;
/**
 * Skin saturation at and above which a photo counts as fully colourful. On
 * the 85 usable shared portraits the skin's saturation is 0.18-0.58 in
 * ordinary colour photos; two washed-out ones read 0.08 and 0.11, the two
 * black-and-white ones 0.
 */
export const COLOURFUL_SKIN_SATURATION = 0.15;

/** Mean sRGB colour (0..1 per channel) of 5x5 patches at the skin landmarks, or null when none lies in the photo. */
function meanSkinColour(photo: { data: ArrayLike<number>; width: number; height: number }, landmarks: PortraitLandmarks): [number, number, number] | null {
  const { data, width: W, height: H } = photo;
  const ch = data.length / (W * H);
  const sum = [0, 0, 0];
  let n = 0;
  for (const i of SKIN_POINTS) {
    const cx = Math.round(landmarks.points[i * 3]);
    const cy = Math.round(landmarks.points[i * 3 + 1]);
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const x = cx + dx, y = cy + dy;
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        const o = (y * W + x) * ch;
        for (let c = 0; c < 3; c++) sum[c] += data[o + c] / 255;
        n++;
      }
    }
  }
  return n ? [sum[0] / n, sum[1] / n, sum[2] / n] : null;
}

/**
 * The photo's skin brightness relative to a mid-tone: the mean luma of
 * 5x5 pixel patches at cheek and forehead landmarks, divided by 0.55 and
 * clamped to 0.35..1.6. Shades the synthesised mouth interior so it sits
 * in the photo's light.
 */
export function skinBrightness(photo: { data: ArrayLike<number>; width: number; height: number }, landmarks: PortraitLandmarks): number {
  const c = meanSkinColour(photo, landmarks);
  if (!c) return 1;
  return Math.min(1.6, Math.max(0.35, (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / MID_TONE));
}

/**
 * How colourful the photo is, from its skin: 0 for a black-and-white photo,
 * 1 for a photo in ordinary colour. The saturation of the skin patches'
 * mean colour ((max - min) / max of the sRGB channels) over
 * {@link COLOURFUL_SKIN_SATURATION}, clamped to 0..1. It desaturates the
 * synthesised mouth interior, whose colours are authored for a colour
 * photo: in a black-and-white portrait a red tongue and gums stood out.
 */
export function skinSaturation(photo: { data: ArrayLike<number>; width: number; height: number }, landmarks: PortraitLandmarks): number {
  const c = meanSkinColour(photo, landmarks);
  if (!c) return 1;
  const hi = Math.max(...c);
  return hi > 0 ? Math.min(1, (hi - Math.min(...c)) / hi / COLOURFUL_SKIN_SATURATION) : 0;
}
