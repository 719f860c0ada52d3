/**
 * The context time of the sound reaching the listener now: what an
 * animation must show to match what is heard. Uses
 * `getOutputTimestamp()` (the hardware's own pairing of context and
 * performance time, extrapolated to now); falls back to `currentTime`
 * minus the output and base latencies; an OfflineAudioContext has no
 * output, so its `currentTime` is returned.
 *
 * @param context The audio context that plays the speech.
 * @returns Seconds on the context's clock.
 * @example
 * ```ts
 * const frame = buffer.at(heardTime(ctx) - startedAt);
 * ```
 */
export function heardTime(context: BaseAudioContext): number {
  const c = context as AudioContext;
  if (typeof c.getOutputTimestamp === 'function') {
    const ts = c.getOutputTimestamp();
    if (ts.contextTime !== undefined && ts.performanceTime !== undefined && ts.performanceTime > 0) {
      // Extrapolate from the stamp to now while playing (stamps come once per render quantum or so);
      // capped so a stalled device cannot run the clock away.
      const ahead = c.state === 'running' ? Math.min(0.2, Math.max(0, performance.now() - ts.performanceTime) / 1000) : 0;
      return ts.contextTime + ahead;
    }
    return c.currentTime - (c.outputLatency ?? 0) - (c.baseLatency ?? 0);
  }
  return context.currentTime;
}
