import { BLENDSHAPE_INDEX } from '../api/blendshapeNames.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { buildEyePatch } from './buildEyePatch.js';
import { buildMouthParts } from './buildMouthParts.js';
import { cardHeadRotation } from './deformPhotoMesh.js';
import { fitBlinkToOpening } from './fitBlinkToOpening.js';
import { faceTemplate } from './faceTemplate.js';
import { fitPortraitHead } from './fitPortraitHead.js';
import { cardCentroid, PartBuilder } from './PhotoFit.js';
import type { PhotoMesh, PhotoMeshPart } from './PhotoMesh.js';
import { orientTriangles } from './orientTriangles.js';
import { foldingTriangles, shortenFoldingSteps, type ShortenFoldingStepsOptions } from './shortenFoldingSteps.js';
import { unfoldTargets } from './unfoldTargets.js';
import { PORTRAIT_POINT_COUNT, type PortraitLandmarks } from './PortraitLandmarks.js';
import { smoothstep } from './smoothstep.js';
import { SPEECH_POSES, type SpeechPose } from './speechPoses.js';

/** Options of {@link buildPhotoMesh}. */
export interface BuildPhotoMeshOptions {
  /** Vertical field of view of the nominal camera, degrees: the card is placed so it fills it. Default 20. */
  viewFov?: number;
  /** The photo's skin brightness relative to a mid-tone, which shades the synthesised mouth. Default 1. */
  brightness?: number;
  /** How colourful the photo is, 0 (black and white) to 1 (ordinary colour; `skinSaturation`): the synthesised mouth's colours are desaturated to match. Default 1. */
  saturation?: number;
}

/** Where the head's closed upper lid stops above the lower one, metres (models/head/headGeometry.mjs). */
const BLINK_GAP_M = 0.0004;

/** Extension rings past the face's silhouette: scale about the face's centre, head-rotation share, share of the silhouette's expression motion. */
const RINGS: readonly [number, number, number][] = [
  [1.3, 0.85, 0.3],
  [1.6, 0.55, 0.1],
  [1.95, 0.22, 0.03],
  [2.3, 0, 0],
];

/** Width of the band inside the photo's border (share of its height) over which warp-ring points fade to pinned. */
const BORDER_BAND = 0.04;

/**
 * Smooths the face's targets where one alone would fold the portrait's
 * face mesh ({@link unfoldTargets}); the warp rings are added after it.
 * mouthClose is never shown alone (the rig caps it at jawOpen), so it is
 * not judged; where it exactly undid the jaw (the lips) it is made to undo
 * the smoothed jaw, so closed lips still meet. `pinned` vertices keep their
 * deltas.
 */
function unfoldFace(face: PartBuilder, minArea: number, pinned: ArrayLike<boolean>): void {
  const jaw = face.targets[BLENDSHAPE_INDEX.jawOpen];
  const close = face.targets[BLENDSHAPE_INDEX.mouthClose];
  const undoes = jaw.map((v, k) => v !== 0 && close[k] === -v);
  const judged = face.targets.map((_, t) => t).filter((t) => t !== BLENDSHAPE_INDEX.mouthClose);
  unfoldTargets(face.pos, face.idx, face.targets, { minArea, only: judged, pinned });
  jaw.forEach((v, k) => {
    if (undoes[k]) close[k] = -v;
  });
}

/**
 * Head turns (radians) from which the face's folds are judged as well as
 * from the front: a talking head turns, and a sliver folded edge-on
 * shows from the side. Yaw to ±15° and pitch to ±10°, with the diagonals
 * between (a fold can show first between two judged views): beyond the
 * speaking ranges of animation.md (pitch -3..+8 degrees, yaw within 5), as
 * far as the photo avatar is measured. Roll is not judged: it turns the
 * face within the image plane, which hardly changes what faces the camera.
 */
const JUDGED_TURNS: readonly { pitch: number; yaw: number; roll: number }[] = [
  [0, 15], [0, -15], [10, 0], [-10, 0], [7, 10], [7, -10], [-7, 10], [-7, -10],
].map(([pitch, yaw]) => ({ pitch: (pitch * Math.PI) / 180, yaw: (yaw * Math.PI) / 180, roll: 0 }));

/**
 * Where the nominal camera (at [0, 0, D]) is, relative to the head, when
 * the head turns by each of {@link JUDGED_TURNS} about its centre: c +
 * M^T (E - c), M the turn as the card sees it.
 */
