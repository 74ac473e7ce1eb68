// Persistent index store: one file per project folder, keyed by the fingerprint of what the index was
// built from. Written atomically (temp file + rename) with a magic header, a format version and a
// checksum, so a torn, corrupted or old-format file is detected (and the caller rebuilds) instead of
// being trusted. Loading reads each section into its own buffer (typed-array views over it, no copies).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';

/** Bump when the container layout changes; files with another version load as 'old-format'. */
export const STORE_FORMAT_VERSION = 1;
const MAGIC = 'LSCOUTIX';
const INDEX_FILE = 'index.bin';
/** magic(8) + version(4) + headerLength(4) + checksum(4) + checksum algorithm(4; 0 in older files) */
const PREFIX_BYTES = 24;
/** Checksum algorithms (the prefix's last word): files of either kind load. */
const CHECKSUM_MURMUR = 0;
const CHECKSUM_CRC32 = 1;

export interface StoreMeta {
  [key: string]: unknown;
}

export type LoadError = 'missing' | 'corrupt' | 'old-format' | 'other-key' | 'other';

export type LoadResult =
  | {
      ok: true;
      key: string;
      meta: StoreMeta;
      sections: Record<string, Uint8Array>;
      /** The sections asked for with `LoadOptions.asLines`, split at newlines (absent when stored otherwise). */
      lines: Record<string, string[]>;
      /** The sections asked for with `LoadOptions.onDisk`, checksummed and left in the file (absent when stored otherwise). */
      onDisk: Record<string, FileSection>;
      /** Close the file `onDisk` reads from, when they will not be used (else it closes once they are unreachable). */
      close(): void;
      bytes: number;
      path: string;
    }
  | { ok: false; error: LoadError; detail: string; path: string };

export type SaveResult = { ok: true; path: string; bytes: number } | { ok: false; error: string; path: string };

interface SectionEntry {
  name: string;
  offset: number;
  length: number;
}
interface Header {
  key: string;
  meta: StoreMeta;
  sections: SectionEntry[];
  createdAt: string;
}

/** Path of the index file inside a project's cache folder. */
export function indexFilePath(cacheDir: string): string {
  return path.join(cacheDir, INDEX_FILE);
}

/**
 * Per-user cache folder for one project: `$XDG_CACHE_HOME/leanscout/<hash of the absolute root>`
 * (`~/.cache/leanscout/…`, or `%LOCALAPPDATA%\leanscout\…` on Windows). The hash keeps two projects
 * with the same folder name apart; the readable suffix helps a user find it.
 */
export function defaultCacheDir(root: string): string {
  const abs = path.resolve(root);
  const digest = createHash('sha256').update(abs).digest('hex').slice(0, 16);
  const base = path.basename(abs).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'root';
  return path.join(userCacheRoot(), `${base}-${digest}`);
}

export function userCacheRoot(): string {
  const env = process.env;
  if (process.platform === 'win32') {
    const local = env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local');
    return path.join(local, 'leanscout');
  }
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'leanscout');
  return path.join(os.homedir(), '.cache', 'leanscout');
}

/**
 * A fast 32-bit checksum over 4-byte words (Math.imul mixing, murmur-style). Not cryptographic: it only
 * has to catch torn writes and bit rot. `bytes` must start at a 4-aligned offset of its buffer.
 */
