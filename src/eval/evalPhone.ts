import { MouthpieceError } from '../api/MouthpieceError.js';
import type { OculusViseme } from './oculusVisemes.js';

/**
 * What a phone is for scoring: `silence` (no speech), `vowel`, `consonant`,
 * `transparent` (h, ɦ, ʔ, ç: no lip or jaw gesture of their own, the mouth
 * shows the neighbouring vowel, so they are not scored for visemes) or
 * `noise` (the aligner's spoken-noise label `spn`: speech whose phones are
 * unknown).
 */
export type EvalPhoneKind = 'silence' | 'vowel' | 'consonant' | 'transparent' | 'noise';

/** The evaluation class of one aligner label; see {@link evalPhone}. */
export interface EvalPhone {
  /** The label as given. */
  label: string;
  /** Normalised IPA: ARPAbet converted, MFA diacritics (ʲ ʷ ʰ ː ̩ ...) removed; `''` for silence, `spn` for noise. */
  ipa: string;
  /** See {@link EvalPhoneKind}. */
  kind: EvalPhoneKind;
  /** Oculus viseme of the phone (of the first element for diphthongs). */
  viseme: OculusViseme;
  /** p, b, m (and syllabic m): the lips must close. */
  bilabial: boolean;
  /** Clearly open vowel (ɑ a æ ɐ ɒ ʌ ɔ and diphthongs starting with them): the lips must not close. */
  openVowel: boolean;
  /** Silence or pause label. */
  silence: boolean;
  /** Target mouth aperture in the 0..1 scale of `mouthAperture()` (first element for diphthongs). */
  targetAperture: number;
  /** For diphthongs, the aperture of the second element (reached in the segment's second half); else undefined. */
  offglideAperture?: number;
  /**
   * Coarticulation dominance on lip aperture (Cohen & Massaro 1993): how
   * strongly the phone holds its target against its neighbours. High for
   * lip-critical phones, low for tongue-only ones.
   */
  dominance: number;
}

interface ClassRow {
  kind: EvalPhoneKind;
  viseme: OculusViseme;
  aperture: number;
  dominance: number;
  open?: boolean;
}

const V = (viseme: OculusViseme, aperture: number, open = false): ClassRow => ({ kind: 'vowel', viseme, aperture, dominance: 1, open });
const C = (viseme: OculusViseme, aperture: number, dominance: number): ClassRow => ({ kind: 'consonant', viseme, aperture, dominance });
const T = (viseme: OculusViseme): ClassRow => ({ kind: 'transparent', viseme, aperture: 0.2, dominance: 0.1 });

/*
 * Aperture targets (0 = lips touching, ~0.05 = lips just apart, 1 = widest).
 *
 * Vowels follow vowel height: jaw lowering is the main articulator of
 * openness, so close < close-mid < open-mid < open (Lindblom & Sundberg
 * 1971, "Acoustical consequences of lip, tongue, jaw, and larynx movement",
 * JASA 50), and the vertical lip opening of American English vowels ranks
 * the same way, with the rounded close vowels smallest (Fromkin 1964, "Lip
 * positions in American-English vowels", Language and Speech 7). Absolute
 * values are anchored on animation.md's scale: the open vowel at about 0.6
 * (its aa viseme is jawOpen 0.6), lips just apart at 0.05. Unstressed
 * vowels get no separate target: their shortness makes the smoothing kernel
 * undershoot them, the duration-dependent undershoot of Lindblom (1963,
 * "Spectrographic study of vowel reduction", JASA 35).
 *
 * Consonants: bilabials 0 (full closure); labiodentals just apart (lower lip
 * against the upper teeth); sibilants have the highest jaw of all
 * consonants, alveolars next, velars lower (Keating, Lindblom, Lubker &
 * Kreiman 1994, "Variability in jaw height for segments in English and
 * Swedish VCVs", J. Phonetics 22), so s z < ʃ tʃ < t d n < l < k g.
 *
 * Dominance (Cohen & Massaro 1993, "Modeling coarticulation in synthetic
 * visual speech"): lip-critical segments (p b m, f v, w) dominate the lip
 * aperture; tongue-only consonants have low dominance so the neighbouring
 * vowels show through; h and ʔ almost none.
 */
