import { MouthpieceError } from '../api/MouthpieceError.js';
import type { MirrorCheck } from './mergeMirroredFace.js';
import { PORTRAIT_POINT_COUNT, type PortraitLandmarks } from './PortraitLandmarks.js';

/** {@link PortraitLandmarks} as plain JSON data: `points` a number array. */
export type PortraitLandmarksJson = Omit<PortraitLandmarks, 'points'> & { readonly points: readonly number[] };

/**
 * The landmarks as JSON-ready data (`points` as a plain array), for a cache
 * keyed by the photo: detect once, store `JSON.stringify(portraitLandmarksToJson(lm))`,
 * and read it back with {@link portraitLandmarksFromJson}.
 */
export function portraitLandmarksToJson(landmarks: PortraitLandmarks): PortraitLandmarksJson {
  return { ...landmarks, points: Array.from(landmarks.points) };
}

/**
 * Landmarks back from cached data (parsed JSON, or a structured clone),
 * checked field by field, since a cache is outside the program's control: a
 * missing or wrong field is an `INVALID_ARGUMENT` naming it, never a mesh
 * built from garbage. `points` may be a number array or a Float32Array.
 *
 * @example
 * ```ts
 * const cached = localStorage.getItem(key);
 * const landmarks = cached ? portraitLandmarksFromJson(JSON.parse(cached)) : await detectPortrait(human, pixels, pixels);
 * ```
 */
export function portraitLandmarksFromJson(value: unknown): PortraitLandmarks {
  const bad = (what: string) => new MouthpieceError('INVALID_ARGUMENT', `cached portrait landmarks: ${what}`);
  if (!value || typeof value !== 'object') throw bad(`expected an object, got ${value === null ? 'null' : typeof value}`);
  const v = value as Record<string, unknown>;
  const int = (k: string) => {
    const x = v[k];
    if (!(typeof x === 'number' && Number.isInteger(x) && x > 0)) throw bad(`${k} must be a positive integer, got ${JSON.stringify(x)}`);
    return x;
  };
  const num = (x: unknown, name: string) => {
    if (!(typeof x === 'number' && Number.isFinite(x))) throw bad(`${name} must be a finite number, got ${JSON.stringify(x)}`);
    return x;
  };
  const width = int('width');
  const height = int('height');
  const faceCount = int('faceCount');
  const raw = v.points;
  if (!(Array.isArray(raw) || raw instanceof Float32Array) || raw.length !== PORTRAIT_POINT_COUNT * 3) {
    throw bad(`points must hold ${PORTRAIT_POINT_COUNT} points (${PORTRAIT_POINT_COUNT * 3} numbers), got ${Array.isArray(raw) || raw instanceof Float32Array ? raw.length : typeof raw}`);
  }
  const points = new Float32Array(PORTRAIT_POINT_COUNT * 3);
  for (let i = 0; i < points.length; i++) points[i] = num(raw[i], `points[${i}]`);
  const pose = v.pose as Record<string, unknown> | undefined;
  if (!pose || typeof pose !== 'object') throw bad('pose is missing');
  const out: PortraitLandmarks = {
    width,
    height,
    points,
    eyeDistance: num(v.eyeDistance, 'eyeDistance'),
    pose: { yaw: num(pose.yaw, 'pose.yaw'), pitch: num(pose.pitch, 'pose.pitch'), roll: num(pose.roll, 'pose.roll') },
    faceCount,
    ...(v.meshConfidence !== undefined ? { meshConfidence: num(v.meshConfidence, 'meshConfidence') } : {}),
    // Diagnostics only (nothing is built from it): kept as it was stored.
    ...(v.mirrorCheck !== undefined ? { mirrorCheck: v.mirrorCheck as MirrorCheck } : {}),
  };
  return out;
}
