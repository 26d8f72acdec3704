// The FimComplete commands of the command palette and the status bar item's menu (package.json `contributes.commands`;
// Set API Key is registered by remoteBackend.ts).
import * as vscode from 'vscode';
import { errorText } from './core/errors';
import { SECTION } from './core/settings';
import { MODEL_INFO_REQUEST, ModelInfo, modelInfoLines } from './core/status';
import { ServerSupervisor } from './serverSupervisor';
import { SettingsSource } from './settingsSource';
import { StatusBar } from './statusBar';

export interface CommandParts {
  log: vscode.LogOutputChannel;
  settings: SettingsSource;
  status: StatusBar;
  supervisor: ServerSupervisor;
}

export function registerCommands(parts: CommandParts): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('fimComplete.enable', () => parts.settings.setEnabled(true)),
    vscode.commands.registerCommand('fimComplete.disable', () => parts.settings.setEnabled(false)),
    vscode.commands.registerCommand('fimComplete.restartServer', () => parts.supervisor.restart('restart requested', true)),
    vscode.commands.registerCommand('fimComplete.showLogs', () => parts.log.show(true)),
    vscode.commands.registerCommand('fimComplete.showModel', () => showModel(parts)),
    vscode.commands.registerCommand('fimComplete.statusMenu', () => statusMenu(parts)),
  ];
}

/** The model's name, path, provider, ... in a quick pick; the selected line goes to the clipboard. */
async function showModel(parts: CommandParts): Promise<void> {
  const client = parts.supervisor.client;
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage(`FimComplete: the server is not running (${parts.status.presentation.shown}).`);
    return;
  }
  let info: ModelInfo;
  try {
    info = await client.sendRequest<ModelInfo>(MODEL_INFO_REQUEST, {});
  } catch (e) {
    parts.log.error(`${MODEL_INFO_REQUEST} failed: ${errorText(e)}`);
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

/** The status bar item's menu: the commands above and the settings. */
async function statusMenu(parts: CommandParts): Promise<void> {
  type Item = vscode.QuickPickItem & { command: string; args?: unknown[] };
  const items: Item[] = [
    parts.settings.current.enabled
      ? { label: '$(circle-slash) Disable inline completions', command: 'fimComplete.disable' }
      : { label: '$(check) Enable inline completions', command: 'fimComplete.enable' },
    { label: '$(info) Show model', command: 'fimComplete.showModel' },
    { label: '$(debug-restart) Restart server', command: 'fimComplete.restartServer' },
    { label: '$(output) Show logs', command: 'fimComplete.showLogs' },
    { label: '$(settings-gear) Settings', command: 'workbench.action.openSettings', args: [SECTION] },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: parts.status.presentation.tooltip.split('\n')[0] });
  if (picked) {
    await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
  }
}
