// Festival voices of the synthetic corpus and their phone sets mapped to IPA
// (see README.md in this folder).
//
// Each festvox language has its own phone set. English voices use the
// radio set (ARPAbet-like; arpabetToIpa of the compiled library maps it),
// the others the maps below, written from each phone set's definition
// (defPhoneSet feature tables and their comments in the voice packages).
// Stress: festival's syllables carry lexical stress (`stress` 0/1), which
// festivalTimings.mjs puts on the syllable's vowel; phone sets that mark
// stressed vowels in the name (Italian `a1`, Catalan `E1`, Russian `aa`)
// also give stress 1 here.

const HERE_DIST = new URL('../../../dist/teacher/index.js', import.meta.url);

let teacher;
/**
 * The compiled teacher library (`dist/teacher`), for arpabetToIpa.
 * @throws Error saying how to build it when dist is missing
 */
export async function loadTeacher() {
  if (!teacher) {
    try {
      teacher = await import(HERE_DIST.href);
    } catch (e) {
      throw new Error(`The compiled library dist/teacher/index.js is missing or broken (run \`npm run build:ts\` first): ${e.message}`);
    }
    if (typeof teacher.arpabetToIpa !== 'function') throw new Error('dist/teacher/index.js has no arpabetToIpa (rebuild with `npm run build:ts`)');
  }
  return teacher;
}

// Italian (festvox-italp16k, festvox-itapc16k; italian_phoneset.scm).
// Stressed vowels end in 1; nf is the labiodental nasal (n before f/v),
// ng the velar one (n before k/g); J = ɲ, L = ʎ, S = ʃ, Z = ʒ.
const ITALIAN = {
  i: 'i', e: 'e', E: 'ɛ', a: 'a', o: 'o', O: 'ɔ', u: 'u',
  j: 'j', w: 'w', p: 'p', t: 't', k: 'k', b: 'b', d: 'd', g: 'ɡ', f: 'f', s: 's', S: 'ʃ', v: 'v', z: 'z', Z: 'ʒ',
  ts: 'ts', tS: 'tʃ', dz: 'dz', dZ: 'dʒ', m: 'm', n: 'n', J: 'ɲ', ng: 'ŋ', nf: 'ɱ', l: 'l', L: 'ʎ', r: 'r',
};

// Finnish (festvox-suopuhe-*, finnish_phones.scm). `:` marks length on
// vowels and consonants (geminates); @ = ä (front open), 7 = ö, & = schwa,
// T/D = dental fricatives of loan words, N = ŋ. L has the same features as
// l (a second lateral of the diphone set): l.
const FINNISH_BASE = {
  a: 'ɑ', e: 'e', i: 'i', o: 'o', u: 'u', y: 'y', '@': 'æ', 7: 'ø', '&': 'ə',
  p: 'p', t: 't', k: 'k', b: 'b', d: 'd', g: 'ɡ', f: 'f', T: 'θ', D: 'ð', s: 's', z: 'z', S: 'ʃ', Z: 'ʒ', h: 'h',
  v: 'ʋ', m: 'm', n: 'n', N: 'ŋ', l: 'l', L: 'l', r: 'r', j: 'j', w: 'w',
};
const FINNISH = Object.fromEntries(
  Object.entries(FINNISH_BASE).flatMap(([k, v]) => [[k, v], [`${k}:`, `${v}ː`]]),
);

// Russian (festvox-ru, msu_ru_nsh_phoneset.scm). Doubled vowel letters are
// the stressed vowels (vlng l); single ones the reduced qualities; ae/ay the
// second degree of reduction after hard/soft consonants, ur a reduced u.
// Doubled consonant letters are the palatalised (soft, csoft +) ones; c = ts,
// ch = soft tɕ, sch = ɕː, sh/zh = hard ʂ/ʐ, h = x.
const RUSSIAN_STRESSED = { ii: 'i', yy: 'ɨ', uu: 'u', ee: 'e', oo: 'o', aa: 'a' };
const RUSSIAN = {
  ...RUSSIAN_STRESSED,
  a: 'ɐ', e: 'ɪ', i: 'ɪ', y: 'ɨ', u: 'ʊ', ae: 'ə', ay: 'ɪ', ur: 'ʊ',
  p: 'p', pp: 'pʲ', b: 'b', bb: 'bʲ', t: 't', tt: 'tʲ', d: 'd', dd: 'dʲ', k: 'k', kk: 'kʲ', g: 'ɡ', gg: 'ɡʲ',
  c: 'ts', ch: 'tɕ', f: 'f', ff: 'fʲ', v: 'v', vv: 'vʲ', s: 's', ss: 'sʲ', z: 'z', zz: 'zʲ',
  sh: 'ʂ', sch: 'ɕː', zh: 'ʐ', h: 'x', hh: 'xʲ', m: 'm', mm: 'mʲ', n: 'n', nn: 'nʲ', l: 'ɫ', ll: 'lʲ',
  r: 'r', rr: 'rʲ', j: 'j',
};

