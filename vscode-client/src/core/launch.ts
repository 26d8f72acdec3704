// How the language server process is started. No `vscode` import (unit-tested under node).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PathContext, resolveUserPath } from './settings';

export interface ServerLaunch {
  /** Executable to spawn (`dotnet` for a .dll). */
  command: string;
  args: string[];
  /** `bundled`: `<ext>/server/fimcomplete.dll`; `dll`/`executable`: from fimComplete.serverPath. */
  kind: 'bundled' | 'dll' | 'executable';
  /** The file that must exist for the launch to work (the .dll or the executable). */
  target: string;
}

export const BUNDLED_SERVER_DLL = path.join('server', 'fimcomplete.dll');

/**
 * `dotnet <ext>/server/fimcomplete.dll serve` by default; `fimComplete.serverPath` overrides it with
 * a .dll (run by `dotnet`) or an executable (run directly), both given the `serve` argument.
 */
export function resolveServerLaunch(serverPath: string, ctx: PathContext, dotnet = 'dotnet'): ServerLaunch {
  if (serverPath.trim() === '') {
    const target = path.join(ctx.extensionPath, BUNDLED_SERVER_DLL);
    return { command: dotnet, args: [target, 'serve'], kind: 'bundled', target };
  }
  const target = resolveUserPath(serverPath, ctx);
  if (target.toLowerCase().endsWith('.dll')) {
    return { command: dotnet, args: [target, 'serve'], kind: 'dll', target };
  }
  return { command: target, args: ['serve'], kind: 'executable', target };
}

export interface FindOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (file: string) => boolean;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the `dotnet` host: DOTNET_HOST_PATH, then PATH, then DOTNET_ROOT and the usual install folders.
 * Returns undefined when there is none (the .NET runtime is not installed).
 */
export function findDotnet(opts: FindOptions = {}): string | undefined {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const exists = opts.exists ?? isFile;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const exe = platform === 'win32' ? 'dotnet.exe' : 'dotnet';
  const candidates: string[] = [];
  if (env.DOTNET_HOST_PATH) {
    candidates.push(env.DOTNET_HOST_PATH);
  }
  const pathVar = env.PATH ?? env.Path ?? '';
  for (const dir of pathVar.split(platform === 'win32' ? ';' : ':')) {
    if (dir) {
      candidates.push(p.join(dir, exe));
    }
  }
  if (env.DOTNET_ROOT) {
    candidates.push(p.join(env.DOTNET_ROOT, exe));
  }
  if (platform === 'win32') {
    candidates.push(p.join(env.ProgramFiles ?? 'C:\\Program Files', 'dotnet', exe));
  } else if (platform === 'darwin') {
    candidates.push('/usr/local/share/dotnet/dotnet', '/opt/homebrew/bin/dotnet');
  } else {
    candidates.push('/usr/share/dotnet/dotnet', '/usr/lib/dotnet/dotnet', '/usr/local/share/dotnet/dotnet');
  }
  if (env.HOME) {
    candidates.push(p.join(env.HOME, '.dotnet', exe));
  }
  return candidates.find((c) => exists(c));
}

/** A human-readable reason why the launch cannot work, or undefined when it looks fine. */
export function checkLaunch(launch: ServerLaunch, dotnetFound: boolean, exists: (file: string) => boolean = isFile): string | undefined {
  if (!exists(launch.target)) {
    return launch.kind === 'bundled'
      ? `The bundled FimComplete server is missing (${launch.target}). Reinstall the extension or set fimComplete.serverPath.`
      : `fimComplete.serverPath points to a file that does not exist: ${launch.target}`;
  }
  if (launch.kind !== 'executable' && !dotnetFound) {
    return 'The .NET runtime (dotnet) was not found. FimComplete needs the .NET 10 runtime: install it from https://dotnet.microsoft.com/download, or put dotnet on PATH.';
  }
  return undefined;
}
