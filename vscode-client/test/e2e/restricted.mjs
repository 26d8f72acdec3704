// Restricted Mode in a real VS Code (code-server with workspace trust on), the packaged extension, the real server and
// model (issue 24): the folder is not trusted and holds a Directory.Build.targets whose Exec writes a marker file
// outside the folder whenever MSBuild loads the project (a design-time build runs ResolveAssemblyReferences). Opening
// it and typing must give ghost text, the status bar tooltip must say restricted mode, and no marker may appear.
// Then the user grants trust: the server loads the project with MSBuild (no restart), so the marker appears, which
// proves that the fixture would have caught a server that loads untrusted projects.
//
//   node restricted.mjs --url http://127.0.0.1:PORT --workspace DIR --markers DIR --logs DIR --out DIR
//                       --playwright DIR [--chromium PATH]
//
// Prints one line per check and, last, `N passed, N failed`; exits 1 when a check failed.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, sleep } from './page.mjs';
import { lineWith, logWith } from './logs.mjs';
import { checklist, expectReady, inBrowser, openFolder, openProgram, parseArgs, serverTimeouts, typeInMain } from './scenario.mjs';

const args = parseArgs();
const outDir = args.out;
const { ready: READY_TIMEOUT, ghost: GHOST_TIMEOUT } = serverTimeouts(true);
// How long an untrusted server gets to (wrongly) run the project's targets after the ghost appeared. A server that
// loads projects with MSBuild starts at initialization, long before the first ghost on this path.
const QUIET_MS = Number(process.env.E2E_RESTRICTED_QUIET_MS ?? 10_000);
// After trust is granted: MSBuild evaluation and the design-time build of a one-file project on a loaded machine.
const MARKER_TIMEOUT = Number(process.env.E2E_MARKER_TIMEOUT_MS ?? 240_000);
const checks = checklist('restricted');
const { check, step } = checks;

const markers = () => (existsSync(args.markers) ? readdirSync(args.markers) : []);

/** VS Code's own sign of Restricted Mode: the status bar entry or the banner above the editors. */
async function restrictedModeShown(page) {
  const entry = page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
  const banner = page.locator('.monaco-workbench .banner', { hasText: 'Restricted Mode is intended' }).first();
  return (await entry.isVisible().catch(() => false)) || (await banner.isVisible().catch(() => false));
}

/** The FimComplete status bar item's tooltip, as the hover shows it. */
async function statusTooltip(page) {
  await page.mouse.move(0, 0);
  await sleep(300);
  await page.locator('[aria-label^="FimComplete: "]').first().hover();
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'FimComplete' }).last();
  const shown = await hover.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
  const text = shown ? ((await hover.textContent()) ?? '') : '';
  await page.mouse.move(0, 0);
  await sleep(300);
  return text.replace(/\s+/g, ' ').trim();
}

/** Workspaces: Manage Workspace Trust, then the editor's Trust button: what a user does to leave Restricted Mode. */
async function grantTrust(page) {
  await runCommand(page, 'Workspaces: Manage Workspace Trust');
  const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust( Folder)?$/ }).first();
  await trust.waitFor({ state: 'visible', timeout: 30_000 });
  await trust.click();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (await restrictedModeShown(page))) {
    await sleep(250);
  }
  const ended = !(await restrictedModeShown(page));
  // The trust editor (a modal editor in this VS Code) would cover the status bar's hover.
  const modal = page.locator('.monaco-modal-editor-block').first();
  if (await modal.isVisible().catch(() => false)) {
    await page.keyboard.press('Escape');
    await sleep(500);
  }
  if (await modal.isVisible().catch(() => false)) {
    await modal.locator('[aria-label^="Close"]').first().click({ timeout: 5_000 }).catch(() => {});
    await sleep(500);
  }
  return ended;
}

async function main(page) {
  check('no marker before VS Code opens the folder', markers().length === 0, markers().join(', '));
  step(`opening ${args.url}`);
  await openFolder(page, args.url, args.workspace);
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 }).catch(() => {});
  await page.screenshot({ path: join(outDir, 'restricted-opened.png') });
  check('VS Code shows Restricted Mode (workspace trust on, folder not trusted)', await restrictedModeShown(page));

  await openProgram(page, checks);
  await expectReady(page, checks, READY_TIMEOUT);
  const untrusted = 'Restricted Mode: the workspace is not trusted';
  const log = await logWith(args.logs, untrusted);
  check(
    'the extension started the server untrusted (vscode.workspace.isTrusted = false)',
    log.includes(untrusted),
    lineWith(log, 'Restricted Mode') ?? 'no Restricted Mode line in the log',
  );
  const csOnly = 'not trusted: .cs files only';
  const serverLog = await logWith(args.logs, csOnly);
  check('the server keeps the folder to its .cs files', serverLog.includes(csOnly), lineWith(serverLog, 'Workspace folders:') ?? 'no "Workspace folders" line in the log');

  const ghost = await typeInMain(page, checks, GHOST_TIMEOUT);
  await page.screenshot({ path: join(outDir, 'restricted-ghost.png') });
  check('ghost text appears in Restricted Mode', ghost.trim() !== '', ghost ? JSON.stringify(ghost) : 'no ghost text');
  check('no marker when the ghost appeared (the project was not loaded)', markers().length === 0, markers().join(', '));

  const tooltip = await statusTooltip(page);
  check('the status bar tooltip says restricted mode: project files not loaded', /restricted mode: project files not loaded/i.test(tooltip), JSON.stringify(tooltip));

  step(`waiting ${QUIET_MS / 1000} s more`);
  await sleep(QUIET_MS);
  check(`no marker ${QUIET_MS / 1000} s after the ghost appeared`, markers().length === 0, markers().join(', '));
  await page.keyboard.press('Escape');

  step('granting workspace trust');
  const trusted = await grantTrust(page);
  await page.screenshot({ path: join(outDir, 'restricted-trusted.png') });
  check('Restricted Mode ends when the user trusts the folder', trusted);
  const deadline = Date.now() + MARKER_TIMEOUT;
  while (Date.now() < deadline && markers().length === 0) {
    await sleep(500);
  }
  const trustedNow = 'The workspace is trusted now';
  const after = await logWith(args.logs, trustedNow);
  check(
    'trusted: the server loads the project with MSBuild without a restart (its target runs: the marker appears)',
    markers().length > 0 && after.includes(trustedNow),
    `${markers().join(', ') || 'no marker'}; ${lineWith(after, trustedNow) ?? 'no "trusted now" line in the log'}`,
  );
  const tooltipTrusted = await statusTooltip(page);
  check('the tooltip no longer says restricted mode', tooltipTrusted !== '' && !/restricted mode/i.test(tooltipTrusted), JSON.stringify(tooltipTrusted));
}

await inBrowser({ args, checks, tag: 'restricted' }, main);
console.log(`e2e (restricted) took ${checks.elapsed()}; screenshots in ${outDir}`);
checks.finish();
