import { BLENDSHAPE_NAMES } from '../api/blendshapeNames.js';
import { FACE_TEMPLATE_DATA } from './faceTemplateData.js';

/** One ARKit target of the Mouthpiece head on the 468 face points: the vertices it moves and by how much. */
export interface FaceTemplateTarget {
  /** Face-mesh vertex ids (0..467) the target moves. */
  readonly ids: Uint16Array;
  /** Their deltas, xyz per id, metres in head space (+X the character's left, +Y up, +Z out of the face). */
  readonly deltas: Float32Array;
}

/** Landmark groups of the face-mesh topology the photo avatar uses (ids into the 478 points). */
export type FaceTemplateGroups = { readonly [K in keyof typeof FACE_TEMPLATE_DATA.groups]: readonly number[] };

/**
 * What the photo avatar transfers from the Mouthpiece head: the 468-point
 * face-mesh topology, the head's neutral face and its 52 ARKit targets on
 * those points, so a weight means the same on the head and on a photo.
 */
export interface FaceTemplate {
  /** Face-mesh triangles, 3 vertex ids each (880 triangles; the eyes and the mouth line are covered or open as in the topology). */
  readonly triangles: Uint16Array;
  /** The head's neutral face, xyz per point (468 points), metres. */
  readonly neutral: Float32Array;
  /** The head node's rest position (the head's pivot), metres in the same space. */
  readonly headPivot: readonly [number, number, number];
  /** The 52 targets in ARKit order ({@link BLENDSHAPE_NAMES}). */
  readonly targets: readonly FaceTemplateTarget[];
  /** Landmark groups (silhouette, lips, lids, irises). */
  readonly groups: FaceTemplateGroups;
}

let cached: FaceTemplate | null = null;

function decode(b64: string): ArrayBuffer {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

/** The face template, decoded once (about 70 KB of data, generated from the head by `npm run head`). */
export function faceTemplate(): FaceTemplate {
  if (cached) return cached;
  const d = FACE_TEMPLATE_DATA;
  const targets = BLENDSHAPE_NAMES.map((name) => {
    const t = d.targets[name];
    if (!t) throw new Error(`face template: no target ${name}`); // a build error, not user input
    return { ids: new Uint16Array(decode(t[0])), deltas: new Float32Array(decode(t[1])) };
  });
  cached = {
    triangles: new Uint16Array(decode(d.triangles)),
    neutral: new Float32Array(decode(d.neutral)),
    headPivot: [d.headPivot[0], d.headPivot[1], d.headPivot[2]],
    targets,
    groups: d.groups,
  };
  return cached;
}
