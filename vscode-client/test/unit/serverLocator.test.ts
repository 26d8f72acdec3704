import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeStartFailure, LocatorFs, locateServer, nodeLocatorFs, parsePackageTarget, runsOn } from '../../src/serverLocator';

const ext = path.resolve('/opt/ext/fim');
const ctx = { extensionPath: ext, workspaceFolder: path.resolve('/ws'), homeDir: path.resolve('/home/u') };
const manifestPath = path.join(ext, 'server', 'target.json');
const exe = path.join(ext, 'server', 'fimcomplete');

/** An in-memory file system: path -> { text, executable }. */
function fakeFs(files: Record<string, { text?: string; executable?: boolean; chmodFails?: boolean; noexec?: boolean }>): LocatorFs & { chmodded: string[] } {
  const chmodded: string[] = [];
  return {
    chmodded,
    isFile: (f) => f in files,
    executableProblem: (f) => (files[f]?.executable ? undefined : 'EACCES'),
    makeExecutable: (f) => {
      const entry = files[f];
      if (!entry || entry.chmodFails) {
        throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
      }
      chmodded.push(f);
      entry.executable = !entry.noexec;
    },
    readText: (f) => files[f]?.text,
  };
}

const linuxManifest = JSON.stringify({ target: 'linux-x64', rid: 'linux-x64', executable: 'fimcomplete', version: '0.1.0' });

test('per-platform package: the bundled executable is started directly with serve, no dotnet looked for', () => {
  let dotnetLookups = 0;
  const r = locateServer({
    serverPath: '',
    ctx,
    platform: 'linux',
    arch: 'x64',
    fs: fakeFs({ [manifestPath]: { text: linuxManifest }, [exe]: { executable: true } }),
    findDotnet: () => {
      dotnetLookups++;
      return undefined;
    },
  });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.launch.kind, 'bundled-executable');
  assert.equal(r.launch.command, exe);
  assert.deepEqual(r.launch.args, ['serve']);
  assert.equal(dotnetLookups, 0);
});

test('per-platform package on another platform: says which package to install', () => {
  const r = locateServer({ serverPath: '', ctx, platform: 'darwin', arch: 'arm64', fs: fakeFs({ [manifestPath]: { text: linuxManifest }, [exe]: { executable: true } }) });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.problem : '', /built for linux-x64, but VS Code runs on darwin-arm64.*install the darwin-arm64 package/);
});

test('per-platform package on a platform that has no package of its own: says what to install instead', () => {
  const onWindowsArm = locateServer({ serverPath: '', ctx, platform: 'win32', arch: 'arm64', fs: fakeFs({ [manifestPath]: { text: linuxManifest }, [exe]: { executable: true } }) });
  assert.equal(onWindowsArm.ok, false);
  assert.match(!onWindowsArm.ok ? onWindowsArm.problem : '', /built for linux-x64, but VS Code runs on win32-arm64\. There is no win32-arm64 package: install the win32-x64 package/);
  const onIntelMac = locateServer({ serverPath: '', ctx, platform: 'darwin', arch: 'x64', fs: fakeFs({ [manifestPath]: { text: linuxManifest }, [exe]: { executable: true } }) });
  assert.equal(onIntelMac.ok, false);
  assert.match(!onIntelMac.ok ? onIntelMac.problem : '', /There is no darwin-x64 package .*install the universal package/);
});

test('x64 packages run on arm64 Windows and macOS (emulation), not on arm64 Linux', () => {
  assert.equal(runsOn('win32-x64', 'win32-arm64'), true);
  assert.equal(runsOn('darwin-x64', 'darwin-arm64'), true);
  assert.equal(runsOn('linux-x64', 'linux-arm64'), false);
  assert.equal(runsOn('linux-arm64', 'linux-x64'), false);
  assert.equal(runsOn('win32-x64', 'linux-x64'), false);
  assert.equal(runsOn('linux-x64', 'linux-x64'), true);
});

test('per-platform package with the executable missing: reinstall', () => {
  const r = locateServer({ serverPath: '', ctx, platform: 'linux', arch: 'x64', fs: fakeFs({ [manifestPath]: { text: linuxManifest } }) });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.problem : '', /bundled FimComplete server is missing .*fimcomplete\)\. Reinstall the extension/);
});

test('per-platform package: a lost execute bit is restored on the extension\'s own executable', () => {
  const files = fakeFs({ [manifestPath]: { text: linuxManifest }, [exe]: { executable: false } });
  const r = locateServer({ serverPath: '', ctx, platform: 'linux', arch: 'x64', fs: files });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(files.chmodded, [exe]);
});

test('per-platform package: not executable and chmod fails, or noexec mount: a clear message', () => {
  const failing = locateServer({ serverPath: '', ctx, platform: 'linux', arch: 'x64', fs: fakeFs({ [manifestPath]: { text: linuxManifest }, [exe]: { chmodFails: true } }) });
  assert.equal(failing.ok, false);
  assert.match(!failing.ok ? failing.problem : '', /not executable and could not be made so \(EPERM\).*chmod \+x/);
  const noexec = locateServer({ serverPath: '', ctx, platform: 'linux', arch: 'x64', fs: fakeFs({ [manifestPath]: { text: linuxManifest }, [exe]: { noexec: true } }) });
  assert.equal(noexec.ok, false);
  assert.match(!noexec.ok ? noexec.problem : '', /does not allow the bundled FimComplete server to run \(EACCES\).*noexec/);
});

test('per-platform package on Windows: fimcomplete.exe, no execute-bit check', () => {
  const winExt = path.resolve('/opt/ext/fim');
  const winExe = path.join(winExt, 'server', 'fimcomplete.exe');
  const manifest = JSON.stringify({ target: 'win32-x64', executable: 'fimcomplete.exe' });
  const r = locateServer({ serverPath: '', ctx, platform: 'win32', arch: 'x64', fs: fakeFs({ [manifestPath]: { text: manifest }, [winExe]: { executable: false } }) });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.launch.command, winExe);
});

