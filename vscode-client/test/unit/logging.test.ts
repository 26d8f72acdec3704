import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { filteredChannel, parseServerLine, shouldLog } from '../../src/core/logging';

class Channel {
  lines: string[] = [];
  error(m: string): void { this.lines.push(`[error] ${m}`); }
  warn(m: string): void { this.lines.push(`[warning] ${m}`); }
  info(m: string): void { this.lines.push(`[info] ${m}`); }
  debug(m: string): void { this.lines.push(`[debug] ${m}`); }
  appendLine(m: string): void { this.lines.push(`[append] ${m}`); }
  name = 'FimComplete';
}

test('a server stderr line is logged at its own level; anything else (a crash) as an error', () => {
  assert.deepEqual(parseServerLine('[12:00:01.123 info] Model ready'), { level: 'info', message: 'Model ready' });
  assert.deepEqual(parseServerLine('[12:00:01.123 warn] slow'), { level: 'warn', message: 'slow' });
  assert.deepEqual(parseServerLine('[12:00:01.123 log] inlineCompletion A.cs:1:1'), { level: 'debug', message: 'inlineCompletion A.cs:1:1' });
  assert.deepEqual(parseServerLine('Unhandled exception. System.Exception'), { level: 'error', message: 'Unhandled exception. System.Exception' });
});

test('the client channel keeps levels, maps the LSP Log type to debug and filters by fimComplete.logLevel', () => {
  const channel = new Channel();
  let level: 'error' | 'warn' | 'info' | 'debug' = 'info';
  const c = filteredChannel(channel, () => level);
  c.info('Model ready');
  c.appendLine('inlineCompletion A.cs:1:1: 1 item(s)');
  c.error('boom');
  level = 'debug';
  c.appendLine('inlineCompletion A.cs:2:1: 1 item(s)');
  assert.deepEqual(channel.lines, ['[info] Model ready', '[error] boom', '[debug] inlineCompletion A.cs:2:1: 1 item(s)']);
  assert.equal(c.name, 'FimComplete');
  assert.ok(shouldLog('error', 'warn') && !shouldLog('info', 'warn'));
});
