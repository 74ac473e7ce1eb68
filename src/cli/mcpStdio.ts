// stdin for the MCP server, one guard in front of the SDK's StdioServerTransport: that transport closes for good
// when a message outgrows its read buffer, which would leave the server deaf. Here a line longer than the limit is
// dropped as it streams (never held whole) and, when its JSON-RPC id can be read from its start, answered with an
// error; every other line passes unchanged.
import { Transform, type TransformCallback } from 'node:stream';

/** The longest message passed on (bytes). Tool arguments are far smaller; a longer line is a client's mistake. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export class MessageSizeGuard extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while the rest of an oversized line is being skipped: its first bytes, its last bytes, its size so far. */
  private dropping?: { head: string; tail: Buffer; bytes: number };

  constructor(
    private readonly limit: number,
    private readonly onTooLarge: (id: string | number | undefined, bytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl + 1;
      const piece = chunk.subarray(start, end);
      if (this.dropping) {
        this.dropping.bytes += piece.length;
        this.dropping.tail = lastBytes(Buffer.concat([this.dropping.tail, piece]), 512);
      } else if (this.pendingBytes + piece.length > this.limit) {
        const all = Buffer.concat([...this.pending, piece]);
        this.dropping = { head: all.subarray(0, 512).toString('utf8'), tail: lastBytes(all, 512), bytes: all.length };
        this.pending = [];
        this.pendingBytes = 0;
      } else {
        this.pending.push(piece);
        this.pendingBytes += piece.length;
      }
      if (nl >= 0) {
        if (this.dropping) {
          this.onTooLarge(requestIdOf(this.dropping.head, this.dropping.tail.toString('utf8')), this.dropping.bytes);
          this.dropping = undefined;
        } else {
          this.push(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending));
        }
        this.pending = [];
        this.pendingBytes = 0;
      }
      start = end;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.dropping && this.pendingBytes > 0) this.push(Buffer.concat(this.pending));
    done();
  }
}

function lastBytes(b: Buffer, n: number): Buffer {
  return b.length <= n ? b : b.subarray(b.length - n);
}

const ID = String.raw`(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*")`;
/** `"id"` as the last member (the SDK's order: method, params, jsonrpc, id), or the first (`{"jsonrpc":"2.0","id":…`). */
const ID_AT_END = new RegExp(String.raw`[,{]\s*"id"\s*:\s*${ID}\s*\}\s*$`);
const ID_AT_START = new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${ID}`);

/** The id of a JSON-RPC request from the start and the end of its text, where a top-level `"id"` sits. */
export function requestIdOf(head: string, tail = ''): string | number | undefined {
  const m = ID_AT_END.exec(tail) ?? ID_AT_START.exec(head);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]) as string | number;
  } catch {
    return undefined;
  }
}
