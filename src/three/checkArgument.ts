import { MouthpieceError } from '../api/MouthpieceError.js';

/**
 * Checks a number option of the three.js layer at the API boundary, with the
 * library's one message shape ("Expected number in [0, 1] for weight but
 * received 2"), so a bad value fails where it was passed instead of as a
 * NaN in a bone three frames later.
 *
 * @param name Argument name used in the message (e.g. `options.weight`).
 * @param value Value to check.
 * @param min Smallest accepted value. Default `-Infinity`.
 * @param max Largest accepted value. Default `Infinity`.
 * @returns The value, typed as a number.
 * @example
 * ```ts
 * const weight = checkNumber('options.weight', options.weight ?? 1, 0, 1);
 * ```
 */
export function checkNumber(name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity ? 'finite number'
      : max === Infinity ? (min === 0 ? 'non-negative number' : `number >= ${min}`)
      : `number in [${min}, ${max}]`;
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected ${range} for ${name} but received ${describeValue(value)}`);
  }
  return value;
}

/**
 * A short, safe description of any value for an error message (never the
 * whole of a big object or array).
 *
 * @param value Anything.
 * @example
 * ```ts
 * describeValue([1, 2]); // 'array of length 2'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  if (typeof value === 'object') {
    const type = (value as { type?: unknown }).type;
    return typeof type === 'string' ? `object of type ${type}` : 'object';
  }
  return typeof value;
}
