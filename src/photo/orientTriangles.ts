import { imageArea } from './imageArea.js';

/**
 * Winds a triangle mesh consistently, in place: neighbouring triangles run
 * their shared edge in opposite directions, and each connected piece is
 * turned as a whole so that, weighted by area, it is counter-clockwise on
 * the x-y plane (as seen from +z).
 *
 * Why: the face-mesh topology's triangles are not consistently wound, and
 * winding each one by its own rest area gets slivers wrong (the corners of
 * a closed lip line, nearly degenerate at rest): a sliver that opens the
 * right way round would then look like a fold. Taking the winding from the
 * neighbours makes "turned over" mean turned over.
 *
 * @param positions - xyz per vertex (x and y are used).
 * @param indices - Triangles, three vertex indices each; rewound in place.
 * @example
 * ```ts
 * orientTriangles(part.positions, part.indices);
 * ```
 */
export function orientTriangles(positions: ArrayLike<number>, indices: number[] | Uint32Array): void {
  const T = Math.floor(indices.length / 3);
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const byEdge = new Map<string, number[]>();
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < 3; j++) {
      const k = key(indices[t * 3 + j], indices[t * 3 + ((j + 1) % 3)]);
      const list = byEdge.get(k);
      if (list) list.push(t);
      else byEdge.set(k, [t]);
    }
  }
  /** Whether triangle t runs a -> b (rather than b -> a). */
  const runs = (t: number, a: number, b: number) => {
    for (let j = 0; j < 3; j++) if (indices[t * 3 + j] === a && indices[t * 3 + ((j + 1) % 3)] === b) return true;
    return false;
  };
  const flip = (t: number) => {
    const v = indices[t * 3 + 1];
    indices[t * 3 + 1] = indices[t * 3 + 2];
    indices[t * 3 + 2] = v;
  };
  const area = (t: number) => imageArea(positions, indices[t * 3], indices[t * 3 + 1], indices[t * 3 + 2]);
  const seen = new Uint8Array(T);
  for (let seed = 0; seed < T; seed++) {
    if (seen[seed]) continue;
    seen[seed] = 1;
    const piece = [seed];
    for (let q = 0; q < piece.length; q++) {
      const t = piece[q];
      for (let j = 0; j < 3; j++) {
        const a = indices[t * 3 + j], b = indices[t * 3 + ((j + 1) % 3)];
        const around = byEdge.get(key(a, b))!;
        // Only a manifold edge (two triangles) says how the neighbour must run.
        if (around.length !== 2) continue;
        const u = around[0] === t ? around[1] : around[0];
        if (seen[u]) continue;
        if (runs(u, a, b)) flip(u);
        seen[u] = 1;
        piece.push(u);
      }
    }
    let sum = 0;
    for (const t of piece) sum += area(t);
    if (sum < 0) for (const t of piece) flip(t);
  }
}
