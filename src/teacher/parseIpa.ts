import { MouthpieceError } from '../api/MouthpieceError.js';
import type { ParsedPhone, PhoneFeatures } from './PhoneFeatures.js';
import { applyConsonantModifier, IPA_AFFRICATES, IPA_CONSONANTS, IPA_LIGATURES } from './ipaConsonants.js';
import { applyVowelModifier, IPA_DIPHTHONGS, IPA_TRIPHTHONGS, IPA_VOWELS, toneOfDiacritic } from './ipaVowels.js';

/**
 * Options of {@link parsePhones} and {@link parsePhone}.
 *
 * @example
 * ```ts
 * parsePhones('nˈiɜ χˈɑu2', { language: 'cmn' }); // 'ɜ' read as tone 3, not as a vowel
 * ```
 */
export interface ParseIpaOptions {
  /**
   * espeak-ng voice or language code of the transcription ('en', 'cmn',
   * 'cmn-latn-pinyin', 'yue', 'vi'...). Only tone languages (Chinese varieties
   * and Vietnamese) read differently: there espeak-ng prints the first Chao
   * digit of each tone after the syllable with '3' spelt 'ɜ', and leaks its
   * ASCII mnemonics ('h' for aspiration, 's.' for ʂ, 'i.' for the apical
   * vowel, 'o-' for ɤ, 'nɡ' for ŋ), so all of those are decoded, and the
   * vowels of one syllable form one phone.
   */
  language?: string;
}

/** One written sound: a base letter and the marks that follow it. */
interface Seg {
  text: string;
  base: string;
  kind: 'consonant' | 'vowel';
  marks: string[];
  long: boolean;
  syllabic: boolean;
  nonSyllabic: boolean;
  tone: string;
  tiedToNext: boolean;
}

type Event =
  | { t: 'seg'; seg: Seg }
  | { t: 'stress'; level: 1 | 2 }
  | { t: 'tone'; text: string }
  | { t: 'break' }
  | { t: 'wordEnd' }
  | { t: 'pause'; text: string };

interface Building {
  segs: Seg[];
  stress: 0 | 1 | 2;
  tone: string;
}

// Letters that are not IPA but stand for an IPA letter in the wild: ASCII g,
// Greek look-alikes (espeak-ng's Danish prints ε), obsolete IPA letters.
const ALIASES: Readonly<Record<string, string>> = Object.freeze({
  g: 'ɡ', ε: 'ɛ', α: 'ɑ', ι: 'ɪ', υ: 'ʊ', φ: 'ɸ', γ: 'ɣ', ɩ: 'ɪ', ɷ: 'ʊ', ʚ: 'ɞ', ǝ: 'ə', ʪ: 'ɬ', ʫ: 'ɮ',
});
// ASCII capitals where X-SAMPA and espeak-ng's own ASCII mnemonics agree; they
// turn up when an espeak-ng table has no IPA for a phoneme (Irish prints 'A').
// The other capitals mean different sounds in the two schemes, so they throw.
const ASCII_CAPITALS: Readonly<Record<string, string>> = Object.freeze({
  A: 'ɑ', B: 'β', C: 'ç', D: 'ð', E: 'ɛ', G: 'ɣ', I: 'ɪ', N: 'ŋ', O: 'ɔ', R: 'ʁ', S: 'ʃ', T: 'θ', U: 'ʊ', V: 'ʌ', X: 'χ', Z: 'ʒ',
});
const STRESS: Readonly<Record<string, 1 | 2>> = Object.freeze({ 'ˈ': 1, "'": 1, 'ˌ': 2 });
const TONE_RE = /^[0-9˥˦˧˨˩꜒꜓꜔꜕꜖⁰¹²³⁴⁵⁶⁷⁸⁹]$/u;
const TIES: ReadonlySet<string> = new Set(['\u0361', '\u035C', '\u200D']);
const PAUSE_PUNCT: ReadonlySet<string> = new Set(
  [...',;!?…—–¡¿|‖«»“”„。，、！？；：'],
);
// Delimiters and espeak-ng mnemonic residue ('-' after French ə, '^' in
// Russian) that carry no sound; they still block letters from joining.
const IGNORED: ReadonlySet<string> = new Set([...'-‿()[]{}/^"`\u200C\u2060']);
const PAUSE_WORDS: ReadonlySet<string> = new Set(['', '_', 'sil', 'sp', 'pau', 'h#', '#', '<sil>']);
const MODIFIER_RE = /^[\p{M}\p{Lm}\p{Sk}]$/u;
const SPACE_RE = /^\s$/u;
// espeak-ng's language switch annotations, e.g. "(en)tˈɛst(ru)".
const LANG_SWITCH_RE = /\([a-z]{2,3}(?:-[a-z0-9]+)*\)/giu;
const TONAL_RE = /^(cmn|zh|yue|hak|nan|wuu|vi)\b/iu;
const STOP_LIKE = new Set(['plosive', 'fricative', 'affricate']);

