// Which server process to start, and why it cannot start, in words a user can act on. No `vscode` import
// (unit-tested under node).
//
// Three layouts of <extension>/server/:
//  - a per-platform package: server/target.json names the platform, server/fimcomplete[.exe] is a
//    self-contained executable (the .NET runtime is next to it) started directly: no `dotnet` needed;
//  - the universal package: server/fimcomplete.dll, run by `dotnet` (needs the .NET 10 runtime);
//  - fimComplete.serverPath set: that executable, or that .dll with `dotnet`, overrides both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkLaunch, findDotnet, resolveServerLaunch, ServerLaunch } from './core/launch';
import { PathContext } from './core/settings';

/** The target.json a per-platform package carries in server/ (written by scripts/package.mjs). */
export interface PackageTarget {
  /** VS Code's platform name, e.g. `linux-x64`, `win32-arm64`, `darwin-arm64`. */
  target: string;
  /** The executable's file name inside server/. */
  executable: string;
}

export const TARGET_MANIFEST = path.join('server', 'target.json');

/** `bundled-executable`: the self-contained server of a per-platform package. */
export type LaunchKind = ServerLaunch['kind'] | 'bundled-executable';

export interface LocatedLaunch extends Omit<ServerLaunch, 'kind'> {
  kind: LaunchKind;
}

export type Located = { ok: true; launch: LocatedLaunch } | { ok: false; launch?: LocatedLaunch; problem: string };

/** The file system calls the locator makes; replaced in tests. */
export interface LocatorFs {
  isFile(file: string): boolean;
  /** Undefined when it can be executed, else why not. */
  executableProblem(file: string): string | undefined;
  /** Makes an executable of the extension's own server runnable (an unpacker may drop the mode bits). */
  makeExecutable(file: string): void;
  readText(file: string): string | undefined;
}

export interface LocateOptions {
  serverPath: string;
  ctx: PathContext;
  platform?: NodeJS.Platform;
  arch?: string;
  fs?: LocatorFs;
  findDotnet?: () => string | undefined;
}

export const nodeLocatorFs: LocatorFs = {
  isFile(file) {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  executableProblem(file) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return undefined;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code ?? String(e);
    }
  },
  makeExecutable(file) {
    const mode = fs.statSync(file).mode;
    fs.chmodSync(file, mode | 0o755);
  },
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** VS Code's name for a platform (`vsce package --target`), e.g. `linux-x64`. */
export function hostTarget(platform: NodeJS.Platform, arch: string): string {
  return `${platform}-${arch}`;
}

/**
 * Platforms with no per-platform package (scripts/targets.mjs says why) and what to install there instead.
 */
const NO_PACKAGE_FOR: Readonly<Record<string, string>> = {
  'win32-arm64':
    'There is no win32-arm64 package: install the win32-x64 package (Windows runs it under emulation; from a file: fimcomplete-win32-x64-<version>.vsix), or the universal package with the .NET 10 runtime for arm64.',
  'darwin-x64':
    'There is no darwin-x64 package (ONNX Runtime has no library for Intel Macs): install the universal package (fimcomplete-<version>.vsix) and the .NET 10 runtime.',
};

/** What to install instead of a package built for another platform. */
export function packageAdvice(host: string): string {
  return (
    NO_PACKAGE_FOR[host] ??
    `Uninstall it and install the ${host} package (the Marketplace picks it by itself; from a file: fimcomplete-${host}-<version>.vsix).`
  );
}

/**
 * Whether a package built for `packageTarget` runs on `host`: the same platform, or an x64 package on an arm64
 * Windows or macOS (both emulate x64). Linux on arm64 does not run x64 programs.
 */
export function runsOn(packageTarget: string, host: string): boolean {
  if (packageTarget === host) {
    return true;
  }
  const [pkgOs, pkgArch] = packageTarget.split('-');
  const [hostOs, hostArch] = host.split('-');
  return pkgOs === hostOs && pkgArch === 'x64' && hostArch === 'arm64' && (hostOs === 'win32' || hostOs === 'darwin');
}

export function parsePackageTarget(text: string | undefined): PackageTarget | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    const raw = JSON.parse(text) as Partial<PackageTarget>;
    if (typeof raw.target === 'string' && typeof raw.executable === 'string' && !/[\\/]/.test(raw.executable)) {
      return { target: raw.target, executable: raw.executable };
    }
  } catch {
    // Reported below as a damaged package.
  }
  return undefined;
}

const REINSTALL = 'Reinstall the extension, or set fimComplete.serverPath to a FimComplete server.';

