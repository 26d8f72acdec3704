#!/usr/bin/env node
// Stand-in for `fimcomplete serve`, for testing the extension's plumbing without the real server
// (FIMCOMPLETE_E2E_SERVER=stub in run-e2e.sh sets fimComplete.serverPath to this file).
// Speaks LSP over stdio like the real server: textDocument/inlineCompletion (items with an explicit
// range), the fimComplete/status notification and the fimComplete/modelInfo request.
// FIMCOMPLETE_STUB_LOG=<file>: writes one JSON line per event, for the test to check.
'use strict';
const fs = require('node:fs');
const {
  createConnection,
  TextDocuments,
  TextDocumentSyncKind,
} = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

if (process.argv[2] !== 'serve') {
  process.stderr.write('usage: stub-server.js serve\n');
  process.exit(2);
}

const logFile = process.env.FIMCOMPLETE_STUB_LOG;
function record(event, data) {
  if (logFile) {
    fs.appendFileSync(logFile, JSON.stringify({ t: Date.now(), event, ...data }) + '\n');
  }
}

const connection = createConnection(process.stdin, process.stdout);
const documents = new TextDocuments(TextDocument);
let initOptions = {};
let settings = {};

function status(state, extra = {}) {
  record('status', { state, ...extra });
  connection.sendNotification('fimComplete/status', { state, ...extra });
}

connection.onInitialize((params) => {
  initOptions = params.initializationOptions ?? {};
  settings = initOptions.settings ?? {};
  record('initialize', {
    initializationOptions: initOptions,
    // Which client capabilities the extension announces (it registers only what it needs).
    textDocumentCapabilities: Object.keys(params.capabilities.textDocument ?? {}).sort(),
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      inlineCompletionProvider: true,
    },
    serverInfo: { name: 'fimcomplete-stub', version: '0.0.0' },
  };
});

connection.onInitialized(async () => {
  status('loading', { model: 'stub-model' });
  try {
    const [pulled] = await connection.workspace.getConfiguration([{ section: 'fimComplete' }]);
    record('configuration', { settings: pulled });
    settings = pulled ?? settings;
  } catch (e) {
    record('configuration-error', { message: String(e) });
  }
  setTimeout(() => status('ready', { model: 'stub-model', provider: 'cpu' }), 300);
});

connection.onDidChangeConfiguration((params) => {
  record('didChangeConfiguration', { settings: params.settings });
  if (params.settings && params.settings.fimComplete) {
    settings = params.settings.fimComplete;
  }
});

connection.onRequest('fimComplete/modelInfo', () => ({
  name: 'stub-model',
  path: initOptions.modelPath ?? '',
  provider: 'cpu',
  contextLength: 2048,
  parameters: 1000,
}));

connection.languages.inlineCompletion.on(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  const line = doc
    ? doc.getText({ start: { line: params.position.line, character: 0 }, end: params.position })
    : '';
  record('inlineCompletion', { line, position: params.position, triggerKind: params.context.triggerKind });
  if (settings.enabled === false) {
    return [];
  }
  if (line.includes('CrashNow')) {
    // A crash while running: the extension restarts the server quietly.
    record('crash', {});
    process.exit(3);
  }
  if (line.includes('ErrorStorm')) {
    // Many errors in a row: the extension must show one notification, not a storm.
    for (let i = 0; i < 5; i++) {
      status('error', { message: `stub failure ${i}` });
    }
    setTimeout(() => status('ready', { model: 'stub-model', provider: 'cpu' }), 1500);
    return [];
  }
  await new Promise((r) => setTimeout(r, 30));
  if (token.isCancellationRequested) {
    record('cancelled', { line });
    return null;
  }
  const at = { start: params.position, end: params.position };
  const texts = /Console\.$/.test(line)
    ? ['WriteLine("fim-stub one");', 'WriteLine("fim-stub two");', 'Write("fim-stub three");']
    : ['var fimStub = 42;', 'var fimStub = 43;'];
  return texts.slice(0, Math.max(1, settings.candidates ?? 3)).map((insertText) => ({ insertText, range: at }));
});

documents.listen(connection);
connection.listen();
