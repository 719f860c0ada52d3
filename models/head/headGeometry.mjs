// The Mouthpiece head, as plain arrays: a stylised head built on the
// 468-point face-mesh topology (faceMeshTopology.mjs), with a procedural
// neutral shape, a lofted skull, a neck, eyeballs on eye nodes, teeth, a
// tongue and a mouth cavity, and the 52 ARKit morph targets authored as
// region displacements. Pure and deterministic: buildHead.mjs writes it to
// a GLB; test/unit/headGeometry.test.ts gates every target on geometry.
//
// Frame: metres, +X the character's left, +Y up, +Z out of the face (the
// Frame convention of src/api/Frame.ts). Positions here are in the head's
// space (origin at the nose tip's height on the face's axis); buildHead
// puts them under a "Head" node.

const UV_CENTRE_V = 0.547; // the nose tip's v
const V_SCALE = 0.21; // metres per UV unit, vertically
const WRAP = (200 * Math.PI) / 180 / 0.985; // radians per UV unit around the head (u spans 0.985)
const RADIUS = 0.078; // face cylinder radius

/** The 52 ARKit names in ARKit order (same as src/api/blendshapeNames.ts; the test checks). */
export const ARKIT = [
  'eyeBlinkLeft', 'eyeLookDownLeft', 'eyeLookInLeft', 'eyeLookOutLeft', 'eyeLookUpLeft', 'eyeSquintLeft', 'eyeWideLeft',
  'eyeBlinkRight', 'eyeLookDownRight', 'eyeLookInRight', 'eyeLookOutRight', 'eyeLookUpRight', 'eyeSquintRight', 'eyeWideRight',
  'jawForward', 'jawLeft', 'jawRight', 'jawOpen',
  'mouthClose', 'mouthFunnel', 'mouthPucker', 'mouthLeft', 'mouthRight', 'mouthSmileLeft', 'mouthSmileRight',
  'mouthFrownLeft', 'mouthFrownRight', 'mouthDimpleLeft', 'mouthDimpleRight', 'mouthStretchLeft', 'mouthStretchRight',
  'mouthRollLower', 'mouthRollUpper', 'mouthShrugLower', 'mouthShrugUpper', 'mouthPressLeft', 'mouthPressRight',
  'mouthLowerDownLeft', 'mouthLowerDownRight', 'mouthUpperUpLeft', 'mouthUpperUpRight',
  'browDownLeft', 'browDownRight', 'browInnerUp', 'browOuterUpLeft', 'browOuterUpRight',
  'cheekPuff', 'cheekSquintLeft', 'cheekSquintRight', 'noseSneerLeft', 'noseSneerRight', 'tongueOut',
];

const smoothstep = (e0, e1, x) => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};
/** Raised-cosine falloff: 1 at d = 0, 0 from d = r on. */
const fall = (d, r) => (d >= r ? 0 : 0.5 * (1 + Math.cos((Math.PI * d) / r)));
const gauss = (dx, dy, sx, sy) => Math.exp(-(dx * dx) / (2 * sx * sx) - (dy * dy) / (2 * sy * sy));

/** Face vertex position from its UV: wrapped around a cylinder, then shaped. */
function facePoint(u, v, A) {
  const th = (u - 0.5) * WRAP;
  const x = RADIUS * Math.sin(th);
  const y = -(v - UV_CENTRE_V) * V_SCALE;
  let z = RADIUS * Math.cos(th) - RADIUS;
  // The forehead and the chin recede from the face's front plane.
  z -= y > 0 ? 1.8 * y * y : 1.4 * y * y;
  // Nose: a ridge from between the eyes (y ~ 0.037) to the tip (y = 0), narrow in x.
  const ridge = y >= 0 ? (y <= 0.04 ? 0.024 - 0.016 * (y / 0.04) : 0.008 * Math.exp(-((y - 0.04) ** 2) / (2 * 0.006 ** 2))) : 0.024 * Math.exp(-(y * y) / (2 * 0.007 ** 2));
  z += ridge * Math.exp(-(x * x) / (2 * (y >= 0 ? 0.007 : 0.011) ** 2));
  // Nostril wings.
  z += 0.008 * (gauss(x - 0.013, y + 0.006, 0.006, 0.005) + gauss(x + 0.013, y + 0.006, 0.006, 0.005));
  // Eye sockets, brow ridge, cheekbones, lips, chin.
  for (const ex of [A.eyeX, -A.eyeX]) z -= 0.011 * gauss(x - ex, y - A.eyeY, 0.014, 0.011);
  z += 0.005 * gauss(0, y - (A.eyeY + 0.017), 1, 0.008) * Math.exp(-(x * x) / (2 * 0.05 ** 2));
  for (const cx of [0.04, -0.04]) z += 0.005 * gauss(x - cx, y + 0.005, 0.015, 0.014);
  z += 0.007 * gauss(x, y - A.mouthY, 0.022, 0.011);
  z += 0.006 * gauss(x, y + 0.075, 0.016, 0.012);
  return [x, y, z];
}

