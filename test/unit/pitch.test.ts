import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { decimate2, loudnessDb, yinPitch } from '../../models/training/corpus/pitch.mjs';

// The corpus builder's F0 tracker (teacher prosody). Synthetic voiced sounds
// with known F0: a harmonic-rich tone whose fundamental glides, and silence.

const SR = 16000;

function glide(seconds: number, f0: (t: number) => number): Float32Array {
  const n = Math.round(seconds * SR);
  const x = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    phase += (2 * Math.PI * f0(i / SR)) / SR;
    // Five harmonics with falling amplitude, like a glottal source through a flat tract.
    let v = 0;
    for (let h = 1; h <= 5; h++) v += Math.sin(h * phase) / h;
    x[i] = 0.2 * v;
  }
  return x;
}

describe('yinPitch', () => {
  const f0 = (t: number) => 90 + 200 * t; // 90 -> 290 Hz over one second
  const x = glide(1, f0);

  for (const decimate of [1, 2]) {
    // The window (25 ms plus the lag range) sees a little of the glide ahead
    // of the frame centre: ~1.3 % at 200 Hz/s, so the bound is 2 %.
    it(`tracks a gliding harmonic tone within 2 % (decimate ${decimate})`, () => {
      const track = yinPitch(x, { decimate }) as Float32Array;
      expect(track.length).toBe(Math.ceil(x.length / 160));
      const errors: number[] = [];
      for (let t = 3; t < track.length - 3; t++) errors.push(Math.abs(track[t] / f0((t * 160) / SR) - 1));
      expect(Math.max(...errors)).toBeLessThan(0.02);
    });
  }

  it('measures steady tones from 65 to 480 Hz within 0.5 %', () => {
    for (const hz of [65, 110, 220, 330, 480]) {
      const track = yinPitch(glide(0.3, () => hz)) as Float32Array;
      for (let t = 3; t < track.length - 3; t++) expect(Math.abs(track[t] / hz - 1), `${hz} Hz frame ${t}`).toBeLessThan(0.005);
    }
  });

  it('gives 0 Hz in silence and keeps the frame clock with decimation', () => {
    const y = new Float32Array(SR);
    y.set(x.subarray(0, SR / 2), SR / 4);
    const track = yinPitch(y) as Float32Array;
    expect(track.length).toBe(100);
    expect(Array.from(track.slice(0, 20)).every((v) => v === 0)).toBe(true);
    expect(Array.from(track.slice(80)).every((v) => v === 0)).toBe(true);
    expect(Array.from(track.slice(30, 70)).every((v) => v > 0)).toBe(true);
  });

  it('decimate2 passes low frequencies and rejects the upper band', () => {
    const tone = (hz: number) => Float32Array.from({ length: SR }, (_, i) => Math.sin((2 * Math.PI * hz * i) / SR));
    const rms = (a: Float32Array) => Math.sqrt(a.slice(100, -100).reduce((s, v) => s + v * v, 0) / (a.length - 200));
    expect(rms(decimate2(tone(1000)) as Float32Array)).toBeCloseTo(Math.SQRT1_2, 2);
    expect(rms(decimate2(tone(5000)) as Float32Array)).toBeLessThan(0.01 * Math.SQRT1_2);
    expect((loudnessDb(tone(1000)) as Float32Array)[50]).toBeCloseTo(-3.01, 1);
  });
});
