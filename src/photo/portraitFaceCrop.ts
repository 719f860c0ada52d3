import { MouthpieceError } from '../api/MouthpieceError.js';
import type { PortraitLandmarks } from './PortraitLandmarks.js';

/** A rectangle in photo pixels (x right, y down), as `PhotoAvatar.fitCamera` takes it. */
export interface PhotoCrop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A crop around the portrait's face for `PhotoAvatar.fitCamera`: `margin`
 * outer-eye distances high (default 4.4: forehead to chin with some hair
 * and neck), `aspect` (width / height) wide, centred a little below the
 * eyes, and inside the photo (a photo too narrow or too short for that
 * crop gets a tighter one, so the view never shows past the photo's edge).
 */
export function portraitFaceCrop(landmarks: PortraitLandmarks, options: { aspect?: number; margin?: number } = {}): PhotoCrop {
  const aspect = options.aspect ?? 1;
  const margin = options.margin ?? 4.4;
  if (!(aspect > 0 && aspect < 100)) throw new MouthpieceError('INVALID_ARGUMENT', `aspect must be a positive width/height ratio, got ${options.aspect}`);
  if (!(margin > 0)) throw new MouthpieceError('INVALID_ARGUMENT', `margin must be positive, got ${options.margin}`);
  const { points: p, width: W, height: H, eyeDistance: e } = landmarks;
  // Outer eye corners (33, 263): their midpoint is stable under expression, unlike the mouth or chin.
  const eyeX = (p[33 * 3] + p[263 * 3]) / 2;
  const eyeY = (p[33 * 3 + 1] + p[263 * 3 + 1]) / 2;
  const height = Math.round(Math.min(H, W / aspect, e * margin));
  const width = Math.round(height * aspect);
  const place = (centre: number, size: number, limit: number) => Math.round(Math.max(0, Math.min(limit - size, centre - size / 2)));
  return { x: place(eyeX, width, W), y: place(eyeY + e * 0.35, height, H), width, height };
}
