import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { FrameBuffer } from '../react/FrameBuffer.js';
import { addCaptureModule, CAPTURE_PROCESSOR } from './captureWorklet.js';
import { heardTime } from './heardTime.js';
import type { WebMotionSession } from './WebMotionSession.js';

/** Options of {@link connectSpeech}. */
export interface ConnectSpeechOptions {
  /** The audio context the input lives in. Its sample rate must equal the session's. */
  context: BaseAudioContext;
  /**
   * The session that turns the audio into frames
   * (`createWebMotionSession({ sampleRate: context.sampleRate })`). It is
   * reset here: one input per session at a time.
   */
  session: WebMotionSession;
  /**
   * The speech: an `<audio>`/`<video>` element, a microphone (or any)
   * `MediaStream`, or any `AudioNode` (an `AudioBufferSourceNode`, a TTS
   * player's output). Element and node audio is played through the context;
   * a `MediaStream` is not (no echo of the microphone). Do not also connect
   * an AudioNode to the speakers yourself, or it plays twice.
   */
  input: HTMLMediaElement | MediaStream | AudioNode;
  /**
   * Plays the input through `context.destination`, delayed by
   * `syncDelayMs`. Default: true for elements and nodes, false for a MediaStream.
   */
  playback?: boolean;
  /**
   * How long the played sound is held back so the face can be on time: the
   * model needs its lookahead of audio beyond a frame before it can produce
   * that frame. Default: the session's lookahead plus 60 ms (chunking and
   * worker time). 0 plays at once and the lips trail the sound.
   */
  syncDelayMs?: number;
  /** PCM chunk sent to the session, ms. Default 10 (one model frame). */
  chunkMs?: number;
  /** Where frames are collected. Default: a new FrameBuffer (hold 0.1 s). */
  buffer?: FrameBuffer;
  /** Called with errors from the session (bad audio, a failed worker); the input keeps running. */
  onError?: (error: Error) => void;
}

/**
 * A live speech input: audio captured by an AudioWorklet, sent to a
 * {@link WebMotionSession}, frames collected in a {@link FrameBuffer} and
 * read back at the time the listener hears. Create with {@link connectSpeech}.
 */
export class SpeechInput {
  /** The frames produced so far, by stream time. */
  readonly buffer: FrameBuffer;
  /** Delay applied to the played sound, ms. */
  readonly syncDelayMs: number;
  /** Whether the input is played through the context. */
  readonly playback: boolean;
  /** Whether the input is live (a MediaStream): {@link frame} then shows the newest frame. */
  readonly live: boolean;
  private startFrame = -1;
  private samples = 0;
  private readonly nodes: AudioNode[];
  private readonly capture: AudioWorkletNode;
  private readonly source: AudioNode | null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  /** @internal Use {@link connectSpeech}. */
  constructor(
    private readonly context: BaseAudioContext,
    private readonly session: WebMotionSession,
    capture: AudioWorkletNode,
    nodes: AudioNode[],
    source: AudioNode | null,
    options: { buffer: FrameBuffer; syncDelayMs: number; playback: boolean; live: boolean; onError?: (e: Error) => void },
  ) {
    this.capture = capture;
    this.nodes = nodes;
    this.source = source;
    this.buffer = options.buffer;
    this.syncDelayMs = options.syncDelayMs;
    this.playback = options.playback;
    this.live = options.live;
    capture.port.onmessage = (e: MessageEvent<{ pcm: Float32Array; frame: number }>) => {
      if (this.stopped) return;
      if (this.startFrame < 0) this.startFrame = e.data.frame;
      this.samples += e.data.pcm.length;
      // Fired without awaiting: the session queues pushes, and replies come back in order.
      // Any failure (bad audio, a dead worker, frames out of order after someone reset the session) goes to
      // onError: never an unhandled rejection per chunk.
      const job = session
        .push(e.data.pcm)
        .then((frames) => this.buffer.push(frames))
        .catch((err: Error) => options.onError?.(err));
      this.chain = this.chain.then(() => job);
    };
  }

  /** Samples captured and sent so far. */
  get samplesSent(): number {
    return this.samples;
  }

  /** Context time (seconds) of the first captured sample, or null before the first chunk. */
  get startTime(): number | null {
    return this.startFrame < 0 ? null : this.startFrame / this.context.sampleRate;
  }

  /**
   * Stream seconds of the sound the listener hears now (what the face
   * should show): the context's heard time, minus the sync delay, minus the
   * start. Null before the first chunk.
   */
  clock(): number | null {
    const start = this.startTime;
    if (start === null) return null;
    return heardTime(this.context) - this.syncDelayMs / 1000 - start;
  }

  /**
   * The frame to show now: for played inputs, the frame at {@link clock};
   * for a live MediaStream (nothing to wait for), the newest frame while it
   * is recent. Null when there is none (the face relaxes).
   */
  frame(): Frame | null {
    const t = this.clock();
    if (t === null) return null;
    if (this.live) {
      const end = this.buffer.end;
      return end === null ? null : this.buffer.at(end);
    }
    return this.buffer.at(t);
  }

  /**
   * Same as {@link frame}: makes a SpeechInput a frame source for
   * `mouthpiece/react` (`<MouthpieceFace object={scene} buffer={speech} />`).
   */
  latest(): Frame | null {
    return this.frame();
  }

  /** Resolves once every chunk captured so far has come back as frames. */
  settled(): Promise<void> {
    return this.chain;
  }

