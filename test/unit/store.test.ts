// Unit tests of the persistent index store: atomic write, checksum, key and format checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checksum32, defaultCacheDir, indexFilePath, LineSplitter, loadIndex, replaceFile, saveIndex, STORE_FORMAT_VERSION, jsonSection, readJsonSection } from '../../src/core/store/indexStore';
import { decodeLines } from '../../src/core/search/declStore';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-store-'));
}

test('save then load returns the same sections, aligned for typed-array views', () => {
  const dir = tmpDir();
  try {
    const floats = new Float64Array([1.5, -2, Math.PI]);
    const sections = {
      a: new Uint8Array([1, 2, 3]), // odd length: the next section must still start aligned
      floats: new Uint8Array(floats.buffer),
      json: jsonSection({ hello: 'wörld' }),
      empty: new Uint8Array(0),
    };
    const saved = saveIndex(dir, 'key-1', sections, { decls: 3 });
    assert.equal(saved.ok, true);
    const loaded = loadIndex(dir, 'key-1');
    assert.ok(loaded.ok, JSON.stringify(loaded));
    assert.deepEqual([...loaded.sections.a], [1, 2, 3]);
    assert.equal(loaded.sections.floats.byteOffset % 8, 0);
    const view = new Float64Array(loaded.sections.floats.buffer, loaded.sections.floats.byteOffset, 3);
    assert.deepEqual([...view], [1.5, -2, Math.PI]);
    assert.deepEqual(readJsonSection(loaded.sections.json), { hello: 'wörld' });
    assert.equal(loaded.sections.empty.byteLength, 0);
    assert.deepEqual(loaded.meta, { decls: 3 });
    // no temp files left behind
    assert.deepEqual(fs.readdirSync(dir), ['index.bin']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('missing, other key, corrupt, truncated and old format are reported, never thrown', () => {
  const dir = tmpDir();
  try {
    assert.equal((loadIndex(dir, 'k') as { error: string }).error, 'missing');
    saveIndex(dir, 'k', { s: new Uint8Array(1000).fill(7) }, {});
    assert.equal((loadIndex(dir, 'other') as { error: string }).error, 'other-key');
    assert.ok(loadIndex(dir, undefined).ok);
    const file = indexFilePath(dir);
    const good = fs.readFileSync(file);
    // flip one byte of the body
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10] ^= 0xff;
    fs.writeFileSync(file, flipped);
    assert.equal((loadIndex(dir, 'k') as { error: string }).error, 'corrupt');
    // truncated
    fs.writeFileSync(file, good.subarray(0, good.length - 100));
    assert.equal((loadIndex(dir, 'k') as { error: string }).error, 'corrupt');
    fs.writeFileSync(file, good.subarray(0, 10));
    assert.equal((loadIndex(dir, 'k') as { error: string }).error, 'corrupt');
    // not ours
    fs.writeFileSync(file, 'hello world, this is not an index file at all');
    assert.equal((loadIndex(dir, 'k') as { error: string }).error, 'corrupt');
    // older format version
    const old = Buffer.from(good);
    old.writeUInt32LE(STORE_FORMAT_VERSION + 41, 8);
    fs.writeFileSync(file, old);
    assert.equal((loadIndex(dir, 'k') as { error: string }).error, 'old-format');
    // a folder where the file should be
    fs.rmSync(file);
    fs.mkdirSync(file);
    assert.equal(loadIndex(dir, 'k').ok, false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed save leaves the previous index intact and reports the error', () => {
  const dir = tmpDir();
  try {
    assert.ok(saveIndex(dir, 'v1', { s: new Uint8Array([1]) }).ok);
    const blocker = path.join(dir, 'sub');
    fs.writeFileSync(blocker, 'a file, not a folder');
    const res = saveIndex(path.join(blocker, 'deeper'), 'v2', { s: new Uint8Array([2]) });
    assert.equal(res.ok, false);
    // …in plain words: which file stands where a folder should be
    assert.equal(!res.ok && res.error, `${blocker} is a file, not a folder`);
    const onFile = saveIndex(blocker, 'v2', { s: new Uint8Array([2]) });
    assert.equal(!onFile.ok && onFile.error, `${blocker} is a file, not a folder`);
    const loaded = loadIndex(dir, 'v1');
    assert.ok(loaded.ok);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('checksum detects single-bit changes and handles unaligned input', () => {
  const a = new Uint8Array(4096).map((_, i) => i * 31);
  const b = a.slice();
  b[2000] ^= 1;
  assert.notEqual(checksum32(a), checksum32(b));
  const unaligned = new Uint8Array(a.buffer.slice(0), 0, a.length).subarray(1);
  assert.equal(typeof checksum32(unaligned), 'number');
  assert.equal(checksum32(new Uint8Array(0)), checksum32(new Uint8Array(0)));
});

test('default cache dir: per user, per project', () => {
  const saved = process.env.XDG_CACHE_HOME;
  try {
    process.env.XDG_CACHE_HOME = '/tmp/xdg-test';
    const a = defaultCacheDir('/home/u/proj');
    const b = defaultCacheDir('/home/u/other/proj');
    if (process.platform !== 'win32') assert.ok(a.startsWith('/tmp/xdg-test/leanscout/'));
    assert.notEqual(a, b);
    assert.equal(a, defaultCacheDir('/home/u/proj/'));
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  }
});

test('a 60 MB index is saved and loaded whole', () => {
  const dir = tmpDir();
  try {
    const big = new Uint8Array(60 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
    assert.ok(saveIndex(dir, 'big', { big, small: new Uint8Array([1, 2]) }).ok);
    const loaded = loadIndex(dir, 'big');
    assert.ok(loaded.ok);
    assert.equal(loaded.sections.big.byteLength, big.length);
    assert.ok(Buffer.from(loaded.sections.big).equals(Buffer.from(big)), 'every byte comes back');
    assert.deepEqual(Array.from(loaded.sections.small), [1, 2]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file checksummed with the older word checksum still loads; every section gets its own aligned bytes', () => {
  const dir = tmpDir();
  try {
    const sections = { a: new Uint8Array([9, 8, 7]), b: new Uint8Array(new Uint32Array([1, 2, 3]).buffer) };
    assert.equal(saveIndex(dir, 'k', sections).ok, true);
    const fresh = loadIndex(dir, 'k');
    assert.equal(fresh.ok, true);
    if (fresh.ok) {
      assert.deepEqual([...fresh.sections.b], [...sections.b]);
      assert.notEqual(fresh.sections.a.buffer, fresh.sections.b.buffer); // one buffer each: decoded ones can be freed
    }
    const file = indexFilePath(dir);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(0, 20); // word checksum
    bytes.writeUInt32LE(checksum32(new Uint8Array(bytes.buffer, bytes.byteOffset + 24, bytes.length - 24)), 16);
    fs.writeFileSync(file, bytes);
    const old = loadIndex(dir, 'k');
    assert.equal(old.ok, true);
    if (old.ok) assert.deepEqual([...old.sections.a], [9, 8, 7]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sections asked for as lines are split as decodeLines splits them, whatever the pieces, and still checksummed', () => {
  // Lines that cross piece boundaries, a multi-byte character split between two pieces, empty lines, a trailing newline.
  const text = ['α'.repeat(40_000), '', 'plain', 'β∑', 'x'.repeat(70_000)].join('\n') + '\n';
  const bytes = new TextEncoder().encode(text);
  for (const size of [1, 2, 3, 7, 1000, 65_536, bytes.length]) {
    const splitter = new LineSplitter();
    for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
    assert.deepEqual(splitter.end(), decodeLines(bytes), `pieces of ${size} bytes`);
  }
  assert.deepEqual(new LineSplitter().end(), decodeLines(new Uint8Array(0)));
  const dir = tmpDir();
  try {
    saveIndex(dir, 'k', { names: bytes, kept: new Uint8Array([9, 8]), empty: new Uint8Array(0) });
    const loaded = loadIndex(dir, 'k', { asLines: ['names', 'empty'] });
    assert.ok(loaded.ok, JSON.stringify(loaded));
    assert.deepEqual(loaded.lines.names, decodeLines(bytes));
    assert.deepEqual(loaded.lines.empty, []);
    assert.equal(loaded.sections.names, undefined);
    // Left in the file: read on demand, nothing once the load is closed.
    const onDisk = loadIndex(dir, 'k', { onDisk: ['names'] });
    assert.ok(onDisk.ok);
    assert.equal(onDisk.sections.names, undefined);
    assert.equal(onDisk.onDisk.names.read(2, 6).toString('utf8'), 'αα');
    assert.equal(onDisk.onDisk.names.read(bytes.length - 3, bytes.length + 50).toString('utf8'), 'xx\n');
    onDisk.close();
    assert.equal(onDisk.onDisk.names.read(2, 6).length, 0);
    assert.deepEqual([...loaded.sections.kept], [9, 8]);
    // A flipped byte inside a section read as lines is still caught.
    const file = indexFilePath(dir);
    const raw = fs.readFileSync(file);
    raw[raw.length - 200] ^= 1;
    fs.writeFileSync(file, raw);
    const bad = loadIndex(dir, 'k', { asLines: ['names'] });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error, 'corrupt');
    // Sections left out with `only` are still checksummed.
    const partial = loadIndex(dir, 'k', { only: ['kept'] });
    assert.equal(!partial.ok && partial.error, 'corrupt');
    raw[raw.length - 200] ^= 1;
    fs.writeFileSync(file, raw);
    const good = loadIndex(dir, 'k', { only: ['kept'] });
    assert.ok(good.ok);
    assert.deepEqual(Object.keys(good.sections), ['kept']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('replacing an index Windows holds open: the open file is moved aside, the new one takes its name, leftovers go at the next save', () => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, 'index.bin');
    fs.writeFileSync(file, 'old');
    fs.writeFileSync(path.join(dir, 'new.tmp'), 'new');
    // Windows refuses to rename over a file another handle holds open; renaming that file itself is allowed.
    const windowsRename = (a: string, b: string) => {
      if (b === file && fs.existsSync(file)) throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
      fs.renameSync(a, b);
    };
    replaceFile(path.join(dir, 'new.tmp'), file, 'win32', windowsRename);
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(fs.readdirSync(dir), ['index.bin']); // the moved-aside file was closed here, so it is gone
    // One left behind (still open then) is removed by the next save.
    fs.writeFileSync(path.join(dir, 'index.bin.123-456.replaced'), 'stale');
    fs.writeFileSync(path.join(dir, 'newer.tmp'), 'newer');
    replaceFile(path.join(dir, 'newer.tmp'), file, 'win32', windowsRename);
    assert.deepEqual(fs.readdirSync(dir), ['index.bin']);
    assert.equal(fs.readFileSync(file, 'utf8'), 'newer');
    // Elsewhere a refused rename is an error, not a reason to move files about.
    fs.writeFileSync(path.join(dir, 'x.tmp'), 'x');
    assert.throws(() => replaceFile(path.join(dir, 'x.tmp'), file, 'linux', windowsRename), /EPERM/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'newer');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
