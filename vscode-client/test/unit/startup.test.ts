import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { StartupFacts, startupAskReason } from '../../src/core/startup';

const cs = (isDirty: boolean) => ({ uri: 'file:///ws/A.cs', languageId: 'csharp', isDirty });
const facts = (f: Partial<StartupFacts>): StartupFacts => ({ active: cs(false), lastEdit: undefined, now: 100_000, firstStart: true, withinMs: 30_000, ...f });

test('a recent edit of the active C# file seen after activation asks once the server runs', () => {
  assert.equal(startupAskReason(facts({ lastEdit: { uri: 'file:///ws/A.cs', at: 95_000 } })), 'the file was edited before the server was running');
});

test('keystrokes before activation (no edit seen) still ask at the first start: the active C# file is unsaved', () => {
  assert.equal(startupAskReason(facts({ active: cs(true) })), 'the file was edited before the extension was activated');
});

test('nothing is asked for an untouched file, an old or other edit, a restart with unsaved changes, or no C# editor', () => {
  assert.equal(startupAskReason(facts({})), undefined);
  assert.equal(startupAskReason(facts({ lastEdit: { uri: 'file:///ws/A.cs', at: 60_000 } })), undefined);
  assert.equal(startupAskReason(facts({ lastEdit: { uri: 'file:///ws/B.cs', at: 99_000 } })), undefined);
  assert.equal(startupAskReason(facts({ active: cs(true), firstStart: false })), undefined);
  assert.equal(startupAskReason(facts({ active: { uri: 'file:///ws/a.json', languageId: 'json', isDirty: true } })), undefined);
  assert.equal(startupAskReason(facts({ active: undefined, lastEdit: { uri: 'file:///ws/A.cs', at: 99_000 } })), undefined);
});
