import { BLENDSHAPE_INDEX as I, type BlendshapeName } from '../api/blendshapeNames.js';
import { MouthpieceError } from '../api/MouthpieceError.js';

/** Emotions the teacher (and later the model) can render. */
export const EMOTIONS = ['neutral', 'happy', 'sad', 'angry', 'surprised'] as const;

/** One of {@link EMOTIONS}. */
export type Emotion = (typeof EMOTIONS)[number];

/** What an emotion at intensity 1 does: weight offsets, jaw range and motion energy factors. */
interface EmotionProfile {
  offsets: Partial<Record<BlendshapeName, number>>;
  /** Multiplies the speech jaw opening (sad speech is more closed, surprise more open). */
  jawScale: number;
  /** Multiplies head motion and brow-raise amplitude. */
  energy: number;
  /** Added head pitch in radians (sad heads hang a little). */
  headPitch: number;
}

const PROFILES: Record<Emotion, EmotionProfile> = {
  neutral: { offsets: {}, jawScale: 1, energy: 1, headPitch: 0 },
  happy: {
    offsets: { mouthSmileLeft: 0.5, mouthSmileRight: 0.5, cheekSquintLeft: 0.3, cheekSquintRight: 0.3, eyeSquintLeft: 0.2, eyeSquintRight: 0.2, mouthDimpleLeft: 0.1, mouthDimpleRight: 0.1 },
    jawScale: 1.1,
    energy: 1.3,
    headPitch: -0.02,
  },
  sad: {
    offsets: { mouthFrownLeft: 0.45, mouthFrownRight: 0.45, browInnerUp: 0.45, mouthShrugLower: 0.15, eyeSquintLeft: 0.05, eyeSquintRight: 0.05 },
    jawScale: 0.75,
    energy: 0.6,
    headPitch: 0.06,
  },
  angry: {
    offsets: { browDownLeft: 0.6, browDownRight: 0.6, noseSneerLeft: 0.3, noseSneerRight: 0.3, eyeSquintLeft: 0.3, eyeSquintRight: 0.3, mouthPressLeft: 0.1, mouthPressRight: 0.1 },
    jawScale: 1.15,
    energy: 1.4,
    headPitch: 0.02,
  },
  surprised: {
    // No jawOpen offset: it would be added after mouthClose is set and keep
    // the lips apart on p/b/m; the wider jaw comes from jawScale instead.
    offsets: { browInnerUp: 0.5, browOuterUpLeft: 0.6, browOuterUpRight: 0.6, eyeWideLeft: 0.5, eyeWideRight: 0.5 },
    jawScale: 1.3,
    energy: 1.2,
    headPitch: -0.03,
  },
};

/** Resolved factors of an emotion at an intensity (1 at intensity 0). */
export interface EmotionFactors {
  jawScale: number;
  energy: number;
  headPitch: number;
}

/** Validates an emotion and intensity at the boundary. */
export function checkEmotion(emotion: unknown, intensity: unknown): void {
  if (!EMOTIONS.includes(emotion as Emotion)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected emotion one of ${EMOTIONS.join(', ')} but received ${String(emotion)}`);
  }
  if (typeof intensity !== 'number' || !(intensity >= 0 && intensity <= 1)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected intensity in [0, 1] but received ${String(intensity)}`);
  }
}

/**
 * Factors an emotion applies to speech motion, interpolated linearly from
 * neutral (intensity 0 is neutral exactly).
 */
export function emotionFactors(emotion: Emotion, intensity: number): EmotionFactors {
  const p = PROFILES[emotion];
  return {
    jawScale: 1 + (p.jawScale - 1) * intensity,
    energy: 1 + (p.energy - 1) * intensity,
    headPitch: p.headPitch * intensity,
  };
}

/**
 * Adds an emotion's expression to 52 weights in place (clamped to [0, 1]);
 * symmetric by construction. Intensity 0 leaves the weights untouched.
 *
 * @example
 * ```ts
 * applyEmotionOffsets(weights, 'happy', 0.7);
 * ```
 */
export function applyEmotionOffsets(weights: Float32Array, emotion: Emotion, intensity: number): void {
  if (intensity === 0) return;
  for (const [name, value] of Object.entries(PROFILES[emotion].offsets)) {
    const i = I[name as BlendshapeName];
    weights[i] = Math.min(1, Math.max(0, weights[i] + value! * intensity));
  }
  if (emotion === 'happy') {
    // A smile spreads the lips and lifts them off a pucker.
    weights[I.mouthPucker] *= 1 - 0.5 * intensity;
  }
}

/** An emotion's weight offsets at intensity 1 as parallel arrays, for per-frame code that must not allocate. */
export interface EmotionOffsetTable {
  /** Blendshape indices (ARKit order). */
  readonly indices: Int32Array;
  /** Offsets at intensity 1, same order. */
  readonly values: Float32Array;
  /** Head pitch added at intensity 1, radians. */
  readonly headPitch: number;
}

const TABLES = new Map<Emotion, EmotionOffsetTable>();

/**
 * The offsets {@link applyEmotionOffsets} adds, as a table (built once per
 * emotion and shared), for the run-time emotion layer.
 *
 * @example
 * ```ts
 * const t = emotionOffsetTable('happy'); // t.indices[k], t.values[k]
 * ```
 */
export function emotionOffsetTable(emotion: Emotion): EmotionOffsetTable {
  checkEmotion(emotion, 1);
  let t = TABLES.get(emotion);
  if (!t) {
    const entries = Object.entries(PROFILES[emotion].offsets) as [BlendshapeName, number][];
    t = Object.freeze({
      indices: Int32Array.from(entries, ([n]) => I[n]),
      values: Float32Array.from(entries, ([, v]) => v),
      headPitch: PROFILES[emotion].headPitch,
    });
    TABLES.set(emotion, t);
  }
  return t;
}

