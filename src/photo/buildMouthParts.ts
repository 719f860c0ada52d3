import { BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import { cardCentroid, cardPoint, headVector, PartBuilder, toHeadAxes, type PhotoFit } from './PhotoFit.js';

const JAW = [I.jawOpen, I.jawForward, I.jawLeft, I.jawRight];
const ZERO = [0, 0, 0] as const;

/** The synthesised mouth: what a closed-mouth photo does not have. */
export interface MouthParts {
  /** The photo's own mouth opening (its teeth, if it shows them), faded out as the mouth opens. */
  fill: PartBuilder;
  /** A shaded cavity whose rim is the inner lip line: visible only where the lips part. */
  bag: PartBuilder;
  teethUpper: PartBuilder;
  teethLower: PartBuilder;
  tongue: PartBuilder;
}

/**
 * Builds the mouth interior behind the photo's lips, in head units (so it
 * fits any face size and pose), shaded by the photo's skin brightness so
 * it sits in the same light as the face. The upper teeth stay with the
 * skull; the lower teeth and the tongue follow the jaw targets of the lower
 * lip they sit behind; the cavity's rim is the inner lip line itself.
 *
 * @param rim - The inner lip loop: the lower inner lip from corner to corner, then the upper one back.
 * @param light - The photo's skin brightness relative to a mid-tone (1 = unchanged colours) and how colourful the photo is (0 = black and white, 1 = unchanged colours).
 */
export function buildMouthParts(
  fit: PhotoFit,
  face: PartBuilder,
  rim: readonly number[],
  lowerInner: readonly number[],
  light: { brightness: number; saturation: number },
): MouthParts {
  const m = cardCentroid(fit, rim);
  // Colours are linear (the renderer encodes to sRGB, so linear 0.06 shows as about 0.27): a mouth's inside is dark.
  // Desaturated towards their luminance as far as the photo is, then scaled by its brightness.
  const { brightness, saturation } = light;
  const tone = (c: readonly number[]) => {
    const y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    return c.map((v) => Math.min(1, (y + saturation * (v - y)) * brightness));
  };
  const at = (a: number, b: number, c: number): number[] => {
    const v = headVector(fit, a, b, c);
    return [m[0] + v[0], m[1] + v[1], m[2] + v[2]];
  };
  const meanDelta = (ids: readonly number[], t: number) => {
    const d = [0, 0, 0];
    for (const i of ids) {
      const x = face.delta(t, i);
      for (let k = 0; k < 3; k++) d[k] += x[k] / ids.length;
    }
    return d;
  };

  // The photo's own mouth opening: a fan from its centre, textured (uvs are filled in by the caller).
  const fill = new PartBuilder();
  const fc = fill.add(m, 1, (t) => meanDelta(rim, t));
  for (const i of rim) fill.add(cardPoint(fit, i), 1, (t) => face.delta(t, i));
  for (let k = 0; k < rim.length; k++) fill.idx.push(fc, 1 + k, 1 + ((k + 1) % rim.length));

  // The cavity: rim, two rings receding into the head, a back point.
  const bag = new PartBuilder();
  const rings: [number, number, number, readonly number[]][] = [
    [1, 0, 1, [0.2, 0.05, 0.05]],
    [0.9, 0.004, 0.9, [0.06, 0.012, 0.014]],
    [0.6, 0.016, 0.6, [0.012, 0.003, 0.004]],
  ];
  const n = rim.length;
  for (const [shrink, depth, follow, color] of rings) {
    for (const i of rim) {
      const p = cardPoint(fit, i);
      const back = headVector(fit, 0, 0, -depth);
      const q = [m[0] + (p[0] - m[0]) * shrink + back[0], m[1] + (p[1] - m[1]) * shrink + back[1], m[2] + (p[2] - m[2]) * shrink + back[2]];
      bag.add(q, 1, (t) => face.delta(t, i).map((v) => v * follow), tone(color));
    }
  }
  const backPt = bag.add(at(0, -0.004, -0.028), 1, (t) => meanDelta(rim, t).map((v) => v * 0.4), tone([0.003, 0.001, 0.001]));
  for (let r = 0; r < 2; r++) {
    for (let k = 0; k < n; k++) {
      const a = r * n + k, b = r * n + ((k + 1) % n), c = (r + 1) * n + k, d = (r + 1) * n + ((k + 1) % n);
      bag.idx.push(a, c, b, b, c, d);
    }
  }
  for (let k = 0; k < n; k++) bag.idx.push(2 * n + k, backPt, 2 * n + ((k + 1) % n));

  // Teeth: arches in head axes around the mouth centre, as wide as 80 % of the mouth, curving back at the sides.
  const cornerA = toHeadAxes(fit, [cardPoint(fit, rim[0])[0] - m[0], cardPoint(fit, rim[0])[1] - m[1], cardPoint(fit, rim[0])[2] - m[2]]);
  const halfWidth = Math.max(0.012, Math.abs(cornerA[0]) * 0.8);
  const lowerX = lowerInner.map((i) => toHeadAxes(fit, [fit.card[i * 3] - m[0], fit.card[i * 3 + 1] - m[1], fit.card[i * 3 + 2] - m[2]])[0]);
  const lowerOrder = lowerInner.map((i, k) => ({ i, x: lowerX[k] })).sort((a, b) => a.x - b.x);
  /** The jaw's motion at head-space x: the jaw targets of the lower inner lip there (the lip rides on the jaw). */
  const jawDelta = (x: number, t: number): readonly number[] => {
    if (!JAW.includes(t)) return ZERO;
    const L = lowerOrder;
    if (x <= L[0].x) return face.delta(t, L[0].i);
    for (let k = 1; k < L.length; k++) {
      if (x <= L[k].x) {
        const f = (x - L[k - 1].x) / (L[k].x - L[k - 1].x || 1);
        const a = face.delta(t, L[k - 1].i), b = face.delta(t, L[k].i);
        return a.map((v, j) => v + f * (b[j] - v));
      }
    }
    return face.delta(t, L[L.length - 1].i);
  };
  const COLS = 13;
  const arch = (rows: readonly [number, number, readonly number[]][], back: number, jaw: boolean) => {
    const part = new PartBuilder();
    for (const [y, dz, color] of rows) {
      for (let c = 0; c < COLS; c++) {
        const x = -halfWidth + (2 * halfWidth * c) / (COLS - 1);
        const side = Math.abs(x) / halfWidth;
        const z = -back + dz - 0.012 * side * side; // the arch curves back towards the molars
        const shade = 1 - 0.45 * side * side; // the sides turn away from the light into the mouth's shadow
        part.add(at(x, y, z), 1, (t) => (jaw ? jawDelta(x, t) : ZERO), tone(color.map((v) => v * shade)));
      }
    }
    for (let r = 0; r + 1 < rows.length; r++) {
      for (let c = 0; c + 1 < COLS; c++) {
        const a = r * COLS + c, b = a + 1, d = a + COLS, e = d + 1;
        part.idx.push(a, d, b, b, d, e);
      }
    }
    return part;
  };
  const GUM = [0.3, 0.07, 0.07];
  const ENAMEL = [0.6, 0.55, 0.45];
  const EDGE = [0.45, 0.42, 0.35];
  // Upper incisors reach 2.5 mm below the lip line, the lower ones 1 mm above it and behind: an overbite, hidden by closed lips.
  const teethUpper = arch([[0.007, 0.001, GUM], [0.004, 0, ENAMEL], [-0.0025, 0, EDGE]], 0.003, false);
  const teethLower = arch([[0.001, 0, EDGE], [-0.004, 0, ENAMEL], [-0.007, 0.001, GUM]], 0.0048, true);

  // Tongue: a low dome behind the lower teeth, riding on the jaw; tongueOut pushes it forward past the lips.
  const tongue = new PartBuilder();
  const TU = 9, TV = 5;
  for (let v = 0; v < TV; v++) {
    for (let u = 0; u < TU; u++) {
      const a = (u / (TU - 1)) * 2 - 1; // left..right
      const b = v / (TV - 1); // front..back
      const x = a * halfWidth * 0.85 * Math.sqrt(1 - 0.5 * b * b);
      const y = -0.009 + 0.003 * (1 - a * a) * Math.sin(Math.PI * (0.3 + 0.7 * b));
      const z = -0.006 - 0.02 * b;
      const shade = 1 - 0.75 * b - 0.3 * a * a;
      tongue.add(at(x, y, z), 1, (t) => (t === I.tongueOut ? headVector(fit, 0, 0.002, 0.016 * (1 - 0.5 * b)) : jawDelta(x, t)), tone([0.3 * shade, 0.08 * shade, 0.09 * shade]));
    }
  }
  for (let v = 0; v + 1 < TV; v++) {
    for (let u = 0; u + 1 < TU; u++) {
      const a = v * TU + u, b = a + 1, d = a + TU, e = d + 1;
      tongue.idx.push(a, b, d, b, e, d);
    }
  }
  return { fill, bag, teethUpper, teethLower, tongue };
}
