import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CancellationLike, Debouncer } from '../../src/core/debounce';
import { FakeTimers } from './fakeTimers';

class Token implements CancellationLike {
  isCancellationRequested = false;
  private listeners: (() => unknown)[] = [];
  subscriptions = 0;
  onCancellationRequested(listener: () => unknown) {
    this.listeners.push(listener);
    this.subscriptions++;
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        this.subscriptions--;
      },
    };
  }
  cancel(): void {
    this.isCancellationRequested = true;
    for (const l of this.listeners) {
      l();
    }
  }
}

/** Tracks a promise's outcome without awaiting it. */
function track(p: Promise<boolean>): { value?: boolean } {
  const box: { value?: boolean } = {};
  void p.then((v) => (box.value = v));
  return box;
}

test('proceeds after the delay, not before', async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const r = track(d.wait(75, new Token()));
  await timers.advanceAndSettle(74);
  assert.equal(r.value, undefined);
  await timers.advanceAndSettle(1);
  assert.equal(r.value, true);
  assert.equal(timers.active, 0);
});

test('a cancelled request ends at once and never proceeds', async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const token = new Token();
  const r = track(d.wait(75, token));
  await timers.advanceAndSettle(10);
  token.cancel();
  await timers.advanceAndSettle(0);
  assert.equal(r.value, false);
  assert.equal(timers.active, 0, 'timer cleared');
  assert.equal(token.subscriptions, 0, 'listener disposed');
  await timers.advanceAndSettle(1000);
  assert.equal(r.value, false);
});

test('a token cancelled before the wait starts never proceeds (even with no delay)', async () => {
  const d = new Debouncer(new FakeTimers());
  const token = new Token();
  token.cancel();
  assert.equal(await d.wait(75, token), false);
  assert.equal(await d.wait(0, token), false);
});

test('a newer request supersedes the waiting one, even if nobody cancels it', async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const first = track(d.wait(75, new Token()));
  await timers.advanceAndSettle(50);
  const second = track(d.wait(75, new Token()));
  await timers.advanceAndSettle(0);
  assert.equal(first.value, false);
  await timers.advanceAndSettle(74);
  assert.equal(second.value, undefined);
  await timers.advanceAndSettle(1);
  assert.equal(second.value, true);
});

test('typing burst: only the last of many requests proceeds', async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const results: { value?: boolean }[] = [];
  let previous: Token | undefined;
  for (let i = 0; i < 10; i++) {
    previous?.cancel(); // VS Code cancels the previous request
    previous = new Token();
    results.push(track(d.wait(75, previous)));
    await timers.advanceAndSettle(30);
  }
  await timers.advanceAndSettle(100);
  assert.deepEqual(
    results.map((r) => r.value),
    [...Array(9).fill(false), true],
  );
});

test('zero delay proceeds immediately (explicit trigger)', async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const waiting = track(d.wait(75, new Token()));
  assert.equal(await d.wait(0, new Token()), true);
  await timers.advanceAndSettle(0);
  assert.equal(waiting.value, false, 'the explicit request supersedes the waiting one');
});

test('cancelPending ends the waiting request', async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const r = track(d.wait(75));
  d.cancelPending();
  await timers.advanceAndSettle(100);
  assert.equal(r.value, false);
});

test('works with real timers', async () => {
  const d = new Debouncer();
  const t0 = Date.now();
  assert.equal(await d.wait(20, new Token()), true);
  assert.ok(Date.now() - t0 >= 15);
});