function turnedEyes(rotation: ArrayLike<number>, centre: readonly number[], D: number): [number, number, number][] {
  return JUDGED_TURNS.map((turn) => {
    const M = cardHeadRotation({ rotation: Float64Array.from(rotation) }, turn);
    const e = [-centre[0], -centre[1], D - centre[2]];
    return [0, 1, 2].map((k) => centre[k] + M[k] * e[0] + M[3 + k] * e[1] + M[6 + k] * e[2]) as [number, number, number];
  });
}

/** Rounds of judging {@link SPEECH_POSES} at most (each followed by the targets alone again); 3.3 were needed on average. */
const POSE_ROUNDS = 8;
/** Weights at which a pose is checked (each is a whole mouth shape, so halfway and full). */
const POSE_WEIGHTS = [0.5, 1];

/** A pose's deltas: the sum of its targets' deltas (`deltas`, per target, xyz per vertex) times their weights ([target, weight]). */
function combine(deltas: readonly (readonly number[])[], weights: SpeechPose['weights']): number[] {
  const out = new Array<number>(deltas[0].length).fill(0);
  for (const [k, w] of weights) {
    const d = deltas[k];
    for (let i = 0; i < out.length; i++) out[i] += w * d[i];
  }
  return out;
}

/**
 * Shortens the face's steps where several targets together, as speech
 * moves them ({@link SPEECH_POSES}), turn one of its own triangles away from
 * the camera though none does alone (a rounded vowel's jaw, funnel and
 * pucker at a thin lip corner: under the motion model's frames on real
 * speech, 16 of 85 portraits had folds of 1 px² or more). The jaw, and mouthClose with it, is kept:
 * a pose is judged from its jaw as the rest, and its other targets' steps
 * are shortened, each vertex's by one factor in all of them (the jaw carries
 * the lip sync; shortening all of a pose's targets alike took about 9 % of
 * its motion on the 85 portraits). Judged from the front and from the four
 * turns on the axes (`eyes`). A shortened step can fold a triangle under a
 * target alone again, so the targets touched are judged alone again
 * (`alone`, {@link shortenFoldingSteps}' options), and the rounds repeat
 * until no pose shortens anything.
 *
 * @param pos - Rest positions along the camera's rays.
 * @param idx - Triangles.
 * @param moved - Per target, deltas along the camera's rays; changed in place.
 * @param headMoved - The head's own targets, posed like the portrait: what it folds under a pose from the front was authored.
 */
function shortenPoseSteps(
  pos: readonly number[],
  idx: readonly number[],
  moved: number[][],
  headMoved: readonly (readonly number[])[],
  o: {
    minArea: number;
    D: number;
    eyes: readonly (readonly [number, number, number])[];
    ownTriangle: (tri: number) => boolean;
    authored: (deltas: ArrayLike<number>) => Set<number>;
    alone: ShortenFoldingStepsOptions & { only: readonly number[] };
  },
): void {
  const n = pos.length / 3;
  const kept = new Set<number>([BLENDSHAPE_INDEX.jawOpen, BLENDSHAPE_INDEX.mouthClose]);
  const authored = SPEECH_POSES.map((p) => o.authored(combine(headMoved, p.weights)));
  for (let round = 0; round < POSE_ROUNDS; round++) {
    const touched = new Set<number>();
    SPEECH_POSES.forEach((p, c) => {
      const base = pos.slice();
      for (const [k, w] of p.weights) if (kept.has(k)) for (let i = 0; i < base.length; i++) base[i] += w * moved[k][i];
      const others = p.weights.filter(([k]) => !kept.has(k));
      const step = combine(moved, others);
      const was = step.slice();
      const { shortened } = shortenFoldingSteps(base, idx, [step], {
        minArea: o.minArea,
        weights: POSE_WEIGHTS,
        eye: [0, 0, o.D],
        eyes: o.eyes,
        exempt: (_, tri, camera) => !o.ownTriangle(tri) || (camera === 0 && authored[c].has(tri)),
      });
      if (!shortened) return;
      for (const [k] of others) touched.add(k);
      for (let v = 0; v < n; v++) {
        const a = Math.hypot(was[v * 3], was[v * 3 + 1], was[v * 3 + 2]);
        const b = Math.hypot(step[v * 3], step[v * 3 + 1], step[v * 3 + 2]);
        if (a > 0 && b < a) for (const [k] of others) for (let q = 0; q < 3; q++) moved[k][v * 3 + q] *= b / a;
      }
    });
    if (!touched.size) return;
    shortenFoldingSteps(pos, idx, moved, { ...o.alone, only: o.alone.only.filter((k) => touched.has(k)) });
  }
}

