import {
  BufferAttribute, BufferGeometry, DataTexture, DoubleSide, Matrix3, Mesh, MeshBasicMaterial, Object3D, PlaneGeometry,
  RGBAFormat, SRGBColorSpace, Texture, Vector3, type PerspectiveCamera,
} from 'three';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I, BLENDSHAPE_NAMES } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { mouthAperture } from '../api/mouthAperture.js';
import { buildPhotoMesh, type BuildPhotoMeshOptions } from './buildPhotoMesh.js';
import { cardHeadRotation } from './deformPhotoMesh.js';
import { detectSunglasses, type SunglassesReport } from './detectSunglasses.js';
import { FoldGuard } from './FoldGuard.js';
import type { PhotoMesh, PhotoMeshPart } from './PhotoMesh.js';
import type { PortraitLandmarks } from './PortraitLandmarks.js';
import { skinBrightness, skinSaturation } from './skinBrightness.js';
import { smoothstep } from './smoothstep.js';

/** Decoded photo pixels: RGB or RGBA bytes, top row first. */
export interface PhotoPixels {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** Options of {@link PhotoAvatar}. */
export interface PhotoAvatarOptions extends BuildPhotoMeshOptions {
  /**
   * Multiplies the frame's head translation (metres); 0 = off. Default 1.
   * (`brightness` and `saturation`, from the build options, are measured on the photo when it is given as
   * pixels; for an image element or bitmap they default to 1 unless set.)
   */
  headTranslation?: number;
  /** Eye rotation in radians for an eyeLook* weight of 1 (the iris shift is the eyeball radius times its sine). Default 25° (0.436), as `FaceRig`. */
  eyeLookAngle?: number;
  /**
   * The fitted mesh, built beforehand by `buildPhotoMesh` from these
   * landmarks: in a worker, say, so that its 50-200 ms (once per photo) do
   * not hold up the page. The build options above are then not used.
   * Default: built here.
   */
  mesh?: PhotoMesh;
  /**
   * Whether the eyes move: `'animate'` (blinks, squints, wide eyes, gaze and
   * the eyeLook* weights), `'still'` (all of those held at rest), or
   * `'auto'`: still when the photo, given as pixels, shows sunglasses
   * ({@link detectSunglasses}; the lids cannot be seen behind them, and
   * moving them would bend the lenses' picture), else animated. Default
   * `'auto'`.
   */
  eyes?: 'auto' | 'animate' | 'still';
  /**
   * Checks each frame on the CPU for a triangle of the face that its
   * weights, together, would turn over on screen, and eases the weights
   * other than the jaw just enough that none is ({@link FoldGuard}). Default
   * true.
   */
  foldGuard?: boolean;
}

const DEG = Math.PI / 180;
/** The weights held at rest when the eyes are still (PhotoAvatarOptions.eyes). */
const EYE_WEIGHTS = BLENDSHAPE_NAMES.flatMap((n, i) => (/^eye(Blink|Squint|Wide|Look)/.test(n) ? [i] : []));
/** The eye openings' parts (see partMesh: drawn before the face, plus a depth pass after it). */
const EYES = new Set(['eyeLeft', 'eyeRight']);
const VERTEX_HEAD = 'attribute float rigidity;\nuniform mat3 mpHeadRot;\nuniform vec3 mpHeadCentre;\nuniform vec3 mpHeadShift;\n';
// After the morph targets: each vertex follows the head's rotation about its pivot by its rigidity (1 on the
// face, fading to 0 where the warp meets the still background).
const VERTEX_TURN = '#include <morphtarget_vertex>\ntransformed += rigidity * (mpHeadRot * (transformed - mpHeadCentre) + mpHeadCentre + mpHeadShift - transformed);';

/**
 * One portrait as a talking face in any three.js scene: an `Object3D` that
 * takes the same frames as `FaceRig` (from the native engine, the browser
 * runtime, the teacher or recorded files) and renders them on the photo
 * with perspective head rotation, eyelids, irises and a synthesised mouth
 * interior. The photo is a card 1 unit high in the object's XY plane,
 * facing +Z; {@link fitCamera} sets a camera that sees it as the photo.
 *
 * Landmarks come from `detectPortrait` (browser) or
 * `createNodePortraitDetector` (Node), once per photo. The photo never
 * leaves the page or process. Call {@link setFrame} then {@link update}
 * once per rendered frame; {@link dispose} frees the GPU resources.
 *
 * @example
 * ```ts
 * const avatar = new PhotoAvatar(bitmap, landmarks);
 * scene.add(avatar);
 * avatar.fitCamera(camera);
 * // each frame: avatar.setFrame(frame); avatar.update(); renderer.render(scene, camera);
 * ```
 */
export class PhotoAvatar extends Object3D {
  /** The fitted geometry (plain arrays), e.g. to project vertices with `projectToPhoto`. */
  readonly photoMesh: PhotoMesh;
  private readonly texture: Texture;
  private readonly meshes = new Map<string, Mesh>();
  private readonly uniforms = { mpHeadRot: { value: new Matrix3() }, mpHeadCentre: { value: new Vector3() }, mpHeadShift: { value: new Vector3() } };
  private readonly weights = new Float32Array(BLENDSHAPE_COUNT);
  private readonly rot = new Float64Array(9);
  private readonly rotation0 = { pitch: 0, yaw: 0, roll: 0 };
  private readonly shift = { x: 0, y: 0, z: 0 };
  private readonly headTranslation: number;
  private readonly eyeLookAngle: number;
  private readonly gaze = { pitch: 0, yaw: 0 };
  private hasGaze = false;
  /** Whether the eyes are held at rest (see PhotoAvatarOptions.eyes). */
  readonly eyesStill: boolean;
  /** The sunglasses check of the photo ({@link detectSunglasses}), or null when the photo was not given as pixels. */
  readonly sunglasses: SunglassesReport | null;
  /** The face's fold check (PhotoAvatarOptions.foldGuard), or null when it is off. */
  private readonly foldGuard: FoldGuard | null;
  private easing = 1;
  private disposed = false;

