import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { assertWeights } from '../api/mouthAperture.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { BlinkLayer, type BlinkOptions } from './BlinkLayer.js';
import { BrowLayer, type BrowOptions } from './BrowLayer.js';
import { checkNumber } from './checkNumber.js';
import { EmotionLayer, type EmotionLayerOptions } from './EmotionLayer.js';
import { GazeLayer, type GazeOptions } from './GazeLayer.js';
import { IdleHeadLayer, type IdleHeadOptions } from './IdleHeadLayer.js';
import { SpeechActivity, type SpeechActivityOptions } from './SpeechActivity.js';

/** Options of {@link AnimationLayers}. Pass `false` for a layer to switch it off. */
export interface AnimationLayersOptions {
  /** Seed of the performance: the same seed replays it exactly, another gives a different one. Integer; default 1. */
  seed?: number;
  /** How speech is read from the frames. Default: see {@link SpeechActivity}. */
  speech?: SpeechActivityOptions;
  /** Blinks. Default on, see {@link BlinkLayer}. */
  blink?: BlinkOptions | false;
  /** Fixations, saccades, looking away. Default on, see {@link GazeLayer}. */
  gaze?: GazeOptions | false;
  /** Idle head drift and breathing. Default on, see {@link IdleHeadLayer}. */
  idle?: IdleHeadOptions | false;
  /** Extra brow raises on accents. Default on, see {@link BrowLayer}. */
  brows?: BrowOptions | false;
  /**
   * Emotion offsets for frames that carry no emotion (recorded or text-timed
   * frames, an unconditioned model), see {@link EmotionLayer}. Default off:
   * frames of a model conditioned on emotion already show it.
   */
  emotion?: EmotionLayerOptions | false;
  /** Time constant in seconds with which {@link AnimationLayers.relax} lets the last frame go to rest. Default 0.12. */
  relaxTime?: number;
}

/**
 * The run-time layers that make a face look alive on top of lip sync:
 * blinks, gaze (fixations, saccades, looking away), idle head drift with
 * breathing, and the random share of brow raises. They consume frames from
 * any source (the motion model, recorded frames, text-timed frames) and read
 * speech activity from the frames themselves, so they need no audio.
 *
 * "Set values, then update once per frame": pass each new frame to
 * {@link apply} with the seconds since the previous one; it writes into the
 * frame in place (eyeBlink*, eyeLook* and `gaze`, head rotation and
 * position, browInnerUp/browOuterUp*). When the frames stop (speech cut off
 * mid-word, a stream ended), call {@link relax} on each rendered frame
 * instead: it lets the last frame glide to rest while the eyes and head
 * live on. Neither allocates (a frame without `gaze` gets one object
 * once; the event code that runs every second or so allocates a few numbers
 * until V8 has optimised it, within minutes of play).
 *
 * Seeded: every layer draws from its own stream derived from `seed`, so the
 * same seed and frames replay the same performance, and switching one layer
 * off leaves the others unchanged.
 *
 * @example
 * ```ts
 * const layers = new AnimationLayers({ seed: 7, brows: { share: 0.5 } });
 * layers.setGazeTarget(0, 0); // the camera, straight ahead
 * function tick(dt: number) {
 *   const frame = stream.latest; // or recorded frames, or text-timed ones
 *   if (frame) layers.apply(frame, dt);
 *   else layers.relax(restFrame, dt);
 *   rig.setFrame(frame ?? restFrame);
 *   rig.update(dt);
 * }
 * ```
 */
export class AnimationLayers {
  /** The speech reader the layers share (read `speaking`, `onset`, ... after a call). */
  readonly speech: SpeechActivity;
  /** The blink layer, or null when switched off. */
  readonly blink: BlinkLayer | null;
  /** The gaze layer, or null when switched off. */
  readonly gaze: GazeLayer | null;
  /** The idle head layer, or null when switched off. */
  readonly idle: IdleHeadLayer | null;
  /** The brow layer, or null when switched off. */
  readonly brows: BrowLayer | null;
  /** The emotion offsets, or null when off (the default). */
  emotion: EmotionLayer | null;
  private readonly relaxTime: number;
  // The latest input frame before any layer wrote into it: what relax() lets go to rest.
  private readonly lastWeights = new Float32Array(BLENDSHAPE_COUNT);
  // Head pitch, yaw, roll, then position x, y, z; then the frame's time.
  private readonly lastHead = new Float64Array(7);
  private lastFrame: Frame | null = null;