const IPA: Record<string, ClassRow> = {
  // Close vowels.
  i: V('I', 0.15), ɪ: V('I', 0.22), ɨ: V('I', 0.18), ɯ: V('I', 0.15),
  y: V('U', 0.12), ʏ: V('U', 0.15), u: V('U', 0.12), ʉ: V('U', 0.14), ʊ: V('U', 0.2),
  // Mid vowels. ə and ɜ are nearest E in the Oculus set (unrounded, mid jaw).
  e: V('E', 0.28), ɛ: V('E', 0.38), ə: V('E', 0.25), ɘ: V('E', 0.25), ɜ: V('E', 0.35), ɤ: V('E', 0.28),
  o: V('O', 0.3), ø: V('O', 0.25), ɵ: V('O', 0.25), œ: V('O', 0.35),
  // r-coloured vowels look like r (lip rounding, raised tongue): RR.
  ɚ: V('RR', 0.22), ɝ: V('RR', 0.25),
  // Open and open-mid vowels with a large jaw opening.
  æ: V('aa', 0.55, true), a: V('aa', 0.62, true), ɑ: V('aa', 0.62, true), ɐ: V('aa', 0.45, true),
  ɒ: V('aa', 0.58, true), ʌ: V('aa', 0.48, true), ɔ: V('O', 0.5, true), ɶ: V('aa', 0.55, true),
  // Bilabials and labiodentals.
  p: C('PP', 0, 8), b: C('PP', 0, 8), m: C('PP', 0, 8), ɸ: C('FF', 0.04, 3), β: C('FF', 0.04, 3),
  f: C('FF', 0.04, 3), v: C('FF', 0.04, 3), ɱ: C('FF', 0.04, 3), ʋ: C('FF', 0.05, 3),
  // Dentals and alveolars.
  θ: C('TH', 0.12, 0.5), ð: C('TH', 0.12, 0.5),
  t: C('DD', 0.12, 0.5), d: C('DD', 0.12, 0.5), ɾ: C('DD', 0.15, 0.3), ʈ: C('DD', 0.12, 0.5), ɖ: C('DD', 0.12, 0.5),
  n: C('nn', 0.12, 0.5), ɲ: C('nn', 0.12, 0.5), ɳ: C('nn', 0.12, 0.5), l: C('nn', 0.15, 0.5), ɫ: C('nn', 0.15, 0.5), ʎ: C('nn', 0.15, 0.5), ɭ: C('nn', 0.15, 0.5),
  s: C('SS', 0.06, 1), z: C('SS', 0.06, 1),
  ʃ: C('CH', 0.1, 1), ʒ: C('CH', 0.1, 1), tʃ: C('CH', 0.1, 1), dʒ: C('CH', 0.1, 1), ɕ: C('CH', 0.1, 1), ʑ: C('CH', 0.1, 1),
  ɹ: C('RR', 0.12, 0.7), ɻ: C('RR', 0.12, 0.7), ʁ: C('RR', 0.15, 0.5),
  // Velars and palatal stops: no lip gesture; ŋ looks like k g (same place; the SAPI viseme set groups them too).
  k: C('kk', 0.18, 0.3), ɡ: C('kk', 0.18, 0.3), c: C('kk', 0.18, 0.3), ɟ: C('kk', 0.18, 0.3), ŋ: C('kk', 0.18, 0.3),
  x: C('kk', 0.18, 0.3), ɣ: C('kk', 0.18, 0.3), q: C('kk', 0.2, 0.3),
  // Glides: j is an i without a syllable, w a u (Oculus lists w under U).
  j: C('I', 0.15, 0.5), w: C('U', 0.08, 2), ʍ: C('U', 0.08, 2), ɥ: C('U', 0.08, 2),
  // No articulation of their own on the lips or jaw.
  h: T('kk'), ɦ: T('kk'), ʔ: T('kk'), ç: T('kk'),
};

/** First elements of diphthongs that count as open vowels (the nucleus carries the opening). */
const OFFGLIDE: Record<string, string> = { j: 'ɪ', ɪ: 'ɪ', i: 'ɪ', w: 'ʊ', ʊ: 'ʊ', u: 'ʊ', ə: 'ə', ɐ: 'ə', ɚ: 'ɚ' };

