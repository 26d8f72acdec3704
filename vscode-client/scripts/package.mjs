// Builds the .vsix: publishes the server (framework-dependent, all platforms' ONNX Runtime native
// libraries under server/runtimes/), copies the model, bundles the extension, runs vsce.
//
//   node scripts/package.mjs [--skip-server] [--skip-model] [--out file.vsix]
//
// --skip-server / --skip-model leave server/ and model/ as they are (for the stand-in server e2e).
// FIM_KEEP_RIDS: comma-separated runtimes/<rid> folders kept in server/ (default: the desktop
// platforms VS Code runs on); ONNX Runtime also ships android/ios packages (~110 MB) that are dropped.
// FIM_ARTIFACTS_PATH: where dotnet puts its obj/bin (default <repo>/.cache/vscode-client-build),
// so packaging does not collide with other builds of the solution.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = resolve(option('--out') ?? join(root, `${pkg.name}-${pkg.version}.vsix`));

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

const t0 = Date.now();
if (!flag('--skip-server')) {
  const serverDir = join(root, 'server');
  rmSync(serverDir, { recursive: true, force: true });
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
    console.error('package: server/fimcomplete.dll was not produced');
    process.exit(1);
  }
  pruneServer(serverDir);
}

/** Drops native payloads VS Code never loads: mobile runtimes and Windows import libraries. */
function pruneServer(dir) {
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
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.name.endsWith('.lib')) {
        rmSync(p);
      }
    }
  };
  walk(dir);
}

if (!flag('--skip-model')) {
  const src = join(repo, 'models', 'default');
  if (!existsSync(join(src, 'fim.json'))) {
    console.error(`package: no model at ${relative(root, src)} (fim.json missing); train/export one, or pass --skip-model`);
    process.exit(1);
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
  '--no-dependencies', // esbuild bundled them into dist/extension.js
  '--skip-license',
  '--allow-missing-repository',
  '--out', out,
]);
const mb = (statSync(out).size / (1024 * 1024)).toFixed(1);
console.log(`package: ${out} ${mb} MiB (${Math.round((Date.now() - t0) / 1000)} s)`);
