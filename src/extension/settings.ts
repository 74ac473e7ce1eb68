// All of LeanScout's own settings (leanscout.*, except leanscout.model.* which the model features read),
// typed, with their defaults, in one place.
import * as vscode from 'vscode';

export interface Settings {
  useLeanExtension: boolean;
  serverCommand: string;
  leanExtensionTimeoutMs: number;
  goalDebounceMs: number;
  resultCount: number;
  indexPackages: string[];
  indexOnStartup: boolean;
  updateOnSave: boolean;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('leanscout');
  const num = (key: string, def: number, min: number, max: number) => {
    const v = c.get<number>(key, def);
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
  };
  const packages = c.get<unknown>('indexPackages', []);
  return {
    useLeanExtension: c.get<boolean>('useLeanExtension', true) !== false,
    serverCommand: (c.get<string>('lean.serverCommand', 'lake serve') || 'lake serve').trim(),
    leanExtensionTimeoutMs: num('lean.extensionTimeoutMs', 5000, 0, 120_000),
    goalDebounceMs: num('goalDebounceMs', 150, 0, 5000),
    resultCount: Math.round(num('resultCount', 20, 1, 200)),
    indexPackages: Array.isArray(packages) ? packages.filter((p): p is string => typeof p === 'string') : [],
    indexOnStartup: c.get<boolean>('indexOnStartup', false) === true,
    updateOnSave: c.get<boolean>('updateOnSave', true) !== false,
  };
}
