// The FimComplete output channel as VS Code writes it to its logs folder (the extension's lines and the server's).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './page.mjs';

/** The FimComplete output channel's log file under VS Code's logs folder, or undefined. */
export function findLogFile(root) {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop();
    let entries = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) {
        stack.push(p);
      } else if (/FimComplete\.log$/.test(e)) {
        return p;
      }
    }
  }
  return undefined;
}

/** The output channel's lines so far; '' before VS Code wrote the file. */
export function outputChannelLog(logsDir) {
  const file = findLogFile(logsDir);
  return file ? readFileSync(file, 'utf8') : '';
}

/** The output channel's log once it holds `text` (VS Code writes the file a little after the line), or as it is. */
export async function logWith(logsDir, text, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let log = outputChannelLog(logsDir);
  while (!log.includes(text) && Date.now() < deadline) {
    await sleep(250);
    log = outputChannelLog(logsDir);
  }
  return log;
}

/** The first line of `log` that holds `text`, or undefined. */
export const lineWith = (log, text) => log.split('\n').find((l) => l.includes(text));
