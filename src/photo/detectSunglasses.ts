import { MouthpieceError } from '../api/MouthpieceError.js';
import { faceTemplate } from './faceTemplate.js';
import type { PortraitLandmarks } from './PortraitLandmarks.js';

/** What {@link detectSunglasses} measured, and its verdict. */
export interface SunglassesReport {
  /** Whether the eyes look covered by dark or tinted lenses. */
  readonly sunglasses: boolean;
  /** Share of the band under the lower lids whose colour is the cheeks' skin (chroma within 3 sigma, lightness 0.45-1.5 times). */
  readonly skinUnderEyes: number;
  /** That band's mean lightness (CIE L*) over the cheeks'. */
  readonly lightnessUnderEyes: number;
  /** The brightest quarter of the eye openings' lightness over the cheeks' (an open eye's white shows there). */
  readonly eyeWhite: number;
  /**
   * How much darker the irises are than the openings' brightest quarter, over the cheeks' lightness:
   * {@link eyeWhite} minus the mean lightness of the lighter iris (the inner 60 % of its disc). A bare
   * eye shows a dark iris against its white; a mirrored lens shows neither.
   */
  readonly irisContrast: number;
}

/** Cheek landmarks (level with the nose's wings, below the lenses of most sunglasses) whose discs give the skin's colour. */
const CHEEKS = [205, 425];

/**
 * Whether a portrait's eyes are behind sunglasses, from its pixels around
 * the landmarks: under each lower lid a real face shows skin the colour of
 * its cheeks, and inside each eye opening the white of the eye; behind a
 * dark or tinted lens the band under the lids is neither skin-coloured nor
 * as light as the cheeks, or the openings have no white. Why: the landmark
 * model places eyes behind lenses as confidently as bare ones (all such
 * portraits of the shared set score 1.00), and the photo avatar's blinks
 * and gaze would bend the lenses' picture.
 *
 * The rule (skin under 0.35 with lightness under 0.7, or an eye white under
 * 0.25 with skin under 0.6, or skin under 0.35 with an iris contrast under
 * 0.05) was chosen on the 85 usable portraits of the project's shared set,
 * in sample: it finds 8 of its 9 pairs of sunglasses (every dark or tinted
 * pair, and one mirrored pair that shows no iris) and flags none of the 76
 * others, 12 of them in clear glasses. Missed: mirrored lenses whose
 * reflection has dark parts where the irises would be (1 of the 9), and
 * light brown tints, which keep the skin's hue and read as skin in shadow.
 *
 * @param photo - RGB or RGBA pixels, the image the landmarks were found on.
 * @param landmarks - From `detectPortrait` or `createNodePortraitDetector`.
 * @example
 * ```ts
 * if (detectSunglasses(pixels, landmarks).sunglasses) status('sunglasses: the eyes will not blink');
 * ```
 */
