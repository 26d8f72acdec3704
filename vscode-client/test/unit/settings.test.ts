import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  changedKeys,
  configurationItem,
  DEFAULT_SETTINGS,
  needsRestart,
  normalizeSettings,
  NUMERIC_BOUNDS,
  readSettings,
  resolveModelPath,
  resolveUserPath,
  SETTING_KEYS,
  toInitializationOptions,
  toServerSettings,
} from '../../src/core/settings';

const ext = path.resolve('/opt/ext/fimcomplete-0.1.0');
const ws = path.resolve('/home/u/proj');
const ctx = { extensionPath: ext, workspaceFolder: ws, homeDir: path.resolve('/home/u') };

test('defaults when nothing is configured', () => {
  assert.deepEqual(normalizeSettings(undefined), { ...DEFAULT_SETTINGS });
  assert.deepEqual(normalizeSettings({}), { ...DEFAULT_SETTINGS });
});

test('the defaults match the package.json contribution, key for key', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; enum?: string[]; minimum?: number; maximum?: number }>;
  const contributed = Object.keys(props).filter((k) => !k.startsWith('fimComplete.trace.'));
  assert.deepEqual(contributed.sort(), SETTING_KEYS.map((k) => `fimComplete.${k}`).sort());
  for (const key of SETTING_KEYS) {
    assert.deepEqual(props[`fimComplete.${key}`].default, DEFAULT_SETTINGS[key], key);
  }
  for (const [key, b] of Object.entries(NUMERIC_BOUNDS)) {
    assert.equal(props[`fimComplete.${key}`].minimum, b.min, `${key} minimum`);
    assert.equal(props[`fimComplete.${key}`].maximum, b.max, `${key} maximum`);
  }
  assert.deepEqual(props['fimComplete.executionProvider'].enum, ['auto', 'cpu', 'cuda', 'directml']);
  assert.deepEqual(props['fimComplete.multiline'].enum, ['auto', 'always', 'never']);
  assert.deepEqual(props['fimComplete.logLevel'].enum, ['error', 'warn', 'info', 'debug']);
});

test('wrong types and unknown enum values fall back to the defaults; numbers are clamped', () => {
  const s = normalizeSettings({
    enabled: 'yes',
    modelPath: 42,
    executionProvider: 'tpu',
    threads: -3,
    maxNewTokens: 100000,
    temperature: '0.7',
    candidates: 2.6,
    contextBudget: null,
    multiline: 'sometimes',
    debounceMs: Number.NaN,
    serverPath: '  /x/server  ',
    logLevel: 'trace',
  });
  assert.deepEqual(s, {
    enabled: true,
    modelPath: '',
    executionProvider: 'auto',
    threads: 0,
    maxNewTokens: 1024,
    temperature: 0.7,
    candidates: 3,
    contextBudget: 0,
    multiline: 'auto',
    debounceMs: 75,
    serverPath: '/x/server',
    logLevel: 'info',
    backend: 'local',
    endpoint: '',
    remoteModel: '',
    fimTemplate: 'auto',
    remoteContextLength: 4096,
  });
});

test('valid values pass through', () => {
  const raw = {
    enabled: false,
    modelPath: '/models/m',
    executionProvider: 'cuda',
    threads: 4,
    maxNewTokens: 32,
    temperature: 0,
    candidates: 1,
    contextBudget: 2048,
    multiline: 'never',
    debounceMs: 0,
    serverPath: '',
    logLevel: 'debug',
    backend: 'openai',
    endpoint: 'http://inference.team:8000/v1',
    remoteModel: 'Qwen/Qwen2.5-Coder-7B',
    fimTemplate: 'qwen',
    remoteContextLength: 16384,
  };
  assert.deepEqual(normalizeSettings(raw), raw);
});

test('readSettings asks for every key through the getter', () => {
  const asked: string[] = [];
  const s = readSettings((k) => {
    asked.push(k);
    return k === 'candidates' ? 5 : undefined;
  });
  assert.deepEqual(asked.sort(), [...SETTING_KEYS].sort());
  assert.equal(s.candidates, 5);
});

test('empty modelPath resolves to the bundled model folder', () => {
  assert.equal(resolveModelPath('', ctx), path.join(ext, 'model'));
  assert.equal(resolveModelPath('   ', ctx), path.join(ext, 'model'));
});

test('user paths: absolute, ~, ${workspaceFolder}, relative', () => {
  assert.equal(resolveUserPath('/models/x', ctx), path.resolve('/models/x'));
  assert.equal(resolveUserPath('~/models/x', ctx), path.join(ctx.homeDir, 'models', 'x'));
  assert.equal(resolveUserPath('${workspaceFolder}/m', ctx), path.join(ws, 'm'));
  assert.equal(resolveUserPath('models/m', ctx), path.join(ws, 'models', 'm'));
  assert.equal(resolveUserPath('models/m', { extensionPath: ext }), path.join(ext, 'models', 'm'));
});

test('initializationOptions: { modelPath, settings } with the model path resolved in both', () => {
  const settings = normalizeSettings({ candidates: 2, modelPath: '' });
  const init = toInitializationOptions(settings, ctx);
  assert.equal(init.modelPath, path.join(ext, 'model'));
  assert.deepEqual(init.settings, { ...settings, modelPath: path.join(ext, 'model') });
  assert.deepEqual(Object.keys(init).sort(), ['modelPath', 'settings']);
  assert.deepEqual(Object.keys(init.settings).sort(), [...SETTING_KEYS].sort());
  // The settings object is JSON-clean (it crosses the wire).
  assert.deepEqual(JSON.parse(JSON.stringify(init)), init);
});

test('workspace/configuration answers: whole section, one key, other sections untouched', () => {
  const server = toServerSettings(normalizeSettings({ modelPath: '~/m', maxNewTokens: 16 }), ctx);
  assert.deepEqual(configurationItem('fimComplete', { modelPath: '~/m', junk: 1 }, server), server);
  assert.equal(configurationItem('fimComplete.modelPath', '~/m', server), path.join(ctx.homeDir, 'm'));
  assert.equal(configurationItem('fimComplete.maxNewTokens', 16, server), 16);
  assert.deepEqual(configurationItem('fimComplete.trace', { server: 'off' }, server), { server: 'off' });
  assert.deepEqual(configurationItem('editor', { tabSize: 4 }, server), { tabSize: 4 });
  assert.equal(configurationItem(undefined, 'x', server), 'x');
});

test('only serverPath needs a restart', () => {
  const a = normalizeSettings({});
  const b = normalizeSettings({ temperature: 0.5, modelPath: '/m' });
  assert.deepEqual(changedKeys(a, b), ['modelPath', 'temperature']);
  assert.equal(needsRestart(changedKeys(a, b)), false);
  const c = normalizeSettings({ serverPath: '/s' });
  assert.equal(needsRestart(changedKeys(a, c)), true);
  assert.deepEqual(changedKeys(a, normalizeSettings({})), []);
});
