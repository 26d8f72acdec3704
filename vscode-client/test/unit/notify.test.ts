import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ErrorNotificationGate, RestartPolicy } from '../../src/core/notify';

test('one notification per error episode, until the server is ready again', () => {
  let now = 0;
  const gate = new ErrorNotificationGate(() => now, 60_000);
  assert.equal(gate.onState('loading'), false);
  assert.equal(gate.onState('error', 'model missing'), true);
  assert.equal(gate.onState('error', 'model missing'), false, 'same message again');
  assert.equal(gate.onState('error', 'another failure'), false, 'different message, same episode');
  assert.equal(gate.onState('loading'), false);
  assert.equal(gate.onState('error', 'third'), false, 'loading does not end the episode');
  now = 10 * 60_000;
  assert.equal(gate.onState('ready'), false);
  assert.equal(gate.onState('error', 'new problem'), true, 'after ready a new error shows');
});

test('the same message is not repeated soon, even across ready', () => {
  let now = 0;
  const gate = new ErrorNotificationGate(() => now, 60_000);
  assert.equal(gate.onState('error', 'flaky'), true);
  gate.onState('ready');
  now = 30_000;
  assert.equal(gate.onState('error', 'flaky'), false, 'within the window');
  gate.onState('ready');
  now = 120_000;
  assert.equal(gate.onState('error', 'flaky'), true, 'after the window');
});

test('a storm of errors gives one notification', () => {
  const gate = new ErrorNotificationGate(() => 0);
  let shown = 0;
  for (let i = 0; i < 100; i++) {
    if (gate.onState('error', `failure ${i % 7}`)) {
      shown++;
    }
  }
  assert.equal(shown, 1);
});

test('reset lets the next error show', () => {
  const gate = new ErrorNotificationGate(() => 0);
  assert.equal(gate.onState('error', 'x'), true);
  gate.reset();
  assert.equal(gate.onState('error', 'x'), true);
});

test('restart policy gives up after too many crashes in the window', () => {
  let now = 0;
  const p = new RestartPolicy(3, 180_000, () => now);
  assert.equal(p.onCrash(), true);
  now += 1000;
  assert.equal(p.onCrash(), true);
  now += 1000;
  assert.equal(p.onCrash(), true);
  now += 1000;
  assert.equal(p.onCrash(), false);
  assert.equal(p.recentCrashes, 4);
  now += 10 * 60_000;
  assert.equal(p.onCrash(), true, 'old crashes expire');
  p.reset();
  assert.equal(p.recentCrashes, 0);
});
