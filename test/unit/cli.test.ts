import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'mp-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The compiled command (npm test builds dist/ first), as a user runs it.
describe('the mouthpiece command', () => {
  it('main job: animates the built-in sample with the default model', async () => {
    const { stdout } = await run(process.execPath, [MAIN, '--json']);
    const r = JSON.parse(stdout);
    expect(r.file).toContain('built-in sample');
    expect(r.model.lookaheadMs).toBe(130);
    expect(r.frames).toBe(Math.floor((Math.ceil(r.durationSeconds * 100) - 1) * 0.6) + 1);
    expect(r.lipClosures).toBeGreaterThanOrEqual(1);
  });

  it('writes every frame as CSV (time, 52 weights, 6 head values) and streams in chunks', async () => {
    const out = join(dir, 'f.csv');
    await run(process.execPath, [MAIN, '--fps', '30', '--chunk-ms', '20', '--emotion', 'happy', '--intensity', '0.5', '--out', out]);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0].split(',')).toHaveLength(59);
    expect(lines[0].startsWith('time,eyeBlinkLeft')).toBe(true);
    expect(Number(lines[2].split(',')[0])).toBeCloseTo(1 / 30, 4);
  });

  it('inspect still reports the front end', async () => {
    const { stdout } = await run(process.execPath, [MAIN, 'inspect', '--json']);
    expect(JSON.parse(stdout).features.frames).toBeGreaterThan(100);
  });

  it('bad options exit 2 with a message that names them', async () => {
    await expect(run(process.execPath, [MAIN, '--fps', '0'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('fps') });
    await expect(run(process.execPath, [MAIN, '--model', join(dir, 'nope.onnx')])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('BAD_MODEL') });
  });
});