  /** @param options See {@link AnimationLayersOptions}. */
  constructor(options: AnimationLayersOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object for options but received ${String(options)}`);
    }
    const seed = checkNumber('options.seed', options.seed ?? 1, -Infinity, Infinity, true);
    this.relaxTime = checkNumber('options.relaxTime', options.relaxTime ?? 0.12, 0.001, 10);
    const layer = <T>(key: string, value: T | false | undefined): (T & { seed: number }) | null => {
      if (value === false) return null;
      if (value !== undefined && (value === null || typeof value !== 'object')) {
        throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object or false for options.${key} but received ${String(value)}`);
      }
      return { ...(value ?? ({} as T)), seed };
    };
    this.speech = new SpeechActivity(options.speech ?? {}, 'options.speech');
    const blink = layer('blink', options.blink);
    const gaze = layer('gaze', options.gaze);
    const idle = layer('idle', options.idle);
    const brows = layer('brows', options.brows);
    this.blink = blink && new BlinkLayer(this.speech, blink, 'options.blink');
    this.gaze = gaze && new GazeLayer(this.speech, gaze, 'options.gaze');
    this.idle = idle && new IdleHeadLayer(this.speech, idle, 'options.idle');
    this.brows = brows && new BrowLayer(this.speech, brows, 'options.brows');
    const emotion = options.emotion ?? false;
    if (emotion !== false && (emotion === null || typeof emotion !== 'object')) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object or false for options.emotion but received ${String(emotion)}`);
    }
    this.emotion = emotion === false ? null : new EmotionLayer(emotion);
  }

  /**
   * Sets the emotion shown by offsets (switching the emotion layer on if it
   * was off); it blends in over the layer's transition. Only for frames
   * without emotion of their own (see {@link EmotionLayer}).
   */
  setEmotion(emotion: EmotionLayerOptions['emotion'] & string, intensity = 1): void {
    if (!this.emotion) this.emotion = new EmotionLayer({ emotion: 'neutral' });
    this.emotion.set(emotion, intensity);
  }

  /** Whether the frames show speech now (see {@link SpeechActivity} for the rule). */
  get speaking(): boolean {
    return this.speech.speaking;
  }

  /**
   * Where the eyes should rest, relative to the head's rest orientation
   * (radians; positive yaw = the character's left, positive pitch = down),
   * e.g. the camera's direction. Default (0, 0).
   */
  setGazeTarget(yaw: number, pitch: number): void {
    this.gaze?.setTarget(yaw, pitch);
  }

  /**
   * Adds the layers to one frame, in place. Call once per frame with the
   * seconds since the previous call.
   *
   * @param frame A frame from the source. The layers add to its values, so the values must come from the
   *   source: passing the same frame object again with the same `time` (a render loop faster than the
   *   source) is recognised and starts again from the values it came with; a copy made after a call is not.
   * @param dt Seconds since the previous call; 0 is allowed.
   */
  apply(frame: Frame, dt: number): void {
    this.check(frame, dt);
    const r = frame.head.rotation;
    const p = frame.head.position;
    const h = this.lastHead;
    if (frame === this.lastFrame && frame.time === h[6]) {
      // The same frame again (a render loop faster than the source): start from its values as they came in,
      // or the head offsets would add up call after call.
      frame.weights.set(this.lastWeights);
      r.pitch = h[0]; r.yaw = h[1]; r.roll = h[2]; p.x = h[3]; p.y = h[4]; p.z = h[5];
    } else {
      this.lastWeights.set(frame.weights);
      h[0] = r.pitch; h[1] = r.yaw; h[2] = r.roll; h[3] = p.x; h[4] = p.y; h[5] = p.z; h[6] = frame.time;
      this.lastFrame = frame;
    }
    this.layer(frame, dt);
  }

  /**
   * When frames stop: writes into `frame` the last frame given to
   * {@link apply}, eased towards rest (weights and head pose to 0 with
   * time constant `relaxTime`), with the layers on top. The face settles
   * instead of snapping, and keeps blinking and breathing. `frame.time` is
   * left as it is.
   *
   * @param frame Any frame object to write into (e.g. one kept for the purpose).
   * @param dt Seconds since the previous call.
   */
  relax(frame: Frame, dt: number): void {
    this.check(frame, dt);
    const k = Math.exp(-dt / this.relaxTime);
    const w = this.lastWeights;
    const out = frame.weights;
    for (let i = 0; i < BLENDSHAPE_COUNT; i++) {
      w[i] *= k;
      out[i] = w[i];
    }
    const h = this.lastHead;
    for (let i = 0; i < 6; i++) h[i] *= k;
    this.lastFrame = null; // the frame written here holds layered values: never take it as a source frame
    const r = frame.head.rotation;
    const p = frame.head.position;
    r.pitch = h[0]; r.yaw = h[1]; r.roll = h[2]; p.x = h[3]; p.y = h[4]; p.z = h[5];
    this.layer(frame, dt);
  }

  /** Back to the start of the performance: eyes open, silence, every seeded stream restarted. */
  reset(): void {
    this.speech.reset();
    this.blink?.reset();
    this.gaze?.reset();
    this.idle?.reset();
    this.brows?.reset();
    this.emotion?.reset();
    this.lastWeights.fill(0);
    this.lastHead.fill(0);
    this.lastFrame = null;
  }

  private layer(frame: Frame, dt: number): void {
    if (this.emotion) {
      // Before the others: the brows and blinks add onto the expression, and the gaze sees the final head pitch.
      this.emotion.update(dt);
      this.emotion.write(frame);
    }
    this.speech.update(frame.weights, dt);
    // Head first: the gaze counter-rotates against the final head pose.
    if (this.idle) {
      this.idle.update(dt);
      this.idle.write(frame);
    }
    if (this.gaze) {
      this.gaze.update(dt);
      this.gaze.write(frame);
    }
    if (this.blink) {
      this.blink.update(dt);
      this.blink.write(frame.weights);
    }
    if (this.brows) {
      this.brows.update(dt);
      this.brows.write(frame.weights);
    }
  }

  // Once per call at the boundary; costs a few comparisons and allocates nothing unless it throws.
  private check(frame: Frame, dt: number): void {
    if (typeof dt !== 'number' || !(dt >= 0) || dt === Infinity) checkNumber('dt', dt, 0);
    if (frame === null || typeof frame !== 'object') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected a Frame for frame but received ${String(frame)}`);
    }
    assertWeights(frame.weights, 'frame.weights');
    const head = frame.head;
    const r = head?.rotation;
    const p = head?.position;
    if (
      !r || !p || !Number.isFinite(r.pitch) || !Number.isFinite(r.yaw) || !Number.isFinite(r.roll) ||
      !Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(p.z)
    ) {
      throw new MouthpieceError('INVALID_ARGUMENT', 'Expected finite { rotation: { pitch, yaw, roll }, position: { x, y, z } } for frame.head but received other values');
    }
  }
}
