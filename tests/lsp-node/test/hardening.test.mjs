// Issue 8 regressions found by the hardening fuzzer (tests/FimComplete.Hardening.Tests), checked with the client VS
// Code's language client is built on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, frame } from '../helpers.mjs';

let server;
const uri = 'file:///work/project/Hardening.cs';

before(async () => {
  server = new Server();
  await server.initialize();
  await server.open(uri, 'class Hardening {}');
});

after(async () => {
  // once (session 4, full suite, real server) this saw exit code null: say how it ended and what the server said
  const result = await server.stop();
  assert.equal(result.code, 0, `server ended with ${JSON.stringify(result)}; its stderr ends:\n${server.stderr.slice(-3000)}`);
});

async function assertAlive() {
  assert.equal(await server.documentText(uri), 'class Hardening {}');
  assert.equal(server.proc.exitCode, null);
}

test('a response to a request the server never sent is ignored (it used to close the connection)', async () => {
  await server.writeRaw(frame('{"jsonrpc":"2.0","id":4242,"result":{"x":1}}'));
  await server.writeRaw(frame('{"jsonrpc":"2.0","id":"nope","error":{"code":-32603,"message":"boom"}}'));
  await server.writeRaw(frame('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"boom"}}'));
  await assertAlive();
  // The server logs to the client (window/logMessage) while one is attached, to stderr otherwise.
  const ignored = /Ignoring a response to a request the server did not send/;
  if (!ignored.test(server.stderr)) {
    await server.waitForNotification('window/logMessage', (p) => ignored.test(p.message), 5_000);
  }
});

test('JSON followed by trailing garbage is a Parse error (-32700, id null), not a request', async () => {
  await server.writeRaw(frame('{"jsonrpc":"2.0","id":777,"method":"fimComplete/modelInfo"}}'));
  const error = await server.waitForRaw((m) => m.error?.code === -32700 && /after a single JSON value/.test(m.error.message));
  assert.equal(error.id, null);
  await assertAlive();
  assert.equal(server.raw.find((m) => m.id === 777), undefined, 'the request is not executed');
});

test('a repeated initialized notification is ignored', async () => {
  await server.connection.sendNotification('initialized', {});
  await assertAlive();
  await server.waitForNotification('window/logMessage', (p) => /repeated 'initialized'/.test(p.message));
});
