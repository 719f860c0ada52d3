import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { CHANNELS, phoneTarget } from './articulation.js';
import { articulationToWeights } from './articulationToWeights.js';
import { coarticulate, TEACHER_FPS, type CoarticulationOptions, type TimedTarget } from './coarticulate.js';
import { applyEmotionOffsets, checkEmotion, emotionFactors, type Emotion } from './emotion.js';
import { holdFrames, lipHolds } from './lipHolds.js';
import { parsePhone } from './parseIpa.js';
import type { PhoneFeatures } from './PhoneFeatures.js';
import { prosodyCurves, type ProsodicVowel, type ProsodyTracks } from './prosody.js';
import { steadyWeights } from './steadyWeights.js';
import { MIN_SHAPE_MS, SHAPE_MARGIN_MS } from './suppressFlicker.js';
import { visemeOf } from './visemes.js';

/** One phone on the timeline: an IPA label with start and end in seconds. */
export interface PhoneSegment {
  /** IPA label (diacritics, length and stress marks allowed); '_' or '' for a pause. */
  phone: string;
  /** Seconds on the audio clock. */
  start: number;
  end: number;
  /** Lexical stress when the label carries none: 0 none, 1 primary, 2 secondary. */
  stress?: 0 | 1 | 2;
}

/** Options of {@link teach}. */
export interface TeachOptions extends CoarticulationOptions {
  /** Output frames per second. Default 100 (the teacher's internal rate). */
  fps?: number;
  /** Emotion rendered on the face. Default 'neutral'. */
  emotion?: Emotion;
  /** Emotion intensity in [0, 1]. Default 1 (0 is neutral exactly). */
  intensity?: number;
  /** F0 and loudness from the audio; without them prosody follows stress marks only. */
  prosody?: ProsodyTracks;
  /** Seconds of output; default the end of the last segment plus 0.3 s. */
  duration?: number;
  /**
   * Language of the labels (ISO code as espeak-ng names it, e.g. 'cmn').
   * Needed only where espeak-ng's output is ambiguous (tone digits in
   * Mandarin, Cantonese, Vietnamese); see parsePhone.
   */
  language?: string;
}

/** What the teacher produces: frames plus the auxiliary tracks a model may also learn. */
export interface TeacherTrack {
  fps: number;
  /** One Frame per output frame (time, 52 weights, head pose). No blinks: they are a run-time layer. */
  frames: Frame[];
  /** Oculus viseme index per output frame (see OCULUS_VISEMES). */
  visemes: Uint8Array;
  /** frames x 6 articulatory channels (see ARTICULATION_CHANNELS). */
  articulation: Float32Array;
}

/**
 * The rule-based teacher: phone timings (and, when there is audio, its F0
 * and loudness) in, ARKit animation out. It powers the synthetic training
 * corpus and is also the text-timed lip-sync mode (phoneme timestamps from a
 * TTS service, no audio analysis needed).
 *
 * Pipeline: IPA -> phonetic features -> articulatory targets -> dominance
 * blending with anticipation and hard lip constraints (100 Hz) -> ARKit
 * weights with a loudness-scaled jaw -> deterministic prosody (nods, brow
 * raises, head motion) -> emotion -> resampled to `fps`.
 *
 * @example
 * ```ts
 * const track = teach([{ phone: 'h', start: 0, end: 0.08 }, { phone: 'aɪ', start: 0.08, end: 0.3 }], { fps: 60 });
 * track.frames[10].weights; // 52 ARKit weights
 * ```
 */
