// npm install hook: builds the native addon offline with cmake-js. It never
// fails the install: without a compiler or cmake the library falls back to
// its TypeScript front end, and the reason is written to
// build/native-status.json so the library can say why at run time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const statusFile = join(root, 'build', 'native-status.json');

function record(ok, reason) {
  mkdirSync(dirname(statusFile), { recursive: true });
  writeFileSync(statusFile, JSON.stringify({ ok, reason, at: new Date().toISOString() }, null, 2) + '\n');
  const line = ok ? 'mouthpiece: native addon built' : `mouthpiece: native addon not built (${reason}); the TypeScript fallback will be used`;
  process.stderr.write(line + '\n');
}

function onPath(tool) {
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', [tool], { encoding: 'utf8' });
  return r.status === 0;
}

function main() {
  if (process.env.MOUTHPIECE_SKIP_NATIVE === '1') return record(false, 'skipped: MOUTHPIECE_SKIP_NATIVE=1');
  if (!onPath('cmake')) return record(false, 'cmake not found on PATH (install cmake and a C++17 compiler, then run npm rebuild mouthpiece)');
  let cmakeJs;
  try {
    cmakeJs = join(dirname(createRequire(import.meta.url).resolve('cmake-js/package.json')), 'bin', 'cmake-js');
  } catch {
    return record(false, 'the cmake-js package is missing');
  }
  const r = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    mkdirSync(join(root, 'build'), { recursive: true });
    writeFileSync(join(root, 'build', 'native-build.log'), log);
    const firstError = log.split('\n').find((l) => /error|not found|could not/i.test(l))?.trim();
    return record(false, `cmake-js build failed${firstError ? `: ${firstError.slice(0, 200)}` : ''} (full log in build/native-build.log)`);
  }
  record(true, undefined);
}

main();
