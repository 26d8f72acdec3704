import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Server } from '../helpers.mjs';

// Pieces with CRLF, lone CR/LF, tabs and astral characters (surrogate pairs in UTF-16).
const pieces = ['a', 'b', 'x', ' ', '\t', '{', '}', ';', '\n', '\r\n', '\r', '😀', 'é', '𝄞', 'Console', '\r\n    '];

function makeRandom(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function randomText(next, count) {
  let text = '';
  for (let i = 0; i < count; i++) text += pieces[next(pieces.length)];
  return text;
}

test('incremental sync: the server copy equals the client copy after many random edits', async () => {
  const server = new Server();
  try {
    await server.initialize();
    const next = makeRandom(20240611);
    const uri = 'file:///work/project/Random%20Name.cs';
    let doc = TextDocument.create(uri, 'csharp', 1, randomText(next, 200));
    await server.open(uri, doc.getText());
    for (let version = 2; version <= 400; version++) {
      const changes = [];
      const batch = 1 + next(3);
      for (let i = 0; i < batch; i++) {
        if (next(50) === 0) {
          changes.push({ text: randomText(next, next(60)) });
          continue;
        }
        // Apply each change to a scratch copy first so that the next change's positions refer to the text after it, as in LSP.
        const scratch = TextDocument.create(uri, 'csharp', 0, TextDocument.applyEdits(doc, []));
        const replay = TextDocument.update(scratch, changes.slice(), 0);
        const current = replay.getText();
        // Editors never put a position inside a surrogate pair (a lone surrogate does not survive JSON encoding).
        const offset = () => {
          const o = next(current.length + 1);
          return o > 0 && o < current.length && /[\ud800-\udbff]/.test(current[o - 1]) && /[\udc00-\udfff]/.test(current[o]) ? o - 1 : o;
        };
        const a = offset();
        const b = next(4) === 0 ? a : offset();
        const range = { start: replay.positionAt(Math.min(a, b)), end: replay.positionAt(Math.max(a, b)) };
        changes.push({ range, text: randomText(next, next(6)) });
      }
      doc = TextDocument.update(doc, changes, version);
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      if (version % 100 === 0) {
        assert.equal(await server.documentText(uri), doc.getText(), `after version ${version}`);
      }
    }
    assert.equal(await server.documentText(uri), doc.getText());
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.equal(await server.documentText(uri), null);
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});

test('non-C# documents are not tracked; C# by language id or .cs extension', async () => {
  const server = new Server();
  try {
    await server.initialize();
    await server.open('file:///work/project/readme.md', '# hi', 'markdown');
    await server.open('untitled:Untitled-1', 'class A {}', 'csharp');
    await server.open('file:///work/project/B.cs', 'class B {}', 'plaintext');
    assert.equal(await server.documentText('file:///work/project/readme.md'), null);
    assert.equal(await server.documentText('untitled:Untitled-1'), 'class A {}');
    assert.equal(await server.documentText('file:///work/project/B.cs'), 'class B {}');
  } finally {
    await server.stop();
  }
});
