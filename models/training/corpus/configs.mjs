// Corpus configurations. A config is a plain object; buildCorpus(config, ...)
// also takes one built in code (the tests use a trimmed copy of 'small').
//
// Fields:
// - name: recorded in corpus.json.
// - voices: [{ engine, voice, language, sentences? }] -- engine is a key of the engine
//   registry (buildCorpus.mjs), voice the engine's voice name, language the
//   text language (a key of texts.mjs, also the teacher's `language`). The
//   source speaker id is `${engine}/${voice}` (an espeak-ng variant on another
//   language is another speaker: its phoneme data differs).
// - heldOut: { speakers: [speaker ids], languages: [text languages] } --
//   every utterance of these speakers, and of every speaker of these
//   languages, goes to 'val'; the split is by speaker, never by utterance.
// - sentencesPerVoice: texts spoken by each voice (a voice's own `sentences`
//   overrides it), drawn without repetition (at most the size of the
//   language's text pool).
// - emotion: { utterances, emotions, intensities } -- `utterances` speech
//   utterances (drawn by seed; a fraction in (0, 1) means that share) are
//   rendered again in each of `emotions`, at an intensity drawn from
//   `intensities`; the first render of each is the neutral one.
// - nonSpeech: { count, minSeconds, maxSeconds, noiseDb: [lo, hi] } -- silence
//   and low-noise utterances with rest-pose targets; even ones silence, odd
//   ones noise; alternately train and val (speakers nonspeech/train and
//   nonspeech/val).
// - augment: { utterances, kinds } -- stored augmentations (augment.mjs):
//   `utterances` speech utterances (a fraction in (0, 1): that share), taken
//   as the same share of each split, each get one augmented copy (new audio,
//   timeline, features and targets; neutral; same speaker and split); kinds
//   from `kinds` in turn (tempo, pitch, formant, mp3, opus, clip), parameters
//   drawn by seed. The cheap augmentations are the trainer's (README.md).
// - systemTexts: also use fortunes and word lists found on the machine.
// - fixedTexts: { language: [texts] } -- use exactly these texts for that
//   language instead of the built-in pool.
// - wordListShare: share of a language's texts made of word lists (when a
//   word list exists).

const EN_VARIANTS = ['', '+f1', '+f2', '+f3', '+f4', '+f5', '+m1', '+m2', '+m3', '+m4', '+m5', '+m6', '+m7', '+Annie', '+Andy', '+belinda', '+david', '+linda', '+max', '+paul', '+rob', '+steph'];
const VARIANTS = ['', '+f2', '+f3', '+f4', '+m2', '+m3', '+m4', '+m6', '+klatt'];

function voicesOf(language, bases, variants) {
  return bases.flatMap((base) => variants.map((v) => ({ engine: 'espeak-ng', voice: `${base}${v}`, language })));
}

/** CI-sized: 9 voices x 3 sentences, 3 of them in 4 more emotions, 6 augmented (one of each kind), 4 non-speech; about 50 utterances. */
export const SMALL = {
  name: 'small',
  voices: [
    { engine: 'espeak-ng', voice: 'en-us', language: 'en' },
    { engine: 'espeak-ng', voice: 'en-us+f3', language: 'en' },
    { engine: 'espeak-ng', voice: 'en-gb+m3', language: 'en' },
    { engine: 'espeak-ng', voice: 'de+f2', language: 'de' },
    { engine: 'espeak-ng', voice: 'fr-fr+m2', language: 'fr' },
    { engine: 'espeak-ng', voice: 'es', language: 'es' },
    // held out
    { engine: 'espeak-ng', voice: 'en-us+f5', language: 'en' },
    { engine: 'espeak-ng', voice: 'en-gb-x-rp+m4', language: 'en' },
    { engine: 'espeak-ng', voice: 'it+f4', language: 'it' },
  ],
  heldOut: { speakers: ['espeak-ng/en-us+f5', 'espeak-ng/en-gb-x-rp+m4'], languages: ['it'] },
  sentencesPerVoice: 3,
  emotion: { utterances: 3, emotions: ['happy', 'sad', 'angry', 'surprised'], intensities: [1] },
  augment: { utterances: 6, kinds: ['tempo', 'pitch', 'formant', 'mp3', 'opus', 'clip'] },
  nonSpeech: { count: 4, minSeconds: 0.6, maxSeconds: 1.6, noiseDb: [-70, -50] },
  systemTexts: false,
  wordListShare: 0,
};

// Recorded voices (flite, festival): real people behind diphone, unit
// selection and HTS voices, so they get many more sentences each than an
// espeak-ng variant. Source speakers in buildCorpus.mjs's registry.
const RECORDED = [
  // English: kal, ked, slt, awb, rms (five people; kal and slt in two engines).
  ['flite', 'kal', 'en', 300], // 8 kHz
  ['flite', 'kal16', 'en', 350],
  ['flite', 'awb', 'en', 600],
  ['flite', 'rms', 'en', 600],
  ['flite', 'slt', 'en', 350],
  ['festival', 'kal_diphone', 'en', 350],
  ['festival', 'ked_diphone', 'en', 600],
  ['festival', 'cmu_us_slt_arctic_hts', 'en', 350],
  ['festival', 'lp_diphone', 'it', 360],
  ['festival', 'pc_diphone', 'it', 360],
  ['festival', 'suo_fi_lj_diphone', 'fi', 360],
  ['festival', 'hy_fi_mv_diphone', 'fi', 360],
  ['festival', 'msu_ru_nsh_clunits', 'ru', 360],
  ['festival', 'czech_dita', 'cs', 360],
  ['festival', 'czech_ph', 'cs', 360],
  ['festival', 'upc_ca_ona_hts', 'ca', 360],
  ['festival', 'czech_krb', 'cs', 360],
  ['festival', 'czech_machac', 'cs', 360],
  ['festival', 'hindi_NSK_diphone', 'hi', 150],
  ['festival', 'marathi_NSK_diphone', 'mr', 150],
  ['festival', 'telugu_NSK_diphone', 'te', 150],
].map(([engine, voice, language, sentences]) => ({ engine, voice, language, sentences }));

