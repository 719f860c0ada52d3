#!/usr/bin/env node
// The `mouthpiece` command: `animate` (the default: speech to face frames)
// and `inspect` (what the front end sees of an audio file).
import { MouthpieceError } from '../api/MouthpieceError.js';
import { animate } from './animate.js';
import { inspect } from './inspect.js';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'inspect') return inspect(argv.slice(1));
  if (argv[0] === 'animate') return animate(argv.slice(1));
  return animate(argv);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const err = e as Error & { code?: string };
    process.stderr.write(`mouthpiece: ${err.code ? `[${err.code}] ` : ''}${err.message}\n`);
    process.exit(e instanceof MouthpieceError ? 2 : 1);
  },
);
