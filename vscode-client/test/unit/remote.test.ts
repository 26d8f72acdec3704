import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BACKENDS,
  FIM_TEMPLATES,
  normalizeEndpoint,
  normalizeRemoteSettings,
  REMOTE_CONTEXT_BOUNDS,
  remoteHost,
  setApiKeyParams,
} from '../../src/core/remote';
import { DEFAULT_SETTINGS, normalizeSettings, toInitializationOptions } from '../../src/core/settings';
import { formatStatus } from '../../src/core/status';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

test('the local backend is the default and sends nowhere', () => {
  assert.equal(DEFAULT_SETTINGS.backend, 'local');
  assert.equal(remoteHost(DEFAULT_SETTINGS), undefined);
  assert.equal(normalizeSettings({}).backend, 'local');
});

test('remote settings are read, bad values fall back to the defaults', () => {
  assert.deepEqual(
    normalizeRemoteSettings({ backend: 'ollama', endpoint: ' http://gpu-box:11434 ', remoteModel: ' qwen2.5-coder:1.5b-base ', fimTemplate: 'Qwen', remoteContextLength: 8192.4 }),
    { backend: 'ollama', endpoint: 'http://gpu-box:11434', remoteModel: 'qwen2.5-coder:1.5b-base', fimTemplate: 'qwen', remoteContextLength: 8192 },
  );
  assert.deepEqual(
    normalizeRemoteSettings({ backend: 'gpt', endpoint: 'ftp://x', remoteModel: 3, fimTemplate: 'llama3', remoteContextLength: 'big' }),
    { backend: 'local', endpoint: '', remoteModel: '', fimTemplate: 'auto', remoteContextLength: 4096 },
  );
  assert.equal(normalizeRemoteSettings({ remoteContextLength: 10 }).remoteContextLength, REMOTE_CONTEXT_BOUNDS.min);
  assert.equal(normalizeEndpoint('not a url'), '');
});

test('the status tooltip names the host the code goes to', () => {
  assert.equal(remoteHost({ backend: 'ollama', endpoint: '' }), '127.0.0.1:11434');
  assert.equal(remoteHost({ backend: 'openai', endpoint: 'https://inference.team.example/v1' }), 'inference.team.example');
  assert.equal(remoteHost({ backend: 'llamacpp', endpoint: 'http://gpu-box:8080' }), 'gpu-box:8080');
  const remote = formatStatus({ state: 'ready', enabled: true, model: 'qwen2.5-coder:1.5b-base', provider: 'ollama at gpu-box:11434', remoteHost: 'gpu-box:11434' });
  assert.match(remote.tooltip, /^FimComplete: ready — qwen2\.5-coder:1\.5b-base \(ollama at gpu-box:11434\)\n/);
  assert.match(remote.tooltip, /\nRemote backend: code around the cursor is sent to gpu-box:11434\n/);
  assert.doesNotMatch(formatStatus({ state: 'ready', enabled: true }).tooltip, /Remote backend/);
});

test('the server gets the remote settings; the API key is in no setting', () => {
  const options = toInitializationOptions(normalizeSettings({ backend: 'llamacpp', endpoint: 'http://gpu-box:8080', remoteModel: 'm' }), { extensionPath: '/opt/ext' });
  assert.equal(options.settings.backend, 'llamacpp');
  assert.equal(options.settings.endpoint, 'http://gpu-box:8080');
  assert.equal(options.settings.remoteModel, 'm');
  assert.ok(!Object.keys(options.settings).some((k) => /apikey|secret|password/i.test(k)), Object.keys(options.settings).join(','));
  assert.deepEqual(setApiKeyParams(' sk-1 '), { apiKey: 'sk-1' });
  assert.deepEqual(setApiKeyParams(''), { apiKey: null });
  assert.deepEqual(setApiKeyParams(undefined), { apiKey: null });
});

test('package.json declares the remote settings, the command, and keeps them out of untrusted workspaces', () => {
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(props['fimComplete.backend'].enum, [...BACKENDS]);
  assert.deepEqual(props['fimComplete.fimTemplate'].enum, [...FIM_TEMPLATES]);
  assert.equal(props['fimComplete.remoteContextLength'].minimum, REMOTE_CONTEXT_BOUNDS.min);
  assert.equal(props['fimComplete.remoteContextLength'].maximum, REMOTE_CONTEXT_BOUNDS.max);
  assert.ok(pkg.contributes.commands.some((c: { command: string; title: string }) => c.command === 'fimComplete.setApiKey' && c.title === 'Set API Key'));
  for (const key of ['fimComplete.backend', 'fimComplete.endpoint', 'fimComplete.remoteModel']) {
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), key);
  }
});
