import type { ExpressionProjection, ExpressionTarget } from './ExpressionTarget.js';
import type { MorphMesh } from './MorphMesh.js';

/**
 * An {@link ExpressionTarget} over the morph targets of one mesh: channel
 * `i` of the projection is the morph whose name the projection matched, or
 * absent. Built by `findMorphTargets` for meshes without ARKit mouth morphs
 * (Ready Player Me visemes, VRM-style vowels).
 *
 * @example
 * ```ts
 * const t = new MorphExpressionTarget(mesh, VISEME_PROJECTION);
 * t.setValue(10, 1); // viseme_aa fully on
 * ```
 */
export class MorphExpressionTarget implements ExpressionTarget {
  /** The mesh's name. */
  readonly label: string;
  /** Morph index per channel, -1 where the mesh lacks the channel. */
  readonly morphIndices: Int32Array;

  /**
   * @param mesh The mesh whose morphs are driven.
   * @param projection Which channels; the morph names are matched with
   *   `projection.match`. Morph indices listed in `exclude` are skipped
   *   (already bound to ARKit). The first morph spelling a channel wins.
   * @param exclude Morph indices not to use. Default none.
   */
  constructor(
    readonly mesh: MorphMesh,
    readonly projection: ExpressionProjection,
    exclude: ReadonlySet<number> = new Set(),
  ) {
    this.label = mesh.name;
    this.morphIndices = new Int32Array(projection.channelNames.length).fill(-1);
    const entries = Object.entries(mesh.morphTargetDictionary).sort((a, b) => a[1] - b[1]);
    for (const [name, index] of entries) {
      if (exclude.has(index)) continue;
      const channel = projection.match(name);
      if (channel >= 0 && this.morphIndices[channel] < 0) this.morphIndices[channel] = index;
    }
  }

  /** Number of channels found on the mesh. */
  get boundCount(): number {
    let n = 0;
    for (let i = 0; i < this.morphIndices.length; i++) if (this.morphIndices[i] >= 0) n++;
    return n;
  }

  has(channel: number): boolean {
    return this.morphIndices[channel] >= 0;
  }

  getValue(channel: number): number {
    const m = this.morphIndices[channel];
    return m >= 0 ? this.mesh.morphTargetInfluences[m] : 0;
  }

  setValue(channel: number, value: number): void {
    const m = this.morphIndices[channel];
    if (m >= 0) this.mesh.morphTargetInfluences[m] = value;
  }
}