/** Decides what to start; `ok: false` carries a message that says what is wrong and what to do. */
export function locateServer(opts: LocateOptions): Located {
  const platform = opts.platform ?? process.platform;
  const arch = opts.arch ?? process.arch;
  const files = opts.fs ?? nodeLocatorFs;
  const host = hostTarget(platform, arch);
  const dotnetFinder = opts.findDotnet ?? (() => findDotnet());

  if (opts.serverPath.trim() !== '') {
    const dotnet = dotnetFinder();
    const launch: LocatedLaunch = resolveServerLaunch(opts.serverPath, opts.ctx, dotnet ?? 'dotnet');
    const problem = checkLaunch(launch as ServerLaunch, dotnet !== undefined, (f) => files.isFile(f));
    if (problem) {
      return { ok: false, launch, problem };
    }
    // A user's file is never changed (not even its mode): say what to do instead.
    const notExecutable = launch.kind === 'executable' && platform !== 'win32' ? files.executableProblem(launch.target) : undefined;
    if (notExecutable) {
      return {
        ok: false,
        launch,
        problem: `fimComplete.serverPath points to a file that cannot be executed (${notExecutable}): ${launch.target}. Run \`chmod +x\` on it, or point the setting to the server's .dll.`,
      };
    }
    return { ok: true, launch };
  }

  const manifestPath = path.join(opts.ctx.extensionPath, TARGET_MANIFEST);
  const manifestText = files.readText(manifestPath);
  if (manifestText !== undefined) {
    return locateBundledExecutable(parsePackageTarget(manifestText), manifestPath, opts.ctx, host, platform, files);
  }

  // The universal package: the framework-dependent server, run by dotnet.
  const dotnet = dotnetFinder();
  const launch: LocatedLaunch = resolveServerLaunch('', opts.ctx, dotnet ?? 'dotnet');
  if (!files.isFile(launch.target)) {
    return { ok: false, launch, problem: `The bundled FimComplete server is missing (${launch.target}). ${REINSTALL}` };
  }
  if (dotnet === undefined) {
    return {
      ok: false,
      launch,
      problem:
        'This is the universal FimComplete package: its server needs the .NET 10 runtime, and `dotnet` was not found. ' +
        `Install the package for your platform (${host}), which needs nothing else, or install the .NET 10 runtime from https://dotnet.microsoft.com/download and put dotnet on PATH.`,
    };
  }
  return { ok: true, launch };
}

function locateBundledExecutable(
  manifest: PackageTarget | undefined,
  manifestPath: string,
  ctx: PathContext,
  host: string,
  platform: NodeJS.Platform,
  files: LocatorFs,
): Located {
  if (!manifest) {
    return { ok: false, problem: `The FimComplete package is damaged (${manifestPath} cannot be read). ${REINSTALL}` };
  }
  const exe = path.join(ctx.extensionPath, 'server', manifest.executable);
  const launch: LocatedLaunch = { command: exe, args: ['serve'], kind: 'bundled-executable', target: exe };
  if (!runsOn(manifest.target, host)) {
    return {
      ok: false,
      launch,
      problem:
        `This FimComplete package is built for ${manifest.target}, but VS Code runs on ${host}. ` + packageAdvice(host),
    };
  }
  if (!files.isFile(exe)) {
    return { ok: false, launch, problem: `The bundled FimComplete server is missing (${exe}). ${REINSTALL}` };
  }
  if (platform !== 'win32' && files.executableProblem(exe) !== undefined) {
    try {
      files.makeExecutable(exe);
    } catch (e) {
      return {
        ok: false,
        launch,
        problem: `The bundled FimComplete server is not executable and could not be made so (${errorCode(e)}): ${exe}. Run \`chmod +x\` on it, or reinstall the extension.`,
      };
    }
    const still = files.executableProblem(exe);
    if (still !== undefined) {
      return {
        ok: false,
        launch,
        problem: `The system does not allow the bundled FimComplete server to run (${still}): ${exe}. The extensions folder may be on a file system mounted noexec; move it (VS Code's --extensions-dir) or set fimComplete.serverPath.`,
      };
    }
  }
  return { ok: true, launch };
}

function errorCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Why a located server did not start (the error of the first start), and what to do: for spawn errors from the
 * operating system, by their code; otherwise the error's own message.
 */
export function describeStartFailure(error: unknown, launch: LocatedLaunch, platform: NodeJS.Platform = process.platform): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const file = launch.command;
  switch (code) {
    case 'ENOENT':
      return launch.kind === 'bundled-executable' || launch.kind === 'executable'
        ? `The server could not be started: the system found no program to run at ${file}, or it cannot load it (on Linux: a build for glibc on a musl system such as Alpine, or a missing loader). Set fimComplete.serverPath to a server built for this system.`
        : `The server could not be started: \`${file}\` was not found. Install the .NET 10 runtime and put dotnet on PATH, or install the package for your platform, which needs no .NET.`;
    case 'EACCES':
    case 'EPERM':
      return `The system refused to run the server (${code}): ${file}. ${blockedAdvice(platform)}`;
    case 'ENOEXEC':
    case 'EBADARCH':
      return `The server is not a program this system can run (${code}, wrong platform or architecture): ${file}. Install the FimComplete package for this platform.`;
    case 'UNKNOWN':
      return platform === 'win32'
        ? `Windows refused to run the server (${message}): ${file}. ${blockedAdvice(platform)}`
        : `The server could not be started (${message}). Details are in the logs.`;
    default: {
      const dotnetHint = launch.kind === 'bundled' || launch.kind === 'dll' ? ' Check that the .NET 10 runtime is installed.' : '';
      const macHint = platform === 'darwin' && launch.kind === 'bundled-executable' ? ` ${blockedAdvice(platform)}` : '';
      return `The server could not start (${message}).${dotnetHint}${macHint} Details are in the logs.`;
    }
  }
}

function blockedAdvice(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return 'An antivirus or an application control policy may block it: allow the file, or ask your administrator to.';
    case 'darwin':
      return 'If macOS blocked it, allow it in System Settings > Privacy & Security, or remove the quarantine flag (xattr -dr com.apple.quarantine on the extension folder).';
    default:
      return 'The file may lack the execute permission (chmod +x), or its folder is on a file system mounted noexec, or a security policy (SELinux, AppArmor) blocks it.';
  }
}
