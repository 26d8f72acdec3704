// The remote backend's API key: the "FimComplete: Set API Key" command keeps it in VS Code's SecretStorage (never in
// settings.json, never in the log) and hands it to the server with the fimComplete/setApiKey request, on every server
// start and whenever it changes.
import * as vscode from 'vscode';
import { API_KEY_SECRET, SET_API_KEY_REQUEST, setApiKeyParams } from './core/remote';

/** The part of the language client this needs (the running client, or undefined). */
export interface KeyReceiver {
  isRunning(): boolean;
  sendRequest(method: string, params: unknown): Promise<unknown>;
}

export class ApiKeyCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly client: () => KeyReceiver | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand('fimComplete.setApiKey', () => this.askForKey()),
      // Another window of this VS Code changed the key: this window's server gets it too.
      this.secrets.onDidChange((e) => {
        if (e.key === API_KEY_SECRET) {
          void this.sendStoredKey();
        }
      }),
    );
  }

  /** Sends the stored key (or nothing, when none is stored) to the running server. */
  async sendStoredKey(): Promise<void> {
    const key = await this.secrets.get(API_KEY_SECRET);
    if (key !== undefined) {
      await this.send(key);
    }
  }

  private async askForKey(): Promise<void> {
    const key = await vscode.window.showInputBox({
      title: 'FimComplete: API key of the remote backend',
      prompt: 'Sent as "Authorization: Bearer <key>" to fimComplete.endpoint. Kept in VS Code\'s secret storage. Leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) {
      return;
    }
    const params = setApiKeyParams(key);
    if (params.apiKey === null) {
      await this.secrets.delete(API_KEY_SECRET);
      this.log.info('API key removed.');
    } else {
      await this.secrets.store(API_KEY_SECRET, params.apiKey);
      this.log.info('API key stored in the secret storage.');
    }
    await this.send(key);
  }

  private async send(key: string): Promise<void> {
    const client = this.client();
    if (!client?.isRunning()) {
      return; // sent when the server starts
    }
    try {
      await client.sendRequest(SET_API_KEY_REQUEST, setApiKeyParams(key));
    } catch (e) {
      // The message only: the params (the key) are never written to the log.
      this.log.error(`${SET_API_KEY_REQUEST} failed: ${e instanceof Error ? e.message : 'unknown error'}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
