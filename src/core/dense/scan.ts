// Brute-force Int8 dot products of one query against every stored row.
//
// Measured on this machine at 262,144 × 768 (Mathlib-sized): a float JS loop ~450–1100 ms per query, an integer
// JS loop ~580 ms, the WebAssembly SIMD kernel below a few tens of ms (see the report / test/bench/dense-scan.ts).
// The kernel is 180 hand-assembled bytes (no toolchain, no native module): for each row it loads 8 Int8 values
// at a time widened to Int16 (`v128.load8x8_s`), multiplies them with the Int16 query and sums pairs
// (`i32x4.dot_i16x8_s`), and writes one Int32 per row. Rows and query live in the module's own memory.
// Without WebAssembly SIMD (or for a dimension that is not a multiple of 8) the integer JS loop is used.

/** scan(qPtr, vecPtr, count, dim, outPtr): out[r] = Σ_j q[j] · vec[r·dim + j]  (q Int16, vec Int8, out Int32). */
function kernelBytes(): Uint8Array<ArrayBuffer> {
  const simd = (op: number[]) => [0xfd, ...op];
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const tee = (i: number) => [0x22, i];
  const i32 = (n: number) => [0x41, n]; // small non-negative constants only
  const ADD = 0x6a;
  const SHL = 0x74;
  const LT_U = 0x49;
  const lane = (k: number) => [...get(7), ...simd([0x1b, k])];
  const code = [
    // locals: r (5), j (6): i32; acc (7): v128
    0x02, 0x02, 0x7f, 0x01, 0x7b,
    ...get(2), 0x45, 0x04, 0x40, 0x0f, 0x0b, // if count == 0: return
    ...i32(0), ...set(5),
    0x03, 0x40, // loop rows
    ...simd([0x0c, ...new Array(16).fill(0)]), ...set(7),
    ...i32(0), ...set(6),
    0x03, 0x40, // loop dims, 8 at a time
    ...get(7),
    ...get(1), ...get(6), ADD, ...simd([0x01, 0x00, 0x00]), // v128.load8x8_s [vec + j]
    ...get(0), ...get(6), ...i32(1), SHL, ADD, ...simd([0x00, 0x00, 0x00]), // v128.load [q + 2j]
    ...simd([0xba, 0x01]), // i32x4.dot_i16x8_s
    ...simd([0xae, 0x01]), // i32x4.add
    ...set(7),
    ...get(6), ...i32(8), ADD, ...tee(6), ...get(3), LT_U, 0x0d, 0x00,
    0x0b,
    ...get(4), ...get(5), ...i32(2), SHL, ADD, // &out[r]
    ...lane(0), ...lane(1), ADD, ...lane(2), ADD, ...lane(3), ADD,
    0x36, 0x02, 0x00, // i32.store
    ...get(1), ...get(3), ADD, ...set(1),
    ...get(5), ...i32(1), ADD, ...tee(5), ...get(2), LT_U, 0x0d, 0x00,
    0x0b,
    0x0b,
  ];
  const body = [...leb(code.length), ...code];
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]),
    ...section(2, [0x01, ...name('env'), ...name('mem'), 0x02, 0x00, 0x01]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name('scan'), 0x00, 0x00]),
    ...section(10, [0x01, ...body]),
  ]);
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

let kernelModule: WebAssembly.Module | null | undefined;
function kernel(): WebAssembly.Module | null {
  if (kernelModule === undefined) {
    try {
      const bytes = kernelBytes();
      kernelModule = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      kernelModule = null;
    }
  }
  return kernelModule;
}

/** Rows × query as Int32 dot products; the query is quantised to Int16 with a scale that cannot overflow. */
export interface RowScanner {
  readonly kind: 'wasm-simd' | 'js';
  /** Fills and returns dots (Int32 per row) and the query's scale: cosine ≈ dots[r] · rowScale[r] / queryScale. */
  scan(query: Float32Array): { dots: Int32Array; queryScale: number };
}

const PAGE = 65536;

export function createRowScanner(vectors: Int8Array, count: number, dim: number, opts: { forceJs?: boolean } = {}): RowScanner {
  const mod = opts.forceJs || dim % 8 !== 0 || count === 0 ? null : kernel();
  // Separate functions on purpose: a closure sharing this scope would keep `vectors` (the file's buffer) alive.
  return (mod && wasmScanner(mod, vectors, count, dim)) || jsScanner(vectors, count, dim);
}

/** |q| ≤ maxQ keeps Σ q·v within Int32 for any row (|v| ≤ 127). Returns the scale applied. */
function quantizeQuery(query: Float32Array, into: Int16Array | Int32Array, dim: number): number {
  const maxQ = Math.max(1, Math.min(32767, Math.floor(2 ** 31 / (128 * Math.max(1, dim)))));
  let maxAbs = 0;
  for (let i = 0; i < dim; i++) maxAbs = Math.max(maxAbs, Math.abs(query[i]));
  const scale = maxAbs > 0 ? maxQ / maxAbs : 1;
  for (let i = 0; i < dim; i++) into[i] = Math.round(query[i] * scale);
  return scale;
}

function wasmScanner(mod: WebAssembly.Module, vectors: Int8Array, count: number, dim: number): RowScanner | undefined {
  let memory: WebAssembly.Memory;
  let run: (q: number, v: number, count: number, dim: number, out: number) => void;
  const qBytes = Math.ceil((dim * 2) / 16) * 16;
  const outBytes = Math.ceil((count * 4) / 16) * 16;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil((qBytes + outBytes + count * dim) / PAGE) });
    run = new WebAssembly.Instance(mod, { env: { mem: memory } }).exports.scan as typeof run;
    new Int8Array(memory.buffer, qBytes + outBytes, count * dim).set(vectors.subarray(0, count * dim));
  } catch {
    return undefined; // e.g. no memory for the copy: the JS loop works on the original
  }
  const q = new Int16Array(memory.buffer, 0, dim);
  const dots = new Int32Array(memory.buffer, qBytes, count);
  return {
    kind: 'wasm-simd',
    scan(query) {
      const queryScale = quantizeQuery(query, q, dim);
      run(0, qBytes + outBytes, count, dim, qBytes);
      return { dots, queryScale };
    },
  };
}

function jsScanner(vectors: Int8Array, count: number, dim: number): RowScanner {
  const q = new Int32Array(dim);
  const dots = new Int32Array(count);
  return {
    kind: 'js',
    scan(query) {
      const queryScale = quantizeQuery(query, q, dim);
      for (let r = 0, off = 0; r < count; r++, off += dim) {
        let dot = 0;
        let j = 0;
        for (; j + 3 < dim; j += 4) dot = (dot + q[j] * vectors[off + j] + q[j + 1] * vectors[off + j + 1] + q[j + 2] * vectors[off + j + 2] + q[j + 3] * vectors[off + j + 3]) | 0;
        for (; j < dim; j++) dot = (dot + q[j] * vectors[off + j]) | 0;
        dots[r] = dot;
      }
      return { dots, queryScale };
    },
  };
}
