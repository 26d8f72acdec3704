// The inline completion path between VS Code and the server: adaptive debounce, the stable ghost (typing through
// the shown suggestion answers at once; a newer answer replaces it only when better), auto-closed brackets.
import * as vscode from 'vscode';
import { InlineCompletionRequest, LanguageClient } from 'vscode-languageclient/node';
import { absorbedSuffixLength } from './core/autoClosed';
import { AdaptiveDelay, Debouncer } from './core/debounce';
import { chooseShown, GhostStability, Suggestion } from './core/ghostStability';
import { startupAskReason } from './core/startup';

/** An LSP inline completion item as the FimComplete server sends it (`data.score` is its own addition). */
interface ServerItem {
  insertText: string | { value: string };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  data?: { score?: unknown };
}

export interface InlineOutcome {
  /** Milliseconds from the request to the answer (the server's part when `source` is `server`). */
  latencyMs: number;
  count: number;
  /** `kept`: the shown suggestion, typed through (no server request); `server`: a server answer. */
  source: 'kept' | 'server';
  /** A server answer that was not shown because the still-valid shown suggestion scored at least as high. */
  keptOverFresh?: boolean;
  debounceMs: number;
}

export class InlineCompletionFlow {
  private readonly stability = new GhostStability();
  private readonly delay: AdaptiveDelay;

  constructor(
    private readonly debouncer: Debouncer,
    maxDebounceMs: () => number,
  ) {
    this.delay = new AdaptiveDelay(maxDebounceMs);
  }

  /** Forgets shown suggestions (server restarted, document closed). */
  reset(uri?: string): void {
    if (uri === undefined) {
      this.stability.clear();
    } else {
      this.stability.forget(uri);
    }
  }

  async provide(
    client: LanguageClient,
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
    report: (outcome: InlineOutcome) => void,
  ): Promise<vscode.InlineCompletionList | undefined> {
    const uri = document.uri.toString();
    const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    const started = performance.now();
    // VS Code passes the suggest widget's selected item; then the server answers as if it were accepted.
    const plain = context.selectedCompletionInfo === undefined;
    if (!explicit && plain) {
      const kept = this.stability.keep(uri, document.getText(), document.offsetAt(position));
      if (kept) {
        report({ latencyMs: performance.now() - started, count: kept.items.length, source: 'kept', debounceMs: 0 });
        return toList(kept.items, document, position);
      }
    }
    const debounceMs = this.delay.delayMs(explicit);
    const proceed = await this.debouncer.wait(debounceMs, token);
    if (!proceed || token.isCancellationRequested) {
      return undefined;
    }
    const sent = performance.now();
    let result: unknown;
    try {
      result = await client.sendRequest(
        InlineCompletionRequest.type,
        client.code2ProtocolConverter.asInlineCompletionParams(document, position, context),
        token,
      );
    } catch (error) {
      return client.handleFailedRequest(InlineCompletionRequest.type, token, error, undefined);
    }
    if (token.isCancellationRequested) {
      return undefined;
    }
    const latencyMs = performance.now() - sent;
    this.delay.record(latencyMs);
    const raw = (Array.isArray(result) ? result : ((result as { items?: ServerItem[] } | null)?.items ?? [])) as ServerItem[];
    if (!plain) {
      // Items for the selected suggest item carry their own range (the item's); shown as the server sent them.
      const converted = raw.map((item) => client.protocol2CodeConverter.asInlineCompletionItem(item as never));
      report({ latencyMs, count: converted.length, source: 'server', debounceMs });
      return new vscode.InlineCompletionList(converted);
    }
    const fresh: Suggestion[] = raw.map((item) => ({
      insertText: typeof item.insertText === 'string' ? item.insertText : item.insertText.value,
      score: typeof item.data?.score === 'number' ? item.data.score : undefined,
    }));
    // A suggestion shown while this request waited, and still valid here, is replaced only by a better one.
    const text = document.getText();
    const offset = document.offsetAt(position);
    const kept = explicit ? undefined : this.stability.keep(uri, text, offset);
    const chosen = chooseShown(kept?.items, fresh);
    if (!kept || chosen.replaced) {
      this.stability.remember(uri, text, offset, chosen.items);
    }
    report({ latencyMs, count: chosen.items.length, source: 'server', keptOverFresh: kept !== undefined && !chosen.replaced, debounceMs });
    return toList(chosen.items, document, position);
  }
}

/** VS Code items at the cursor; an item that types the auto-closed rest of the line itself replaces it. */
function toList(items: readonly Suggestion[], document: vscode.TextDocument, position: vscode.Position): vscode.InlineCompletionList {
  const line = document.lineAt(position.line).text;
  const prefix = line.slice(0, position.character);
  const suffix = line.slice(position.character);
  return new vscode.InlineCompletionList(
    items.map((item) => {
      const absorbed = absorbedSuffixLength(prefix, item.insertText, suffix);
      const range = new vscode.Range(position, position.translate(0, absorbed));
      return new vscode.InlineCompletionItem(item.insertText, range);
    }),
  );
}

/**
 * The editor registers the inline completion provider only once the server runs; keystrokes before that asked nobody,
 * and VS Code asks again only at the next keystroke. When the user edited the active C# editor before the server got
 * running, a suggestion is asked for once (the server answers when its model is ready); see core/startup.ts.
 */
export class StartupTrigger implements vscode.Disposable {
  private lastEdit: { uri: string; at: number } | undefined;
  private started = false;
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.languageId === 'csharp' && e.contentChanges.length > 0) {
      this.lastEdit = { uri: e.document.uri.toString(), at: Date.now() };
    }
  });

  constructor(
    private readonly log: (message: string) => void,
    private readonly withinMs = 30_000,
  ) {}

  serverRunning(): void {
    const editor = vscode.window.activeTextEditor;
    const reason = startupAskReason({
      active: editor && { uri: editor.document.uri.toString(), languageId: editor.document.languageId, isDirty: editor.document.isDirty },
      lastEdit: this.lastEdit,
      now: Date.now(),
      firstStart: !this.started,
      withinMs: this.withinMs,
    });
    this.lastEdit = undefined;
    this.started = true;
    if (reason) {
      this.log(`Asking for a suggestion: ${reason}.`);
      void vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
