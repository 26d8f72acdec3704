// Starts the FimComplete language server as a child process and connects vscode-languageserver-protocol to its stdio.
//
// FIMCOMPLETE_SERVER: the server command line, e.g. "dotnet /path/fimcomplete.dll serve --model /path/to/model".
// Default: the fake-model server built by `npm run build-fake` (the real server with a deterministic fake model host).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');

/** Splits a command line on spaces; double quotes group. */
export function splitCommand(commandLine) {
  const parts = [];
  let current = '';
  let quoted = false;
  let any = false;
  for (const c of commandLine) {
    if (c === '"') {
      quoted = !quoted;
      any = true;
    } else if (/\s/.test(c) && !quoted) {
      if (any) parts.push(current);
      current = '';
      any = false;
    } else {
      current += c;
      any = true;
    }
  }
  if (any) parts.push(current);
  return parts;
}

export function serverCommand() {
  if (process.env.FIMCOMPLETE_SERVER) {
    return splitCommand(process.env.FIMCOMPLETE_SERVER);
  }
  const artifacts = process.env.FIMCOMPLETE_ARTIFACTS ?? path.join(repoRoot, 'artifacts');
  const dll = path.join(artifacts, 'bin', 'FimComplete.FakeServer', 'debug', 'FimComplete.FakeServer.dll');
  if (!existsSync(dll)) {
    throw new Error(`No server: set FIMCOMPLETE_SERVER, or build the fake server (npm run build-fake); looked for ${dll}`);
  }
  return ['dotnet', dll, 'serve', '--enable-debug-requests'];
}

/** Real model (FIMCOMPLETE_SERVER set) or the fake: tests that depend on the fake's behaviour check this. */
export const usingRealServer = Boolean(process.env.FIMCOMPLETE_SERVER);

/** How long to wait for the model (a real model on a CPU takes a while). */
export const modelTimeoutMs = Number(process.env.FIMCOMPLETE_MODEL_TIMEOUT_MS ?? (usingRealServer ? 180_000 : 20_000));

export class Server {
  constructor({ configuration } = {}) {
    const [command, ...args] = serverCommand();
    this.proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.notifications = [];
    this.waiters = [];
    this.raw = []; // every message the server wrote, parsed independently of vscode-jsonrpc
    this.rawLog = [];
    this.configuration = configuration ?? null; // answer to workspace/configuration
    this.configurationRequests = 0;
    this.progressCreates = [];
    this.#tapStdout();

    const logger = {
      error: (m) => this.rawLog.push(`error: ${m}`),
      warn: (m) => this.rawLog.push(`warn: ${m}`),
      info: (m) => this.rawLog.push(`info: ${m}`),
      log: (m) => this.rawLog.push(`log: ${m}`),
    };
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin), logger);
    for (const method of ['window/logMessage', 'window/showMessage', 'fimComplete/status', '$/progress']) {
      this.connection.onNotification(method, (params) => this.#record(method, params));
    }
    this.connection.onRequest('workspace/configuration', (params) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.section === 'fimComplete' ? this.configuration : null));
    });
    this.connection.onRequest('window/workDoneProgress/create', (params) => {
      this.progressCreates.push(params.token);
      return null;
    });
    this.connection.onError(() => {});
    this.connection.onClose(() => {});
    this.connection.listen();
  }

  #tapStdout() {
    let buffer = Buffer.alloc(0);
    this.proc.stdout.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const match = /Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'));
        if (!match) throw new Error(`Server wrote a bad header: ${buffer.subarray(0, headerEnd)}`);
        const length = Number(match[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
        this.raw.push(JSON.parse(body)); // the server must only ever write valid JSON-RPC
        buffer = buffer.subarray(headerEnd + 4 + length);
      }
    });
  }

  #record(method, params) {
    this.notifications.push({ method, params });
    for (const waiter of [...this.waiters]) {
      if (waiter.method === method && waiter.predicate(params)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  }

  /** Resolves with the first notification (already received or future) that matches. */
  waitForNotification(method, predicate = () => true, timeoutMs = 20_000) {
    const found = this.notifications.find((n) => n.method === method && predicate(n.params));
    if (found) return Promise.resolve(found.params);
    return new Promise((resolve, reject) => {
      const waiter = { method, predicate, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(new Error(`Timed out waiting for ${method}. Got: ${JSON.stringify(this.notifications.map((n) => n.method + ' ' + JSON.stringify(n.params)).slice(-20))}\nstderr:\n${this.stderr.slice(-4000)}`));
        }
      }, timeoutMs).unref();
    });
  }

  waitForStatus(state, timeoutMs = modelTimeoutMs) {
    return this.waitForNotification('fimComplete/status', (p) => p.state === state, timeoutMs);
  }

  clearNotifications() {
    this.notifications.length = 0;
  }

  async waitForRaw(predicate, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.raw.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Timed out; server wrote: ${JSON.stringify(this.raw.slice(-10))}`);
      await delay(10);
    }
  }

  /** initialize + initialized. */
  async initialize({ capabilities = {}, initializationOptions } = {}) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'lsp-node-tests', version: '1' },
      rootUri: 'file:///work/project',
      workspaceFolders: [{ uri: 'file:///work/project', name: 'project' }],
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Writes bytes straight to the server's stdin (between, never inside, the connection's own messages). */
  writeRaw(text) {
    return new Promise((resolve, reject) => this.proc.stdin.write(Buffer.from(text, 'utf8'), (e) => (e ? reject(e) : resolve())));
  }

  async open(uri, text, languageId = 'csharp', version = 1) {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  inline(uri, position, { triggerKind = 2, selectedCompletionInfo, token } = {}) {
    const params = { textDocument: { uri }, position, context: { triggerKind, selectedCompletionInfo } };
    return token ? this.connection.sendRequest('textDocument/inlineCompletion', params, token) : this.connection.sendRequest('textDocument/inlineCompletion', params);
  }

  documentText(uri) {
    return this.connection.sendRequest('fimComplete/debug/documentText', { uri });
  }

  /** shutdown + exit, then the exit code. */
  async stop() {
    if (this.proc.exitCode === null) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
    }
    const result = await Promise.race([this.exited, delay(15_000, undefined, { ref: false }).then(() => ({ code: 'timeout' }))]);
    if (result.code === 'timeout') this.proc.kill();
    this.connection.dispose();
    return result;
  }

  kill() {
    if (this.proc.exitCode === null) this.proc.kill();
    this.connection.dispose();
  }
}

/** Frames a JSON text with a correct Content-Length header. */
export function frame(json) {
  return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
}

/** A C# file with a cursor where any code model completes something: the body of Add. */
export const sampleUri = 'file:///work/project/MathUtil.cs';
export const sampleText = [
  'using System;',
  '',
  'namespace Demo;',
  '',
  'public static class MathUtil',
  '{',
  '    /// <summary>Returns the sum of a and b.</summary>',
  '    public static int Add(int a, int b)',
  '    {',
  '        return ',
  '    }',
  '}',
  '',
].join('\r\n');
export const sampleCursor = { line: 9, character: 15 };