  /**
   * @param photo - The portrait: decoded pixels (top row first), or anything three.js takes as a texture image (an image, canvas or ImageBitmap, upright).
   * @param landmarks - Its landmarks, in the same pixel size.
   */
  constructor(photo: PhotoPixels | TexImageSource, landmarks: PortraitLandmarks, options: PhotoAvatarOptions = {}) {
    super();
    this.name = 'PhotoAvatar';
    const size = 'data' in photo ? photo : { width: (photo as { width: number }).width, height: (photo as { height: number }).height };
    if (size.width !== landmarks.width || size.height !== landmarks.height) {
      throw new MouthpieceError('INVALID_ARGUMENT', `the photo is ${size.width}x${size.height} but the landmarks were found on a ${landmarks.width}x${landmarks.height} image`);
    }
    this.headTranslation = options.headTranslation ?? 1;
    this.eyeLookAngle = options.eyeLookAngle ?? 25 * DEG;
    if (!(this.headTranslation >= 0 && this.headTranslation <= 10)) throw new MouthpieceError('INVALID_ARGUMENT', `headTranslation must be in 0..10, got ${options.headTranslation}`);
    if (!(this.eyeLookAngle >= 0 && this.eyeLookAngle <= Math.PI / 2)) throw new MouthpieceError('INVALID_ARGUMENT', `eyeLookAngle must be in 0..π/2, got ${options.eyeLookAngle}`);
    const eyes = options.eyes ?? 'auto';
    if (!['auto', 'animate', 'still'].includes(eyes)) throw new MouthpieceError('INVALID_ARGUMENT', `eyes must be 'auto', 'animate' or 'still', got ${JSON.stringify(options.eyes)}`);
    let brightness = options.brightness;
    let saturation = options.saturation;
    if ('data' in photo) {
      this.texture = pixelsTexture(photo);
      brightness ??= skinBrightness(photo, landmarks);
      saturation ??= skinSaturation(photo, landmarks);
      this.sunglasses = detectSunglasses(photo, landmarks);
    } else {
      this.texture = new Texture(photo as TexImageSource);
      this.sunglasses = null;
    }
    this.eyesStill = eyes === 'still' || (eyes === 'auto' && !!this.sunglasses?.sunglasses);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.needsUpdate = true;
    if (options.mesh) {
      const m = options.mesh;
      if (m.width !== landmarks.width || m.height !== landmarks.height || !m.parts?.some((p) => p.name === 'face')) {
        throw new MouthpieceError('INVALID_ARGUMENT', `options.mesh is not a photo mesh of these landmarks (${m.width}x${m.height} with parts ${m.parts?.map((p) => p.name).join(', ')}; the landmarks are on a ${landmarks.width}x${landmarks.height} image)`);
      }
    }
    this.photoMesh = options.mesh ?? buildPhotoMesh(landmarks, { ...options, brightness, saturation });
    const m = this.photoMesh;
    this.uniforms.mpHeadCentre.value.set(...m.headCentre);
    this.foldGuard = options.foldGuard === false ? null : new FoldGuard(m, m.parts.find((p) => p.name === 'face')!);

    // The still photo behind everything: drawn first, writing no depth, so the face's warp region (which
    // meets it exactly at rest) never fights it.
    const aspect = m.width / m.height;
    const bg = new Mesh(new PlaneGeometry(aspect, 1), new MeshBasicMaterial({ map: this.texture, depthWrite: false, toneMapped: false }));
    bg.name = 'photoBackground';
    bg.renderOrder = -1;
    this.add(bg);
    this.meshes.set('background', bg);
    for (const part of m.parts) {
      const mesh = this.partMesh(part);
      this.add(mesh);
      this.meshes.set(part.name, mesh);
      if (EYES.has(part.name)) {
        // The opening's colour pass writes no depth (partMesh); this pass, after the face, writes only its
        // depth, so the rest of a scene is hidden behind the eyes as it is behind the face.
        const depth = this.partMesh(part, mesh.geometry);
        depth.name = `${part.name}Depth`;
        this.add(depth);
        this.meshes.set(depth.name, depth);
      }
    }
    this.update();
  }

