import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { errorText } from './core/errors';
import { CursorPlace, LinePrefill } from './core/prefill';

/** Client -> server: the cursor settled on a new line; the server prepares a request there (prompt cache prefill). */
const PREFILL_NOTIFICATION = 'fimComplete/prefill';

export interface CursorPrefillDeps {
  enabled(): boolean;
  runningClient(): LanguageClient | undefined;
  log: vscode.LogOutputChannel;
}

/** Watches the cursor in C# editors and tells the server where the next request will probably come (core/prefill.ts decides when). */
export function registerCursorPrefill(deps: CursorPrefillDeps): vscode.Disposable[] {
  const prefill = new LinePrefill((place) => send(deps, place));
  const moved = (editor: vscode.TextEditor): void => {
    if (deps.enabled() && editor.document.languageId === 'csharp' && deps.runningClient()?.isRunning()) {
      const active = editor.selection.active;
      prefill.moved({ uri: editor.document.uri.toString(), line: active.line, character: active.character });
    }
  };
  return [
    vscode.window.onDidChangeTextEditorSelection((e) => moved(e.textEditor)),
    vscode.window.onDidChangeActiveTextEditor((e) => e && moved(e)),
    vscode.workspace.onDidCloseTextDocument((d) => prefill.forget(d.uri.toString())),
    { dispose: () => prefill.cancel() },
  ];
}

function send(deps: CursorPrefillDeps, place: CursorPlace): void {
  const client = deps.runningClient();
  if (client?.isRunning()) {
    void client
      .sendNotification(PREFILL_NOTIFICATION, { textDocument: { uri: place.uri }, position: { line: place.line, character: place.character } })
      .catch((e) => deps.log.warn(`${PREFILL_NOTIFICATION} failed: ${errorText(e)}`));
  }
}
