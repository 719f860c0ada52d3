import { MouthpieceError } from '../api/MouthpieceError.js';

/**
 * Checks a number option of the animation layers at the API boundary, with
 * the library's one message shape ("Expected number in [0, 1] for
 * options.blink.doubleChance but received 2"), so a bad value fails where it
 * was passed instead of as a NaN in an eyelid minutes later.
 *
 * @param name Argument name used in the message (e.g. `options.seed`).
 * @param value Value to check.
 * @param min Smallest accepted value. Default `-Infinity`.
 * @param max Largest accepted value. Default `Infinity`.
 * @param integer Whether the value must be an integer. Default `false`.
 * @returns The value, typed as a number.
 * @example
 * ```ts
 * const share = checkNumber('options.brows.share', options.share ?? 0.4, 0, 1);
 * ```
 */
export function checkNumber(name: string, value: unknown, min = -Infinity, max = Infinity, integer = false): number {
  if (
    typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const kind = integer ? 'integer' : 'number';
    const range =
      min === -Infinity && max === Infinity ? (integer ? 'integer' : 'finite number')
      : max === Infinity ? (min === 0 ? `non-negative ${kind}` : min > 0 && min <= 1e-9 ? `positive ${kind}` : `${kind} >= ${min}`)
      : `${kind} in [${min}, ${max}]`;
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected ${range} for ${name} but received ${describe(value)}`);
  }
  return value;
}

// A short description of any value (never a whole object) for the message.
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (typeof value === 'object') return 'object';
  return String(value);
}
