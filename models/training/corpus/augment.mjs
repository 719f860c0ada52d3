// Stored augmentations of the synthetic corpus: the ones too expensive (or
// too tool-dependent) for the trainer to redo on the fly. Each takes the
// clean 16 kHz utterance (float PCM + phone timeline) and gives a new one
// whose phone timeline still matches its audio; the builder then computes
// features and teacher targets for it like for any utterance. The cheap
// ones (level, noise, reverb, band-limiting, clipping) are the trainer's,
// on the fly (recipe in README.md, "Augmentation").
//
// Kinds (parameters drawn by drawAugmentation from a seeded stream):
// - tempo   sox `tempo -s F` (WSOLA, pitch and spectrum kept), F in
//           [0.85, 1.15]: F > 1 is faster. Every phone time is multiplied
//           by the audio's actual length ratio (= 1 / F to within a few
//           samples), the last end set to the new audio's end; the teacher
//           then runs on the scaled timeline (targets are recomputed, not
//           stretched curves).
// - pitch   sox `pitch C` (cents, +-400, duration kept; formants move with
//           F0 since sox's pitch is tempo + resampling). sox's output is
//           shifted in time by up to ~13 ms at +-400 cents (its WSOLA stage;
//           later for lower pitch): the shift is measured by
//           cross-correlating the two energy envelopes (5 ms), recorded as
//           `delay` and removed, so the timeline holds unchanged; length
//           fixed to the clean one's.
// - formant vocal-tract-length shift: the spectral envelope is warped along
//           frequency by alpha in [0.89, 1.12] (alpha > 1: formants up, a
//           shorter tract), F0 and timing unchanged. Done here, in the STFT
//           domain (512-point Hann frames, hop 128): per frame the envelope
//           is the cepstrally smoothed log magnitude (first 24 quefrency
//           bins, 1.5 ms, well below the period of any F0 under 600 Hz);
//           the frame is multiplied by exp(env(f / alpha) - env(f)), the
//           gain clamped to +-24 dB, phases kept, weighted overlap-add. sox
//           alone cannot do this: `speed` + `tempo` (or `pitch`) moves F0
//           and formants together. Limits: the harmonics keep their
//           frequencies, so only the envelope is warped (like VTLP); above
//           the warped band edge (alpha < 1) the top envelope value is
//           extended; unvoiced noise is reshaped as well; the gain is
//           smooth across frames only as far as the envelopes are, which
//           at 32 ms frames and hop 8 ms is inaudible in practice.
// - mp3     `lame --resample 16 -b K` (K in 24/32/48/64 kbit/s, MPEG-2
//           layer III) then `lame --decode`.
// - opus    `opusenc --bitrate K` (K in 8/12/16/24/32 kbit/s) then
//           `opusdec --rate 16000 --float`.
//           Codec delay: the decoded audio is cross-correlated with the
//           clean audio (lags within +-200 ms, FFT), shifted by the best lag
//           (recorded as `delay`, in samples at 16 kHz: positive = the
//           decoded audio is late) and cut/padded to the clean length, so
//           the clean timeline holds. Measured (lame 3.100, opus-tools 0.2 /
//           libopus 1.3.1) on espeak-ng speech: mp3 576 samples at 24 and
//           32 kbit/s, 0 at 48 and 64 (lame --decode removes the delay only
//           in some cases, hence the measurement per utterance), opus -1..+1
//           (opusdec applies the pre-skip).
// - clip    hard clipping at the clean peak minus D dB, D in [1, 6]: the
//           loudest few per cent of the waveform are flattened; no gain.
//
// Deterministic: same input, parameters and tool versions give the same
// samples (sox runs with -R -D and writes float, opusdec writes float).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { readWav } from './alignmentCheck.mjs';

export const SAMPLE_RATE = 16000;
export const AUGMENTATION_KINDS = ['tempo', 'pitch', 'formant', 'mp3', 'opus', 'clip'];

