/**
 * Natural head motion while speaking, from animation.md ("Non-verbal
 * motion"): typical amplitudes of a few degrees, pitch about −3..+8°, yaw
 * and roll about ±5° (pitch in the `Frame` convention, positive = chin
 * down), and head motion correlating with loudness/F0 at r about 0.5-0.7
 * (Yehia, Kuratate & Vatikiotis-Bateson 2002 report head motion vs F0 at
 * r ≈ 0.7). These are "about" numbers: {@link headStats} applies them with
 * a slack.
 *
 * @example
 * ```ts
 * const ok = stats.pitchRangeDeg[1] <= HEAD_RANGES.pitchDeg.max;
 * ```
 */
export const HEAD_RANGES = Object.freeze({
  /** Degrees, positive = chin down. */
  pitchDeg: Object.freeze({ min: -3, max: 8 }),
  /** Degrees. */
  yawDeg: Object.freeze({ min: -5, max: 5 }),
  /** Degrees. */
  rollDeg: Object.freeze({ min: -5, max: 5 }),
  /** Pearson r of head motion with loudness. */
  loudnessR: Object.freeze({ min: 0.5, max: 0.7 }),
});