function centroid(P, ids) {
  const c = [0, 0, 0];
  for (const i of ids) for (let k = 0; k < 3; k++) c[k] += P[i * 3 + k] / ids.length;
  return c;
}

/**
 * Builds the head.
 *
 * @param {{ TRI468: number[], UV468: [number, number][], meshAnnotations: Record<string, number[]> }} topo
 * @returns {{ meshes: HeadMesh[], nodes: Record<string, number[]>, landmarks: Record<string, unknown> }}
 *
 * @typedef {{ name: string, parent: string, positions: Float32Array, indices: Uint32Array, colors: Float32Array,
 *   morphs: Map<string, Float32Array>, uvs?: Float32Array, doubleSided?: boolean }} HeadMesh
 */
export function buildHead(topo) {
  const { TRI468, UV468, meshAnnotations: M } = topo;
  // Anchors from the UV map (before shaping, so the shape can use them).
  const uvY = (i) => -(UV468[i][1] - UV_CENTRE_V) * V_SCALE;
  const eyeIds = { left: [...M.leftEyeUpper0, ...M.leftEyeLower0], right: [...M.rightEyeUpper0, ...M.rightEyeLower0] };
  const eyeU = eyeIds.left.reduce((s, i) => s + UV468[i][0], 0) / eyeIds.left.length;
  const A = {
    eyeX: RADIUS * Math.sin((eyeU - 0.5) * WRAP),
    eyeY: eyeIds.left.reduce((s, i) => s + uvY(i), 0) / eyeIds.left.length,
    mouthY: (uvY(13) + uvY(14)) / 2,
  };

  // -- the face ---------------------------------------------------------------------------------------
  const N = 468;
  const P = new Float32Array(N * 3);
  for (let i = 0; i < N; i++) P.set(facePoint(UV468[i][0], UV468[i][1], A), i * 3);
  // Close the mouth at rest: each upper inner-lip point and the lower one nearest in x meet at their mean
  // (the UV map leaves them ~0.6 mm apart), so the lips touch in silence.
  for (const u of M.lipsUpperInner) {
    let best = -1;
    for (const l of M.lipsLowerInner) if (best < 0 || Math.abs(P[l * 3] - P[u * 3]) < Math.abs(P[best * 3] - P[u * 3])) best = l;
    for (const k of [1, 2]) {
      const m = (P[u * 3 + k] + P[best * 3 + k]) / 2;
      P[u * 3 + k] = m;
      P[best * 3 + k] = m;
    }
  }
  // Open the eyes: drop the triangles lying inside each eye's lid contour.
  const inEye = [new Set(eyeIds.left), new Set(eyeIds.right)];
  const tris = [];
  for (let t = 0; t < TRI468.length; t += 3) {
    const tri = [TRI468[t], TRI468[t + 1], TRI468[t + 2]];
    if (inEye.some((s) => tri.every((v) => s.has(v)))) continue;
    tris.push(...tri);
  }
  const set = (...names) => new Set(names.flatMap((n) => M[n]));
  // The corners on the mouth line, which follow the jaw half way. (The upper-lip points just above them,
  // 183/184 and 407/408, belong to the upper lip: dropped with the corner, they fell below the inner lip
  // line beside them and folded the upper lip over at the corner.)
  const CORNERS = new Set([61, 291, 78, 308, 62, 292, 76, 306]);
  const UPPER = [...set('lipsUpperOuter', 'lipsUpperInner', 'lipsUpperSemiOuter', 'lipsUpperSemiInner')].filter((i) => !CORNERS.has(i));
  const LOWER = [...set('lipsLowerOuter', 'lipsLowerInner', 'lipsLowerSemiOuter', 'lipsLowerSemiInner')].filter((i) => !CORNERS.has(i));
  // The outer rows (the red of the lips away from the mouth line): pressing and shrugging move these, so
  // the closed inner lines never cross.
  const OUTER_UPPER = new Set([...set('lipsUpperOuter', 'lipsUpperSemiOuter')].filter((i) => !CORNERS.has(i)));
  const OUTER_LOWER = new Set([...set('lipsLowerOuter', 'lipsLowerSemiOuter')].filter((i) => !CORNERS.has(i)));
  const upperSet = new Set(UPPER);
  const lowerSet = new Set(LOWER);
  const lipSet = new Set([...UPPER, ...LOWER, ...CORNERS]);
  const mouthCentre = centroid(P, [13, 14]);
  const corner = { left: centroid(P, [291]), right: centroid(P, [61]) };
  const eyeCentre = { left: centroid(P, eyeIds.left), right: centroid(P, eyeIds.right) };

  // -- the skull: lofted from the face's silhouette to the back of the head -----------------------------
  const C = [0, 0.012, -0.088];
  const R = [0.079, 0.112, 0.1];
  const sil = M.silhouette;
  const RINGS = 10;
  const skullP = [];
  const skullTri = [];
  const norm = (v) => {
    const l = Math.hypot(...v);
    return v.map((c) => c / l);
  };
  for (let k = 0; k < RINGS; k++) {
    const t = k / RINGS;
    for (const i of sil) {
      const s = [P[i * 3], P[i * 3 + 1], P[i * 3 + 2]];
      const d0 = [(s[0] - C[0]) / R[0], (s[1] - C[1]) / R[1], (s[2] - C[2]) / R[2]];
      const r0 = Math.hypot(...d0);
      const n0 = d0.map((c) => c / r0);
      // Slerp from the silhouette's direction to the back pole (0, 0, -1).
      const om = Math.acos(Math.max(-1, Math.min(1, -n0[2])));
      const a = Math.sin((1 - t) * om) / Math.sin(om);
      const b = Math.sin(t * om) / Math.sin(om);
      const dir = norm([a * n0[0], a * n0[1], a * n0[2] - b]);
      const r = r0 + (1 - r0) * smoothstep(0, 0.35, t);
      skullP.push(C[0] + R[0] * dir[0] * r, C[1] + R[1] * dir[1] * r, C[2] + R[2] * dir[2] * r);
    }
  }
  const pole = skullP.length / 3;
  skullP.push(C[0], C[1], C[2] - R[2]);
  const L = sil.length;
  for (let k = 0; k < RINGS - 1; k++) {
    for (let j = 0; j < L; j++) {
      const a = k * L + j, b = k * L + ((j + 1) % L), c = (k + 1) * L + j, d = (k + 1) * L + ((j + 1) % L);
      skullTri.push(a, c, b, b, c, d);
    }
  }
  for (let j = 0; j < L; j++) skullTri.push((RINGS - 1) * L + j, pole, (RINGS - 1) * L + ((j + 1) % L));

  // -- jaw: a hinge near the ears; weight by height below the mouth line, fading to the back ------------
  // jawOpen 1 is ARKit's widest opening: a person's maximal opening is 40-50 mm between the incisors.
  // Before, 17 degrees about a hinge 80 mm behind the face opened the lips 23 mm at 1, and the widest
  // mouth of the head and of the photo avatar read back in MediaPipe like a talking one (jawOpen 0.06
  // and 0.14). Now 26 degrees about a hinge 95 mm back (the condyle sits about that far behind the
  // lips) plus the condyle's forward glide on a wide opening (25 mm at 1; a pure hinge swings the chin
  // back more than down, which from the front hardly lengthens the face): at 1 the lower lip drops
  // 40 mm and the chin 29 mm.
  const PIVOT = [0, 0.012, -0.095];
  const JAW_ANGLE = 0.45;
  const JAW_GLIDE = 0.025;
  // The lower lip follows the jaw fully at the middle and half at the corners: a lower lip dropped whole
  // beside a half-dropped corner fell below the chin skin under it and folded there (146/43/91).
  const lowerLipJaw = (p) => 0.5 + 0.5 * smoothstep(0, 0.012, Math.abs(corner.right[0]) - Math.abs(p[0]));
  const jawWeight = (p, i, isFace, rigid) => {
    if (rigid) return 1; // lower teeth, tongue: carried whole by the jaw
    if (isFace && upperSet.has(i)) return 0;
    if (isFace && lowerSet.has(i)) return lowerLipJaw(p);
    if (isFace && CORNERS.has(i)) return 0.5;
    return smoothstep(mouthCentre[1] + 0.004, mouthCentre[1] - 0.014, p[1]) * smoothstep(-0.14, -0.095, p[2]);
  };
  const rotateX = (p, ang) => {
    const y = p[1] - PIVOT[1], z = p[2] - PIVOT[2];
    const c = Math.cos(ang), s = Math.sin(ang);
    return [p[0], PIVOT[1] + c * y - s * z, PIVOT[2] + s * y + c * z];
  };
  const jawOpenDelta = (p, w) => {
    const q = rotateX(p, JAW_ANGLE); // about +X: the chin (below and in front of the hinge) goes down and back
    return [0, (q[1] - p[1]) * w, (q[2] - p[2] + JAW_GLIDE) * w];
  };

  // -- morph authoring ---------------------------------------------------------------------------------
  // Each target: (p, i, isFace, side) -> delta [dx, dy, dz]; `side` mirrors left-authored rules.
  const near = (p, c, r) => fall(Math.hypot(p[0] - c[0], p[1] - c[1], (p[2] - c[2]) * 0.5), r);
  const lip = (i, isFace) => isFace && lipSet.has(i);
  const lidRules = buildLidRules(P, M);
  const face = (fn) => (p, i, isFace, mirror) => (isFace ? fn(p, i, mirror) : [0, 0, 0]);
  /** Authored for the character's left (+X); `sx` = +1 left, -1 right. */
  const sided = (fn) => ({ left: (p, i, f) => fn(p, i, f, 1), right: (p, i, f) => fn(p, i, f, -1) });
  const cornerOf = (sx) => (sx > 0 ? corner.left : corner.right);
  const eyeOf = (sx) => (sx > 0 ? eyeCentre.left : eyeCentre.right);
  const browIds = (sx) => (sx > 0 ? [...M.leftEyebrowUpper, ...M.leftEyebrowLower] : [...M.rightEyebrowUpper, ...M.rightEyebrowLower]);
  const browSet = { 1: new Set(browIds(1)), [-1]: new Set(browIds(-1)) };
  const browCentre = { 1: centroid(P, browIds(1)), [-1]: centroid(P, browIds(-1)) };
  // Distance-weighted region around the brows (falls off from the brow points).
  const browRegion = (p, sx) => near(p, browCentre[sx], 0.035);
  const sideOf = (p) => (p[0] >= 0 ? 1 : -1);
  const mouthRegion = (p, r = 0.03) => near(p, mouthCentre, r);
  const lipWeight = (p, i, isFace) => (lip(i, isFace) ? 1 : 0.6 * mouthRegion(p, 0.022));

  const T = {};
  // A wide-open mouth also narrows: the lips stretch over the opening and draw the corners in (8 mm each
  // at jawOpen 1, fading over 30 mm around each corner and out above the mouth line; the mouth 63 -> 47 mm
  // wide). Without it the corners stayed put while the lower lip dropped, the shape of a lower lip pulled
  // down, and MediaPipe read a photo avatar's widest mouth as mouthLowerDown 0.70 and jawOpen 0.33; with
  // it 0.61 and 0.37 (mean of 8 portraits; the head alone, whose chin MediaPipe follows poorly, stays at 0.29).
  const JAW_NARROW = 0.008;
  const jawNarrowX = (p) =>
    -Math.sign(p[0]) * JAW_NARROW * near(p, p[0] >= 0 ? corner.left : corner.right, 0.03) * smoothstep(mouthCentre[1] + 0.006, mouthCentre[1], p[1]);
  T.jawOpen = (p, i, f, r) => {
    const d = jawOpenDelta(p, jawWeight(p, i, f, r));
    if (f) d[0] += jawNarrowX(p);
    return d;
  };
  T.jawForward = (p, i, f, r) => [0, 0, 0.008 * jawWeight(p, i, f, r)];
  T.jawLeft = (p, i, f, r) => [0.008 * jawWeight(p, i, f, r), 0, 0];
  T.jawRight = (p, i, f, r) => [-0.008 * jawWeight(p, i, f, r), 0, 0];
  // Lips only: undoes the jaw's opening of the lips (used with jawOpen for closed-lip jaw motion).
  T.mouthClose = face((p, i) => {
    const w = lowerSet.has(i) ? lowerLipJaw(p) : CORNERS.has(i) ? 0.5 : 0.5 * mouthRegion(p, 0.02) * smoothstep(mouthCentre[1], mouthCentre[1] - 0.01, p[1]);
    const d = jawOpenDelta(p, 1);
    // Lips closed over an open jaw are not stretched open: undo the narrowing too, on the mouth (the lips lie
    // within 35 mm of its centre) and not beyond 55 mm, so mouthClose stays a mouth target.
    const un = smoothstep(0.055, 0.045, Math.hypot(p[0] - mouthCentre[0], p[1] - mouthCentre[1], p[2] - mouthCentre[2]));
    return [-jawNarrowX(p) * un, -d[1] * w, -d[2] * w];
  });
  T.mouthFunnel = face((p, i) => {
    const w = lipWeight(p, i, true);
    const up = upperSet.has(i) ? 1 : lowerSet.has(i) ? -1 : 0;
    return [-(p[0] - mouthCentre[0]) * 0.15 * w, 0.004 * up * w, 0.008 * w];
  });
  T.mouthPucker = face((p, i) => {
    const w = lipWeight(p, i, true);
    return [-(p[0] - mouthCentre[0]) * 0.45 * w, -(p[1] - mouthCentre[1]) * 0.2 * w, 0.012 * w];
  });
  T.mouthLeft = face((p) => [0.01 * mouthRegion(p, 0.04), 0, 0]);
  T.mouthRight = face((p) => [-0.01 * mouthRegion(p, 0.04), 0, 0]);
  const cornerRule = (dx, dy, dz, r = 0.028) => sided((p, i, f, sx) => {
    if (!f) return [0, 0, 0];
    const w = near(p, cornerOf(sx), r) * smoothstep(-0.004, 0.012, p[0] * sx);
    return [dx * sx * w, dy * w, dz * w];
  });
  const smile = cornerRule(0.006, 0.008, -0.002, 0.032);
  const frown = cornerRule(0.001, -0.007, 0);
  const dimple = cornerRule(0.004, 0.001, -0.004);
  const stretch = cornerRule(0.008, -0.003, -0.001);
  const lipSide = (sx, p) => smoothstep(-0.01, 0.02, p[0] * sx);
  // Lip-row motions fade to nothing at the mouth corners, which stay put: a row moved whole slid past the
  // corner points beside it and folded the skin there.
  const lipTaper = (p) => smoothstep(0, 0.012, Math.abs(corner.right[0]) - Math.abs(p[0]));
  // Pressed lips thin out: the outer rows move towards the closed mouth line.
  const press = sided((p, i, f, sx) => {
    if (!(f && (OUTER_UPPER.has(i) || OUTER_LOWER.has(i)))) return [0, 0, 0];
    const w = lipSide(sx, p) * lipTaper(p);
    return [0, (OUTER_UPPER.has(i) ? -0.0025 : 0.0025) * w, -0.001 * w];
  });
  const lowerDown = sided((p, i, f, sx) => (f && (lowerSet.has(i) || (!upperSet.has(i) && mouthRegion(p, 0.02) > 0 && p[1] < mouthCentre[1])) ? [0, -0.007 * lipSide(sx, p) * (lowerSet.has(i) ? 1 : 0.5 * mouthRegion(p, 0.02)), 0.001 * lipSide(sx, p)] : [0, 0, 0]));
  const upperUp = sided((p, i, f, sx) => (f && (upperSet.has(i) || (!lowerSet.has(i) && mouthRegion(p, 0.02) > 0 && p[1] > mouthCentre[1])) ? [0, 0.006 * lipSide(sx, p) * (upperSet.has(i) ? 1 : 0.5 * mouthRegion(p, 0.02)), 0.001 * lipSide(sx, p)] : [0, 0, 0]));
  T.mouthRollLower = face((p, i) => (lowerSet.has(i) ? [0, 0.003 * lipTaper(p), -0.005 * lipTaper(p)] : [0, 0, 0]));
  T.mouthRollUpper = face((p, i) => (upperSet.has(i) ? [0, -0.003 * lipTaper(p), -0.005 * lipTaper(p)] : [0, 0, 0]));
  T.mouthShrugLower = face((p, i) => {
    // The lower lip's outer row and the chin push up; the inner line stays against the upper lip.
    const w = OUTER_LOWER.has(i) ? lipTaper(p) : lowerSet.has(i) ? 0 : p[1] < mouthCentre[1] - 0.004 ? 0.7 * near(p, [0, mouthCentre[1] - 0.03, mouthCentre[2]], 0.03) : 0;
    return [0, 0.004 * w, 0.002 * w];
  });
  T.mouthShrugUpper = face((p, i) => (upperSet.has(i) ? [0, 0.003 * lipTaper(p), 0.001 * lipTaper(p)] : [0, 0, 0]));
  const blink = sided((p, i, f, sx) => (f ? lidRules.blink(i, sx) : [0, 0, 0]));
  const squint = sided((p, i, f, sx) => (f ? lidRules.squint(i, sx) : [0, 0, 0]));
  const wide = sided((p, i, f, sx) => (f ? lidRules.wide(i, sx) : [0, 0, 0]));
  const lookUp = sided((p, i, f, sx) => (f ? lidRules.follow(i, sx, 0.0025) : [0, 0, 0]));
  const lookDown = sided((p, i, f, sx) => (f ? lidRules.follow(i, sx, -0.0025) : [0, 0, 0]));
  // Looking in/out: the lids drift a little with the cornea (ARKit's eyeLookIn/Out per eye).
  const lookSide = (dir) => sided((p, i, f, sx) => (f && lidRules.isLid(i, sx) ? [0.001 * dir * sx, 0, 0] : [0, 0, 0]));
  const lookIn = lookSide(-1);
  const lookOut = lookSide(1);
  const browDown = sided((p, i, f, sx) => {
    if (!f) return [0, 0, 0];
    const w = browSet[sx].has(i) ? 1 : browRegion(p, sx) * smoothstep(eyeOf(sx)[1], eyeOf(sx)[1] + 0.015, p[1]);
    return [-0.002 * sx * w, -0.005 * w, 0.001 * w];
  });
  const browOuter = sided((p, i, f, sx) => {
    if (!f) return [0, 0, 0];
    const outer = smoothstep(0.03, 0.055, p[0] * sx);
    const w = (browSet[sx].has(i) ? 1 : browRegion(p, sx) * smoothstep(eyeOf(sx)[1] + 0.004, eyeOf(sx)[1] + 0.02, p[1])) * outer;
    return [0, 0.008 * w, 0];
  });
  T.browInnerUp = face((p, i) => {
    const inner = 1 - smoothstep(0.012, 0.035, Math.abs(p[0]));
    const s = sideOf(p);
    const w = (browSet[s].has(i) ? 1 : browRegion(p, s) * smoothstep(eyeCentre.left[1] + 0.004, eyeCentre.left[1] + 0.02, p[1])) * inner;
    return [0, 0.008 * w, 0];
  });
  T.cheekPuff = face((p) => {
    const w = near(p, [0.042 * sideOf(p), mouthCentre[1] + 0.006, p[2]], 0.03) * smoothstep(0.015, 0.03, Math.abs(p[0]));
    return [0.008 * sideOf(p) * w, 0, 0.004 * w];
  });
  const cheekSquint = sided((p, i, f, sx) => {
    if (!f) return [0, 0, 0];
    const w = near(p, [0.038 * sx, eyeOf(sx)[1] - 0.022, p[2]], 0.022);
    return [0, 0.004 * w, 0.001 * w];
  });
  const sneer = sided((p, i, f, sx) => {
    if (!f) return [0, 0, 0];
    const w = near(p, [0.013 * sx, -0.002, p[2]], 0.016);
    return [0.001 * sx * w, 0.004 * w, 0.001 * w];
  });
  const pairs = { eyeBlink: blink, eyeSquint: squint, eyeWide: wide, eyeLookUp: lookUp, eyeLookDown: lookDown, eyeLookIn: lookIn, eyeLookOut: lookOut,
    mouthSmile: smile, mouthFrown: frown, mouthDimple: dimple, mouthStretch: stretch, mouthPress: press, mouthLowerDown: lowerDown, mouthUpperUp: upperUp,
    browDown, browOuterUp: browOuter, cheekSquint, noseSneer: sneer };
  for (const [stem, r] of Object.entries(pairs)) {
    T[`${stem}Left`] = r.left;
    T[`${stem}Right`] = r.right;
  }
  T.tongueOut = face((p, i) => (lowerSet.has(i) ? [0, -0.002, 0.001] : [0, 0, 0]));
  const missing = ARKIT.filter((n) => !T[n]);
  if (missing.length) throw new Error(`no rule for ${missing.join(', ')}`);

  const morphsFor = (positions, isFace, only, rigid = false) => {
    const out = new Map();
    const n = positions.length / 3;
    for (const name of only ?? ARKIT) {
      const d = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) {
        const p = [positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2]];
        const v = T[name](p, i, isFace, rigid);
        d[i * 3] = v[0];
        d[i * 3 + 1] = v[1];
        d[i * 3 + 2] = v[2];
      }
      out.set(name, d);
    }
    return out;
  };

  // -- colours -----------------------------------------------------------------------------------------
  const SKIN = [0.86, 0.64, 0.52];
  const LIP = [0.72, 0.36, 0.36];
  const HAIR = [0.16, 0.11, 0.08];
  const faceColors = new Float32Array(N * 3);
  for (let i = 0; i < N; i++) {
    const p = [P[i * 3], P[i * 3 + 1], P[i * 3 + 2]];
    const l = lipSet.has(i) ? 1 : 0.7 * mouthRegion(p, 0.012);
    const brow = Math.max(browSet[1].has(i) ? 0.8 : 0, browSet[-1].has(i) ? 0.8 : 0);
    for (let k = 0; k < 3; k++) faceColors[i * 3 + k] = (SKIN[k] * (1 - l) + LIP[k] * l) * (1 - brow) + HAIR[k] * brow;
  }
  const skull = new Float32Array(skullP);
  const skullColors = new Float32Array(skull.length);
  for (let i = 0; i < skull.length / 3; i++) {
    // Hair above the forehead and behind the ears' line; skin below.
    const y = skull[i * 3 + 1], z = skull[i * 3 + 2];
    const h = i < L ? 0 : smoothstep(0.07, 0.09, y) + (1 - smoothstep(0.07, 0.09, y)) * smoothstep(-0.11, -0.14, z) * smoothstep(-0.06, -0.02, y);
    for (let k = 0; k < 3; k++) skullColors[i * 3 + k] = SKIN[k] * (1 - Math.min(1, h)) + HAIR[k] * Math.min(1, h);
  }

  // -- eyes, mouth parts, neck --------------------------------------------------------------------------
  const EYE_R = 0.0115;
  const eyeball = (c) => ellipsoid(c, [EYE_R, EYE_R, EYE_R], 40, 28, (n) => {
    const a = Math.acos(Math.max(-1, Math.min(1, n[2]))); // angle from +Z
    return a < 0.2 ? [0.03, 0.02, 0.02] : a < 0.5 ? [0.28, 0.18, 0.1] : [0.95, 0.94, 0.92];
  });
  const lidZ = (ids) => ids.reduce((s, i) => s + P[i * 3 + 2], 0) / ids.length;
  // The eyeball's front sits 1 mm behind the lid contour, so a closed lid covers it.
  const eyeNode = (side) => [eyeCentre[side][0], eyeCentre[side][1], lidZ(eyeIds[side]) - EYE_R - 0.001];

  const inner = { up: centroid(P, M.lipsUpperInner), lo: centroid(P, M.lipsLowerInner) };
  const teethZ = mouthCentre[2] - 0.006;
  const upperTeeth = arcStrip(0.022, teethZ, inner.up[1] + 0.006, inner.up[1] - 0.0015, [0.96, 0.95, 0.9]);
  const lowerTeeth = arcStrip(0.02, teethZ - 0.002, inner.lo[1] + 0.004, inner.lo[1] - 0.007, [0.94, 0.93, 0.88]);
  const tongue = ellipsoid([0, inner.lo[1] - 0.006, mouthCentre[2] - 0.026], [0.017, 0.005, 0.022], 16, 10, [0.75, 0.32, 0.34]);
  // Only the back half: a front half would hide the teeth and the tongue.
  const cavity = ellipsoid([0, mouthCentre[1] - 0.006, mouthCentre[2] - 0.02], [0.024, 0.016, 0.024], 20, 12, [0.18, 0.05, 0.06], true, true);
  const tongueMorphs = morphsFor(tongue.positions, false, ['jawOpen', 'jawForward', 'jawLeft', 'jawRight'], true);
  tongueMorphs.set('tongueOut', constantDelta(tongue.positions, [0, 0.002, 0.03]));
  const neck = cylinder([0, -0.03, -0.092], 0.048, 0.052, 0.17, 24, SKIN);

  return {
    meshes: [
      { name: 'Face', parent: 'Head', positions: P, indices: new Uint32Array(tris), colors: faceColors, morphs: morphsFor(P, true),
        uvs: Float32Array.from(UV468.flat()) },
      { name: 'Skull', parent: 'Head', positions: skull, indices: new Uint32Array(skullTri), colors: skullColors,
        morphs: morphsFor(skull, false, ['jawOpen', 'jawForward', 'jawLeft', 'jawRight']) },
      { name: 'EyeLeft', parent: 'LeftEye', ...eyeball(eyeNode('left')), morphs: new Map() },
      { name: 'EyeRight', parent: 'RightEye', ...eyeball(eyeNode('right')), morphs: new Map() },
      { name: 'TeethUpper', parent: 'Head', ...upperTeeth, morphs: new Map(), doubleSided: true },
      { name: 'TeethLower', parent: 'Head', ...lowerTeeth, morphs: morphsFor(lowerTeeth.positions, false, ['jawOpen', 'jawForward', 'jawLeft', 'jawRight'], true), doubleSided: true },
      { name: 'Tongue', parent: 'Head', ...tongue, morphs: tongueMorphs },
      { name: 'MouthCavity', parent: 'Head', ...cavity, morphs: morphsFor(cavity.positions, false, ['jawOpen']), doubleSided: true },
      { name: 'NeckMesh', parent: 'Neck', ...neck, morphs: new Map() },
    ],
    // Node positions in the head's space; buildHead.mjs makes Neck -> Head -> eyes from them.
    nodes: { Neck: [0, -0.07, -0.09], Head: [0, -0.045, -0.085], LeftEye: eyeNode('left'), RightEye: eyeNode('right') },
    landmarks: { mouthCentre, corner, eyeCentre, eyeIds, upper: UPPER, lower: LOWER, lips: [...lipSet], brows: browIds, lidRules },
  };
}

