// models/training/corpus/retargetCorpus.mjs on the committed corpus fixture:
// a copy whose targets differ by what the teacher's lip lead changes, and
// by nothing else. Runs the script as a child process (it imports dist/,
// which `npm test` builds first).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BLENDSHAPE_COUNT } from '../../src/api/blendshapeNames.js';
import { lipClosure } from '../../src/api/lipClosure.js';
import type { CorpusLine } from '../helpers/corpus.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'corpus');
const SCRIPT = path.join(REPO, 'models', 'training', 'corpus', 'retargetCorpus.mjs');
const HEADER = 32;
const tmp = mkdtempSync(path.join(tmpdir(), 'mp-retarget-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function retarget(lead: number): string {
  const out = path.join(tmp, `lead${lead}`);
  for (const shard of ['0/2', '1/2']) execFileSync('node', [SCRIPT, '--corpus', FIXTURE, '--out', out, '--lip-lead-ms', String(lead), '--shard', shard, '--check', '5'], { stdio: 'pipe' });
  execFileSync('node', [SCRIPT, '--corpus', FIXTURE, '--out', out, '--lip-lead-ms', String(lead), '--finish'], { stdio: 'pipe' });
  return out;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const lines = readFileSync(path.join(FIXTURE, 'manifest.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as CorpusLine & { phones: [string, number, number][] });

/** Sections of a data file: header + features, targets (frames x 58), articulation + visemes. */
function sections(buf: Buffer) {
  const frames = buf.readUInt32LE(8);
  const bands = buf.readUInt16LE(12);
  const tc = buf.readUInt16LE(14);
  const oT = HEADER + 4 * frames * bands;
  const oA = oT + 4 * frames * tc;
  return { frames, tc, head: buf.subarray(0, oT), targets: buf.subarray(oT, oA), rest: buf.subarray(oA + 4 * frames * 6), articulation: buf.subarray(oA, oA + 4 * frames * 6) };
}

describe('retargetCorpus', () => {
  it('with the corpus\'s own lead, reproduces it byte for byte', () => {
    const out = retarget(40);
    expect(readFileSync(path.join(out, 'manifest.jsonl'), 'utf8')).toBe(readFileSync(path.join(FIXTURE, 'manifest.jsonl'), 'utf8'));
    for (const l of lines) expect(sha(readFileSync(path.join(out, l.data)))).toBe(l.sha256);
  });

  it('with a 10 ms lead, moves only targets and articulation, closes p/b/m later, and writes a manifest the trainer accepts', () => {
    const out = retarget(10);
    const info = JSON.parse(readFileSync(path.join(out, 'corpus.json'), 'utf8')) as { manifestSha256: string; teacher: { lipLeadMs: number } };
    const manifest = readFileSync(path.join(out, 'manifest.jsonl'), 'utf8');
    expect(info.manifestSha256).toBe(sha(manifest));
    expect(info.teacher.lipLeadMs).toBe(10);
    let earlier = 0;
    let later = 0;
    for (const [i, l] of manifest.trimEnd().split('\n').map((x) => JSON.parse(x) as CorpusLine).entries()) {
      const a = readFileSync(path.join(FIXTURE, l.data));
      const b = readFileSync(path.join(out, l.data));
      expect(sha(b)).toBe(l.sha256);
      const A = sections(a);
      const B = sections(b);
      expect(B.head.equals(A.head)).toBe(true); // header and features
      expect(B.rest.equals(A.rest)).toBe(true); // visemes
      if (lines[i].kind !== 'speech') {
        expect(b.equals(a)).toBe(true);
        continue;
      }
      // First closed frame of each p/b/m, relative to its onset.
      const closedAt = (s: ReturnType<typeof sections>, t: number) => {
        const w = new Float32Array(BLENDSHAPE_COUNT);
        for (let c = 0; c < BLENDSHAPE_COUNT; c++) w[c] = s.targets.readFloatLE(4 * (t * s.tc + c));
        return lipClosure(w) >= 0.5;
      };
      for (const [phone, start, end] of lines[i].phones) {
        if (!/^[ˈˌ]?[pbm]$/.test(phone)) continue;
        const on = Math.round(start * 100);
        const first = (s: ReturnType<typeof sections>) => {
          for (let t = Math.max(0, on - 12); t <= Math.min(s.frames - 1, Math.round(end * 100)); t++) if (closedAt(s, t)) return t;
          return null;
        };
        const fa = first(A);
        const fb = first(B);
        expect(fb).not.toBeNull(); // still closes
        if (fa !== null && fb !== null) {
          if (fb < fa) earlier++;
          if (fb > fa) later++;
        }
      }
    }
    expect(later).toBeGreaterThan(0);
    expect(earlier).toBe(0);
  });

  it('names a bad option', () => {
    expect(() => execFileSync('node', [SCRIPT, '--corpus', FIXTURE, '--out', path.join(tmp, 'bad'), '--lip-lead-ms', '-5'], { stdio: 'pipe' })).toThrow(/lip-lead-ms/);
  });
});
