// How well a phone timeline lines up with its audio, measured where it is
// unambiguous: the edges of speech.
//
// Method.
// 1. Envelope: mean-square energy over a centred 10 ms window, evaluated every
//    1 ms (a running sum makes it O(samples)), in dB.
// 2. Speech regions in the audio: envelope above (utterance peak - 35 dB);
//    gaps shorter than the hangover (150 ms: stop closures, geminate ones
//    included, reach ~130 ms) are bridged, regions under 30 ms dropped.
// 3. Speech edges in the timing: an onset where a pause ('_', '', 'sil'...)
//    of the timeline is followed by a phone, an offset where a phone is
//    followed by a pause or the end. Only pauses of at least `minPause`
//    (default 150 ms, as long as the hangover) count, plus any pause at the
//    very start or end; the audio could not show a shorter one.
// 4. Each audio region's start is compared with the nearest timing onset,
//    its end with the nearest timing offset; errors are absolute, in ms.
//    Signed errors (audio minus timing) are kept too: their median shows a
//    systematic shift between events and audio if there is one.
// The envelope threshold finds the first/last 10 ms frame with audible
// energy, so a few ms of error are inherent (quiet fricatives, the 10 ms
// window); tens of ms mean the timing is shifted or a pause is misplaced.

import { readFileSync } from 'node:fs';

const PAUSES = new Set(['', '_', 'sil', 'sp', 'pau', '#', 'h#', '<sil>']);

