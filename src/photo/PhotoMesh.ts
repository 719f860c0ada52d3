/**
 * One part of a fitted photo face, as plain arrays (three.js-free, so the
 * fit is testable anywhere): positions and per-target deltas in the
 * avatar's card space (the photo is 1 unit high, centred, +Y up, +Z towards
 * the viewer).
 */
export interface PhotoMeshPart {
  /** Part name (`face`, `eyeLeft`, `eyeRight`, `mouthFill`, `mouthBag`, `teethUpper`, `teethLower`, `tongue`). */
  readonly name: string;
  /** Rest positions, xyz per vertex, placed so that a camera from {@link PhotoMesh.viewDistance} sees each vertex where the photo has it. */
  readonly positions: Float32Array;
  /** Photo texture coordinates (u right, v up) for textured parts. */
  readonly uvs?: Float32Array;
  /** Vertex colours (rgb, linear) for the synthesised parts (mouth interior). */
  readonly colors?: Float32Array;
  /** Triangles. */
  readonly indices: Uint32Array;
  /** Per vertex, how much of the head's rotation the vertex follows: 1 on the face, down to 0 where the warp meets the still background. */
  readonly rigidity: Float32Array;
  /** 52 ARKit targets in ARKit order: xyz deltas per vertex (zero-filled where a target leaves the part alone). */
  readonly targets: readonly Float32Array[];
  /** Eye patches only: the iris's shift per unit of sin(gaze angle), horizontal (+X character's left) and vertical (+Y up). */
  readonly irisTargets?: readonly [Float32Array, Float32Array];
}

/** A portrait fitted with the Mouthpiece head's face: everything the photo avatar renders, as arrays. */
export interface PhotoMesh {
  /** Photo size in pixels. */
  readonly width: number;
  readonly height: number;
  /** Card units per metre of the head (the fitted scale). */
  readonly scale: number;
  /** The portrait's head rotation, row-major 3x3 from head axes to card axes. */
  readonly rotation: Float64Array;
  /** The head's pivot in card space: head rotation turns about it. */
  readonly headCentre: readonly [number, number, number];
  /** Distance of the nominal camera from the card (card units), on the +Z axis through the photo's centre. */
  readonly viewDistance: number;
  /** The vertical field of view, radians, under which the card fills the view from `viewDistance`. */
  readonly viewFov: number;
  /** Parts: the face with its warp region first, then eyes and the mouth interior. */
  readonly parts: readonly PhotoMeshPart[];
  /** Number of face-mesh points at the start of the `face` part (468); the rest is the extension towards the hair, ears and neck. */
  readonly facePointCount: number;
}

/**
 * Projects card-space points seen from the nominal camera to photo pixels
 * (x right, y down): where a vertex appears in a frame rendered with the
 * avatar's camera at the photo's own size.
 */
export function projectToPhoto(mesh: Pick<PhotoMesh, 'width' | 'height' | 'viewDistance'>, xyz: ArrayLike<number>, out = new Float32Array((xyz.length / 3) * 2)): Float32Array {
  const { width: W, height: H, viewDistance: D } = mesh;
  for (let i = 0, n = xyz.length / 3; i < n; i++) {
    const k = D / (D - xyz[i * 3 + 2]);
    out[i * 2] = xyz[i * 3] * k * H + W / 2;
    out[i * 2 + 1] = H / 2 - xyz[i * 3 + 1] * k * H;
  }
  return out;
}
