import { MouthpieceError } from '../api/MouthpieceError.js';

/** One labelled interval (or, in a point tier, one point with start === end). */
export interface TextGridInterval {
  /** Seconds. */
  start: number;
  /** Seconds; equal to `start` for the points of a `TextTier`. */
  end: number;
  /** The label, unescaped (Praat doubles `"` inside strings). */
  text: string;
}

/** One tier of a TextGrid. */
export interface TextGridTier {
  /** `IntervalTier` (phones, words) or `TextTier` (points). */
  class: 'IntervalTier' | 'TextTier';
  /** Tier name as written, e.g. `phones`. */
  name: string;
  /** Seconds. */
  xmin: number;
  /** Seconds. */
  xmax: number;
  /** Intervals in file order (points as zero-length intervals). */
  intervals: TextGridInterval[];
}

/** A parsed Praat TextGrid. */
export interface TextGrid {
  /** Seconds. */
  xmin: number;
  /** Seconds. */
  xmax: number;
  /** Tiers in file order (empty when the file says `<absent>`). */
  tiers: TextGridTier[];
}

type Token =
  | { kind: 'number'; value: number; line: number }
  | { kind: 'string'; value: string; line: number }
  | { kind: 'flag'; value: string; line: number };

/** Slack for "intervals do not overlap" (aligners print times rounded to 1e-6 s or coarser). */
const TIME_EPS = 1e-6;

/**
 * Reads a Praat TextGrid in the long ("ooTextFile") or short
 * ("ooTextFile short" / bare values) text format, as written by Praat and by
 * the Montreal Forced Aligner.
 *
 * Both formats are the same sequence of values (numbers, quoted strings,
 * `<exists>` flags); the long one adds `key = ` labels and `item [1]:`
 * headings. The reader therefore tokenises values only and skips keys,
 * bracketed indices and `!` comments, which is also how Praat's own text
 * reader treats them, then checks the structure: header strings, tier
 * classes, counts, finite times, `xmin < xmax` for intervals and no overlap
 * between consecutive intervals.
 *
 * Bytes are decoded by their byte-order mark (UTF-8, UTF-16 LE or BE; Praat
 * writes UTF-16 with a BOM when a label needs it); without a BOM, UTF-16 is
 * recognised by its zero bytes and anything else must be valid UTF-8.
 * Binary TextGrids (`ooBinaryFile`) are refused with `UNSUPPORTED`.
 *
 * @param input File contents, as text or raw bytes.
 * @returns Global xmin/xmax and the tiers.
 * @throws MouthpieceError `INVALID_ARGUMENT` on malformed text (the message
 *   names the line), `UNSUPPORTED` on binary TextGrids.
 * @example
 * ```ts
 * const grid = readTextGrid(readFileSync('speech.TextGrid'));
 * const phones = phoneTier(grid);
 * ```
 */
