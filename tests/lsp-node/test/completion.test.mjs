import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { Server, sampleUri, sampleText, sampleCursor, usingRealServer } from '../helpers.mjs';

let server;
let fake;

before(async () => {
  server = new Server();
  await server.initialize();
  await server.waitForStatus('ready');
  const info = await server.connection.sendRequest('fimComplete/modelInfo');
  fake = info.name.startsWith('fake-');
  assert.equal(fake, !usingRealServer, 'FIMCOMPLETE_SERVER unset means the fake server');
});

after(async () => {
  assert.equal((await server.stop()).code, 0);
});

function assertInsertAt(item, position) {
  assert.ok(item.range, 'every item has an explicit range');
  assert.deepEqual(item.range, { start: position, end: position });
  assert.equal(typeof item.insertText, 'string');
  assert.ok(item.insertText.length > 0);
}

test('an inline completion at a realistic cursor returns items that insert at the cursor', async () => {
  await server.open(sampleUri, sampleText);
  const list = await server.inline(sampleUri, sampleCursor, { triggerKind: 1 });
  assert.ok(Array.isArray(list.items));
  assert.ok(list.items.length >= 1, 'at least one suggestion for `return |` in Add(a, b)');
  for (const item of list.items) assertInsertAt(item, sampleCursor);
  if (fake) assert.equal(list.items[0].insertText, 'fakeValue0();');
});

test('typing through the suggestion is answered from the cache, without the model', async () => {
  // A real model may suggest a single character at one cursor; try a few realistic cursors for a suggestion to type into.
  const variants = [
    ['        return ', 15],
    ['        int sum = a + b;\r\n        return ', 15],
    ['        Console.WriteLine(', 26],
    ['        var result = ', 21],
  ];
  let uri;
  let cursor;
  let top = '';
  for (const [i, [line, character]] of variants.entries()) {
    uri = `file:///work/project/TypeThrough${i}.cs`;
    const text = sampleText.replace('        return ', line);
    const cursorLine = sampleCursor.line + (line.split('\r\n').length - 1);
    cursor = { line: cursorLine, character };
    await server.open(uri, text);
    const first = await server.inline(uri, cursor);
    top = first.items[0]?.insertText ?? '';
    if (top.length >= 2 && !/[\r\n]/.test(top[0])) break;
  }
  assert.ok(top.length >= 2 && !/[\r\n]/.test(top[0]), `a suggestion long enough to type through at one of the cursors (last: ${JSON.stringify(top)})`);
  server.clearNotifications();
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: cursor, end: cursor }, text: top[0] }],
  });
  const next = { line: cursor.line, character: cursor.character + 1 };
  const started = Date.now();
  const second = await server.inline(uri, next);
  const elapsed = Date.now() - started;
  assert.equal(second.items[0].insertText, top.slice(1));
  assertInsertAt(second.items[0], next);
  await server.waitForNotification('window/logMessage', (p) => p.message.includes('typing-through cache'));
  assert.ok(elapsed < 2000, `answered in ${elapsed} ms`);
});

test('$/cancelRequest cancels the running completion: RequestCancelled (-32800)', async () => {
  const uri = 'file:///work/project/Cancel.cs';
  // The fake server waits for the delay in this comment (a real model ignores it); more tokens make a real model slower.
  await server.open(uri, `// fake-delay-ms: 30000\r\n${sampleText}`);
  const cursor = { line: sampleCursor.line + 1, character: sampleCursor.character };
  server.clearNotifications();
  const source = new CancellationTokenSource();
  const started = Date.now();
  const pending = server.inline(uri, cursor, { token: source.token, triggerKind: 1 });
  // A real model can finish a short completion in tens of milliseconds: cancel at once so the cancel wins the race.
  setTimeout(() => source.cancel(), fake ? 300 : 0);
  await assert.rejects(pending, (e) => e.code === -32800);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 5000, `cancelled after ${elapsed} ms`);
  if (fake) {
    // With the fake's long delay the cancel reaches work in flight (a real model may be cancelled while queued).
    await server.waitForNotification('window/logMessage', (p) => p.message.includes('fake host: completion cancelled'));
    await server.waitForNotification('window/logMessage', (p) => p.message.includes('cancelled by the client'));
  }
});

test('a newer request for the same document supersedes the older one (which gets an empty list)', async () => {
  const uri = 'file:///work/project/Supersede.cs';
  // The fake waits for the delay in the comment; a real model ignores it. Against the real server the older request
  // is still in the engine (Roslyn analysis and a model run take milliseconds) when the newer one arrives right behind it.
  await server.open(uri, `// fake-delay-ms: 30000\r\n${sampleText}`);
  const cursor = { line: sampleCursor.line + 1, character: sampleCursor.character };
  server.clearNotifications();
  const older = server.inline(uri, cursor, { triggerKind: 1 });
  if (fake) {
    await server.waitForNotification('window/logMessage', () => true, 500).catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
  }
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: `// quick\r\n${sampleText}` }],
  });
  const newer = await server.inline(uri, cursor, { triggerKind: 1 });
  if (fake) assert.equal(newer.items.length, 3);
  assert.ok(newer.items.length >= 1, 'the newer request gets suggestions');
  assert.deepEqual((await older).items, []);
  await server.waitForNotification('window/logMessage', (p) => p.message.includes('superseded after'));
});

test('with a selected suggest item, items extend that item and replace its range', async () => {
  const uri = 'file:///work/project/Selected.cs';
  const text = sampleText.replace('        return \r\n', '        Console.Wri\r\n');
  await server.open(uri, text);
  const cursor = { line: 9, character: 19 };
  const range = { start: { line: 9, character: 16 }, end: cursor };
  const list = await server.inline(uri, cursor, { triggerKind: 2, selectedCompletionInfo: { range, text: 'WriteLine' } });
  assert.ok(list.items.length >= 1, 'at least one suggestion that extends the selected item');
  for (const item of list.items) {
    assert.ok(item.insertText.startsWith('WriteLine'), item.insertText);
    assert.ok(item.insertText.length > 'WriteLine'.length);
    assert.deepEqual(item.range, range);
  }
});

test('unknown documents get an empty list; positions: past the line end clamps, past the last line is InvalidParams', async () => {
  const missing = await server.inline('file:///work/project/NotOpen.cs', { line: 0, character: 0 });
  assert.deepEqual(missing.items, []);
  await server.waitForNotification('window/logMessage', (p) => p.type === 2 && p.message.includes('not open'));

  const uri = 'file:///work/project/Clamp.cs';
  await server.open(uri, sampleText);
  const clamped = await server.inline(uri, { line: sampleCursor.line, character: 500 }, { triggerKind: 1 });
  if (fake) assert.equal(clamped.items.length, 3);
  assert.ok(clamped.items.length >= 1, 'the clamped cursor gets suggestions');
  for (const item of clamped.items) assertInsertAt(item, sampleCursor); // "        return " ends at character 15

  await assert.rejects(server.inline(uri, { line: 500, character: 0 }), (e) => e.code === -32602 && /past the end of the document/.test(e.message));
  await assert.rejects(server.inline(uri, { line: -1, character: 0 }), (e) => e.code === -32602);
});
