import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** What {@link measureAllocation} saw over the measured calls. */
export interface AllocationReport {
  /** Garbage collections that started inside the measured loop (vitest's own work around it may collect). */
  gcs: PerformanceEntry[];
  /** heapUsed after minus before, bytes. */
  heapGrowth: number;
  /** Mean wall time per call, microseconds. */
  microsPerCall: number;
}

/**
 * Runs `run(warmup)`, collects, runs `run(warmup)` again (the first
 * collection can deoptimise code compiled against objects that died, and
 * the second run re-optimises it), collects once more so garbage made
 * before the loop cannot trigger a collection inside it, then measures
 * `run(calls)` with a GC observer. Needs node's --expose-gc (vitest's forks
 * pool passes it).
 */
export async function measureAllocation(run: (n: number) => void, warmup: number, calls = 100_000): Promise<AllocationReport> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('run with --expose-gc (vitest forks pool)');
  run(warmup);
  gc();
  run(warmup);
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  gc();
  const t0 = performance.now();
  const heap0 = process.memoryUsage().heapUsed;
  run(calls);
  const heap1 = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, 50)); // entries arrive asynchronously
  observer.disconnect();
  return { gcs: entries.filter((e) => e.startTime >= t0 && e.startTime <= t1), heapGrowth: heap1 - heap0, microsPerCall: (1000 * (t1 - t0)) / calls };
}
