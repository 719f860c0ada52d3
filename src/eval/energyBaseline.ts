import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX } from '../api/blendshapeNames.js';
import type { EvalFrames } from './EvalFrames.js';
import { float32Array, nonNegativeNumber, positiveNumber } from './validate.js';
import { frameLevelsDb } from './frameLevelsDb.js';

/** Options of {@link energyBaseline}. */
export interface EnergyBaselineOptions {
  /** Output frames per second (the hop). Default 100 (10 ms). */
  fps?: number;
  /** RMS window, ms, centred on each frame. Default 25. */
  windowMs?: number;
  /** Envelope follower attack time constant, ms. Default 15. */
  attackMs?: number;
  /** Envelope follower release time constant, ms. Default 60. */
  releaseMs?: number;
  /** dB above the measured noise floor where the mouth starts to open. Default 3. */
  gateDb?: number;
  /** jawOpen at the clip's speech level. Default 0.6 (animation.md's aa). */
  maxJawOpen?: number;
}

/** Below this speech level (dBFS) the clip is treated as silent. */
const SILENT_DBFS = -60;

/**
 * The energy-only lip-sync baseline that simple peers use (a mouth driven by
 * the audio's loudness, the "volume" mode of avatar libraries and the jaw
 * channel of JALI): jawOpen from loudness alone, every other weight 0.
 * A fair baseline, tuned the way such systems are tuned, so a learned model
 * must beat it on the phone-aware metrics (closure recall, viseme accuracy)
 * rather than on a weakened opponent.
 *
 * Per frame n (at n / fps s): RMS over a 25 ms window centred on the frame
 * (zero-padded at the clip's edges), in dBFS. Levels are set per clip from
 * percentiles, like an automatic gain: the speech level is the 95th
 * percentile of frame levels; the noise floor is the 10th percentile
 * (conversational recordings spend well over 10 % of their time in
 * pauses), or 30 dB under the speech level when the two are within 6 dB
 * (a clip without pauses, where there is no floor to measure). The mouth
 * starts opening `gateDb` (3 dB) above the floor, never more than 40 dB
 * under the speech level (digital silence would otherwise stretch the
 * scale), and is fully open (maxJawOpen) at the speech level, linearly in
 * dB. The 3 dB gate was chosen on real, noisy recordings (pauses only
 * ~6 dB under speech): 0 dB leaves the mouth open in most pauses, 6-10 dB
 * closes it in pauses but also on quiet open vowels; 3 dB keeps most of
 * the correlation with the phones while resting in most pauses. An envelope follower smooths the result with a 15 ms
 * attack and a 60 ms release, so the mouth opens with onsets and closes
 * more slowly, as an amplitude follower does. If the speech level is below
 * −60 dBFS the clip is silence and every frame is closed. The window looks
 * 12.5 ms ahead; otherwise the method is causal apart from the per-clip
 * levels.
 *
 * @param pcm16k Mono samples at 16 kHz in [-1, 1].
 * @param options See {@link EnergyBaselineOptions}; defaults fps 100, windowMs 25, attackMs 15, releaseMs 60, gateDb 3, maxJawOpen 0.6.
 * @returns Frames with T = floor((N − 1) / hop) + 1 rows (0 for no samples).
 * @example
 * ```ts
 * const baseline = energyBaseline(audio.samples); // { weights, fps: 100 }
 * closureRecall(baseline, phones);
 * ```
 */
export function energyBaseline(pcm16k: Float32Array, options: EnergyBaselineOptions = {}): EvalFrames {
  float32Array('pcm16k', pcm16k);
  const fps = positiveNumber('fps', options.fps ?? 100);
  const windowMs = positiveNumber('windowMs', options.windowMs ?? 25);
  const attackMs = positiveNumber('attackMs', options.attackMs ?? 15);
  const releaseMs = positiveNumber('releaseMs', options.releaseMs ?? 60);
  const maxJaw = positiveNumber('maxJawOpen', options.maxJawOpen ?? 0.6);
  const gateDb = nonNegativeNumber('gateDb', options.gateDb ?? 3);

  const db = frameLevelsDb(pcm16k, fps, windowMs);
  const T = db.length;
  const weights = new Float32Array(T * BLENDSHAPE_COUNT);
  if (T === 0) return { weights, fps };
  const sorted = Float64Array.from(db).sort();
  const pct = (p: number) => sorted[Math.min(T - 1, Math.round(p * (T - 1)))];
  const speech = pct(0.95);
  if (speech < SILENT_DBFS) return { weights, fps };
  const p10 = pct(0.1);
  // A clip with no pauses (a held tone, a phrase trimmed tight) has its 10th
  // percentile near the speech level and no floor to measure: assume 30 dB.
  const floor = speech - p10 < 6 ? speech - 30 : p10;
  const open = Math.min(speech - 3, Math.max(floor + gateDb, speech - 40));
  const attack = 1 - Math.exp(-1000 / (fps * attackMs));
  const release = 1 - Math.exp(-1000 / (fps * releaseMs));
  let env = 0;
  for (let n = 0; n < T; n++) {
    const x = Math.min(1, Math.max(0, (db[n] - open) / (speech - open)));
    env += (x - env) * (x > env ? attack : release);
    weights[n * BLENDSHAPE_COUNT + BLENDSHAPE_INDEX.jawOpen] = maxJaw * env;
  }
  return { weights, fps };
}