/**
 * The triangles (offsets in `idx`) with an edge on the silhouette's loop
 * that are not the face's own: the first warp ring's, outside it.
 */
function rimTriangles(idx: readonly number[], silhouette: readonly number[], facePoints: number): Set<number> {
  const key = (a: number, b: number) => (a < b ? a * 65536 + b : b * 65536 + a);
  const edges = new Set(silhouette.map((v, j) => key(v, silhouette[(j + 1) % silhouette.length])));
  const out = new Set<number>();
  for (let t = 0; t + 2 < idx.length; t += 3) {
    const outside = [0, 1, 2].some((q) => idx[t + q] >= facePoints);
    if (outside && [0, 1, 2].some((q) => edges.has(key(idx[t + q], idx[t + ((q + 1) % 3)])))) out.add(t);
  }
  return out;
}

/**
 * Shortens the face's steps that still turn one of its own triangles away
 * from the camera after the smoothing ({@link shortenFoldingSteps}), judged
 * where the finished part puts them: each vertex along its camera ray (x
 * and y scaled by (D - z) / D, its deltas too), seen from the nominal
 * camera and from where it is when the head turns ({@link JUDGED_TURNS}):
 * the face's own triangles, and the first warp ring's on the silhouette's
 * edges (only the face's steps are shortened there). A triangle that the head itself, posed like the portrait, turns away
 * from the nominal camera under the same target is not judged from there:
 * that was authored. Each vertex's delta is only scaled, so the scale found there
 * is carried back to the card-space target. Then the same for several
 * targets together ({@link shortenPoseSteps}). mouthClose again undoes the
 * (shortened) jaw where it undid it, so closed lips meet.
 */
function shortenFaceSteps(
  face: PartBuilder,
  D: number,
  minArea: number,
  head: { pos: ArrayLike<number>; targets: readonly ArrayLike<number>[]; rotation: ArrayLike<number>; centre: readonly number[]; silhouette: readonly number[] },
): void {
  const eyes = turnedEyes(head.rotation, head.centre, D);
  const jaw = face.targets[BLENDSHAPE_INDEX.jawOpen];
  const close = face.targets[BLENDSHAPE_INDEX.mouthClose];
  const undoes = jaw.map((v, k) => v !== 0 && close[k] === -v);
  const judged = face.targets.map((_, t) => t).filter((t) => t !== BLENDSHAPE_INDEX.mouthClose);
  const n = face.count;
  // Along the camera's ray of the vertex at rest (finish()): x and y scaled by (D - z) / D.
  const alongRays = (z: ArrayLike<number>) => (a: readonly number[]) => a.map((x, i) => (i % 3 === 2 ? x : (x * (D - z[i - (i % 3) + 2])) / D));
  const toCamera = alongRays(face.pos);
  const pos = toCamera(face.pos);
  const moved = face.targets.map((t) => toCamera(t));
  const original = moved.map((t) => t.slice());
  // Folds the head itself makes (the chin's underside turning away as the jaw drops) were authored: not judged.
  const facePoints = head.pos.length / 3;
  // The face's own triangles, and the first ring's on an edge of the silhouette (with the ring's vertices
  // pinned): where a turned face's chin outline folds over itself as the jaw drops (two silhouette points
  // crossing), the face's own sliver there is too thin to be judged, and the ring triangle outside it turned
  // over (up to 72 px², 3 of 85 portraits); moving the ring further with the silhouette could not mend it
  // (tried: none of the rings' folds on the 85 portraits could be). The rest of the rings are not judged.
  const faceTri = (i: number) => face.idx[i] < facePoints && face.idx[i + 1] < facePoints && face.idx[i + 2] < facePoints;
  const rimTri = rimTriangles(face.idx, head.silhouette, facePoints);
  const ringPinned = Array.from({ length: n }, (_, v) => v >= facePoints);
  const headIdx: number[] = [];
  const at = new Map<number, number>();
  for (let i = 0; i < face.idx.length; i += 3) {
    if (faceTri(i)) {
      at.set(headIdx.length, i);
      headIdx.push(face.idx[i], face.idx[i + 1], face.idx[i + 2]);
    }
  }
  const headToCamera = alongRays(head.pos);
  const headCam = headToCamera(Array.from(head.pos));
  const headMoved = head.targets.map((t) => headToCamera(Array.from(t)));
  const authoredBy = (deltas: ArrayLike<number>) => new Set([...foldingTriangles(headCam, headIdx, deltas, { eye: [0, 0, D] })].map((h) => at.get(h)!));
  const authored = new Map(judged.map((t) => [t, authoredBy(headMoved[t])]));
  // Exempt from the front only (camera 0). Exempting the head's own folds from the turned cameras too (each
  // from its own) left 20 visible folds in 2-4 of 85 portraits at jawOpen 0.7 with yaw +-15 or pitch +10,
  // 12 of them where the head does not fold at that pose (it folds there at another weight); without it
  // only warp-ring folds were left (the rim is now judged too), and the motion changes by 0.3 % more
  // (measured on the 85 portraits).
  const alone = { minArea, only: judged, eye: [0, 0, D] as [number, number, number], eyes, pinned: ringPinned, exempt: (t: number, tri: number, camera: number) => !faceTri(tri) ? !rimTri.has(tri) : camera === 0 && authored.get(t)!.has(tri) };
  shortenFoldingSteps(pos, face.idx, moved, alone);
  shortenPoseSteps(pos, face.idx, moved, headMoved, { minArea, D, eyes: eyes.slice(0, 4), ownTriangle: faceTri, authored: authoredBy, alone });
  for (const t of face.targets.keys()) {
    for (let v = 0; v < n; v++) {
      const was = Math.hypot(original[t][v * 3], original[t][v * 3 + 1], original[t][v * 3 + 2]);
      const now = Math.hypot(moved[t][v * 3], moved[t][v * 3 + 1], moved[t][v * 3 + 2]);
      if (was > 0 && now !== was) for (let r = 0; r < 3; r++) face.targets[t][v * 3 + r] *= now / was;
    }
  }
  jaw.forEach((v, k) => {
    if (undoes[k]) close[k] = -v;
  });
}

