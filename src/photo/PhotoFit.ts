import type { Similarity } from './fitSimilarity.js';

/**
 * The fit shared by the part builders: the portrait's landmarks in card
 * space (before the perspective placement) and the similarity that carries
 * head-space vectors (metres) onto the card.
 */
export interface PhotoFit {
  /** 478 landmark positions in card space, xyz. */
  readonly card: Float64Array;
  /** Head space to card space. */
  readonly sim: Similarity;
}

/** A head-space direction or delta (metres) in card units: scale * R v. */
export function headVector(fit: PhotoFit, x: number, y: number, z: number): [number, number, number] {
  const { scale: s, rotation: R } = fit.sim;
  return [s * (R[0] * x + R[1] * y + R[2] * z), s * (R[3] * x + R[4] * y + R[5] * z), s * (R[6] * x + R[7] * y + R[8] * z)];
}

/** A card-space offset expressed in head axes, in metres: R^T v / scale. */
export function toHeadAxes(fit: PhotoFit, v: readonly number[]): [number, number, number] {
  const { scale: s, rotation: R } = fit.sim;
  return [(R[0] * v[0] + R[3] * v[1] + R[6] * v[2]) / s, (R[1] * v[0] + R[4] * v[1] + R[7] * v[2]) / s, (R[2] * v[0] + R[5] * v[1] + R[8] * v[2]) / s];
}

/** Landmark `i` in card space. */
export function cardPoint(fit: PhotoFit, i: number): [number, number, number] {
  return [fit.card[i * 3], fit.card[i * 3 + 1], fit.card[i * 3 + 2]];
}

/** Mean of landmarks in card space. */
export function cardCentroid(fit: PhotoFit, ids: readonly number[]): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  for (const i of ids) for (let k = 0; k < 3; k++) c[k] += fit.card[i * 3 + k] / ids.length;
  return c;
}

/** Growable arrays for one part under construction. */
export class PartBuilder {
  readonly pos: number[] = [];
  readonly uv: number[] = [];
  readonly col: number[] = [];
  readonly idx: number[] = [];
  readonly rigid: number[] = [];
  /** Per target, per vertex xyz. */
  readonly targets: number[][] = Array.from({ length: 52 }, () => []);
  /** Eye patches: the iris shift targets (horizontal, vertical). */
  iris?: [Float32Array, Float32Array];

  /** Adds a vertex; `deltas(t)` gives target t's delta. Returns its index. */
  add(p: readonly number[], rigidity: number, deltas: (t: number) => readonly number[], color?: readonly number[]): number {
    this.pos.push(p[0], p[1], p[2]);
    this.rigid.push(rigidity);
    if (color) this.col.push(color[0], color[1], color[2]);
    for (let t = 0; t < 52; t++) {
      const d = deltas(t);
      this.targets[t].push(d[0], d[1], d[2]);
    }
    return this.rigid.length - 1;
  }

  /** Target t's delta at vertex v. */
  delta(t: number, v: number): [number, number, number] {
    const a = this.targets[t];
    return [a[v * 3], a[v * 3 + 1], a[v * 3 + 2]];
  }

  get count(): number {
    return this.rigid.length;
  }
}
