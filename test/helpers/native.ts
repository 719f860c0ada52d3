import { loadNative } from '../../src/runtime/loadNative.js';

/**
 * Native suites skip when the addon is missing, except when
 * MOUTHPIECE_REQUIRE_NATIVE=1 (CI sets it): then a missing addon fails them,
 * so a broken build can never pass as "skipped".
 */
export const native = loadNative();
export const requireNative = process.env.MOUTHPIECE_REQUIRE_NATIVE === '1';
export const skipNative = !native.ok && !requireNative;
export const nativeReason = native.ok ? '' : native.reason;
