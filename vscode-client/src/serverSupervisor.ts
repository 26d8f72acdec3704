// Starts, restarts and stops the FimComplete server and its language client: one at a time (start, stop and restart
// are queued), a crashed server restarted quietly unless it keeps crashing (core/notify.ts RestartPolicy), and what
// the server reports (fimComplete/status, window/showMessage errors) shown in the status bar and, once per burst, as a
// notification.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  MessageType,
  Middleware,
  RevealOutputChannelOn,
  ServerOptions,
  ShowMessageNotification,
  State,
} from 'vscode-languageclient/node';
import * as readline from 'node:readline';
import { errorText } from './core/errors';
import { filteredChannel, serverStdio } from './core/logging';
import { RestartPolicy } from './core/notify';
import { SECTION, toInitializationOptions } from './core/settings';
import { DisplayState, parseStatusParams, STATUS_NOTIFICATION } from './core/status';
import { ErrorNotifier } from './errorNotifier';
import { FimLanguageClient } from './fimLanguageClient';
import { describeStartFailure, locateServer } from './serverLocator';
import { SettingsSource } from './settingsSource';
import { StatusBar } from './statusBar';

/** Client -> server: the user granted workspace trust; the server loads the project files then (no restart). */
const WORKSPACE_TRUSTED_NOTIFICATION = 'fimComplete/workspaceTrusted';

export interface SupervisorParts {
  log: vscode.LogOutputChannel;
  settings: SettingsSource;
  status: StatusBar;
  notifier: ErrorNotifier;
  /** Hands the stored API key to a server that just started (remoteBackend.ts). */
  keys: { sendStoredKey(): Promise<void> };
  /** Told when a server got running (inlineCompletions.ts StartupTrigger). */
  startup: { serverRunning(): void };
  /** The middleware of a new client; `self` is that client (middleware.ts). */
  middleware: (self: () => LanguageClient) => Middleware;
  /** Drops pending and remembered completions: the server they were for is stopping. */
  forgetCompletions: () => void;
}

