import { BLENDSHAPE_INDEX } from '../api/blendshapeNames.js';
import type { HeadRotation } from '../api/Frame.js';
import { deformPhotoPart } from './deformPhotoMesh.js';
import { projectToPhoto, type PhotoMesh, type PhotoMeshPart } from './PhotoMesh.js';

/** Weights a {@link FoldGuard} never eases: the jaw carries the lip sync, and mouthClose only undoes it. */
const KEPT = new Set<number>([BLENDSHAPE_INDEX.jawOpen, BLENDSHAPE_INDEX.mouthClose]);
/** Bisection steps on the easing factor (1/64 of the eased weights at most is lost to the search). */
const STEPS = 6;

/**
 * Keeps one part of a photo mesh from folding on screen, frame by frame:
 * where a frame's weights, together, would turn one of the part's
 * triangles over as the nominal camera sees it, the weights other than
 * jawOpen and mouthClose are scaled down together, just enough (by
 * bisection) that none is.
 *
 * Why: `buildPhotoMesh` repairs each target alone and a set of speech
 * poses, but any other combination can still fold a sliver of a thin
 * portrait mesh (a face tracker's stretch at 1 with the jaw at 0.3, say:
 * 53 triangles over the 85 shared portraits), and a folded triangle shows
 * the photo's texture mirrored. Over those portraits five such extreme
 * combinations folded 155 triangles and none once eased (103 of 425
 * frames eased, by 24 % on average); under the motion model's frames on
 * real speech it eases 80 of 63410 portrait-frames and leaves 422 sliver
 * folds (under 2.3 px²) that the jaw or the turn makes alone. Checking costs one CPU
 * deformation of the part per frame, the shader's math
 * ({@link deformPhotoPart}); easing costs up to eight more, only on frames
 * that fold (0.15 ms per frame on average in Node, on the CPU the project
 * is developed on).
 *
 * What is judged: triangles facing the camera at rest by `minPx2` or more,
 * turned over by as much; a triangle that the head's rotation alone turns
 * away, with all its corners turning fully with the head (the far side of
 * the head at its silhouette), is not a fold. Folds that remain with every
 * eased weight at 0 (the jaw or the turn alone) are left as they are.
 *
 * @example
 * ```ts
 * const guard = new FoldGuard(mesh, mesh.parts[0]);
 * guard.ease(weights, { pitch, yaw, roll }); // before handing the weights to the renderer
 * ```
 */
export class FoldGuard {
  private readonly front: number;
  private readonly judged: Int32Array;
  private readonly rigid: Uint8Array;
  private readonly trial = new Float32Array(52);
  private readonly xy: Float32Array<ArrayBuffer>;
  // Per-frame scratch (ease() runs every frame): the moved positions, and the areas moved and turned only.
  private readonly moved: Float32Array;
  private readonly areaMoved: Float64Array;
  private readonly areaTurned: Float64Array;

  /**
   * @param mesh - The photo mesh (its size, camera distance, head rotation and centre).
   * @param part - The part to guard (the face: the eyes and the mouth's parts do not fold).
   * @param minPx2 - Triangles smaller than this on the image, at rest or moved, are not judged (px²). Default 0.25.
   */
  constructor(
    private readonly mesh: PhotoMesh,
    private readonly part: PhotoMeshPart,
    private readonly minPx2 = 0.25,
  ) {
    this.xy = new Float32Array((part.positions.length / 3) * 2);
    this.moved = new Float32Array(part.positions.length);
    this.areaMoved = new Float64Array(part.indices.length / 3);
    this.areaTurned = new Float64Array(part.indices.length / 3);
    const rest = this.areas(part.positions, new Float64Array(part.indices.length / 3));
    let sum = 0;
    for (const a of rest) sum += Math.sign(a);
    this.front = sum >= 0 ? 1 : -1;
    const judged: number[] = [];
    rest.forEach((a, t) => {
      if (this.front * a >= minPx2) judged.push(t);
    });
    this.judged = Int32Array.from(judged);
    const idx = part.indices;
    this.rigid = Uint8Array.from(judged, (t) => (part.rigidity[idx[t * 3]] === 1 && part.rigidity[idx[t * 3 + 1]] === 1 && part.rigidity[idx[t * 3 + 2]] === 1 ? 1 : 0));
  }

  /**
   * Eases `weights` in place so that the part folds nowhere (see the class);
   * returns the factor the eased weights were scaled by (1: the frame did
   * not fold, or easing could not mend it and it was left as it was).
   */
  ease(weights: Float32Array, rotation: HeadRotation): number {
    if (!this.folds(weights, rotation)) return 1;
    const t = this.trial;
    const at = (s: number) => {
      for (let k = 0; k < 52; k++) t[k] = KEPT.has(k) ? weights[k] : s * weights[k];
      return t;
    };
    if (this.folds(at(0), rotation)) return 1;
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < STEPS; i++) {
      const mid = (lo + hi) / 2;
      if (this.folds(at(mid), rotation)) hi = mid;
      else lo = mid;
    }
    weights.set(at(lo));
    return lo;
  }

  /** Whether the part, moved by these weights and turned, folds a judged triangle. */
  private folds(weights: ArrayLike<number>, rotation: HeadRotation): boolean {
    const moved = this.areas(deformPhotoPart(this.mesh, this.part, weights, rotation, undefined, this.moved), this.areaMoved);
    let turned: Float64Array | null = null;
    for (let i = 0; i < this.judged.length; i++) {
      const tri = this.judged[i];
      if (this.front * moved[tri] > -this.minPx2) continue;
      if (this.rigid[i]) {
        // The turn alone, without the weights: a rigid triangle it turns away is the head's far side.
        turned ??= this.areas(deformPhotoPart(this.mesh, this.part, [], rotation, undefined, this.moved), this.areaTurned);
        if (this.front * turned[tri] < this.minPx2) continue;
      }
      return true;
    }
    return false;
  }

  /** Signed image area (px²) of every triangle of the part at these positions, written into `out`. */
  private areas(positions: ArrayLike<number>, out: Float64Array): Float64Array {
    const p = projectToPhoto(this.mesh, positions, this.xy);
    const idx = this.part.indices;
    for (let t = 0; t < out.length; t++) {
      const a = idx[t * 3] * 2, b = idx[t * 3 + 1] * 2, c = idx[t * 3 + 2] * 2;
      out[t] = ((p[b] - p[a]) * (p[c + 1] - p[a + 1]) - (p[b + 1] - p[a + 1]) * (p[c] - p[a])) / 2;
    }
    return out;
  }
}