  /**
   * Stops capturing, disconnects the nodes it made and flushes the session
   * (the last lookahead of frames). The session itself stays open (a later
   * {@link connectSpeech} resets it). An element whose only route to the
   * speakers was this input plays silently afterwards: the Web Audio API
   * keeps it in the graph.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.capture.port.postMessage('stop');
    this.capture.port.onmessage = null;
    // Our edges out of the source (the caller's node keeps its other connections), then our own nodes.
    for (const n of this.nodes) {
      try {
        this.source?.disconnect(n);
      } catch {
        // not connected to that node
      }
      n.disconnect();
    }
    await this.chain;
    this.buffer.push(await this.session.flush());
  }
}

const elementSources = new WeakMap<HTMLMediaElement, { context: BaseAudioContext; node: MediaElementAudioSourceNode }>();

function elementSource(context: AudioContext, element: HTMLMediaElement): MediaElementAudioSourceNode {
  const known = elementSources.get(element);
  if (known) {
    if (known.context !== context) {
      throw new MouthpieceError('INVALID_ARGUMENT', 'this media element is already connected to another AudioContext (the Web Audio API allows one per element): pass the same context');
    }
    // Its other edges (the app's analysers, a direct route to the speakers) are the app's: leave them.
    return known.node;
  }
  const node = context.createMediaElementSource(element);
  elementSources.set(element, { context, node });
  return node;
}

/**
 * Connects a speech source to a browser motion session: the audio is
 * captured on the audio thread, turned into frames in the session's
 * Worker, and (for played inputs) held back by `syncDelayMs` on its way to
 * the speakers so the face is on time. Read `input.frame()` once per
 * rendered frame and give it to the rig.
 *
 * Privacy: microphone audio is processed in the page (its Worker) and never
 * sent anywhere.
 *
 * @param options See {@link ConnectSpeechOptions}.
 * @example
 * ```ts
 * const speech = await connectSpeech({ context: ctx, session, input: audioElement });
 * audioElement.play();
 * renderer.setAnimationLoop(() => { rig.set(speech.frame()); rig.update(clock.getDelta()); renderer.render(scene, camera); });
 * ```
 */
export async function connectSpeech(options: ConnectSpeechOptions): Promise<SpeechInput> {
  if (options === null || typeof options !== 'object') throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an options object');
  const { context, session, input } = options;
  if (!context || typeof context.createGain !== 'function') throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an AudioContext for context');
  if (!session || typeof session.push !== 'function') throw new MouthpieceError('INVALID_ARGUMENT', 'Expected a WebMotionSession for session');
  if (session.sampleRate !== context.sampleRate) {
    throw new MouthpieceError('INVALID_ARGUMENT', `the session expects ${session.sampleRate} Hz but the context runs at ${context.sampleRate} Hz: create the session with sampleRate: context.sampleRate`);
  }
  const chunkMs = options.chunkMs ?? 10;
  if (typeof chunkMs !== 'number' || !(chunkMs >= 1 && chunkMs <= 1000)) throw new MouthpieceError('INVALID_ARGUMENT', `Expected chunkMs in 1..1000 but received ${String(chunkMs)}`);
  const syncDelayMs = options.syncDelayMs ?? session.lookaheadMs + 60;
  if (typeof syncDelayMs !== 'number' || !(syncDelayMs >= 0 && syncDelayMs <= 5000)) throw new MouthpieceError('INVALID_ARGUMENT', `Expected syncDelayMs in 0..5000 but received ${String(syncDelayMs)}`);

  const live = typeof MediaStream !== 'undefined' && input instanceof MediaStream;
  let source: AudioNode;
  const made: AudioNode[] = [];
  if (live) {
    source = (context as AudioContext).createMediaStreamSource(input as MediaStream);
    made.push(source);
  } else if (typeof HTMLMediaElement !== 'undefined' && input instanceof HTMLMediaElement) {
    // An element can feed only one MediaElementAudioSourceNode in its life: reuse it on reconnection
    // (a component remounting, React's strict mode running effects twice).
    source = elementSource(context as AudioContext, input);
  } else if (input && typeof (input as AudioNode).connect === 'function' && (input as AudioNode).context === context) {
    source = input as AudioNode;
  } else {
    throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an HTMLMediaElement, a MediaStream or an AudioNode of this context for input');
  }
  const playback = options.playback ?? !live;

  await addCaptureModule(context);
  // The input's clock counts from the first captured sample, which is session time 0 only on a fresh stream.
  await session.reset();
  const chunkFrames = Math.max(1, Math.round((chunkMs * context.sampleRate) / 1000));
  const capture = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    outputChannelCount: [1],
    channelCountMode: 'explicit',
    channelCount: 2,
    processorOptions: { chunkFrames },
  });
  made.push(capture);
  source.connect(capture);
  // The capture node outputs silence; connecting it keeps the graph pulling it.
  const mute = context.createGain();
  mute.gain.value = 0;
  capture.connect(mute).connect(context.destination);
  made.push(mute);
  if (playback) {
    const delay = context.createDelay(Math.max(1, syncDelayMs / 1000 + 0.1));
    delay.delayTime.value = syncDelayMs / 1000;
    source.connect(delay).connect(context.destination);
    made.push(delay);
  }
  return new SpeechInput(context, session, capture, made, live ? null : source, {
    buffer: options.buffer ?? new FrameBuffer({ hold: 0.1 }),
    syncDelayMs: playback ? syncDelayMs : 0,
    playback,
    live,
    onError: options.onError,
  });
}
