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
  | { ok: true; key: string; meta: StoreMeta; sections: Record<string, Uint8Array>; bytes: number; path: string }
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
      try {
        fs.fsyncSync(fd);
      } catch {
        // some filesystems refuse fsync; the rename is still atomic
      }
    } finally {
      fs.closeSync(fd);
    }
    const total = pos;
    fs.renameSync(tmp, file);
    return { ok: true, path: file, bytes: total };
  } catch (e) {
    if (tmp) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* best effort */
      }
    }
    return { ok: false, error: e instanceof Error ? e.message : String(e), path: file };
  }
}

/**
 * Load the index saved under `key`. Sections are views into one buffer (8-byte aligned).
 * Returns an error value instead of throwing: 'missing', 'corrupt', 'old-format', 'other-key', 'other'.
 * Pass `key = undefined` to accept whatever key is stored (for inspection tools).
 */
export function loadIndex(cacheDir: string, key: string | undefined): LoadResult {
  const file = indexFilePath(cacheDir);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, error: 'missing', detail: `no index at ${file}`, path: file };
    return { ok: false, error: 'other', detail: `cannot read ${file}: ${(e as Error).message}`, path: file };
  }
  try {
    const size = fs.fstatSync(fd).size;
    const readAt = <T extends Uint8Array>(into: T, at: number): T => {
      let done = 0;
      while (done < into.length) {
        const n = fs.readSync(fd, into, done, into.length - done, at + done);
        if (n === 0) throw new Error('file ended early');
        done += n;
      }
      return into;
    };
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
      return { ok: true, key: header.key, meta: header.meta ?? {}, sections, bytes: size, path: file };
    }
    // One buffer per section, read in file order with the checksum running over every byte after the
    // prefix: sections the loader decodes into JS values (names, module list, vocabulary) can then be
    // freed on their own instead of pinning one buffer of the whole file.
    let crc = crc32(headerBytes);
    let pos = bodyStart;
    for (const s of [...header.sections].sort((a, b) => a.offset - b.offset)) {
      if (!inBounds(s, pos)) return outOfBounds(s);
      if (bodyStart + s.offset > pos) crc = crc32(readAt(new Uint8Array(bodyStart + s.offset - pos), pos), crc);
      const bytes = readAt(new Uint8Array(s.length), bodyStart + s.offset);
      crc = crc32(bytes, crc);
      sections[s.name] = bytes;
      pos = bodyStart + s.offset + s.length;
    }
    if (pos < size) crc = crc32(readAt(new Uint8Array(size - pos), pos), crc);
    if (crc !== stored) return { ok: false, error: 'corrupt', detail: `checksum mismatch (stored ${stored}, computed ${crc})`, path: file };
    return { ok: true, key: header.key, meta: header.meta ?? {}, sections, bytes: size, path: file };
  } catch (e) {
    return { ok: false, error: 'other', detail: e instanceof Error ? e.message : String(e), path: file };
  } finally {
    fs.closeSync(fd);
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
