// Pitch (F0) and loudness tracks for the teacher's prosody layer, on the
// feature clock: frame t is centred on sample t * hop (10 ms at 16 kHz, as in
// models/features.md), samples outside the audio are zero, and a signal of n
// samples has ceil(n / hop) frames.
//
// F0: YIN (de Cheveigné & Kawahara 2002). For each frame, the difference
// function d(tau) = sum_j (x[j] - x[j + tau])^2 over a window of `window`
// samples starting half a window before the centre, its cumulative-mean
// normalisation d'(tau), the first tau in [minLag, maxLag] where d' dips
// below `threshold` (then down to its local minimum), refined by parabolic
// interpolation. Threshold 0.25: on espeak-ng voices 0.15 loses about a third
// of the voiced frames and 0.35 starts to give octave errors. Unvoiced
// (0 Hz) where no dip is found or the frame is more than `silenceDb` below
// the utterance's loudest frame. Deterministic and
// dependency-free; accurate enough for head nods and brow accents, not for
// intonation research.

const DEFAULTS = {
  sampleRate: 16000,
  hop: 160,
  window: 400,
  minHz: 60,
  maxHz: 500,
  threshold: 0.25,
  silenceDb: 40,
  decimate: 2,
};

// Half-band low-pass for the 2:1 decimation before YIN: 47-tap windowed sinc
// (Blackman), cut-off a quarter of the input rate (4 kHz at 16 kHz input).
// F0 and its first harmonics lie far below it, so the track barely changes
// (measured in README.md) while YIN does a quarter of the work.
const HALF_BAND = (() => {
  const taps = 47;
  const mid = (taps - 1) / 2;
  const h = new Float64Array(taps);
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const k = i - mid;
    const sinc = k === 0 ? 0.5 : Math.sin(Math.PI * 0.5 * k) / (Math.PI * k);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (taps - 1));
    h[i] = sinc * w;
    sum += h[i];
  }
  for (let i = 0; i < taps; i++) h[i] /= sum;
  return h;
})();

/** Every second sample of the zero-phase half-band-filtered signal (sample 2m of the input is output m). */
export function decimate2(samples) {
  const n = samples.length;
  const out = new Float32Array(Math.ceil(n / 2));
  const mid = (HALF_BAND.length - 1) / 2;
  for (let m = 0; m < out.length; m++) {
    const c = 2 * m;
    let acc = 0;
    const lo = Math.max(0, c - mid);
    const hi = Math.min(n - 1, c + mid);
    for (let i = lo; i <= hi; i++) acc += samples[i] * HALF_BAND[i - c + mid];
    out[m] = acc;
  }
  return out;
}

/** Number of frames for n samples: ceil(n / hop). */
export function frameCount(n, hop = DEFAULTS.hop) {
  return Math.floor((n + hop - 1) / hop);
}

/**
 * Loudness in dB (full scale: a full-scale square wave is 0 dB, a full-scale
 * sine -3 dB) per frame: mean square over a centred `window`, floor -100 dB.
 * @param {Float32Array} samples mono PCM in [-1, 1]
 * @returns {Float32Array} one value per frame
 */
export function loudnessDb(samples, options = {}) {
  const { hop, window } = { ...DEFAULTS, ...options };
  const n = samples.length;
  const frames = frameCount(n, hop);
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i] + samples[i] * samples[i];
  const out = new Float32Array(frames);
  const half = window >> 1;
  for (let t = 0; t < frames; t++) {
    const c = t * hop;
    const a = Math.max(0, c - half);
    const b = Math.min(n, c - half + window);
    const energy = b > a ? (cum[b] - cum[a]) / window : 0; // zeros outside count in the mean
    out[t] = Math.max(-100, 10 * Math.log10(energy + 1e-10));
  }
  return out;
}

