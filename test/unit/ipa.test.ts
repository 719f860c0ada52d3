import { describe, expect, it } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { arpabetToIpa } from '../../src/teacher/arpabetToIpa.js';
import { parsePhone, parsePhones } from '../../src/teacher/parseIpa.js';
import type { ConsonantFeatures, ParsedPhone, VowelFeatures } from '../../src/teacher/PhoneFeatures.js';

function cons(label: string, index = 0): ConsonantFeatures {
  const f = parsePhone(label).components[index];
  if (f.kind !== 'consonant') throw new Error(`${label}: expected a consonant, got ${f.kind}`);
  return f;
}

function vowel(label: string, index = 0): VowelFeatures {
  const f = parsePhone(label).components[index];
  if (f.kind !== 'vowel') throw new Error(`${label}: expected a vowel, got ${f.kind}`);
  return f;
}

const ipas = (phones: ParsedPhone[]): string[] => phones.map((p) => p.ipa);

function expectInvalid(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MouthpieceError);
    expect((e as MouthpieceError).code).toBe('INVALID_ARGUMENT');
    expect((e as MouthpieceError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a MouthpieceError');
}

// Every cell of the IPA pulmonic consonant chart: symbol, place, manner, voiced.
const PULMONIC: [string, string, string, boolean][] = [
  ['p', 'bilabial', 'plosive', false], ['b', 'bilabial', 'plosive', true],
  ['t', 'alveolar', 'plosive', false], ['d', 'alveolar', 'plosive', true],
  ['ʈ', 'retroflex', 'plosive', false], ['ɖ', 'retroflex', 'plosive', true],
  ['c', 'palatal', 'plosive', false], ['ɟ', 'palatal', 'plosive', true],
  ['k', 'velar', 'plosive', false], ['ɡ', 'velar', 'plosive', true],
  ['q', 'uvular', 'plosive', false], ['ɢ', 'uvular', 'plosive', true],
  ['ʔ', 'glottal', 'plosive', false],
  ['m', 'bilabial', 'nasal', true], ['ɱ', 'labiodental', 'nasal', true], ['n', 'alveolar', 'nasal', true],
  ['ɳ', 'retroflex', 'nasal', true], ['ɲ', 'palatal', 'nasal', true], ['ŋ', 'velar', 'nasal', true],
  ['ɴ', 'uvular', 'nasal', true],
  ['ʙ', 'bilabial', 'trill', true], ['r', 'alveolar', 'trill', true], ['ʀ', 'uvular', 'trill', true],
  ['ⱱ', 'labiodental', 'tap', true], ['ɾ', 'alveolar', 'tap', true], ['ɽ', 'retroflex', 'tap', true],
  ['ɸ', 'bilabial', 'fricative', false], ['β', 'bilabial', 'fricative', true],
  ['f', 'labiodental', 'fricative', false], ['v', 'labiodental', 'fricative', true],
  ['θ', 'dental', 'fricative', false], ['ð', 'dental', 'fricative', true],
  ['s', 'alveolar', 'fricative', false], ['z', 'alveolar', 'fricative', true],
  ['ʃ', 'postalveolar', 'fricative', false], ['ʒ', 'postalveolar', 'fricative', true],
  ['ʂ', 'retroflex', 'fricative', false], ['ʐ', 'retroflex', 'fricative', true],
  ['ç', 'palatal', 'fricative', false], ['ʝ', 'palatal', 'fricative', true],
  ['x', 'velar', 'fricative', false], ['ɣ', 'velar', 'fricative', true],
  ['χ', 'uvular', 'fricative', false], ['ʁ', 'uvular', 'fricative', true],
  ['ħ', 'pharyngeal', 'fricative', false], ['ʕ', 'pharyngeal', 'fricative', true],
  ['h', 'glottal', 'fricative', false], ['ɦ', 'glottal', 'fricative', true],
  ['ɬ', 'alveolar', 'lateralFricative', false], ['ɮ', 'alveolar', 'lateralFricative', true],
  ['ʋ', 'labiodental', 'approximant', true], ['ɹ', 'alveolar', 'approximant', true],
  ['ɻ', 'retroflex', 'approximant', true], ['j', 'palatal', 'approximant', true], ['ɰ', 'velar', 'approximant', true],
  ['l', 'alveolar', 'lateralApproximant', true], ['ɭ', 'retroflex', 'lateralApproximant', true],
  ['ʎ', 'palatal', 'lateralApproximant', true], ['ʟ', 'velar', 'lateralApproximant', true],
];

// Non-pulmonic consonants and the chart's "other symbols".
const OTHER: [string, string, string, boolean, boolean][] = [
  ['ʘ', 'bilabial', 'click', false, false], ['ǀ', 'dental', 'click', false, false],
  ['ǃ', 'postalveolar', 'click', false, false], ['ǂ', 'palatal', 'click', false, false],
  ['ǁ', 'alveolar', 'click', false, false],
  ['ɓ', 'bilabial', 'implosive', true, false], ['ɗ', 'alveolar', 'implosive', true, false],
  ['ʄ', 'palatal', 'implosive', true, false], ['ɠ', 'velar', 'implosive', true, false],
  ['ʛ', 'uvular', 'implosive', true, false],
  ['w', 'labialvelar', 'approximant', true, true], ['ʍ', 'labialvelar', 'fricative', false, true],
  ['ɥ', 'palatal', 'approximant', true, true],
  ['ʜ', 'pharyngeal', 'fricative', false, false], ['ʢ', 'pharyngeal', 'fricative', true, false],
  ['ʡ', 'pharyngeal', 'plosive', false, false],
  ['ɕ', 'alveolopalatal', 'fricative', false, false], ['ʑ', 'alveolopalatal', 'fricative', true, false],
  ['ɺ', 'alveolar', 'tap', true, false], ['ɧ', 'postalveolar', 'fricative', false, false],
  ['ɫ', 'alveolar', 'lateralApproximant', true, false],
];

// Every vowel of the IPA vowel chart: symbol, height (0 open..1 close), backness (0 front..1 back), rounded.
const VOWELS: [string, number, number, boolean][] = [
  ['i', 1, 0, false], ['y', 1, 0, true], ['ɨ', 1, 0.5, false], ['ʉ', 1, 0.5, true], ['ɯ', 1, 1, false], ['u', 1, 1, true],
  ['ɪ', 5 / 6, 0.25, false], ['ʏ', 5 / 6, 0.25, true], ['ʊ', 5 / 6, 0.75, true],
  ['e', 2 / 3, 0, false], ['ø', 2 / 3, 0, true], ['ɘ', 2 / 3, 0.5, false], ['ɵ', 2 / 3, 0.5, true],
  ['ɤ', 2 / 3, 1, false], ['o', 2 / 3, 1, true],
  ['ə', 0.5, 0.5, false],
  ['ɛ', 1 / 3, 0, false], ['œ', 1 / 3, 0, true], ['ɜ', 1 / 3, 0.5, false], ['ɞ', 1 / 3, 0.5, true],
  ['ʌ', 1 / 3, 1, false], ['ɔ', 1 / 3, 1, true],
  ['æ', 1 / 6, 0, false], ['ɐ', 1 / 6, 0.5, false],
  ['a', 0, 0, false], ['ɶ', 0, 0, true], ['ɑ', 0, 1, false], ['ɒ', 0, 1, true],
];

// Real `espeak-ng --ipa -q -v LANG` output (espeak-ng 1.51) for pangrams and everyday sentences,
// kept as literals so the suite does not need espeak-ng.
const ESPEAK: [string, string][] = [
  ['en',
    'ðə fˈaɪv bˈɒksɪŋ wˈɪzədz dʒˈʌmp kwˈɪkli\npˈak maɪ bˈɒks wɪð fˈaɪv dˈʌzən lˈɪkə dʒˈʌɡz\nsfˈɪŋks ɒv blˈak kwˈɔːts\ndʒˈʌdʒ maɪ vˈaʊ\nðˈɪðə\nmˈɛʒə\nˈaʒə\n' +
    'nˈeɪʃən\nhjˈuːdʒ\nlˈɒx\njˈɛs\nwˈaʊ\nɹˈɪðəm\nbˈʌtən\nplˈɛʒə\nˈaʊə\nkwˈaɪə\njˈiə\nˈɔɪl\npˈʊə\nfˈeə\nnˈiə\nhəlˈəʊ wˈɜːld\nðə kwˈɪk bɹˈaʊn fˈɒks dʒˈʌmps ˌəʊvə ðə lˈeɪzi ' +
    'dˈɒɡ\nʃiː θˈɔːt ɐbˌaʊt ðə mˈɛʒəɹ ɒv dʒˈɔɪ\ntʃˈɜːtʃ and dʒˈʌdʒ\nbˈʌtəɹ and bˈɒtəl'],
  ['en-us',
    'ðə fˈaɪv bˈɑːksɪŋ wˈɪzɚdz dʒˈʌmp kwˈɪkli\nwˈɔːɾɚ\nbˈɜːd\nhˈɜː\nfˈɑːðɚ\nkˈɔːt\nkˈɑːt\nbˈɛɾɚ\nbˈʌʔn̩\nlˈɪɾəl\nmˈaʊntɪn\nhˈɜːɹi\nkˈɑːɹ\nfˈoːɹ\nkjˈʊɹ\ntˈaɪɚd'],
  ['de',
    'vˈɪktoːɾ jˈɑːkt tsvˈœlf bˈɔkskɛmpfɜ kvˈeːɾ ˌyːbɜ deːn ɡɾˈoːsən zˈyltɜ dˈaɪç\nfˈalʃəs ˈyːbən fɔn ksˈyːloːfˌɔnmuːzˌiːk kvˈɛlt jˈeːdən ɡɾˈøːsərən tsvˈɛɾk\n' +
    'pfˈeːɾt\nkˈoːɾ\ndˈax\nˈɪç\nlˈaxən\njˈɑːɾ\nrˈɑːt\nfˈɑːtɜ\nkvˈatʃ\nhˈytə\nˈøːl\nˈɛpfəl\nɡəhˈɪɾn\nɡˈuːtən tˈɑːk\nɪç mˈœçtə tsvˈaɪ bɾˈøːtçən ʊnt ˌaɪnə pfˈanə\nbˈɪtə\ndiː ' +
    'ʃtɾˈɑːsə ɪst ʃˈøːn\nˌɑːbɜ diː bˈyːçɜ zɪnt tˈɔøɜ\ntsˈaɪtˌʊŋ\npflˈaʊmə'],
  ['fr',
    'pɔʁtˈe sə- vjˈø (en)wˈɪski(fr) o ʒˈyʒ blˈɔ̃ ki fˈym\nvwˈa ɑ̃biɡˈy dœ̃ kˈœʁ ki o zefˈiʁ pʁefˈɛʁ le- ʒˈat də- kjwˈi\nœ̃ paʁfˈœ̃ bʁˈœ̃\nɡanjˈe\nonjˈɔ̃\nfˈœj\n' +
    'tʁavˈaj\nʁˈy\npˈø\npˈœʁ\nfˈij\nʃˈa\nʒwˈe\nyˈil\nbɔ̃ʒˈuʁ\nkɔmˌɑ̃ alˈevˈu\nœ̃ bˈɔ̃ vˈɛ̃ blˈɑ̃\nʒə- vudʁˈɛz yn bʁiˈɔʃ e dy- pˈɛ̃\nyˈit ˈœʁ\nlyˈi\nwˈi'],
  ['es',
    'el βelˈoθ muɾθjˈelaɣo indˈu komˈia felˈiθ kaɾðˈiʎo i kˈiwi\nla θˌiɣuˈeɲa tokˈaβa el sˌaksofˈon detɾˈas ðel palˈɛnke ðe pˈaxa\nxamˈon\nɡˈera\nʎˈaβe\nʝˈo\n' +
    'tʃˈiko\nˈaɲo\nθapˈato\nwˈeso\nˈaɣwa\nboðˈeɣa\nˈola\nkˈomo estˈas\nel pˈero kˈore rˈapiðo poɾ la kˈaʎe\nmaɲˈana ʎuˈeβe\nɡɾˈaθjas'],
  ['it',
    'kwel vitʊperˈabile ksenˈɔfobo dzelˈante assˈadʒːa il wˈiskɪ ed esklˈama\nallelˈuja\nʎɪ dzjˈi\nɲˈɔmo\nʃˈarpa\nɡjˈatʃːo\ntʃˈena\ndʒˈorno\npˈatsːo\ndzandzˈaɾa\n' +
    'fˈiʎo\nwˈɔmo\nperkˈe\nbʊondʒˈɔrno\nkˌome stˈaj\nʎɪ ɲˈokːɪ sˌono bʊˈɔnɪ\ntʃˈao\npˈitsːa\ntʃˈɛlo'],
  ['pt',
    'ũŋ pˌekˈenʊ ʒˌɐbutˈi ʃˌeɾˈetɐ vˈiʊ dˈɛʃ sˌeɡˈoɲɐʃ fˌelˈizɨʃ\nlwˈiz ˌɐɾəɡuˈi ˌaː ʒˈuljɐ kɨ bɹɐsˈõjʃ\nfˈɛ\nʃˈa\nˈɔksidʊ\npˈoɹ\nzˈɐ̃ŋɡɐ̃ʊ̃ ˌɛɾɐ̃ʊ̃ ' +
    'pˌɐlˈavɹɐʒ dʊ pˌuɾətuɡˈeʃ\nʎˈɐ̃mɐ\nnˈiɲʊ\nʁˈatʊ\nkˈaʁʊ\nmˈɐ̃j\npˈɐ̃ʊ̃\nbˈeɪŋ\ntɹˈeɪŋ\nɔlˈa\ntˈudʊ bˈeɪŋ\neʊ nˌɐ̃ʊ̃ sˈeɪ\nˌɔbɹiɡˈadʊ pˈelɐ ˌiŋfuɾəmɐsˈɐ̃ʊ̃\npˈɐ̃jz ' +
    'i mˈɐ̃ɨʃ\nkˌuɾɐsˈɐ̃ʊ̃'],
  ['ru',
    'sjjˈeʒ ʒˈɛ jɪɕˈɵ ˈɛtʲix mʲˈɑxkʲix frantsˈusskʲix bˈuɭʌk\ndˈɑ vˈypʲij tʃʲˈɑju\nf tʃʲˈɑɕʌx ˈjuɡa ʒˈyɭ bˈy tsˈytrus\ndˈɑ\nno faɭʃˈyvyj ɛɡʑimpɭʲˈɑr\nɕˈuka\n' +
    'ʒˈuk\nxɭʲˈep\ntsˈɑrɪ^\nsʲimʲjˈja\nmˈyʃ\npʌdjjˈest\njˈɵɭka\nprʲivʲˈet\nkˈɑk dʲˈeɭa\nˈja ɭʲu"bɭʲˈu" tʃʲitˈɑtʲ knʲˈiɡʲɪ\nɕˈɪ\nʒˈyʑn\nʌbjˈɵm\nsjjˈeʃ jɪɕˈɵ ˈɛtʲix ' +
    'mʲˈɑxkʲix frantsˈusskʲix bˈuɭʌk'],
  ['pl',
    'pxnˈɔɲtɕ f tˈɛ wˈutɕ jˈɛʒa lˈup ˈɔɕm skʃˈɨɲ fˈik\nzˈaʒuwdʑ ɡˈɛɲɕlɔ̃ jˈaʑɲ\nxʃˈɔ̃ʃtʃ\ndʒˈɛm\ndʑvʲˈɛŋk\nʒˈɛka\ntɕmˈa\nʒˈaba\nvˈɔ̃ʃ\nmˈɔŋka\nrˈɛŋka\nʃtʃˈɛɲɕtɕɛ\n' +
    'dʑˈɛɲ dˈɔbrɨ\njˈak ɕɛ mˈaʃ\nxʃˈɔ̃ʒdʒ bʒmˈi f tʃtɕˈiɲʲɛ\nʑdʑbwˈɔ\ntʃˈɛɕtɕ\nɡˈɛɲɕ'],
  ['cs',
    'pr̝̊ˈiːliʒ ʒlˈucoʊtʃkiː kˈuːɲ ˈuːpjel ɟˈaːbelskeː ˈoːdi\nhlˈec\ntˈoc pr̝̊ˈiːzratʃniː kˈuːɲ v mˈaːtoʒneː pˈoːze ʃˈiːleɲe ˈuːpiː\nxlˈeːp\nr̝ˈeka\ntr̝̊ˈi\n' +
    'ɟˈiːce\nˈaʊto\nˈoʊʃko\nnˈextsi\ndˈobriː dˈen\njˈak se mˈaːte\ntʃtˈir̝i stˈa tr̝̊ˈitset tr̝̊ˈi'],
  ['bg',
    'ˈax\ntʃˈudnɐ bəɫɡˈarskɐ zˈemʲo\npolˈuʃvɐj tsəftʲˈaʃtiː ʒˈitɐ\nʃtˈərkeɫ\njunˈak\njˈamboɫ\nʒˈabɐ\ntsvˈete\nxlˈap\nˈəɡəɫ\ndʒˈop\ndʑˈift\njabˈəɫkɐ\nzdravˈejte\nkˈak ' +
    'ste\nbɫˌɐɡodˈarʲɐ mnˈoɡo\nʃtastˈie\njutˈijɐ'],
  ['hi',
    'ɾˈɪʂɪjˌõ koː sətˈaːneː ʋˈaːleː dˈʊʂʈ ɾˈaːkʃəsˌõ keː ɾˈaːɟaː ɾˈaːʋəɳ kaː sˌərʋənˈaːʃ kˈʌɾnˌeː ʋˈaːleː ʋˌɪʂɳʊʋtˈaːɾ bʰˌəɡʋˈaːn ʃɾiɾˈaːm\nʌjˈoːdʰjaː ' +
    'keː mˌahaːɾˈaːɟ dˈʌʃəɾˌətʰ keː bˈʌr.eː səpˈuːt tʰeː\nxˈʊʃi\nɣˈʌzəl\nfˈoːn\nkʃˈʌmaː\nɡjˈaːn\nɟʰˈʌɳɖaː\ncʰˈaːtaː\nɲˈə\nˈaɳəə\nɖʰˈʌkːən\nɡʰˈʌr.i\nnəmˈʌsteː\nˌaːp ' +
    'kˈɛːseː hɛ̃\nmɛ̃ hˈĩdi bˈoːltˌaː hũ\ndʰˌənjəʋˈaːd\nʈʰˈiːk\nɖʰˈoːl\nkʰˈaːnaː\nɡʰˈʌɾ\npʰˈʌl\nzəɾˈuːɾ'],
  ['cmn-latn-pinyin',
    'wˈo2 mə4n tˈou5 s.ˈi.5 ts.ˈonɡ5 kˈuoɜ ʐˈəɜn nˈiɜ χˈɑu2 s.ˈi.5 tɕˈiɛ5 ɕˈyɛɜ s.ˈə5ŋ tɕhˈy5 s.ˈa5ŋ khˈo-5 nˈy2 ˈərɜ ʐˈi.5 pˈə2n ts.ˈo-5 kˈo-5 tshˈai5 ' +
    'χˈəɜn χˈɑu2 ts.hˈi.5 lˈy5 sˈo-5 tə1 s.ˈu5 jˈiɛ5 tɕˈyɜ tsi̪ɜ ˈyɛ5 lˈiɑ5ŋ fˈei5 tɕˈi5 s.wˈeiɜ kˈuo2 tshˈɑ5 tsˈuo5 sˈonɡ5 sˈə5n tshˈonɡɜ tshˈi̪ɜ sˈi̪5 ' +
    'ʐˈuə5n ʐˈa5ŋ ˈər5 wˈai5 ˈyu5ŋ ɕˈyɜŋ tɕhˈyæɜn tɕˈyə5n ʲˈyəɜn χwˈɑ5 χˈuoɜ kˈei2 lˈeiɜ pˈiɛɜ phˈi5n phˈiɜŋ tˈiɛ5n thˈiɛ5n khˈuai5 khˈou2 mˈɑu5 mjˈɑu5 ' +
    'nˈiɛɜn nˈiouɜ lˈiɛɜn lˈyɛ5 nˈyɛ5'],
  ['cmn',
    '(en)nɪ5θɹˈiː5 hˌeɪ5ə5θɹˈiː5(cmn)\ns.ˈi.5 (en)dʒiː1fɔːɔː(cmn)\nwˈo2 (en)zɪ4θɹiː1 hjuː1ɐɐnfaɪ1v(cmn) ts.hˈi.5 ts.ˈonɡ5 (en)ɡjuː2ə1tuː1 keɪ1fɔːɔː(cmn)'],
  ['ja',
    'ˌiɽo̞hˌäniho̞hˈe̞to̞ tɕˌiɽinɯᵝɽˈɯᵝo̞ wˌäkäjˌo̞täɽˈe̞so̞ tsˌɯᵝne̞näɽˈämɯᵝ\nkˌo̞nnitɕˈihä\nˌäɽiɡˌäto̞ˌɯᵝɡo̞zˌäimˈäsɯᵝ\nkʲˈo̞ɯᵝ\nɕˈäɕiɴ\ntɕˈo̞tto̞\nɸɯᵝdʑˈisäɴ\n' +
    'ɽʲˌäo̞kˈo̞ɯᵝ\nɡäkkˈo̞ɯᵝ\nnˈiho̞ɴ\nɡiŋkˈo̞ɯᵝ\nçˈäkɯᵝ\npʲˈäkɯᵝ\nmʲˈäkɯᵝ\nɴ\nsˈɯᵝɕi\ntsɯᵝnˈämi'],
  ['fi',
    'tˈørkylˌempɪjævˌoŋŋahdus\nhˈyvæː pˈæivæː\nkˈiːtos\nˈæitɪ\nˈyø\nkˈahvɪ\nsˈauna\nhˈaukɪ\ntˈie\nrˈuoka\ntˈyø\nkˈylpy\nhˈelsɪŋkɪ\nlˈehtɪ\nvˈahva\nmˈitæ kˈuːluː'],
  ['tr',
    'piʒˈamaɫɯ hastˈa jˈaːɯz ʃofœɾˈɛ tʃabudʒˈak ɟyvændˈɪ\nœːɾɛtmˈæn\nˈaːtʃ\ntʃitʃˈɛk\nɯʃˈɯk\nɟœɾøʃmˈɛk\nˈyzøm\nʒandˈarma\njoːˈʊrt\nkaːˈɯt\nhˈɔʃ\nmˈɛrhaba\nnasɯɫsˈɯn\n' +
    'teʃekːˈør edˈeɾɪm\nɟyzˈæl'],
  ['ar',
    'nˈas̪s̪ ħˈakiːm lh sˈirr qˈaːt̪iʕ wðuː ʃˈaʔn ʕˈaðiːm mˈaktuːb ʕˈalaː θˈawb ʔˈaχdˤar wmɣlf bdʒld ʔˈazraq\ns̪ˈabaːħ ʔalχˈajr\nʕˈajn\nqˈalb\nðˈalaːm\nɣˈurfa\n' +
    'dˤˈawʔ\nt̪ˈabiːb\nχˈubz\nðˈahab\nhˈawaːʔ\njˈawm\nθlˈaːθt\nmrħbˈaː\nkˈajfa ħˈaːlik\nʃkrˈaː dʒzˈiːlaː'],
  ['eo',
    'ˌexoʃˈandʒo tʃˌiuʒˈaʊde\nlaʊ lˌudovˈiko zamˈenhof bonɡˈustas frˈeʃa tʃˈexa mandʒˈaʒo kun spˈitsoɪ\nsalˈuton\ndˈankon\ndʒis revˈido\nkˌiel vi fˈartas\n' +
    'tʃˌiuʒˈaʊde ʃi mˈandʒas xˈoraɪn dʒardˈenoɪn'],
  ['ga',
    'xˈui̯ɡ bˈeː vˈoːrhˌɑːx lɛ d̪lˈuːhspˌɑːd̪ fˌiːɹˈɪŋ tʃrˈiː hˈAt̪ə mɐ jˈafɐrkˈɑːi̯n vˈɪɡ\ndʲˈiə d̪ˈɪc\nkˈɔnɐs ət̪ˌɑː t̪ˈuː\nɡəɹəmˈAh ˈAɡɐt̪\nslˈɑːn\nˈiːçʲə ' +
    'wˈA\nɡˈeːɪlʲɡʲə\ncˈAx\nkʲˈoːl\nvˈiː\nd̪ˈʊvv'],
  ['yue',
    'nˈei5 hˈou2 sˈaiɜ ɡˈaaiɜ\ndˈo1 zˈe6 nˈei5\nŋˈo5 dˈei2 hˈeoiɜ jˈa2m cˈaa4'],
  ['vi',
    'sˈi1n tʃˈaː2w tˈeɜ zˈəːɜj\nt̪ˈo1j ˈiɛ1w vˈiɛ6t̪ nˈaː7m\nkˈaː4m ˈəː1n bˈaː6n ɲˈiɛ2w'],
];

describe('IPA consonant chart', () => {
  it.each(PULMONIC)('%s is %s %s (voiced %s)', (sym, place, manner, voiced) => {
    expect(cons(sym)).toEqual({ kind: 'consonant', place, manner, voiced, labialized: false });
    expect(parsePhone(sym).components).toHaveLength(1);
  });
  it.each(OTHER)('%s is %s %s', (sym, place, manner, voiced, labialized) => {
    expect(cons(sym)).toEqual({ kind: 'consonant', place, manner, voiced, labialized });
  });
  it('ejectives are voiceless plosives', () => {
    expect(cons('kʼ')).toMatchObject({ place: 'velar', manner: 'plosive', voiced: false });
    expect(cons('tsʼ', 1)).toMatchObject({ manner: 'fricative', voiced: false });
  });
  it('reads ASCII g and r, ligatures and Greek look-alikes', () => {
    expect(cons('g')).toEqual(cons('ɡ'));
    expect(cons('r').manner).toBe('trill');
    expect(parsePhone('ʧ').components).toEqual(parsePhone('tʃ').components);
    expect(parsePhone('ε').components).toEqual(parsePhone('ɛ').components);
    expect(parsePhone('ç').components).toEqual(parsePhone('c\u0327').components);
  });
});

describe('IPA vowel chart', () => {
  it.each(VOWELS)('%s has height %d, backness %d, rounded %s', (sym, height, backness, rounded) => {
    const f = vowel(sym);
    expect(f.height).toBeCloseTo(height, 9);
    expect(f.backness).toBeCloseTo(backness, 9);
    expect(f).toMatchObject({ rounded, nasalized: false, rhotic: false });
  });
  it('knows espeak-ng extras and rhotic vowels', () => {
    expect(vowel('ᵻ')).toMatchObject({ backness: 0.5, rounded: false });
    expect(vowel('ɚ')).toMatchObject({ height: 0.5, backness: 0.5, rhotic: true });
    expect(vowel('ɝ').rhotic).toBe(true);
    expect(vowel('ɑ˞').rhotic).toBe(true);
    expect(vowel('ɿ')).toMatchObject({ height: 1, backness: 0.5 });
  });
});

describe('diacritics and modifiers', () => {
  it('nasalisation, precomposed or combining', () => {
    expect(vowel('ɔ̃').nasalized).toBe(true);
    expect(vowel('ĩ')).toMatchObject({ nasalized: true, height: 1, backness: 0 });
  });
  it('voicing, dental, labialisation; secondary articulations leave the class alone', () => {
    expect(cons('n̥')).toMatchObject({ manner: 'nasal', voiced: false });
    expect(cons('r̝̊').voiced).toBe(false);
    expect(cons('s̬').voiced).toBe(true);
    expect(cons('t̪').place).toBe('dental');
    expect(cons('kʷ')).toMatchObject({ place: 'velar', labialized: true });
    for (const m of ['ʰ', 'ʲ', 'ˠ', 'ˤ', 'ʱ', '\u0329', '\u033A', '\u031A']) expect(cons(`t${m}`)).toEqual(cons('t'));
  });
  it('raised and lowered change consonant manner (Czech ř, Spanish β̞)', () => {
    expect(cons('r̝')).toMatchObject({ place: 'alveolar', manner: 'fricative', voiced: true });
    expect(cons('β̞').manner).toBe('approximant');
    expect(cons('ʎ̝').manner).toBe('lateralFricative');
  });
  it('raised, lowered, advanced, retracted, centralised, mid-centralised vowels', () => {
    expect(vowel('e̝').height).toBeCloseTo(2 / 3 + 1 / 6, 9);
    expect(vowel('o̞').height).toBeCloseTo(0.5, 9);
    expect(vowel('u̟').backness).toBeCloseTo(0.75, 9);
    expect(vowel('i̠').backness).toBeCloseTo(0.25, 9);
    expect(vowel('ä')).toMatchObject({ height: 0, backness: 0.5 });
    const e = vowel('e̽');
    expect(e.height).toBeCloseTo((2 / 3 + 0.5) / 2, 9);
    expect(e.backness).toBeCloseTo(0.25, 9);
    expect(vowel('ɯᵝ').rounded).toBe(true); // espeak-ng's Japanese u: compressed lips
  });
  it('an unknown diacritic is stripped; unknown letters fall back to their base letter', () => {
    expect(parsePhone('a\u0347').components).toEqual(parsePhone('a').components);
    expect(parsePhone('ａ').components).toEqual(parsePhone('a').components);
    expect(parsePhone('Ø').components).toEqual(parsePhone('ø').components);
    expect(parsePhone('A').components).toEqual(parsePhone('ɑ').components); // espeak-ng Irish
    expect(parsePhone('ŕ').components).toEqual(parsePhone('r').components);
  });
});

describe('affricates, diphthongs, segmentation', () => {
  it.each(['tʃ', 't͡ʃ', 't͜ʃ', 't\u200Dʃ', 'dʒ', 'ts', 'dz', 'pf', 'tɕ', 'dʑ', 'ʈʂ', 'k͡p'])('%s is one phone of two consonants', (a) => {
    const p = parsePhone(a);
    expect(p.components).toHaveLength(2);
    expect(p.components.map((c) => c.kind)).toEqual(['consonant', 'consonant']);
    expect(parsePhones(a)).toHaveLength(1);
  });
  it('affricate components keep their own features', () => {
    expect(cons('tʃ', 0)).toMatchObject({ place: 'alveolar', manner: 'plosive', voiced: false });
    expect(cons('dʒ', 1)).toMatchObject({ place: 'postalveolar', manner: 'fricative', voiced: true });
  });
  it('splits greedily the way espeak-ng writes, and `_` keeps letters apart', () => {
    expect(ipas(parsePhones('ʃtʃˈɛɲɕtɕɛ'))).toEqual(['ʃ', 'tʃ', 'ɛ', 'ɲ', 'ɕ', 'tɕ', 'ɛ']);
    expect(ipas(parsePhones('tʃ_ˈɜː_tʃ'))).toEqual(['tʃ', 'ɜː', 'tʃ']);
    expect(ipas(parsePhones('t_ʃ'))).toEqual(['t', 'ʃ']);
    expect(ipas(parsePhones('pˈitsːa'))).toEqual(['p', 'i', 'tsː', 'a']);
    expect(parsePhones('pˈitsːa')[2].long).toBe(true);
  });
  it.each(['aɪ', 'aʊ', 'eɪ', 'oʊ', 'əʊ', 'ɔɪ', 'ɪə', 'eə', 'ʊə', 'ai', 'au', 'ei', 'ou', 'ɔʏ', 'ɐ̃ʊ̃', 'ai̯', 'u̯o'])(
    '%s is one phone of two vowels',
    (d) => {
      const phones = parsePhones(d);
      expect(phones).toHaveLength(1);
      expect(phones[0].components.map((c) => c.kind)).toEqual(['vowel', 'vowel']);
    },
  );
  it('diphthong components, triphthongs, hiatus and repeated vowels', () => {
    expect(vowel('aɪ', 0)).toMatchObject({ height: 0, backness: 0 });
    expect(vowel('aɪ', 1).height).toBeCloseTo(5 / 6, 9);
    expect(parsePhone('aɪə').components).toHaveLength(3);
    expect(ipas(parsePhones('bʁiˈɔʃ'))).toEqual(['b', 'ʁ', 'i', 'ɔ', 'ʃ']); // stress mark = syllable edge
    expect(ipas(parsePhones('ʊo'))).toEqual(['ʊ', 'o']);
    const ee = parsePhones('ɛɛ');
    expect(ee).toHaveLength(1);
    expect(ee[0]).toMatchObject({ long: true, components: [expect.objectContaining({ kind: 'vowel' })] });
  });
});

describe('stress, length and tone', () => {
  it('puts a stress mark on the next vowel, wherever the syllable edge is written', () => {
    for (const t of ['həlˈoʊ', 'həˈloʊ']) {
      const p = parsePhones(t);
      expect(ipas(p)).toEqual(['h', 'ə', 'l', 'oʊ']);
      expect(p.map((x) => x.stress)).toEqual([0, 0, 0, 1]);
    }
    expect(parsePhones("nəmə'steː").map((x) => x.stress)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(parsePhones('ˌəʊvə')[0].stress).toBe(2);
    expect(parsePhone('ˈaɪ').stress).toBe(1);
    expect(parsePhones('bˈʌʔn̩')[1].stress).toBe(1);
    expect(parsePhones('ˈn̩')[0].stress).toBe(1); // syllabic consonant as nucleus
    expect(parsePhones('ˈkst')[0].stress).toBe(1); // no vowel: the phone after the mark
  });
  it('length: ː long, ˑ not, ASCII colon inside a word or at the end of a label', () => {
    expect(parsePhone('aː').long).toBe(true);
    expect(parsePhone('aˑ').long).toBe(false);
    expect(parsePhone('a:').long).toBe(true);
    expect(parsePhones('ba:n')[1].long).toBe(true);
    expect(parsePhone('a').long).toBe(false);
  });
  it('tone digits, Chao letters, superscripts and tone diacritics go to the syllable vowel', () => {
    const p = parsePhones('ni2 xau3');
    expect(ipas(p)).toEqual(['n', 'i', 'x', 'au']);
    expect(p.map((x) => x.tone)).toEqual([undefined, '2', undefined, '3']);
    expect(parsePhones('ma˨˩˦')[1].tone).toBe('˨˩˦');
    expect(parsePhones('ni²¹⁴')[1].tone).toBe('²¹⁴');
    expect(parsePhones('lˈiɑ5ŋ', { language: 'cmn' })[1]).toMatchObject({ ipa: 'iɑ', tone: '5', stress: 1 });
    expect(parsePhone('á').tone).toBe('˦');
    expect(parsePhone('ǎ').tone).toBe('˩˥');
  });
  it('reads espeak-ng tone-language output: ɜ is tone 3, ASCII mnemonics are decoded', () => {
    const opt = { language: 'cmn' };
    expect(ipas(parsePhones('nˈiɜ χˈɑu2'))).toEqual(['n', 'i', 'ɜ', 'χ', 'ɑu']); // without the language: a vowel
    const p = parsePhones('nˈiɜ χˈɑu2', opt);
    expect(ipas(p)).toEqual(['n', 'i', 'χ', 'ɑu']);
    expect(p.map((x) => x.tone)).toEqual([undefined, '3', undefined, '2']);
    const shi = parsePhones('s.ˈi.5', opt);
    expect(shi[0].components[0]).toMatchObject({ place: 'retroflex', manner: 'fricative' });
    expect(shi[1].components[0]).toMatchObject({ kind: 'vowel', height: 1, backness: 0.5 });
    const zhong = parsePhones('ts.ˈonɡ5', opt);
    expect(ipas(zhong)).toEqual(['ts.', 'o', 'nɡ']);
    expect(zhong[0].components.map((c) => (c.kind === 'consonant' ? c.place : ''))).toEqual(['retroflex', 'retroflex']);
    expect(zhong[2].components[0]).toMatchObject({ place: 'velar', manner: 'nasal' });
    const ke = parsePhones('khˈo-5', opt);
    expect(ke).toHaveLength(2);
    expect(ke[1].components[0]).toMatchObject({ kind: 'vowel', rounded: false, backness: 1 });
    expect(parsePhones('tshˈai5', opt)[0].components).toHaveLength(2);
    expect(parsePhones('ʲˈyəɜn', opt)[0].components[0]).toMatchObject({ place: 'palatal', manner: 'approximant' });
  });
  it('reads espeak-ng r. as the retroflex flap (Hindi family)', () => {
    const p = parsePhones('bˈʌr.eː');
    expect(ipas(p)).toEqual(['b', 'ʌ', 'r.', 'eː']);
    expect(p[2].components[0]).toMatchObject({ place: 'retroflex', manner: 'tap' });
  });
});

describe('pauses', () => {
  it.each(['_', '', ' ', 'sil', 'SIL', 'sp', 'pau', '#', 'h#'])('label %j is a pause', (label) => {
    expect(parsePhone(label).components).toEqual([{ kind: 'pause' }]);
  });
  it('punctuation, line breaks and pause tokens in a transcription; spaces are not pauses', () => {
    const kinds = (t: string): string[] => parsePhones(t).map((p) => p.components[0].kind[0]);
    expect(kinds('a b')).toEqual(['v', 'c']);
    expect(kinds('a, b')).toEqual(['v', 'p', 'c']);
    expect(kinds('a\n\nb')).toEqual(['v', 'p', 'c']);
    expect(kinds('sil a _ b sil')).toEqual(['p', 'v', 'p', 'c', 'p']);
    expect(kinds('a # b')).toEqual(['v', 'p', 'c']);
    expect(kinds('wˈɜːld.')).toEqual(['c', 'v', 'c', 'c', 'p']);
    expect(parsePhones('')).toEqual([]);
    expect(ipas(parsePhones('(en)tˈɛst(ru)'))).toEqual(['t', 'ɛ', 's', 't']);
  });
});

describe('errors', () => {
  it('throws INVALID_ARGUMENT with code points for unknown symbols, never guesses', () => {
    expectInvalid(() => parsePhone('ł'), /Unknown IPA phone 'ł' \(code points U\+0142\)/);
    expectInvalid(() => parsePhones('həlo☃'), /U\+2603/);
    expectInvalid(() => parsePhone('Q'), /U\+0051/);
    expectInvalid(() => parsePhones('5a'), /tone/);
    expectInvalid(() => parsePhone('t ʃ'), /one phone/);
    expectInvalid(() => parsePhone('həloʊ'), /one phone/);
    expectInvalid(() => parsePhone(42 as unknown as string), /string/);
    expectInvalid(() => parsePhones(undefined as unknown as string), /string/);
  });
});

describe('espeak-ng output in many languages', () => {
  it.each(ESPEAK)('%s parses without throwing', (lang, text) => {
    const phones = parsePhones(text, { language: lang });
    expect(phones.length).toBeGreaterThan(10);
    for (const p of phones) {
      expect(p.components.length).toBeGreaterThanOrEqual(1);
      expect(p.components.length).toBeLessThanOrEqual(3);
      for (const c of p.components) {
        if (c.kind === 'vowel') for (const x of [c.height, c.backness]) expect(x >= 0 && x <= 1).toBe(true);
      }
    }
    // No espeak-ng annotation or digit survives as a phone.
    expect(phones.every((p) => !/[()0-9]/u.test(p.ipa))).toBe(true);
  });
  it('spot checks across languages', () => {
    expect(ipas(parsePhones('həlˈoʊ wˈɜːld'))).toEqual(['h', 'ə', 'l', 'oʊ', 'w', 'ɜː', 'l', 'd']);
    expect(ipas(parsePhones('ɡˈuːtn̩ tˈaːk'))).toEqual(['ɡ', 'uː', 't', 'n̩', 't', 'aː', 'k']);
    const bonjour = parsePhones('bɔ̃ʒˈuʁ');
    expect(ipas(bonjour)).toEqual(['b', 'ɔ̃', 'ʒ', 'u', 'ʁ']);
    expect(bonjour[1].components[0]).toMatchObject({ nasalized: true, rounded: true });
    expect(ipas(parsePhones('prʲɪvʲˈet'))).toEqual(['p', 'rʲ', 'ɪ', 'vʲ', 'e', 't']);
    expect(ipas(parsePhones('konnitɕiwa'))).toEqual(['k', 'o', 'n', 'n', 'i', 'tɕ', 'i', 'w', 'a']);
    expect(ipas(parsePhones('ˈola'))).toEqual(['o', 'l', 'a']);
    expect(ipas(parsePhones('ʃtʃˈɛɕtɕɛ'))).toEqual(['ʃ', 'tʃ', 'ɛ', 'ɕ', 'tɕ', 'ɛ']);
    expect(parsePhones('r̝ˈeka')[0].components[0]).toMatchObject({ manner: 'fricative', voiced: true });
    expect(ipas(parsePhones('marħaban'))).toEqual(['m', 'a', 'r', 'ħ', 'a', 'b', 'a', 'n']);
    expect(cons('ʈʰ')).toMatchObject({ place: 'retroflex', manner: 'plosive', voiced: false });
    expect(ipas(parsePhones('ɡəɹəmˈAh'))).toEqual(['ɡ', 'ə', 'ɹ', 'ə', 'm', 'A', 'h']);
    expect(ipas(parsePhones('ʌbjˈɵm'))).toEqual(['ʌ', 'b', 'j', 'ɵ', 'm']);
    expect(parsePhones('ɭʲu"bɭʲˈu"')[1].components[0]).toMatchObject({ backness: 0.5, rounded: true }); // ʉ
    expect(parsePhones('hˈεlʔo')[1].components).toEqual(parsePhone('ɛ').components); // Danish ε
  });
});

describe('arpabetToIpa', () => {
  const CMU: [string, string][] = [
    ['AA', 'ɑ'], ['AE', 'æ'], ['AH', 'ʌ'], ['AO', 'ɔ'], ['AW', 'aʊ'], ['AY', 'aɪ'], ['B', 'b'], ['CH', 'tʃ'],
    ['D', 'd'], ['DH', 'ð'], ['EH', 'ɛ'], ['ER', 'ɝ'], ['EY', 'eɪ'], ['F', 'f'], ['G', 'ɡ'], ['HH', 'h'],
    ['IH', 'ɪ'], ['IY', 'i'], ['JH', 'dʒ'], ['K', 'k'], ['L', 'l'], ['M', 'm'], ['N', 'n'], ['NG', 'ŋ'],
    ['OW', 'oʊ'], ['OY', 'ɔɪ'], ['P', 'p'], ['R', 'ɹ'], ['S', 's'], ['SH', 'ʃ'], ['T', 't'], ['TH', 'θ'],
    ['UH', 'ʊ'], ['UW', 'u'], ['V', 'v'], ['W', 'w'], ['Y', 'j'], ['Z', 'z'], ['ZH', 'ʒ'],
  ];
  const FESTIVAL: [string, string][] = [
    ['ax', 'ə'], ['axr', 'ɚ'], ['dx', 'ɾ'], ['el', 'l̩'], ['em', 'm̩'], ['en', 'n̩'], ['ix', 'ɨ'], ['nx', 'ɾ̃'],
  ];
  it('covers the 39 CMU phones in both cases', () => {
    expect(CMU).toHaveLength(39);
    for (const [a, ipa] of CMU) {
      expect(arpabetToIpa(a)).toBe(ipa);
      expect(arpabetToIpa(a.toLowerCase())).toBe(ipa);
      expect(() => parsePhone(ipa)).not.toThrow();
    }
  });
  it('covers the flite/festival extras and pauses', () => {
    for (const [a, ipa] of FESTIVAL) expect(arpabetToIpa(a)).toBe(ipa);
    for (const p of ['pau', 'h#', 'sil', 'PAU']) {
      expect(arpabetToIpa(p)).toBe('_');
      expect(parsePhone(arpabetToIpa(p)).components[0].kind).toBe('pause');
    }
  });
  it('turns stress digits into IPA stress; AH0/ER0 are the reduced vowels', () => {
    expect(arpabetToIpa('AY1')).toBe('ˈaɪ');
    expect(arpabetToIpa('aa2')).toBe('ˌɑ');
    expect(arpabetToIpa('IY0')).toBe('i');
    expect(arpabetToIpa('AH0')).toBe('ə');
    expect(arpabetToIpa('ER0')).toBe('ɚ');
    expect(arpabetToIpa('ER1')).toBe('ˈɝ');
    expect(parsePhone(arpabetToIpa('OW1'))).toMatchObject({ stress: 1, components: [{ kind: 'vowel' }, { kind: 'vowel' }] });
  });
  it('throws for labels that are not ARPAbet', () => {
    for (const bad of ['xx', 'B1', 'AA3', '', 'a a', 'ɑ']) expectInvalid(() => arpabetToIpa(bad), /ARPAbet/);
    expectInvalid(() => arpabetToIpa(null as unknown as string), /ARPAbet/);
  });
});
