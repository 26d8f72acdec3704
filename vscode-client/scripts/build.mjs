// Bundles the extension with esbuild (dist/extension.js); with --tests also the unit tests (dist/test/).
// Usage: node scripts/build.mjs [--production] [--tests] [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');

/** @type {esbuild.BuildOptions} */
const extension = {
  absWorkingDir: root,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  keepNames: true,
  sourcemap: !production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'info',
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
const builds = [extension];
if (args.has('--tests')) {
  const dir = join(root, 'test', 'unit');
  
  builds.push({
    absWorkingDir: root,
    entryPoints: readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => `test/unit/${f}`),
    outdir: 'dist/test',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The unit-tested modules must not need VS Code: bundling fails if one imports it.
    external: [],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (args.has('--watch')) {
  const ctx = await esbuild.context(extension);
  await ctx.watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
