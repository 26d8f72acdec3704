import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, sampleUri, sampleText, sampleCursor, usingRealServer } from '../helpers.mjs';

const setting = (server, fimComplete) =>
  server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { fimComplete } });

test('progress while the model loads, status notifications, model info', async () => {
  const server = new Server();
  try {
    await server.initialize({ capabilities: { window: { workDoneProgress: true } } });
    await server.waitForStatus('ready');
    assert.equal(server.progressCreates.length, 1);
    const token = server.progressCreates[0];
    const begin = await server.waitForNotification('$/progress', (p) => p.token === token && p.value.kind === 'begin');
    assert.equal(typeof begin.value.title, 'string');
    await server.waitForNotification('$/progress', (p) => p.token === token && p.value.kind === 'end');
    const states = server.notifications.filter((n) => n.method === 'fimComplete/status').map((n) => n.params.state);
    assert.equal(states[0], 'loading');
    assert.equal(states.at(-1), 'ready');
    const ready = await server.waitForStatus('ready');
    assert.equal(typeof ready.model, 'string');
    assert.equal(typeof ready.provider, 'string');
    await server.waitForNotification('window/logMessage', (p) => /Workspace folders: .*project/.test(p.message));
    const info = await server.connection.sendRequest('fimComplete/modelInfo');
    for (const key of ['name', 'path', 'provider', 'template']) assert.equal(typeof info[key], 'string', key);
    assert.ok(info.contextLength > 0);
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});

test('pushed and pulled settings apply; enabled=false disables; a bad model path is an error and recovers', async () => {
  const server = new Server({ configuration: { candidates: 1 } });
  try {
    await server.initialize({
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } },
      initializationOptions: { settings: { candidates: 3 } },
    });
    await server.waitForStatus('ready');
    assert.equal(server.configurationRequests, 1, 'settings are pulled after initialized');
    await server.open(sampleUri, sampleText);
    const pulled = await server.inline(sampleUri, sampleCursor, { triggerKind: 1 });
    assert.equal(pulled.items.length, 1, 'candidates = 1 from workspace/configuration');

    // Pushed settings.
    await setting(server, { candidates: 2, maxNewTokens: 24, multiline: 'never', debounceMs: 50, logLevel: 'info' });
    await server.waitForNotification('window/logMessage', (p) => p.message.includes('candidates=2'));
    const pushed = await server.inline(sampleUri, sampleCursor, { triggerKind: 1 });
    assert.ok(pushed.items.length >= 1 && pushed.items.length <= 2, `candidates = 2 pushed: ${pushed.items.length} item(s)`);
    if (!usingRealServer) assert.equal(pushed.items.length, 2);

    // settings: null -> the server pulls.
    server.configuration = { candidates: 1, enabled: false };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await server.waitForStatus('disabled', 10_000);
    assert.equal(server.configurationRequests, 2);
    assert.deepEqual((await server.inline(sampleUri, sampleCursor, { triggerKind: 1 })).items, []);

    server.clearNotifications();
    await setting(server, { enabled: true, modelPath: '/no/such/model/dir' });
    await server.waitForStatus('error');
    const shown = await server.waitForNotification('window/showMessage');
    assert.equal(shown.type, 1);
    assert.match(shown.message, /no\/such\/model/);
    assert.deepEqual((await server.inline(sampleUri, sampleCursor, { triggerKind: 1 })).items, []);

    server.clearNotifications();
    await setting(server, { enabled: true, modelPath: '' });
    await server.waitForStatus('ready');
    const back = await server.inline(sampleUri, sampleCursor, { triggerKind: 1 });
    assert.ok(back.items.length >= 1);
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});
