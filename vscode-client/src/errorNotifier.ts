// One error notification per burst of server errors (the rule: core/notify.ts), with the two ways out: the logs, or a
// restart of the server.
import * as vscode from 'vscode';
import { ErrorNotificationGate } from './core/notify';
import { DisplayState } from './core/status';

export interface ErrorActions {
  showLogs(): void;
  restartServer(): Promise<void>;
}

export class ErrorNotifier {
  private readonly gate = new ErrorNotificationGate();

  constructor(private readonly actions: ErrorActions) {}

  /** Every state the server reaches; an error that opens a burst shows a notification. */
  onState(state: DisplayState, message?: string): void {
    if (this.gate.onState(state, message)) {
      void this.show(message ?? 'The server reported an error.');
    }
  }

  /** The user restarted the server: the next error gets a notification again. */
  reset(): void {
    this.gate.reset();
  }

  private async show(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`FimComplete: ${message}`, 'Show Logs', 'Restart Server');
    if (choice === 'Show Logs') {
      this.actions.showLogs();
    } else if (choice === 'Restart Server') {
      await this.actions.restartServer();
    }
  }
}
