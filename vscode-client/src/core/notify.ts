// Keeps error notifications from becoming a storm. No `vscode` import (unit-tested under node).
import type { DisplayState } from './status';

/**
 * Decides whether an error should raise a notification: at most one until the server reports
 * `ready` again, and the same message not again within `repeatWindowMs` even across `ready`
 * (a server that flaps between ready and error shows its error once).
 */
export class ErrorNotificationGate {
  private shownSinceReady = false;
  private readonly lastShown = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly repeatWindowMs = 5 * 60_000,
  ) {}

  /** Call on every state change; returns true when a notification should be shown for it. */
  onState(state: DisplayState, message?: string): boolean {
    if (state === 'ready') {
      this.shownSinceReady = false;
      return false;
    }
    if (state !== 'error') {
      return false;
    }
    if (this.shownSinceReady) {
      return false;
    }
    const key = (message ?? '').trim();
    const t = this.now();
    const last = this.lastShown.get(key);
    if (last !== undefined && t - last < this.repeatWindowMs) {
      return false;
    }
    this.lastShown.set(key, t);
    this.shownSinceReady = true;
    return true;
  }

  /** Forget everything (e.g. after the user restarted the server on purpose). */
  reset(): void {
    this.shownSinceReady = false;
    this.lastShown.clear();
  }
}

/**
 * When the server process dies: restart it, unless it died `maxRestarts` times within `windowMs`.
 */
export class RestartPolicy {
  private readonly crashes: number[] = [];

  constructor(
    private readonly maxRestarts = 3,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true = restart the server, false = give up. */
  onCrash(): boolean {
    const t = this.now();
    this.crashes.push(t);
    while (this.crashes.length > 0 && t - this.crashes[0] > this.windowMs) {
      this.crashes.shift();
    }
    return this.crashes.length <= this.maxRestarts;
  }

  get recentCrashes(): number {
    return this.crashes.length;
  }

  reset(): void {
    this.crashes.length = 0;
  }
}