export function checksum32(bytes: Uint8Array): number {
  const words = Math.floor(bytes.byteLength / 4);
  let h = 0x9747b28c ^ bytes.byteLength;
  if (bytes.byteOffset % 4 === 0) {
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) {
      let k = Math.imul(w[i], 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  } else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < words; i++) {
      let k = Math.imul(dv.getUint32(i * 4, true), 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  }
  for (let i = words * 4; i < bytes.byteLength; i++) {
    h ^= Math.imul(bytes[i], 0x1b873593);
    h = (h << 13) | (h >>> 19);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
/** zlib's native CRC-32 (Node ≥ 20.15: SIMD, ~10× the JS checksum), else the same CRC in JS. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `bytes`, continuing from `previous` (so a file can be checked piece by piece). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  // zlib answers 0 for an empty input whatever the running value (its null-buffer case).
  if (bytes.length === 0) return previous >>> 0;
  if (typeof nativeCrc32 === 'function') return nativeCrc32(bytes, previous) >>> 0;
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * Rename `from` over `to`. Windows will not replace a file that is open (a loaded index reads its text from it,
 * see `LoadOptions.onDisk`), but lets that file be renamed: it is moved aside first and removed once closed
 * (here if it already is, else by a later save). `platform` and `rename` are there for tests.
 */
export function replaceFile(from: string, to: string, platform: NodeJS.Platform = process.platform, rename: (a: string, b: string) => void = fs.renameSync): void {
  const dir = path.dirname(to);
  const aside = (name: string) => name.startsWith(path.basename(to) + '.') && name.endsWith('.replaced');
  for (const name of fs.readdirSync(dir).filter(aside)) {
    try {
      fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      /* still open */
    }
  }
  try {
    rename(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (platform !== 'win32' || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw e;
    const old = `${to}.${process.pid}-${Date.now()}.replaced`;
    rename(to, old);
    rename(from, to);
    try {
      fs.rmSync(old, { force: true });
    } catch {
      /* still open: a later save removes it */
    }
  }
}

/**
 * Write `sections` under `key` into `cacheDir/index.bin`, atomically. Every section starts at an
 * 8-byte-aligned offset, so a loader can view it as Uint32Array / Float64Array without copying.
 * Never throws.
 */
export function saveIndex(cacheDir: string, key: string, sections: Record<string, Uint8Array>, meta: StoreMeta = {}): SaveResult {
  const file = indexFilePath(cacheDir);
  let tmp = '';
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const names = Object.keys(sections);
    const entries: SectionEntry[] = [];
    let offset = 0;
    for (const name of names) {
      entries.push({ name, offset, length: sections[name].byteLength });
      offset = align8(offset + sections[name].byteLength);
    }
    const header: Header = { key, meta, sections: entries, createdAt: new Date().toISOString() };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const bodyStart = align8(PREFIX_BYTES + headerBytes.length);
    // Written piece by piece (no second copy of a 100 MB index in memory); the checksum covers
    // header and body (everything after the prefix) and goes into the prefix last.
    const prefix = Buffer.alloc(PREFIX_BYTES);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(STORE_FORMAT_VERSION, 8);
    prefix.writeUInt32LE(headerBytes.length, 12);
    prefix.writeUInt32LE(CHECKSUM_CRC32, 20);
    const zeros = new Uint8Array(8);
    tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    let pos = 0;
    let crc = 0;
    const put = (bytes: Uint8Array, checked = true) => {
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, pos + done);
      pos += bytes.length;
      if (checked) crc = crc32(bytes, crc);
    };
    try {
      put(prefix, false);
      put(headerBytes);
      put(zeros.subarray(0, bodyStart - PREFIX_BYTES - headerBytes.length)); // zero padding: deterministic
      for (let i = 0; i < names.length; i++) {
        const bytes = sections[names[i]];
        put(bytes);
        const padded = align8(entries[i].offset + bytes.byteLength) - (entries[i].offset + bytes.byteLength);
        if (padded) put(zeros.subarray(0, padded));
      }
      const sum = Buffer.alloc(4);
      sum.writeUInt32LE(crc, 0);
      fs.writeSync(fd, sum, 0, 4, 16);
      // No fsync (it took ~0.18 s of Mathlib's cold index): a file torn by a crash fails its checksum at the next
      // load and is rebuilt, and the rename below still never shows a reader half a file.
    } finally {
      fs.closeSync(fd);
    }
    const total = pos;
    replaceFile(tmp, file);
    return { ok: true, path: file, bytes: total };
  } catch (e) {
    if (tmp) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* best effort */
      }
    }
    return { ok: false, error: saveErrorText(e, cacheDir), path: file };
  }
}

/** A failed save in plain words (the cache folder is a file, is not writable, the disk is full), else the system's. */
function saveErrorText(e: unknown, cacheDir: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const inTheWay = code === 'EEXIST' || code === 'ENOTDIR' ? fileInTheWay(cacheDir) : undefined;
  if (inTheWay) return `${inTheWay} is a file, not a folder`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `${cacheDir} is not writable`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return `no space left for it in ${cacheDir}`;
  return e instanceof Error ? e.message : String(e);
}

/** The file standing where the cache folder, or a folder above it, should be. */
function fileInTheWay(dir: string): string | undefined {
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    try {
      return fs.statSync(p).isDirectory() ? undefined : p;
    } catch {
      if (path.dirname(p) === p) return undefined;
    }
  }
}

