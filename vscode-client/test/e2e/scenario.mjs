// The frame every e2e scenario (e2e.mjs, restricted.mjs, session.mjs) shares: its command-line options, its checks
// and their closing line, the browser it drives code-server with, and the first steps in VS Code (the folder, a file,
// the extension ready, a ghost typed into Main).
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EDITOR, editorLines, gotoLineEnd, sleep, waitForGhost, waitForStatus } from './page.mjs';

/** `--name value` pairs of the command line (run-e2e.sh passes them) as an object. */
export function parseArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
}

/**
 * The waits for the real server and model, which on a busy 2-core machine need time to load and to answer the first
 * request. E2E_READY_TIMEOUT_MS / E2E_GHOST_TIMEOUT_MS: longer waits for a server without ReadyToRun code on a loaded
 * machine.
 */
export function serverTimeouts(real) {
  return {
    ready: Number(process.env.E2E_READY_TIMEOUT_MS ?? (real ? 180_000 : 30_000)),
    ghost: Number(process.env.E2E_GHOST_TIMEOUT_MS ?? (real ? 120_000 : 20_000)),
  };
}

/** One line per check and per step; `finish` prints `N passed, N failed` last and exits 1 when a check failed. */
export function checklist(tag) {
  const results = [];
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  return {
    elapsed,
    check(name, ok, detail = '') {
      results.push({ name, ok });
      console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
      return ok;
    },
    step(msg) {
      console.log(`[${tag} ${elapsed()}] ${msg}`);
    },
    /** No check at all counts as failed: a scenario that ran nothing proved nothing. */
    finish() {
      const passed = results.filter((r) => r.ok).length;
      const failed = results.length - passed;
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    },
  };
}

/**
 * Runs `scenario(page)` in a headless chromium with a fresh profile (playwright-core from `args.playwright`). A
 * scenario that throws is one failed check (`ranToEnd`) with a screenshot `<tag>-failure.png`; a browser that does not
 * start is one failed check too. `endShot`: a screenshot when the scenario is over, failed or not.
 */
export async function inBrowser({ args, checks, tag, defaultTimeout = 30_000, ranToEnd = 'test ran to the end', endShot }, scenario) {
  const outDir = args.out;
  mkdirSync(outDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), `fim-${tag}-chromium-`));
  let context;
  try {
    const require = createRequire(join(args.playwright, 'package.json'));
    const { chromium } = require('playwright-core');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: args.chromium ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(defaultTimeout);
    await scenario(page).catch(async (e) => {
      checks.check(ranToEnd, false, e?.stack ?? String(e));
      await page.screenshot({ path: join(outDir, `${tag}-failure.png`) }).catch(() => {});
    });
    if (endShot) {
      await page.screenshot({ path: join(outDir, endShot) }).catch(() => {});
    }
  } catch (e) {
    checks.check('browser started', false, e?.stack ?? String(e));
  } finally {
    await context?.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

// ---- first steps in VS Code ---------------------------------------------------------------------

/** Opens `folder` in code-server at `url` and waits for the workbench. */
export async function openFolder(page, url, folder, timeout = 60_000) {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
}

/** Opens a file of the folder with Quick Open (Ctrl+P) and waits until its editor is the active one. */
export async function openFile(page, relative) {
  const name = relative.split('/').pop();
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 60_000 });
  await input.fill(relative);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 90_000 });
  await page.keyboard.press('Enter');
  await page.locator(`${EDITOR} .view-lines`).waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(
    ([sel, n]) => document.querySelector('.tabs-container .tab.active')?.textContent?.includes(n) && document.querySelector(sel),
    [`${EDITOR} .view-lines`, name],
    { timeout: 90_000 },
  );
  await sleep(300);
}

/** Opens the fixture's Program.cs (workspace/, restricted/) and checks that its Main is shown. */
export async function openProgram(page, checks) {
  checks.step('opening Program.cs');
  await openFile(page, 'Program.cs');
  checks.check('Program.cs opened in an editor', (await editorLines(page)).some((l) => l.includes('public static void Main')));
}

/** Waits for the status bar item to say ready (the server runs and its model is loaded). */
export async function expectReady(page, checks, timeout) {
  checks.step('waiting for the extension to report ready');
  const ready = await waitForStatus(page, 'ready', timeout);
  checks.check('status bar shows ready', ready.ok, ready.ok ? '' : `last status: "${ready.last}"`);
  return ready;
}

/**
 * Types `Console.` on a new line after `var greeting = "Hello";` (line 9 of the fixture's Program.cs) and waits for
 * ghost text, asking again now and then (Trigger Inline Suggestion); returns the ghost, '' when none came.
 */
export async function typeInMain(page, checks, timeout) {
  checks.step('typing inside Main');
  await page.locator(`${EDITOR} .view-lines`).click();
  await gotoLineEnd(page, 9);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Console.', { delay: 25 });
  return waitForGhost(page, timeout, true);
}
