import type { Object3D } from 'three';

/**
 * Any three.js object with morph targets (a `Mesh`, `SkinnedMesh`, `Points`
 * or `Line` whose geometry has `morphAttributes`): what the binding
 * reads and the rig writes.
 *
 * @example
 * ```ts
 * const mesh = gltf.scene.getObjectByName('Wolf3D_Head') as MorphMesh;
 * mesh.morphTargetInfluences[mesh.morphTargetDictionary.jawOpen] = 1;
 * ```
 */
export type MorphMesh = Object3D & {
  morphTargetDictionary: { [name: string]: number };
  morphTargetInfluences: number[];
};

/**
 * Whether an object has usable morph targets (a dictionary and an
 * influences array).
 *
 * @param object Any scene object.
 * @example
 * ```ts
 * const names: string[] = [];
 * root.traverse((o) => { if (isMorphMesh(o)) names.push(...Object.keys(o.morphTargetDictionary)); });
 * ```
 */
export function isMorphMesh(object: Object3D): object is MorphMesh {
  const o = object as Partial<MorphMesh>;
  return o.morphTargetDictionary != null && typeof o.morphTargetDictionary === 'object' && Array.isArray(o.morphTargetInfluences);
}
