/**
 * Mouthpiece: speech to a living face. The Node entry point: the public API
 * types, the audio front end and the engine (native core with a TypeScript
 * fallback).
 *
 * @example
 * ```ts
 * import { openEngine } from 'mouthpiece';
 * const engine = await openEngine();
 * const session = engine.createSession({ sampleRate: 48000 });
 * ```
 */
export * from './api/index.js';
export * from './audio/index.js';
export * from './runtime/node.js';
