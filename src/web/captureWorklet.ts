import { MouthpieceError } from '../api/MouthpieceError.js';

/** The AudioWorklet processor's registered name. */
export const CAPTURE_PROCESSOR = 'mouthpiece-capture';

/**
 * The capture processor's source. It runs on the audio rendering thread, so
 * it only copies: each render quantum's input, mixed down to mono (silence
 * when nothing is connected, so the stream's clock never skips), into
 * chunks of `chunkFrames` samples, each posted with the context frame of
 * its first sample. No feature or model work happens here.
 */
const SOURCE = `
class MouthpieceCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.size = options.processorOptions.chunkFrames;
    this.buf = new Float32Array(this.size);
    this.n = 0;
    this.first = 0;
    this.on = true;
    this.port.onmessage = (e) => { if (e.data === 'stop') this.on = false; };
  }
  process(inputs, outputs) {
    if (!this.on) return false;
    const chans = inputs[0] || [];
    const frames = (outputs[0] && outputs[0][0] && outputs[0][0].length) || (chans[0] && chans[0].length) || 128;
    const k = chans.length;
    for (let i = 0; i < frames; i++) {
      let v = 0;
      for (let c = 0; c < k; c++) v += chans[c][i];
      if (this.n === 0) this.first = currentFrame + i;
      this.buf[this.n++] = k > 0 ? v / k : 0;
      if (this.n === this.size) {
        this.port.postMessage({ pcm: this.buf, frame: this.first }, [this.buf.buffer]);
        this.buf = new Float32Array(this.size);
        this.n = 0;
      }
    }
    return true;
  }
}
registerProcessor('${CAPTURE_PROCESSOR}', MouthpieceCapture);
`;

const loaded = new WeakMap<BaseAudioContext, Promise<void>>();

/**
 * Registers the capture processor on `context` once (from a Blob URL, so no
 * extra file needs serving; a Content-Security-Policy must then allow
 * `worker-src blob:`).
 *
 * @example
 * ```ts
 * await addCaptureModule(ctx);
 * const node = new AudioWorkletNode(ctx, CAPTURE_PROCESSOR, { processorOptions: { chunkFrames: 480 } });
 * ```
 */
export function addCaptureModule(context: BaseAudioContext): Promise<void> {
  if (!context?.audioWorklet) {
    return Promise.reject(new MouthpieceError('UNSUPPORTED', 'this AudioContext has no audioWorklet (it needs a secure context: https or localhost)'));
  }
  let p = loaded.get(context);
  if (!p) {
    const url = URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
    p = context.audioWorklet.addModule(url).finally(() => URL.revokeObjectURL(url));
    // A failed load is not cached, so a later call can try again.
    p.catch(() => loaded.delete(context));
    loaded.set(context, p);
  }
  return p;
}
