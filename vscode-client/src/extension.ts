// FimComplete for VS Code: starts the FimComplete language server and lets it provide inline
// completions (ghost text) for C#. Everything else (IntelliSense, diagnostics, ...) stays with the
// C# / C# Dev Kit extensions: this client registers no other language feature.
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  DynamicFeature,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  MessageType,
  ResponseError,
  RevealOutputChannelOn,
  ServerOptions,
  ShowMessageNotification,
  State,
  StaticFeature,
} from 'vscode-languageclient/node';
import * as readline from 'node:readline';
import { Debouncer } from './core/debounce';
import { CursorPlace, LinePrefill } from './core/prefill';
import { filteredChannel, serverStdio } from './core/logging';
import { InlineCompletionFlow, StartupTrigger } from './inlineCompletions';
import { ApiKeyCommands } from './remoteBackend';
import { remoteHost } from './core/remote';
import { ErrorNotificationGate, RestartPolicy } from './core/notify';
import {
  configurationItem,
  changedKeys,
  FimSettings,
  needsRestart,
  PathContext,
  readSettings,
  SECTION,
  toInitializationOptions,
  toServerSettings,
} from './core/settings';
import {
  DisplayState,
  formatStatus,
  MODEL_INFO_REQUEST,
  ModelInfo,
  modelInfoLines,
  parseStatusParams,
  STATUS_NOTIFICATION,
  StatusView,
} from './core/status';
import { describeStartFailure, locateServer } from './serverLocator';

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

class FimLanguageClient extends LanguageClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override registerFeature(feature: StaticFeature | DynamicFeature<any>): void {
    const method = (feature as { registrationType?: { method?: string } }).registrationType?.method;
    if (method !== undefined && !KEPT_FEATURE_METHODS.has(method)) {
      return;
    }
    super.registerFeature(feature);
  }

  // The library would show its own notification for many errors; this extension shows one itself
  // (de-duplicated), so the library only logs.
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }
}

/** Client -> server: the user granted workspace trust; the server loads the project files then (no restart). */
const WORKSPACE_TRUSTED_NOTIFICATION = 'fimComplete/workspaceTrusted';
const PREFILL_NOTIFICATION = 'fimComplete/prefill';

function errorText(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  return typeof e === 'string' ? e : JSON.stringify(e);
}

class FimController implements vscode.Disposable {
  private readonly log: vscode.LogOutputChannel;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly apiKeys: ApiKeyCommands;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly debouncer = new Debouncer();
  private readonly inline = new InlineCompletionFlow(this.debouncer, () => this.settings.debounceMs);
  private readonly startupTrigger = new StartupTrigger((m) => this.log.info(m));
  private readonly prefill = new LinePrefill((place) => this.sendPrefill(place));
  private readonly gate = new ErrorNotificationGate();
  private readonly restartPolicy = new RestartPolicy();
  private client: FimLanguageClient | undefined;
  private settings: FimSettings;
  private view: StatusView;
  /** Serializes start/stop/restart. */
  private lifecycle: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('FimComplete', { log: true });
    this.settings = this.readSettings();
    this.view = { state: 'starting', enabled: this.settings.enabled };
    this.statusItem = vscode.window.createStatusBarItem('fimComplete.status', vscode.StatusBarAlignment.Right, 100);
    this.statusItem.name = 'FimComplete';
    this.statusItem.command = 'fimComplete.statusMenu';
    this.renderStatus();
    this.statusItem.show();
    this.apiKeys = new ApiKeyCommands(this.context.secrets, () => this.client, this.log);
    this.disposables.push(
      this.log,
      this.statusItem,
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.inline.reset(d.uri.toString())),
      this.startupTrigger,
      vscode.commands.registerCommand('fimComplete.enable', () => this.setEnabled(true)),
      vscode.commands.registerCommand('fimComplete.disable', () => this.setEnabled(false)),
      vscode.commands.registerCommand('fimComplete.restartServer', () => this.restart('restart requested', true)),
      vscode.commands.registerCommand('fimComplete.showLogs', () => this.log.show(true)),
      vscode.commands.registerCommand('fimComplete.showModel', () => this.showModel()),
      vscode.commands.registerCommand('fimComplete.statusMenu', () => this.statusMenu()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.onWorkspaceTrustGranted()),
      this.apiKeys,
      vscode.window.onDidChangeTextEditorSelection((e) => this.onCursorMoved(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.onCursorMoved(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.prefill.forget(d.uri.toString())),
      { dispose: () => this.prefill.cancel() },
    );
  }

