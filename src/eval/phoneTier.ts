import { MouthpieceError } from '../api/MouthpieceError.js';
import type { PhoneSegment } from './PhoneSegment.js';
import type { TextGrid } from './readTextGrid.js';

/**
 * Picks the phone tier of a forced alignment and returns its intervals as
 * phone segments (labels trimmed; silences kept, with their labels such as
 * `''`, `sil` or `sp`, because the silence metrics need them).
 *
 * The tier is the interval tier named `phones` (any case), else `phone`,
 * else one whose name ends in `- phones` (the Montreal Forced Aligner names
 * tiers `speaker - phones` when it aligns several speakers; the first one is
 * taken), or the tier named in `options.name`.
 *
 * @param grid A grid from {@link readTextGrid}.
 * @param options `name`: exact tier name to use instead of the search. Default: search as above.
 * @throws MouthpieceError `INVALID_ARGUMENT` listing the tier names when none fits.
 * @example
 * ```ts
 * const phones = phoneTier(readTextGrid(text)); // [{ start: 0, end: 1.05, label: '' }, ...]
 * ```
 */
export function phoneTier(grid: TextGrid, options: { name?: string } = {}): PhoneSegment[] {
  if (grid == null || !Array.isArray(grid.tiers)) {
    throw new MouthpieceError('INVALID_ARGUMENT', 'Expected a TextGrid from readTextGrid for grid');
  }
  const intervalTiers = grid.tiers.filter((t) => t.class === 'IntervalTier');
  const lower = (s: string) => s.trim().toLowerCase();
  const tier =
    options.name !== undefined
      ? intervalTiers.find((t) => t.name === options.name)
      : intervalTiers.find((t) => lower(t.name) === 'phones') ??
        intervalTiers.find((t) => lower(t.name) === 'phone') ??
        intervalTiers.find((t) => /-\s*phones$/.test(lower(t.name)));
  if (tier === undefined) {
    const names = grid.tiers.map((t) => JSON.stringify(t.name)).join(', ') || 'none';
    throw new MouthpieceError(
      'INVALID_ARGUMENT',
      `Expected an interval tier named ${options.name !== undefined ? JSON.stringify(options.name) : '"phones"'} but the TextGrid has tiers: ${names}`,
    );
  }
  return tier.intervals.map((iv) => ({ start: iv.start, end: iv.end, label: iv.text.trim() }));
}