// Czech (festival-czech, czech.scm). `~` = háček letters (c~ = č, d~ = ď,
// n~ = ň, r~ = ř, s~ = š, t~ = ť, z~ = ž, dz~ = dž), `:` = long vowel,
// ch = x, h = ɦ, n* = n before k/g (ŋ), r~* = voiceless ř.
const CZECH = {
  a: 'a', 'a:': 'aː', e: 'ɛ', 'e:': 'ɛː', i: 'ɪ', 'i:': 'iː', o: 'o', 'o:': 'oː', u: 'u', 'u:': 'uː',
  b: 'b', c: 'ts', 'c~': 'tʃ', ch: 'x', d: 'd', 'd~': 'ɟ', dz: 'dz', 'dz~': 'dʒ', f: 'f', g: 'ɡ', h: 'ɦ', j: 'j',
  k: 'k', l: 'l', m: 'm', n: 'n', 'n*': 'ŋ', 'n~': 'ɲ', p: 'p', r: 'r', 'r~': 'r̝', 'r~*': 'r̝̊', s: 's', 's~': 'ʃ',
  t: 't', 't~': 'c', v: 'v', z: 'z', 'z~': 'ʒ',
};

// Catalan, central (festvox-ca-ona-hts, upc_catalan_phones-central.scm).
// Stressed vowels end in 1; ax = ə, E/O open mid, J = ɲ, L = ʎ, r = tap,
// rr = trill, S/Z = ʃ/ʒ.
const CATALAN = {
  ax: 'ə', a: 'a', e: 'e', E: 'ɛ', i: 'i', o: 'o', O: 'ɔ', u: 'u',
  b: 'b', d: 'd', f: 'f', g: 'ɡ', j: 'j', J: 'ɲ', k: 'k', l: 'l', L: 'ʎ', m: 'm', n: 'n', p: 'p', r: 'ɾ', rr: 'r',
  s: 's', S: 'ʃ', t: 't', w: 'w', z: 'z', Z: 'ʒ',
};

// Hindi, Marathi, Telugu (festival-hi/-mr/-te; hindi_phones.scm,
// marathi_phones.scm and telugu_phones.scm are the same table). All three
// voices play one diphone database (NSKlpc.group, byte-identical in the
// three packages; its index is named DON_tamil_NSK: IIT Madras DONLab's
// recordings of one male speaker), so the labels name what that speaker
// recorded, whatever the script: the Devanagari front ends reuse the Telugu
// letter-to-sound rules (no schwa deletion, every inherent vowel is `a`).
// ih/iy, uh/uw, eh/ee, oh/oo short/long; ay/aw the diphthongs ai/au;
// T D N L retroflex; th dh dental (t, d), tth ddh their aspirates (th, dh);
// kh bh aspirated; ch/j the affricates; f for ph; v = ʋ; r a tap. Letters
// the phone set lacks are spelt with two labels (gh = g h, chh = ch h,
// jh = j h, Th = T h, Dh = D h, ss = sh h, ñ = eh n eh): a stop and then the
// database's own h, kept as two phones as festival times them. Chandrabindu
// is read as n (Devanagari) or dropped (Telugu): no nasalised vowels. The
// front ends never produce gh, R, td, zh, x, @, w, ksh or sri; they are
// mapped for completeness from their features and, as the index name
// suggests a Tamil recording, Tamil letters: R = ற (trill), td = alveolar
// stop, zh = ழ (ɻ), x = āytam, @ long back a, ksh = kʃ, sri = ʃɾiː, w = w.
const NSK_INDIC = {
  a: 'a', aa: 'aː', ih: 'i', iy: 'iː', uh: 'u', uw: 'uː', eh: 'e', ee: 'eː', oh: 'o', oo: 'oː', ay: 'ai̯', aw: 'au̯', '@': 'ɑː',
  k: 'k', kh: 'kʰ', g: 'ɡ', gh: 'ɡʱ', ch: 'tʃ', j: 'dʒ', T: 'ʈ', D: 'ɖ', N: 'ɳ', th: 't̪', tth: 't̪ʰ', dh: 'd̪', ddh: 'd̪ʱ', td: 't',
  n: 'n', p: 'p', f: 'f', b: 'b', bh: 'bʱ', m: 'm', y: 'j', r: 'ɾ', R: 'r', l: 'l', L: 'ɭ', zh: 'ɻ', v: 'ʋ', w: 'w',
  s: 's', sh: 'ʃ', h: 'h', x: 'x', ksh: 'kʃ', sri: 'ʃɾiː',
};