/** CMUdict/TIMIT ARPAbet to IPA. AH is ʌ when stressed (1, 2) and ə when unstressed (0), the CMUdict convention. */
const ARPABET: Record<string, string> = {
  AA: 'ɑ', AE: 'æ', AH: 'ʌ', AO: 'ɔ', AW: 'aʊ', AX: 'ə', AXR: 'ɚ', AY: 'aɪ', EH: 'ɛ', ER: 'ɝ', EY: 'eɪ',
  IH: 'ɪ', IX: 'ɨ', IY: 'i', OW: 'oʊ', OY: 'ɔɪ', UH: 'ʊ', UW: 'u', UX: 'ʉ',
  B: 'b', CH: 'tʃ', D: 'd', DH: 'ð', DX: 'ɾ', EL: 'l', EM: 'm', EN: 'n', ENG: 'ŋ', F: 'f', G: 'ɡ',
  H: 'h', HH: 'h', HV: 'ɦ', JH: 'dʒ', K: 'k', L: 'l', M: 'm', N: 'n', NG: 'ŋ', NX: 'n', P: 'p', Q: 'ʔ',
  R: 'ɹ', S: 's', SH: 'ʃ', T: 't', TH: 'θ', V: 'v', W: 'w', WH: 'ʍ', Y: 'j', Z: 'z', ZH: 'ʒ',
};

const SILENCE = new Set(['', 'sil', 'sp', 'pau', 'h#', '#', '<sil>', '<eps>', 'silence']);
const NOISE = new Set(['spn', '<unk>', 'nsn', 'noise', 'laugh', '<noise>']);

// Secondary articulations, length, syllabicity, nasalisation, ties: none of
// them changes the viseme or the aperture class.
const DIACRITICS = /[ʲʷʰːˑˠˤʼ\u0303\u0325\u030a\u0329\u030d\u031a\u032a\u032f\u0306\u0361\u035c]/gu;

/**
 * Maps an aligner label to its evaluation class: ARPAbet with or without
 * stress digits (`AH0`, `ER1`, `M`, also lower case `ah0`), the IPA-like
 * labels of the Montreal Forced Aligner's English models (`ɑ`, `tʲ`, `ɹ`,
 * `ɫ`, `aj`, `m̩`, `ɾ̃`), and silence labels (`''`, `sil`, `sp`, `pau`).
 *
 * Choices a reader should know:
 * - `openVowel` marks ɑ a æ ɐ ɒ ɶ ʌ ɔ and diphthongs whose first element is
 *   one of them (aɪ aʊ ɔɪ). These have the largest jaw opening (Lindblom &
 *   Sundberg 1971) and a closed-lips frame in their middle is unambiguously
 *   wrong; mid vowels (ɛ ə ɜ e o) and close ones are left out because a
 *   nearly closed mouth is within normal variation for them in fast speech.
 *   ʌ and ɔ are open-mid by the IPA chart but low in American English,
 *   which is what the aligners' models were trained on.
 * - Visemes follow Meta's Oculus reference lists; for phones it does not
 *   list: ɒ a ɐ -> aa, ə ɜ -> E, ɚ ɝ -> RR, ŋ -> kk, l -> nn, j -> I,
 *   w -> U, and h ɦ ʔ ç are `transparent` (viseme kk nominally, not scored).
 * - Diphthongs carry the first element's class and viseme and an
 *   `offglideAperture` for the second element.
 * - `targetAperture` and `dominance`: see the table comment in the source
 *   (sources: Lindblom & Sundberg 1971; Fromkin 1964; Keating et al. 1994;
 *   Cohen & Massaro 1993).
 *
 * @param label Aligner label (trimmed here).
 * @returns The class. Default: none, every label must be understood.
 * @throws MouthpieceError `INVALID_ARGUMENT` naming the label when it is unknown.
 * @example
 * ```ts
 * evalPhone('AA1');  // { ipa: 'ɑ', viseme: 'aa', openVowel: true, targetAperture: 0.62, ... }
 * evalPhone('tʲ');   // { ipa: 't', viseme: 'DD', ... }
 * evalPhone('');     // { silence: true, viseme: 'sil', targetAperture: 0, ... }
 * ```
 */
