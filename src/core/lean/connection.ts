// The small slice of a Lean server connection the core needs. It is implemented three ways:
// over the Lean 4 VS Code extension's client, over LeanScout's own vscode-languageclient, and over a
// plain JSON-RPC stdio connection to `lake serve` (the CLI). Tests use the Lean-protocol test server.

export interface Disposable {
  dispose(): void;
}

export interface LeanDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fullRange?: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  message: string;
  code?: string | number;
  /** 1 = unsolved goals, 2 = goals accomplished. */
  leanTags?: number[];
  isSilent?: boolean;
}

export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: LeanDiagnostic[];
  isIncremental?: boolean;
}

export interface PlainGoal {
  rendered: string;
  goals: string[];
}

export interface PlainTermGoal {
  goal: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface LeanConnection {
  sendRequest<R = unknown>(method: string, params: unknown, signal?: AbortSignal): Promise<R>;
  sendNotification(method: string, params: unknown): void;
  onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): Disposable;
  /** False once the server stopped or crashed. */
  isRunning(): boolean;
  /** Fires each time the server (re)started: documents opened with raw `didOpen` before are gone from it. */
  onRestarted?(listener: () => void): Disposable;
  /** True where diagnostics reach `onDiagnostics` later than the answer to `textDocument/waitForDiagnostics`
   *  (the Lean 4 extension passes them through an asynchronous queue first). */
  readonly diagnosticsLag?: boolean;
}
