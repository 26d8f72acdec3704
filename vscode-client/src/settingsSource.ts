// The fimComplete.* settings as VS Code holds them: read, watched for changes, resolved for the server, and the
// enabled switch written back where the user keeps it. The rules themselves are in core/settings.ts.
import * as vscode from 'vscode';
import { changedKeys, FimSettings, PathContext, readSettings, SECTION, toServerSettings } from './core/settings';

export type SettingsChanged = (changed: readonly (keyof FimSettings)[], settings: FimSettings) => void;

export class SettingsSource implements vscode.Disposable {
  private last: FimSettings;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly onChanged: SettingsChanged,
  ) {
    this.last = SettingsSource.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e));
  }

  /** The settings as last read (at a change or at a server start). */
  get current(): FimSettings {
    return this.last;
  }

  /** Reads the settings afresh; they become `current`. */
  reload(): FimSettings {
    this.last = SettingsSource.read();
    return this.last;
  }

  pathContext(): PathContext {
    return {
      extensionPath: this.extensionPath,
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    };
  }

  /** What the server is told (modelPath resolved). Read fresh: listeners may run in any order. */
  serverSettings(): FimSettings {
    return toServerSettings(SettingsSource.read(), this.pathContext());
  }

  /** Writes fimComplete.enabled where it is set: the workspace (folder) when set there, else the user settings. */
  async setEnabled(enabled: boolean): Promise<void> {
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

  dispose(): void {
    this.subscription.dispose();
  }

  private static read(): FimSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => config.get(key));
  }

  private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) {
      return;
    }
    const previous = this.last;
    this.last = SettingsSource.read();
    const changed = changedKeys(previous, this.last);
    if (changed.length === 0) {
      return;
    }
    this.log.info(`Settings changed: ${changed.join(', ')}`);
    this.onChanged(changed, this.last);
  }
}
