/**
 * One phone of a forced alignment: times in seconds on the audio clock and
 * the aligner's label (ARPAbet such as `AH0`, MFA IPA such as `tʲ`, or a
 * silence label: `''`, `sil`, `sp`).
 *
 * @example
 * ```ts
 * const p: PhoneSegment = { start: 1.05, end: 1.12, label: 'DH' };
 * ```
 */
export interface PhoneSegment {
  /** Seconds, >= 0. */
  start: number;
  /** Seconds, > start. */
  end: number;
  /** Aligner label; see `evalPhone` for what is understood. */
  label: string;
}
