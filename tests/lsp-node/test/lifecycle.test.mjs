import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { Server } from '../helpers.mjs';

test('initialize advertises inline completion and incremental sync; shutdown + exit ends with 0', async () => {
  const server = new Server();
  try {
    const result = await server.initialize();
    assert.equal(result.capabilities.inlineCompletionProvider, true);
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.equal(result.capabilities.positionEncoding, 'utf-16');
    assert.equal(typeof result.serverInfo.name, 'string');
    assert.equal(await server.connection.sendRequest('shutdown'), null);
    const raw = await server.waitForRaw((m) => 'result' in m && m.result === null);
    assert.ok(raw, 'shutdown answers with an explicit "result": null');
    await assert.rejects(server.documentText('file:///x.cs'), (e) => e.code === -32600, 'requests after shutdown are InvalidRequest');
    await server.connection.sendNotification('exit');
    const { code } = await server.exited;
    assert.equal(code, 0);
  } finally {
    server.kill();
  }
});

test('exit without shutdown ends with 1', async () => {
  const server = new Server();
  try {
    await server.initialize();
    await server.connection.sendNotification('exit');
    assert.equal((await server.exited).code, 1);
  } finally {
    server.kill();
  }
});

test('requests before initialize get ServerNotInitialized (-32002); initialize twice is InvalidRequest', async () => {
  const server = new Server();
  try {
    await assert.rejects(
      server.inline('file:///work/project/A.cs', { line: 0, character: 0 }),
      (e) => e.code === -32002,
    );
    await assert.rejects(server.connection.sendRequest('shutdown'), (e) => e.code === -32002);
    await server.initialize();
    await assert.rejects(server.connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} }), (e) => e.code === -32600);
    assert.equal(await server.documentText('file:///work/project/A.cs'), null);
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});

test('the server exits when stdin closes', async () => {
  const server = new Server();
  try {
    await server.initialize();
    server.proc.stdin.end();
    const result = await Promise.race([server.exited, delay(15_000, undefined, { ref: false }).then(() => ({ code: 'still running' }))]);
    assert.equal(result.code, 1, 'stdin closed without shutdown: exit code 1');
  } finally {
    server.kill();
  }
});
