import type { PhoneFeatures } from './PhoneFeatures.js';

/**
 * The articulatory channels the teacher animates before mapping to ARKit,
 * each in [0, 1]: how far the jaw opens, how rounded/protruded the lips are,
 * how spread they are, whether they close (bilabial occlusion), whether the
 * lower lip tucks under the upper teeth (f, v), and how visible the tongue
 * tip is (th). The model may learn them as auxiliary outputs.
 */
export const ARTICULATION_CHANNELS = ['jaw', 'lipRound', 'lipSpread', 'lipClose', 'labiodental', 'tongue'] as const;

/** One articulatory channel name. */
export type ArticulationChannel = (typeof ARTICULATION_CHANNELS)[number];

/** Number of articulatory channels (6). */
export const CHANNELS = ARTICULATION_CHANNELS.length;

/** Channel indices, for hot loops. */
export const CH = { jaw: 0, lipRound: 1, lipSpread: 2, lipClose: 3, labiodental: 4, tongue: 5 } as const;

/**
 * What one phone asks of each channel (`target`) and how strongly it insists
 * (`alpha`, the dominance of Cohen & Massaro's model). Lip-critical sounds
 * (p b m f v, rounded vowels) dominate the lip channels; tongue-only
 * consonants (t d n l k g h) barely touch them, so neighbouring vowels show
 * through, as on a real face.
 */
export interface PhoneTarget {
  target: Float32Array;
  alpha: Float32Array;
}

function make(t: Partial<Record<ArticulationChannel, number>>, a: Partial<Record<ArticulationChannel, number>>, dflt = 0.3): PhoneTarget {
  const target = new Float32Array(CHANNELS);
  const alpha = new Float32Array(CHANNELS).fill(dflt);
  ARTICULATION_CHANNELS.forEach((name, i) => {
    target[i] = t[name] ?? 0;
    if (a[name] !== undefined) alpha[i] = a[name]!;
  });
  return { target, alpha };
}

/**
 * Articulatory target of one phone component, from its phonetic features
 * (so any language's inventory works, not a per-language table).
 *
 * @example
 * ```ts
 * phoneTarget({ kind: 'vowel', height: 0, backness: 0.2, rounded: false, nasalized: false, rhotic: false }).target[CH.jaw]; // ~0.62
 * ```
 */
export function phoneTarget(f: PhoneFeatures): PhoneTarget {
  if (f.kind === 'pause') {
    // Rest: lips together, jaw closed. Moderate dominance so short pauses
    // (< ~120 ms) hold the neighbours' shape and long ones relax.
    return make({}, { jaw: 0.5, lipRound: 0.5, lipSpread: 0.5, lipClose: 0.5, labiodental: 0.5, tongue: 0.5 });
  }
  if (f.kind === 'vowel') {
    const open = 1 - f.height;
    const jaw = 0.12 + 0.55 * open;
    const round = f.rounded ? 0.35 + 0.55 * f.height : 0;
    // Front unrounded close vowels spread the lips (i, e); back ones little.
    const spread = f.rounded ? 0 : 0.55 * (1 - f.backness) * (0.4 + 0.6 * f.height);
    return make(
      { jaw, lipRound: round + (f.rhotic ? 0.2 : 0), lipSpread: spread },
      { jaw: 1.5, lipRound: f.rounded ? 1 : 0.5, lipSpread: 0.6, lipClose: 1, labiodental: 1, tongue: 0.4 },
    );
  }
  const labialized = f.labialized ? 0.6 : 0;
  const lipsFree = { lipRound: labialized ? 1 : 0.08, lipSpread: 0.08, lipClose: 0.3, labiodental: 0.3 };
  switch (f.place) {
    case 'bilabial': {
      const stop = f.manner === 'plosive' || f.manner === 'nasal' || f.manner === 'implosive' || f.manner === 'click';
      const trill = f.manner === 'trill';
      return make(
        { jaw: 0.08, lipClose: stop ? 1 : trill ? 0.8 : 0.55, lipRound: f.manner === 'approximant' ? 0.5 : labialized },
        // Closure itself is a hard constraint (coarticulate.ts); blending only
        // needs to pull the neighbours' lips a little.
        { jaw: 0.7, lipClose: 0.6, lipRound: 0.6, lipSpread: 0.8, labiodental: 0.8 },
      );
    }
    case 'labiodental':
      return make({ jaw: 0.1, labiodental: f.manner === 'approximant' ? 0.6 : 1, lipRound: labialized }, {
        jaw: 0.7,
        labiodental: 0.6,
        lipClose: 0.8,
        lipRound: 0.5,
        lipSpread: 0.6,
      });
    case 'labialvelar':
      // w: strongly rounded lips, open-ish jaw of a close vowel.
      return make({ jaw: 0.15, lipRound: 0.85 }, { jaw: 0.5, lipRound: 1.2, lipSpread: 0.8, lipClose: 0.5 });
    case 'dental':
      return make({ jaw: 0.2, tongue: f.manner === 'fricative' ? 0.8 : 0.4, lipRound: labialized }, { jaw: 0.6, tongue: 1.2, ...lipsFree });
    case 'postalveolar':
    case 'alveolopalatal':
    case 'retroflex': {
      // ʃ ʒ tʃ dʒ protrude and round the lips in most languages.
      const sibilant = f.manner === 'fricative' || f.manner === 'affricate';
      return make(
        { jaw: 0.14, lipRound: sibilant ? 0.5 : f.manner === 'approximant' ? 0.35 : labialized },
        { jaw: 0.7, lipRound: sibilant ? 0.8 : 0.4, lipSpread: 0.3, lipClose: 0.3, labiodental: 0.3 },
      );
    }
    case 'alveolar': {
      // s z: teeth nearly together; t d n l: tongue-only.
      const sibilant = f.manner === 'fricative' || f.manner === 'affricate';
      return make({ jaw: sibilant ? 0.06 : 0.16, lipSpread: sibilant ? 0.2 : 0, lipRound: labialized }, {
        jaw: sibilant ? 0.9 : 0.5,
        ...lipsFree,
      });
    }
    case 'palatal':
      return make({ jaw: 0.14, lipSpread: f.manner === 'approximant' ? 0.3 : 0.1, lipRound: labialized }, { jaw: 0.5, ...lipsFree });
    case 'velar':
    case 'uvular':
      return make({ jaw: 0.22, lipRound: labialized }, { jaw: 0.35, ...lipsFree });
    default:
      // pharyngeal, glottal (h ʔ): the face is the neighbours' face.
      return make({ jaw: 0.25, lipRound: labialized }, { jaw: 0.1, ...lipsFree, lipRound: labialized ? 1 : 0.03, lipClose: 0.1 });
  }
}
