import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import { shapeLipsByViseme, VISEME_LIP_CHANNELS, VISEME_LIP_SHAPES } from '../../src/runtime/shapeLipsByViseme.js';
import { articulationToWeights, OCULUS_VISEMES, parsePhone, phoneTarget, visemeOf } from '../../src/teacher/index.js';

const REPRESENTATIVE = { sil: '_', PP: 'm', FF: 'f', TH: 'θ', DD: 'd', kk: 'k', CH: 'ʃ', SS: 's', nn: 'n', RR: 'ɹ', aa: 'ɑ', E: 'e', I: 'i', O: 'ɔ', U: 'u' } as const;

/** Logits for one row: viseme `k` gets probability `p`, the others share the rest. */
function logits(k: number, p: number): Float32Array {
  const l = new Float32Array(15).fill(Math.log((1 - p) / 14));
  l[k] = Math.log(p);
  return l;
}

describe('shapeLipsByViseme', () => {
  it("its shape table is the teacher's steady lip shape of each viseme's representative phone", () => {
    OCULUS_VISEMES.forEach((v, k) => {
      const parsed = parsePhone(REPRESENTATIVE[v]);
      expect(parsed.components[0]).toBeDefined();
      // The representative must belong to the viseme it stands for.
      expect(OCULUS_VISEMES[visemeOf(parsed.components[0])]).toBe(v);
      const w = new Float32Array(52);
      articulationToWeights(phoneTarget(parsed.components[0]).target, 1, w);
      VISEME_LIP_CHANNELS.forEach((name, c) => {
        expect(VISEME_LIP_SHAPES[k][c]).toBeCloseTo(w[BLENDSHAPE_INDEX[name as keyof typeof BLENDSHAPE_INDEX]], 4);
      });
    });
  });

  it('strength 1 with a certain head gives the viseme shape; strength 0.5 goes half way; jawOpen and mouthClose stay', () => {
    const U = OCULUS_VISEMES.indexOf('U');
    const row = (): Float32Array => {
      const m = new Float32Array(58);
      m[BLENDSHAPE_INDEX.jawOpen] = 0.2;
      m[BLENDSHAPE_INDEX.mouthClose] = 0.05;
      m[BLENDSHAPE_INDEX.mouthPucker] = 0.1;
      m[BLENDSHAPE_INDEX.mouthStretchLeft] = 0.2;
      return m;
    };
    const full = row();
    shapeLipsByViseme(full, logits(U, 1 - 1e-7), 1, { strength: 1, sharpness: 1 });
    const puckerU = VISEME_LIP_SHAPES[U][VISEME_LIP_CHANNELS.indexOf('mouthPucker')];
    expect(full[BLENDSHAPE_INDEX.mouthPucker]).toBeCloseTo(puckerU, 5);
    expect(full[BLENDSHAPE_INDEX.mouthStretchLeft]).toBeCloseTo(0, 5);
    expect(full[BLENDSHAPE_INDEX.jawOpen]).toBe(row()[BLENDSHAPE_INDEX.jawOpen]);
    expect(full[BLENDSHAPE_INDEX.mouthClose]).toBe(row()[BLENDSHAPE_INDEX.mouthClose]);
    const half = row();
    shapeLipsByViseme(half, logits(U, 1 - 1e-7), 1, { strength: 0.5, sharpness: 1 });
    expect(half[BLENDSHAPE_INDEX.mouthPucker]).toBeCloseTo(0.5 * (0.1 + puckerU), 5);
    const off = row();
    shapeLipsByViseme(off, logits(U, 0.9), 1, { strength: 0, sharpness: 1 });
    expect(off).toEqual(row());
  });

  it('follows the posterior; sharpness pulls it toward the most likely viseme', () => {
    const O = OCULUS_VISEMES.indexOf('O');
    const funnel = VISEME_LIP_CHANNELS.indexOf('mouthFunnel');
    const soft = new Float32Array(58);
    shapeLipsByViseme(soft, logits(O, 0.5), 1, { strength: 1, sharpness: 1 });
    // Half O, the other half spread over 14 visemes (one of them CH and one U also funnel a little).
    const rest = (VISEME_LIP_SHAPES.reduce((s, r, k) => (k === O ? s : s + r[funnel]), 0) * 0.5) / 14;
    expect(soft[BLENDSHAPE_INDEX.mouthFunnel]).toBeCloseTo(0.5 * VISEME_LIP_SHAPES[O][funnel] + rest, 5);
    const sharp = new Float32Array(58);
    shapeLipsByViseme(sharp, logits(O, 0.5), 1, { strength: 1, sharpness: 4 });
    expect(sharp[BLENDSHAPE_INDEX.mouthFunnel]).toBeGreaterThan(soft[BLENDSHAPE_INDEX.mouthFunnel]);
    expect(sharp[BLENDSHAPE_INDEX.mouthFunnel]).toBeLessThanOrEqual(VISEME_LIP_SHAPES[O][funnel] + 1e-6);
  });
});
