import { MouthpieceError } from '../api/MouthpieceError.js';

/** What {@link readOnnxHeader} finds at the top level of an ONNX file. */
export interface OnnxHeader {
  /** ModelProto.ir_version. */
  irVersion: number;
  /** ModelProto.producer_name ('' when absent). */
  producerName: string;
  /** Operator sets the graph imports ('' is the default ONNX domain). */
  opsets: { domain: string; version: number }[];
  /** ModelProto.metadata_props as a plain record (later keys win). */
  metadata: Record<string, string>;
  /** Bytes of the serialized graph (0 when the file has none). */
  graphBytes: number;
}

// ModelProto field numbers (onnx/onnx.proto3).
const IR_VERSION = 1;
const PRODUCER_NAME = 2;
const GRAPH = 7;
const OPSET_IMPORT = 8;
const METADATA_PROPS = 14;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the top level of an ONNX `ModelProto` (IR version, producer, opsets,
 * metadata) from untrusted bytes, skipping the graph by its length.
 * onnxruntime's JavaScript API does not expose `metadata_props`, and a
 * truncated or foreign file should fail here with a message that names the
 * problem, before the runtime sees it.
 *
 * Throws `MouthpieceError` with code `BAD_MODEL` for anything that is not a
 * well-formed protobuf message (bad wire type, varint over 10 bytes, a length
 * past the end: "truncated"), and when there is no graph.
 *
 * @example
 * ```ts
 * const { metadata } = readOnnxHeader(await readFile('model.onnx'));
 * metadata.format; // 'mouthpiece-motion-step'
 * ```
 */
export function readOnnxHeader(bytes: Uint8Array): OnnxHeader {
  if (!(bytes instanceof Uint8Array)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected Uint8Array for model bytes but received ${typeof bytes}`);
  }
  const r = new ProtoReader(bytes, 0, bytes.length);
  const header: OnnxHeader = { irVersion: 0, producerName: '', opsets: [], metadata: {}, graphBytes: 0 };
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === IR_VERSION && wire === 0) header.irVersion = r.varint();
    else if (field === PRODUCER_NAME && wire === 2) header.producerName = r.string();
    else if (field === GRAPH && wire === 2) header.graphBytes = r.skipBytes();
    else if (field === OPSET_IMPORT && wire === 2) header.opsets.push(readOpset(r.sub()));
    else if (field === METADATA_PROPS && wire === 2) {
      const [k, v] = readStringPair(r.sub());
      header.metadata[k] = v;
    } else r.skip(wire);
  }
  if (header.graphBytes === 0) throw new MouthpieceError('BAD_MODEL', 'not an ONNX model: no graph');
  if (header.irVersion <= 0) throw new MouthpieceError('BAD_MODEL', 'not an ONNX model: no IR version');
  return header;
}

function readOpset(r: ProtoReader): { domain: string; version: number } {
  const o = { domain: '', version: 0 };
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === 2) o.domain = r.string();
    else if (field === 2 && wire === 0) o.version = r.varint();
    else r.skip(wire);
  }
  return o;
}

function readStringPair(r: ProtoReader): [string, string] {
  let k = '';
  let v = '';
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === 2) k = r.string();
    else if (field === 2 && wire === 2) v = r.string();
    else r.skip(wire);
  }
  return [k, v];
}

/** A bounds-checked protobuf wire-format cursor over [pos, end). */
class ProtoReader {
  constructor(
    private readonly b: Uint8Array,
    private pos: number,
    private readonly end: number,
  ) {}

  done(): boolean {
    return this.pos >= this.end;
  }

  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) throw new MouthpieceError('BAD_MODEL', `not an ONNX model: field number 0 at byte ${this.pos}`);
    return { field, wire: t % 8 };
  }

  /** Varints up to 2^53 (enough for ONNX's lengths and versions). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw truncated();
      const byte = this.b[this.pos++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (!Number.isSafeInteger(result)) throw new MouthpieceError('BAD_MODEL', 'not an ONNX model: varint too large');
        return result;
      }
      scale *= 128;
    }
    throw new MouthpieceError('BAD_MODEL', 'not an ONNX model: varint longer than 10 bytes');
  }

  skipBytes(): number {
    const n = this.varint();
    if (n > this.end - this.pos) throw truncated();
    this.pos += n;
    return n;
  }

  sub(): ProtoReader {
    const n = this.varint();
    if (n > this.end - this.pos) throw truncated();
    const r = new ProtoReader(this.b, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  string(): string {
    const n = this.varint();
    if (n > this.end - this.pos) throw truncated();
    const s = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return decoder.decode(s);
    } catch {
      throw new MouthpieceError('BAD_MODEL', 'not an ONNX model: a string field is not UTF-8');
    }
  }

  skip(wire: number): void {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.skipBytes();
        return;
      case 5:
        this.advance(4);
        return;
      default:
        // Groups (3, 4) are not used by ONNX; 6 and 7 do not exist.
        throw new MouthpieceError('BAD_MODEL', `not an ONNX model: wire type ${wire} at byte ${this.pos}`);
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw truncated();
    this.pos += n;
  }
}

function truncated(): MouthpieceError {
  return new MouthpieceError('BAD_MODEL', 'model file is truncated (a field runs past the end of the file)');
}