  /** A part's mesh; with `depthOf`, an eye's depth-only pass over that (shared) geometry. */
  private partMesh(part: PhotoMeshPart, depthOf?: BufferGeometry): Mesh {
    const g = depthOf ?? this.partGeometry(part);
    const fill = part.name === 'mouthFill';
    // An eye opening is a hole in the face: whatever of the face covers it on screen (the lid's skin
    // sliding down in a blink) is in front of it, so its colour is drawn before the face without depth.
    const eye = EYES.has(part.name);
    const mat = new MeshBasicMaterial({
      map: part.uvs ? this.texture : null,
      vertexColors: !part.uvs,
      side: DoubleSide,
      toneMapped: false,
      transparent: fill,
      depthWrite: depthOf ? true : !fill && !eye,
      colorWrite: !depthOf,
    });
    mat.onBeforeCompile = (shader) => {
      Object.assign(shader.uniforms, this.uniforms);
      shader.vertexShader = VERTEX_HEAD + shader.vertexShader.replace('#include <morphtarget_vertex>', VERTEX_TURN);
    };
    mat.customProgramCacheKey = () => 'mouthpiece-photo-avatar';
    const mesh = new Mesh(g, mat);
    mesh.name = part.name;
    // The eye's colour after the still photo (-1) and before the face (0); its depth after the face.
    if (eye) mesh.renderOrder = depthOf ? 0.5 : -0.5;
    mesh.updateMorphTargets();
    // Morphs move vertices beyond the rest bounds; the card is small, never cull it.
    mesh.frustumCulled = false;
    return mesh;
  }

  private partGeometry(part: PhotoMeshPart): BufferGeometry {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(part.positions, 3));
    g.setAttribute('rigidity', new BufferAttribute(part.rigidity, 1));
    if (part.uvs) g.setAttribute('uv', new BufferAttribute(part.uvs, 2));
    if (part.colors) g.setAttribute('color', new BufferAttribute(part.colors, 3));
    g.setIndex(new BufferAttribute(part.indices, 1));
    g.morphAttributes.position = [...part.targets, ...(part.irisTargets ?? [])].map((t) => new BufferAttribute(t, 3));
    g.morphTargetsRelative = true;
    return g;
  }

  /** Sets the frame to show at the next {@link update}. Copies what it needs; does not allocate. */
  setFrame(frame: Frame): void {
    if (frame.weights.length !== BLENDSHAPE_COUNT) throw new MouthpieceError('INVALID_ARGUMENT', `frame.weights must have ${BLENDSHAPE_COUNT} entries, got ${frame.weights.length}`);
    this.weights.set(frame.weights);
    const r = frame.head.rotation;
    this.rotation0.pitch = r.pitch;
    this.rotation0.yaw = r.yaw;
    this.rotation0.roll = r.roll;
    const p = frame.head.position;
    this.shift.x = p.x;
    this.shift.y = p.y;
    this.shift.z = p.z;
    this.hasGaze = !!frame.gaze;
    if (frame.gaze) {
      this.gaze.pitch = frame.gaze.pitch;
      this.gaze.yaw = frame.gaze.yaw;
    }
  }

  /** The factor the last update's weights other than the jaw were scaled by to keep the face from folding (1: they were not; see PhotoAvatarOptions.foldGuard). */
  get lastEasing(): number {
    return this.easing;
  }

