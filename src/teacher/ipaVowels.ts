import type { VowelFeatures } from './PhoneFeatures.js';

// The chart's seven heights and five backness columns, as evenly spaced
// numbers so a raised/lowered/advanced/retracted mark moves one step.
const CLOSE = 1;
const NEAR_CLOSE = 5 / 6;
const CLOSE_MID = 2 / 3;
const MID = 0.5;
const OPEN_MID = 1 / 3;
const NEAR_OPEN = 1 / 6;
const OPEN = 0;
const FRONT = 0;
const NEAR_FRONT = 0.25;
const CENTRAL = 0.5;
const NEAR_BACK = 0.75;
const BACK = 1;
const HEIGHT_STEP = 1 / 6;
const BACKNESS_STEP = 0.25;

function v(height: number, backness: number, rounded: boolean, rhotic = false): VowelFeatures {
  return Object.freeze({ kind: 'vowel', height, backness, rounded, nasalized: false, rhotic });
}

/**
 * Every vowel of the IPA vowel chart with its position as numbers (height 0
 * open .. 1 close, backness 0 front .. 1 back), plus the extra vowels that
 * espeak-ng and sinological transcriptions print: ᵻ ᵿ (espeak's reduced
 * vowels), the rhotic ɚ ɝ, and the apical vowels ɿ ʅ ʮ ʯ of Mandarin
 * zi/zhi, which sit on the face like ɨ / ʉ.
 *
 * @example
 * ```ts
 * IPA_VOWELS['u']; // { kind: 'vowel', height: 1, backness: 1, rounded: true, nasalized: false, rhotic: false }
 * ```
 */
export const IPA_VOWELS: Readonly<Record<string, VowelFeatures>> = Object.freeze({
  // Close.
  i: v(CLOSE, FRONT, false),
  y: v(CLOSE, FRONT, true),
  ɨ: v(CLOSE, CENTRAL, false),
  ʉ: v(CLOSE, CENTRAL, true),
  ɯ: v(CLOSE, BACK, false),
  u: v(CLOSE, BACK, true),
  // Near-close.
  ɪ: v(NEAR_CLOSE, NEAR_FRONT, false),
  ʏ: v(NEAR_CLOSE, NEAR_FRONT, true),
  ᵻ: v(NEAR_CLOSE, CENTRAL, false),
  ᵿ: v(NEAR_CLOSE, CENTRAL, true),
  ʊ: v(NEAR_CLOSE, NEAR_BACK, true),
  // Close-mid.
  e: v(CLOSE_MID, FRONT, false),
  ø: v(CLOSE_MID, FRONT, true),
  ɘ: v(CLOSE_MID, CENTRAL, false),
  ɵ: v(CLOSE_MID, CENTRAL, true),
  ɤ: v(CLOSE_MID, BACK, false),
  o: v(CLOSE_MID, BACK, true),
  // Mid.
  ə: v(MID, CENTRAL, false),
  ɚ: v(MID, CENTRAL, false, true),
  // Open-mid.
  ɛ: v(OPEN_MID, FRONT, false),
  œ: v(OPEN_MID, FRONT, true),
  ɜ: v(OPEN_MID, CENTRAL, false),
  ɝ: v(OPEN_MID, CENTRAL, false, true),
  ɞ: v(OPEN_MID, CENTRAL, true),
  ʌ: v(OPEN_MID, BACK, false),
  ɔ: v(OPEN_MID, BACK, true),
  // Near-open.
  æ: v(NEAR_OPEN, FRONT, false),
  ɐ: v(NEAR_OPEN, CENTRAL, false),
  // Open.
  a: v(OPEN, FRONT, false),
  ɶ: v(OPEN, FRONT, true),
  ɑ: v(OPEN, BACK, false),
  ɒ: v(OPEN, BACK, true),
  // Apical ("syllabic fricative") vowels of Chinese phonology.
  ɿ: v(CLOSE, CENTRAL, false),
  ʅ: v(CLOSE, CENTRAL, false),
  ʮ: v(CLOSE, CENTRAL, true),
  ʯ: v(CLOSE, CENTRAL, true),
});

/**
 * Two-vowel sequences read as one diphthong when written adjacent with no
 * stress mark or boundary between them: the closing and centring diphthongs
 * of the espeak-ng languages (English aɪ aʊ eɪ oʊ əʊ ɔɪ ɪə eə ʊə, German ɔʏ ɔø,
 * Dutch ɛi œy ʌu, Portuguese ɐʊ ɐɪ, Czech oʊ, Finnish ie uo yø æi, Irish iə
 * uə...). Any other pair stays two phones unless one of them carries the
 * non-syllabic mark ◌̯. Keys are base symbols, diacritics stripped.
 *
 * @example
 * ```ts
 * IPA_DIPHTHONGS.has('aɪ'); // true
 * ```
 */