  /** The cursor moved: when it settles on a new line of a C# document, the server prepares a request there (core/prefill.ts). */
  private onCursorMoved(editor: vscode.TextEditor): void {
    if (this.settings.enabled && editor.document.languageId === 'csharp' && this.client?.isRunning()) {
      const active = editor.selection.active;
      this.prefill.moved({ uri: editor.document.uri.toString(), line: active.line, character: active.character });
    }
  }

  private sendPrefill(place: CursorPlace): void {
    if (this.client?.isRunning()) {
      void this.client
        .sendNotification(PREFILL_NOTIFICATION, { textDocument: { uri: place.uri }, position: { line: place.line, character: place.character } })
        .catch((e) => this.log.warn(`${PREFILL_NOTIFICATION} failed: ${errorText(e)}`));
    }
  }


  /** Restricted Mode ended: tell the running server, which then loads the project files (no restart). */
  private onWorkspaceTrustGranted(): void {
    this.log.info('Workspace trust granted: the server loads the project files.');
    this.renderStatus();
    if (this.client?.isRunning()) {
      void this.client
        .sendNotification(WORKSPACE_TRUSTED_NOTIFICATION, { trusted: true })
        .catch((e) => this.log.error(`${WORKSPACE_TRUSTED_NOTIFICATION} failed: ${errorText(e)}`));
    }
  }

  // ---- settings ----------------------------------------------------------------------------

