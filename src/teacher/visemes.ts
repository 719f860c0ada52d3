import type { PhoneFeatures } from './PhoneFeatures.js';

/**
 * The 15 Oculus/Meta visemes (also OpenXR XR_META_face_tracking_visemes and
 * Ready Player Me `viseme_*` morphs), in their standard order.
 */
export const OCULUS_VISEMES = ['sil', 'PP', 'FF', 'TH', 'DD', 'kk', 'CH', 'SS', 'nn', 'RR', 'aa', 'E', 'I', 'O', 'U'] as const;

/** One of {@link OCULUS_VISEMES}. */
export type OculusViseme = (typeof OCULUS_VISEMES)[number];

/**
 * The Oculus viseme class of one phone component, from its features.
 *
 * @example
 * ```ts
 * OCULUS_VISEMES[visemeOf(parsePhone('m').components[0])]; // 'PP'
 * ```
 */
export function visemeOf(f: PhoneFeatures): number {
  const v = (name: OculusViseme) => OCULUS_VISEMES.indexOf(name);
  if (f.kind === 'pause') return v('sil');
  if (f.kind === 'vowel') {
    if (f.rounded) return f.height >= 0.6 ? v('U') : v('O');
    if (f.rhotic) return v('RR');
    if (f.height <= 0.35) return v('aa');
    if (f.backness < 0.6 && f.height >= 0.7) return v('I');
    return v('E');
  }
  const sibilant = f.manner === 'fricative' || f.manner === 'affricate';
  switch (f.place) {
    case 'bilabial':
      return v('PP');
    case 'labiodental':
      return v('FF');
    case 'dental':
      return v('TH');
    case 'labialvelar':
      return v('U');
    case 'alveolar':
      if (sibilant) return v('SS');
      if (f.manner === 'nasal' || f.manner === 'lateralApproximant' || f.manner === 'lateralFricative') return v('nn');
      if (f.manner === 'trill' || f.manner === 'tap' || f.manner === 'approximant') return v('RR');
      return v('DD');
    case 'postalveolar':
    case 'alveolopalatal':
    case 'retroflex':
      if (f.manner === 'approximant' || f.manner === 'trill' || f.manner === 'tap') return v('RR');
      if (f.manner === 'nasal' || f.manner === 'lateralApproximant') return v('nn');
      return sibilant ? v('CH') : v('DD');
    case 'palatal':
      return f.manner === 'approximant' ? v('I') : f.manner === 'nasal' || f.manner === 'lateralApproximant' ? v('nn') : v('kk');
    default:
      return v('kk');
  }
}
