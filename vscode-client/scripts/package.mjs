// Builds a .vsix: publishes the server, copies the model, bundles the extension, runs vsce.
//
//   node scripts/package.mjs [--target <t>] [--skip-server] [--skip-model] [--out file.vsix]
//
// Without --target: the universal package, fimcomplete-<version>.vsix: a framework-dependent server (run with
// `dotnet`, needs the .NET 10 runtime) and ONNX Runtime's native libraries for every desktop platform under
// server/runtimes/.
// With --target <t> (linux-x64, linux-arm64, win32-x64, darwin-arm64; scripts/targets.mjs, which also says why
// darwin-x64 and win32-arm64 are refused):
// fimcomplete-<t>-<version>.vsix, marked for that platform, holding a self-contained server (the executable
// server/fimcomplete[.exe], the .NET runtime in the same folder, trimmed: FimComplete.Cli.csproj) and only that
// platform's ONNX Runtime library. It must stay under 50 MB.
//
// --skip-server / --skip-model leave server/ and model/ as they are (for the stand-in server e2e).
// FIM_KEEP_RIDS: comma-separated runtimes/<rid> folders kept in the universal server/ (default: the desktop
// platforms VS Code runs on); ONNX Runtime also ships android/ios packages (~110 MB) that are dropped.
// FIM_READY_TO_RUN=1: compile the self-contained server ReadyToRun (larger; docs/benchmarks.md has the start-up
// measurements behind the default).
// FIM_ARTIFACTS_PATH: where dotnet puts its obj/bin (default <repo>/.cache/vscode-client-build for the universal
// package, <repo>/.cache/vscode-client-build-rid for every target: one folder, so that packaging several targets
// in a row compiles the platform-neutral library projects once), apart from other builds of the solution.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_TARGET_VSIX_BYTES, ONNX_RUNTIME_LIBRARIES, TARGET_MANIFEST, TARGETS, UNSUPPORTED } from './targets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const targetName = option('--target');
if (targetName !== undefined && !TARGETS[targetName]) {
  const why = UNSUPPORTED[targetName] ?? `unknown target; one of: ${Object.keys(TARGETS).join(', ')}`;
  console.error(`package: no package for --target ${targetName}: ${why}`);
  process.exit(2);
}
const target = targetName === undefined ? undefined : TARGETS[targetName];
const defaultName = target ? `${pkg.name}-${target.target}-${pkg.version}.vsix` : `${pkg.name}-${pkg.version}.vsix`;
const out = resolve(option('--out') ?? join(root, defaultName));
const serverDir = join(root, 'server');

