// Informal texts cached on disk by (declaration hash, model): a changed statement or another model misses.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DeclIdentity {
  name: string;
  kind?: string;
  signature: string;
  doc?: string;
}

export function declHash(d: DeclIdentity): string {
  return createHash('sha256').update(JSON.stringify([d.name, d.kind ?? '', d.signature, d.doc ?? ''])).digest('hex').slice(0, 32);
}

interface Entry {
  name: string;
  model: string;
  text: string;
  createdAt: string;
}

export class InformalCache {
  private readonly memory = new Map<string, string>();
  constructor(private readonly dir: string | undefined) {}

  private file(hash: string, model: string): string {
    const key = createHash('sha256').update(`${hash}\u0000${model}`).digest('hex').slice(0, 40);
    return join(this.dir!, `${key}.json`);
  }

  get(d: DeclIdentity, model: string): string | undefined {
    const hash = declHash(d);
    const mem = this.memory.get(`${hash}|${model}`);
    if (mem !== undefined || !this.dir) return mem;
    try {
      const e = JSON.parse(readFileSync(this.file(hash, model), 'utf8')) as Entry;
      if (typeof e.text === 'string' && e.model === model && e.name === d.name) {
        this.memory.set(`${hash}|${model}`, e.text);
        return e.text;
      }
    } catch {
      // missing or unreadable: a miss
    }
    return undefined;
  }

  set(d: DeclIdentity, model: string, text: string): void {
    const hash = declHash(d);
    this.memory.set(`${hash}|${model}`, text);
    if (!this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const path = this.file(hash, model);
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ name: d.name, model, text, createdAt: new Date().toISOString() } satisfies Entry));
      renameSync(tmp, path);
    } catch {
      // A read-only cache directory only costs a recomputation next time.
    }
  }
}