function finish(b: PartBuilder, name: string, textured: boolean, W: number, H: number, D: number): PhotoMeshPart {
  const n = b.count;
  const positions = new Float32Array(n * 3);
  const uvs = textured ? new Float32Array(n * 2) : undefined;
  for (let v = 0; v < n; v++) {
    const [x, y, z] = [b.pos[v * 3], b.pos[v * 3 + 1], b.pos[v * 3 + 2]];
    // Placed along the nominal camera's rays: seen from (0, 0, D), the vertex lands where the photo has it.
    const k = (D - z) / D;
    positions[v * 3] = x * k;
    positions[v * 3 + 1] = y * k;
    positions[v * 3 + 2] = z;
    if (uvs) {
      uvs[v * 2] = (x * H + W / 2) / W;
      uvs[v * 2 + 1] = 0.5 + y;
    }
  }
  // Wound by the topology, counter-clockwise as seen from the camera at rest, so a fold under an expression
  // shows as a sign change and a sliver that opens the right way round does not.
  const idx = Uint32Array.from(b.idx);
  orientTriangles(b.pos, idx);
  // Targets scaled like their vertex's placement, so a target moves the vertex by the same amount in the photo.
  const targets = b.targets.map((t) => Float32Array.from(t));
  for (const t of [...targets, ...(b.iris ?? [])]) {
    for (let v = 0; v < n; v++) {
      const k = (D - b.pos[v * 3 + 2]) / D;
      t[v * 3] *= k;
      t[v * 3 + 1] *= k;
    }
  }
  return {
    name,
    positions,
    uvs,
    colors: b.col.length ? Float32Array.from(b.col) : undefined,
    indices: idx,
    rigidity: Float32Array.from(b.rigid),
    targets,
    irisTargets: b.iris,
  };
}

