import type { Conditioning } from '../api/Conditioning.js';
import type { BilabialSeal } from '../runtime/sealBilabials.js';
import type { PackedFrames } from './framePacking.js';

/** Settings a motion worker is started with (see {@link WebMotionSessionOptions} for their meaning). */
export interface WorkerInit {
  model: Uint8Array;
  wasmPaths?: string | Record<string, string>;
  executionProviders: string[];
  threads: number;
  sampleRate: number;
  channels: number;
  fps: number;
  transitionMs?: number;
  conditioning: Conditioning;
  bilabialSeal?: BilabialSeal | false;
  levelNormalization?: false;
  smoothing?: boolean;
  visemeShaping?: { strength: number; sharpness: number } | false;
  outputAdvanceFrames?: number;
}

/** A request from the page to a motion worker; `id` pairs it with its reply. */
export type WorkerRequest =
  | { id: number; op: 'init'; init: WorkerInit }
  | { id: number; op: 'push'; pcm: Float32Array }
  | { id: number; op: 'flush' }
  | { id: number; op: 'reset' }
  | { id: number; op: 'conditioning'; conditioning: Conditioning; transitionMs?: number }
  | { id: number; op: 'dispose' };

/** What the worker says about the model and the runtime once started. */
export interface WorkerReady {
  /** onnxruntime-web's backend that runs the model ('wasm' or 'webgpu'). */
  backend: string;
  /** How far frames trail the audio, ms (the model's lookahead). */
  lookaheadMs: number;
  /** Output frames per second. */
  fps: number;
  /** Model source and metadata facts. */
  modelInfo: { lookaheadMs: number; stateSize: number; opset: number; emotions: readonly string[] };
}

/** The worker's reply to one request. */
export type WorkerReply =
  | { id: number; ok: true; frames?: PackedFrames; ready?: WorkerReady; busyMs?: number }
  | { id: number; ok: false; code: string; message: string };