export interface LoadOptions {
  /**
   * Sections the caller only decodes into lines of text (names, vocabularies, JSON): read in small pieces straight
   * into strings. A large buffer freed after loading makes glibc raise its mmap and trim thresholds to that size
   * (up to 32 and 64 MB), after which memory the threads free stays in the process (measured in a worker: 18 MB
   * less RSS after a warm load of Mathlib's index, 8 MB less after 800 searches).
   */
  asLines?: readonly string[];
  /**
   * Sections read only a few bytes at a time (a hit's signature and docstring): checksummed with the rest, then
   * left in the file and read on demand through a `FileSection`, which keeps the file open (an atomic save
   * replaces the file's name, never its bytes, so what was checked stays what is read).
   */
  onDisk?: readonly string[];
  /** Keep only these sections (the others are still read, in pieces, for the checksum). */
  only?: readonly string[];
}

/** Closes an index file once nothing can read it any more (see `OpenIndexFile`). */
const closeWhenUnreachable = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    /* already closed */
  }
});

/** An index file kept open for its `FileSection`s: closed by `close()`, or once none of them is reachable. */
class OpenIndexFile {
  private open = true;

  constructor(readonly fd: number) {
    closeWhenUnreachable.register(this, fd, this);
  }

  get isOpen(): boolean {
    return this.open;
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    closeWhenUnreachable.unregister(this);
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}

/** One section of an index file, read on demand (see `LoadOptions.onDisk`). */
export class FileSection {
  private scratch = Buffer.allocUnsafe(4096);

  constructor(
    private readonly file: OpenIndexFile,
    /** Where the section starts in the file. */
    private readonly start: number,
    readonly byteLength: number,
  ) {}

  /**
   * Bytes [from, to) of the section, valid until the next call. A read that fails (the disk, a file cut short
   * behind our back, a closed load) gives no bytes: the caller shows less text rather than failing a search.
   */
  read(from: number, to: number): Buffer {
    const length = Math.max(0, Math.min(to, this.byteLength) - from);
    if (length === 0 || !this.file.isOpen) return this.scratch.subarray(0, 0);
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    try {
      return readFully(this.file.fd, this.scratch.subarray(0, length), this.start + from);
    } catch {
      return this.scratch.subarray(0, 0);
    }
  }
}

/** Bytes read at a time for `asLines` and `onDisk` sections: under glibc's initial 128 KiB mmap threshold. */
export const PIECE_BYTES = 64 * 1024;

/** Fill `into` from the file at `at`; throws if the file ends first. */
function readFully<T extends Uint8Array>(fd: number, into: T, at: number): T {
  let done = 0;
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, at + done);
    if (n === 0) throw new Error('file ended early');
    done += n;
  }
  return into;
}

/**
 * Load the index saved under `key`. Sections are views into one buffer (8-byte aligned).
 * Returns an error value instead of throwing: 'missing', 'corrupt', 'old-format', 'other-key', 'other'.
 * Pass `key = undefined` to accept whatever key is stored (for inspection tools).
 */
