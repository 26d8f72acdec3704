// When the server gets running, whether to ask for a suggestion at once. No `vscode` import (unit-tested under node).
//
// The inline completion provider exists only once the server runs; VS Code asked nobody for the keystrokes before
// that, and asks again only at the next keystroke. So the extension asks once itself when the user edited the active
// C# editor shortly before: an edit it saw (after activation), or, at the first start, unsaved changes in that editor
// (keystrokes before activation, which can take a minute on a busy machine, leave no event behind).

export interface StartupEditor {
  uri: string;
  languageId: string;
  isDirty: boolean;
}

export interface StartupFacts {
  /** The active text editor's document, if any. */
  active: StartupEditor | undefined;
  /** The last C# document edit seen since the last start. */
  lastEdit: { uri: string; at: number } | undefined;
  now: number;
  /** The first server start of this extension session (not a restart). */
  firstStart: boolean;
  /** How recent a seen edit must be. */
  withinMs: number;
}

/** `undefined`: do not ask; otherwise why the extension asks (for the log). */
export function startupAskReason(f: StartupFacts): string | undefined {
  if (!f.active || f.active.languageId !== 'csharp') {
    return undefined;
  }
  if (f.lastEdit !== undefined && f.lastEdit.uri === f.active.uri && f.now - f.lastEdit.at < f.withinMs) {
    return 'the file was edited before the server was running';
  }
  if (f.firstStart && f.active.isDirty) {
    return 'the file was edited before the extension was activated';
  }
  return undefined;
}