const STRESS_SUFFIX_RE = /^(.+?)1$/u;

function suffixStressed(map) {
  return (name) => {
    if (name in map) return { ipa: map[name], stress: 0 };
    const m = STRESS_SUFFIX_RE.exec(name);
    if (m && m[1] in map) return { ipa: map[m[1]], stress: 1 };
    return undefined;
  };
}

const PHONE_SETS = {
  // radio: handled through arpabetToIpa (see festivalPhoneToIpa)
  radio: { pauses: new Set(['pau', 'h#', '#', 'sil']) },
  italian: { pauses: new Set(['#', 'pau', '_']), lookup: suffixStressed(ITALIAN) },
  finnish: { pauses: new Set(['#', '##', 'pau', '_']), lookup: (n) => (n in FINNISH ? { ipa: FINNISH[n], stress: 0 } : undefined) },
  msu_ru: {
    pauses: new Set(['pau', '#', '_']),
    lookup: (n) => (n in RUSSIAN ? { ipa: RUSSIAN[n], stress: n in RUSSIAN_STRESSED ? 1 : 0 } : undefined),
  },
  czech: { pauses: new Set(['#', '_', 'pau']), lookup: (n) => (n in CZECH ? { ipa: CZECH[n], stress: 0 } : undefined) },
  catalan: { pauses: new Set(['pau', '_', '#']), lookup: suffixStressed(CATALAN) },
  nsk_indic: { pauses: new Set(['pau']), lookup: (n) => (n in NSK_INDIC ? { ipa: NSK_INDIC[n], stress: 0 } : undefined) },
};

/**
 * Festival voices this engine knows: language code (as the teacher and the
 * corpus use it), phone set, the text encoding the voice's front end reads,
 * and the Debian package that installs it.
 */
export const FESTIVAL_VOICES = Object.freeze({
  kal_diphone: { language: 'en-us', phoneSet: 'radio', encoding: 'latin1', package: 'festvox-kallpc16k' },
  ked_diphone: { language: 'en-us', phoneSet: 'radio', encoding: 'latin1', package: 'festvox-kdlpc16k' },
  cmu_us_slt_arctic_hts: { language: 'en-us', phoneSet: 'radio', encoding: 'latin1', package: 'festvox-us-slt-hts' },
  lp_diphone: { language: 'it', phoneSet: 'italian', encoding: 'latin1', package: 'festvox-italp16k' },
  pc_diphone: { language: 'it', phoneSet: 'italian', encoding: 'latin1', package: 'festvox-itapc16k' },
  suo_fi_lj_diphone: { language: 'fi', phoneSet: 'finnish', encoding: 'latin1', package: 'festvox-suopuhe-lj' },
  hy_fi_mv_diphone: { language: 'fi', phoneSet: 'finnish', encoding: 'latin1', package: 'festvox-suopuhe-mv' },
  msu_ru_nsh_clunits: { language: 'ru', phoneSet: 'msu_ru', encoding: 'utf-8', package: 'festvox-ru' },
  czech_dita: { language: 'cs', phoneSet: 'czech', encoding: 'iso-8859-2', package: 'festvox-czech-dita' },
  czech_ph: { language: 'cs', phoneSet: 'czech', encoding: 'iso-8859-2', package: 'festvox-czech-ph' },
  czech_krb: { language: 'cs', phoneSet: 'czech', encoding: 'iso-8859-2', package: 'festvox-czech-krb' },
  czech_machac: { language: 'cs', phoneSet: 'czech', encoding: 'iso-8859-2', package: 'festvox-czech-machac' },
  upc_ca_ona_hts: { language: 'ca', phoneSet: 'catalan', encoding: 'iso-8859-15', package: 'festvox-ca-ona-hts' },
  hindi_NSK_diphone: { language: 'hi', phoneSet: 'nsk_indic', encoding: 'utf-8', package: 'festvox-hi-nsk' },
  marathi_NSK_diphone: { language: 'mr', phoneSet: 'nsk_indic', encoding: 'utf-8', package: 'festvox-mr-nsk' },
  telugu_NSK_diphone: { language: 'te', phoneSet: 'nsk_indic', encoding: 'utf-8', package: 'festvox-te-nsk' },
});

