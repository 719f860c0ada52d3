import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { NativeBinding } from './NativeBinding.js';

/** The ABI version this TypeScript layer was written against. */
export const EXPECTED_ABI_VERSION = 1;

/** Result of trying to load the addon: the binding, or why there is none. */
export type NativeLoadResult = { ok: true; binding: NativeBinding; path: string } | { ok: false; reason: string };

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let cached: NativeLoadResult | undefined;

/**
 * Loads the compiled addon once per process (the only place in the library
 * that does). Never throws: a missing or broken addon comes back as a
 * reason, read from the install step's status file where it left one, so
 * the caller can log why it fell back.
 *
 * The path can be overridden with MOUTHPIECE_NATIVE_PATH (tests, custom
 * builds); MOUTHPIECE_DISABLE_NATIVE=1 forces the fallback.
 *
 * @example
 * ```ts
 * const r = loadNative();
 * if (!r.ok) logger.warn?.(r.reason);
 * ```
 */
export function loadNative(): NativeLoadResult {
  if (cached) return cached;
  cached = tryLoad();
  return cached;
}

function tryLoad(): NativeLoadResult {
  if (process.env.MOUTHPIECE_DISABLE_NATIVE === '1') {
    return { ok: false, reason: 'native addon disabled by MOUTHPIECE_DISABLE_NATIVE=1' };
  }
  const path = process.env.MOUTHPIECE_NATIVE_PATH || join(packageRoot, 'build', 'Release', 'mouthpiece.node');
  if (!existsSync(path)) {
    return { ok: false, reason: `native addon not built (${installReason() ?? `no file at ${relativeToPackage(path)}`})` };
  }
  // A failed rebuild leaves the previous binary behind: do not run stale code.
  const failed = process.env.MOUTHPIECE_NATIVE_PATH ? undefined : installReason(statSync(path).mtimeMs);
  if (failed) return { ok: false, reason: `native addon not rebuilt (${failed}); an older build is present but not used` };
  try {
    const binding = createRequire(import.meta.url)(path) as NativeBinding;
    const abi = binding.buildInfo().abiVersion;
    if (abi !== EXPECTED_ABI_VERSION) {
      return { ok: false, reason: `native addon has ABI version ${abi}, expected ${EXPECTED_ABI_VERSION}: rebuild with npm rebuild mouthpiece` };
    }
    return { ok: true, binding, path };
  } catch (e) {
    return { ok: false, reason: `native addon failed to load: ${(e as Error).message}` };
  }
}

/**
 * The reason the install step recorded when it could not build the addon;
 * with `newerThanMs`, only if that record is newer than the binary.
 */
function installReason(newerThanMs?: number): string | undefined {
  const statusFile = join(packageRoot, 'build', 'native-status.json');
  try {
    if (newerThanMs !== undefined && statSync(statusFile).mtimeMs <= newerThanMs) return undefined;
    const status = JSON.parse(readFileSync(statusFile, 'utf8')) as { ok?: boolean; reason?: string };
    return status.ok ? undefined : status.reason;
  } catch {
    return undefined;
  }
}

function relativeToPackage(path: string): string {
  return path.startsWith(packageRoot) ? path.slice(packageRoot.length + 1) : path;
}
