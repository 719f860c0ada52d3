import { TEACHER_FPS } from './coarticulate.js';
import { MIN_SHAPE_MS, SHAPE_MARGIN_MS, suppressFlicker } from './suppressFlicker.js';

/** Pitch and loudness tracks measured from the audio (e.g. by the corpus builder). */
export interface ProsodyTracks {
  /** Frames per second of both tracks. */
  fps: number;
  /** Fundamental frequency in Hz per frame; 0 where unvoiced. */
  f0Hz: Float32Array;
  /** Loudness in dB (any fixed reference) per frame. */
  loudnessDb: Float32Array;
}

/** A vowel the prosody layer may accent: its time span and stress. */
export interface ProsodicVowel {
  start: number;
  end: number;
  stress: 0 | 1 | 2;
  /** First primary stress of its phrase: the accent brows mark when no F0 is measured. */
  phraseAccent?: boolean;
}

/** Per-frame prosodic motion at the teacher's 100 Hz. */
export interface ProsodyCurves {
  /** Head rotation in radians (positive pitch = chin down). */
  pitch: Float32Array;
  yaw: Float32Array;
  roll: Float32Array;
  /** Brow raise weight (browInnerUp; the outer brows follow at 0.8). */
  brow: Float32Array;
  /** JALI jaw factor from loudness (1 = neutral). */
  jawScale: Float32Array;
}

/**
 * The deterministic prosody layer: nods on stressed syllables, brow raises on
 * pitch accents, head yaw/roll following slow F0 and loudness movement, and
 * a loudness-driven jaw factor. Deterministic on purpose: training targets
 * must be a function of the audio (a regression model learns the mean of
 * anything random); random variation lives in the run-time layers.
 *
 * Without audio tracks (text-timed use), the first primary stress of each
 * phrase is the accent, at a fixed strength, and the head only nods.
 *
 * @example
 * ```ts
 * const p = prosodyCurves(vowels, frames, tracks, 1);
 * ```
 */
export function prosodyCurves(vowels: ProsodicVowel[], frames: number, tracks: ProsodyTracks | undefined, energy: number): ProsodyCurves {
  const pitch = new Float32Array(frames);
  const yaw = new Float32Array(frames);
  const roll = new Float32Array(frames);
  const brow = new Float32Array(frames);
  const jawScale = new Float32Array(frames).fill(1);
  const at = tracks ? resampleTrack(tracks, frames) : undefined;
  const f0Median = at ? median(at.f0.filter((x) => x > 0)) : 0;
  const voicedLoud = at ? at.loud.filter((_, i) => at.f0[i] > 0) : new Float32Array(0);
  const loudRef = voicedLoud.length > 0 ? median(voicedLoud) : 0;

  // Front ends that mark no stress at all (festival's Czech and Indic voices)
  // would leave the head still: take the audio's prominent vowels instead.
  const accented = at && !vowels.some((v) => v.stress > 0) ? inferStress(vowels, at, loudRef, f0Median) : vowels;
  for (const v of accented) {
    if (v.stress === 0) continue;
    const strength = v.stress === 1 ? 1 : 0.5;
    // Accent strength: from F0 excursion when measured, else the phrase's
    // first primary stress (raising the brows on every stress looks twitchy).
    let accent = v.stress === 1 && v.phraseAccent ? 0.6 : 0;
    if (at && f0Median > 0) {
      const st = 12 * Math.log2(Math.max(1, meanVoiced(at.f0, v.start, v.end)) / f0Median);
      accent = clamp01((st - 1) / 4) * strength;
    }
    // Nod: chin down peaking ~80 ms after the vowel starts, ~2 degrees.
    addBump(pitch, v.start + 0.08, 0.09, 0.035 * strength * energy);
    // Brow raise: starts ~150 ms before the vowel, lasts ~450 ms.
    if (accent > 0) addWindow(brow, v.start - 0.15, v.start + 0.45, 0.3 * accent * energy);
  }

  if (at) {
    // Slow head movement with phrase-level F0 and loudness (1-2 Hz envelope).
    const st = Float32Array.from(at.f0, (f) => (f > 0 && f0Median > 0 ? 12 * Math.log2(f / f0Median) : 0));
    const loud = Float32Array.from(at.loud, (l, i) => (at.f0[i] > 0 ? l - loudRef : 0));
    const stSlow = movingAverage(st, 30);
    const loudSlow = movingAverage(loud, 30);
    for (let i = 0; i < frames; i++) {
      yaw[i] = 0.012 * clamp(stSlow[i], -6, 6) * energy;
      roll[i] = 0.006 * clamp(loudSlow[i], -10, 10) * energy;
      pitch[i] -= 0.004 * clamp(stSlow[i], -6, 6) * energy; // rising pitch lifts the chin a little
      // JALI: louder than the utterance's typical voiced level opens the jaw more.
      jawScale[i] = at.f0[i] > 0 || at.loud[i] > loudRef - 20 ? 0.75 + 0.5 * clamp01((at.loud[i] - loudRef + 12) / 18) : 1;
    }
  }
  for (let i = 0; i < frames; i++) brow[i] = Math.min(0.6, brow[i]);
  // Loudness and voicing flip from frame to frame; the jaw should follow
  // syllables, not that jitter (and must not make it flicker): a moving
  // average over about a syllable's half, then no shape under MIN_SHAPE_MS.
  if (at) jawScale.set(suppressFlicker(movingAverage(jawScale, 8), { minWidth: ((MIN_SHAPE_MS + SHAPE_MARGIN_MS) * TEACHER_FPS) / 1000 }));
  return { pitch, yaw, roll, brow, jawScale };
}

