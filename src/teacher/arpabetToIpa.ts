import { MouthpieceError } from '../api/MouthpieceError.js';

// The 39 CMUdict phones, the extra labels flite/festival and TIMIT print
// (ax, axr, dx, el, em, en, ix, nx, hv, q, ux, wh, ax-h), and their pauses.
const VOWELS: Readonly<Record<string, string>> = Object.freeze({
  aa: 'ɑ', ae: 'æ', ah: 'ʌ', ao: 'ɔ', aw: 'aʊ', ax: 'ə', axr: 'ɚ', 'ax-h': 'ə̥', ay: 'aɪ', eh: 'ɛ', er: 'ɝ',
  ey: 'eɪ', ih: 'ɪ', ix: 'ɨ', iy: 'i', ow: 'oʊ', oy: 'ɔɪ', uh: 'ʊ', uw: 'u', ux: 'ʉ',
});
// Unstressed AH and ER are the reduced vowels ə and ɚ (CMUdict's own reading
// of AH0/ER0), not a stressless ʌ/ɝ.
const UNSTRESSED: Readonly<Record<string, string>> = Object.freeze({ ah: 'ə', er: 'ɚ' });
const CONSONANTS: Readonly<Record<string, string>> = Object.freeze({
  b: 'b', ch: 'tʃ', d: 'd', dh: 'ð', dx: 'ɾ', el: 'l̩', em: 'm̩', en: 'n̩', eng: 'ŋ̍', f: 'f', g: 'ɡ', hh: 'h', hv: 'ɦ',
  jh: 'dʒ', k: 'k', l: 'l', m: 'm', n: 'n', ng: 'ŋ', nx: 'ɾ̃', p: 'p', q: 'ʔ', r: 'ɹ', s: 's', sh: 'ʃ', t: 't',
  th: 'θ', v: 'v', w: 'w', wh: 'ʍ', y: 'j', z: 'z', zh: 'ʒ',
});
const SYLLABIC: ReadonlySet<string> = new Set(['el', 'em', 'en', 'eng']);
const PAUSES: ReadonlySet<string> = new Set(['pau', 'h#', 'sil', 'sp', 'epi', '#', '_']);

/**
 * Maps one ARPAbet label as printed by flite, festival, CMUdict or TIMIT
 * (any case, optional stress digit) to IPA that {@link parsePhone} reads.
 * Stress digits become IPA stress marks (1 → ˈ, 2 → ˌ, 0 → none); AH0 and
 * ER0 become ə and ɚ. Pause labels (pau, h#, sil, sp, epi) become `_`.
 *
 * @param label one ARPAbet phone, e.g. "AH0", "ch", "pau".
 * @returns the IPA for it.
 * @throws MouthpieceError `INVALID_ARGUMENT` for a label that is not ARPAbet,
 *   or a stress digit on a consonant.
 * @example
 * ```ts
 * arpabetToIpa('AY1'); // 'ˈaɪ'
 * arpabetToIpa('ah0'); // 'ə'
 * arpabetToIpa('pau'); // '_'
 * ```
 */
export function arpabetToIpa(label: string): string {
  if (typeof label !== 'string') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an ARPAbet label string but received ${label === null ? 'null' : typeof label}`);
  }
  const lower = label.trim().toLowerCase();
  if (PAUSES.has(lower)) return '_';
  const m = /^([a-z]+(?:-h)?)([012])?$/u.exec(lower);
  const name = m?.[1];
  const digit = m?.[2];
  if (name !== undefined && name in VOWELS) {
    if (digit === '0' && name in UNSTRESSED) return UNSTRESSED[name];
    const mark = digit === '1' ? 'ˈ' : digit === '2' ? 'ˌ' : '';
    return mark + VOWELS[name];
  }
  // Syllabic consonants may carry the stress of their syllable in some lexicons.
  if (name !== undefined && name in CONSONANTS && (digit === undefined || SYLLABIC.has(name))) {
    return (digit === '1' ? 'ˈ' : digit === '2' ? 'ˌ' : '') + CONSONANTS[name];
  }
  throw new MouthpieceError(
    'INVALID_ARGUMENT',
    `Expected an ARPAbet phone (aa ae ah ... zh, optional stress 0/1/2, or pau/h#/sil) but received '${label}'`,
  );
}