/** Eyelid rules: each upper-lid point closes onto the lower lid at its x. */
function buildLidRules(P, M) {
  const rows = {
    1: { up0: M.leftEyeUpper0, up1: M.leftEyeUpper1, up2: M.leftEyeUpper2, lo0: M.leftEyeLower0, lo1: M.leftEyeLower1, lo2: M.leftEyeLower2 },
    [-1]: { up0: M.rightEyeUpper0, up1: M.rightEyeUpper1, up2: M.rightEyeUpper2, lo0: M.rightEyeLower0, lo1: M.rightEyeLower1, lo2: M.rightEyeLower2 },
  };
  const lowerYAt = (sx, x) => {
    // Interpolate the lower lid's height at x along its contour.
    const pts = rows[sx].lo0.map((i) => [P[i * 3], P[i * 3 + 1], P[i * 3 + 2]]).sort((a, b) => a[0] - b[0]);
    if (x <= pts[0][0]) return pts[0];
    for (let k = 1; k < pts.length; k++) {
      if (x <= pts[k][0]) {
        const t = (x - pts[k - 1][0]) / (pts[k][0] - pts[k - 1][0]);
        return [x, pts[k - 1][1] + t * (pts[k][1] - pts[k - 1][1]), pts[k - 1][2] + t * (pts[k][2] - pts[k - 1][2])];
      }
    }
    return pts[pts.length - 1];
  };
  const maps = {};
  for (const sx of [1, -1]) {
    const r = rows[sx];
    const lower0 = new Set(r.lo0);
    const m = new Map();
    // Upper lid rows close fully (row 0), most of the way (row 1), a little (row 2).
    for (const [ids, share] of [[r.up0, 1], [r.up1, 0.75], [r.up2, 0.3]]) {
      for (const i of ids) {
        if (lower0.has(i) || m.has(i)) continue; // the corners belong to both lids
        const target = lowerYAt(sx, P[i * 3]);
        m.set(i, [0, (target[1] + 0.0004 - P[i * 3 + 1]) * share, 0.0015 * share]);
      }
    }
    maps[sx] = { blink: m, upper: new Set([...r.up0, ...r.up1].filter((i) => !lower0.has(i))), lower: new Set([...r.lo0, ...r.lo1]), lid: new Set([...r.up0, ...r.up1, ...r.lo0, ...r.lo1]) };
  }
  return {
    blink: (i, sx) => maps[sx].blink.get(i) ?? [0, 0, 0],
    squint: (i, sx) => (maps[sx].lower.has(i) ? [0, 0.0018, 0.0004] : maps[sx].upper.has(i) ? [0, -0.0008, 0] : [0, 0, 0]),
    wide: (i, sx) => (maps[sx].upper.has(i) ? [0, 0.0022, 0.0004] : [0, 0, 0]),
    follow: (i, sx, dy) => (maps[sx].upper.has(i) ? [0, dy, 0] : maps[sx].lower.has(i) ? [0, dy * 0.4, 0] : [0, 0, 0]),
    isLid: (i, sx) => maps[sx].lid.has(i),
    upperIds: (sx) => [...maps[sx].upper],
    lowerIds: (sx) => rows[sx].lo0,
    closingIds: (sx) => [...maps[sx].blink.keys()],
  };
}

