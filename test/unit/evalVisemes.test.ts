import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import { lipClosure } from '../../src/api/lipClosure.js';
import { mouthAperture } from '../../src/api/mouthAperture.js';
import { mouthFeatures } from '../../src/eval/mouthFeatures.js';
import { nearestViseme } from '../../src/eval/nearestViseme.js';
import { OCULUS_VISEMES } from '../../src/eval/oculusVisemes.js';
import { VISEME_TEMPLATES } from '../../src/eval/visemeTemplates.js';
import { visemeWeights } from '../../src/eval/visemeWeights.js';
import { rng } from '../helpers/golden.js';

describe('viseme templates and nearestViseme', () => {
  it('has the 15 Oculus visemes, each a valid ARKit pose that classifies to itself', () => {
    expect(Object.keys(VISEME_TEMPLATES).sort()).toEqual([...OCULUS_VISEMES].sort());
    for (const v of OCULUS_VISEMES) {
      const w = visemeWeights(v);
      expect(w.length).toBe(52);
      for (const x of w) expect(x >= 0 && x <= 1).toBe(true);
      expect(nearestViseme(w)).toEqual({ viseme: v, distance: 0 });
    }
  });

  it('templates are well apart: every pair at least 0.15 apart, and small noise on the mouth does not flip them', () => {
    const f = OCULUS_VISEMES.map((v) => mouthFeatures(visemeWeights(v)));
    for (let i = 0; i < f.length; i++) {
      for (let j = i + 1; j < f.length; j++) {
        const d = Math.hypot(...f[i].map((x, k) => x - f[j][k]));
        expect(d, `${OCULUS_VISEMES[i]} vs ${OCULUS_VISEMES[j]}`).toBeGreaterThan(0.15);
      }
    }
    const r = rng(5);
    for (const v of OCULUS_VISEMES) {
      for (let trial = 0; trial < 20; trial++) {
        const w = visemeWeights(v).map((x) => Math.min(1, Math.max(0, x + (r() * 2 - 1) * 0.02)));
        expect(nearestViseme(w).viseme).toBe(v);
      }
    }
  });

  it('ignores eyes, brows and cheeks', () => {
    const w = visemeWeights('O');
    w[BLENDSHAPE_INDEX.eyeBlinkLeft] = 1;
    w[BLENDSHAPE_INDEX.browInnerUp] = 1;
    w[BLENDSHAPE_INDEX.cheekPuff] = 1;
    expect(nearestViseme(w)).toEqual({ viseme: 'O', distance: 0 });
  });

  it('phonetic sanity: PP closed, sil closed, aa the widest, U narrower than O, spread vowels not pressed', () => {
    const ap = (v: (typeof OCULUS_VISEMES)[number]) => mouthAperture(visemeWeights(v));
    expect(lipClosure(visemeWeights('PP'))).toBe(1);
    expect(lipClosure(visemeWeights('sil'))).toBe(1);
    for (const v of OCULUS_VISEMES) if (v !== 'PP' && v !== 'sil') expect(ap(v)).toBeGreaterThan(0.05);
    for (const v of OCULUS_VISEMES) if (v !== 'aa') expect(ap(v)).toBeLessThan(ap('aa'));
    expect(ap('U')).toBeLessThan(ap('O'));
    expect(ap('SS')).toBeLessThan(ap('DD'));
    for (const v of ['E', 'I', 'DD', 'SS'] as const) expect(VISEME_TEMPLATES[v].mouthPressLeft ?? 0).toBe(0);
  });

  it('a closed mouth made with jawOpen + mouthClose reads as PP, not as an open vowel', () => {
    const w = visemeWeights('PP');
    w[BLENDSHAPE_INDEX.jawOpen] = 0.3;
    w[BLENDSHAPE_INDEX.mouthClose] = 0.3;
    expect(nearestViseme(w).viseme).toBe('PP');
  });

  it('validates', () => {
    expect(() => nearestViseme(new Float32Array(10))).toThrow(/52 blendshape weights/);
    expect(() => visemeWeights('XX' as never)).toThrow(/Expected one of sil, PP/);
  });
});
