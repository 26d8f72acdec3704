// End-to-end test of the FimComplete extension in a real VS Code (code-server) driven by
// playwright-core + Debian chromium. Started by run-e2e.sh, which installs everything, starts
// code-server with the extension installed and passes the options below.
//
//   node e2e.mjs --url http://127.0.0.1:PORT --workspace DIR --settings FILE --out DIR
//                --mode real|stub [--stub-log FILE] [--playwright DIR] [--chromium PATH]
//
// Prints one line per check and, last, `N passed, N failed`; exits 1 when a check failed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorLines, EDITOR, ghostText, gotoLineEnd, norm, runCommand, sleep, statusLabel, waitForStatus } from './page.mjs';
import { checklist, expectReady, inBrowser, openFolder, openProgram, parseArgs, serverTimeouts, typeInMain } from './scenario.mjs';

const args = parseArgs();
const mode = args.mode ?? 'real';
const outDir = args.out;
const workspace = args.workspace;
const real = mode === 'real';
const { ready: READY_TIMEOUT, ghost: GHOST_TIMEOUT } = serverTimeouts(real);
const checks = checklist('e2e');
const { check, step } = checks;

function stubEvents() {
  if (!args['stub-log'] || !existsSync(args['stub-log'])) {
    return [];
  }
  return readFileSync(args['stub-log'], 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/**
 * Changes a user setting the way a user does: in the settings.json editor, saved with Ctrl+S
 * (code-server does not notice edits made to the file from outside).
 */
async function setUserSetting(page, key, value) {
  const settings = JSON.parse(readFileSync(args.settings, 'utf8'));
  settings[key] = value;
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  // Opens in a tab or (VS Code 1.139) a modal editor, focused either way.
  await page.getByText('settings.json').first().waitFor({ state: 'visible', timeout: 15_000 });
  await sleep(700);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify(settings, null, 2));
  await page.keyboard.press('Control+S');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      if (JSON.parse(readFileSync(args.settings, 'utf8'))[key] === value) {
        break;
      }
    } catch {
      // being written
    }
    await sleep(200);
  }
  await sleep(300);
  await page.keyboard.press('Control+S');
  await sleep(500);
  await page.keyboard.press('Control+W');
  // The file on disk already holds the change: do not let a save prompt block the test.
  const dontSave = page.getByRole('button', { name: "Don't Save" });
  if (await dontSave.waitFor({ state: 'visible', timeout: 1_500 }).then(() => true, () => false)) {
    await dontSave.click();
  }
  await sleep(300);
}

// ---- the test --------------------------------------------------------------------------------

