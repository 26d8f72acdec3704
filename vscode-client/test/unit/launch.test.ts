import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkLaunch, findDotnet, resolveServerLaunch } from '../../src/core/launch';

const ext = path.resolve('/opt/ext/fim');
const ctx = { extensionPath: ext, workspaceFolder: path.resolve('/ws'), homeDir: path.resolve('/home/u') };

test('default: dotnet <ext>/server/fimcomplete.dll serve', () => {
  const l = resolveServerLaunch('', ctx, '/usr/bin/dotnet');
  assert.equal(l.kind, 'bundled');
  assert.equal(l.command, '/usr/bin/dotnet');
  assert.deepEqual(l.args, [path.join(ext, 'server', 'fimcomplete.dll'), 'serve']);
  assert.equal(l.target, path.join(ext, 'server', 'fimcomplete.dll'));
});

test('serverPath to a .dll runs it with dotnet', () => {
  const l = resolveServerLaunch('~/bin/FimComplete.DLL', ctx);
  assert.equal(l.kind, 'dll');
  assert.equal(l.command, 'dotnet');
  assert.deepEqual(l.args, [path.join(ctx.homeDir, 'bin', 'FimComplete.DLL'), 'serve']);
});

test('serverPath to an executable runs it directly with serve', () => {
  const l = resolveServerLaunch('/usr/local/bin/fimcomplete', ctx);
  assert.equal(l.kind, 'executable');
  assert.equal(l.command, path.resolve('/usr/local/bin/fimcomplete'));
  assert.deepEqual(l.args, ['serve']);
});

test('checkLaunch explains a missing server file and a missing dotnet', () => {
  const bundled = resolveServerLaunch('', ctx);
  assert.match(checkLaunch(bundled, true, () => false) ?? '', /bundled FimComplete server is missing/);
  assert.match(checkLaunch(bundled, false, () => true) ?? '', /\.NET 10 runtime/);
  assert.equal(checkLaunch(bundled, true, () => true), undefined);
  const exe = resolveServerLaunch('/x/server', ctx);
  assert.match(checkLaunch(exe, false, () => false) ?? '', /does not exist: .*server/);
  // An executable does not need dotnet.
  assert.equal(checkLaunch(exe, false, () => true), undefined);
});

test('findDotnet: PATH first, then DOTNET_ROOT, none when absent', () => {
  const files = new Set(['/b/dotnet', '/root-dotnet/dotnet']);
  const exists = (f: string) => files.has(f);
  assert.equal(findDotnet({ env: { PATH: '/a:/b' }, platform: 'linux', exists }), '/b/dotnet');
  assert.equal(findDotnet({ env: { PATH: '/a', DOTNET_ROOT: '/root-dotnet' }, platform: 'linux', exists }), '/root-dotnet/dotnet');
  assert.equal(findDotnet({ env: { PATH: '/a' }, platform: 'linux', exists }), undefined);
  const win = new Set(['C:\\tools\\dotnet.exe']);
  assert.equal(findDotnet({ env: { Path: 'C:\\x;C:\\tools' }, platform: 'win32', exists: (f) => win.has(f) }), 'C:\\tools\\dotnet.exe');
});
