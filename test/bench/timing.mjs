// Timing helpers shared by the benchmarks.

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median wall time of `reps` runs of `fn`, in ms. With `warmup`, one untimed
 * run first (first-call allocation and WASM/JIT compilation are not the
 * steady state).
 */
export async function time(fn, reps, { warmup = false } = {}) {
  if (warmup) await fn();
  const ms = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}
