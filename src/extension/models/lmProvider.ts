// The VS Code language-model API (`vscode.lm`) behind the core's ModelProvider interface: models the user
// already has in VS Code (e.g. through Copilot). The AbortSignal becomes a CancellationToken.
import * as vscode from 'vscode';
import { ModelError, type GenerateRequest, type GenerateResult, type ModelProvider } from '../../core/models/types';

export class VsCodeLmProvider implements ModelProvider {
  readonly kind = 'vscode-lm' as const;
  readonly label: string;

  private constructor(private readonly chat: vscode.LanguageModelChat) {
    this.label = `${chat.name} (VS Code)`;
  }

  get model(): string {
    return this.chat.id;
  }

  /** `selector` matches a model id or family; empty = the first model VS Code offers. */
  static async select(selector: string): Promise<VsCodeLmProvider> {
    if (!vscode.lm?.selectChatModels) throw new ModelError('config', 'This VS Code has no language-model API (needs VS Code 1.90 or newer).');
    const all = await vscode.lm.selectChatModels(selector ? undefined : {});
    const chosen = selector ? all.find((m) => m.id === selector || m.family === selector || m.name === selector) : all[0];
    if (!chosen) {
      const names = all.map((m) => m.id).join(', ') || 'none';
      throw new ModelError('model-missing', `No VS Code language model matches "${selector}" (available: ${names}).`);
    }
    return new VsCodeLmProvider(chosen);
  }

  static async list(): Promise<string[]> {
    if (!vscode.lm?.selectChatModels) return [];
    return (await vscode.lm.selectChatModels()).map((m) => m.id);
  }

  async generate(req: GenerateRequest): Promise<GenerateResult> {
    const start = performance.now();
    if (req.signal?.aborted) throw new ModelError('cancelled', 'cancelled');
    // The API has no system role: the system text goes first in the first user message.
    const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
    const messages = req.messages
      .filter((m) => m.role !== 'system')
      .map((m, i) =>
        m.role === 'assistant'
          ? vscode.LanguageModelChatMessage.Assistant(m.content)
          : vscode.LanguageModelChatMessage.User(i === 0 && system ? `${system}\n\n${m.content}` : m.content),
      );
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.chat.sendRequest(messages, { justification: 'LeanScout suggests Lean tactics and informal statements.' }, cts.token);
      let text = '';
      for await (const piece of res.text) {
        text += piece;
        req.onText?.(piece);
      }
      return { text, model: this.chat.id, ms: performance.now() - start };
    } catch (err) {
      if (req.signal?.aborted) throw new ModelError('cancelled', 'cancelled');
      if (err instanceof vscode.LanguageModelError) {
        const kind = err.code === vscode.LanguageModelError.NoPermissions.name ? 'auth' : err.code === vscode.LanguageModelError.NotFound.name ? 'model-missing' : 'server';
        throw new ModelError(kind, `VS Code language model ${this.chat.name}: ${err.message}`);
      }
      throw new ModelError('bad-response', `VS Code language model ${this.chat.name}: ${(err as Error)?.message ?? err}`);
    } finally {
      req.signal?.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }
}
