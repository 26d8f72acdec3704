// Settings of the extension (section `fimComplete`) and how they reach the server.
// No `vscode` import here: this module is unit-tested under plain node.
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_REMOTE_SETTINGS, normalizeRemoteSettings, RemoteSettings } from './remote';

export const SECTION = 'fimComplete';

export const EXECUTION_PROVIDERS = ['auto', 'cpu', 'cuda', 'directml'] as const;
export const MULTILINE_MODES = ['auto', 'always', 'never'] as const;
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];
export type MultilineMode = (typeof MULTILINE_MODES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface FimSettings extends RemoteSettings {
  enabled: boolean;
  /** Folder of the model; empty = the model bundled with the extension (`<ext>/model`). */
  modelPath: string;
  executionProvider: ExecutionProvider;
  /** Inference threads; 0 = let the server choose. */
  threads: number;
  maxNewTokens: number;
  temperature: number;
  /** How many alternative suggestions to ask for (VS Code cycles through them). */
  candidates: number;
  /** Prompt budget in tokens; 0 = the model's default. */
  contextBudget: number;
  multiline: MultilineMode;
  debounceMs: number;
  /** Server to run instead of the bundled one: an executable or a .dll (run with `dotnet`). */
  serverPath: string;
  logLevel: LogLevel;
}

export const DEFAULT_SETTINGS: Readonly<FimSettings> = Object.freeze({
  enabled: true,
  modelPath: '',
  executionProvider: 'auto',
  threads: 0,
  maxNewTokens: 64,
  temperature: 0.2,
  candidates: 3,
  contextBudget: 0,
  multiline: 'auto',
  debounceMs: 75,
  serverPath: '',
  logLevel: 'info',
  ...DEFAULT_REMOTE_SETTINGS,
});

/** Inclusive bounds of the numeric settings (also declared in package.json). */
export const NUMERIC_BOUNDS = Object.freeze({
  threads: { min: 0, max: 256, integer: true },
  maxNewTokens: { min: 1, max: 1024, integer: true },
  temperature: { min: 0, max: 2, integer: false },
  candidates: { min: 1, max: 10, integer: true },
  contextBudget: { min: 0, max: 1_048_576, integer: true },
  debounceMs: { min: 0, max: 5000, integer: true },
} as const);

type NumericKey = keyof typeof NUMERIC_BOUNDS;

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof FimSettings)[];

function pickEnum<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function pickNumber(key: NumericKey, value: unknown): number {
  const b = NUMERIC_BOUNDS[key];
  let n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    return DEFAULT_SETTINGS[key];
  }
  if (b.integer) {
    n = Math.round(n);
  }
  return Math.min(b.max, Math.max(b.min, n));
}

function pickString(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Turns whatever the configuration holds (user input can be of any type) into a complete,
 * valid settings object: unknown enum values and wrong types fall back to the defaults,
 * numbers are clamped into their bounds.
 */
export function normalizeSettings(raw: Readonly<Record<string, unknown>> | undefined | null): FimSettings {
  const r = raw ?? {};
  return {
    enabled: typeof r.enabled === 'boolean' ? r.enabled : DEFAULT_SETTINGS.enabled,
    modelPath: pickString(r.modelPath),
    executionProvider: pickEnum(r.executionProvider, EXECUTION_PROVIDERS, DEFAULT_SETTINGS.executionProvider),
    threads: pickNumber('threads', r.threads),
    maxNewTokens: pickNumber('maxNewTokens', r.maxNewTokens),
    temperature: pickNumber('temperature', r.temperature),
    candidates: pickNumber('candidates', r.candidates),
    contextBudget: pickNumber('contextBudget', r.contextBudget),
    multiline: pickEnum(r.multiline, MULTILINE_MODES, DEFAULT_SETTINGS.multiline),
    debounceMs: pickNumber('debounceMs', r.debounceMs),
    serverPath: pickString(r.serverPath),
    logLevel: pickEnum(r.logLevel, LOG_LEVELS, DEFAULT_SETTINGS.logLevel),
    ...normalizeRemoteSettings(r),
  };
}

/** Reads every setting through a getter such as `vscode.workspace.getConfiguration('fimComplete').get`. */
export function readSettings(get: (key: string) => unknown): FimSettings {
  const raw: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    raw[key] = get(key);
  }
  return normalizeSettings(raw);
}

export interface PathContext {
  /** Root of the installed extension (`context.extensionPath`). */
  extensionPath: string;
  /** First workspace folder, if any: relative user paths are taken from it. */
  workspaceFolder?: string;
  /** Home folder for `~` (defaults to os.homedir()). */
  homeDir?: string;
}

/** Expands `~` and `${workspaceFolder}`, and makes a relative path absolute (from the workspace folder). */
export function resolveUserPath(p: string, ctx: PathContext): string {
  let s = p.trim();
  if (s === '') {
    return s;
  }
  const home = ctx.homeDir ?? os.homedir();
  if (s === '~') {
    s = home;
  } else if (s.startsWith('~/') || s.startsWith('~\\')) {
    s = path.join(home, s.slice(2));
  }
  if (ctx.workspaceFolder) {
    s = s.split('${workspaceFolder}').join(ctx.workspaceFolder);
  }
  s = s.split('${extensionPath}').join(ctx.extensionPath);
  if (!path.isAbsolute(s)) {
    s = path.resolve(ctx.workspaceFolder ?? ctx.extensionPath, s);
  }
  return path.normalize(s);
}

/** The model folder the server should load: the setting, or the bundled `<ext>/model` when empty. */
export function resolveModelPath(modelPath: string, ctx: PathContext): string {
  return modelPath.trim() === '' ? path.join(ctx.extensionPath, 'model') : resolveUserPath(modelPath, ctx);
}

/**
 * The settings object the server sees everywhere (initializationOptions.settings, the answer to
 * workspace/configuration for section `fimComplete`, workspace/didChangeConfiguration):
 * normalized, with `modelPath` resolved to an absolute folder.
 */
export function toServerSettings(settings: FimSettings, ctx: PathContext): FimSettings {
  return { ...settings, modelPath: resolveModelPath(settings.modelPath, ctx) };
}

export interface InitializationOptions {
  modelPath: string;
  settings: FimSettings;
  /** VS Code's workspace trust: only a trusted workspace has its project files loaded (MSBuild runs their code). */
  workspaceTrusted?: boolean;
}

export function toInitializationOptions(settings: FimSettings, ctx: PathContext): InitializationOptions {
  const serverSettings = toServerSettings(settings, ctx);
  return { modelPath: serverSettings.modelPath, settings: serverSettings };
}

/**
 * Answer for one item of a workspace/configuration request. `section` is the item's section:
 * `fimComplete` gets the whole server settings object, `fimComplete.<key>` one value; other
 * sections keep what VS Code answered (`original`).
 */
export function configurationItem(section: string | undefined | null, original: unknown, serverSettings: FimSettings): unknown {
  if (section === SECTION) {
    return { ...serverSettings };
  }
  if (typeof section === 'string' && section.startsWith(SECTION + '.')) {
    const key = section.slice(SECTION.length + 1) as keyof FimSettings;
    if (key in serverSettings) {
      return serverSettings[key];
    }
  }
  return original;
}

/** Which settings differ between two snapshots. */
export function changedKeys(a: FimSettings, b: FimSettings): (keyof FimSettings)[] {
  return SETTING_KEYS.filter((k) => a[k] !== b[k]);
}

/** A change of these needs a new server process (everything else is applied live by the server). */
export function needsRestart(changed: readonly (keyof FimSettings)[]): boolean {
  return changed.includes('serverPath');
}
