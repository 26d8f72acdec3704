// What the language client's middleware changes: inline completion requests go through InlineCompletionFlow
// (debounce, the stable ghost, auto-closed brackets: inlineCompletions.ts), and the settings the server pulls or is
// pushed are the resolved ones ({ fimComplete: <server settings> }, modelPath resolved).
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, Middleware, ResponseError } from 'vscode-languageclient/node';
import { configurationItem, SECTION } from './core/settings';
import { InlineCompletionFlow, InlineOutcome } from './inlineCompletions';
import { SettingsSource } from './settingsSource';
import { StatusBar } from './statusBar';

export interface MiddlewareParts {
  settings: SettingsSource;
  /** The running client that inline completions are asked of (undefined while none runs). */
  runningClient: () => LanguageClient | undefined;
  inline: InlineCompletionFlow;
  status: StatusBar;
  log: vscode.LogOutputChannel;
}

/** The middleware of one client; `self` is that client (configuration changes are pushed through it). */
export function createMiddleware(parts: MiddlewareParts, self: () => LanguageClient): Middleware {
  return {
    provideInlineCompletionItems: (document, position, context, token) => provideInlineCompletionItems(parts, document, position, context, token),
    workspace: {
      configuration: async (params, token, next) => {
        const result = await next(params, token);
        if (result instanceof ResponseError || !Array.isArray(result)) {
          return result;
        }
        const server = parts.settings.serverSettings();
        return params.items.map((item, i) => configurationItem(item.section, result[i], server));
      },
      didChangeConfiguration: async () => {
        // Same shape as the answer to workspace/configuration: { fimComplete: <server settings> }.
        await self().sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: parts.settings.serverSettings() },
        });
      },
    },
  };
}

/**
 * The hook where VS Code asks for inline completions. The library's own request (`next`) is not used:
 * InlineCompletionFlow sends the request itself, as it needs the items' scores, which the library's conversion drops.
 */
async function provideInlineCompletionItems(
  parts: MiddlewareParts,
  document: vscode.TextDocument,
  position: vscode.Position,
  context: vscode.InlineCompletionContext,
  token: vscode.CancellationToken,
): Promise<vscode.InlineCompletionItem[] | vscode.InlineCompletionList | null | undefined> {
  const client = parts.runningClient();
  if (!parts.settings.current.enabled || !client) {
    return undefined;
  }
  return parts.inline.provide(client, document, position, context, token, (outcome) => reportOutcome(parts, outcome));
}

function reportOutcome(parts: MiddlewareParts, outcome: InlineOutcome): void {
  if (outcome.source === 'server') {
    parts.status.recordCompletion(outcome.latencyMs, outcome.count);
  }
  parts.log.debug(
    `Inline completion: ${outcome.count} item(s) in ${Math.round(outcome.latencyMs)} ms (${outcome.source}` +
      `${outcome.keptOverFresh ? ', shown suggestion kept' : ''}, waited ${outcome.debounceMs} ms)`,
  );
}
