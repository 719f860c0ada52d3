// Quality and streaming tests of the TypeScript resampler: the same
// measurements as native/tests/test_resampler.cpp, for a few rates.
import { describe, it, expect } from 'vitest';
import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { Resampler, resample } from '../../src/audio/Resampler.js';
import { bitEqual, concat, rng } from '../helpers/golden.js';

const AMPLITUDE = 0.5;
const PHASE0 = 0.3;
const RMS_IN = AMPLITUDE / Math.SQRT2;

function tone(rate: number, freq: number, n: number): Float32Array {
  const x = new Float32Array(n);
  const w = (2 * Math.PI * freq) / rate;
  for (let i = 0; i < n; i++) x[i] = AMPLITUDE * Math.sin(w * i + PHASE0);
  return x;
}

/** Least-squares fit y[k] ~ a cos(wk) + b sin(wk) over [k0, k1). */
function fitTone(y: Float32Array, w: number, k0: number, k1: number) {
  let scc = 0, sss = 0, scs = 0, syc = 0, sys = 0;
  for (let k = k0; k < k1; k++) {
    const c = Math.cos(w * k), s = Math.sin(w * k), v = y[k]!;
    scc += c * c; sss += s * s; scs += c * s; syc += v * c; sys += v * s;
  }
  const det = scc * sss - scs * scs;
  const a = (syc * sss - sys * scs) / det;
  const b = (sys * scc - syc * scs) / det;
  let res = 0;
  for (let k = k0; k < k1; k++) {
    const e = y[k]! - (a * Math.cos(w * k) + b * Math.sin(w * k));
    res += e * e;
  }
  return { amplitude: Math.hypot(a, b), phase: Math.atan2(a, b), residualRms: Math.sqrt(res / (k1 - k0)) };
}

function rms(y: Float32Array, k0: number, k1: number): number {
  let s = 0;
  for (let k = k0; k < k1; k++) s += y[k]! * y[k]!;
  return Math.sqrt(s / (k1 - k0));
}

const wrapPi = (a: number): number => Math.atan2(Math.sin(a), Math.cos(a));
const db = (ratio: number): number => 20 * Math.log10(Math.max(ratio, 1e-20));




const OUT = 16000;
const RATES = [8000, 22050, 44100, 44101, 48000];

describe.each(RATES)('Resampler %i -> 16000 quality', (inRate) => {
  const n = inRate / 4; // 0.25 s per tone (44101 / 4 is rounded below)
  const len = Math.floor(n);
  const outLen = Resampler.outputLength(len, inRate, OUT);
  const k0 = Math.floor(outLen / 10); // steady state: skip 10% at each end
  const k1 = outLen - Math.floor(outLen / 10);
  const passEdge = 0.4375 * Math.min(inRate, OUT);

  it('has passband ripple <= 0.1 dB, clean output and zero delay up to 0.4375 * min rate', () => {
    const freqs = [50, 100, 200, 500];
    for (let f = 1000; f < passEdge; f += 250) freqs.push(f);
    freqs.push(passEdge);
    let worstRipple = 0, worstResidual = -400, worstTiming = 0;
    for (const f of freqs) {
      const y = resample(tone(inRate, f, len), inRate, OUT);
      const w = (2 * Math.PI * f) / OUT;
      const fit = fitTone(y, w, k0, k1);
      const ripple = db(fit.amplitude / AMPLITUDE);
      if (Math.abs(ripple) > Math.abs(worstRipple)) worstRipple = ripple;
      worstResidual = Math.max(worstResidual, db(fit.residualRms / RMS_IN));
      const timing = wrapPi(fit.phase - PHASE0) / w; // output samples
      if (Math.abs(timing) > Math.abs(worstTiming)) worstTiming = timing;
    }
    expect(Math.abs(worstRipple), `worst ripple ${worstRipple.toFixed(5)} dB`).toBeLessThanOrEqual(0.1);
    expect(worstResidual, `worst residual ${worstResidual.toFixed(1)} dB`).toBeLessThanOrEqual(-70);
    expect(Math.abs(worstTiming), `worst timing ${worstTiming} samples`).toBeLessThanOrEqual(0.01);
  });

  it.runIf(inRate > OUT)('rejects everything from 8 kHz to Nyquist by >= 70 dB', () => {
    const freqs = [8000, 8050];
    for (let f = 8250; f < inRate / 2; f += 250) freqs.push(f);
    freqs.push(inRate / 2 - 10);
    let worst = -400;
    for (const f of freqs) {
      const y = resample(tone(inRate, f, len), inRate, OUT);
      // Aliases land anywhere in the output band: measure all of its energy.
      worst = Math.max(worst, db(rms(y, k0, k1) / RMS_IN));
    }
    expect(worst, `worst stopband level ${worst.toFixed(1)} dB`).toBeLessThanOrEqual(-70);
  });

  it('puts an impulse on the output clock (no delay, symmetric)', () => {
    const g = ((a: number, b: number): number => { while (b) [a, b] = [b, a % b]; return a; })(inRate, OUT);
    const up = OUT / g, down = inRate / g;
    const j = Math.ceil(2000 / down);
    const x = new Float32Array(j * down + 4000);
    x[j * down] = 1;
    const y = resample(x, inRate, OUT);
    let peak = 0;
    for (let k = 1; k < y.length; k++) if (Math.abs(y[k]!) > Math.abs(y[peak]!)) peak = k;
    const a = y[peak - 1]!, c = y[peak]!, d = y[peak + 1]!;
    const lag = peak + (0.5 * (a - d)) / (a - 2 * c + d) - j * up;
    expect(Math.abs(lag)).toBeLessThanOrEqual(0.5);
    for (let m = 1; m < 8; m++) expect(Math.abs(y[j * up + m]! - y[j * up - m]!)).toBeLessThan(1e-6);
  });

  it('gives bit-identical output for any chunking', () => {
    const rand = rng(inRate);
    const x = new Float32Array(Math.floor(inRate / 2) + 1237);
    for (let i = 0; i < x.length; i++) x[i] = (rand() * 2 - 1) * 0.8;
    const whole = resample(x, inRate, OUT);
    expect(whole.length).toBe(Resampler.outputLength(x.length, inRate, OUT));
    const rs = new Resampler(inRate, OUT);
    const sizers: Array<() => number> = [
      () => 1,
      () => 1 + Math.floor(rand() * 16),
      () => 1 + Math.floor(rand() * 5000),
      () => (rand() < 0.25 ? 0 : 1 + Math.floor(rand() * 700)),
      () => (rand() < 0.5 ? 1 : 100 + Math.floor(rand() * 9000)),
    ];
    for (const size of sizers) {
      rs.reset();
      const parts: Float32Array[] = [];
      for (let pos = 0; pos < x.length; ) {
        const l = Math.min(size(), x.length - pos);
        parts.push(rs.process(x.subarray(pos, pos + l)));
        pos += l;
      }
      parts.push(rs.flush());
      expect(bitEqual(concat(parts), whole)).toBe(true);
    }
  });
});