export function teach(segments: PhoneSegment[], options: TeachOptions = {}): TeacherTrack {
  const fps = options.fps ?? TEACHER_FPS;
  if (!(fps > 0 && fps <= 1000)) throw new MouthpieceError('INVALID_ARGUMENT', `Expected fps in (0, 1000] but received ${fps}`);
  const emotion = options.emotion ?? 'neutral';
  const intensity = options.intensity ?? 1;
  checkEmotion(emotion, intensity);
  checkSegments(segments);
  const end = segments.length > 0 ? segments[segments.length - 1].end : 0;
  const duration = options.duration ?? end + 0.3;

  const targets: TimedTarget[] = [];
  const vowels: ProsodicVowel[] = [];
  const visemeSpans: { start: number; end: number; viseme: number }[] = [];
  let phraseHasAccent = false;
  for (const seg of segments) {
    const parsed = parsePhone(seg.phone, { language: options.language });
    const comps = parsed.components;
    const stress = parsed.stress || seg.stress || 0;
    const pauseLen = seg.end - seg.start;
    comps.forEach((f, k) => {
      // Affricates give the stop 40 % of the time; diphthongs split evenly.
      const share = comps.length === 2 && f.kind === 'consonant' ? (k === 0 ? 0.4 : 0.6) : 1 / comps.length;
      const offset = comps.length === 2 && f.kind === 'consonant' && k === 1 ? 0.4 : k / comps.length;
      const start = seg.start + offset * pauseLen;
      const stop = start + share * pauseLen;
      const t = phoneTarget(f);
      if (f.kind === 'pause') {
        // Short pauses hold the neighbours' shape; long ones relax to rest.
        const relax = Math.min(1, Math.max(0, (pauseLen - 0.12) / 0.18));
        t.alpha.fill(0.3 + 6 * relax);
      }
      targets.push({ start, end: stop, target: t.target, alpha: t.alpha, constraint: constraintOf(f), reachMs: f.kind === 'pause' ? 40 : undefined });
      visemeSpans.push({ start, end: stop, viseme: visemeOf(f) });
      if (f.kind === 'pause' && pauseLen >= 0.15) phraseHasAccent = false;
      if (f.kind === 'vowel' && k === 0) {
        const phraseAccent = stress === 1 && !phraseHasAccent;
        if (phraseAccent) phraseHasAccent = true;
        vowels.push({ start: seg.start, end: seg.end, stress: stress as 0 | 1 | 2, phraseAccent });
      }
    });
  }

  const curves = coarticulate(targets, duration, options);
  const frames100 = curves.length / CHANNELS;
  const factors = emotionFactors(emotion, intensity);
  const prosody = prosodyCurves(vowels, frames100, options.prosody, factors.energy);
  const weights100 = new Float32Array(frames100 * BLENDSHAPE_COUNT);
  const w = new Float32Array(BLENDSHAPE_COUNT);
  for (let i = 0; i < frames100; i++) {
    const ch = curves.subarray(i * CHANNELS, (i + 1) * CHANNELS);
    // Without measured loudness, accented syllables (where the brows rise)
    // stand in for JALI's louder-is-wider jaw.
    const stressBoost = options.prosody ? 1 : 1 + 0.1 * prosody.brow[i];
    articulationToWeights(ch, prosody.jawScale[i] * factors.jawScale * stressBoost, w);
    w[I.browInnerUp] = prosody.brow[i];
    w[I.browOuterUpLeft] = w[I.browOuterUpRight] = 0.8 * prosody.brow[i];
    applyEmotionOffsets(w, emotion, intensity);
    weights100.set(w, i * BLENDSHAPE_COUNT);
  }
  // Products of steady channels can still blip: a last anti-flicker pass on
  // the weights themselves, with held closures pinned.
  steadyWeights(weights100, frames100, {
    minWidth: (MIN_SHAPE_MS * TEACHER_FPS) / 1000,
    margin: (SHAPE_MARGIN_MS * TEACHER_FPS) / 1000,
    pinned: holdFrames(lipHolds(targets, options), frames100, TEACHER_FPS),
  });
  return resampleTrack(weights100, curves, prosody, visemeSpans, frames100, fps, duration, factors.headPitch);
}

function constraintOf(f: PhoneFeatures): TimedTarget['constraint'] {
  if (f.kind !== 'consonant') return null;
  if (f.place === 'bilabial' && (f.manner === 'plosive' || f.manner === 'nasal' || f.manner === 'implosive')) return 'bilabial';
  if (f.place === 'labiodental' && f.manner !== 'approximant') return 'labiodental';
  return null;
}

function checkSegments(segments: PhoneSegment[]): void {
  if (!Array.isArray(segments)) throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an array of phone segments');
  let prev = 0;
  segments.forEach((s, i) => {
    if (!s || typeof s.phone !== 'string' || !Number.isFinite(s.start) || !Number.isFinite(s.end) || s.start < 0 || s.end < s.start) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected segment ${i} with a phone and 0 <= start <= end but received ${JSON.stringify(s)}`);
    }
    if (s.start < prev - 1e-6) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected segments in time order but segment ${i} starts at ${s.start} before ${prev}`);
    }
    prev = s.end;
  });
}

/** Linear resampling of the 100 Hz tracks to the caller's fps. */
function resampleTrack(
  weights100: Float32Array,
  curves: Float32Array,
  prosody: ReturnType<typeof prosodyCurves>,
  visemeSpans: { start: number; end: number; viseme: number }[],
  frames100: number,
  fps: number,
  duration: number,
  headPitchOffset: number,
): TeacherTrack {
  const n = Math.max(1, Math.floor(duration * fps) + 1);
  const frames: Frame[] = new Array(n);
  const visemes = new Uint8Array(n);
  const articulation = new Float32Array(n * CHANNELS);
  let span = 0;
  for (let k = 0; k < n; k++) {
    const t = k / fps;
    const x = Math.min(frames100 - 1, t * TEACHER_FPS);
    const i0 = Math.floor(x);
    const i1 = Math.min(frames100 - 1, i0 + 1);
    const u = x - i0;
    const lerp = (a: number, b: number) => a + (b - a) * u;
    const weights = new Float32Array(BLENDSHAPE_COUNT);
    for (let j = 0; j < BLENDSHAPE_COUNT; j++) weights[j] = lerp(weights100[i0 * BLENDSHAPE_COUNT + j], weights100[i1 * BLENDSHAPE_COUNT + j]);
    for (let c = 0; c < CHANNELS; c++) articulation[k * CHANNELS + c] = lerp(curves[i0 * CHANNELS + c], curves[i1 * CHANNELS + c]);
    const pitch = lerp(prosody.pitch[i0], prosody.pitch[i1]) + headPitchOffset;
    frames[k] = {
      time: t,
      weights,
      head: {
        rotation: { pitch, yaw: lerp(prosody.yaw[i0], prosody.yaw[i1]), roll: lerp(prosody.roll[i0], prosody.roll[i1]) },
        // A nod moves the head forward and down a little (metres).
        position: { x: 0, y: -0.01 * pitch, z: 0.015 * pitch },
      },
    };
    while (span < visemeSpans.length && visemeSpans[span].end <= t) span++;
    visemes[k] = span < visemeSpans.length && visemeSpans[span].start <= t ? visemeSpans[span].viseme : 0;
  }
  return { fps, frames, visemes, articulation };
}