  /** Applies the last frame to the meshes and the head uniforms. */
  update(): void {
    if (this.disposed) return;
    const w = this.weights;
    const m = this.photoMesh;
    // mouthClose only ever closes what the jaw opened (more would push the lips through each other).
    w[I.mouthClose] = Math.min(w[I.mouthClose], w[I.jawOpen]);
    if (this.eyesStill) for (const t of EYE_WEIGHTS) w[t] = 0;
    this.easing = this.foldGuard ? this.foldGuard.ease(w, this.rotation0) : 1;
    const a = this.eyeLookAngle;
    let yawL = (w[I.eyeLookOutLeft] - w[I.eyeLookInLeft]) * a;
    let yawR = (w[I.eyeLookInRight] - w[I.eyeLookOutRight]) * a;
    let upL = (w[I.eyeLookUpLeft] - w[I.eyeLookDownLeft]) * a;
    let upR = (w[I.eyeLookUpRight] - w[I.eyeLookDownRight]) * a;
    if (this.hasGaze && !this.eyesStill) {
      // Gaze wins over the eyeLook* weights (see Frame); positive pitch looks down.
      yawL = yawR = this.gaze.yaw;
      upL = upR = -this.gaze.pitch;
    }
    for (const [name, mesh] of this.meshes) {
      const inf = mesh.morphTargetInfluences;
      if (!inf) continue;
      for (let t = 0; t < BLENDSHAPE_COUNT; t++) inf[t] = w[t];
      if (name.startsWith('eye')) {
        const left = name.startsWith('eyeLeft');
        const open = 1 - (left ? w[I.eyeBlinkLeft] : w[I.eyeBlinkRight]);
        inf[BLENDSHAPE_COUNT] = Math.sin(left ? yawL : yawR) * open;
        inf[BLENDSHAPE_COUNT + 1] = Math.sin(left ? upL : upR) * open;
      }
    }
    const fill = this.meshes.get('mouthFill')!.material as MeshBasicMaterial;
    // The photo's own mouth shows at rest and fades as the lips part onto the synthesised interior.
    fill.opacity = 1 - smoothstep(0.02, 0.15, mouthAperture(w));
    fill.visible = fill.opacity > 0.001;
    const R = cardHeadRotation(m, this.rotation0, this.rot);
    this.uniforms.mpHeadRot.value.set(R[0], R[1], R[2], R[3], R[4], R[5], R[6], R[7], R[8]);
    const k = this.headTranslation * m.scale;
    const R0 = m.rotation;
    const s = this.shift;
    this.uniforms.mpHeadShift.value.set(
      k * (R0[0] * s.x + R0[1] * s.y + R0[2] * s.z),
      k * (R0[3] * s.x + R0[4] * s.y + R0[5] * s.z),
      k * (R0[6] * s.x + R0[7] * s.y + R0[8] * s.z),
    );
  }

  /**
   * Points a perspective camera at the card so that, at rest, it shows the
   * photo as it is (or the `crop` rectangle of it, in photo pixels, via a
   * view offset). Assumes the avatar is not rotated in the scene.
   */
  fitCamera(camera: PerspectiveCamera, crop?: { x: number; y: number; width: number; height: number }): void {
    const m = this.photoMesh;
    camera.fov = (m.viewFov * 180) / Math.PI;
    camera.aspect = m.width / m.height;
    this.updateWorldMatrix(true, false);
    camera.position.copy(this.localToWorld(new Vector3(0, 0, m.viewDistance)));
    camera.quaternion.copy(this.getWorldQuaternion(camera.quaternion));
    if (crop) camera.setViewOffset(m.width, m.height, crop.x, crop.y, crop.width, crop.height);
    else camera.clearViewOffset();
    camera.near = m.viewDistance * 0.1;
    camera.far = m.viewDistance * 10;
    camera.updateProjectionMatrix();
  }

  /** Frees the geometries, materials and the photo texture. Idempotent. */
  override dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    super.dispose();
    // An eye's depth pass shares its colour pass's geometry: free each once.
    const geometries = new Set<BufferGeometry>();
    for (const mesh of this.meshes.values()) {
      geometries.add(mesh.geometry);
      (mesh.material as MeshBasicMaterial).dispose();
    }
    for (const g of geometries) g.dispose();
    this.texture.dispose();
    this.removeFromParent();
  }
}

/** Pixels (top row first) as an RGBA texture whose rows run bottom-up, as WebGL samples them. */
function pixelsTexture(p: PhotoPixels): DataTexture {
  const { width: W, height: H, data } = p;
  const ch = data.length / (W * H);
  if (ch !== 3 && ch !== 4) throw new MouthpieceError('BAD_IMAGE', `expected ${W}x${H} RGB or RGBA pixels, got ${data.length} bytes`);
  const out = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const s = (y * W + x) * ch;
      const d = ((H - 1 - y) * W + x) * 4;
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
      out[d + 3] = 255;
    }
  }
  const t = new DataTexture(out, W, H, RGBAFormat);
  t.generateMipmaps = false;
  return t;
}
