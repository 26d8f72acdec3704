// Remote backends (Ollama, llama.cpp's server, OpenAI-compatible servers): the settings' values, where the code goes
// (status bar tooltip), and the API key request. No `vscode` import here: unit-tested under plain node.

export const BACKENDS = ['local', 'ollama', 'llamacpp', 'openai'] as const;
export type Backend = (typeof BACKENDS)[number];

/** `auto` picks the format from the remote model's name; `server` leaves it to the server (the API's suffix field). */
export const FIM_TEMPLATES = ['auto', 'server', 'qwen', 'starcoder', 'deepseek', 'codellama', 'codegemma'] as const;
export type FimTemplateName = (typeof FIM_TEMPLATES)[number];

/** Client -> server request: `{ apiKey: string | null }`; the server keeps the key in memory and never logs it. */
export const SET_API_KEY_REQUEST = 'fimComplete/setApiKey';

/** The key under which the API key is kept in VS Code's SecretStorage (never in settings.json). */
export const API_KEY_SECRET = 'fimComplete.apiKey';

/** Where each backend listens out of the box (the server uses the same defaults when `endpoint` is empty). */
export const DEFAULT_ENDPOINTS: Readonly<Record<Exclude<Backend, 'local'>, string>> = Object.freeze({
  ollama: 'http://127.0.0.1:11434/',
  llamacpp: 'http://127.0.0.1:8080/',
  openai: 'http://127.0.0.1:8000/',
});

export interface RemoteSettings {
  backend: Backend;
  endpoint: string;
  remoteModel: string;
  fimTemplate: FimTemplateName;
  remoteContextLength: number;
}

export const DEFAULT_REMOTE_SETTINGS: Readonly<RemoteSettings> = Object.freeze({
  backend: 'local',
  endpoint: '',
  remoteModel: '',
  fimTemplate: 'auto',
  remoteContextLength: 4096,
});

export const REMOTE_CONTEXT_BOUNDS = Object.freeze({ min: 256, max: 1_048_576 });

/** A usable http(s) URL, else '' (the server then uses the backend's default). */
export function normalizeEndpoint(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    return '';
  }
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? value.trim() : '';
  } catch {
    return '';
  }
}

/** The remote settings from whatever the configuration holds (wrong types and values fall back to the defaults). */
export function normalizeRemoteSettings(r: Readonly<Record<string, unknown>>): RemoteSettings {
  const backend = typeof r.backend === 'string' && (BACKENDS as readonly string[]).includes(r.backend) ? (r.backend as Backend) : 'local';
  const template =
    typeof r.fimTemplate === 'string' && (FIM_TEMPLATES as readonly string[]).includes(r.fimTemplate.toLowerCase())
      ? (r.fimTemplate.toLowerCase() as FimTemplateName)
      : 'auto';
  const n = typeof r.remoteContextLength === 'number' ? Math.round(r.remoteContextLength) : NaN;
  return {
    backend,
    endpoint: normalizeEndpoint(r.endpoint),
    remoteModel: typeof r.remoteModel === 'string' ? r.remoteModel.trim() : '',
    fimTemplate: template,
    remoteContextLength: Number.isFinite(n)
      ? Math.min(REMOTE_CONTEXT_BOUNDS.max, Math.max(REMOTE_CONTEXT_BOUNDS.min, n))
      : DEFAULT_REMOTE_SETTINGS.remoteContextLength,
  };
}

/** `host:port` the code is sent to, or undefined for the local backend (nothing leaves the machine). */
export function remoteHost(s: Pick<RemoteSettings, 'backend' | 'endpoint'>): string | undefined {
  if (s.backend === 'local') {
    return undefined;
  }
  const url = new URL(s.endpoint !== '' ? s.endpoint : DEFAULT_ENDPOINTS[s.backend]);
  return url.host;
}

/** The params of `fimComplete/setApiKey`: an empty or blank key clears it. */
export function setApiKeyParams(key: string | undefined): { apiKey: string | null } {
  return { apiKey: key !== undefined && key.trim() !== '' ? key.trim() : null };
}