/** Programs each kind runs, and the Debian/Ubuntu package that has them. */
export const TOOLS = {
  tempo: [['sox', 'sox']],
  pitch: [['sox', 'sox']],
  formant: [],
  mp3: [['lame', 'lame']],
  opus: [['opusenc', 'opus-tools'], ['opusdec', 'opus-tools']],
  clip: [],
};

const available = new Map();
function hasProgram(name) {
  if (!available.has(name)) available.set(name, spawnSync(name, ['--version'], { stdio: 'ignore' }).error === undefined);
  return available.get(name);
}

/** Programs missing for `kinds`, as `program (package)` strings; [] when all are there. */
export function missingTools(kinds) {
  const missing = new Set();
  for (const k of kinds) {
    if (!TOOLS[k]) throw new Error(`Unknown augmentation kind '${k}' (have: ${AUGMENTATION_KINDS.join(', ')})`);
    for (const [program, pkg] of TOOLS[k]) if (!hasProgram(program)) missing.add(`${program} (apt package ${pkg})`);
  }
  return [...missing];
}

const round3 = (x) => Math.round(x * 1000) / 1000;
const pick = (list, rng) => list[Math.floor(rng() * list.length)];

/**
 * Parameters of one augmentation of `kind`, drawn from `rng` (() => [0, 1)).
 * The object is what the manifest's `augmentation` field holds (the codec
 * kinds get `delay` added by augment()).
 */
export function drawAugmentation(kind, rng) {
  switch (kind) {
    case 'tempo': {
      // Uniform in [-15 %, +15 %], away from 1 (at least 3 %), to 3 decimals.
      const mag = 0.03 + rng() * 0.12;
      return { kind, factor: round3(rng() < 0.5 ? 1 - mag : 1 + mag) };
    }
    case 'pitch': {
      const mag = 50 + Math.floor(rng() * 351); // 50..400 cents
      return { kind, cents: rng() < 0.5 ? -mag : mag };
    }
    case 'formant':
      return { kind, alpha: round3(Math.exp(Math.log(0.89) + rng() * (Math.log(1.12) - Math.log(0.89)))) };
    case 'mp3':
      return { kind, bitrate: pick([24, 32, 48, 64], rng) };
    case 'opus':
      return { kind, bitrate: pick([8, 12, 16, 24, 32], rng) };
    case 'clip':
      return { kind, db: round3(1 + rng() * 5) };
    default:
      throw new Error(`Unknown augmentation kind '${kind}' (have: ${AUGMENTATION_KINDS.join(', ')})`);
  }
}

// ---------------------------------------------------------------------------
// WAV I/O for the external tools.

function writeWav(file, pcm, { float = false } = {}) {
  const bytes = float ? 4 : 2;
  const buf = Buffer.alloc(44 + bytes * pcm.length);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + bytes * pcm.length, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(float ? 3 : 1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(SAMPLE_RATE, 24);
  buf.writeUInt32LE(bytes * SAMPLE_RATE, 28);
  buf.writeUInt16LE(bytes, 32);
  buf.writeUInt16LE(8 * bytes, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(bytes * pcm.length, 40);
  for (let i = 0; i < pcm.length; i++) {
    if (float) buf.writeFloatLE(pcm[i], 44 + 4 * i);
    else buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(pcm[i] * 32768))), 44 + 2 * i);
  }
  writeFileSync(file, buf);
}

function readBack(file) {
  const { samples, sampleRate } = readWav(file);
  if (sampleRate !== SAMPLE_RATE) throw new Error(`${path.basename(file)}: expected ${SAMPLE_RATE} Hz, got ${sampleRate}`);
  return samples;
}