function invalid(message: string): MouthpieceError {
  return new MouthpieceError('INVALID_ARGUMENT', message);
}

function codePoints(s: string): string {
  return [...s].map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

function lookupBase(ch: string): { base: string; kind: 'consonant' | 'vowel' } | undefined {
  const base = ALIASES[ch] ?? ch;
  if (base in IPA_CONSONANTS) return { base, kind: 'consonant' };
  if (base in IPA_VOWELS) return { base, kind: 'vowel' };
  return undefined;
}

function newSeg(ch: string, found: { base: string; kind: 'consonant' | 'vowel' }): Seg {
  return { text: ch, base: found.base, kind: found.kind, marks: [], long: false, syllabic: false, nonSyllabic: false, tone: '', tiedToNext: false };
}

function normalise(text: string): string {
  // NFD splits precomposed letters (ã, ĩ, ä...) into base + mark so one set of
  // mark rules serves both spellings; ç is the one IPA letter NFD would break.
  // A typographic apostrophe after a letter is an ejective mark typed by hand.
  let s = text.replace(LANG_SWITCH_RE, ' ').normalize('NFD').replace(/c\u0327/gu, 'ç').replace(/\u2019/gu, 'ʼ');
  for (const [lig, pair] of Object.entries(IPA_LIGATURES)) s = s.split(lig).join(pair);
  return s;
}

/** Turns a transcription into a flat stream of segments, marks and boundaries. */
function scan(source: string, tonal: boolean): Event[] {
  const chars = [...normalise(source)];
  const events: Event[] = [];
  let last: Seg | undefined; // last segment of the current word
  let adjacent = false; // nothing but marks since `last`
  const push = (e: Event): void => {
    events.push(e);
    if (e.t === 'seg') {
      last = e.seg;
      adjacent = true;
    } else {
      adjacent = false;
      if (e.t === 'wordEnd' || e.t === 'pause') last = undefined;
    }
  };
  const atTokenStart = (i: number): boolean => i === 0 || SPACE_RE.test(chars[i - 1]);
  const isBoundary = (ch: string | undefined): boolean => ch === undefined || SPACE_RE.test(ch);

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (SPACE_RE.test(ch)) {
      push(ch === '\n' || ch === '\r' ? { t: 'pause', text: '_' } : { t: 'wordEnd' });
      continue;
    }
    if (atTokenStart(i)) {
      let end = i;
      while (end < chars.length && !SPACE_RE.test(chars[end])) end++;
      const token = chars.slice(i, end).join('');
      if (PAUSE_WORDS.has(token.toLowerCase())) {
        push({ t: 'pause', text: token });
        i = end - 1;
        continue;
      }
    }
    const stress = STRESS[ch];
    if (stress !== undefined) {
      push({ t: 'stress', level: stress });
      continue;
    }
    if (TONE_RE.test(ch) || (tonal && ch === 'ɜ' && last !== undefined)) {
      let text = ch === 'ɜ' ? '3' : ch;
      while (i + 1 < chars.length && TONE_RE.test(chars[i + 1])) text += chars[++i];
      push({ t: 'tone', text });
      continue;
    }
    if (TIES.has(ch)) {
      if (last && adjacent) {
        last.tiedToNext = true;
        last.text += ch;
      }
      continue;
    }
    if (ch === '.') {
      // espeak-ng prints its ASCII mnemonic for sounds its table has no IPA
      // for: r. is ɽ (Hindi family), and in Mandarin s./ts. are ʂ/ʈʂ, i. the
      // apical vowel. Elsewhere '.' is a syllable break or a full stop.
      if (last && adjacent && last.kind === 'consonant' && (last.base === 'r' || tonal)) {
        last.marks.push('retroflex');
        last.text += ch;
        continue;
      }
      if (last && adjacent && tonal && last.kind === 'vowel' && (last.base === 'i' || last.base === 'ɨ')) {
        last.base = 'ʅ';
        last.text += ch;
        continue;
      }
      push(isBoundary(chars[i + 1]) ? { t: 'pause', text: ch } : { t: 'break' });
      continue;
    }
    if (ch === ':' || ch === '：') {
      if (last && adjacent && !isBoundary(chars[i + 1])) {
        last.long = true;
        last.text += 'ː';
      } else push({ t: 'pause', text: ch });
      continue;
    }
    if (ch === '_') {
      push({ t: 'break' });
      continue;
    }
    if (ch === '#' && last && adjacent) {
      addMark(last, '\u0325'); // espeak-ng mnemonic: n# is a voiceless n
      continue;
    }
    if (ch === '?' && !isBoundary(chars[i + 1]) && !PAUSE_PUNCT.has(chars[i + 1])) {
      push({ t: 'seg', seg: newSeg(ch, { base: 'ʔ', kind: 'consonant' }) }); // espeak-ng mnemonic for ʔ
      continue;
    }
    if (PAUSE_PUNCT.has(ch) || ch === '#') {
      push({ t: 'pause', text: ch });
      continue;
    }
    if (ch === '"' && last && adjacent && last.kind === 'vowel') {
      last.marks.push('centralised'); // espeak-ng Russian u" = a fronted u
      continue;
    }
    if (ch === '-' && tonal && last && adjacent && last.base === 'o') {
      last.base = 'ɤ'; // espeak-ng Mandarin o- = the e of "ke"
      last.text += ch;
      continue;
    }
    if (IGNORED.has(ch)) {
      push({ t: 'break' });
      continue;
    }
    if (tonal && last && adjacent) {
      const f = last.kind === 'consonant' ? IPA_CONSONANTS[last.base] : undefined;
      if (ch === 'h' && f && STOP_LIKE.has(f.manner)) {
        last.marks.push('ʰ');
        last.text += 'ʰ';
        continue;
      }
      if ((ch === 'ɡ' || ch === 'g') && last.base === 'n') {
        last.base = 'ŋ'; // Mandarin has no n+g cluster: espeak's "ng" final
        last.text += ch;
        continue;
      }
    }
    if (MODIFIER_RE.test(ch)) {
      if (last && adjacent) {
        addMark(last, ch);
        continue;
      }
      // A modifier letter with nothing before it (espeak's Mandarin "ʲˈyə")
      // stands for the sound it is a small copy of; a lone mark is dropped.
      const plain = ch.normalize('NFKD');
      if (plain !== ch && plain.length === 1 && lookupBase(plain)) {
        push({ t: 'seg', seg: newSeg(ch, lookupBase(plain)!) });
      }
      continue;
    }
    const found = lookupBase(ch) ?? fallbackBase(ch);
    if (!found) {
      throw invalid(`Unknown IPA phone '${ch.normalize('NFC')}' (code points ${codePoints(ch)}) in '${source}'`);
    }
    push({ t: 'seg', seg: newSeg(ch, found) });
  }
  return events;
}

