import type { ConsonantFeatures, Manner, Place } from './PhoneFeatures.js';

function c(place: Place, manner: Manner, voiced: boolean, labialized = false): ConsonantFeatures {
  return Object.freeze({ kind: 'consonant', place, manner, voiced, labialized });
}

/**
 * Every consonant symbol of the IPA chart (all pulmonic cells, the
 * non-pulmonic clicks and implosives, the "other symbols" box) plus the
 * extensions espeak-ng and sinologists print, keyed by its base symbol
 * (diacritics are applied on top by {@link applyConsonantModifier}).
 *
 * Judgement calls, each kept deliberately:
 * - epiglottals (ʜ ʢ ʡ) are `pharyngeal`: the place list has no epiglottal
 *   and nothing of either shows on the face;
 * - ɧ (Swedish sj) is `postalveolar`: its tongue is disputed, its lips are not;
 * - ɺ (lateral flap) is a `tap`; ɫ (dark l) stays `alveolar`, since the
 *   velarisation is behind the teeth;
 * - ɥ is a labialised `palatal` approximant; w and ʍ are `labialvelar`.
 *
 * @example
 * ```ts
 * IPA_CONSONANTS['ʃ']; // { kind: 'consonant', place: 'postalveolar', manner: 'fricative', voiced: false, labialized: false }
 * ```
 */
export const IPA_CONSONANTS: Readonly<Record<string, ConsonantFeatures>> = Object.freeze({
  // Plosives.
  p: c('bilabial', 'plosive', false),
  b: c('bilabial', 'plosive', true),
  t: c('alveolar', 'plosive', false),
  d: c('alveolar', 'plosive', true),
  ʈ: c('retroflex', 'plosive', false),
  ɖ: c('retroflex', 'plosive', true),
  c: c('palatal', 'plosive', false),
  ɟ: c('palatal', 'plosive', true),
  k: c('velar', 'plosive', false),
  ɡ: c('velar', 'plosive', true),
  q: c('uvular', 'plosive', false),
  ɢ: c('uvular', 'plosive', true),
  ʡ: c('pharyngeal', 'plosive', false),
  ʔ: c('glottal', 'plosive', false),
  // Nasals.
  m: c('bilabial', 'nasal', true),
  ɱ: c('labiodental', 'nasal', true),
  n: c('alveolar', 'nasal', true),
  ɳ: c('retroflex', 'nasal', true),
  ɲ: c('palatal', 'nasal', true),
  ŋ: c('velar', 'nasal', true),
  ɴ: c('uvular', 'nasal', true),
  // Trills.
  ʙ: c('bilabial', 'trill', true),
  r: c('alveolar', 'trill', true),
  ʀ: c('uvular', 'trill', true),
  // Taps and flaps.
  ⱱ: c('labiodental', 'tap', true),
  ɾ: c('alveolar', 'tap', true),
  ɽ: c('retroflex', 'tap', true),
  ɺ: c('alveolar', 'tap', true),
  // Fricatives.
  ɸ: c('bilabial', 'fricative', false),
  β: c('bilabial', 'fricative', true),
  f: c('labiodental', 'fricative', false),
  v: c('labiodental', 'fricative', true),
  θ: c('dental', 'fricative', false),
  ð: c('dental', 'fricative', true),
  s: c('alveolar', 'fricative', false),
  z: c('alveolar', 'fricative', true),
  ʃ: c('postalveolar', 'fricative', false),
  ʒ: c('postalveolar', 'fricative', true),
  ʂ: c('retroflex', 'fricative', false),
  ʐ: c('retroflex', 'fricative', true),
  ɕ: c('alveolopalatal', 'fricative', false),
  ʑ: c('alveolopalatal', 'fricative', true),
  ç: c('palatal', 'fricative', false),
  ʝ: c('palatal', 'fricative', true),
  x: c('velar', 'fricative', false),
  ɣ: c('velar', 'fricative', true),
  χ: c('uvular', 'fricative', false),
  ʁ: c('uvular', 'fricative', true),
  ħ: c('pharyngeal', 'fricative', false),
  ʕ: c('pharyngeal', 'fricative', true),
  ʜ: c('pharyngeal', 'fricative', false),
  ʢ: c('pharyngeal', 'fricative', true),
  h: c('glottal', 'fricative', false),
  ɦ: c('glottal', 'fricative', true),
  ɧ: c('postalveolar', 'fricative', false),
  ʍ: c('labialvelar', 'fricative', false, true),
  // Lateral fricatives.
  ɬ: c('alveolar', 'lateralFricative', false),
  ɮ: c('alveolar', 'lateralFricative', true),
  ꞎ: c('retroflex', 'lateralFricative', false),
  // Approximants.
  ʋ: c('labiodental', 'approximant', true),
  ɹ: c('alveolar', 'approximant', true),
  ɻ: c('retroflex', 'approximant', true),
  j: c('palatal', 'approximant', true),
  ɥ: c('palatal', 'approximant', true, true),
  ɰ: c('velar', 'approximant', true),
  w: c('labialvelar', 'approximant', true, true),
  // Lateral approximants.
  l: c('alveolar', 'lateralApproximant', true),
  ɫ: c('alveolar', 'lateralApproximant', true),
  ɭ: c('retroflex', 'lateralApproximant', true),
  ʎ: c('palatal', 'lateralApproximant', true),
  ʟ: c('velar', 'lateralApproximant', true),
  // Clicks (the chart's places: bilabial, dental, (post)alveolar, palatoalveolar, alveolar lateral).
  ʘ: c('bilabial', 'click', false),
  ǀ: c('dental', 'click', false),
  ǃ: c('postalveolar', 'click', false),
  ǂ: c('palatal', 'click', false),
  ǁ: c('alveolar', 'click', false),
  // Implosives, voiced and the older voiceless letters.
  ɓ: c('bilabial', 'implosive', true),
  ɗ: c('alveolar', 'implosive', true),
  ᶑ: c('retroflex', 'implosive', true),
  ʄ: c('palatal', 'implosive', true),
  ɠ: c('velar', 'implosive', true),
  ʛ: c('uvular', 'implosive', true),
  ƥ: c('bilabial', 'implosive', false),
  ƭ: c('alveolar', 'implosive', false),
  ƈ: c('palatal', 'implosive', false),
  ƙ: c('velar', 'implosive', false),
  ʠ: c('uvular', 'implosive', false),
});

