// The FimComplete status bar item: what the server does (starting, loading, ready, error, disabled), the model, the
// last latency, Restricted Mode and a remote backend's host. The wording is in core/status.ts.
import * as vscode from 'vscode';
import { remoteHost } from './core/remote';
import { FimSettings } from './core/settings';
import { DisplayState, formatStatus, StatusPresentation, StatusView } from './core/status';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private view: StatusView;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: () => FimSettings,
  ) {
    this.view = { state: 'starting', enabled: settings().enabled };
    this.item = vscode.window.createStatusBarItem('fimComplete.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'FimComplete';
    this.item.command = 'fimComplete.statusMenu';
    this.render();
    this.item.show();
  }

  /** The state alone, without Restricted Mode or the remote host (for messages and the menu's title). */
  get presentation(): StatusPresentation {
    return formatStatus(this.view);
  }

  /** A new server is starting: what the last one reported (model, latency) is forgotten. */
  reset(enabled: boolean): void {
    this.view = { state: 'starting', enabled };
    this.render();
  }

  setEnabled(enabled: boolean): void {
    this.view.enabled = enabled;
    this.render();
  }

  setState(state: DisplayState, message?: string, extra?: { model?: string; provider?: string }): void {
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
    this.render();
  }

  /** A crashed server is being restarted: shown as starting, without a log line (the restart logs its own). */
  showRestarting(): void {
    this.view.state = 'starting';
    this.render();
  }

  /** The last server answer's round trip and item count. */
  recordCompletion(latencyMs: number, count: number): void {
    this.view.lastLatencyMs = latencyMs;
    this.view.lastItemCount = count;
    this.render();
  }

  render(): void {
    const p = formatStatus({ ...this.view, restricted: !vscode.workspace.isTrusted, remoteHost: remoteHost(this.settings()) });
    this.item.text = p.text;
    this.item.tooltip = p.tooltip;
    this.item.accessibilityInformation = { label: p.accessibilityLabel };
    this.item.backgroundColor =
      p.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : p.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