/** Unknown letters: the compatibility form (fullwidth, ligature) or lower case, never a guess. */
function fallbackBase(ch: string): { base: string; kind: 'consonant' | 'vowel' } | undefined {
  if (ch in ASCII_CAPITALS) return lookupBase(ASCII_CAPITALS[ch]);
  if (/^[A-Z]$/u.test(ch)) return undefined;
  const compat = ch.normalize('NFKD');
  if (compat !== ch && [...compat].length === 1) {
    const found = lookupBase(compat);
    if (found) return found;
  }
  const lower = ch.toLowerCase();
  return lower !== ch ? lookupBase(lower) : undefined;
}

function addMark(seg: Seg, mark: string): void {
  seg.text += mark;
  const tone = toneOfDiacritic(mark);
  if (tone !== undefined) seg.tone += tone;
  else if (mark === 'ː') seg.long = true;
  else if (mark === '\u032F' || mark === '\u0311') seg.nonSyllabic = true;
  else if (mark === '\u0329' || mark === '\u030D') seg.syllabic = true;
  else seg.marks.push(mark);
}

function sameVowel(a: Seg, b: Seg): boolean {
  return a.base === b.base && a.marks.join('') === b.marks.join('');
}

/** Whether `seg` extends the phone `b` (affricate, diphthong, triphthong, long vowel). */
function mergeKind(b: Building, seg: Seg, tonal: boolean): 'join' | 'long' | undefined {
  const segs = b.segs;
  const prev = segs[segs.length - 1];
  if (prev.tiedToNext) return segs.length < 3 ? 'join' : undefined;
  if (seg.kind === 'consonant' || prev.kind === 'consonant') {
    const ok = segs.length === 1 && seg.kind === 'consonant' && prev.kind === 'consonant' && IPA_AFFRICATES.has(prev.base + seg.base);
    return ok ? 'join' : undefined;
  }
  if (segs.some((s) => s.kind !== 'vowel')) return undefined;
  if (segs.length === 1 && sameVowel(prev, seg)) return 'long';
  if (segs.length >= 3) return undefined;
  if (tonal || seg.nonSyllabic || prev.nonSyllabic) return 'join';
  const bases = segs.map((s) => s.base).join('') + seg.base;
  return (segs.length === 1 ? IPA_DIPHTHONGS : IPA_TRIPHTHONGS).has(bases) ? 'join' : undefined;
}