/**
 * Fits the Mouthpiece head's face to a portrait's landmarks and builds
 * everything the photo avatar renders: the face mesh textured with the
 * photo, extended past the face's silhouette by four rings that reach the
 * hair, ears and neck and fade the head's motion to zero (a soft warp
 * region: the background beyond it never moves, and nothing behind the
 * head is ever revealed, so no inpainting is needed); the eye openings
 * with movable irises; and a synthesised mouth interior.
 *
 * Each of the 52 ARKit targets is the head's own target carried over by
 * the fitted similarity (scale and the portrait's head pose), so a weight
 * means the same here and on the head; only where one alone would fold
 * this portrait's face is it smoothed locally, and a step that still
 * turns a triangle away from the camera (where the head itself does not)
 * is shortened until none does ({@link shortenFoldingSteps}): judged from
 * the front and from turned heads, for each target alone and for speech
 * poses (several mouth targets together, SPEECH_POSES), on the face and
 * where the first warp ring meets its silhouette. Pure and deterministic.
 */
export function buildPhotoMesh(landmarks: PortraitLandmarks, options: BuildPhotoMeshOptions = {}): PhotoMesh {
  const { width: W, height: H, points } = landmarks;
  if (!(points instanceof Float32Array) || points.length !== PORTRAIT_POINT_COUNT * 3) {
    throw new MouthpieceError('INVALID_ARGUMENT', `landmarks.points must be a Float32Array of ${PORTRAIT_POINT_COUNT} points (${PORTRAIT_POINT_COUNT * 3} numbers)`);
  }
  const fovDeg = options.viewFov ?? 20;
  if (!(fovDeg >= 1 && fovDeg <= 120)) throw new MouthpieceError('INVALID_ARGUMENT', `viewFov must be in 1..120 degrees, got ${fovDeg}`);
  const brightness = options.brightness ?? 1;
  if (!(brightness > 0 && brightness <= 4)) throw new MouthpieceError('INVALID_ARGUMENT', `brightness must be in (0, 4], got ${brightness}`);
  const saturation = options.saturation ?? 1;
  if (!(saturation >= 0 && saturation <= 1)) throw new MouthpieceError('INVALID_ARGUMENT', `saturation must be in [0, 1], got ${saturation}`);
  const viewFov = (fovDeg * Math.PI) / 180;
  const D = 0.5 / Math.tan(viewFov / 2);
  const tpl = faceTemplate();
  const G = tpl.groups;

  // Card space (the photo 1 unit high, centred, +Y up, +Z towards the viewer) and the head fitted there.
  const fit = fitPortraitHead(landmarks);
  const { card, headPos, headTargets: faceDeltas } = fit;
  const { scale: s, rotation: R, translation: t0 } = fit.sim;

  // The face: the 468 points with the head's targets carried over (scale * R * delta).
  const face = new PartBuilder();
  for (let i = 0; i < 468; i++) face.add([card[i * 3], card[i * 3 + 1], card[i * 3 + 2]], 1, (t) => [faceDeltas[t][i * 3], faceDeltas[t][i * 3 + 1], faceDeltas[t][i * 3 + 2]]);
  const eyeSets = [new Set([...G.leftEyeUpper0, ...G.leftEyeLower0]), new Set([...G.rightEyeUpper0, ...G.rightEyeLower0])];
  for (let k = 0; k < tpl.triangles.length; k += 3) {
    const tri = [tpl.triangles[k], tpl.triangles[k + 1], tpl.triangles[k + 2]];
    if (eyeSets.some((e) => tri.every((v) => e.has(v)))) continue; // the eye openings get their own patches
    face.idx.push(...tri);
  }
  // The blinks close this portrait's eyes as the head's close (before the unfolding and the eye patches read the lids).
  fitBlinkToOpening(
    face,
    [
      { upper: G.leftEyeUpper0, lower: G.leftEyeLower0, upperRings: [...G.leftEyeUpper1, ...G.leftEyeUpper2] },
      { upper: G.rightEyeUpper0, lower: G.rightEyeLower0, upperRings: [...G.rightEyeUpper1, ...G.rightEyeUpper2] },
    ],
    [BLENDSHAPE_INDEX.eyeBlinkLeft, BLENDSHAPE_INDEX.eyeBlinkRight],
    BLINK_GAP_M * s,
  );
  // Before the warp rings copy the silhouette's motion, so they copy the smoothed one.
  orientTriangles(face.pos, face.idx);
  // The eye corners keep the head's deltas: the eye patches' thin corner triangles hang on them, and a
  // blink's smoothing that moved an inner corner by a few pixels (detected corners one pixel from their
  // neighbours) turned those triangles over (3 of 85 portraits); pinned, no blink or squint folds them.
  const eyeCorners = new Array<boolean>(face.count).fill(false);
  for (const lower of [G.leftEyeLower0, G.rightEyeLower0]) {
    const byX = [...lower].sort((a, b) => card[a * 3] - card[b * 3]);
    eyeCorners[byX[0]] = eyeCorners[byX[byX.length - 1]] = true;
  }
  unfoldFace(face, 0.5 * (0.5 / H) ** 2, eyeCorners);

  // The warp region: rings scaled from the silhouette about the face's centre, clamped to the photo.
  const sil = G.silhouette;
  const c = cardCentroid(fit, sil);
  const xMax = W / H / 2;
  let prev = sil.slice();
  RINGS.forEach(([f, rigid, follow], r) => {
    const ring = sil.map((i) => {
      const x0 = c[0] + (card[i * 3] - c[0]) * f;
      const y0 = c[1] + (card[i * 3 + 1] - c[1]) * f;
      const x = Math.max(-xMax, Math.min(xMax, x0));
      const y = Math.max(-0.5, Math.min(0.5, y0));
      // A point held at the photo's border is pinned there, flat: the frame's edge never moves. Points
      // near the border fade to pinned over BORDER_BAND, so none of them can cross it (a ring point a pixel
      // inside the edge, turning with the head next to pinned ones, folded its triangles over the edge).
      const held = x !== x0 || y !== y0;
      const fade = held ? 0 : smoothstep(0, BORDER_BAND, Math.min(xMax - Math.abs(x), 0.5 - Math.abs(y)));
      const z = card[i * 3 + 2] * (1 - (r + 1) / RINGS.length) * fade;
      return face.add([x, y, z], rigid * fade, (t) => (fade === 0 ? [0, 0, 0] : face.delta(t, i).map((v) => v * follow * fade)));
    });
    for (let j = 0; j < sil.length; j++) {
      const a = prev[j], b = prev[(j + 1) % sil.length], d = ring[j], e = ring[(j + 1) % sil.length];
      face.idx.push(a, d, b, b, d, e);
    }
    prev = ring;
  });

  // Before the eye patches and the mouth read the face's deltas, so they move with the shortened ones.
  orientTriangles(face.pos, face.idx);
  const pivot = tpl.headPivot;
  const headCentre: [number, number, number] = [0, 1, 2].map((r) => s * (R[r * 3] * pivot[0] + R[r * 3 + 1] * pivot[1] + R[r * 3 + 2] * pivot[2]) + t0[r]) as [number, number, number];
  shortenFaceSteps(face, D, 0.5 * (0.5 / H) ** 2, { pos: headPos, targets: faceDeltas, rotation: R, centre: headCentre, silhouette: G.silhouette });

  // Eyes: which iris belongs to which lid contour is decided by distance, not by the groups' names.
  const eyeOf = (upper: readonly number[], lower: readonly number[]) => {
    const e = cardCentroid(fit, [...upper, ...lower]);
    const d = (iris: readonly number[]) => Math.hypot(card[iris[0] * 3] - e[0], card[iris[0] * 3 + 1] - e[1]);
    const iris = d(G.leftEyeIris) < d(G.rightEyeIris) ? G.leftEyeIris : G.rightEyeIris;
    return buildEyePatch(fit, face, { upper, lower, iris });
  };
  const eyeLeft = eyeOf(G.leftEyeUpper0, G.leftEyeLower0);
  const eyeRight = eyeOf(G.rightEyeUpper0, G.rightEyeLower0);

  // Lum of the skin shades the mouth interior; the rim is the inner lip loop, lower lip first.
  const rim = [...G.lipsLowerInner, ...[...G.lipsUpperInner].reverse()];
  const mouth = buildMouthParts(fit, face, rim, G.lipsLowerInner, { brightness, saturation });

  return {
    width: W,
    height: H,
    scale: s,
    rotation: R,
    headCentre,
    viewDistance: D,
    viewFov,
    facePointCount: 468,
    parts: [
      finish(face, 'face', true, W, H, D),
      finish(eyeLeft, 'eyeLeft', true, W, H, D),
      finish(eyeRight, 'eyeRight', true, W, H, D),
      finish(mouth.fill, 'mouthFill', true, W, H, D),
      finish(mouth.bag, 'mouthBag', false, W, H, D),
      finish(mouth.teethUpper, 'teethUpper', false, W, H, D),
      finish(mouth.teethLower, 'teethLower', false, W, H, D),
      finish(mouth.tongue, 'tongue', false, W, H, D),
    ],
  };
}