/** Reads a PCM WAV (8/16/24/32-bit integer or 32-bit float; channels averaged). */
export function readWav(wavPath) {
  const buf = readFileSync(wavPath);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${wavPath}: not a RIFF/WAVE file`);
  let off = 12;
  let fmt = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
      if (fmt.format === 0xfffe && size >= 26) fmt.format = buf.readUInt16LE(body + 24);
    } else if (id === 'data') {
      if (!fmt) throw new Error(`${wavPath}: data before fmt`);
      const bytes = fmt.bits / 8;
      const frames = Math.floor(Math.min(size, buf.length - body) / (bytes * fmt.channels));
      const samples = new Float32Array(frames);
      for (let f = 0; f < frames; f++) {
        let s = 0;
        for (let c = 0; c < fmt.channels; c++) {
          const p = body + (f * fmt.channels + c) * bytes;
          if (fmt.format === 3 && bytes === 4) s += buf.readFloatLE(p);
          else if (bytes === 2) s += buf.readInt16LE(p) / 32768;
          else if (bytes === 1) s += (buf[p] - 128) / 128;
          else if (bytes === 3) s += buf.readIntLE(p, 3) / 8388608;
          else if (bytes === 4) s += buf.readInt32LE(p) / 2147483648;
          else throw new Error(`${wavPath}: unsupported sample format`);
        }
        samples[f] = s / fmt.channels;
      }
      return { samples, sampleRate: fmt.rate };
    }
    off = body + size + (size & 1);
  }
  throw new Error(`${wavPath}: no data chunk`);
}

/**
 * Energy envelope (step 1): dB every `hop` seconds over a centred `window`,
 * and its peak.
 * @returns {{db: Float64Array, peak: number, hop: number}}
 */
export function energyEnvelope(samples, sampleRate, { window = 0.01, hop = 0.001 } = {}) {
  const n = samples.length;
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i] + samples[i] * samples[i];
  const half = Math.max(1, Math.round((window * sampleRate) / 2));
  const step = hop * sampleRate;
  const frames = Math.floor(n / step) + 1;
  const db = new Float64Array(frames);
  let peak = -Infinity;
  for (let f = 0; f < frames; f++) {
    const c = Math.round(f * step);
    const lo = Math.max(0, c - half);
    const hi = Math.min(n, c + half);
    const e = hi > lo ? (cum[hi] - cum[lo]) / (hi - lo) : 0;
    db[f] = 10 * Math.log10(e + 1e-12);
    if (db[f] > peak) peak = db[f];
  }
  return { db, peak, hop };
}

/**
 * Speech regions of a signal, in seconds (steps 1-2 of the method).
 * @returns {{start: number, end: number}[]}
 */
export function speechRegions(samples, sampleRate, { thresholdDb = -35, hangover = 0.15, minRegion = 0.03, window = 0.01, hop = 0.001 } = {}) {
  const n = samples.length;
  const { db, peak } = energyEnvelope(samples, sampleRate, { window, hop });
  const frames = db.length;
  const thr = Math.max(peak + thresholdDb, -90);
  let regions = [];
  let start = -1;
  for (let f = 0; f <= frames; f++) {
    const on = f < frames && db[f] > thr;
    if (on && start < 0) start = f;
    if (!on && start >= 0) {
      regions.push({ start: start * hop, end: Math.min((f - 1) * hop, n / sampleRate) });
      start = -1;
    }
  }
  const bridged = [];
  for (const r of regions) {
    const last = bridged[bridged.length - 1];
    if (last && r.start - last.end < hangover) last.end = r.end;
    else bridged.push({ ...r });
  }
  regions = bridged.filter((r) => r.end - r.start >= minRegion);
  return regions;
}

/** Speech onsets and offsets of a timeline (step 3), in seconds. */
export function timingEdges(phones, { minPause = 0.15 } = {}) {
  const onsets = [];
  const offsets = [];
  const isPause = (p, i) => {
    if (!PAUSES.has(p.phone.trim().toLowerCase())) return false;
    const edge = i === 0 || i === phones.length - 1;
    return edge || p.end - p.start >= minPause;
  };
  let speaking = false;
  phones.forEach((p, i) => {
    const phone = !PAUSES.has(p.phone.trim().toLowerCase());
    const pause = !phone && isPause(p, i); // a short inner pause keeps the state
    if (phone && !speaking) onsets.push(p.start);
    if (pause && speaking) offsets.push(p.start);
    if (pause) speaking = false;
    else if (phone) speaking = true;
  });
  if (speaking && phones.length > 0) offsets.push(phones[phones.length - 1].end);
  return { onsets, offsets };
}

function nearest(x, list) {
  let best = Infinity;
  let signed = NaN;
  for (const y of list) {
    if (Math.abs(x - y) < best) {
      best = Math.abs(x - y);
      signed = x - y;
    }
  }
  return signed;
}

function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((p, q) => p - q);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

function measureOne(u, options) {
  const audio = u.wavPath ? readWav(u.wavPath) : { samples: u.samples, sampleRate: u.sampleRate };
  const regions = speechRegions(audio.samples, audio.sampleRate, options);
  const { onsets, offsets } = timingEdges(u.phones, options);
  const onsetErrorsMs = onsets.length ? regions.map((r) => 1000 * nearest(r.start, onsets)) : [];
  const offsetErrorsMs = offsets.length ? regions.map((r) => 1000 * nearest(r.end, offsets)) : [];
  return { regions, onsets, offsets, onsetErrorsMs, offsetErrorsMs };
}

/**
 * Alignment error of phone timelines against their audio (method above).
 *
 * Call as alignmentError(wavPath, phones), alignmentError({samples,
 * sampleRate}, phones), or alignmentError([{wavPath | samples+sampleRate,
 * phones}, ...]) for a batch; phones are {phone, start, end} in seconds.
 *
 * @returns {{medianOnsetErrorMs: number, medianOffsetErrorMs: number,
 *   medianOnsetShiftMs: number, medianOffsetShiftMs: number,
 *   utterances: {regions, onsets, offsets, onsetErrorsMs: number[], offsetErrorsMs: number[]}[]}}
 *   medians of absolute errors over all regions of all utterances; the
 *   shifts are medians of the signed errors (audio minus timing).
 */
export function alignmentError(audioOrBatch, phones, options = {}) {
  let batch;
  if (Array.isArray(audioOrBatch)) {
    batch = audioOrBatch;
    options = phones ?? {};
  } else if (typeof audioOrBatch === 'string') batch = [{ wavPath: audioOrBatch, phones }];
  else batch = [{ samples: audioOrBatch.samples, sampleRate: audioOrBatch.sampleRate, phones }];
  const utterances = batch.map((u) => measureOne(u, options));
  const on = utterances.flatMap((u) => u.onsetErrorsMs);
  const off = utterances.flatMap((u) => u.offsetErrorsMs);
  return {
    medianOnsetErrorMs: median(on.map(Math.abs)),
    medianOffsetErrorMs: median(off.map(Math.abs)),
    medianOnsetShiftMs: median(on),
    medianOffsetShiftMs: median(off),
    utterances,
  };
}