/**
 * Stress from the audio when the phone labels carry none: a vowel is
 * prominent (stress 1) when its loudness plus half its F0 excursion (dB +
 * semitones / 2, against the utterance's voiced medians) beats both
 * neighbouring vowels and is no more than 10 below the median. Local maxima
 * give about one accent per two or three syllables, as stress does in speech.
 */
function inferStress(vowels: ProsodicVowel[], at: { f0: Float32Array; loud: Float32Array }, loudRef: number, f0Median: number): ProsodicVowel[] {
  const score = vowels.map((v) => {
    const f0 = meanVoiced(at.f0, v.start, v.end);
    const st = f0 > 0 && f0Median > 0 ? 12 * Math.log2(f0 / f0Median) : 0;
    return meanOver(at.loud, v.start, v.end) - loudRef + 0.5 * st;
  });
  return vowels.map((v, i) => {
    const prev = i > 0 ? score[i - 1] : -Infinity;
    const next = i + 1 < vowels.length ? score[i + 1] : -Infinity;
    const prominent = score[i] > prev && score[i] >= next && score[i] > -10;
    return { ...v, stress: prominent ? 1 : 0 };
  });
}

function meanOver(x: Float32Array, a: number, b: number): number {
  let s = 0;
  let n = 0;
  for (let i = Math.max(0, Math.floor(a * TEACHER_FPS)); i <= Math.min(x.length - 1, Math.ceil(b * TEACHER_FPS)); i++) {
    s += x[i];
    n++;
  }
  return n > 0 ? s / n : -Infinity;
}

function resampleTrack(t: ProsodyTracks, frames: number): { f0: Float32Array; loud: Float32Array } {
  const f0 = new Float32Array(frames);
  const loud = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const j = Math.min(t.f0Hz.length - 1, Math.round((i / TEACHER_FPS) * t.fps));
    f0[i] = j >= 0 ? t.f0Hz[j] : 0;
    loud[i] = j >= 0 ? t.loudnessDb[Math.min(j, t.loudnessDb.length - 1)] : 0;
  }
  return { f0, loud };
}

function addBump(x: Float32Array, centre: number, sigma: number, amp: number): void {
  const from = Math.max(0, Math.floor((centre - 3 * sigma) * TEACHER_FPS));
  const to = Math.min(x.length - 1, Math.ceil((centre + 3 * sigma) * TEACHER_FPS));
  for (let i = from; i <= to; i++) x[i] += amp * Math.exp(-(((i / TEACHER_FPS - centre) / sigma) ** 2) / 2);
}

function addWindow(x: Float32Array, a: number, b: number, amp: number): void {
  const from = Math.max(0, Math.floor(a * TEACHER_FPS));
  const to = Math.min(x.length - 1, Math.ceil(b * TEACHER_FPS));
  for (let i = from; i <= to; i++) {
    const u = (i / TEACHER_FPS - a) / (b - a);
    if (u > 0 && u < 1) x[i] = Math.max(x[i], amp * Math.sin(Math.PI * u) ** 2);
  }
}

function meanVoiced(f0: Float32Array, a: number, b: number): number {
  let s = 0;
  let n = 0;
  for (let i = Math.max(0, Math.floor(a * TEACHER_FPS)); i <= Math.min(f0.length - 1, Math.ceil(b * TEACHER_FPS)); i++) {
    if (f0[i] > 0) {
      s += f0[i];
      n++;
    }
  }
  return n > 0 ? s / n : 0;
}

function movingAverage(x: Float32Array, half: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let s = 0;
    let n = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(x.length - 1, i + half); j++) {
      s += x[j];
      n++;
    }
    out[i] = s / n;
  }
  return out;
}

function median(x: Float32Array): number {
  if (x.length === 0) return 0;
  const s = Float32Array.from(x).sort();
  return s[Math.floor(s.length / 2)];
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function clamp01(x: number): number {
  return clamp(x, 0, 1);
}
