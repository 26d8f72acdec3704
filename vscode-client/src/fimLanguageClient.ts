// The language client with only the features this extension uses: inline completion and document sync. Everything
// else (IntelliSense, diagnostics, ...) stays with the C# / C# Dev Kit extensions.
import { DynamicFeature, LanguageClient, StaticFeature } from 'vscode-languageclient/node';

/**
 * The registration methods of the language client features this extension keeps. Anything else
 * (completion, hover, diagnostics, formatting, will-save edits, ...) is not registered at all, so
 * its client capability is not announced and nothing competes with the C# extensions.
 */
const KEPT_FEATURE_METHODS: ReadonlySet<string> = new Set([
  'textDocument/didOpen',
  'textDocument/didChange',
  'textDocument/didClose',
  'textDocument/didSave',
  'workspace/didChangeConfiguration',
  'workspace/didChangeWorkspaceFolders',
  'textDocument/inlineCompletion',
]);

export class FimLanguageClient extends LanguageClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override registerFeature(feature: StaticFeature | DynamicFeature<any>): void {
    const method = (feature as { registrationType?: { method?: string } }).registrationType?.method;
    if (method !== undefined && !KEPT_FEATURE_METHODS.has(method)) {
      return;
    }
    super.registerFeature(feature);
  }

  // The library would show its own notification for many errors; this extension shows one itself
  // (de-duplicated, errorNotifier.ts), so the library only logs.
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }
}
