import { evalPhone } from './evalPhone.js';
import type { PhoneSegment } from './PhoneSegment.js';
import { phoneList } from './validate.js';

/** Slack when deciding whether two phones touch (aligners round times). */
const TOUCH_S = 1e-6;

/**
 * The pauses of an alignment: runs of silence labels merged with any
 * unlabelled gaps between phones (and before the first phone), in time
 * order. A pause of `sil` followed by `sp` is one pause, because the mouth
 * does not know about the label change.
 *
 * @param phones Aligned phones, any order.
 * @param options `duration`: seconds; when given, time after the last phone up to it is a pause too. Default: none.
 * @returns Pauses as `{ start, end }` in seconds.
 * @example
 * ```ts
 * const long = silenceSpans(phones).filter((p) => p.end - p.start > 0.3);
 * ```
 */
export function silenceSpans(phones: readonly PhoneSegment[], options: { duration?: number } = {}): { start: number; end: number }[] {
  phoneList(phones);
  const sorted = [...phones].sort((a, b) => a.start - b.start);
  const spans: { start: number; end: number }[] = [];
  const add = (start: number, end: number) => {
    if (!(end > start)) return;
    const last = spans[spans.length - 1];
    if (last !== undefined && start <= last.end + TOUCH_S) last.end = Math.max(last.end, end);
    else spans.push({ start, end });
  };
  let cursor = 0;
  for (const p of sorted) {
    if (p.start > cursor + TOUCH_S) add(cursor, p.start);
    if (evalPhone(p.label).silence) add(p.start, p.end);
    cursor = Math.max(cursor, p.end);
  }
  if (options.duration !== undefined && options.duration > cursor + TOUCH_S) add(cursor, options.duration);
  return spans;
}