export const IPA_DIPHTHONGS: ReadonlySet<string> = new Set(
  (
    'aɪ aʊ eɪ oʊ əʊ ɔɪ ɪə eə ɛə ʊə ʉə ai au ei eu ou oi ui iu ɑɪ ɑʊ ɑi ɑu ɑe ɒʊ ɐɪ ɐʊ ɐi ɐu ɐɨ ' +
    'æɪ æʊ æi æu æy ɜʊ ʌɪ ʌʊ ʌu oɪ ɔʊ ɔʏ ɔø ɔy aɛ aɔ aə ɛi ɛɪ ɛʊ ɛu eʊ œy œʏ øy øi ' +
    'yø yi ie uo iə uə iʊ əɪ əɨ ɵʊ ɤʊ'
  ).split(' '),
);

/**
 * Three-vowel sequences read as one triphthong: English fire/hour (aɪə aʊə)
 * and the Mandarin finals that pinyin-derived IPA writes out (iau, iou, uai,
 * uei).
 *
 * @example
 * ```ts
 * IPA_TRIPHTHONGS.has('aɪə'); // true
 * ```
 */
export const IPA_TRIPHTHONGS: ReadonlySet<string> = new Set(
  'aɪə aʊə eɪə ɔɪə əʊə oʊə iau iɑu iaʊ iou ioʊ uai uaɪ uei ueɪ'.split(' '),
);

// Tone diacritics, as Chao tone letters so every tone comes out in one notation.
const TONE_DIACRITICS: Readonly<Record<string, string>> = Object.freeze({
  '\u030B': '˥', // double acute: extra high
  '\u0301': '˦', // acute: high
  '\u0304': '˧', // macron: mid
  '\u0300': '˨', // grave: low
  '\u030F': '˩', // double grave: extra low
  '\u030C': '˩˥', // caron: rising
  '\u0302': '˥˩', // circumflex: falling
  '\u1DC4': '˧˥', // high rising
  '\u1DC5': '˩˧', // low rising
  '\u1DC6': '˧˩', // low falling
  '\u1DC7': '˥˧', // high falling
  '\u1DC8': '˧˦˧', // rising-falling
  '\u1DC9': '˧˨˧', // falling-rising
});

/**
 * The Chao tone letters a combining tone diacritic stands for, or undefined
 * when the mark is not a tone.
 *
 * @example
 * ```ts
 * toneOfDiacritic('\u0301'); // '˦' (á = high tone)
 * ```
 */
export function toneOfDiacritic(mark: string): string | undefined {
  return TONE_DIACRITICS[mark];
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Applies one diacritic or modifier letter to a vowel, returning new features.
 * Marks that move the tongue move the vowel one chart step (raised ◌̝,
 * lowered ◌̞, advanced ◌̟, retracted ◌̠) or toward the centre (centralised ◌̈
 * goes to the central column, which is how ä is used; mid-centralised ◌̽ goes
 * half way on both axes). Lip marks (◌̹, ʷ, and espeak's Japanese ᵝ for
 * compressed lips) make it rounded. Marks the face cannot show (voiceless,
 * ATR, creaky, length...) leave it unchanged.
 *
 * `centralised` is espeak-ng's Russian mnemonic `"` (u" = a fronted u).
 *
 * @example
 * ```ts
 * applyVowelModifier(IPA_VOWELS['o'], '\u031E').height; // 0.5 (o̞, Japanese/Spanish o)
 * applyVowelModifier(IPA_VOWELS['a'], '\u0303').nasalized; // true (ã)
 * ```
 */
export function applyVowelModifier(f: VowelFeatures, mark: string): VowelFeatures {
  switch (mark) {
    case '\u0303': // tilde: nasalised
      return { ...f, nasalized: true };
    case '\u02DE': // rhotic hook
    case 'ʳ':
      return { ...f, rhotic: true };
    case '\u031D':
    case '˔':
      return { ...f, height: clamp01(f.height + HEIGHT_STEP) };
    case '\u031E':
    case '˕':
      return { ...f, height: clamp01(f.height - HEIGHT_STEP) };
    case '\u031F':
    case '˖':
      return { ...f, backness: clamp01(f.backness - BACKNESS_STEP) };
    case '\u0320':
    case '˗':
      return { ...f, backness: clamp01(f.backness + BACKNESS_STEP) };
    case '\u0308':
    case 'centralised':
      return { ...f, backness: CENTRAL };
    case '\u033D':
      return { ...f, backness: (f.backness + CENTRAL) / 2, height: (f.height + MID) / 2 };
    case '\u0339':
    case 'ʷ':
    case 'ᵝ':
      return { ...f, rounded: true };
    default:
      return f;
  }
}
