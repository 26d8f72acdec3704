// FimComplete for VS Code: starts the FimComplete language server and lets it provide inline
// completions (ghost text) for C#. Everything else (IntelliSense, diagnostics, ...) stays with the
// C# / C# Dev Kit extensions: this client registers no other language feature (fimLanguageClient.ts).
//
// This file only puts the parts together; each has its own module:
//   settingsSource.ts    fimComplete.* settings: read, watched, resolved for the server, enabled written back
//   statusBar.ts         the status bar item
//   errorNotifier.ts     one error notification per burst
//   serverSupervisor.ts  the server's start, restart after a crash, stop; what it reports
//   middleware.ts        the client's middleware: inline completion requests, settings the server reads
//   inlineCompletions.ts the inline completion flow (debounce, stable ghost) and the startup ask
//   commands.ts          the commands and the status bar menu
//   remoteBackend.ts     the remote backend's API key
//   cursorPrefill.ts     tells the server where the cursor settled (it prefills the prompt there)
// The rules they follow without VS Code (unit-tested) are in core/.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Debouncer } from './core/debounce';
import { registerCursorPrefill } from './cursorPrefill';
import { needsRestart } from './core/settings';
import { ErrorNotifier } from './errorNotifier';
import { InlineCompletionFlow, StartupTrigger } from './inlineCompletions';
import { createMiddleware } from './middleware';
import { ApiKeyCommands } from './remoteBackend';
import { ServerSupervisor } from './serverSupervisor';
import { SettingsSource } from './settingsSource';
import { StatusBar } from './statusBar';

interface Extension {
  supervisor: ServerSupervisor;
  /** Disposed in reverse order after the server stopped. */
  disposables: vscode.Disposable[];
}

let extension: Extension | undefined;

function compose(context: vscode.ExtensionContext): Extension {
  const debouncer = new Debouncer();
  const log = vscode.window.createOutputChannel('FimComplete', { log: true });
  const settings: SettingsSource = new SettingsSource(context.extensionPath, log, (changed, now) => {
    if (changed.includes('enabled')) {
      if (!now.enabled) {
        debouncer.cancelPending();
      }
      status.setEnabled(now.enabled);
    }
    if (needsRestart(changed)) {
      void supervisor.restart('fimComplete.serverPath changed', true);
    }
    // Everything else reaches the running server through workspace/didChangeConfiguration.
  });
  const inline = new InlineCompletionFlow(debouncer, () => settings.current.debounceMs);
  const startupTrigger = new StartupTrigger((m) => log.info(m));
  const status = new StatusBar(log, () => settings.current);
  const notifier = new ErrorNotifier({
    showLogs: () => log.show(true),
    restartServer: () => supervisor.restart('restart requested', true),
  });
  const apiKeys = new ApiKeyCommands(context.secrets, () => supervisor.client, log);
  const supervisor: ServerSupervisor = new ServerSupervisor({
    log,
    settings,
    status,
    notifier,
    keys: apiKeys,
    startup: startupTrigger,
    middleware: (self) => createMiddleware({ settings, runningClient: () => supervisor.client, inline, status, log }, self),
    forgetCompletions: () => {
      debouncer.cancelPending();
      inline.reset();
    },
  });
  const disposables: vscode.Disposable[] = [
    log,
    status,
    settings,
    vscode.workspace.onDidCloseTextDocument((d) => inline.reset(d.uri.toString())),
    startupTrigger,
    ...registerCommands({ log, settings, status, supervisor }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => supervisor.workspaceTrustGranted()),
    apiKeys,
    ...registerCursorPrefill({ enabled: () => settings.current.enabled, runningClient: () => supervisor.client, log }),
  ];
  return { supervisor, disposables };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = compose(context);
  // Not awaited: activation must not wait for the model to load.
  void extension.supervisor.start();
}

export async function deactivate(): Promise<void> {
  const e = extension;
  extension = undefined;
  if (!e) {
    return;
  }
  await e.supervisor.dispose();
  for (const d of e.disposables.reverse()) {
    d.dispose();
  }
}