function run(cmd, args, opts = {}) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32', ...opts });
  if (r.error) {
    throw r.error;
  }
  if (r.status !== 0) {
    console.error(`package: ${cmd} exited with ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function walk(dir, onFile) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      walk(p, onFile);
    } else {
      onFile(p, e.name);
    }
  }
}

const t0 = Date.now();
if (!flag('--skip-server')) {
  rmSync(serverDir, { recursive: true, force: true });
  if (target) {
    publishSelfContained(target);
  } else {
    publishUniversal();
  }
}

function publishUniversal() {
  const artifacts = process.env.FIM_ARTIFACTS_PATH ?? join(repo, '.cache', 'vscode-client-build');
  run('dotnet', [
    'publish',
    '../src/FimComplete.Cli/FimComplete.Cli.csproj',
    '-c', 'Release',
    '-o', 'server',
    '--artifacts-path', artifacts,
    '-p:UseAppHost=false', // one cross-platform dll, run by `dotnet`
    '-p:SatelliteResourceLanguages=en', // no localized resource assemblies (Roslyn's: ~8 MB)
    '-nologo',
  ]);
  if (!existsSync(join(serverDir, 'fimcomplete.dll'))) {
    fail('server/fimcomplete.dll was not produced');
  }
  pruneUniversal(serverDir);
}

/** Drops native payloads VS Code never loads: mobile runtimes and Windows import libraries. */
function pruneUniversal(dir) {
  const keep = new Set(
    (process.env.FIM_KEEP_RIDS ?? 'linux-x64,linux-arm64,osx-arm64,osx-x64,win-x64,win-arm64').split(',').map((s) => s.trim()),
  );
  const runtimes = join(dir, 'runtimes');
  if (existsSync(runtimes)) {
    for (const rid of readdirSync(runtimes)) {
      if (!keep.has(rid)) {
        console.log(`package: dropping server/runtimes/${rid}`);
        rmSync(join(runtimes, rid), { recursive: true, force: true });
      }
    }
  }
  walk(dir, (p, name) => {
    if (name.endsWith('.lib')) {
      rmSync(p);
    }
  });
}

function publishSelfContained(t) {
  const artifacts = process.env.FIM_ARTIFACTS_PATH ?? join(repo, '.cache', 'vscode-client-build-rid');
  const readyToRun = process.env.FIM_READY_TO_RUN === '1';
  run('dotnet', [
    'publish',
    '../src/FimComplete.Cli/FimComplete.Cli.csproj',
    '-c', 'Release',
    '-r', t.rid,
    '-o', 'server',
    '--artifacts-path', artifacts,
    '-p:FimSelfContained=true', // self-contained, trimmed framework: the properties are in the .csproj
    `-p:PublishReadyToRun=${readyToRun}`,
    '-nologo',
  ]);
  const exe = join(serverDir, t.exe);
  if (!existsSync(exe)) {
    fail(`server/${t.exe} was not produced`);
  }
  pruneSelfContained(serverDir, t);
  const onnx = join(serverDir, t.onnxRuntime);
  if (!existsSync(onnx)) {
    fail(`server/${t.onnxRuntime} is missing: ONNX Runtime has no native library for ${t.rid}`);
  }
  if (t.format !== 'pe') {
    chmodSync(exe, 0o755);
  }
  // The extension reads this to tell a user who installed the wrong platform's package what to install.
  writeFileSync(
    join(serverDir, TARGET_MANIFEST),
    JSON.stringify({ target: t.target, rid: t.rid, executable: t.exe, version: pkg.version }, null, 2) + '\n',
  );
}

/**
 * Drops what a running server never loads: the debugger's and diagnostics' native parts (DAC, DBI, createdump,
 * LTTng tracepoints), the alternative GCs (only loaded when DOTNET_GCName names them), symbols and import
 * libraries, and any runtimes/<rid> folder (a RID-specific publish puts the right native libraries next to
 * the executable; other platforms' must not ride along).
 */
function pruneSelfContained(dir, t) {
  const debugOnly = [
    /^libmscordaccore\.(so|dylib)$/, /^libmscordbi\.(so|dylib)$/, /^mscordaccore(_.*)?\.dll$/, /^mscordbi\.dll$/,
    /^createdump(\.exe)?$/, /^libcoreclrtraceptprovider\.so$/, /^(lib)?clrgc(exp)?\.(so|dylib|dll)$/,
    /^Microsoft\.DiaSymReader\.Native\..*\.dll$/, /\.pdb$/, /\.dbg$/, /\.dwarf$/, /\.lib$/,
  ];
  rmSync(join(dir, 'runtimes'), { recursive: true, force: true });
  let dropped = 0;
  walk(dir, (p, name) => {
    if (debugOnly.some((re) => re.test(name))) {
      dropped += statSync(p).size;
      rmSync(p);
    }
  });
  console.log(`package: dropped ${(dropped / 1048576).toFixed(1)} MiB of debugging/diagnostics files`);
  const foreign = ONNX_RUNTIME_LIBRARIES.filter((lib) => lib !== t.onnxRuntime && existsSync(join(dir, lib)));
  if (foreign.length > 0) {
    fail(`server/ holds another platform's ONNX Runtime library: ${foreign.join(', ')}`);
  }
}

if (!flag('--skip-model')) {
  const src = join(repo, 'models', 'default');
  if (!existsSync(join(src, 'fim.json'))) {
    fail(`no model at ${relative(root, src)} (fim.json missing); train/export one, or pass --skip-model`);
  }
  const dst = join(root, 'model');
  rmSync(dst, { recursive: true, force: true });
  mkdirSync(dst, { recursive: true });
  cpSync(src, dst, { recursive: true, dereference: true });
}

// vsce runs the `vscode:prepublish` script (production esbuild bundle) itself.
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, [
  vsce, 'package',
  ...(target ? ['--target', target.target] : []),
  '--no-dependencies', // esbuild bundled them into dist/extension.js
  '--skip-license',
  '--allow-missing-repository',
  '--out', out,
]);
const size = statSync(out).size;
console.log(`package: ${out} ${(size / 1e6).toFixed(1)} MB (${(size / 1048576).toFixed(1)} MiB) in ${Math.round((Date.now() - t0) / 1000)} s`);
if (target && size > MAX_TARGET_VSIX_BYTES) {
  fail(`${relative(process.cwd(), out)} is ${(size / 1e6).toFixed(1)} MB, over the ${MAX_TARGET_VSIX_BYTES / 1e6} MB limit of a per-platform package`);
}