function featuresOf(seg: Seg): PhoneFeatures {
  if (seg.kind === 'consonant') {
    let f = IPA_CONSONANTS[seg.base];
    for (const m of seg.marks) f = applyConsonantModifier(f, m);
    return f;
  }
  let f = IPA_VOWELS[seg.base];
  for (const m of seg.marks) f = applyVowelModifier(f, m);
  return f;
}

function isNucleus(b: Building): boolean {
  return b.segs.some((s) => (s.kind === 'vowel' && !s.nonSyllabic) || s.syllabic);
}

function finish(b: Building): ParsedPhone {
  const components = b.segs.map(featuresOf);
  // A mark on the fricative of an espeak "ts." applies to the whole affricate.
  if (components.length === 2 && b.segs[1].marks.includes('retroflex') && components[0].kind === 'consonant') {
    components[0] = applyConsonantModifier(components[0], 'retroflex');
  }
  const tone = b.tone + b.segs.map((s) => s.tone).join('');
  const phone: ParsedPhone = {
    ipa: b.segs.map((s) => s.text).join('').normalize('NFC'),
    components,
    long: b.segs.some((s) => s.long),
    stress: b.stress,
  };
  if (tone) phone.tone = tone;
  return phone;
}

function pausePhone(text: string): ParsedPhone {
  return { ipa: text, components: [{ kind: 'pause' }], long: false, stress: 0 };
}

/** Groups the event stream into phones, word by word. */
function group(events: Event[], source: string, tonal: boolean): ParsedPhone[] {
  const out: ParsedPhone[] = [];
  let word: Building[] = [];
  let joinable = false;
  let pending: { level: 1 | 2; index: number } | undefined;

  const settleStress = (): void => {
    // No vowel after the mark in this word: it belongs to the phone after it.
    if (pending && pending.index < word.length && word[pending.index].stress === 0) word[pending.index].stress = pending.level;
    pending = undefined;
  };
  const flush = (): void => {
    settleStress();
    for (const b of word) out.push(finish(b));
    word = [];
    joinable = false;
  };

  for (const e of events) {
    switch (e.t) {
      case 'seg': {
        const cur = word[word.length - 1];
        const kind = cur && joinable ? mergeKind(cur, e.seg, tonal) : undefined;
        if (kind === 'long') {
          cur.segs[0].long = true;
          cur.segs[0].text += e.seg.text;
          cur.segs[0].tiedToNext = e.seg.tiedToNext;
        } else if (kind === 'join') cur.segs.push(e.seg);
        else word.push({ segs: [e.seg], stress: 0, tone: '' });
        const b = word[word.length - 1];
        if (pending && isNucleus(b)) {
          if (b.stress === 0) b.stress = pending.level;
          pending = undefined;
        }
        joinable = true;
        break;
      }
      case 'stress':
        settleStress();
        pending = { level: e.level, index: word.length };
        joinable = false;
        break;
      case 'tone': {
        const host = [...word].reverse().find(isNucleus) ?? word[word.length - 1];
        if (!host) throw invalid(`Expected a syllable before tone '${e.text}' but received none in '${source}'`);
        host.tone += e.text;
        joinable = false;
        break;
      }
      case 'break':
        joinable = false;
        break;
      case 'wordEnd':
        flush();
        break;
      case 'pause':
        flush();
        if (out.length === 0 || out[out.length - 1].components[0].kind !== 'pause') out.push(pausePhone(e.text));
        break;
    }
  }
  flush();
  return out;
}

function checkString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw invalid(`Expected ${name} to be a string but received ${value === null ? 'null' : typeof value}`);
  return value;
}

function isTonal(options: ParseIpaOptions | undefined): boolean {
  return options?.language !== undefined && TONAL_RE.test(options.language);
}

