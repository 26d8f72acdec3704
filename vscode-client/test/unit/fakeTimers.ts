import { Timers } from '../../src/core/timers';

/** Manual clock: timers fire only when advance() passes them. */
export class FakeTimers implements Timers {
  now = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get active(): number {
    return this.timers.size;
  }
  /** Fires the timers due by now + ms, in order. */
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= this.now && this.timers.has(id)) {
        this.timers.delete(id);
        t.fn();
      }
    }
  }
  /** advance(), then one turn of the event loop so that promises the timers settled run their continuations. */
  async advanceAndSettle(ms: number): Promise<void> {
    this.advance(ms);
    await new Promise((r) => setImmediate(r));
  }
}
