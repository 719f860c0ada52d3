/**
 * Emotions a conditioned motion model understands, plus 'neutral' (no
 * emotion). The same five as the teacher's presets.
 */
export const EMOTION_NAMES = ['neutral', 'happy', 'sad', 'angry', 'surprised'] as const;

/** One of {@link EMOTION_NAMES}. */
export type EmotionName = (typeof EMOTION_NAMES)[number];

/**
 * What the motion model is asked to express besides the speech itself.
 *
 * @example
 * ```ts
 * const c: Conditioning = { emotion: 'happy', intensity: 0.7 };
 * ```
 */
export interface Conditioning {
  /** Default 'neutral'. */
  emotion?: EmotionName;
  /** 0 (neutral) .. 1 (the preset at full strength). Default 1; ignored for 'neutral'. */
  intensity?: number;
}
