import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, BLENDSHAPE_NAMES, lipClosure, mouthAperture, MouthpieceError } from '../../src/api/index.js';

function weights(set: Partial<Record<(typeof BLENDSHAPE_NAMES)[number], number>>): Float32Array {
  const w = new Float32Array(BLENDSHAPE_COUNT);
  for (const [k, v] of Object.entries(set)) w[BLENDSHAPE_INDEX[k as keyof typeof BLENDSHAPE_INDEX]] = v as number;
  return w;
}

describe('ARKit names', () => {
  it('has the 52 names in ARKit order, unique', () => {
    expect(BLENDSHAPE_NAMES).toHaveLength(52);
    expect(new Set(BLENDSHAPE_NAMES).size).toBe(52);
    expect(BLENDSHAPE_NAMES[0]).toBe('eyeBlinkLeft');
    expect(BLENDSHAPE_NAMES[17]).toBe('jawOpen');
    expect(BLENDSHAPE_NAMES[18]).toBe('mouthClose');
    expect(BLENDSHAPE_NAMES[51]).toBe('tongueOut');
    expect(BLENDSHAPE_INDEX.browInnerUp).toBe(43);
  });
});

describe('mouth aperture and lip closure', () => {
  it('rest is closed', () => {
    expect(mouthAperture(weights({}))).toBe(0);
    expect(lipClosure(weights({}))).toBe(1);
  });
  it('jawOpen opens, mouthClose cancels it at the lips', () => {
    expect(mouthAperture(weights({ jawOpen: 0.6 }))).toBeCloseTo(0.6, 6);
    expect(lipClosure(weights({ jawOpen: 0.6 }))).toBe(0);
    expect(mouthAperture(weights({ jawOpen: 0.3, mouthClose: 0.3 }))).toBe(0);
    expect(lipClosure(weights({ jawOpen: 0.3, mouthClose: 0.3 }))).toBe(1);
  });
  it('is monotonic in jawOpen and bounded', () => {
    let prev = -1;
    for (let j = 0; j <= 1; j += 0.05) {
      const a = mouthAperture(weights({ jawOpen: j, mouthUpperUpLeft: 1, mouthUpperUpRight: 1, mouthLowerDownLeft: 1, mouthLowerDownRight: 1, mouthFunnel: 1 }));
      expect(a).toBeGreaterThanOrEqual(prev);
      expect(a).toBeLessThanOrEqual(1);
      prev = a;
    }
  });
  it('pressed and rolled lips reduce the gap', () => {
    const open = mouthAperture(weights({ jawOpen: 0.2 }));
    expect(mouthAperture(weights({ jawOpen: 0.2, mouthPressLeft: 1, mouthPressRight: 1 }))).toBeLessThan(open);
    expect(mouthAperture(weights({ jawOpen: 0.2, mouthRollUpper: 1, mouthRollLower: 1 }))).toBeLessThan(open);
  });
  it('closure threshold: aperture 0.05 is half closed', () => {
    expect(lipClosure(weights({ jawOpen: 0.05 }))).toBeCloseTo(0.5, 6);
  });
  it('rejects the wrong length with a named error', () => {
    expect(() => mouthAperture(new Float32Array(51))).toThrowError(MouthpieceError);
    expect(() => mouthAperture(new Float32Array(51))).toThrowError(/Expected 52 blendshape weights/);
  });
});
