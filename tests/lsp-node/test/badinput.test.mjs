import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, frame } from '../helpers.mjs';

let server;
const uri = 'file:///work/project/Alive.cs';

before(async () => {
  server = new Server();
  await server.initialize();
  await server.open(uri, 'class Alive {}');
});

after(async () => {
  assert.equal((await server.stop()).code, 0, 'still shuts down cleanly after all that');
});

async function assertAlive() {
  assert.equal(await server.documentText(uri), 'class Alive {}');
  assert.equal(server.proc.exitCode, null);
}

test('malformed JSON gets a Parse error (-32700, id null) and the server keeps going', async () => {
  await server.writeRaw(frame('{"jsonrpc":"2.0","id":991,"method":"x", oops}'));
  const error = await server.waitForRaw((m) => m.error?.code === -32700);
  assert.equal(error.id, null);
  await assertAlive();
});

test('JSON that is not a JSON-RPC message gets Invalid Request (-32600) with its id', async () => {
  await server.writeRaw(frame('{"jsonrpc":"2.0","id":992,"method":12}'));
  const error = await server.waitForRaw((m) => m.id === 992);
  assert.equal(error.error.code, -32600);
  await assertAlive();
});

test('a Content-Length larger than the message: the server resynchronises on the next header', async () => {
  const body = '{"jsonrpc":"2.0","id":993,"method":"fimComplete/debug/documentText","params":{"uri":"x"}}';
  await server.writeRaw(`Content-Length: ${body.length + 4000}\r\n\r\n${body}`);
  await assertAlive(); // this request's header appears inside the declared content
  assert.equal(server.raw.find((m) => m.id === 993), undefined, 'the cut message is not executed');
});

test('a Content-Length smaller than the message, garbage, and bad headers are skipped', async () => {
  await server.writeRaw('Content-Length: 12\r\n\r\n{"jsonrpc":"2.0","id":994,"method":"shutdown"}');
  await server.writeRaw('this is not a header\r\n\r\n');
  await server.writeRaw('Content-Length: twelve\r\n\r\n{}');
  await server.writeRaw('X-Other: 1\r\n\r\n{"jsonrpc":"2.0","id":995,"method":"shutdown"}');
  await assertAlive();
  assert.equal(server.raw.find((m) => m.id === 994 || m.id === 995), undefined);
});

test('unknown methods get MethodNotFound (-32601); unknown notifications are ignored', async () => {
  await assert.rejects(server.connection.sendRequest('fimComplete/noSuchThing', {}), (e) => e.code === -32601);
  await server.connection.sendNotification('fimComplete/noSuchNotification', { a: 1 });
  await assertAlive();
});

test('invalid params get InvalidParams (-32602) with the JSON path; bad notifications are ignored', async () => {
  await assert.rejects(
    server.connection.sendRequest('textDocument/inlineCompletion', { textDocument: { uri }, position: { line: 'zero', character: 0 }, context: { triggerKind: 1 } }),
    (e) => e.code === -32602 && e.message.includes('$.position.line'),
  );
  await assert.rejects(
    server.connection.sendRequest('textDocument/inlineCompletion', { position: { line: 0, character: 0 }, context: { triggerKind: 1 } }),
    (e) => e.code === -32602 && e.message.includes('textDocument'),
  );
  await assert.rejects(server.connection.sendRequest('fimComplete/debug/documentText', [1, 2]), (e) => e.code === -32602);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 'two' }, contentChanges: 'all' });
  await server.connection.sendNotification('textDocument/didOpen', {});
  await assertAlive();
});

test('an edit with positions outside the document is clamped, not fatal', async () => {
  const u = 'file:///work/project/Clamp.cs';
  await server.open(u, 'abc');
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: u, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 1 }, end: { line: 40, character: 7 } }, text: 'Z' }],
  });
  assert.equal(await server.documentText(u), 'aZ');
  await server.waitForNotification('window/logMessage', (p) => p.type === 2 && p.message.includes('clamped'));
});