async function main(page) {
  step(`opening ${args.url}`);
  await openFolder(page, args.url, workspace);
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 }).catch(() => {});
  await sleep(1500);
  await openProgram(page, checks);
  await expectReady(page, checks, READY_TIMEOUT);
  await page.screenshot({ path: join(outDir, `${mode}-ready.png`) });

  if (mode === 'stub') {
    const init = stubEvents().find((e) => e.event === 'initialize');
    const opts = init?.initializationOptions ?? {};
    const keys = Object.keys(opts.settings ?? {}).sort().join(',');
    // Every setting the package declares, less VS Code's own LSP trace switch, which the client reads itself.
    const declared = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).contributes.configuration.properties;
    const expectedKeys = Object.keys(declared).map((k) => k.replace(/^fimComplete\./, '')).filter((k) => k !== 'trace.server').sort().join(',');
    check(
      'initializationOptions = { modelPath: <ext>/model, settings: all fimComplete settings }',
      typeof opts.modelPath === 'string' && /[\\/]model$/.test(opts.modelPath) && opts.settings?.modelPath === opts.modelPath && keys === expectedKeys,
      JSON.stringify(opts),
    );
    const caps = init?.textDocumentCapabilities ?? [];
    check(
      'only inline completion and document sync are announced (no completion/hover/...)',
      caps.includes('inlineCompletion') && caps.includes('synchronization') && !caps.includes('completion') && !caps.includes('hover'),
      caps.join(','),
    );
    const pulled = stubEvents().find((e) => e.event === 'configuration');
    check(
      'workspace/configuration answers section fimComplete with the resolved model path',
      pulled?.settings?.modelPath === opts.modelPath && pulled?.settings?.candidates === 3,
      JSON.stringify(pulled?.settings),
    );
  }

  // --- ghost text and Tab ---
  const ghost = await typeInMain(page, checks, GHOST_TIMEOUT);
  await page.screenshot({ path: join(outDir, `${mode}-ghost.png`) });
  check('ghost text appears after typing', ghost.trim() !== '', ghost ? JSON.stringify(ghost) : 'no ghost text');
  if (mode === 'stub') {
    check('the stub suggestion is shown as ghost text', ghost.includes('WriteLine("fim-stub one");'), JSON.stringify(ghost));
    // VS Code's own Show Next/Previous Inline Suggestion cycle through the candidates we return.
    await page.keyboard.press('Alt+]');
    const deadline = Date.now() + 5_000;
    let next = '';
    while (Date.now() < deadline && !(next = await ghostText(page)).includes('fim-stub two')) {
      await sleep(150);
    }
    check('Show Next Inline Suggestion (Alt+]) shows the next candidate', next.includes('WriteLine("fim-stub two");'), JSON.stringify(next));
    await page.keyboard.press('Alt+[');
    await sleep(500);
    const back = await ghostText(page);
    check('Show Previous Inline Suggestion (Alt+[) goes back', back.includes('WriteLine("fim-stub one");'), JSON.stringify(back));
    const requests = stubEvents().filter((e) => e.event === 'inlineCompletion');
    // Typing 8 characters 25 ms apart with a 75 ms debounce: fewer requests than keystrokes.
    check('debounce: fewer requests reach the server than keys typed', requests.length >= 1 && requests.length < 8, `${requests.length} request(s)`);
  }
  if (ghost.trim() !== '') {
    const firstLine = ghost.split('\n').find((l) => l.trim() !== '') ?? '';
    await page.keyboard.press('Tab');
    await sleep(800);
    const lines = await editorLines(page);
    const after = norm(lines.join('\n'));
    const accepted = after.includes(norm('Console.' + firstLine)) || after.includes(norm(firstLine));
    check('Tab inserts the ghost text into the buffer', accepted, accepted ? norm(firstLine) : `buffer: ${JSON.stringify(lines)}`);
    await page.screenshot({ path: join(outDir, `${mode}-accepted.png`) });
    const status = await statusLabel(page);
    const latency = await page.locator('[aria-label^="FimComplete: "]').first().textContent();
    check('status bar shows the last latency', /\d+(\.\d+)? (ms|s)/.test(latency ?? ''), `${status} / "${(latency ?? '').trim()}"`);
  }

  // --- model info ---
  step('FimComplete: Show Model');
  await runCommand(page, 'FimComplete: Show Model');
  const modelRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'execution provider' }).first();
  const modelShown = await modelRow.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false);
  const modelRows = modelShown ? await page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents() : [];
  check('Show Model lists the model name, path and provider', modelShown && modelRows.length >= 3, JSON.stringify(modelRows));
  await page.screenshot({ path: join(outDir, `${mode}-model.png`) });
  await page.keyboard.press('Escape');

  // --- error storm -> one notification (stub only: the stub raises errors on request) ---
  if (mode === 'stub') {
    step('error storm');
    await page.locator(`${EDITOR} .view-lines`).click();
    await gotoLineEnd(page, 10);
    await page.keyboard.press('Enter');
    await page.keyboard.type('ErrorStorm', { delay: 20 });
    await runCommand(page, 'Trigger Inline Suggestion');
    await waitForStatus(page, 'error', 10_000);
    await sleep(1000);
    const toasts = await page.locator('.notification-toast', { hasText: 'FimComplete:' }).count();
    await page.screenshot({ path: join(outDir, `${mode}-error.png`) });
    const errors = stubEvents().filter((e) => e.event === 'status' && e.state === 'error').length;
    check('5 server errors in a row give exactly one notification', errors >= 5 && toasts === 1, `${errors} errors, ${toasts} notification(s)`);
    const back = await waitForStatus(page, 'ready', 10_000);
    check('status returns to ready after the server recovers', back.ok, back.last);
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});

    step('server crash');
    const initsBeforeCrash = stubEvents().filter((e) => e.event === 'initialize').length;
    await page.locator(`${EDITOR} .view-lines`).click();
    await gotoLineEnd(page, 11);
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('CrashNow', { delay: 20 });
    await runCommand(page, 'Trigger Inline Suggestion');
    const deadlineCrash = Date.now() + 15_000;
    while (Date.now() < deadlineCrash && stubEvents().filter((e) => e.event === 'initialize').length <= initsBeforeCrash) {
      await sleep(250);
    }
    const recovered = await waitForStatus(page, 'ready', 15_000);
    const crashes = stubEvents().filter((e) => e.event === 'crash').length;
    const restarts = stubEvents().filter((e) => e.event === 'initialize').length - initsBeforeCrash;
    const crashToasts = await page.locator('.notification-toast', { hasText: 'FimComplete' }).count();
    check('a crashed server is restarted quietly', crashes >= 1 && restarts >= 1 && recovered.ok && crashToasts === 0, `${crashes} crash(es), ${restarts} restart(s), ${recovered.last}, ${crashToasts} notification(s)`);
    // Remove the typed line again.
    await page.locator(`${EDITOR} .view-lines`).click();
    await gotoLineEnd(page, 11);
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
  }

  // --- serverPath: a change restarts the server; a bad path is one clear error (stub only) ---
  if (mode === 'stub') {
    step('fimComplete.serverPath -> missing file, then back');
    const stubPath = JSON.parse(readFileSync(args.settings, 'utf8'))['fimComplete.serverPath'];
    const initsBefore = stubEvents().filter((e) => e.event === 'initialize').length;
    await setUserSetting(page, 'fimComplete.serverPath', '/nonexistent/fimcomplete-server');
    const broken = await waitForStatus(page, 'error', 15_000);
    await sleep(1000);
    const toasts = await page.locator('.notification-toast', { hasText: 'does not exist' }).count();
    await page.screenshot({ path: join(outDir, `${mode}-bad-server-path.png`) });
    check('a missing server gives the error state and one notification', broken.ok && toasts === 1, `${broken.last}, ${toasts} notification(s)`);
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
    // A server that exits at once (here /bin/false): the client must not retry forever or stack notifications.
    await setUserSetting(page, 'fimComplete.serverPath', '/bin/false');
    const crashed = await waitForStatus(page, 'error', 20_000);
    await sleep(3000);
    const crashToasts = await page.locator('.notification-toast', { hasText: 'FimComplete:' }).count();
    await page.screenshot({ path: join(outDir, `${mode}-server-exits.png`) });
    check('a server that exits at once gives the error state and one notification', crashed.ok && crashToasts === 1, `${crashed.last}, ${crashToasts} notification(s)`);
    await setUserSetting(page, 'fimComplete.serverPath', stubPath);
    const restored = await waitForStatus(page, 'ready', 20_000);
    const initsAfter = stubEvents().filter((e) => e.event === 'initialize').length;
    check('changing serverPath back restarts the server without reloading VS Code', restored.ok && initsAfter === initsBefore + 1, `${restored.last}, ${initsAfter - initsBefore} new server(s)`);
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
  }

  // --- disable ---
  step('FimComplete: Disable');
  const requestsBefore = stubEvents().filter((e) => e.event === 'inlineCompletion').length;
  await runCommand(page, 'FimComplete: Disable');
  const disabled = await waitForStatus(page, 'disabled', 15_000);
  check('status bar shows disabled', disabled.ok, disabled.last);
  const userSettings = readFileSync(args.settings, 'utf8');
  check('the Disable command wrote fimComplete.enabled: false', /"fimComplete\.enabled"\s*:\s*false/.test(userSettings));
  await page.locator(`${EDITOR} .view-lines`).click();
  await gotoLineEnd(page, 9);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Console.', { delay: 60 });
  await runCommand(page, 'Trigger Inline Suggestion');
  await sleep(real ? 6000 : 4000);
  const ghostWhenDisabled = await ghostText(page);
  await page.screenshot({ path: join(outDir, `${mode}-disabled.png`) });
  check('no ghost text when disabled', ghostWhenDisabled.trim() === '', JSON.stringify(ghostWhenDisabled));
  if (mode === 'stub') {
    const events = stubEvents();
    const requestsAfter = events.filter((e) => e.event === 'inlineCompletion').length;
    check('no inline completion request reaches the server when disabled', requestsAfter === requestsBefore, `${requestsAfter - requestsBefore} request(s)`);
    const pushed = events.filter((e) => e.event === 'didChangeConfiguration').pop();
    check(
      'didChangeConfiguration carries { fimComplete: settings } with enabled: false',
      pushed?.settings?.fimComplete?.enabled === false && typeof pushed?.settings?.fimComplete?.modelPath === 'string' && pushed.settings.fimComplete.modelPath !== '',
      JSON.stringify(pushed?.settings),
    );
  }
}

await inBrowser({ args, checks, tag: mode }, main);
console.log(`e2e (${mode}) took ${checks.elapsed()}; screenshots in ${outDir}`);
checks.finish();