/**
 * Stop + fricative pairs that are read as one affricate when written next to
 * each other without a tie bar. espeak-ng writes its affricates this way (tʃ,
 * dʒ, ts, pf...), so the greedy reading matches what it meant; write a tie bar
 * to join any other pair, or `_` between the letters to keep these apart.
 *
 * @example
 * ```ts
 * IPA_AFFRICATES.has('tʃ'); // true
 * ```
 */
export const IPA_AFFRICATES: ReadonlySet<string> = new Set([
  'tʃ', 'dʒ', 'ts', 'dz', 'pf', 'tɕ', 'dʑ', 'ʈʂ', 'ɖʐ', 'tʂ', 'dʐ', 'tɬ', 'dɮ',
]);

/**
 * Single-letter affricate ligatures, spelt out so the parser sees the same two
 * components as for the two-letter spelling.
 *
 * @example
 * ```ts
 * IPA_LIGATURES['ʧ']; // 'tʃ'
 * ```
 */
export const IPA_LIGATURES: Readonly<Record<string, string>> = Object.freeze({
  ʦ: 'ts', ʣ: 'dz', ʧ: 'tʃ', ʤ: 'dʒ', ʨ: 'tɕ', ʥ: 'dʑ', ꭧ: 'ʈʂ', ꭦ: 'ɖʐ',
});

const CORONAL: ReadonlySet<Place> = new Set<Place>(['dental', 'alveolar', 'postalveolar', 'retroflex']);

/**
 * Applies one diacritic or modifier letter to a consonant, returning new
 * features. Marks with no visible effect on the face (aspiration ʰ,
 * palatalisation ʲ, velarisation ˠ, pharyngealisation ˤ, syllabicity,
 * release marks...) leave the features unchanged, which is the "strip the
 * diacritic" fall-back: they refine a sound, they never change its class.
 *
 * `retroflex` is the espeak-ng mnemonic '.', which its Mandarin and Hindi
 * tables print after s, ts, r... to mean ʂ, ʈʂ, ɽ.
 *
 * @example
 * ```ts
 * applyConsonantModifier(IPA_CONSONANTS['t'], '\u032A').place; // 'dental' (t̪)
 * applyConsonantModifier(IPA_CONSONANTS['r'], '\u031D').manner; // 'fricative' (Czech r̝)
 * ```
 */
export function applyConsonantModifier(f: ConsonantFeatures, mark: string): ConsonantFeatures {
  switch (mark) {
    case '\u0325': // voiceless ring below
    case '\u030A': // voiceless ring above (for descenders)
    case 'ʼ': // ejective: always voiceless
      return { ...f, voiced: false };
    case '\u032C': // voiced caron below
      return { ...f, voiced: true };
    case '\u032A': // dental bridge below
    case '\u0346': // dental bridge above
      return CORONAL.has(f.place) ? { ...f, place: 'dental' } : f;
    case '\u0322': // retroflex hook below
    case 'retroflex':
      if (!CORONAL.has(f.place)) return f;
      // espeak's r. is the retroflex flap ɽ, not a retroflex trill.
      return { ...f, place: 'retroflex', manner: f.manner === 'trill' ? 'tap' : f.manner };
    case 'ʷ':
    case 'ᵝ':
    case 'ᶣ':
    case '\u0339': // more rounded
      return { ...f, labialized: true };
    case '\u031D': // raised: approximants become fricatives, r̝ is a fricative trill
    case '˔':
      if (f.manner === 'approximant' || f.manner === 'trill') return { ...f, manner: 'fricative' };
      if (f.manner === 'lateralApproximant') return { ...f, manner: 'lateralFricative' };
      return f;
    case '\u031E': // lowered: fricatives become approximants (β̞, ð̞)
    case '˕':
      if (f.manner === 'fricative') return { ...f, manner: 'approximant' };
      if (f.manner === 'lateralFricative') return { ...f, manner: 'lateralApproximant' };
      return f;
    default:
      return f;
  }
}
