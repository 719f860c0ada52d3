import { BLENDSHAPE_NAMES } from '../api/blendshapeNames.js';

// A side written after a separator: `_L`, `.R`, `-left`, ` Right`.
const SEPARATED_SIDE = /[._\-\s](l|r|left|right)$/i;
// A side spelled out without a separator: `eyeBlinkLeft`, `EYEBLINKRIGHT`.
const WORD_SIDE = /(left|right)$/i;
// A bare capital after a lower-case letter or digit: `eyeBlinkL`. Case-
// sensitive on purpose: a lone trailing `r` would otherwise eat the last
// letter of `mouthRollUpper`.
const CAPITAL_SIDE = /[a-z0-9](L|R)$/;

// Prefixes that exporters put in front of ARKit names: Maya's blend shape
// node (`blendShape1.`), `BS_`, `ARKit_`, `Morph_`, `Shape_`, and Character
// Creator's numbered ARKit list (`A25_Jaw_Open`).
const KNOWN_PREFIX = /^(?:blend[_-]?shapes?\d*|bs|arkit|morphs?|shapes?|a\d\d)[._:|\-]/i;
// Any namespace ending in `.`, `:` or `|` (`Face:jawOpen`, `Head|jawOpen`,
// `Wolf3D_Head.jawOpen`); tried only after the whole name failed, so the
// `.L` of `eyeBlink.L` is never taken for a namespace.
const NAMESPACE = /^[^.:|]*[.:|]/;

/**
 * The canonical key of a name: lower case, no separators, the side (if any)
 * spelled `left`/`right` at the end.
 */
function canonicalKey(name: string): string {
  let stem = name;
  let side = '';
  let m = SEPARATED_SIDE.exec(name);
  if (m) {
    side = m[1].length === 1 ? (m[1].toLowerCase() === 'l' ? 'left' : 'right') : m[1].toLowerCase();
    stem = name.slice(0, m.index);
  } else if ((m = WORD_SIDE.exec(name))) {
    side = m[1].toLowerCase();
    stem = name.slice(0, m.index);
  } else if ((m = CAPITAL_SIDE.exec(name))) {
    side = m[1] === 'L' ? 'left' : 'right';
    stem = name.slice(0, m.index + 1);
  }
  return stem.toLowerCase().replace(/[^a-z0-9]/g, '') + side;
}

const KEY_TO_INDEX: ReadonlyMap<string, number> = new Map(BLENDSHAPE_NAMES.map((name, i) => [canonicalKey(name), i]));

/**
 * Which of the 52 ARKit blendshapes a morph target name spells, or -1.
 *
 * Accepted spellings (all case-insensitive except the bare `L`/`R`):
 * - ARKit (`jawOpen`, `eyeBlinkLeft`), Live Link Face (`JawOpen`,
 *   `EyeBlinkLeft`), Apple's raw strings (`eyeBlink_L`, `mouthSmile_R`,
 *   `browOuterUp_L`), snake or kebab case (`jaw_open`, `eye-blink-left`),
 *   upper case (`JAWOPEN`).
 * - The side as `Left`/`Right`, or after a separator as `_L`, `.L`, `-L`,
 *   ` L`, `_left`, or a bare capital `L`/`R` after a lower-case letter
 *   (`eyeBlinkL`).
 * - Prefixes: `blendShape1.` (any digits, also `blendShapes_`), `BS_`,
 *   `ARKit_`, `Morph_`, `Shape_`, Character Creator's `A01_`..`A52_`, each
 *   followed by `.`, `_`, `:`, `|` or `-`; and any namespace ending in `.`,
 *   `:` or `|` (`Face:jawOpen`, `Head|jawOpen`). Up to three prefixes are
 *   stripped.
 *
 * `jaw_L`/`mouth_R` read as `jawLeft`/`mouthRight`. Anything else (e.g.
 * Ready Player Me's side-less `mouthSmile`) is not an ARKit name: -1.
 * Runs only when binding (string work allocates), never per frame.
 *
 * @param name A morph target name.
 * @returns Index into {@link BLENDSHAPE_NAMES}, or -1.
 * @example
 * ```ts
 * matchBlendshapeName('blendShape1.eyeBlink_L'); // 0 (eyeBlinkLeft)
 * matchBlendshapeName('viseme_aa'); // -1
 * ```
 */
export function matchBlendshapeName(name: string): number {
  if (typeof name !== 'string') return -1;
  let s = name.trim();
  for (let k = 0; k < 4 && s.length > 0; k++) {
    const i = KEY_TO_INDEX.get(canonicalKey(s));
    if (i !== undefined) return i;
    const m = KNOWN_PREFIX.exec(s) ?? NAMESPACE.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  return -1;
}
