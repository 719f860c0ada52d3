/**
 * The motion worker script (`mouthpiece/web/worker`): start it as a module
 * Worker and pass it to `createWebMotionSession({ worker })`. It runs the
 * feature front end and the motion model on onnxruntime-web, off the page's
 * render loop. Bundlers (Vite, webpack 5, esbuild) resolve it with
 * `new Worker(new URL('mouthpiece/web/worker', import.meta.url), { type: 'module' })`.
 *
 * @packageDocumentation
 */
import { MotionWorkerHost, type WebOnnxRuntime } from './MotionWorkerHost.js';
import type { WorkerRequest } from './protocol.js';

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
const host = new MotionWorkerHost(
  (reply, transfer) => scope.postMessage(reply, transfer),
  () => import('onnxruntime-web') as unknown as Promise<WebOnnxRuntime>,
);
scope.onmessage = (e) => void host.handle(e.data);
