import { Worker } from 'node:worker_threads';

import { MouthpieceError } from '../../api/MouthpieceError.js';
import { withMirroredRun } from '../mergeMirroredFace.js';
import { mirrorPixels } from '../mirrorPixels.js';
import { padToSquare } from '../padToSquare.js';
import { selectPortraitFace, type PortraitDetectOptions, type PortraitLandmarks } from '../PortraitLandmarks.js';
import type { PortraitImage } from './loadPortraitImage.js';
import type { DetectorReply, DetectRequest } from './portraitDetectorWorker.js';

/** Finds a portrait's landmarks in Node; see {@link createNodePortraitDetector}. */
export interface NodePortraitDetector {
  /**
   * The landmarks of the largest face, checked (`NO_FACE`, `FACE_TOO_SMALL`,
   * `EXTREME_POSE`, `FACE_OCCLUDED`). The model also runs on the mirrored
   * photo and the two faces are merged (`mergeMirroredFace`) unless
   * `options.mirror` is false.
   */
  detect(image: PortraitImage, options?: PortraitDetectOptions): Promise<PortraitLandmarks>;
  /** Stops the detector's worker thread and frees its models; later `detect` calls reject with `DISPOSED`. */
  dispose(): Promise<void>;
}

type Result = { faces: { mesh: number[][]; faceScore?: number }[]; error: string | null };

/**
 * Loads `@vladmandic/human`'s face mesh + iris models on the tfjs WASM
 * backend (optional peers: `@vladmandic/human`, `@tensorflow/tfjs-core`,
 * `@tensorflow/tfjs-converter`, `@tensorflow/tfjs-backend-wasm`) in a worker
 * thread, so neither the load (about a second) nor a detection (about 60 ms
 * per run on one core; two runs per portrait, see `detect`) blocks the caller's event loop. The models ship
 * inside the package; tfjs fetches them, and Node's fetch has no `file://`,
 * so while they load they are served from a loopback-only HTTP server on an
 * ephemeral port. Nothing leaves the machine. Detections run one at a time,
 * in call order. An idle detector does not keep the process alive, but call
 * `dispose()` when done.
 */
export async function createNodePortraitDetector(): Promise<NodePortraitDetector> {
  const worker = new Worker(new URL('./portraitDetectorWorker.js', import.meta.url));
  const pending = new Map<number, { ok: (r: Result) => void; ko: (e: Error) => void }>();
  let nextId = 1;
  let dead: MouthpieceError | null = null;
  const idle = () => {
    if (pending.size === 0) worker.unref();
  };
  const fail = (e: MouthpieceError) => {
    dead ??= e;
    for (const p of pending.values()) p.ko(e);
    pending.clear();
  };
  const ready = new Promise<void>((ok, ko) => {
    worker.on('message', (m: DetectorReply) => {
      if (m.type === 'ready') ok();
      else if (m.type === 'failed') {
        const e = new MouthpieceError(m.code, m.message);
        ko(e);
        fail(e);
      } else {
        const p = pending.get(m.id);
        pending.delete(m.id);
        idle();
        if (m.type === 'result') p?.ok({ faces: m.faces, error: m.error });
        else p?.ko(new MouthpieceError('NO_FACE', `the landmark model failed on the photo: ${m.message}`));
      }
    });
    worker.on('error', (err) => {
      const e = new MouthpieceError('RUNTIME_UNAVAILABLE', `the portrait detector's worker failed: ${err.message}`, { cause: err });
      ko(e);
      fail(e);
    });
    worker.on('exit', (code) => {
      // After dispose() or a reported error this changes nothing (the first cause is kept).
      const e = new MouthpieceError('RUNTIME_UNAVAILABLE', `the portrait detector's worker stopped (exit code ${code})`);
      ko(e);
      fail(e);
    });
  });
  try {
    await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  idle();

  return {
    async detect(image, options = {}) {
      if (dead) throw new MouthpieceError(dead.code, dead.message);
      const { data, width, height } = image;
      if (!(data instanceof Uint8Array) || data.length !== width * height * 3) {
        throw new MouthpieceError('BAD_IMAGE', `expected ${width}x${height} RGB pixels (${width * height * 3} bytes), got ${data?.length} bytes`);
      }
      const run = async (img: { data: Uint8Array; width: number; height: number }, own: boolean) => {
        // The face detector squashes its input to a square, which distorts faces in wide or tall photos.
        const square = padToSquare(img);
        // The buffer is transferred to the worker: a copy made here is ours already; the caller's own pixels are copied.
        const pixels = square === img && !own ? img.data.slice() : (square.data as Uint8Array);
        const id = nextId++;
        const result = await new Promise<Result>((ok, ko) => {
          pending.set(id, { ok, ko });
          worker.ref();
          worker.postMessage({ id, pixels, side: square.width } satisfies DetectRequest, [pixels.buffer as ArrayBuffer]);
        });
        if (result.error) throw new MouthpieceError('NO_FACE', `the landmark model failed on the photo: ${result.error}`);
        return result.faces;
      };
      // Mirrored before the first run, so both runs see the same pixels even if the caller reuses its buffer meanwhile.
      const flipped = options.mirror === false ? null : mirrorPixels(image);
      const faces = await run(image, false);
      const mirrored = flipped ? await run(flipped, true) : undefined;
      return selectPortraitFace(withMirroredRun(faces, mirrored, image), { width, height }, options);
    },
    async dispose() {
      if (dead?.code === 'DISPOSED') return;
      fail(new MouthpieceError('DISPOSED', 'the portrait detector was disposed'));
      await worker.terminate();
    },
  };
}
