// The API key of the OpenAI-compatible endpoint lives in SecretStorage only: never in settings, never logged.
import * as vscode from 'vscode';

const KEY = 'leanscout.model.openai.apiKey';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(KEY);
  }

  /** The "Set API key" command: asks with a password box; an empty answer removes the key. */
  async promptAndStore(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'LeanScout: API key for the OpenAI-compatible endpoint',
      prompt: 'Stored in VS Code’s secret storage. Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    if (value.trim()) {
      await this.secrets.store(KEY, value.trim());
      void vscode.window.showInformationMessage('LeanScout: API key stored.');
    } else {
      await this.secrets.delete(KEY);
      void vscode.window.showInformationMessage('LeanScout: API key removed.');
    }
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === KEY) listener();
    });
  }
}
