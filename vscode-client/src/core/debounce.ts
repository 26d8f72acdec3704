// Debounce of inline completion requests. No `vscode` import (unit-tested under node).

/** The part of vscode.CancellationToken that is used here. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Waits `delayMs` before a request may go to the server. A wait ends early with `false` when its
 * token is cancelled (VS Code cancels the previous request when the user types on) or when a newer
 * wait starts (so a stale request never reaches the server even if nobody cancelled it).
 */
export class Debouncer {
  private generation = 0;
  private pending: { settle(proceed: boolean): void } | undefined;

  constructor(private readonly timers: Timers = realTimers) {}

  /** Resolves true when the caller should send its request, false when it was cancelled or superseded. */
  wait(delayMs: number, token?: CancellationLike): Promise<boolean> {
    // A newer request supersedes the one still waiting.
    this.pending?.settle(false);
    this.pending = undefined;
    const generation = ++this.generation;
    if (token?.isCancellationRequested) {
      return Promise.resolve(false);
    }
    if (!(delayMs > 0)) {
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      let done = false;
      let subscription: { dispose(): unknown } | undefined;
      const settle = (proceed: boolean): void => {
        if (done) {
          return;
        }
        done = true;
        this.timers.clearTimeout(handle);
        subscription?.dispose();
        if (this.pending === entry) {
          this.pending = undefined;
        }
        resolve(proceed && generation === this.generation && !token?.isCancellationRequested);
      };
      const entry = { settle };
      const handle = this.timers.setTimeout(() => settle(true), delayMs);
      subscription = token?.onCancellationRequested(() => settle(false));
      if (done) {
        subscription?.dispose();
      } else {
        this.pending = entry;
      }
    });
  }

  /** Ends the wait in progress, if any, with `false`. */
  cancelPending(): void {
    this.pending?.settle(false);
    this.pending = undefined;
    this.generation++;
  }
}