export function loadIndex(cacheDir: string, key: string | undefined, options: LoadOptions = {}): LoadResult {
  const file = indexFilePath(cacheDir);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, error: 'missing', detail: `no index at ${file}`, path: file };
    return { ok: false, error: 'other', detail: `cannot read ${file}: ${(e as Error).message}`, path: file };
  }
  let keepOpen = false;
  try {
    const size = fs.fstatSync(fd).size;
    const readAt = <T extends Uint8Array>(into: T, at: number): T => readFully(fd, into, at);
    if (size < PREFIX_BYTES) return { ok: false, error: 'corrupt', detail: `file too short (${size} bytes)`, path: file };
    const prefix = readAt(Buffer.alloc(PREFIX_BYTES), 0);
    if (prefix.toString('latin1', 0, 8) !== MAGIC) return { ok: false, error: 'corrupt', detail: 'not a LeanScout index (bad magic)', path: file };
    const version = prefix.readUInt32LE(8);
    if (version !== STORE_FORMAT_VERSION) {
      return { ok: false, error: 'old-format', detail: `format version ${version}, expected ${STORE_FORMAT_VERSION}`, path: file };
    }
    const headerLength = prefix.readUInt32LE(12);
    const stored = prefix.readUInt32LE(16);
    if (PREFIX_BYTES + headerLength > size) return { ok: false, error: 'corrupt', detail: 'header runs past the end of the file', path: file };
    const algorithm = prefix.readUInt32LE(20);
    if (algorithm !== CHECKSUM_MURMUR && algorithm !== CHECKSUM_CRC32) return { ok: false, error: 'corrupt', detail: `unknown checksum kind ${algorithm}`, path: file };
    const bodyStart = align8(PREFIX_BYTES + headerLength);
    const headerBytes = readAt(Buffer.alloc(bodyStart - PREFIX_BYTES), PREFIX_BYTES);
    let header: Header;
    try {
      header = JSON.parse(headerBytes.toString('utf8', 0, headerLength)) as Header;
    } catch {
      return { ok: false, error: 'corrupt', detail: 'header is not valid JSON', path: file };
    }
    if (!header || typeof header.key !== 'string' || !Array.isArray(header.sections)) {
      return { ok: false, error: 'corrupt', detail: 'header lacks key or sections', path: file };
    }
    if (key !== undefined && header.key !== key) {
      return { ok: false, error: 'other-key', detail: `index was built from other inputs (${header.key.slice(0, 12)}… ≠ ${key.slice(0, 12)}…)`, path: file };
    }
    const inBounds = (s: SectionEntry, from: number) =>
      typeof s.name === 'string' && Number.isInteger(s.offset) && Number.isInteger(s.length) && s.offset >= 0 && s.length >= 0 && bodyStart + s.offset >= from && bodyStart + s.offset + s.length <= size;
    const outOfBounds = (s: SectionEntry): LoadResult => ({ ok: false, error: 'corrupt', detail: `section ${String(s.name)} out of bounds`, path: file });
    const sections: Record<string, Uint8Array> = {};
    if (algorithm === CHECKSUM_MURMUR) {
      // Older files: the word checksum runs over the whole body, so it is read as one buffer (starting at an
      // 8-aligned file offset, so section views stay aligned) and the sections are views into it.
      const body = readAt(new Uint8Array(size - PREFIX_BYTES), PREFIX_BYTES);
      const actual = checksum32(body);
      if (actual !== stored) return { ok: false, error: 'corrupt', detail: `checksum mismatch (stored ${stored}, computed ${actual})`, path: file };
      for (const s of header.sections) {
        if (!inBounds(s, bodyStart)) return outOfBounds(s);
        const at = bodyStart - PREFIX_BYTES + s.offset;
        sections[s.name] = body.subarray(at, at + s.length);
      }
      return { ok: true, key: header.key, meta: header.meta ?? {}, sections, lines: {}, onDisk: {}, close: () => {}, bytes: size, path: file };
    }
    // One buffer per section, read in file order with the checksum running over every byte after the
    // prefix: sections the loader decodes into JS values (names, module list, vocabulary) can then be
    // freed on their own instead of pinning one buffer of the whole file.
    let crc = crc32(headerBytes);
    let pos = bodyStart;
    const lines: Record<string, string[]> = {};
    const asLines = new Set(options.asLines ?? []);
    const leftOnDisk = new Set(options.onDisk ?? []);
    const onDiskEntries: SectionEntry[] = [];
    let piece: Buffer | undefined;
    for (const s of [...header.sections].sort((a, b) => a.offset - b.offset)) {
      if (!inBounds(s, pos)) return outOfBounds(s);
      if (bodyStart + s.offset > pos) crc = crc32(readAt(new Uint8Array(bodyStart + s.offset - pos), pos), crc);
      const dropped = options.only !== undefined && !options.only.includes(s.name);
      if (asLines.has(s.name) || leftOnDisk.has(s.name) || dropped) {
        piece ??= Buffer.allocUnsafe(PIECE_BYTES);
        const splitter = asLines.has(s.name) && !dropped ? new LineSplitter() : undefined;
        for (let at = 0; at < s.length; at += PIECE_BYTES) {
          const bytes = readAt(piece.subarray(0, Math.min(PIECE_BYTES, s.length - at)), bodyStart + s.offset + at);
          crc = crc32(bytes, crc);
          splitter?.push(bytes);
        }
        if (splitter) lines[s.name] = splitter.end();
        else if (!dropped) onDiskEntries.push(s);
      } else {
        const bytes = readAt(new Uint8Array(s.length), bodyStart + s.offset);
        crc = crc32(bytes, crc);
        sections[s.name] = bytes;
      }
      pos = bodyStart + s.offset + s.length;
    }
    if (pos < size) crc = crc32(readAt(new Uint8Array(size - pos), pos), crc);
    if (crc !== stored) return { ok: false, error: 'corrupt', detail: `checksum mismatch (stored ${stored}, computed ${crc})`, path: file };
    const onDisk: Record<string, FileSection> = {};
    const open = onDiskEntries.length ? new OpenIndexFile(fd) : undefined;
    for (const s of onDiskEntries) onDisk[s.name] = new FileSection(open!, bodyStart + s.offset, s.length);
    keepOpen = open !== undefined;
    const close = () => open?.close();
    return { ok: true, key: header.key, meta: header.meta ?? {}, sections, lines, onDisk, close, bytes: size, path: file };
  } catch (e) {
    return { ok: false, error: 'other', detail: e instanceof Error ? e.message : String(e), path: file };
  } finally {
    if (!keepOpen) fs.closeSync(fd);
  }
}