const ARPABET_VOWELS = new Set(['aa', 'ae', 'ah', 'ao', 'aw', 'ax', 'axr', 'ay', 'eh', 'er', 'ey', 'ih', 'ix', 'iy', 'ow', 'oy', 'uh', 'uw', 'ux']);

/**
 * One festival segment name -> IPA (without stress mark) and the stress the
 * name itself carries; `null` for a pause.
 * @param {string} name the Segment item's name as festival prints it
 * @param {string} voice festival voice name (a key of FESTIVAL_VOICES)
 * @param {number} [syllableStress] the syllable's lexical stress, for
 *   English ah/er (unstressed = ə/ɚ)
 * @param {(label: string) => string} arpabetToIpa from the teacher library
 * @returns {{ipa: string, stress: 0|1|2} | null}
 * @throws Error naming the label and voice when the label is unknown
 */
export function festivalPhoneToIpa(name, voice, syllableStress, arpabetToIpa) {
  const info = FESTIVAL_VOICES[voice];
  if (!info) throw new Error(`Festival voice '${voice}' has no phone-set map (known: ${Object.keys(FESTIVAL_VOICES).join(', ')})`);
  const set = PHONE_SETS[info.phoneSet];
  if (set.pauses.has(name)) return null;
  if (info.phoneSet === 'radio') {
    const lower = name.toLowerCase();
    const digit = ARPABET_VOWELS.has(lower) ? String(Math.min(2, Math.max(0, syllableStress | 0))) : '';
    let ipa;
    try {
      ipa = arpabetToIpa(lower + digit);
    } catch {
      throw new Error(`Unknown phone label '${name}' from festival voice '${voice}' (phone set radio)`);
    }
    if (ipa === '_') return null;
    const stress = ipa.startsWith('ˈ') ? 1 : ipa.startsWith('ˌ') ? 2 : 0;
    return { ipa: ipa.replace(/^[ˈˌ]/u, ''), stress };
  }
  const hit = set.lookup(name);
  if (!hit) throw new Error(`Unknown phone label '${name}' from festival voice '${voice}' (phone set ${info.phoneSet})`);
  return hit;
}

const encoders = new Map();
// Typographic punctuation the 8-bit encodings lack, as ASCII.
const ASCII_PUNCTUATION = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u00ab': '"', '\u00bb': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u2026': '...', '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ',
};

/**
 * Encodes text for a voice's front end (festival reads bytes). Characters the
 * encoding lacks throw, naming them (after typographic punctuation becomes ASCII).
 * @returns {Buffer}
 */
export function encodeForVoice(text, voice) {
  const encoding = FESTIVAL_VOICES[voice]?.encoding ?? 'latin1';
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  let table = encoders.get(encoding);
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder(encoding);
    for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
    encoders.set(encoding, table);
  }
  const bytes = [];
  for (const ch of text.normalize('NFC')) {
    let b = table.get(ch);
    // Typographic punctuation the 8-bit encodings lack becomes its ASCII
    // form (Czech „quotes“, Catalan l’any); festival reads both alike.
    if (b === undefined && ASCII_PUNCTUATION[ch] !== undefined) {
      for (const c of ASCII_PUNCTUATION[ch]) bytes.push(c.charCodeAt(0));
      continue;
    }
    if (b === undefined) throw new Error(`Character '${ch}' cannot be written in ${encoding}, the text encoding of festival voice '${voice}'`);
    bytes.push(b);
  }
  return Buffer.from(bytes);
}
