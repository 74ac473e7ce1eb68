// The LeanScout side panel (a webview view). Holds the latest message of each kind so that a webview that
// is (re)created gets the current state at once, validates everything the webview sends, and renders
// a strict-CSP page that loads only dist/webview.js and media/panel.css.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { isWebviewToExtension, type ExtensionToWebview, type WebviewToExtension } from '../shared/protocol';
import { panelHtml } from '../shared/panelHtml';

export const PANEL_VIEW_ID = 'leanscout.panel';

/** The kinds of messages whose latest copy is replayed to a new webview. */
const STICKY: ReadonlySet<ExtensionToWebview['type']> = new Set(['panelState', 'indexStatus', 'goal', 'premises', 'tactics', 'informal', 'searchResults']);

export class PanelProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly latest = new Map<ExtensionToWebview['type'], ExtensionToWebview>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly visibility = new vscode.EventEmitter<boolean>();
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires when the panel becomes visible or hidden. */
  readonly onDidChangeVisibility = this.visibility.event;
  /** Fires when a webview loaded its script and asked for the state. */
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readyOnce: Promise<void>;
  private resolveReady!: () => void;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (msg: WebviewToExtension) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.readyOnce = new Promise((r) => (this.resolveReady = r));
    this.disposables.push(this.visibility, this.readyEmitter);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = this.html(view.webview);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        if (!isWebviewToExtension(raw)) {
          this.log.warn(`Ignored an invalid message from the panel: ${safePreview(raw)}`);
          return;
        }
        if (raw.type === 'ready') {
          for (const msg of this.latest.values()) void view.webview.postMessage(msg);
          this.resolveReady();
          this.readyEmitter.fire();
        }
        try {
          this.onMessage(raw);
        } catch (e) {
          this.log.error(`Panel message ${raw.type} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }),
      view.onDidChangeVisibility(() => this.visibility.fire(view.visible)),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.readyOnce = new Promise((r) => (this.resolveReady = r));
        this.visibility.fire(false);
      }),
    );
    this.visibility.fire(view.visible);
  }

  isVisible(): boolean {
    return this.view?.visible === true;
  }

  /** Resolves once a webview is showing and loaded its script. */
  ready(): Promise<void> {
    return this.readyOnce;
  }

  post(msg: ExtensionToWebview): void {
    if (STICKY.has(msg.type)) this.latest.set(msg.type, msg);
    if (this.view) void this.view.webview.postMessage(msg).then(undefined, () => undefined);
  }

  /** The latest message of each kind (for tests and the extension API). */
  snapshot(): Partial<Record<ExtensionToWebview['type'], ExtensionToWebview>> {
    return Object.fromEntries(this.latest) as Partial<Record<ExtensionToWebview['type'], ExtensionToWebview>>;
  }

  async reveal(preserveFocus = true): Promise<void> {
    if (this.view) this.view.show(preserveFocus);
    else await vscode.commands.executeCommand(`${PANEL_VIEW_ID}.focus`);
  }

  private html(webview: vscode.Webview): string {
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      mathStyleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'katex', 'katex.min.css')).toString(),
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function safePreview(x: unknown): string {
  try {
    return JSON.stringify(x).slice(0, 200);
  } catch {
    return String(x).slice(0, 200);
  }
}
