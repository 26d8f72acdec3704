import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CursorPlace, LinePrefill } from '../../src/core/prefill';
import { FakeTimers } from './fakeTimers';

const at = (line: number, character = 0, uri = 'file:///a.cs'): CursorPlace => ({ uri, line, character });

test('a cursor that settles on a new line sends one prefill there', () => {
  const timers = new FakeTimers();
  const sent: CursorPlace[] = [];
  const prefill = new LinePrefill((p) => sent.push(p), 150, timers);
  prefill.moved(at(3, 4));
  timers.advance(149);
  assert.deepEqual(sent, []);
  timers.advance(1);
  assert.deepEqual(sent, [at(3, 4)]);
});

test('moving through lines sends only for the line the cursor stops on', () => {
  const timers = new FakeTimers();
  const sent: CursorPlace[] = [];
  const prefill = new LinePrefill((p) => sent.push(p), 150, timers);
  for (let line = 1; line <= 5; line++) {
    prefill.moved(at(line));
    timers.advance(50);
  }
  timers.advance(200);
  assert.deepEqual(sent, [at(5)]);
});

test('typing on the line of the last prefill sends nothing more', () => {
  const timers = new FakeTimers();
  const sent: CursorPlace[] = [];
  const prefill = new LinePrefill((p) => sent.push(p), 150, timers);
  prefill.moved(at(7, 0));
  timers.advance(150);
  for (let c = 1; c < 10; c++) {
    prefill.moved(at(7, c));
    timers.advance(200);
  }
  assert.equal(sent.length, 1);
});

test('a request of the editor replaces the pending prefill and marks its line', () => {
  const timers = new FakeTimers();
  const sent: CursorPlace[] = [];
  const prefill = new LinePrefill((p) => sent.push(p), 150, timers);
  prefill.moved(at(2));
  prefill.requested(at(2, 5));
  timers.advance(500);
  prefill.moved(at(2, 6));
  timers.advance(500);
  assert.deepEqual(sent, []);
  prefill.moved(at(3));
  timers.advance(150);
  assert.deepEqual(sent, [at(3)]);
});

test('lines are tracked per document, and a closed document starts fresh', () => {
  const timers = new FakeTimers();
  const sent: CursorPlace[] = [];
  const prefill = new LinePrefill((p) => sent.push(p), 150, timers);
  prefill.moved(at(1, 0, 'file:///a.cs'));
  timers.advance(150);
  prefill.moved(at(1, 0, 'file:///b.cs'));
  timers.advance(150);
  prefill.moved(at(1, 2, 'file:///a.cs'));
  timers.advance(150);
  assert.equal(sent.length, 2);
  prefill.forget('file:///a.cs');
  prefill.moved(at(1, 2, 'file:///a.cs'));
  timers.advance(150);
  assert.equal(sent.length, 3);
});

test('cancel drops a prefill not sent yet', () => {
  const timers = new FakeTimers();
  const sent: CursorPlace[] = [];
  const prefill = new LinePrefill((p) => sent.push(p), 150, timers);
  prefill.moved(at(4));
  prefill.cancel();
  timers.advance(1000);
  assert.deepEqual(sent, []);
});
