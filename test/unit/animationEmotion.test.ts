import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I } from '../../src/api/blendshapeNames.js';
import type { Frame } from '../../src/api/Frame.js';
import { AnimationLayers } from '../../src/animation/AnimationLayers.js';
import { EmotionLayer } from '../../src/animation/EmotionLayer.js';
import { applyEmotionOffsets } from '../../src/teacher/emotion.js';

const frame = (): Frame => ({ time: 0, weights: new Float32Array(BLENDSHAPE_COUNT), head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } } });

describe('EmotionLayer (offsets for frames without emotion)', () => {
  it('at full level it adds exactly the teacher offsets, and its head pitch', () => {
    for (const emotion of ['happy', 'sad', 'angry', 'surprised'] as const) {
      const layer = new EmotionLayer({ emotion, intensity: 0.6 });
      const f = frame();
      f.weights[I.jawOpen] = 0.3;
      f.weights[I.mouthPucker] = 0.4;
      layer.write(f);
      const ref = new Float32Array(BLENDSHAPE_COUNT);
      ref[I.jawOpen] = 0.3;
      ref[I.mouthPucker] = 0.4;
      applyEmotionOffsets(ref, emotion, 0.6);
      for (let i = 0; i < BLENDSHAPE_COUNT; i++) expect(f.weights[i]).toBeCloseTo(ref[i], 6);
    }
    const happy = frame();
    new EmotionLayer({ emotion: 'happy' }).write(happy);
    expect(happy.weights[I.mouthSmileLeft]).toBeCloseTo(0.5, 6);
    expect(happy.head.rotation.pitch).toBeCloseTo(-0.02, 6);
  });

  it('changes blend linearly over the transition; neutral blends out; intensity 0 is neutral', () => {
    const layer = new EmotionLayer({ transition: 0.3 });
    expect(layer.levelOf('happy')).toBe(0);
    layer.set('happy', 1);
    layer.update(0.15);
    expect(layer.levelOf('happy')).toBeCloseTo(0.5, 9);
    layer.update(0.3);
    expect(layer.levelOf('happy')).toBe(1);
    layer.set('sad', 0.8);
    layer.update(0.15);
    expect(layer.levelOf('happy')).toBeCloseTo(0.5, 9);
    expect(layer.levelOf('sad')).toBeCloseTo(0.5, 9);
    layer.set('neutral');
    layer.update(1);
    expect(layer.levelOf('happy') + layer.levelOf('sad')).toBe(0);
    const f = frame();
    new EmotionLayer({ emotion: 'angry', intensity: 0 }).write(f);
    expect(Array.from(f.weights).every((v) => v === 0)).toBe(true);
  });

  it('is off in AnimationLayers by default (model frames carry emotion) and on with setEmotion', () => {
    const off = new AnimationLayers({ seed: 1, blink: false, gaze: false, idle: false, brows: false });
    const a = frame();
    off.apply(a, 1 / 60);
    expect(a.weights[I.mouthSmileLeft]).toBe(0);
    off.setEmotion('happy', 1);
    let b = frame();
    for (let k = 0; k < 30; k++) {
      b = frame();
      b.time = k / 60;
      off.apply(b, 1 / 60);
    }
    expect(b.weights[I.mouthSmileLeft]).toBeCloseTo(0.5, 6);
    expect(() => off.setEmotion('smug' as never)).toThrow(/emotion/);
    expect(() => new EmotionLayer({ intensity: 2 })).toThrow(/intensity/);
  });
});