export function detectSunglasses(photo: { data: ArrayLike<number>; width: number; height: number }, landmarks: PortraitLandmarks): SunglassesReport {
  const { data, width: W, height: H } = photo;
  if (W !== landmarks.width || H !== landmarks.height) {
    throw new MouthpieceError('INVALID_ARGUMENT', `the photo is ${W}x${H} but the landmarks were found on a ${landmarks.width}x${landmarks.height} image`);
  }
  const ch = data.length / (W * H);
  if (ch !== 3 && ch !== 4) throw new MouthpieceError('BAD_IMAGE', `expected RGB or RGBA pixels (${W * H * 3} or ${W * H * 4} values) but received ${data.length}`);
  const G = faceTemplate().groups;
  const P = landmarks.points;
  const pt = (i: number): [number, number] => [P[i * 3], P[i * 3 + 1]];
  const labAt = (x: number, y: number) => {
    const o = (y * W + x) * ch;
    return srgbToLab(data[o], data[o + 1], data[o + 2]);
  };
  const eyeD = Math.hypot(pt(33)[0] - pt(263)[0], pt(33)[1] - pt(263)[1]);

  // The skin: mean and covariance of the cheeks' chroma (a*, b*), and their mean lightness.
  const skin: [number, number, number][] = [];
  for (const c of CHEEKS) {
    const [cx, cy] = pt(c);
    const r = 0.12 * eyeD;
    forPixels(W, H, Math.floor(cx - r), Math.floor(cy - r), Math.ceil(cx + r), Math.ceil(cy + r), (x, y) => {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) skin.push(labAt(x, y));
    });
  }
  if (!skin.length) return { sunglasses: false, skinUnderEyes: NaN, lightnessUnderEyes: NaN, eyeWhite: NaN, irisContrast: NaN };
  const mean = [0, 1, 2].map((k) => skin.reduce((s, v) => s + v[k], 0) / skin.length);
  // Chroma covariance, widened by 2 units of a* and b* so a flat patch does not make every other pixel foreign.
  let saa = 4, sab = 0, sbb = 4;
  for (const v of skin) {
    const da = v[1] - mean[1], db = v[2] - mean[2];
    saa += (da * da) / skin.length;
    sab += (da * db) / skin.length;
    sbb += (db * db) / skin.length;
  }
  const det = saa * sbb - sab * sab;
  const lightness = Math.max(mean[0], 1);

  // The band under each lower lid, from 0.04 to 0.25 eye distances towards the chin.
  const mid = [(pt(33)[0] + pt(263)[0]) / 2, (pt(33)[1] + pt(263)[1]) / 2];
  const down = [pt(152)[0] - mid[0], pt(152)[1] - mid[1]];
  const dl = Math.hypot(down[0], down[1]) || 1;
  const shift = (p: [number, number], k: number): [number, number] => [p[0] + (down[0] / dl) * k * eyeD, p[1] + (down[1] / dl) * k * eyeD];
  let skinLike = 0, bandN = 0, bandL = 0;
  const opening: number[] = [];
  for (const [lower, upper] of [[G.leftEyeLower0, G.leftEyeUpper0], [G.rightEyeLower0, G.rightEyeUpper0]]) {
    const lid = lower.map(pt);
    const band = [...lid.map((p) => shift(p, 0.04)), ...lid.map((p) => shift(p, 0.25)).reverse()];
    forPolygon(W, H, band, (x, y) => {
      const v = labAt(x, y);
      const da = v[1] - mean[1], db = v[2] - mean[2];
      const m2 = (sbb * da * da - 2 * sab * da * db + saa * db * db) / det;
      const l = v[0] / lightness;
      if (m2 <= 9 && l > 0.45 && l < 1.5) skinLike++;
      bandL += l;
      bandN++;
    });
    forPolygon(W, H, [...lid, ...upper.map(pt).reverse()], (x, y) => opening.push(labAt(x, y)[0] / lightness));
  }
  if (!bandN || !opening.length) return { sunglasses: false, skinUnderEyes: NaN, lightnessUnderEyes: NaN, eyeWhite: NaN, irisContrast: NaN };
  opening.sort((a, b) => b - a);
  const quarter = opening.slice(0, Math.max(1, Math.round(opening.length / 4)));
  const skinUnderEyes = skinLike / bandN;
  const lightnessUnderEyes = bandL / bandN;
  const eyeWhite = quarter.reduce((s, v) => s + v, 0) / quarter.length;
  // The lighter of the two irises: both must show dark for the eyes to count as bare.
  let iris = 0;
  for (const c of [468, 473]) {
    const [cx, cy] = pt(c);
    const r = (0.6 * [1, 2, 3, 4].reduce((s, k) => s + Math.hypot(pt(c + k)[0] - cx, pt(c + k)[1] - cy), 0)) / 4;
    let sum = 0, n = 0;
    forPixels(W, H, Math.floor(cx - r), Math.floor(cy - r), Math.ceil(cx + r), Math.ceil(cy + r), (x, y) => {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 > r * r) return;
      sum += labAt(x, y)[0] / lightness;
      n++;
    });
    if (n) iris = Math.max(iris, sum / n);
  }
  const irisContrast = eyeWhite - iris;
  const sunglasses = (skinUnderEyes < 0.35 && lightnessUnderEyes < 0.7) || (eyeWhite < 0.25 && skinUnderEyes < 0.6) || (skinUnderEyes < 0.35 && irisContrast < 0.05);
  return { sunglasses, skinUnderEyes, lightnessUnderEyes, eyeWhite, irisContrast };
}

/** Calls `f` for each pixel (x, y) of the rectangle [x0, x1] x [y0, y1] inside the image. */
function forPixels(W: number, H: number, x0: number, y0: number, x1: number, y1: number, f: (x: number, y: number) => void): void {
  for (let y = Math.max(0, y0); y <= Math.min(H - 1, y1); y++) for (let x = Math.max(0, x0); x <= Math.min(W - 1, x1); x++) f(x, y);
}

/** Calls `f` for each pixel whose centre is inside the polygon (even-odd rule). */
function forPolygon(W: number, H: number, poly: readonly (readonly [number, number])[], f: (x: number, y: number) => void): void {
  const xs = poly.map((p) => p[0]);
  const ys = poly.map((p) => p[1]);
  forPixels(W, H, Math.floor(Math.min(...xs)), Math.floor(Math.min(...ys)), Math.ceil(Math.max(...xs)), Math.ceil(Math.max(...ys)), (x, y) => {
    const px = x + 0.5, py = y + 0.5;
    let inside = false;
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i];
      const [xj, yj] = poly[j];
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
    if (inside) f(x, y);
  });
}

/** sRGB (0..255) to CIE L*a*b* (D65). */
function srgbToLab(r: number, g: number, b: number): [number, number, number] {
  const lin = (c: number) => (c <= 10.31475 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const R = lin(r), Gc = lin(g), B = lin(b);
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const fx = f((0.4124 * R + 0.3576 * Gc + 0.1805 * B) / 0.95047);
  const fy = f(0.2126 * R + 0.7152 * Gc + 0.0722 * B);
  const fz = f((0.0193 * R + 0.1192 * Gc + 0.9505 * B) / 1.08883);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