export class ServerSupervisor {
  private readonly restartPolicy = new RestartPolicy();
  private current: FimLanguageClient | undefined;
  /** Serializes start/stop/restart. */
  private lifecycle: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly parts: SupervisorParts) {}

  /** The language client, while one is started (running or not yet). */
  get client(): LanguageClient | undefined {
    return this.current;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.startClient());
  }

  restart(reason: string, userInitiated: boolean): Promise<void> {
    return this.enqueue(async () => {
      this.parts.log.info(`Restarting the server: ${reason}`);
      if (userInitiated) {
        this.parts.notifier.reset();
        this.restartPolicy.reset();
      }
      await this.stopClient();
      await this.startClient();
    });
  }

  /** Restricted Mode ended: tell the running server, which then loads the project files (no restart). */
  workspaceTrustGranted(): void {
    this.parts.log.info('Workspace trust granted: the server loads the project files.');
    this.parts.status.render();
    if (this.current?.isRunning()) {
      void this.current
        .sendNotification(WORKSPACE_TRUSTED_NOTIFICATION, { trusted: true })
        .catch((e) => this.parts.log.error(`${WORKSPACE_TRUSTED_NOTIFICATION} failed: ${errorText(e)}`));
    }
  }

  /** Stops the server for good (the extension is deactivated). */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.enqueue(() => this.stopClient());
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(op, op);
    this.lifecycle = next.catch((e) => this.parts.log.error(`Lifecycle: ${errorText(e)}`));
    return this.lifecycle;
  }

  /** The status bar shows the state; an error may also give a notification. */
  private report(state: DisplayState, message?: string, extra?: { model?: string; provider?: string }): void {
    this.parts.status.setState(state, message, extra);
    this.parts.notifier.onState(state, message);
  }

  private async startClient(): Promise<void> {
    if (this.disposed) {
      return;
    }
    const { log, settings, status } = this.parts;
    const current = settings.reload();
    const ctx = settings.pathContext();
    const located = locateServer({ serverPath: current.serverPath, ctx });
    status.reset(current.enabled);
    if (!located.ok) {
      this.report('error', located.problem);
      return;
    }
    const launch = located.launch;
    const initializationOptions = { ...toInitializationOptions(current, ctx), workspaceTrusted: vscode.workspace.isTrusted };
    log.info(`Starting the server: ${launch.command} ${launch.args.join(' ')}`);
    log.info(`Model: ${initializationOptions.modelPath}`);
    if (!initializationOptions.workspaceTrusted) {
      log.info('Restricted Mode: the workspace is not trusted, its project files are not loaded.');
    }

    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      options: { cwd: ctx.workspaceFolder ?? ctx.extensionPath, env: { ...process.env, DOTNET_NOLOGO: '1' } },
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
      outputChannel: filteredChannel(log, () => settings.current.logLevel),
      stdioOptions: serverStdio(
        () => settings.current.logLevel,
        (input, onLine) => readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', onLine),
      ),
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationFailedHandler: (error) => {
        log.error(`Server initialization failed: ${errorText(error)}`);
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
            log.warn('The server exited unexpectedly; restarting it.');
            status.showRestarting();
            return { action: CloseAction.Restart, handled: true };
          }
          this.report(
            'error',
            `The server stopped ${this.restartPolicy.recentCrashes} times in a few minutes and will not be restarted. See the logs, then run "FimComplete: Restart Server".`,
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: this.parts.middleware(() => client),
    };

    const client = new FimLanguageClient('fimComplete', 'FimComplete', serverOptions, clientOptions);
    client.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
      if (this.current !== client) {
        return;
      }
      const parsed = parseStatusParams(params);
      if (!parsed) {
        log.warn(`Ignoring a malformed ${STATUS_NOTIFICATION}: ${JSON.stringify(params)}`);
        return;
      }
      statusReceived = true;
      this.report(parsed.state, parsed.message, { model: parsed.model, provider: parsed.provider });
    });
    client.onDidChangeState((e) => {
      if (this.current !== client) {
        return;
      }
      switch (e.newState) {
        case State.Starting:
          statusReceived = false;
          break;
        case State.Running:
          everRunning = true;
          if (!statusReceived) {
            this.report('loading', 'Waiting for the server to load the model.');
          }
          break;
        case State.StartFailed:
          // A restart after a crash that failed; the first start reports its own failure below.
          if (!firstStart) {
            this.report('error', 'The server could not be restarted. See the logs, then run "FimComplete: Restart Server".');
          }
          break;
      }
    });
    this.current = client;
    try {
      await client.start();
      if (vscode.workspace.isTrusted && !initializationOptions.workspaceTrusted) {
        // Trust was granted while the server started.
        await client.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION, { trusted: true });
      }
      // The server also reports failures with window/showMessage (for clients without our status notification);
      // here they go through the same one-notification gate as fimComplete/status, not a second popup.
      client.onNotification(ShowMessageNotification.type, (params) => {
        log.info(`server: ${params.message}`);
        if (params.type === MessageType.Error && this.current === client) {
          this.parts.notifier.onState('error', params.message);
        }
      });
      await this.parts.keys.sendStoredKey();
      log.info('The server is running.');
      this.parts.startup.serverRunning();
    } catch (e) {
      firstStart = false;
      if (this.current === client) {
        log.error(`The server could not start: ${errorText(e)}`);
        this.report('error', describeStartFailure(e, launch));
      }
    }
    firstStart = false;
  }

  private async stopClient(): Promise<void> {
    const client = this.current;
    this.current = undefined;
    this.parts.forgetCompletions();
    if (!client) {
      return;
    }
    try {
      // Also ends the server process when the client never got running.
      await client.dispose(3000);
    } catch (e) {
      this.parts.log.debug(`Stopping the server: ${errorText(e)}`);
    }
  }
}
