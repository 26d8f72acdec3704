// A thrown value as one line of text for the log or a message. No `vscode` import (unit-tested under node).

export function errorText(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  return typeof e === 'string' ? e : JSON.stringify(e);
}