/** Remove a project's stored index (e.g. after 'corrupt'); never throws. */
export function removeIndex(cacheDir: string): void {
  try {
    fs.rmSync(indexFilePath(cacheDir), { force: true });
  } catch {
    /* nothing to do */
  }
}

/**
 * UTF-8 bytes given piece by piece, split at newlines as `decodeLines` splits them whole: empty input gives no
 * lines, otherwise the text after the last newline is a line too. A line within one piece becomes its own flat
 * string (one byte per char when ASCII); one that spans pieces is stream-decoded (a character may span them).
 */
export class LineSplitter {
  private readonly lines: string[] = [];
  private readonly decoder = new TextDecoder();
  private spanning: string[] | undefined;
  private any = false;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.any = true;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let start = 0;
    let ascii = true;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === 10) {
        if (this.spanning) {
          this.spanning.push(this.decoder.decode(buf.subarray(start, i)));
          this.lines.push(this.spanning.join(''));
          this.spanning = undefined;
        } else this.lines.push(start === i ? '' : ascii ? buf.toString('latin1', start, i) : buf.toString('utf8', start, i));
        start = i + 1;
        ascii = true;
      } else if (b >= 0x80) ascii = false;
    }
    if (start < buf.length) (this.spanning ??= []).push(this.decoder.decode(buf.subarray(start), { stream: true }));
  }

  end(): string[] {
    if (this.any) this.lines.push(this.spanning ? this.spanning.join('') + this.decoder.decode() : '');
    this.spanning = undefined;
    return this.lines;
  }
}

/** Helpers for sections holding JSON or UTF-8 text. */
export function jsonSection(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
export function readJsonSection<T>(bytes: Uint8Array | undefined): T | undefined {
  if (!bytes) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
