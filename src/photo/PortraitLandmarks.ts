import { MouthpieceError } from '../api/MouthpieceError.js';
import { faceTemplate } from './faceTemplate.js';
import { fitSimilarity, rotationToYawPitchRoll, type Similarity } from './fitSimilarity.js';
import type { MirrorCheck } from './mergeMirroredFace.js';

/** Points per face: the 468-point face mesh plus 10 iris points (5 per eye, centre first). */
export const PORTRAIT_POINT_COUNT = 478;
/**
 * Default smallest distance between the outer eye corners, in image pixels.
 * Below it the mouth is under about 35 px wide in the photo, too few texels
 * for the lips to part convincingly. Of the project's 100 shared CC0
 * portraits, 8 have their eye corners under 64 px apart; the pose is checked
 * first, and 6 of them are heads turned past its limit (yaw 44-57°), so 2 are
 * refused for their size (48 and 60 px).
 */
export const MIN_EYE_DISTANCE_PX = 64;
/** Default largest |yaw| of the portrait's head, radians (40°): beyond it half the face is hidden. */
export const MAX_PORTRAIT_YAW = (40 * Math.PI) / 180;
/** Default largest |pitch| of the portrait's head, radians (30°). */
export const MAX_PORTRAIT_PITCH = (30 * Math.PI) / 180;
/**
 * Default lowest mesh confidence (the landmark model's own score that its
 * mesh lies on a face, human's `faceScore`). Of the 100 shared CC0
 * portraits, 96 score 1.00; below are a face behind a camera and a hand
 * (0.93) and a hand under a tilted-back chin (0.89), refused by this check
 * alone, and two already refused for their pose (0.97; a profile, 0.44).
 * Where the model is unsure, its points on the covered part are guesses,
 * and animating them moves the cover, not the face.
 */
export const MIN_MESH_CONFIDENCE = 0.95;

/** A face as a landmark model returns it: @vladmandic/human's `FaceResult` fits (478 points, [x, y, z] in image pixels). */
export interface DetectedFace {
  /** 478 points [x, y, z]: x right and y down in image pixels, z depth (smaller = nearer the camera) in about the same units as x. */
  readonly mesh: ArrayLike<ArrayLike<number>>;
  /** The landmark model's confidence in [0, 1] that the mesh lies on a face (human's `faceScore`); absent when the detector has none (then not checked). */
  readonly faceScore?: number;
  /** Set on a face merged with the mirrored photo's run (`mergeMirroredFace`): what the comparison found. */
  readonly mirrorCheck?: MirrorCheck;
}

/**
 * One portrait's face, ready to fit: its 478 landmarks and what was
 * measured on them. Plain data (typed arrays and numbers): cache it with
 * the photo (a structured clone, or JSON through `portraitLandmarksToJson`
 * and `portraitLandmarksFromJson`, which checks what it reads back) and
 * skip the detector next time.
 */
export interface PortraitLandmarks {
  /** Image width in pixels (after EXIF orientation and any downscaling). */
  readonly width: number;
  /** Image height in pixels. */
  readonly height: number;
  /** 478 points, xyz: x right and y down in pixels, z the landmark model's depth (smaller = nearer). */
  readonly points: Float32Array;
  /** Distance between the outer eye corners (points 33 and 263) in pixels. */
  readonly eyeDistance: number;
  /** The portrait's head pose in radians (Euler 'YXZ', the signs of `HeadRotation`): yaw > 0 = face turned to its own left. */
  readonly pose: { readonly yaw: number; readonly pitch: number; readonly roll: number };
  /** How many faces the detector found (the largest is kept). */
  readonly faceCount: number;
  /** The kept face's mesh confidence ({@link DetectedFace.faceScore}), when the detector gave one. */
  readonly meshConfidence?: number;
  /** How the landmarks found on the mirrored photo compared with the photo's own, when both were run (`mergeMirroredFace`). */
  readonly mirrorCheck?: MirrorCheck;
}

/** Limits of {@link selectPortraitFace}. */
export interface PortraitLimits {
  /** Smallest outer-eye-corner distance in pixels. Default {@link MIN_EYE_DISTANCE_PX} (64). */
  minEyeDistance?: number;
  /** Largest |yaw| in radians. Default {@link MAX_PORTRAIT_YAW} (40°). */
  maxYaw?: number;
  /** Largest |pitch| in radians. Default {@link MAX_PORTRAIT_PITCH} (30°). */
  maxPitch?: number;
  /** Lowest mesh confidence ({@link DetectedFace.faceScore}). Default {@link MIN_MESH_CONFIDENCE} (0.95); 0 turns the check off. */
  minMeshConfidence?: number;
}

/** Options of a portrait detection: the limits, and whether the landmark model also runs on the mirrored photo. */
export interface PortraitDetectOptions extends PortraitLimits {
  /**
   * Run the landmark model on the mirrored photo too and merge the two
   * faces (`mergeMirroredFace`): it settles eyes the model put on the wrong
   * place, at the cost of a second detection. Default true.
   */
  mirror?: boolean;
}

const DEG = 180 / Math.PI;

/**
 * Photo points (x right, y down, z nearer-is-smaller) in a right-handed
 * y-up frame with +z towards the viewer: the head template's axes, so a
 * similarity fit between them is a proper rotation.
 */
