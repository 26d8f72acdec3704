// Debounce of inline completion requests. No `vscode` import (unit-tested under node).
import { realTimers, Timers } from './timers';

/** The part of vscode.CancellationToken that is used here. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

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

/**
 * How long an automatic request waits (fimComplete.debounceMs is the most). The wait exists so that a request the next
 * keystroke would supersede is not sent. Two things decide it:
 * - the typing pace (as Tabby does): while keys come faster than `maxMs` apart, wait 1.5x the last interval, so the
 *   next key usually arrives first and a request goes out only when the user pauses;
 * - the server's answer times: what a superseded request costs is the server's time, so a quarter of their moving
 *   average (before any answer: `maxMs`). A server answering in 40 ms gets 10 ms, a loaded one answering in 400 ms the
 *   full 75 ms.
 * The longer of the two, at most `maxMs`. An explicit request ("Trigger Inline Suggestion") and a keystroke that types
 * through the shown suggestion (answered in the extension, no server) do not wait. VS Code's own inline-suggestion
 * delay comes before this one and is not changed.
 */
export class AdaptiveDelay {
  private average: number | undefined;
  private lastRequestAt: number | undefined;

  constructor(
    private readonly maxMs: () => number,
    private readonly weight = 0.3,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records the server time of an answered request (not of cancelled ones: they end early). */
  record(latencyMs: number): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) {
      return;
    }
    this.average = this.average === undefined ? latencyMs : (1 - this.weight) * this.average + this.weight * latencyMs;
  }

  /** The wait for the request the editor asks for now (one per keystroke): 0 for explicit requests. */
  delayMs(explicit: boolean): number {
    const now = this.now();
    const interval = this.lastRequestAt === undefined ? undefined : now - this.lastRequestAt;
    this.lastRequestAt = now;
    const max = this.maxMs();
    if (explicit || !(max > 0)) {
      return 0;
    }
    const server = this.average === undefined ? max : Math.round(this.average / 4);
    const typing = interval !== undefined && interval < max ? Math.round(interval * 1.5) : 0;
    return Math.min(max, Math.max(server, typing));
  }

  /** The moving average of answer times (undefined before the first answer). */
  get averageMs(): number | undefined {
    return this.average;
  }
}
