// Synthetic portrait landmarks for the photo tests: the Mouthpiece head's own
// neutral face placed in a 500x500 photo by a known pose and scale, so every
// expectation on the fit is exact.
import { headRotationMatrix } from '../../src/photo/deformPhotoMesh.js';
import { faceTemplate } from '../../src/photo/faceTemplate.js';

/** The head's neutral face as a detector would report it: pixels, y down, z smaller = nearer. */
export function syntheticFace(o: { yaw?: number; pitch?: number; roll?: number; pxPerM?: number; cx?: number; cy?: number } = {}): number[][] {
  const tpl = faceTemplate();
  const R = headRotationMatrix({ yaw: o.yaw ?? 0, pitch: o.pitch ?? 0, roll: o.roll ?? 0 });
  const s = o.pxPerM ?? 2400;
  const out: number[][] = [];
  const at = (p: number[]) => {
    const q = [0, 1, 2].map((r) => s * (R[r * 3] * p[0] + R[r * 3 + 1] * p[1] + R[r * 3 + 2] * p[2]));
    return [(o.cx ?? 250) + q[0], (o.cy ?? 250) - q[1], -q[2]];
  };
  for (let i = 0; i < 468; i++) out.push(at([tpl.neutral[i * 3], tpl.neutral[i * 3 + 1], tpl.neutral[i * 3 + 2]]));
  // Irises: centre of each lid contour, then four points 5.5 mm around it.
  for (const [up, lo] of [[tpl.groups.leftEyeUpper0, tpl.groups.leftEyeLower0], [tpl.groups.rightEyeUpper0, tpl.groups.rightEyeLower0]]) {
    const ids = [...up, ...lo];
    const c = [0, 1, 2].map((k) => ids.reduce((a, i) => a + tpl.neutral[i * 3 + k], 0) / ids.length);
    c[2] += 0.002;
    out.push(at(c));
    for (const [dx, dy] of [[0.0055, 0], [0, 0.0055], [-0.0055, 0], [0, -0.0055]]) out.push(at([c[0] + dx, c[1] + dy, c[2]]));
  }
  return out;
}

