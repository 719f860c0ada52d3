/**
 * The 15 Oculus/Meta visemes (also OpenXR `XR_META_face_tracking_visemes`
 * and Ready Player Me's `viseme_*` morphs), in Meta's order. Reference
 * phones per viseme (Meta's Oculus Lipsync viseme reference): sil (silence),
 * PP (p b m), FF (f v), TH (θ ð), DD (t d), kk (k g), CH (tʃ dʒ ʃ ʒ),
 * SS (s z), nn (n l), RR (r), aa (ɑ æ ʌ), E (ɛ e), I (ɪ i), O (ɔ o),
 * U (ʊ u w).
 *
 * @example
 * ```ts
 * const labels = OCULUS_VISEMES.map((v) => `viseme_${v}`); // Ready Player Me morph names
 * ```
 */
export const OCULUS_VISEMES = ['sil', 'PP', 'FF', 'TH', 'DD', 'kk', 'CH', 'SS', 'nn', 'RR', 'aa', 'E', 'I', 'O', 'U'] as const;

/** One of the 15 Oculus visemes ({@link OCULUS_VISEMES}). */
export type OculusViseme = (typeof OCULUS_VISEMES)[number];
