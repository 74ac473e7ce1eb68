// What the panel's buttons do in the editor: insert at the cursor, go to definition, copy, add an import.
import * as vscode from 'vscode';
import type { DeclRef, InsertAction } from '../shared/protocol';
import { openableFile } from '../shared/openable';
import { importEdit, insertionText } from '../shared/insertion';

export class PanelActions {
  constructor(
    private readonly editor: () => vscode.TextEditor | undefined,
    private readonly projectRoot: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
    /** Folders outside the project that the index read sources from (Lean core's toolchain). */
    private readonly sourceFolders: () => string[] = () => [],
  ) {}

  /** Inserts `exact n` / `apply n` / … at the cursor of the Lean editor (replacing a selection). */
  async insert(action: InsertAction, name: string): Promise<boolean> {
    return this.insertText(insertionText(action, name));
  }

  async insertText(text: string): Promise<boolean> {
    const ed = this.editor();
    if (!ed) {
      void vscode.window.showInformationMessage('LeanScout: open a Lean file and put the cursor where the text should go.');
      return false;
    }
    // With the cursor on a `sorry`, the insertion replaces it (the usual way a proof is filled in).
    const ranges = ed.selections.map((sel) => {
      if (!sel.isEmpty) return sel;
      const word = ed.document.getWordRangeAtPosition(sel.active, /sorry/);
      if (word) return word;
      const after = ed.document.lineAt(sel.active.line).text.slice(sel.active.character);
      const m = /^\s*sorry\b/.exec(after);
      return m ? new vscode.Range(sel.active, sel.active.translate(0, m[0].length)) : sel;
    });
    const ok = await ed.edit((b) => {
      for (const r of ranges) b.replace(r, text);
    });
    if (ok) await vscode.window.showTextDocument(ed.document, { viewColumn: ed.viewColumn, preserveFocus: false });
    return ok;
  }

  /** Opens the declaration's file at its line: a `.lean` file of the project or of Lean core's toolchain. */
  async goToDefinition(decl: DeclRef): Promise<boolean> {
    const root = this.projectRoot();
    if (!root) {
      void vscode.window.showWarningMessage('LeanScout: no Lean project open, so declarations cannot be opened.');
      return false;
    }
    const abs = openableFile(root, decl.file, this.sourceFolders());
    if (!abs) {
      this.log.warn(`Refused to open ${decl.file}: not a Lean file of the project or of Lean core`);
      return false;
    }
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs));
      const line = Math.max(0, Math.min(doc.lineCount - 1, decl.line - 1));
      const pos = new vscode.Position(line, 0);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
      return true;
    } catch (e) {
      void vscode.window.showWarningMessage(`LeanScout: cannot open ${decl.file}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  async copy(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`LeanScout: copied ${text.length > 40 ? text.slice(0, 40) + '…' : text}`, 2000);
  }

  /** Adds `import module` after the last import line of the Lean editor's file. */
  async addImport(module: string): Promise<boolean> {
    const ed = this.editor();
    if (!ed) {
      void vscode.window.showInformationMessage('LeanScout: open the Lean file that needs the import.');
      return false;
    }
    const edit = importEdit(ed.document.getText(), module);
    if (edit.kind === 'present') {
      vscode.window.setStatusBarMessage(`LeanScout: ${module} is already imported`, 2000);
      return true;
    }
    const we = new vscode.WorkspaceEdit();
    const line = Math.min(edit.line, ed.document.lineCount);
    // At the very end of a file without a trailing newline, start a new line first.
    const atEnd = line >= ed.document.lineCount;
    const pos = atEnd ? ed.document.lineAt(ed.document.lineCount - 1).range.end : new vscode.Position(line, 0);
    we.insert(ed.document.uri, pos, atEnd ? `\n${edit.text.trimEnd()}` : edit.text);
    const ok = await vscode.workspace.applyEdit(we);
    if (ok) vscode.window.setStatusBarMessage(`LeanScout: added import ${module}`, 2000);
    return ok;
  }
}