export function readTextGrid(input: string | Uint8Array): TextGrid {
  const text = decodeText(input);
  const tokens = tokenize(text);
  const r = new Reader(tokens);

  const fileType = r.string('File type');
  if (fileType.startsWith('ooBinaryFile')) {
    throw new MouthpieceError('UNSUPPORTED', 'Binary TextGrid (ooBinaryFile) is not supported: save it as a text file in Praat');
  }
  if (fileType !== 'ooTextFile' && fileType !== 'ooTextFile short') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected File type "ooTextFile" but received ${JSON.stringify(fileType)} (line ${r.lastLine})`);
  }
  const objectClass = r.string('Object class');
  if (objectClass !== 'TextGrid') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected Object class "TextGrid" but received ${JSON.stringify(objectClass)} (line ${r.lastLine})`);
  }
  const xmin = r.number('xmin');
  const xmax = r.number('xmax');
  if (!(xmax >= xmin)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected TextGrid xmax >= xmin but received xmin ${xmin}, xmax ${xmax} (line ${r.lastLine})`);
  }
  const tiers: TextGridTier[] = [];
  const exists = r.flag('tiers?');
  if (exists === 'exists') {
    const size = r.count('size (number of tiers)');
    for (let t = 0; t < size; t++) tiers.push(readTier(r, t + 1));
  } else if (exists !== 'absent') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected <exists> or <absent> for tiers? but received <${exists}> (line ${r.lastLine})`);
  }
  if (!r.done()) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Unexpected data after the last tier at line ${r.peekLine()}`);
  }
  return { xmin, xmax, tiers };
}

function readTier(r: Reader, index: number): TextGridTier {
  const cls = r.string(`class of tier ${index}`);
  if (cls !== 'IntervalTier' && cls !== 'TextTier') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected tier class "IntervalTier" or "TextTier" for tier ${index} but received ${JSON.stringify(cls)} (line ${r.lastLine})`);
  }
  const name = r.string(`name of tier ${index}`);
  const where = `tier ${index} (${JSON.stringify(name)})`;
  const xmin = r.number(`xmin of ${where}`);
  const xmax = r.number(`xmax of ${where}`);
  if (!(xmax >= xmin)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected xmax >= xmin for ${where} but received xmin ${xmin}, xmax ${xmax} (line ${r.lastLine})`);
  }
  const n = r.count(`interval count of ${where}`);
  const intervals: TextGridInterval[] = [];
  let prevEnd = -Infinity;
  for (let i = 1; i <= n; i++) {
    if (cls === 'IntervalTier') {
      const start = r.number(`xmin of interval ${i} of ${where}`);
      const end = r.number(`xmax of interval ${i} of ${where}`);
      const label = r.string(`text of interval ${i} of ${where}`);
      if (!(end > start) || start < prevEnd - TIME_EPS) {
        throw new MouthpieceError(
          'INVALID_ARGUMENT',
          `Expected interval ${i} of ${where} to end after it starts and not overlap the previous one but received ${start}..${end} after an interval ending at ${prevEnd} (line ${r.lastLine})`,
        );
      }
      prevEnd = end;
      intervals.push({ start, end, text: label });
    } else {
      const time = r.number(`time of point ${i} of ${where}`);
      const mark = r.string(`mark of point ${i} of ${where}`);
      if (time < prevEnd - TIME_EPS) {
        throw new MouthpieceError('INVALID_ARGUMENT', `Expected points in time order in ${where} but point ${i} at ${time} comes after ${prevEnd} (line ${r.lastLine})`);
      }
      prevEnd = time;
      intervals.push({ start: time, end: time, text: mark });
    }
  }
  return { class: cls, name, xmin, xmax, intervals };
}

class Reader {
  private pos = 0;
  lastLine = 1;

  constructor(private readonly tokens: readonly Token[]) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peekLine(): number {
    return this.tokens[this.pos]?.line ?? this.lastLine;
  }

  private next(kind: Token['kind'], what: string): Token {
    const t = this.tokens[this.pos];
    if (t === undefined) {
      throw new MouthpieceError('INVALID_ARGUMENT', `TextGrid ends early: expected a ${kind} for ${what} after line ${this.lastLine}`);
    }
    if (t.kind !== kind) {
      const got = t.kind === 'string' ? `string ${JSON.stringify(t.value.slice(0, 40))}` : t.kind === 'flag' ? `<${t.value}>` : `number ${t.value}`;
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected a ${kind} for ${what} but received ${got} (line ${t.line})`);
    }
    this.pos++;
    this.lastLine = t.line;
    return t;
  }

  number(what: string): number {
    return this.next('number', what).value as number;
  }

  string(what: string): string {
    return this.next('string', what).value as string;
  }

  flag(what: string): string {
    return this.next('flag', what).value as string;
  }

  count(what: string): number {
    const v = this.number(what);
    // A count can never exceed the values left: checking here keeps a corrupt
    // size field from announcing billions of intervals.
    if (!Number.isInteger(v) || v < 0 || v > this.tokens.length - this.pos) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected a count of at most ${this.tokens.length - this.pos} for ${what} but received ${v} (line ${this.lastLine})`);
    }
    return v;
  }
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const KEY = /[A-Za-z_][A-Za-z0-9_]*\??/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '!') {
      // Praat comment: to the end of the line.
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '"') {
      const startLine = line;
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw new MouthpieceError('INVALID_ARGUMENT', `Unterminated string starting at line ${startLine}`);
        const d = text[i];
        if (d === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\n') line++;
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', value, line: startLine });
    } else if (c === '<') {
      const close = text.indexOf('>', i);
      const nl = text.indexOf('\n', i);
      if (close < 0 || (nl >= 0 && nl < close)) throw new MouthpieceError('INVALID_ARGUMENT', `Unterminated <flag> at line ${line}`);
      tokens.push({ kind: 'flag', value: text.slice(i + 1, close), line });
      i = close + 1;
    } else if (c === '[') {
      // Indices of the long format ("item [1]:", "intervals [3]:") and "item []:".
      const close = text.indexOf(']', i);
      const nl = text.indexOf('\n', i);
      if (close < 0 || (nl >= 0 && nl < close)) throw new MouthpieceError('INVALID_ARGUMENT', `Unterminated [index] at line ${line}`);
      i = close + 1;
    } else if (c === '=' || c === ':') {
      i++;
    } else {
      KEY.lastIndex = i;
      if (KEY.test(text)) {
        i = KEY.lastIndex;
        continue;
      }
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m === null) {
        throw new MouthpieceError('INVALID_ARGUMENT', `Unexpected character ${JSON.stringify(c)} (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}) at line ${line}`);
      }
      const value = Number(m[0]);
      if (!Number.isFinite(value)) throw new MouthpieceError('INVALID_ARGUMENT', `Expected a finite number but received ${m[0].slice(0, 40)} (line ${line})`);
      i = NUMBER.lastIndex;
      // "1.5abc" is one corrupt token, not a number followed by a key.
      if (i < n && /[A-Za-z_]/.test(text[i])) {
        throw new MouthpieceError('INVALID_ARGUMENT', `Malformed number ${JSON.stringify(text.slice(NUMBER.lastIndex - m[0].length, i + 1))} at line ${line}`);
      }
      tokens.push({ kind: 'number', value, line });
    }
  }
  return tokens;
}

function decodeText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!(input instanceof Uint8Array)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected string or Uint8Array for input but received ${input === null ? 'null' : typeof input}`);
  }
  const b = input;
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  let offset = 0;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) offset = 3;
  else if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) [encoding, offset] = ['utf-16le', 2];
  else if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) [encoding, offset] = ['utf-16be', 2];
  // No BOM: a text file starting "File type" in UTF-16 has a zero byte next to every ASCII letter.
  else if (b.length >= 2 && b[0] !== 0 && b[1] === 0) encoding = 'utf-16le';
  else if (b.length >= 2 && b[0] === 0 && b[1] !== 0) encoding = 'utf-16be';
  let body = b.subarray(offset);
  if (encoding !== 'utf-8' && body.length % 2 !== 0) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an even number of bytes for UTF-16 text but received ${body.length}`);
  }
  if (encoding === 'utf-16be') {
    // TextDecoder's utf-16be needs full ICU; swapping to LE works everywhere.
    const swapped = new Uint8Array(body.length);
    for (let k = 0; k < body.length; k += 2) {
      swapped[k] = body[k + 1];
      swapped[k + 1] = body[k];
    }
    body = swapped;
    encoding = 'utf-16le';
  }
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch (e) {
    throw new MouthpieceError('INVALID_ARGUMENT', `TextGrid bytes are not valid ${encoding === 'utf-8' ? 'UTF-8' : 'UTF-16'} text`, { cause: e });
  }
}
