import { faceTemplate } from './faceTemplate.js';
import { PORTRAIT_POINT_COUNT } from './PortraitLandmarks.js';

let cached: Int32Array | null = null;
/** Points closer than this to the head's midline (metres) are their own mirror. */
const MIDLINE_M = 0.001;

/**
 * For each of the 478 landmarks, the landmark at its mirror image across
 * the face's midline (33 and 263 swap, a nose-tip point maps to itself),
 * so points found on a mirrored photo can be read as the photo's own. The
 * 468 mesh points are paired on the Mouthpiece head's neutral face (which
 * is symmetric: every point's mirror lies within 0.5 mm of another point,
 * the 28 midline points are their own, and the pairing is its own inverse); the two irises swap point for point
 * (468-472 with 473-477, the order the landmark model gives them on a
 * mirrored face, checked on the shared portraits).
 */
export function mirrorPointMap(): Int32Array {
  if (cached) return cached;
  const n = faceTemplate().neutral;
  const map = new Int32Array(PORTRAIT_POINT_COUNT);
  for (let i = 0; i < 468; i++) {
    // On the midline (28 points within 0.13 mm of it; the next is 2.5 mm off) a point is its own mirror.
    // Nearest-point pairing alone swapped the closed lips' inner midline points, which lie closer together.
    if (Math.abs(n[i * 3]) < MIDLINE_M) {
      map[i] = i;
      continue;
    }
    let best = i;
    let bestD = Infinity;
    for (let j = 0; j < 468; j++) {
      const d = (-n[i * 3] - n[j * 3]) ** 2 + (n[i * 3 + 1] - n[j * 3 + 1]) ** 2 + (n[i * 3 + 2] - n[j * 3 + 2]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    map[i] = best;
  }
  for (let k = 0; k < 5; k++) {
    map[468 + k] = 473 + k;
    map[473 + k] = 468 + k;
  }
  cached = map;
  return map;
}
