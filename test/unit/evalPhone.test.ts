import { describe, expect, it } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { evalPhone } from '../../src/eval/evalPhone.js';
import { OCULUS_VISEMES } from '../../src/eval/oculusVisemes.js';

describe('evalPhone', () => {
  it('maps ARPAbet with stress digits; AH0/ER0 are the reduced vowels', () => {
    expect(evalPhone('AA1')).toMatchObject({ ipa: 'ɑ', viseme: 'aa', openVowel: true, kind: 'vowel' });
    expect(evalPhone('AH1')).toMatchObject({ ipa: 'ʌ', viseme: 'aa', openVowel: true });
    expect(evalPhone('AH0')).toMatchObject({ ipa: 'ə', viseme: 'E', openVowel: false });
    expect(evalPhone('ER0').ipa).toBe('ɚ');
    expect(evalPhone('ER1')).toMatchObject({ ipa: 'ɝ', viseme: 'RR' });
    expect(evalPhone('AO2')).toMatchObject({ ipa: 'ɔ', viseme: 'O', openVowel: true });
    expect(evalPhone('M')).toMatchObject({ viseme: 'PP', bilabial: true, targetAperture: 0 });
    expect(evalPhone('DH').viseme).toBe('TH');
    expect(evalPhone('JH').viseme).toBe('CH');
    expect(evalPhone('NG').viseme).toBe('kk');
    expect(evalPhone('W').viseme).toBe('U');
    expect(evalPhone('HH').kind).toBe('transparent');
    expect(evalPhone('ah0').ipa).toBe('ə');
    expect(evalPhone('sh').ipa).toBe('ʃ');
  });

  it('maps MFA IPA labels, ignoring secondary articulation, length and syllabicity marks', () => {
    expect(evalPhone('tʲ')).toMatchObject({ ipa: 't', viseme: 'DD' });
    expect(evalPhone('ɫ')).toMatchObject({ viseme: 'nn' });
    expect(evalPhone('ɫ̩').ipa).toBe('ɫ');
    expect(evalPhone('m̩').bilabial).toBe(true);
    expect(evalPhone('ɑː')).toMatchObject({ ipa: 'ɑ', openVowel: true });
    expect(evalPhone('kʷ').viseme).toBe('kk');
    expect(evalPhone('ɹ').viseme).toBe('RR');
    expect(evalPhone('ɾ').viseme).toBe('DD');
    expect(evalPhone('ɾ̃').viseme).toBe('nn');
    expect(evalPhone('t͡ʃ').viseme).toBe('CH');
    expect(evalPhone('ɱ')).toMatchObject({ viseme: 'FF', bilabial: false });
    expect(evalPhone('ɒ')).toMatchObject({ viseme: 'aa', openVowel: true });
  });

  it('diphthongs take the first element and carry the offglide aperture', () => {
    for (const l of ['aj', 'aɪ', 'AY1']) expect(evalPhone(l)).toMatchObject({ viseme: 'aa', openVowel: true, offglideAperture: evalPhone('ɪ').targetAperture });
    for (const l of ['aw', 'aʊ', 'AW1']) expect(evalPhone(l)).toMatchObject({ viseme: 'aa', openVowel: true });
    expect(evalPhone('ɔj')).toMatchObject({ viseme: 'O', openVowel: true });
    expect(evalPhone('ej')).toMatchObject({ viseme: 'E', openVowel: false });
    expect(evalPhone('ow')).toMatchObject({ viseme: 'O', openVowel: false });
    expect(evalPhone('OW1').offglideAperture).toBeLessThan(evalPhone('OW1').targetAperture);
  });

  it('silences and noise', () => {
    for (const l of ['', ' ', 'sil', 'SIL', 'sp', 'pau']) expect(evalPhone(l)).toMatchObject({ silence: true, viseme: 'sil', targetAperture: 0 });
    expect(evalPhone('spn')).toMatchObject({ kind: 'noise', silence: false });
  });

  it('open vowels are exactly the open ones; targets rise with vowel openness', () => {
    const vowels = ['i', 'ɪ', 'e', 'ɛ', 'ə', 'ɜ', 'æ', 'a', 'ɑ', 'ɒ', 'ʌ', 'ɔ', 'o', 'ʊ', 'u', 'ɐ'];
    expect(vowels.filter((v) => evalPhone(v).openVowel).sort()).toEqual(['a', 'æ', 'ɐ', 'ɑ', 'ɒ', 'ɔ', 'ʌ'].sort());
    const t = (l: string) => evalPhone(l).targetAperture;
    expect(t('i')).toBeLessThan(t('e'));
    expect(t('e')).toBeLessThan(t('ɛ'));
    expect(t('ɛ')).toBeLessThan(t('æ'));
    expect(t('u')).toBeLessThan(t('o'));
    expect(t('o')).toBeLessThan(t('ɔ'));
    expect(t('ɔ')).toBeLessThan(t('ɑ'));
    for (const l of ['p', 'b', 'm']) expect(t(l)).toBe(0);
    expect(t('s')).toBeLessThan(t('t'));
    expect(t('t')).toBeLessThan(t('k'));
    for (const v of vowels) {
      expect(t(v)).toBeGreaterThan(0.05);
      expect(t(v)).toBeLessThanOrEqual(0.7);
    }
  });

  it('every viseme is reachable and every result is a known viseme', () => {
    const labels = ['', 'P', 'F', 'TH', 'D', 'K', 'SH', 'S', 'N', 'R', 'AA1', 'EH1', 'IY1', 'OW1', 'UW1'];
    expect(labels.map((l) => evalPhone(l).viseme)).toEqual([...OCULUS_VISEMES]);
  });

  it('unknown labels throw a MouthpieceError naming the label', () => {
    for (const l of ['XYZ', 'Q9', 'ʘ', '123', 'a-b']) {
      expect(() => evalPhone(l)).toThrow(MouthpieceError);
      expect(() => evalPhone(l)).toThrow(JSON.stringify(l));
    }
    expect(() => evalPhone(undefined as unknown as string)).toThrow(/Expected string for label/);
  });
});
