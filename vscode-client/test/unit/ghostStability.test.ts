import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chooseShown, GhostStability } from '../../src/core/ghostStability';
import { absorbedSuffixLength, imbalance } from '../../src/core/autoClosed';
import { AdaptiveDelay } from '../../src/core/debounce';

const URI = 'file:///w/Orders.cs';
const BEFORE = '_logger.LogInformation(';
const AFTER = '\n}\n';

test('typing characters of the shown suggestion keeps its remainder (and the alternatives that still fit)', () => {
  const g = new GhostStability();
  const text = BEFORE + AFTER;
  g.remember(URI, text, BEFORE.length, [
    { insertText: '"Creating Order {Id}", order.Id);', score: -0.2 },
    { insertText: '"Created", id);', score: -0.5 },
    { insertText: 'order);', score: -0.9 },
  ]);
  const typed = BEFORE + '"Cr' + AFTER;
  const kept = g.keep(URI, typed, BEFORE.length + 3);
  assert.ok(kept);
  assert.equal(kept.typed, '"Cr');
  assert.deepEqual(kept.items.map((i) => i.insertText), ['eating Order {Id}", order.Id);', 'eated", id);']);
  assert.equal(kept.items[0].score, -0.2);
  // Nothing typed (the editor asks again): the same suggestions.
  assert.equal(g.keep(URI, text, BEFORE.length)?.items.length, 3);
});

test('a keystroke that differs from the suggestion, or an edit elsewhere, ends it', () => {
  const g = new GhostStability();
  const text = BEFORE + AFTER;
  g.remember(URI, text, BEFORE.length, [{ insertText: '"Creating", order);', score: 0 }]);
  assert.equal(g.keep(URI, BEFORE + 'x' + AFTER, BEFORE.length + 1), undefined);
  assert.equal(g.keep(URI, 'X' + BEFORE + AFTER, BEFORE.length + 1), undefined);
  assert.equal(g.keep(URI, BEFORE + '"' + AFTER, BEFORE.length), undefined, 'cursor not after the typed text');
  assert.equal(g.keep('file:///other.cs', text, BEFORE.length), undefined);
  // Typed all of it: nothing left to show.
  assert.equal(g.keep(URI, BEFORE + '"Creating", order);' + AFTER, BEFORE.length + 19), undefined);
});

test('an auto-closed bracket typed with the opener keeps the suggestion', () => {
  const g = new GhostStability();
  const before = '_logger.LogInformation';
  g.remember(URI, before + AFTER, before.length, [{ insertText: '("Creating", order);', score: 0 }]);
  // `(` typed, `)` inserted by the editor after the cursor.
  const kept = g.keep(URI, before + '()' + AFTER, before.length + 1);
  assert.deepEqual(kept?.items.map((i) => i.insertText), ['"Creating", order);']);
  // Something other than a closer after the cursor is not auto-inserted.
  assert.equal(g.keep(URI, before + '(x' + AFTER, before.length + 1), undefined);
});

test('a newer answer replaces a still-valid shown suggestion only when it scores higher', () => {
  const kept = [{ insertText: '"Creating Order", order);', score: -0.3 }];
  const worse = [{ insertText: 'order);', score: -0.8 }];
  const better = [{ insertText: '"Creating Order {@Order}", order);', score: -0.1 }];
  const keep = chooseShown(kept, worse);
  assert.equal(keep.replaced, false);
  assert.deepEqual(keep.items.map((i) => i.insertText), ['"Creating Order", order);', 'order);']);
  const replace = chooseShown(kept, better);
  assert.equal(replace.replaced, true);
  assert.equal(replace.items[0].insertText, better[0].insertText);
  // No scores: the shown one stays.
  assert.equal(chooseShown([{ insertText: 'a' }], [{ insertText: 'b' }]).items[0].insertText, 'a');
  // Nothing shown before: the fresh answer.
  assert.deepEqual(chooseShown(undefined, worse).items, worse);
  assert.deepEqual(chooseShown(kept, []).items, kept);
});

test('a suggestion that types the auto-closed rest of the line replaces it instead of doubling it', () => {
  assert.equal(absorbedSuffixLength('_logger.LogInformation(', '"Creating", order);', ')'), 1);
  assert.equal(absorbedSuffixLength('Log("', 'Hello", x);', '")'), 2);
  // `Foo(a)` closes only its own bracket: the auto-closed `)` stays.
  assert.equal(absorbedSuffixLength('Log(', 'Foo(a)', ')'), 0);
  // Not a closer after the cursor, nothing after it, multi-line suggestions: nothing replaced.
  assert.equal(absorbedSuffixLength('var x = ', 'Foo();', ' + 1;'), 0);
  assert.equal(absorbedSuffixLength('Log(', 'x);', ''), 0);
  assert.equal(absorbedSuffixLength('Log(', 'x,\n    y);', ')'), 0);
  assert.equal(imbalance('Log("(", x);'), 0);
  assert.equal(imbalance('Log(x'), 1);
});

test('the debounce follows the server and the typing pace: full before any answer, none when explicit', () => {
  let max = 75;
  let now = 0;
  const d = new AdaptiveDelay(() => max, 0.3, () => now);
  assert.equal(d.delayMs(false), 75);
  now += 1000;
  assert.equal(d.delayMs(true), 0);
  d.record(40);
  now += 1000;
  assert.equal(d.delayMs(false), 10, 'a fast server and a pause: a short wait');
  now += 25;
  assert.equal(d.delayMs(false), 38, 'keys 25 ms apart: wait longer than the pace, so the next key comes first');
  for (let i = 0; i < 20; i++) d.record(600);
  now += 1000;
  assert.equal(d.delayMs(false), 75, 'a slow server: the full wait');
  max = 0;
  now += 10;
  assert.equal(d.delayMs(false), 0);
});