describe('Resampler lengths, identity and errors', () => {
  it('produces exactly ceil(n * out / in) samples, streamed or computed', () => {
    const rand = rng(7);
    const ns = [0, 1, 2, 3, 7, 159, 160, 161, 441, 1000, 44100, 44101];
    for (let i = 0; i < 8; i++) ns.push(Math.floor(rand() * 30000));
    const x = new Float32Array(50000).fill(0.25);
    for (const inRate of [8000, 11025, 16000, 44100, 44101, 48000, 192000]) {
      for (const outRate of [16000, 8000, 44100]) {
        const rs = new Resampler(inRate, outRate);
        for (const n of ns) {
          const expected = Math.ceil((n * outRate) / inRate);
          expect(Resampler.outputLength(n, inRate, outRate)).toBe(expected);
          rs.reset();
          const cut = Math.floor(n / 3);
          const got = rs.process(x.subarray(0, cut)).length + rs.process(x.subarray(cut, n)).length + rs.flush().length;
          expect(got, `${inRate}->${outRate} n=${n}`).toBe(expected);
        }
      }
    }
    // Large counts stay exact (no n * L overflow past 2^53).
    const q = Math.floor(Number.MAX_SAFE_INTEGER / 44101 / 16000);
    expect(Resampler.outputLength(q * 44101 + 1, 44101, 16000)).toBe(q * 16000 + 1);
  });

  it('passes samples through unchanged when the rates are equal', () => {
    const x = new Float32Array(5000).map((_, i) => Math.sin(i * 0.37));
    const rs = new Resampler(16000, 16000);
    const y = concat([rs.process(x.subarray(0, 1)), rs.process(x.subarray(1, 3000)), rs.process(x.subarray(3000)), rs.flush()]);
    expect(bitEqual(y, x)).toBe(true);
    expect(resample(x, 44100, 44100)).not.toBe(x); // a copy, never an alias
  });

  it('keeps a constant flat (unit DC gain in every phase)', () => {
    for (const inRate of [11025, 44101, 48000]) {
      const y = resample(new Float32Array(inRate / 2 | 0).fill(0.5), inRate, OUT);
      for (let k = y.length / 10 | 0; k < y.length - (y.length / 10 | 0); k++) expect(Math.abs(y[k]! - 0.5)).toBeLessThan(1e-5);
    }
  });

  it('rejects bad rates and misuse with MouthpieceError', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(MouthpieceError);
        return `${(e as MouthpieceError).code}: ${(e as MouthpieceError).message}`;
      }
      return 'no error';
    };
    expect(code(() => new Resampler(7, 16000))).toBe(
      'INVALID_ARGUMENT: Expected integer inRate in 8000..192000 but received 7',
    );
    expect(code(() => new Resampler(16000, 192001))).toMatch(/^INVALID_ARGUMENT: .*outRate/);
    expect(code(() => new Resampler(44100.5, 16000))).toMatch(/^INVALID_ARGUMENT: .*inRate/);
    expect(code(() => new Resampler(Number.NaN, 16000))).toMatch(/^INVALID_ARGUMENT/);
    expect(code(() => resample(new Float32Array(4), 16000, 7999))).toMatch(/^INVALID_ARGUMENT/);
    expect(code(() => Resampler.outputLength(-1, 16000, 8000))).toMatch(/^INVALID_ARGUMENT/);
    expect(code(() => new Resampler(48000, 16000).process([1, 2] as unknown as Float32Array))).toMatch(/^INVALID_ARGUMENT/);
    const rs = new Resampler(48000, 16000);
    rs.flush();
    expect(code(() => rs.process(new Float32Array(1)))).toMatch(/^STATE/);
    expect(code(() => rs.flush())).toMatch(/^STATE/);
    rs.reset();
    expect(rs.process(new Float32Array(1000)).length).toBeGreaterThan(0);
    expect(() => new Resampler(8000, 192000)).not.toThrow();
    expect(() => new Resampler(192000, 8000)).not.toThrow();
  });
});
