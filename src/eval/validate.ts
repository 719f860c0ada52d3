import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import type { EvalFrames } from './EvalFrames.js';
import type { PhoneSegment } from './PhoneSegment.js';

/**
 * Argument checks shared by the evaluation functions, so every one of them
 * refuses bad input with the same message shape
 * ("Expected positive number for fps but received -1").
 *
 * @param name Argument name used in the message.
 * @param value Value to check.
 * @returns The value, typed as a number.
 * @example
 * ```ts
 * const fps = positiveNumber('fps', options.fps ?? 100);
 * ```
 */
export function positiveNumber(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected positive number for ${name} but received ${describe(value)}`);
  }
  return value;
}

/**
 * Checks a non-negative finite number (a margin, a lag).
 *
 * @param name Argument name used in the message.
 * @param value Value to check.
 * @example
 * ```ts
 * const margin = nonNegativeNumber('marginMs', options.marginMs ?? 100);
 * ```
 */
export function nonNegativeNumber(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected non-negative number for ${name} but received ${describe(value)}`);
  }
  return value;
}

/**
 * Checks a Float32Array argument.
 *
 * @param name Argument name used in the message.
 * @param value Value to check.
 * @example
 * ```ts
 * float32Array('aperture', aperture);
 * ```
 */
export function float32Array(name: string, value: unknown): Float32Array {
  if (!(value instanceof Float32Array)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected Float32Array for ${name} but received ${describe(value)}`);
  }
  return value;
}

/**
 * Checks `{ weights, fps }` frames and returns the frame count T
 * (weights must hold T * 52 values, row-major).
 *
 * @param frames Frames to check.
 * @example
 * ```ts
 * const T = frameCount(frames);
 * ```
 */
export function frameCount(frames: EvalFrames): number {
  if (frames == null || typeof frames !== 'object') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected { weights, fps } for frames but received ${describe(frames)}`);
  }
  float32Array('frames.weights', frames.weights);
  positiveNumber('frames.fps', frames.fps);
  if (frames.weights.length % BLENDSHAPE_COUNT !== 0) {
    throw new MouthpieceError(
      'INVALID_ARGUMENT',
      `Expected a multiple of ${BLENDSHAPE_COUNT} values for frames.weights but received length ${frames.weights.length}`,
    );
  }
  return frames.weights.length / BLENDSHAPE_COUNT;
}

/**
 * Checks a phone list: finite times, start >= 0, end > start, string labels.
 * Order is not required (metrics treat phones one by one; the reference
 * curve sorts its own copy).
 *
 * @param phones Phones to check.
 * @example
 * ```ts
 * phoneList(phones);
 * ```
 */
export function phoneList(phones: readonly PhoneSegment[]): readonly PhoneSegment[] {
  if (!Array.isArray(phones)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an array of { start, end, label } for phones but received ${describe(phones)}`);
  }
  for (let i = 0; i < phones.length; i++) {
    const p = phones[i];
    if (p == null || typeof p.label !== 'string' || !Number.isFinite(p.start) || !Number.isFinite(p.end) || p.start < 0 || !(p.end > p.start)) {
      throw new MouthpieceError(
        'INVALID_ARGUMENT',
        `Expected { start >= 0, end > start, label: string } for phones[${i}] but received ${p == null ? String(p) : `{ start: ${p.start}, end: ${p.end}, label: ${JSON.stringify(p.label)} }`}`,
      );
    }
  }
  return phones;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  return typeof value;
}
