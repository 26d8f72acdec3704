// The server's log in the FimComplete output channel: one line per event, at its own level. No `vscode` import
// (unit-tested under node); the channel is passed in.
//
// The server sends its log as window/logMessage with a type while the client is connected, and writes to stderr only
// before and after that (and when it crashes). VS Code's language client would show every stderr line as an error;
// here a stderr line with the server's `[HH:mm:ss.fff level]` prefix is logged at that level and anything else (a
// crash, the .NET host's own messages) as an error.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** The part of vscode.LogOutputChannel used here. */
export interface LevelLogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const LEVELS: Record<string, LogLevel> = { error: 'error', warn: 'warn', info: 'info', log: 'debug', debug: 'debug' };
const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const SERVER_LINE = /^\[\d{2}:\d{2}:\d{2}(?:\.\d+)? (error|warn|info|log|debug)\] ?(.*)$/;

/** A stderr line of the server: its level and message (level error when it has no server prefix). */
export function parseServerLine(line: string): { level: LogLevel; message: string } {
  const m = SERVER_LINE.exec(line);
  return m ? { level: LEVELS[m[1]], message: m[2] } : { level: 'error', message: line };
}

/** Whether a line of `level` is shown when fimComplete.logLevel is `setting`. */
export function shouldLog(level: LogLevel, setting: LogLevel): boolean {
  return RANK[level] <= RANK[setting];
}

/** Writes `message` at `level` when fimComplete.logLevel allows it. */
export function logAt(channel: LevelLogger, level: LogLevel, message: string, setting: LogLevel): void {
  if (!shouldLog(level, setting)) {
    return;
  }
  channel[level](message);
}

/** The language client's stdio handlers: stderr lines at their own level; stdout is the protocol stream (unused). */
export function serverStdio(
  setting: () => LogLevel,
  lines: (input: NodeJS.ReadableStream, onLine: (line: string) => void) => void,
): {
  stdout: (input: NodeJS.ReadableStream, channel: LevelLogger) => void;
  stderr: (input: NodeJS.ReadableStream, channel: LevelLogger) => void;
} {
  return {
    stdout: () => {},
    stderr: (input, channel) =>
      lines(input, (line) => {
        if (line.trim() === '') {
          return;
        }
        const { level, message } = parseServerLine(line);
        logAt(channel, level, message, setting());
      }),
  };
}

/**
 * The output channel given to the language client: the client writes window/logMessage lines through it (Error,
 * Warning, Info with their level; the LSP `Log` type with appendLine, which here becomes debug) and its own messages.
 * fimComplete.logLevel filters them.
 */
export function filteredChannel<T extends LevelLogger & { appendLine(value: string): void }>(channel: T, setting: () => LogLevel): T {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      if (prop === 'error' || prop === 'warn' || prop === 'info' || prop === 'debug') {
        const level = prop as LogLevel;
        return (message: string, ...rest: unknown[]) => {
          if (shouldLog(level, setting())) {
            (target[level] as (m: string, ...r: unknown[]) => void).call(target, message, ...rest);
          }
        };
      }
      if (prop === 'appendLine') {
        return (value: string) => logAt(target, 'debug', value, setting());
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
