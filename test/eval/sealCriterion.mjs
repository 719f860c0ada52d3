// The bilabial seal settings swept on real speech, and the criterion that
// picks one of them, shared by the scripts that choose a seal on real
// speech (crossValidateSeal.mjs: leave one clip out; chooseSealOnOtherVoices.mjs:
// other voices) and by sealFrontier.mjs (which only describes).

/** The seal off, then every threshold pair `from..from+width` for each acoustic check depth in `dips` (0 = no check). */
export function sealGrid(dips) {
  if (!dips.every((d) => d >= 0 && d <= 60)) throw new Error(`seal check depths must be dB values in 0..60, got ${dips.join(',')}`);
  const seals = [false];
  for (const dipDb of dips) {
    for (const from of [0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4]) for (const width of [0.1, 0.2]) seals.push({ from, to: Math.round((from + width) * 100) / 100, ...(dipDb ? { dipDb } : {}) });
  }
  return seals;
}

/**
 * The criterion (fixed before crossValidateSeal.mjs first ran): the highest
 * closure recall among settings with false closures <= 0.03; ties to lower
 * false closures, then the higher `from`, then the deeper check; if none has
 * false closures <= 0.03, the lowest false closures among recall >= 0.85,
 * else the highest recall.
 * @param {{ seal: false | { from: number, to: number, dipDb?: number }, recall: number, fc: number }[]} rows
 */
export function chooseSeal(rows) {
  const key = (r) => [r.seal ? r.seal.from : -1, r.seal?.dipDb ?? 0];
  const within = rows.filter((r) => r.fc <= 0.03);
  if (within.length) {
    within.sort((a, b) => b.recall - a.recall || a.fc - b.fc || key(b)[0] - key(a)[0] || key(b)[1] - key(a)[1]);
    return within[0];
  }
  const recalled = rows.filter((r) => r.recall >= 0.85);
  if (recalled.length) return [...recalled].sort((a, b) => a.fc - b.fc)[0];
  return [...rows].sort((a, b) => b.recall - a.recall)[0];
}
