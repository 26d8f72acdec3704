// Server state as shown in the status bar, and the `fimComplete/status` notification.
// No `vscode` import (unit-tested under node).

export type ServerState = 'loading' | 'ready' | 'error' | 'disabled';
/** What the status bar shows: the server's state, plus `starting` before the server has said anything. */
export type DisplayState = ServerState | 'starting';

/** Params of the `fimComplete/status` notification (server -> client). */
export interface StatusParams {
  state: ServerState;
  message?: string;
  model?: string;
  provider?: string;
}

/** Result of the `fimComplete/modelInfo` request (client -> server). */
export interface ModelInfo {
  name: string;
  path: string;
  provider: string;
  contextLength: number;
  parameters?: number | string;
}

export const STATUS_NOTIFICATION = 'fimComplete/status';
export const MODEL_INFO_REQUEST = 'fimComplete/modelInfo';

const SERVER_STATES: readonly string[] = ['loading', 'ready', 'error', 'disabled'];

/** Validates the params of a `fimComplete/status` notification; undefined when unusable. */
export function parseStatusParams(params: unknown): StatusParams | undefined {
  if (typeof params !== 'object' || params === null) {
    return undefined;
  }
  const p = params as Record<string, unknown>;
  if (typeof p.state !== 'string' || !SERVER_STATES.includes(p.state)) {
    return undefined;
  }
  const out: StatusParams = { state: p.state as ServerState };
  for (const key of ['message', 'model', 'provider'] as const) {
    if (typeof p[key] === 'string' && p[key] !== '') {
      out[key] = p[key] as string;
    }
  }
  return out;
}

export interface StatusView {
  /** What the server last reported (or `starting`). */
  state: DisplayState;
  /** fimComplete.enabled: when false the item shows `disabled` whatever the server says. */
  enabled: boolean;
  message?: string;
  model?: string;
  provider?: string;
  /** Round trip of the last inline completion request, in ms. */
  lastLatencyMs?: number;
  /** How many suggestions the last request returned. */
  lastItemCount?: number;
  /** The workspace is not trusted (Restricted Mode): the server does not load its project files. */
  restricted?: boolean;
  /** `host:port` of the remote backend the code is sent to; undefined: the local model (nothing leaves the machine). */
  remoteHost?: string;
}

export interface StatusPresentation {
  /** Status bar text (may hold $(codicon) references). */
  text: string;
  tooltip: string;
  /** For screen readers and tests: `FimComplete: <state>`. */
  accessibilityLabel: string;
  /** The state that is shown. */
  shown: DisplayState;
  /** Background to use: `error` -> statusBarItem.errorBackground, `warning` -> warningBackground. */
  severity?: 'error' | 'warning';
}

export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    return '';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function describeModel(v: StatusView): string {
  if (v.model && v.provider) {
    return `${v.model} (${v.provider})`;
  }
  return v.model ?? (v.provider ? `provider ${v.provider}` : '');
}

export function formatStatus(v: StatusView): StatusPresentation {
  const shown: DisplayState = v.enabled ? v.state : 'disabled';
  const model = describeModel(v);
  const lines: string[] = [];
  let text: string;
  let severity: StatusPresentation['severity'];
  switch (shown) {
    case 'starting':
      text = '$(loading~spin) FIM';
      lines.push('FimComplete: starting the server…');
      break;
    case 'loading':
      text = '$(loading~spin) FIM';
      // The model's name only when it says something (the bundled model's folder is just "model").
      lines.push(`FimComplete: loading the model${v.model && v.model !== 'model' ? ' ' + v.model : ''}…`);
      break;
    case 'ready': {
      const latency = v.lastLatencyMs !== undefined ? formatLatency(v.lastLatencyMs) : '';
      text = latency ? `$(sparkle) FIM ${latency}` : '$(sparkle) FIM';
      lines.push(`FimComplete: ready${model ? ' — ' + model : ''}`);
      if (latency) {
        const count = v.lastItemCount !== undefined ? `, ${v.lastItemCount} suggestion${v.lastItemCount === 1 ? '' : 's'}` : '';
        lines.push(`Last completion: ${latency}${count}`);
      }
      break;
    }
    case 'error':
      text = '$(error) FIM';
      severity = 'error';
      lines.push('FimComplete: error');
      break;
    case 'disabled':
      text = '$(circle-slash) FIM';
      lines.push(v.enabled ? 'FimComplete: disabled by the server' : 'FimComplete: disabled (fimComplete.enabled is off)');
      break;
  }
  // A user who switched the extension off does not need the server's last message.
  if (v.message && (shown !== 'disabled' || v.enabled)) {
    lines.push(v.message);
  }
  if (v.restricted) {
    lines.push('Workspace in restricted mode: project files not loaded');
  }
  if (v.remoteHost) {
    lines.push(`Remote backend: code around the cursor is sent to ${v.remoteHost}`);
  }
  lines.push('Click for FimComplete actions');
  return {
    text,
    tooltip: lines.join('\n'),
    accessibilityLabel: `FimComplete: ${shown}`,
    shown,
    severity,
  };
}

/** `1234567` -> `1.2 M`; strings are shown as given. */
export function formatParameters(p: number | string | undefined): string | undefined {
  if (p === undefined || p === '') {
    return undefined;
  }
  if (typeof p === 'string') {
    return p;
  }
  if (!Number.isFinite(p) || p < 0) {
    return undefined;
  }
  if (p >= 1e9) {
    return `${(p / 1e9).toFixed(1)} B`;
  }
  if (p >= 1e6) {
    return `${(p / 1e6).toFixed(p >= 1e8 ? 0 : 1)} M`;
  }
  if (p >= 1e3) {
    return `${(p / 1e3).toFixed(0)} K`;
  }
  return String(p);
}

/** The lines of the "FimComplete: Show Model" quick pick: label = value, description = what it is. */
export function modelInfoLines(info: Partial<ModelInfo> | null | undefined): { label: string; description: string }[] {
  if (!info || typeof info !== 'object') {
    return [];
  }
  const lines: { label: string; description: string }[] = [];
  const add = (value: unknown, description: string): void => {
    if (value !== undefined && value !== null && value !== '') {
      lines.push({ label: String(value), description });
    }
  };
  add(info.name, 'model');
  add(info.path, 'path');
  add(info.provider, 'execution provider');
  if (typeof info.contextLength === 'number' && info.contextLength > 0) {
    add(`${info.contextLength} tokens`, 'context length');
  }
  add(formatParameters(info.parameters), 'parameters');
  return lines;
}