test('a damaged target.json is reported, not guessed around', () => {
  const r = locateServer({ serverPath: '', ctx, platform: 'linux', arch: 'x64', fs: fakeFs({ [manifestPath]: { text: '{ not json' }, [exe]: { executable: true } }) });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.problem : '', /package is damaged/);
  assert.equal(parsePackageTarget(JSON.stringify({ target: 'linux-x64', executable: '../../bin/sh' })), undefined);
});

test('universal package: dotnet runs the dll; without dotnet the message points to the per-platform package', () => {
  const dll = path.join(ext, 'server', 'fimcomplete.dll');
  const files = fakeFs({ [dll]: {} });
  const withDotnet = locateServer({ serverPath: '', ctx, platform: 'linux', arch: 'x64', fs: files, findDotnet: () => '/usr/bin/dotnet' });
  assert.ok(withDotnet.ok);
  assert.equal(withDotnet.launch.command, '/usr/bin/dotnet');
  assert.deepEqual(withDotnet.launch.args, [dll, 'serve']);
  const without = locateServer({ serverPath: '', ctx, platform: 'linux', arch: 'x64', fs: files, findDotnet: () => undefined });
  assert.equal(without.ok, false);
  assert.match(!without.ok ? without.problem : '', /universal FimComplete package.*\.NET 10 runtime.*package for your platform \(linux-x64\)/);
  const missing = locateServer({ serverPath: '', ctx, platform: 'linux', arch: 'x64', fs: fakeFs({}), findDotnet: () => '/usr/bin/dotnet' });
  assert.match(!missing.ok ? missing.problem : '', /bundled FimComplete server is missing/);
});

test('fimComplete.serverPath overrides a per-platform package', () => {
  const own = path.resolve('/usr/local/bin/fimcomplete');
  const files = fakeFs({ [manifestPath]: { text: linuxManifest }, [exe]: { executable: true }, [own]: { executable: true } });
  const r = locateServer({ serverPath: own, ctx, platform: 'linux', arch: 'x64', fs: files });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.launch.kind, 'executable');
  assert.equal(r.launch.command, own);
  // Even when the package is for another platform: the user's own server is what runs.
  const elsewhere = locateServer({ serverPath: own, ctx, platform: 'darwin', arch: 'arm64', fs: files });
  assert.ok(elsewhere.ok);
});

test('fimComplete.serverPath: missing, not executable (never chmodded), a dll without dotnet', () => {
  const own = path.resolve('/home/u/fim/fimcomplete');
  const missing = locateServer({ serverPath: own, ctx, platform: 'linux', arch: 'x64', fs: fakeFs({}) });
  assert.match(!missing.ok ? missing.problem : '', /does not exist/);
  const files = fakeFs({ [own]: { executable: false } });
  const notExec = locateServer({ serverPath: own, ctx, platform: 'linux', arch: 'x64', fs: files });
  assert.match(!notExec.ok ? notExec.problem : '', /cannot be executed \(EACCES\).*chmod \+x/);
  assert.deepEqual(files.chmodded, []);
  const dll = path.resolve('/home/u/fim/fimcomplete.dll');
  const noDotnet = locateServer({ serverPath: dll, ctx, platform: 'linux', arch: 'x64', fs: fakeFs({ [dll]: {} }), findDotnet: () => undefined });
  assert.match(!noDotnet.ok ? noDotnet.problem : '', /\.NET 10 runtime/);
});

test('describeStartFailure: spawn errors name the cause and the remedy', () => {
  const launch = { command: exe, args: ['serve'], kind: 'bundled-executable' as const, target: exe };
  const err = (code: string) => Object.assign(new Error(`spawn ${exe} ${code}`), { code });
  assert.match(describeStartFailure(err('EACCES'), launch, 'linux'), /refused to run the server \(EACCES\).*noexec/);
  assert.match(describeStartFailure(err('EPERM'), launch, 'win32'), /antivirus or an application control policy/);
  assert.match(describeStartFailure(err('EACCES'), launch, 'darwin'), /Privacy & Security/);
  assert.match(describeStartFailure(err('ENOENT'), launch, 'linux'), /musl/);
  assert.match(describeStartFailure(err('ENOEXEC'), launch, 'linux'), /wrong platform or architecture/);
  const dllLaunch = { command: 'dotnet', args: ['x.dll', 'serve'], kind: 'bundled' as const, target: 'x.dll' };
  assert.match(describeStartFailure(err('ENOENT'), dllLaunch, 'linux'), /`dotnet` was not found.*package for your platform/);
  assert.match(describeStartFailure(new Error('connection closed'), dllLaunch, 'linux'), /could not start \(connection closed\)\. Check that the \.NET 10 runtime/);
  assert.doesNotMatch(describeStartFailure(new Error('connection closed'), launch, 'linux'), /\.NET 10/);
});

test('nodeLocatorFs on a real file: detects and restores the execute bit', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fim-locator-'));
  try {
    const file = path.join(dir, 'fimcomplete');
    fs.writeFileSync(file, '#!/bin/sh\n');
    fs.chmodSync(file, 0o644);
    // Without any execute bit even root gets EACCES.
    assert.equal(nodeLocatorFs.executableProblem(file), 'EACCES');
    nodeLocatorFs.makeExecutable(file);
    assert.equal(nodeLocatorFs.executableProblem(file), undefined);
    assert.equal(fs.statSync(file).mode & 0o111, 0o111);
    assert.equal(nodeLocatorFs.readText(path.join(dir, 'none.json')), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