function constantDelta(positions, d) {
  const out = new Float32Array(positions.length);
  for (let i = 0; i < out.length; i += 3) out.set(d, i);
  return out;
}

/** A UV-sphere ellipsoid; `color` a constant or a function of the unit normal; `inward` flips the winding. */
function ellipsoid(c, rad, seg, rings, color, inward = false, backHalf = false) {
  const pos = [];
  const col = [];
  // A back half is an open surface: seg + 1 columns from +X round the back to -X.
  const cols = backHalf ? seg + 1 : seg;
  for (let a = 0; a <= rings; a++) {
    const th = (Math.PI * a) / rings;
    for (let b = 0; b < cols; b++) {
      const ph = backHalf ? Math.PI / 2 + (Math.PI * b) / seg : (2 * Math.PI * b) / seg;
      const n = [Math.sin(th) * Math.sin(ph), Math.cos(th), Math.sin(th) * Math.cos(ph)];
      pos.push(c[0] + rad[0] * n[0], c[1] + rad[1] * n[1], c[2] + rad[2] * n[2]);
      col.push(...(typeof color === 'function' ? color(n) : color));
    }
  }
  const idx = [];
  for (let a = 0; a < rings; a++) {
    for (let b = 0; b < seg; b++) {
      const next = backHalf ? b + 1 : (b + 1) % seg;
      const i0 = a * cols + b, i1 = a * cols + next, i2 = (a + 1) * cols + b, i3 = (a + 1) * cols + next;
      // At the poles a ring is one point: keep only the triangle with area.
      if (a > 0) idx.push(...(inward ? [i0, i1, i2] : [i0, i2, i1]));
      if (a < rings - 1) idx.push(...(inward ? [i1, i3, i2] : [i1, i2, i3]));
    }
  }
  return { positions: new Float32Array(pos), indices: new Uint32Array(idx), colors: new Float32Array(col) };
}

