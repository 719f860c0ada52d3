import type { Object3D } from 'three';

import { MouthpieceError } from '../api/MouthpieceError.js';
import { describeValue } from './checkArgument.js';

/** The bones a `FaceRig` drives; `null` where none was found. */
export interface FaceBones {
  head: Object3D | null;
  neck: Object3D | null;
  leftEye: Object3D | null;
  rightEye: Object3D | null;
}

/**
 * Per bone: an object, its exact name, or `null` to leave that bone alone.
 * Absent keys are found by name.
 */
export type FaceBoneOverrides = Partial<Record<keyof FaceBones, Object3D | string | null>>;

// Rig prefixes: Mixamo (`mixamorig:`, and `mixamorig` as three's loaders
// sanitise the colon away), Character Creator (`CC_Base_`), VRoid
// (`J_Bip_C_`, `J_Adj_`), Rigify/Blender (`DEF-`, `ORG-`), 3ds Max
// (`Bip01 `), Unreal's face (`FACIAL_`).
const PREFIX = /^(?:mixamorig\d*[:_]?|cc_base_|j_bip_[clr]_|j_adj_|j_sec_|def[-_.]|org[-_.]|bip0?1[ _]|facial_)/i;

/**
 * Canonical bone key: `<side>:<stem>`, side `l`, `r` or empty, the stem
 * lower case without separators (`LeftEye`, `eye_L`, `CC_Base_L_Eye`,
 * `lEye` -> `l:eye`).
 */
function boneKey(name: string): string {
  let s = name.trim();
  for (let k = 0; k < 3; k++) {
    const m = PREFIX.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  let side = '';
  let m: RegExpExecArray | null;
  if ((m = /^(left|right)[._\-\s]?/i.exec(s)) || (m = /^([lr])[._\-\s]/i.exec(s)) || (m = /^([lr])(?=[A-Z])/.exec(s))) {
    side = m[1][0].toLowerCase();
    s = s.slice(m[0].length);
  } else if ((m = /[._\-\s]?(left|right)$/i.exec(s)) || (m = /[._\-\s]([lr])$/i.exec(s))) {
    side = m[1][0].toLowerCase();
    s = s.slice(0, m.index);
  }
  return `${side}:${s.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

// Accepted keys per bone, best first. Neck: Unity/RPM/Mixamo `Neck`,
// Unreal `neck_01`, Character Creator `NeckTwist01`, Daz `neckLower`.
const KEYS: Readonly<Record<keyof FaceBones, readonly string[]>> = {
  head: [':head'],
  neck: [':neck', ':neck01', ':neck1', ':necktwist01', ':necklower'],
  leftEye: ['l:eye', 'l:faceeye', 'l:eyeball'],
  rightEye: ['r:eye', 'r:faceeye', 'r:eyeball'],
};

/**
 * Finds the head, neck and eye bones under `root` by their common names:
 * `Head`/`head`, `Neck`, `neck_01`, `LeftEye`/`RightEye`, `eye_L`/`eye.R`,
 * `mixamorig:Head` (and `mixamorigHead`), `CC_Base_Head`,
 * `CC_Base_L_Eye`, `J_Bip_C_Head`, `J_Adj_L_FaceEye`, `DEF-eye.L`, Daz
 * `lEye`. Bones (`isBone`) are preferred over plain objects of the same
 * name, meshes are never taken (Ready Player Me has a mesh called
 * `Wolf3D_Head`), and a neck that is not an ancestor of the head is
 * ignored (the 40/60 split assumes the head rides on the neck).
 *
 * @param root The character.
 * @param overrides Per bone an object, an exact name, or `null` to skip it. Default: find all.
 * @returns The bones found, `null` where none.
 * @example
 * ```ts
 * const { head, neck, leftEye } = findFaceBones(gltf.scene, { neck: null });
 * ```
 */
export function findFaceBones(root: Object3D, overrides: FaceBoneOverrides = {}): FaceBones {
  if (overrides == null || typeof overrides !== 'object') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object for options.bones but received ${describeValue(overrides)}`);
  }
  const candidates: Record<keyof FaceBones, Object3D[][]> = { head: [], neck: [], leftEye: [], rightEye: [] };
  root.traverse((o) => {
    if ((o as { isMesh?: boolean }).isMesh || !o.name) return;
    const key = boneKey(o.name);
    for (const part of Object.keys(KEYS) as (keyof FaceBones)[]) {
      const rank = KEYS[part].indexOf(key);
      if (rank >= 0) (candidates[part][rank] ??= []).push(o);
    }
  });
  const pick = (part: keyof FaceBones, accept: (o: Object3D) => boolean = () => true): Object3D | null => {
    const o = overrides[part];
    if (o === null) return null;
    if (typeof o === 'string') {
      const named = root.getObjectByName(o);
      if (!named) {
        throw new MouthpieceError(
          'INVALID_ARGUMENT',
          `Expected the name of an object under root for options.bones.${part} but received ${describeValue(o)}`,
        );
      }
      return named;
    }
    if (o !== undefined) {
      if ((o as { isObject3D?: unknown }).isObject3D !== true) {
        throw new MouthpieceError(
          'INVALID_ARGUMENT',
          `Expected an Object3D, a name or null for options.bones.${part} but received ${describeValue(o)}`,
        );
      }
      return o;
    }
    for (const group of candidates[part]) {
      const ok = (group ?? []).filter(accept);
      const best = ok.find((b) => (b as { isBone?: boolean }).isBone) ?? ok[0];
      if (best) return best;
    }
    return null;
  };
  const head = pick('head');
  const neck = pick('neck', (n) => head === null || isAncestor(n, head));
  return { head, neck, leftEye: pick('leftEye'), rightEye: pick('rightEye') };
}

function isAncestor(a: Object3D, b: Object3D): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true;
  return false;
}
