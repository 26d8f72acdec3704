import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatLatency, formatParameters, formatStatus, modelInfoLines, parseStatusParams } from '../../src/core/status';

test('latency formatting', () => {
  assert.equal(formatLatency(0), '0 ms');
  assert.equal(formatLatency(123.4), '123 ms');
  assert.equal(formatLatency(999.4), '999 ms');
  assert.equal(formatLatency(1234), '1.2 s');
  assert.equal(formatLatency(12_345), '12 s');
  assert.equal(formatLatency(Number.NaN), '');
  assert.equal(formatLatency(-1), '');
});

test('ready shows the last latency and the model', () => {
  const p = formatStatus({ state: 'ready', enabled: true, model: 'fim-350m', provider: 'cpu', lastLatencyMs: 142.7, lastItemCount: 3 });
  assert.equal(p.text, '$(sparkle) FIM 143 ms');
  assert.equal(p.shown, 'ready');
  assert.equal(p.accessibilityLabel, 'FimComplete: ready');
  assert.match(p.tooltip, /^FimComplete: ready — fim-350m \(cpu\)\nLast completion: 143 ms, 3 suggestions/);
  assert.equal(p.severity, undefined);
});

test('ready without a request yet shows no latency', () => {
  assert.equal(formatStatus({ state: 'ready', enabled: true }).text, '$(sparkle) FIM');
});

test('loading and starting spin', () => {
  const loading = formatStatus({ state: 'loading', enabled: true, model: 'm' });
  assert.equal(loading.text, '$(loading~spin) FIM');
  assert.match(loading.tooltip, /loading the model m/);
  assert.equal(formatStatus({ state: 'starting', enabled: true }).accessibilityLabel, 'FimComplete: starting');
});

test('error is red and carries the message', () => {
  const p = formatStatus({ state: 'error', enabled: true, message: 'model not found: /x' });
  assert.equal(p.text, '$(error) FIM');
  assert.equal(p.severity, 'error');
  assert.match(p.tooltip, /model not found: \/x/);
});

test('restricted mode says the project files are not loaded, in every state', () => {
  for (const state of ['ready', 'loading', 'error', 'starting'] as const) {
    assert.match(formatStatus({ state, enabled: true, restricted: true }).tooltip, /restricted mode: project files not loaded/);
    assert.doesNotMatch(formatStatus({ state, enabled: true, restricted: false }).tooltip, /restricted mode/);
  }
});

test('the enabled setting wins over the server state', () => {
  for (const state of ['ready', 'loading', 'error', 'starting'] as const) {
    const p = formatStatus({ state, enabled: false, message: 'whatever', lastLatencyMs: 5 });
    assert.equal(p.shown, 'disabled');
    assert.equal(p.text, '$(circle-slash) FIM');
    assert.doesNotMatch(p.tooltip, /whatever/);
    assert.equal(p.severity, undefined);
  }
  assert.match(formatStatus({ state: 'disabled', enabled: true }).tooltip, /disabled by the server/);
});

test('status notification params are validated', () => {
  assert.deepEqual(parseStatusParams({ state: 'ready', model: 'm', provider: 'cpu', extra: 1 }), { state: 'ready', model: 'm', provider: 'cpu' });
  assert.deepEqual(parseStatusParams({ state: 'error', message: 'boom', model: 3 }), { state: 'error', message: 'boom' });
  assert.equal(parseStatusParams({ state: 'exploded' }), undefined);
  assert.equal(parseStatusParams(null), undefined);
  assert.equal(parseStatusParams('ready'), undefined);
});

test('model info lines and parameter counts', () => {
  assert.equal(formatParameters(1_234_567), '1.2 M');
  assert.equal(formatParameters(350_000_000), '350 M');
  assert.equal(formatParameters(1_500_000_000), '1.5 B');
  assert.equal(formatParameters(12_000), '12 K');
  assert.equal(formatParameters('0.5B'), '0.5B');
  assert.equal(formatParameters(undefined), undefined);
  assert.deepEqual(modelInfoLines({ name: 'fim', path: '/m', provider: 'cpu', contextLength: 2048, parameters: 60_000_000 }), [
    { label: 'fim', description: 'model' },
    { label: '/m', description: 'path' },
    { label: 'cpu', description: 'execution provider' },
    { label: '2048 tokens', description: 'context length' },
    { label: '60.0 M', description: 'parameters' },
  ]);
  assert.deepEqual(modelInfoLines(null), []);
});
