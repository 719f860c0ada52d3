import { MouthpieceError } from '../api/MouthpieceError.js';
import { FEATURE_SPEC } from '../audio/featureSpec.js';
import { melBandCentresHz } from '../audio/MelFrontend.js';

/** Lowest band centre (Hz) of the energy the gate watches. */
export const DIP_GATE_LOW_HZ = 500;
/** Highest band centre (Hz) of the energy the gate watches. */
export const DIP_GATE_HIGH_HZ = 3000;
/** Frames (10 ms) before a frame searched for the louder sound around it. */
export const DIP_GATE_PAST_FRAMES = 20;
/** The most frames after a frame searched for the louder sound around it. */
export const DIP_GATE_MAX_AHEAD_FRAMES = 10;
/** Width (dB) of the gate's ramp, centred on its threshold. */
export const DIP_GATE_RAMP_DB = 6;

/** Indices of the mel bands whose centre lies in [DIP_GATE_LOW_HZ, DIP_GATE_HIGH_HZ]. */
function midBands(): number[] {
  return melBandCentresHz().flatMap((centre, b) => (centre >= DIP_GATE_LOW_HZ && centre <= DIP_GATE_HIGH_HZ ? [b] : []));
}

const MID_BANDS = midBands();

/**
 * An acoustic check on the bilabial seal: lips that are closed radiate
 * almost nothing between 500 and 3000 Hz (a stop's closure is silent, a
 * nasal's murmur sits below 500 Hz), so a seal is allowed only where that
 * band's energy has dipped at least `thresholdDb` under the loudest frame
 * within 200 ms before and up to 100 ms after. Why: the network's viseme
 * head also fires inside long held vowels of real speech (a drawled 'and',
 * a filled 'uh'), where the sound stays loud and no lips can be closed.
 *
 * Streaming and chunk-invariant: frames are pushed as they arrive and the
 * gate of an output row looks no further ahead than the stream's lookahead,
 * so chunked and whole-buffer output agree.
 *
 * @example
 * ```ts
 * const gate = new ClosureDipGate(12, 11, 1);
 * gate.push(features, 100);             // raw log-mel rows, 64 per frame
 * const g = gate.gate(row);             // 0..1 for output row `row`
 * ```
 */
export class ClosureDipGate {
  /** Dip (dB) at which the gate is half open. */
  readonly thresholdDb: number;
  private readonly ahead: number;
  private readonly advance: number;
  /** Mid-band energy (dB) of every frame pushed so far, grown by doubling and trimmed from the front. */
  private energy = new Float32Array(1024);
  /** Absolute frame index of energy[0]. */
  private base = 0;
  /** Frames pushed so far. */
  private frames = 0;

  /**
   * @param thresholdDb Dip (dB, >= 0) at which the gate is half open; it ramps over {@link DIP_GATE_RAMP_DB}.
   * @param networkLookahead Frames the network itself looks ahead (without output advance).
   * @param outputAdvance Frames by which the stream moves output earlier.
   */
  constructor(thresholdDb: number, networkLookahead: number, outputAdvance: number) {
    if (!(Number.isFinite(thresholdDb) && thresholdDb >= 0 && thresholdDb <= 60)) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected dipDb in [0, 60] but received ${String(thresholdDb)}`);
    }
    this.thresholdDb = thresholdDb;
    this.advance = outputAdvance;
    // Row r shows the network's frame r + advance; the gate reads frames up to
    // one past it, each with `ahead` frames of context, all within what the
    // stream has when it emits row r (r + networkLookahead + advance).
    this.ahead = Math.max(0, Math.min(DIP_GATE_MAX_AHEAD_FRAMES, networkLookahead - 1));
  }

  /** Appends `count` raw log-mel rows (before any level normalisation). */
  push(features: Float32Array, count: number): void {
    const bands = FEATURE_SPEC.bands;
    this.trim();
    const need = this.frames - this.base + count;
    if (need > this.energy.length) {
      const grown = new Float32Array(Math.max(need, this.energy.length * 2));
      grown.set(this.energy.subarray(0, this.frames - this.base));
      this.energy = grown;
    }
    for (let t = 0; t < count; t++) {
      let s = 0;
      for (const b of MID_BANDS) s += Math.exp(features[t * bands + b]);
      this.energy[this.frames - this.base + t] = 10 * Math.log10(s + 1e-12);
    }
    this.frames += count;
  }

  /**
   * The gate (0 = seal off, 1 = seal as the detector says) of output row
   * `row` (absolute, from the stream's start): the largest dip of the
   * network frames row + advance - 1 .. row + advance + 1, mapped through a
   * ramp of {@link DIP_GATE_RAMP_DB} centred on the threshold.
   */
  gate(row: number): number {
    if (this.thresholdDb === 0) return 1;
    let dip = 0;
    const centre = row + this.advance;
    for (let k = Math.max(0, centre - 1); k <= centre + 1; k++) dip = Math.max(dip, this.dipAt(k));
    return Math.min(1, Math.max(0, (dip - (this.thresholdDb - DIP_GATE_RAMP_DB / 2)) / DIP_GATE_RAMP_DB));
  }

  /** Back to the start of a stream. */
  reset(): void {
    this.base = 0;
    this.frames = 0;
  }

  /** Loudest frame in [k - past, k + ahead] (within what was pushed) minus frame k, in dB. */
  private dipAt(k: number): number {
    const last = Math.min(this.frames - 1, k + this.ahead);
    if (k > last || k < this.base) return 0;
    let peak = -Infinity;
    for (let i = Math.max(this.base, k - DIP_GATE_PAST_FRAMES); i <= last; i++) peak = Math.max(peak, this.energy[i - this.base]);
    return peak - this.energy[k - this.base];
  }

  /** Drops frames no future row can read (keeps the past window of the oldest row still to come). */
  private trim(): void {
    const keepFrom = Math.max(0, this.frames - 4 * (DIP_GATE_PAST_FRAMES + DIP_GATE_MAX_AHEAD_FRAMES + 2) - 256);
    if (keepFrom <= this.base) return;
    this.energy.copyWithin(0, keepFrom - this.base, this.frames - this.base);
    this.base = keepFrom;
  }
}