export function evalPhone(label: string): EvalPhone {
  if (typeof label !== 'string') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected string for label but received ${label === null ? 'null' : typeof label}`);
  }
  const cached = cache.get(label);
  if (cached !== undefined) return cached;
  const result = Object.freeze(classify(label));
  cache.set(label, result);
  return result;
}

const cache = new Map<string, EvalPhone>();

function classify(label: string): EvalPhone {
  const raw = label.trim().normalize('NFC');
  const lower = raw.toLowerCase();
  const base = { label, bilabial: false, openVowel: false, offglideAperture: undefined };
  if (SILENCE.has(lower)) {
    return { ...base, ipa: '', kind: 'silence', viseme: 'sil', silence: true, targetAperture: 0, dominance: 1 };
  }
  if (NOISE.has(lower)) {
    return { ...base, ipa: 'spn', kind: 'noise', viseme: 'sil', silence: false, targetAperture: 0.2, dominance: 0.1 };
  }
  for (const ipa of candidates(raw)) {
    const found = fromIpa(label, ipa);
    if (found !== undefined) return found;
  }
  throw unknown(label);
}

function fromIpa(label: string, ipa: string): EvalPhone | undefined {
  const base = { label, ipa, bilabial: false, openVowel: false, silence: false, offglideAperture: undefined };
  const row = IPA[ipa];
  if (row !== undefined) {
    return {
      ...base,
      kind: row.kind,
      viseme: row.viseme,
      bilabial: ipa === 'p' || ipa === 'b' || ipa === 'm',
      openVowel: row.open === true,
      targetAperture: row.aperture,
      dominance: row.dominance,
    };
  }
  // Diphthongs (aj, aɪ, ej, ow, oʊ, ɔj, aw, ɪə ...): a vowel then an offglide.
  const chars = [...ipa];
  const first = IPA[chars[0]];
  const glide = OFFGLIDE[chars.slice(1).join('')];
  if (chars.length >= 2 && first?.kind === 'vowel' && glide !== undefined) {
    return {
      ...base,
      kind: 'vowel',
      viseme: first.viseme,
      openVowel: first.open === true,
      targetAperture: first.aperture,
      offglideAperture: IPA[glide].aperture,
      dominance: first.dominance,
    };
  }
  return undefined;
}

/**
 * IPA readings of a label, most likely first. Upper case, or letters with a
 * stress digit, is ARPAbet; bare lower case is read as IPA first and as
 * ARPAbet second (MFA's "ow", "aw" mean the same either way; "sh", "aa" are
 * only ARPAbet).
 */
function candidates(raw: string): string[] {
  const arpa = /^([A-Za-z]{1,3}?)([0-2])?$/.exec(raw);
  let fromArpa: string | undefined;
  if (arpa !== null) {
    const code = arpa[1].toUpperCase();
    fromArpa = code === 'AH' && arpa[2] === '0' ? 'ə' : code === 'ER' && arpa[2] === '0' ? 'ɚ' : ARPABET[code];
    if (raw === raw.toUpperCase() || arpa[2] !== undefined) return fromArpa === undefined ? [] : [fromArpa];
  }
  const ipa = raw
    .replace(/ɾ\u0303/gu, 'n') // nasal flap ("winner"): an n to the eye
    .replace(/ə\u02de/gu, 'ɚ')
    .replace(/ɜ\u02de/gu, 'ɝ')
    .replace(DIACRITICS, '')
    .replace(/g/g, 'ɡ')
    .replace(/r/g, 'ɹ');
  return fromArpa === undefined ? [ipa] : [ipa, fromArpa];
}

function unknown(label: string): MouthpieceError {
  return new MouthpieceError(
    'INVALID_ARGUMENT',
    `Unknown phone label ${JSON.stringify(label)}: expected ARPAbet (AA1, M, SH), MFA IPA (ɑ, tʲ, aj) or a silence label ('', sil, sp)`,
  );
}