/**
 * YIN F0 per frame (Hz, 0 = unvoiced).
 * @param {Float32Array} samples mono PCM at options.sampleRate (default 16 kHz)
 * @param {{sampleRate?: number, hop?: number, window?: number, minHz?: number, maxHz?: number,
 *   threshold?: number, silenceDb?: number, decimate?: 1|2, loudness?: Float32Array}} [options]
 *   decimate: 2 (default) runs YIN on a half-band-filtered 2:1 decimation (4x less work)
 * @returns {Float32Array} one value per frame
 */
export function yinPitch(samples, options = {}) {
  const o = { ...DEFAULTS, ...options };
  const frames = frameCount(samples.length, o.hop);
  const loud = o.loudness ?? loudnessDb(samples, o);
  if (o.decimate === 2) {
    if (o.hop % 2 !== 0 || o.window % 2 !== 0) throw new Error('yinPitch: decimate 2 needs an even hop and window');
    // Same frame clock (frame t centred on input sample t * hop = decimated sample t * hop / 2).
    const f0 = yinPitch(decimate2(samples), { ...o, sampleRate: o.sampleRate / 2, hop: o.hop / 2, window: o.window / 2, decimate: 1, loudness: loud });
    return f0.length === frames ? f0 : f0.slice(0, frames);
  }
  if (o.decimate !== 1) throw new Error(`yinPitch: decimate must be 1 or 2, got ${o.decimate}`);
  const n = samples.length;
  const f0 = new Float32Array(frames);
  if (frames === 0) return f0;
  let peak = -Infinity;
  for (const v of loud) peak = Math.max(peak, v);
  const minLag = Math.max(2, Math.floor(o.sampleRate / o.maxHz));
  const maxLag = Math.ceil(o.sampleRate / o.minHz);
  const W = o.window;
  const half = W >> 1;
  // Zero-padded copy so every frame reads inside the buffer.
  const pad = half + 1;
  const x = new Float64Array(n + 2 * pad + maxLag + W);
  for (let i = 0; i < n; i++) x[pad + i] = samples[i];
  const d = new Float64Array(maxLag + 2);
  for (let t = 0; t < frames; t++) {
    if (!(loud[t] > peak - o.silenceDb) || loud[t] <= -90) continue;
    const s = pad + t * o.hop - half;
    // d'(tau) is computed lazily, only up to the lag where the search stops
    // (the first dip, its local minimum and one more for the interpolation):
    // the same numbers as computing every lag, about 3x fewer for voiced frames.
    d[0] = 0;
    let running = 0;
    let computed = 0;
    const upTo = (lag) => {
      for (let tau = computed + 1; tau <= lag; tau++) {
        let sum = 0;
        for (let j = 0; j < W; j++) {
          const diff = x[s + j] - x[s + j + tau];
          sum += diff * diff;
        }
        running += sum;
        d[tau] = running > 0 ? (sum * tau) / running : 1;
      }
      if (lag > computed) computed = lag;
    };
    let found = -1;
    upTo(minLag);
    for (let tau = minLag; tau <= maxLag; tau++) {
      upTo(tau);
      if (d[tau] < o.threshold) {
        upTo(tau + 1);
        while (tau + 1 <= maxLag && d[tau + 1] < d[tau]) {
          tau++;
          upTo(tau + 1);
        }
        found = tau;
        break;
      }
    }
    if (found < 0) continue;
    upTo(found + 1);
    const a = d[found - 1];
    const b = d[found];
    const c = d[found + 1];
    const den = a - 2 * b + c;
    const shift = den > 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0;
    f0[t] = o.sampleRate / (found + shift);
  }
  return f0;
}

/**
 * Both prosody tracks in the shape the teacher takes (`prosody` option).
 * @returns {{fps: number, f0Hz: Float32Array, loudnessDb: Float32Array}}
 */
export function prosodyTracks(samples, options = {}) {
  const o = { ...DEFAULTS, ...options };
  const loudness = loudnessDb(samples, o);
  const f0Hz = yinPitch(samples, { ...o, loudness });
  return { fps: o.sampleRate / o.hop, f0Hz, loudnessDb: loudness };
}
