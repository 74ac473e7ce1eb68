// The panel's search box: the index worker's search (with the dense stage fused in when embeddings are configured
// and built), then, when a reranking model is configured, the model's order of the top results. The search order
// is shown at once; the reranked one replaces it when the model answers (same request id), or a note says why not.
// Only the panel's searches are reranked: the premises of every goal stay fast.
import type * as vscode from 'vscode';
import type { SearchRequest } from '../core/types';
import type { ModelProvider } from '../core/models/types';
import type { ExtensionToWebview } from '../shared/protocol';
import { rerank } from '../core/dense/rerank';
import type { IndexService } from './indexService';
import type { EmbeddingsService } from './embeddingsService';
import { toPanelHits } from './goalService';
import { readModelSettings } from './models/settings';

export class PanelSearch {
  private current: AbortController | undefined;

  constructor(
    private readonly index: IndexService,
    private readonly embeddings: EmbeddingsService,
    /** The reranking provider (leanscout.model.rerank.*), undefined when off; throws with a clear message on bad config. */
    private readonly rerankProvider: () => Promise<ModelProvider | undefined>,
    private readonly post: (msg: ExtensionToWebview) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Runs one panel search; a newer one aborts this one's reranking. Never throws. */
  async run(requestId: number, req: SearchRequest): Promise<void> {
    this.current?.abort();
    const abort = new AbortController();
    this.current = abort;
    const t0 = performance.now();
    const dense = await this.embeddings.searchSettings().catch(() => undefined);
    const res = await this.index.search(req, abort.signal, dense);
    if (abort.signal.aborted) return;
    const notes: string[] = [];
    if (res.message) notes.push(res.message);
    if (res.dense) notes.push(`dense: ${res.dense.model}, ${res.dense.ms} ms`);
    const send = (hits: typeof res.hits, extra?: string) =>
      this.post({
        type: 'searchResults',
        requestId,
        query: req.query,
        hits: toPanelHits(hits),
        ms: Math.round((performance.now() - t0) * 10) / 10,
        message: [...notes, ...(extra ? [extra] : [])].join(' · ') || undefined,
      });
    this.log.debug(`search "${req.query.slice(0, 60)}": ${res.hits.length} hits in ${res.ms.toFixed(1)} ms${res.dense ? ` (dense ${res.dense.ms} ms)` : ''}${res.message ? ` — ${res.message}` : ''}`);

    let provider: ModelProvider | undefined;
    let configError: string | undefined;
    if (res.hits.length > 1 && readModelSettings().rerank.provider !== 'none') {
      try {
        provider = await this.rerankProvider();
      } catch (e) {
        configError = `reranking skipped: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    if (!provider) return send(res.hits, configError);
    send(res.hits, `reranking by ${provider.label}…`);
    const r = await rerank(req.query, res.hits, provider, { signal: abort.signal });
    if (abort.signal.aborted) return;
    this.log.debug(`rerank "${req.query.slice(0, 60)}" by ${provider.label}: ${r.reordered ? 'reordered' : 'kept'} in ${Math.round(r.ms)} ms${r.message ? ` — ${r.message}` : ''}`);
    send(r.hits, r.reordered ? `reranked by ${provider.label} (${Math.round(r.ms)} ms)${r.message ? `; ${r.message}` : ''}` : r.message);
  }

  dispose(): void {
    this.current?.abort();
  }
}