/**
 * The training corpus (not run in CI; about 25 minutes on two cores, see
 * README.md for the measured table). espeak-ng: 6 English accents x 22
 * variants + 19 more languages x 5-9 variants, 32 sentences each; the
 * recorded flite/festival voices 300-600 sentences each. Texts: built-in
 * sentences, Debian fortunes and hunspell word lists where installed. Plus
 * 30 % of the utterances again in 2 emotions (new targets on the same
 * audio), 25 % once more as a stored augmentation (new audio: tempo, pitch,
 * formant shift, MP3 or Opus round trip; clipping is left to the trainer),
 * and 400 non-speech clips.
 * Held out (val): two English people (rms, ked: every voice of theirs), one
 * other recorded voice (czech_ph), the espeak-ng language nl, and six espeak-ng
 * variants.
 */
export const FULL = {
  name: 'full',
  voices: [
    ...voicesOf('en', ['en-us', 'en-gb', 'en-gb-x-rp', 'en-gb-scotland', 'en-gb-x-gbcwmd', 'en-029'], EN_VARIANTS),
    ...voicesOf('de', ['de'], VARIANTS),
    ...voicesOf('fr', ['fr-fr', 'fr-be'], VARIANTS.slice(0, 5)),
    ...voicesOf('es', ['es', 'es-419'], VARIANTS.slice(0, 5)),
    ...voicesOf('it', ['it'], VARIANTS),
    ...voicesOf('pt', ['pt', 'pt-br'], VARIANTS.slice(0, 5)),
    ...voicesOf('nl', ['nl'], VARIANTS),
    ...voicesOf('pl', ['pl'], VARIANTS),
    ...voicesOf('ru', ['ru'], VARIANTS),
    ...voicesOf('cs', ['cs'], VARIANTS),
    ...voicesOf('fi', ['fi'], VARIANTS),
    ...voicesOf('tr', ['tr'], VARIANTS),
    ...voicesOf('hi', ['hi'], VARIANTS),
    ...voicesOf('ja', ['ja'], VARIANTS),
    ...voicesOf('cmn', ['cmn-latn-pinyin'], VARIANTS),
    ...voicesOf('bg', ['bg'], VARIANTS.slice(0, 5)),
    ...voicesOf('ca', ['ca'], VARIANTS.slice(0, 5)),
    ...voicesOf('mr', ['mr'], VARIANTS.slice(0, 5)),
    ...voicesOf('te', ['te'], VARIANTS.slice(0, 5)),
    ...RECORDED,
  ],
  heldOut: {
    speakers: [
      'cmu/rms', 'cmu/ked', 'festival/czech_ph',
      'espeak-ng/en-us+f5', 'espeak-ng/en-gb+m4', 'espeak-ng/en-gb-scotland+f2', 'espeak-ng/en-029+m7', 'espeak-ng/de+f4', 'espeak-ng/fr-fr+m2',
    ],
    languages: ['nl'],
  },
  sentencesPerVoice: 32,
  emotion: { utterances: 0.3, emotions: ['happy', 'sad', 'angry', 'surprised'], perUtterance: 2, intensities: [0.4, 0.7, 1] },
  augment: { utterances: 0.25, kinds: ['tempo', 'pitch', 'formant', 'mp3', 'opus'] },
  nonSpeech: { count: 400, minSeconds: 0.5, maxSeconds: 4, noiseDb: [-75, -45] },
  systemTexts: true,
  wordListShare: 0.15,
};

/**
 * Test fixture (committed under test/fixtures/corpus by
 * scripts/make-corpus-fixture.sh): one short neutral sentence from each
 * engine and one silence, so readers of the format (the trainer's tests) have
 * real files without any TTS engine installed.
 */
export const FIXTURE = {
  name: 'fixture',
  voices: [
    { engine: 'espeak-ng', voice: 'en-us', language: 'en' },
    { engine: 'flite', voice: 'awb', language: 'en' },
    { engine: 'festival', voice: 'kal_diphone', language: 'en' },
  ],
  heldOut: { speakers: ['cmu/kal'], languages: [] },
  fixedTexts: { en: ['Please open the window before lunch.'] },
  sentencesPerVoice: 1,
  emotion: { utterances: 1, emotions: ['happy'], intensities: [1] },
  nonSpeech: { count: 1, minSeconds: 0.6, maxSeconds: 0.6, noiseDb: [-70, -50] },
  systemTexts: false,
  wordListShare: 0,
};

export const CONFIGS = { small: SMALL, full: FULL, fixture: FIXTURE };