  private readSettings(): FimSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => config.get(key));
  }

  private pathContext(): PathContext {
    return {
      extensionPath: this.context.extensionPath,
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    };
  }

  /** What the server is told (modelPath resolved). Read fresh: listeners may run in any order. */
  private serverSettings(): FimSettings {
    return toServerSettings(this.readSettings(), this.pathContext());
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) {
      return;
    }
    const previous = this.settings;
    this.settings = this.readSettings();
    const changed = changedKeys(previous, this.settings);
    if (changed.length === 0) {
      return;
    }
    this.log.info(`Settings changed: ${changed.join(', ')}`);
    if (changed.includes('enabled')) {
      if (!this.settings.enabled) {
        this.debouncer.cancelPending();
      }
      this.view.enabled = this.settings.enabled;
      this.renderStatus();
    }
    if (needsRestart(changed)) {
      void this.restart('fimComplete.serverPath changed', true);
    }
    // Everything else reaches the running server through workspace/didChangeConfiguration.
  }

  private async setEnabled(enabled: boolean): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const inspect = config.inspect<boolean>('enabled');
    const target =
      inspect?.workspaceFolderValue !== undefined || inspect?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
    if (inspect?.workspaceFolderValue !== undefined && vscode.workspace.workspaceFolders?.[0]) {
      await vscode.workspace
        .getConfiguration(SECTION, vscode.workspace.workspaceFolders[0].uri)
        .update('enabled', enabled, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await config.update('enabled', enabled, target);
  }

  // ---- status ------------------------------------------------------------------------------

  private setState(state: DisplayState, message?: string, extra?: { model?: string; provider?: string }): void {
    const previous = this.view.state;
    this.view.state = state;
    this.view.message = message;
    if (extra?.model !== undefined) {
      this.view.model = extra.model;
    }
    if (extra?.provider !== undefined) {
      this.view.provider = extra.provider;
    }
    if (state !== previous || state === 'error') {
      this.log.info(`State: ${state}${message ? ' — ' + message : ''}`);
    }
    this.renderStatus();
    if (this.gate.onState(state, message)) {
      void this.showErrorNotification(message ?? 'The server reported an error.');
    }
  }

  private renderStatus(): void {
    const p = formatStatus({ ...this.view, restricted: !vscode.workspace.isTrusted, remoteHost: remoteHost(this.settings) });
    this.statusItem.text = p.text;
    this.statusItem.tooltip = p.tooltip;
    this.statusItem.accessibilityInformation = { label: p.accessibilityLabel };
    this.statusItem.backgroundColor =
      p.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : p.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }

  private async showErrorNotification(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`FimComplete: ${message}`, 'Show Logs', 'Restart Server');
    if (choice === 'Show Logs') {
      this.log.show(true);
    } else if (choice === 'Restart Server') {
      await this.restart('restart requested', true);
    }
  }

  // ---- language client ---------------------------------------------------------------------

  start(): Promise<void> {
    return this.enqueue(() => this.startClient());
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(op, op);
    this.lifecycle = next.catch((e) => this.log.error(`Lifecycle: ${errorText(e)}`));
    return this.lifecycle;
  }

  restart(reason: string, userInitiated: boolean): Promise<void> {
    return this.enqueue(async () => {
      this.log.info(`Restarting the server: ${reason}`);
      if (userInitiated) {
        this.gate.reset();
        this.restartPolicy.reset();
      }
      await this.stopClient();
      await this.startClient();
    });
  }

  private async startClient(): Promise<void> {
    if (this.disposed) {
      return;
    }
    const settings = this.readSettings();
    this.settings = settings;
    const ctx = this.pathContext();
    const located = locateServer({ serverPath: settings.serverPath, ctx });
    this.view = { state: 'starting', enabled: settings.enabled };
    this.renderStatus();
    if (!located.ok) {
      this.setState('error', located.problem);
      return;
    }
    const launch = located.launch;
    const initializationOptions = { ...toInitializationOptions(settings, ctx), workspaceTrusted: vscode.workspace.isTrusted };
    this.log.info(`Starting the server: ${launch.command} ${launch.args.join(' ')}`);
    this.log.info(`Model: ${initializationOptions.modelPath}`);
    if (!initializationOptions.workspaceTrusted) {
      this.log.info('Restricted Mode: the workspace is not trusted, its project files are not loaded.');
    }

    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      options: { cwd: ctx.workspaceFolder ?? this.context.extensionPath, env: { ...process.env, DOTNET_NOLOGO: '1' } },
    };
    let statusReceived = false;
    // Whether this client ever got a running server; a server that never started is not restarted.
    let everRunning = false;
    // While the first start is awaited below, its failure is reported there (with the reason).
    let firstStart = true;
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: 'csharp' }],
      synchronize: { configurationSection: SECTION },
      initializationOptions,
      // Server lines once each, at their own level, filtered by fimComplete.logLevel (core/logging.ts).
      outputChannel: filteredChannel(this.log, () => this.settings.logLevel),
      stdioOptions: serverStdio(
        () => this.settings.logLevel,
        (input, onLine) => readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', onLine),
      ),
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationFailedHandler: (error) => {
        this.log.error(`Server initialization failed: ${errorText(error)}`);
        return false;
      },
      errorHandler: {
        error: (_error, _message, count) => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
          handled: true,
        }),
        closed: () => {
          if (this.disposed || !everRunning) {
            return { action: CloseAction.DoNotRestart, handled: true };
          }
          if (this.restartPolicy.onCrash()) {
            this.log.warn('The server exited unexpectedly; restarting it.');
            this.view.state = 'starting';
            this.renderStatus();
            return { action: CloseAction.Restart, handled: true };
          }
          this.setState(
            'error',
            `The server stopped ${this.restartPolicy.recentCrashes} times in a few minutes and will not be restarted. See the logs, then run "FimComplete: Restart Server".`,
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: {
        provideInlineCompletionItems: (document, position, context, token, next) =>
          this.provideInlineCompletionItems(document, position, context, token, next),
        workspace: {
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (result instanceof ResponseError || !Array.isArray(result)) {
              return result;
            }
            const server = this.serverSettings();
            return params.items.map((item, i) => configurationItem(item.section, result[i], server));
          },
          didChangeConfiguration: async () => {
            // Same shape as the answer to workspace/configuration: { fimComplete: <server settings> }.
            await client.sendNotification(DidChangeConfigurationNotification.type, {
              settings: { [SECTION]: this.serverSettings() },
            });
          },
        },
      },
    };

    const client = new FimLanguageClient('fimComplete', 'FimComplete', serverOptions, clientOptions);
    client.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
      if (this.client !== client) {
        return;
      }
      const status = parseStatusParams(params);
      if (!status) {
        this.log.warn(`Ignoring a malformed ${STATUS_NOTIFICATION}: ${JSON.stringify(params)}`);
        return;
      }
      statusReceived = true;
      this.setState(status.state, status.message, { model: status.model, provider: status.provider });
    });
    client.onDidChangeState((e) => {
      if (this.client !== client) {
        return;
      }
      switch (e.newState) {
        case State.Starting:
          statusReceived = false;
          break;
        case State.Running:
          everRunning = true;
          if (!statusReceived) {
            this.setState('loading', 'Waiting for the server to load the model.');
          }
          break;
        case State.StartFailed:
          // A restart after a crash that failed; the first start reports its own failure below.
          if (!firstStart) {
            this.setState('error', 'The server could not be restarted. See the logs, then run "FimComplete: Restart Server".');
          }
          break;
      }
    });
    this.client = client;
    try {
      await client.start();
      if (vscode.workspace.isTrusted && !initializationOptions.workspaceTrusted) {
        // Trust was granted while the server started.
        await client.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION, { trusted: true });
      }
      // The server also reports failures with window/showMessage (for clients without our status notification);
      // here they go through the same one-notification gate as fimComplete/status, not a second popup.
      client.onNotification(ShowMessageNotification.type, (params) => {
        this.log.info(`server: ${params.message}`);
        if (params.type === MessageType.Error && this.client === client && this.gate.onState('error', params.message)) {
          void this.showErrorNotification(params.message);
        }
      });
      await this.apiKeys.sendStoredKey();
      this.log.info('The server is running.');
      this.startupTrigger.serverRunning();
    } catch (e) {
      firstStart = false;
      if (this.client === client) {
        this.log.error(`The server could not start: ${errorText(e)}`);
        this.setState('error', describeStartFailure(e, launch));
      }
    }
    firstStart = false;
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.debouncer.cancelPending();
    this.inline.reset();
    if (!client) {
      return;
    }
    try {
      // Also ends the server process when the client never got running.
      await client.dispose(3000);
    } catch (e) {
      this.log.debug(`Stopping the server: ${errorText(e)}`);
    }
  }

  // ---- inline completion middleware --------------------------------------------------------

  private async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
    // The request is sent by InlineCompletionFlow itself: it needs the items' scores, which the library's conversion drops.
    _next: (
      document: vscode.TextDocument,
      position: vscode.Position,
      context: vscode.InlineCompletionContext,
      token: vscode.CancellationToken,
    ) => vscode.ProviderResult<vscode.InlineCompletionItem[] | vscode.InlineCompletionList>,
  ): Promise<vscode.InlineCompletionItem[] | vscode.InlineCompletionList | null | undefined> {
    const client = this.client;
    if (!this.settings.enabled || !client) {
      return undefined;
    }
    // Debounce, the stable ghost and auto-closed brackets: inlineCompletions.ts.
    return this.inline.provide(client, document, position, context, token, (outcome) => {
      if (outcome.source === 'server') {
        this.view.lastLatencyMs = outcome.latencyMs;
        this.view.lastItemCount = outcome.count;
        this.renderStatus();
      }
      this.log.debug(
        `Inline completion: ${outcome.count} item(s) in ${Math.round(outcome.latencyMs)} ms (${outcome.source}` +
          `${outcome.keptOverFresh ? ', shown suggestion kept' : ''}, waited ${outcome.debounceMs} ms)`,
      );
    });
  }

  // ---- commands ----------------------------------------------------------------------------

  private async showModel(): Promise<void> {
    const client = this.client;
    if (!client || !client.isRunning()) {
      void vscode.window.showWarningMessage(`FimComplete: the server is not running (${formatStatus(this.view).shown}).`);
      return;
    }
    let info: ModelInfo;
    try {
      info = await client.sendRequest<ModelInfo>(MODEL_INFO_REQUEST, {});
    } catch (e) {
      this.log.error(`${MODEL_INFO_REQUEST} failed: ${errorText(e)}`);
      void vscode.window.showWarningMessage(`FimComplete: could not get the model information (${errorText(e)}).`);
      return;
    }
    const lines = modelInfoLines(info);
    if (lines.length === 0) {
      void vscode.window.showWarningMessage('FimComplete: the server sent no model information.');
      return;
    }
    const picked = await vscode.window.showQuickPick(lines, {
      title: 'FimComplete model (select a line to copy it)',
      placeHolder: `${info.name ?? 'model'} on ${info.provider ?? 'unknown provider'}`,
    });
    if (picked) {
      await vscode.env.clipboard.writeText(picked.label);
    }
  }

  private async statusMenu(): Promise<void> {
    type Item = vscode.QuickPickItem & { command: string; args?: unknown[] };
    const items: Item[] = [
      this.settings.enabled
        ? { label: '$(circle-slash) Disable inline completions', command: 'fimComplete.disable' }
        : { label: '$(check) Enable inline completions', command: 'fimComplete.enable' },
      { label: '$(info) Show model', command: 'fimComplete.showModel' },
      { label: '$(debug-restart) Restart server', command: 'fimComplete.restartServer' },
      { label: '$(output) Show logs', command: 'fimComplete.showLogs' },
      { label: '$(settings-gear) Settings', command: 'workbench.action.openSettings', args: [SECTION] },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: formatStatus(this.view).tooltip.split('\n')[0] });
    if (picked) {
      await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.enqueue(() => this.stopClient());
    for (const d of this.disposables.reverse()) {
      d.dispose();
    }
  }
}

let controller: FimController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  controller = new FimController(context);
  // Not awaited: activation must not wait for the model to load.
  void controller.start();
}

export async function deactivate(): Promise<void> {
  const c = controller;
  controller = undefined;
  await c?.dispose();
}