export function portraitPointsUp(points: ArrayLike<number>, count = 468): Float64Array {
  const out = new Float64Array(count * 3);
  for (let i = 0; i < count; i++) {
    out[i * 3] = points[i * 3];
    out[i * 3 + 1] = -points[i * 3 + 1];
    out[i * 3 + 2] = -points[i * 3 + 2];
  }
  return out;
}

/**
 * The similarity that maps the Mouthpiece head's neutral face (metres) onto
 * the portrait's landmarks in {@link portraitPointsUp} coordinates (pixels):
 * its rotation is the portrait's head pose, its scale pixels per metre.
 */
export function fitHeadToPortrait(points: ArrayLike<number>): Similarity {
  return fitSimilarity(faceTemplate().neutral, portraitPointsUp(points));
}

/**
 * Picks the largest face of a detector's result and checks it can be
 * animated: throws `NO_FACE` when there is none, `EXTREME_POSE` beyond
 * `maxYaw`/`maxPitch`, `FACE_TOO_SMALL` below `minEyeDistance` pixels
 * between the outer eye corners (checked after the pose, since a turned
 * head brings them together), `FACE_OCCLUDED` when the detector's mesh
 * confidence is under `minMeshConfidence` (something covers part of the
 * face). Pure: the landmarks come from any detector
 * that returns the 478-point face mesh (see `detectPortrait`).
 *
 * @param faces - The detector's faces (human's `result.face`).
 * @param image - The size of the image the points are in.
 */
export function selectPortraitFace(faces: readonly DetectedFace[], image: { width: number; height: number }, limits: PortraitLimits = {}): PortraitLandmarks {
  const { width, height } = image;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `image size must be positive integers, got ${width}x${height}`);
  }
  const minEye = limits.minEyeDistance ?? MIN_EYE_DISTANCE_PX;
  const maxYaw = limits.maxYaw ?? MAX_PORTRAIT_YAW;
  const maxPitch = limits.maxPitch ?? MAX_PORTRAIT_PITCH;
  const minConfidence = limits.minMeshConfidence ?? MIN_MESH_CONFIDENCE;
  if (!(minConfidence >= 0 && minConfidence <= 1)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `minMeshConfidence must be in [0, 1], got ${minConfidence}`);
  }
  const meshes = faces.filter((f) => f.mesh?.length === PORTRAIT_POINT_COUNT);
  if (meshes.length === 0) {
    throw new MouthpieceError('NO_FACE', faces.length === 0
      ? `no face found in the ${width}x${height} photo (the portrait needs one face, seen from the front)`
      : `a face was found in the ${width}x${height} photo but not its ${PORTRAIT_POINT_COUNT}-point mesh (enable the face mesh and iris models)`);
  }
  const eye = (f: DetectedFace) => Math.hypot(f.mesh[33][0] - f.mesh[263][0], f.mesh[33][1] - f.mesh[263][1]);
  const face = meshes.reduce((a, b) => (eye(b) > eye(a) ? b : a));
  const points = new Float32Array(PORTRAIT_POINT_COUNT * 3);
  for (let i = 0; i < PORTRAIT_POINT_COUNT; i++) {
    for (let k = 0; k < 3; k++) {
      const v = Number(face.mesh[i][k]);
      if (!Number.isFinite(v)) throw new MouthpieceError('NO_FACE', `the face's landmark ${i} is not a finite number`);
      points[i * 3 + k] = v;
    }
  }
  // The pose first: a turned head brings its eye corners together, and "too small, use a larger photo"
  // would be the wrong advice for it.
  const pose = rotationToYawPitchRoll(fitHeadToPortrait(points).rotation);
  if (Math.abs(pose.yaw) > maxYaw || Math.abs(pose.pitch) > maxPitch) {
    throw new MouthpieceError('EXTREME_POSE', `the head is turned too far (yaw ${(pose.yaw * DEG).toFixed(0)}°, pitch ${(pose.pitch * DEG).toFixed(0)}°; at most ±${(maxYaw * DEG).toFixed(0)}° and ±${(maxPitch * DEG).toFixed(0)}°): use a photo facing the camera`);
  }
  const eyeDistance = eye(face);
  if (eyeDistance < minEye) {
    throw new MouthpieceError('FACE_TOO_SMALL', `the face is too small: its outer eye corners are ${eyeDistance.toFixed(0)} px apart, at least ${minEye} px are needed (use a larger or closer-cropped photo)`);
  }
  const score = face.faceScore;
  if (score !== undefined && !(score >= minConfidence)) {
    throw new MouthpieceError('FACE_OCCLUDED', `the landmark model is unsure of the face (mesh confidence ${Number.isFinite(score) ? score.toFixed(2) : String(score)}, at least ${minConfidence} needed): something may cover part of it (a hand, a camera, a mask, hair); use a photo with the whole face visible`);
  }
  return {
    width,
    height,
    points,
    eyeDistance,
    pose,
    faceCount: meshes.length,
    ...(score !== undefined ? { meshConfidence: score } : {}),
    ...(face.mirrorCheck ? { mirrorCheck: face.mirrorCheck } : {}),
  };
}
