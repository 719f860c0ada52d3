/** Hz of the PCM the eval reads. */
const SAMPLE_RATE = 16000;

/**
 * Frame loudness of 16 kHz PCM in dBFS: the mean square over a window of
 * `windowMs` centred on each frame time n / fps (zeros past the ends,
 * non-finite samples as 0), 10 log10(ms + 1e-12). Frame count:
 * floor((N - 1) / hop) + 1 for N samples.
 *
 * @example
 * ```ts
 * const db = frameLevelsDb(pcm16k, 100); // one value per 10 ms, 25 ms windows
 * ```
 */
export function frameLevelsDb(pcm16k: Float32Array, fps: number, windowMs = 25): Float64Array {
  const N = pcm16k.length;
  const hop = SAMPLE_RATE / fps;
  const T = N > 0 ? Math.floor((N - 1) / hop) + 1 : 0;
  const win = Math.max(1, Math.round((windowMs * SAMPLE_RATE) / 1000));
  const db = new Float64Array(T);
  for (let n = 0; n < T; n++) {
    const a = Math.round(n * hop) - Math.floor(win / 2);
    let s = 0;
    for (let i = Math.max(0, a); i < Math.min(N, a + win); i++) {
      const v = Number.isFinite(pcm16k[i]) ? pcm16k[i] : 0;
      s += v * v;
    }
    db[n] = 10 * Math.log10(s / win + 1e-12);
  }
  return db;
}
