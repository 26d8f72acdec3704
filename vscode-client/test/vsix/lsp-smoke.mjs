// The server of an unpacked per-platform package answers a language client: initialize, the model loads
// (fimComplete/status ready), and textDocument/inlineCompletion at a realistic cursor returns items.
// Plain JSON-RPC over the process's stdio (no dependencies), so it runs anywhere node does.
//
//   node lsp-smoke.mjs --exe <extension>/server/fimcomplete --model <extension>/model [--json out.json]
//
// Prints one line per check, the timings (process start -> initialize answered -> ready -> first items),
// and last `N passed, N failed`; exits 1 when a check failed.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const READY_TIMEOUT_MS = Number(process.env.FIM_SMOKE_READY_TIMEOUT_MS ?? 240_000);
const results = [];
function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
}

const workspace = mkdtempSync(join(tmpdir(), 'fim-smoke-ws-'));
const uri = pathToFileURL(join(workspace, 'Calculator.cs')).href;
const text = [
  'using System;',
  '',
  'public class Calculator',
  '{',
  '    public int Add(int a, int b)',
  '    {',
  '        return ',
  '    }',
  '',
  '    public static void Main()',
  '    {',
  '        var calculator = new Calculator();',
  '        Console.WriteLine(calculator.Add(1, 2));',
  '    }',
  '}',
  '',
].join('\n');
const cursor = { line: 6, character: 15 };

const t0 = performance.now();
const ms = () => Math.round(performance.now() - t0);
const proc = spawn(args.exe, ['serve'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: workspace });
let stderr = '';
proc.stderr.setEncoding('utf8');
proc.stderr.on('data', (d) => (stderr += d));
let spawnError;
proc.on('error', (e) => (spawnError = e));
const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
// A server that dies fails whatever is still awaited (else node would just exit with nothing settled).
let ended = false;
proc.on('exit', (code, signal) => {
  ended = true;
  const why = new Error(`the server exited (code ${code}, signal ${signal}); stderr: ${stderr.slice(-3000)}`);
  for (const p of pending.values()) p.reject(why);
  pending.clear();
  for (const w of waiters.splice(0)) w.reject(why);
});

let nextId = 1;
const pending = new Map();
const notifications = [];
const waiters = [];
function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
}
function request(method, params, timeoutMs = 120_000) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    if (ended) {
      reject(new Error(`${method}: the server has exited; stderr: ${stderr.slice(-3000)}`));
      return;
    }
    pending.set(id, { resolve, reject });
    send({ id, method, params });
    setTimeout(() => pending.has(id) && reject(new Error(`${method}: no answer in ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs).unref();
  });
}
function waitFor(method, predicate, timeoutMs) {
  const found = notifications.find((n) => n.method === method && predicate(n.params));
  if (found) return Promise.resolve(found.params);
  return new Promise((resolve, reject) => {
    if (ended) {
      reject(new Error(`the server has exited; stderr: ${stderr.slice(-3000)}`));
      return;
    }
    waiters.push({ method, predicate, resolve, reject });
    setTimeout(() => reject(new Error(`no ${method} in ${timeoutMs} ms; last: ${JSON.stringify(notifications.slice(-5))}; stderr: ${stderr.slice(-2000)}`)), timeoutMs).unref();
  });
}
let buffer = Buffer.alloc(0);
proc.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const msg = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
    buffer = buffer.subarray(headerEnd + 4 + length);
    if (msg.id !== undefined && msg.method === undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(JSON.stringify(msg.error)));
      else p?.resolve(msg.result);
    } else if (msg.id !== undefined) {
      // Requests from the server: workspace/configuration -> defaults; anything else -> null.
      const result = msg.method === 'workspace/configuration' ? msg.params.items.map(() => null) : null;
      send({ id: msg.id, result });
    } else {
      notifications.push({ method: msg.method, params: msg.params });
      for (const w of [...waiters]) {
        if (w.method === msg.method && w.predicate(msg.params)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(msg.params);
        }
      }
    }
  }
});

const timings = {};
try {
  const init = await request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'vsix-lsp-smoke', version: '1' },
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
    capabilities: { textDocument: { inlineCompletion: { dynamicRegistration: false } } },
    initializationOptions: { modelPath: resolve(args.model) },
  });
  timings.initializeMs = ms();
  check('initialize is answered with the inline completion capability', Boolean(init?.capabilities?.inlineCompletionProvider), JSON.stringify(init?.serverInfo ?? {}));
  send({ method: 'initialized', params: {} });
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'csharp', version: 1, text } } });
  const ready = await waitFor('fimComplete/status', (p) => p.state === 'ready' || p.state === 'error', READY_TIMEOUT_MS);
  timings.readyMs = ms();
  check('the bundled model loads (fimComplete/status ready)', ready.state === 'ready', JSON.stringify(ready));
  const list = await request('textDocument/inlineCompletion', { textDocument: { uri }, position: cursor, context: { triggerKind: 1 } });
  timings.firstItemsMs = ms();
  const items = list?.items ?? [];
  check('textDocument/inlineCompletion returns items', items.length >= 1 && typeof items[0].insertText === 'string' && items[0].insertText.length > 0, JSON.stringify(items.map((i) => i.insertText)));
  const info = await request('fimComplete/modelInfo', {});
  check('the server runs the model on the CPU provider', typeof info?.provider === 'string' && info.provider.length > 0, `${info?.name} on ${info?.provider}`);
  await request('shutdown', null);
  send({ method: 'exit' });
  const exit = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 15_000))]);
  check('shutdown + exit ends the server with code 0', exit.code === 0, JSON.stringify(exit));
} catch (e) {
  check('the session ran to the end', false, `${spawnError ? `spawn: ${spawnError.message}; ` : ''}${e?.stack ?? e}`);
  proc.kill('SIGKILL');
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
console.log(`timings: ${JSON.stringify(timings)} (process start = 0 ms)`);
if (args.json) writeFileSync(args.json, JSON.stringify({ timings }, null, 2));
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
