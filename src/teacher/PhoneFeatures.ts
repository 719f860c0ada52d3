/**
 * Articulatory features of speech sounds, as the rule-based animation teacher
 * reads them. The teacher never keys on symbols: it keys on these features, so
 * a phone it has no hand-written rule for (a Czech ř, a Hindi ɖʰ, a Mandarin
 * apical vowel) still lands on a sensible mouth shape through its place,
 * manner, height, backness and rounding.
 */

/**
 * Place of articulation of a consonant (the IPA chart's columns, with the
 * epiglottals folded into `pharyngeal` because they look the same from
 * outside, and the doubly articulated w/ʍ as `labialvelar`).
 *
 * @example
 * ```ts
 * const lipsClose = (p: Place): boolean => p === 'bilabial';
 * ```
 */
export type Place =
  | 'bilabial'
  | 'labiodental'
  | 'dental'
  | 'alveolar'
  | 'postalveolar'
  | 'retroflex'
  | 'alveolopalatal'
  | 'palatal'
  | 'velar'
  | 'uvular'
  | 'pharyngeal'
  | 'glottal'
  | 'labialvelar';

/**
 * Manner of articulation of a consonant (the IPA chart's rows plus the
 * non-pulmonic airstreams). The parser splits affricates into a plosive and a
 * fricative component, so `affricate` is only for callers that build features
 * for an unanalysed affricate themselves.
 *
 * @example
 * ```ts
 * const isStop = (m: Manner): boolean => m === 'plosive' || m === 'implosive' || m === 'click';
 * ```
 */
export type Manner =
  | 'plosive'
  | 'nasal'
  | 'trill'
  | 'tap'
  | 'fricative'
  | 'lateralFricative'
  | 'approximant'
  | 'lateralApproximant'
  | 'affricate'
  | 'click'
  | 'implosive';

/**
 * One consonant. `labialized` is true for sounds made with rounded lips
 * (w, ʍ, ɥ, and anything marked ʷ), which the face shows as a pucker.
 *
 * @example
 * ```ts
 * const b: ConsonantFeatures = { kind: 'consonant', place: 'bilabial', manner: 'plosive', voiced: true, labialized: false };
 * ```
 */
export interface ConsonantFeatures {
  kind: 'consonant';
  place: Place;
  manner: Manner;
  voiced: boolean;
  labialized: boolean;
}

/**
 * One vowel, placed on the IPA vowel chart as numbers so diacritics (raised,
 * lowered, centralised...) can move it continuously: `height` 0 = open (a) ..
 * 1 = close (i); `backness` 0 = front (i) .. 1 = back (u).
 *
 * @example
 * ```ts
 * const schwa: VowelFeatures = { kind: 'vowel', height: 0.5, backness: 0.5, rounded: false, nasalized: false, rhotic: false };
 * ```
 */
export interface VowelFeatures {
  kind: 'vowel';
  /** 0 open .. 1 close. */
  height: number;
  /** 0 front .. 1 back. */
  backness: number;
  rounded: boolean;
  nasalized: boolean;
  rhotic: boolean;
}

/**
 * Silence: a pause marker, punctuation or a clause break.
 *
 * @example
 * ```ts
 * const rest: PauseFeatures = { kind: 'pause' };
 * ```
 */
export interface PauseFeatures {
  kind: 'pause';
}

/**
 * Features of one articulatory target: a consonant, a vowel or a pause.
 *
 * @example
 * ```ts
 * function isOpen(f: PhoneFeatures): boolean { return f.kind === 'vowel' && f.height < 0.4; }
 * ```
 */
export type PhoneFeatures = ConsonantFeatures | VowelFeatures | PauseFeatures;

/**
 * One phone label parsed: 1 component for monophthongs and plain consonants,
 * 2 for diphthongs and affricates (tʃ, ts, dʒ, pf...), 3 for triphthongs;
 * plus suprasegmentals.
 *
 * `ipa` is the phone as written (NFC), without its stress mark or tone, so
 * the caller can still tell θ from s̪ when the features alone do not.
 *
 * @example
 * ```ts
 * const p: ParsedPhone = parsePhone('ˈaɪ');
 * // p.components.length === 2, p.stress === 1
 * ```
 */
export interface ParsedPhone {
  ipa: string;
  components: PhoneFeatures[];
  long: boolean;
  /** 0 none, 1 primary (ˈ), 2 secondary (ˌ). */
  stress: 0 | 1 | 2;
  /** Tone as written: Chao letters (˥˩), digits (espeak's 1-5) or letters derived from tone diacritics. */
  tone?: string;
}