/** A curved strip (a row of teeth): arc of radius r about a centre behind the front at z0, from y0 down to y1. */
function arcStrip(r, z0, y0, y1, color) {
  const pos = [];
  const col = [];
  const SEG = 16;
  for (let k = 0; k <= SEG; k++) {
    const ph = (-70 + (140 * k) / SEG) * (Math.PI / 180);
    const x = r * Math.sin(ph), z = z0 - r + r * Math.cos(ph);
    pos.push(x, y0, z, x, y1, z);
    col.push(...color, ...color);
  }
  const idx = [];
  for (let k = 0; k < SEG; k++) {
    const a = 2 * k;
    idx.push(a, a + 1, a + 2, a + 2, a + 1, a + 3);
  }
  return { positions: new Float32Array(pos), indices: new Uint32Array(idx), colors: new Float32Array(col) };
}

/** An open elliptic cylinder along Y from the centre's y down by h. */
function cylinder(c, rx, rz, h, seg, color) {
  const pos = [];
  const col = [];
  for (const y of [c[1], c[1] - h]) {
    for (let b = 0; b < seg; b++) {
      const ph = (2 * Math.PI * b) / seg;
      pos.push(c[0] + rx * Math.sin(ph), y, c[2] + rz * Math.cos(ph));
      col.push(...color);
    }
  }
  const idx = [];
  for (let b = 0; b < seg; b++) {
    const a = b, n = (b + 1) % seg;
    idx.push(a, seg + a, n, n, seg + a, seg + n);
  }
  return { positions: new Float32Array(pos), indices: new Uint32Array(idx), colors: new Float32Array(col) };
}