function run(program, args) {
  try {
    execFileSync(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const pkg = Object.values(TOOLS).flat().find(([p]) => p === program)?.[1];
    if (e.code === 'ENOENT') throw new Error(`augmentation needs '${program}' (apt package ${pkg})`);
    throw new Error(`${program} ${args.join(' ')} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
}

function sox(pcm, effect, dir) {
  const inp = path.join(dir, 'in.wav');
  const out = path.join(dir, 'out.wav');
  writeWav(inp, pcm, { float: true });
  run('sox', ['-R', '-D', '-V1', inp, '-e', 'floating-point', '-b', '32', out, ...effect]);
  return readBack(out);
}

/** `pcm` cut or zero-padded to `n` samples, read from offset `shift`. */
function fitted(pcm, n, shift = 0) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i + shift;
    if (j >= 0 && j < pcm.length) out[i] = pcm[j];
  }
  return out;
}

// ---------------------------------------------------------------------------
// FFT (radix 2, in place) and what uses it.

function fft(re, im, inverse = false) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
  if (inverse) for (let i = 0; i < n; i++) (re[i] /= n), (im[i] /= n);
}

/**
 * Lag (samples) at which `y` best matches `x`: argmax over |lag| <= maxLag
 * of sum x[i] * y[i + lag]. Positive: `y` is late.
 */
export function bestLag(x, y, maxLag = Math.round(0.2 * SAMPLE_RATE)) {
  let n = 1;
  while (n < x.length + y.length) n <<= 1;
  const ar = new Float64Array(n);
  const ai = new Float64Array(n);
  const br = new Float64Array(n);
  const bi = new Float64Array(n);
  ar.set(x);
  br.set(y);
  fft(ar, ai);
  fft(br, bi);
  // conj(X) * Y -> r[lag] = sum x[i] y[i + lag]
  for (let k = 0; k < n; k++) {
    const r = ar[k] * br[k] + ai[k] * bi[k];
    const i = ar[k] * bi[k] - ai[k] * br[k];
    ar[k] = r;
    ai[k] = i;
  }
  fft(ar, ai, true);
  let best = 0;
  let bestValue = -Infinity;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const v = ar[(lag + n) % n];
    if (v > bestValue) (bestValue = v), (best = lag);
  }
  return best;
}

/**
 * Lag of `y` behind `x` measured on their energy envelopes (squares
 * smoothed over 5 ms, mean removed), for signals whose waveforms no longer
 * correlate (pitch-shifted); lags within +-50 ms.
 */
export function envelopeLag(x, y, maxLag = Math.round(0.05 * SAMPLE_RATE)) {
  const env = (s) => {
    const w = Math.round(0.005 * SAMPLE_RATE);
    const out = new Float64Array(s.length);
    let acc = 0;
    for (let i = 0; i < s.length; i++) {
      acc += s[i] * s[i] - (i >= w ? s[i - w] * s[i - w] : 0);
      out[i] = acc;
    }
    let mean = 0;
    for (const v of out) mean += v;
    mean /= out.length || 1;
    for (let i = 0; i < out.length; i++) out[i] -= mean;
    return out;
  };
  return bestLag(env(x), env(y), maxLag);
}

/** Vocal-tract-length shift by spectral-envelope warping (method in the header). */
export function formantShift(pcm, alpha, { size = 512, hop = 128, lifter = 24, maxGainDb = 24 } = {}) {
  const half = size / 2;
  const win = new Float64Array(size);
  for (let i = 0; i < size; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  const pad = size;
  const total = pcm.length + 2 * pad;
  const acc = new Float64Array(total);
  const norm = new Float64Array(total);
  const maxGain = (maxGainDb / 20) * Math.LN10;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const cr = new Float64Array(size);
  const ci = new Float64Array(size);
  const env = new Float64Array(half + 1);
  for (let start = 0; start + size <= total; start += hop) {
    for (let i = 0; i < size; i++) {
      const j = start + i - pad;
      re[i] = (j >= 0 && j < pcm.length ? pcm[j] : 0) * win[i];
      im[i] = 0;
    }
    fft(re, im);
    // Envelope: liftered real cepstrum of the log magnitude.
    for (let k = 0; k < size; k++) {
      cr[k] = Math.log(Math.hypot(re[k], im[k]) + 1e-9);
      ci[k] = 0;
    }
    fft(cr, ci, true);
    for (let q = lifter + 1; q < size - lifter; q++) cr[q] = 0;
    for (let q = 0; q < size; q++) ci[q] = 0;
    fft(cr, ci);
    for (let k = 0; k <= half; k++) env[k] = cr[k];
    for (let k = 0; k <= half; k++) {
      const src = Math.min(k / alpha, half);
      const k0 = Math.floor(src);
      const k1 = Math.min(k0 + 1, half);
      const warped = env[k0] + (src - k0) * (env[k1] - env[k0]);
      const g = Math.exp(Math.max(-maxGain, Math.min(maxGain, warped - env[k])));
      re[k] *= g;
      im[k] *= g;
      if (k > 0 && k < half) {
        re[size - k] *= g;
        im[size - k] *= g;
      }
    }
    fft(re, im, true);
    for (let i = 0; i < size; i++) {
      acc[start + i] += re[i] * win[i];
      norm[start + i] += win[i] * win[i];
    }
  }
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    const n = norm[i + pad];
    out[i] = n > 1e-9 ? acc[i + pad] / n : 0;
  }
  return out;
}

function codecRoundTrip(pcm, params, dir) {
  const inp = path.join(dir, 'in.wav');
  const dec = path.join(dir, 'dec.wav');
  writeWav(inp, pcm);
  if (params.kind === 'mp3') {
    const mp3 = path.join(dir, 'enc.mp3');
    run('lame', ['--quiet', '--resample', '16', '-b', String(params.bitrate), inp, mp3]);
    run('lame', ['--quiet', '--decode', mp3, dec]);
  } else {
    const opus = path.join(dir, 'enc.opus');
    run('opusenc', ['--quiet', '--bitrate', String(params.bitrate), inp, opus]);
    run('opusdec', ['--quiet', '--rate', String(SAMPLE_RATE), '--float', opus, dec]);
  }
  const decoded = readBack(dec);
  const delay = bestLag(pcm, decoded);
  return { pcm: fitted(decoded, pcm.length, delay), delay };
}

/**
 * Applies one stored augmentation.
 * @param {Float32Array} pcm clean audio, 16 kHz mono float
 * @param {{phone: string, start: number, end: number}[]} phones its timeline (contiguous from 0 to the end)
 * @param {{kind: string}} params from drawAugmentation
 * @param {string} workDir scratch folder (created; its files are removed)
 * @returns {{pcm: Float32Array, phones: object[], augmentation: object}}
 *   the new audio, its timeline, and the manifest description (params, plus
 *   `delay` for the codecs)
 */
export function augment(pcm, phones, params, workDir) {
  mkdirSync(workDir, { recursive: true });
  try {
    switch (params.kind) {
      case 'tempo': {
        const out = sox(pcm, ['tempo', '-s', String(params.factor)], workDir);
        const scale = out.length / pcm.length;
        const end = out.length / SAMPLE_RATE;
        const scaled = phones.map((p, i) => ({ ...p, start: p.start * scale, end: i === phones.length - 1 ? end : p.end * scale }));
        return { pcm: out, phones: scaled, augmentation: { ...params } };
      }
      case 'pitch': {
        const out = sox(pcm, ['pitch', String(params.cents)], workDir);
        const delay = envelopeLag(pcm, out);
        return { pcm: fitted(out, pcm.length, delay), phones, augmentation: { ...params, delay } };
      }
      case 'formant':
        return { pcm: formantShift(pcm, params.alpha), phones, augmentation: { ...params } };
      case 'mp3':
      case 'opus': {
        const r = codecRoundTrip(pcm, params, workDir);
        return { pcm: r.pcm, phones, augmentation: { ...params, delay: r.delay } };
      }
      case 'clip': {
        let peak = 0;
        for (const x of pcm) peak = Math.max(peak, Math.abs(x));
        const t = peak * 10 ** (-params.db / 20);
        return { pcm: pcm.map((x) => Math.max(-t, Math.min(t, x))), phones, augmentation: { ...params } };
      }
      default:
        throw new Error(`Unknown augmentation kind '${params.kind}'`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