/**
 * Splits a space-less IPA transcription (espeak-ng `--ipa` output, Piper-style
 * phoneme strings, hand-written IPA) into phones with their features.
 *
 * Reading rules, in the order they matter:
 * - stop + fricative pairs that espeak-ng writes as affricates (tʃ dʒ ts dz
 *   pf tɕ dʑ ʈʂ...) join greedily; a tie bar (͡ ͜ or espeak's zero-width
 *   joiner) joins any pair; `_` between letters keeps them apart;
 * - adjacent vowels form a diphthong/triphthong when the sequence is a known
 *   one (aɪ, əʊ, ɔʏ, ie, aɪə...) or carries the non-syllabic mark ◌̯;
 *   a repeated vowel (espeak's "ɛɛ") is one long vowel;
 * - a stress mark (ˈ ˌ or ASCII ') goes to the next vowel of its word, so
 *   espeak's "həlˈoʊ" and the textbook "həˈloʊ" agree; if its word has no
 *   vowel after it, to the phone after it;
 * - tones (digits, Chao letters, superscript digits, tone diacritics) go to
 *   the last vowel before them in the word;
 * - spaces separate words without a pause; line breaks (espeak-ng's clause
 *   breaks), punctuation, `#`, and whole tokens `_` `sil` `sp` `pau` `h#`
 *   are pauses, consecutive ones collapsed; espeak-ng's "(en)" language
 *   switch annotations are dropped.
 *
 * Unknown letters fall back to their compatibility or lower-case form, and
 * unknown diacritics are ignored; a letter still unknown throws rather than
 * being guessed.
 *
 * @param transcription IPA text; any number of words and clauses.
 * @param options see {@link ParseIpaOptions}; needed only for tone languages.
 * @returns the phones in order; an empty array for an empty string.
 * @throws MouthpieceError `INVALID_ARGUMENT` for a non-string, an unknown
 *   letter, or a tone with no syllable before it.
 * @example
 * ```ts
 * parsePhones('həlˈoʊ wˈɜːld').map((p) => p.ipa); // ['h', 'ə', 'l', 'oʊ', 'w', 'ɜː', 'l', 'd']
 * parsePhones('tʃˈɜːtʃ')[0].components.length;    // 2 (t + ʃ)
 * ```
 */
export function parsePhones(transcription: string, options?: ParseIpaOptions): ParsedPhone[] {
  const text = checkString(transcription, 'the transcription');
  const tonal = isTonal(options);
  return group(scan(text.trim(), tonal), text, tonal);
}

/**
 * Parses one phone label (one entry of an aligner's or TTS engine's phone
 * sequence) into its features. Pause labels (`''`, `' '`, `_`, `sil`, `sp`,
 * `pau`, `#`, `h#`, any case) give a pause. A label that reads as several
 * phones (e.g. "ks") is one unit by the caller's word, so up to three
 * segments are kept as the components of one phone.
 *
 * @param label the phone as written, with optional stress, length and tone.
 * @param options see {@link ParseIpaOptions}.
 * @throws MouthpieceError `INVALID_ARGUMENT` for an unknown symbol, or for a
 *   label with punctuation or more than three segments.
 * @example
 * ```ts
 * parsePhone('ˈaː').stress;               // 1
 * parsePhone('t͡ʃ').components.length;     // 2
 * parsePhone('ɾ').components[0];          // { kind: 'consonant', place: 'alveolar', manner: 'tap', voiced: true, labialized: false }
 * ```
 */
export function parsePhone(label: string, options?: ParseIpaOptions): ParsedPhone {
  const text = checkString(label, 'the phone label');
  const trimmed = text.trim();
  if (PAUSE_WORDS.has(trimmed.toLowerCase())) return pausePhone(trimmed);
  // A lone label ending in ASCII ':' means length (X-SAMPA "a:"), not a colon.
  if (trimmed.length > 1 && trimmed.endsWith(':')) return parsePhone(`${trimmed.slice(0, -1)}ː`, options);
  if (/\s/u.test(trimmed)) throw invalid(`Expected one phone label but received '${text}' (contains a space)`);
  const phones = group(scan(trimmed, isTonal(options)), text, isTonal(options));
  if (phones.length === 0) throw invalid(`Expected a phone but received '${text}' (only marks)`);
  if (phones.length === 1) return phones[0];
  if (phones.some((p) => p.components[0].kind === 'pause')) {
    throw invalid(`Expected one phone label but received '${text}' (contains punctuation)`);
  }
  const components = phones.flatMap((p) => p.components);
  if (components.length > 3) {
    throw invalid(`Expected one phone label but received '${text}' (${phones.length} phones)`);
  }
  const merged: ParsedPhone = {
    ipa: phones.map((p) => p.ipa).join(''),
    components,
    long: phones.some((p) => p.long),
    stress: phones.reduce<0 | 1 | 2>((s, p) => (s === 1 || p.stress === 1 ? 1 : s || p.stress), 0),
  };
  const tone = phones.map((p) => p.tone ?? '').join('');
  if (tone) merged.tone = tone;
  return merged;
}
