import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { BUILT_IN_MODELS } from '../../src/runtime/builtInModels.js';
import { readOnnxHeader } from '../../src/runtime/readOnnxHeader.js';

const REPO = join(import.meta.dirname, '..', '..');

// metrics.json is written by models/training/train.py next to the model it
// trained; these checks tie the shipped file to the run that made it.
describe.each(Object.entries(BUILT_IN_MODELS))('shipped model %s (models/%s)', (kind, dir) => {
  const base = join(REPO, 'models', dir);
  const metrics = JSON.parse(readFileSync(join(base, 'metrics.json'), 'utf8'));
  const bytes = readFileSync(join(base, 'model.onnx'));
  const header = readOnnxHeader(new Uint8Array(bytes));

  it('the file is the one the training run exported (sha256, size)', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(metrics.model_sha256);
    expect(statSync(join(base, 'model.onnx')).size).toBe(metrics.model_bytes);
  });

  it('the run is recorded: command, seed, config hash (also in the file), a clean commit of this repository', () => {
    // Trained straight into models/<dir>, or into a scratch folder whose files were then copied here
    // (the card says which); either way the file's hash ties it to this run.
    expect(metrics.command).toMatch(/^python3 models\/training\/train\.py .*--out \S+( |$)/);
    expect(metrics.command).toMatch(/--corpus \S+/);
    expect(metrics.seed).toBe(1);
    expect(metrics.dirty).toBe(false);
    expect(metrics.config_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(header.metadata.config_sha256).toBe(metrics.config_sha256);
    expect(JSON.parse(header.metadata.config)).toEqual(metrics.config.model);
    expect(metrics.commit).toMatch(/^[0-9a-f]{40}$/);
    // The commit must be in this history (skipped in a shallow clone, which lacks it).
    const shallow = execFileSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: REPO, encoding: 'utf8' }).trim() === 'true';
    if (!shallow) expect(() => execFileSync('git', ['cat-file', '-e', `${metrics.commit}^{commit}`], { cwd: REPO, stdio: 'ignore' })).not.toThrow();
  });

  it('stays inside the budget: <= 3 M parameters, <= 100 MFLOP per audio second, <= 12 MB, opset 17', () => {
    expect(metrics.params).toBeLessThanOrEqual(3_000_000);
    expect(metrics.mflops_per_second).toBeLessThanOrEqual(100);
    expect(bytes.length).toBeLessThanOrEqual(12 * 1024 * 1024);
    expect(header.opsets.find((o) => o.domain === '')?.version).toBe(17);
  });

  it('lookahead as stated (default about 120 ms, low latency at most 40 ms)', () => {
    const ms = Number(header.metadata.lookahead_frames) * 10;
    expect(ms).toBe(metrics.lookahead_ms);
    if (kind === 'lowlatency') expect(ms).toBeLessThanOrEqual(40);
    else expect(ms).toBeGreaterThanOrEqual(100);
  });

  it('has a model card', () => {
    expect(existsSync(join(base, 'README.md'))).toBe(true);
  });
});
