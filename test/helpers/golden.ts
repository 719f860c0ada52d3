import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/util/mulberry32.js';

export const repoRoot = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');

export interface GoldenCase {
  name: string;
  samples: number;
  frames: number;
  bands: number;
  description: string;
}

export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function goldenCases(): { c: GoldenCase; input: Float32Array; expected: Float32Array }[] {
  const dir = join(repoRoot, 'test', 'golden');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as GoldenCase[];
  return index.map((c) => ({ c, input: readF32(join(dir, `${c.name}.in.f32`)), expected: readF32(join(dir, `${c.name}.out.f32`)) }));
}

/** Worst |got - ref| / (1e-4 * max(1, |ref|)) over all values: <= 1 passes. */
export function worstToleranceRatio(got: Float32Array, ref: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const tol = 1e-4 * Math.max(1, Math.abs(ref[i]));
    const r = Math.abs(got[i] - ref[i]) / tol;
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : r;
  }
  return worst;
}

/** Deterministic pseudo-random numbers (mulberry32, the library's own). */
export function rng(seed: number): () => number {
  return mulberry32(seed);
}

export function noise(n: number, seed: number, amp = 0.3): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() * 2 - 1) * amp;
  return out;
}

/** Random chunk lengths summing to n (1 .. maxLen each). */
export function randomChunks(n: number, seed: number, maxLen: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  let left = n;
  while (left > 0) {
    const len = Math.min(left, 1 + Math.floor(r() * maxLen));
    out.push(len);
    left -= len;
  }
  return out;
}

/** Joins arrays end to end. */
export function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Bit-for-bit equality of two float arrays (NaN payloads and -0 included). */
export function bitEqual(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
