// Helpers to drive VS Code (code-server) pages with playwright-core, shared by the e2e scenarios.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- page helpers ------------------------------------------------------------------------------

export const EDITOR = '.editor-group-container.active .monaco-editor';

export async function runCommand(page, label) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill('>' + label);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
}

/** `FimComplete: <state>` from the status bar item (its accessibility label). */
export async function statusLabel(page) {
  const item = page.locator('[aria-label^="FimComplete: "]').first();
  if ((await item.count()) === 0) {
    return '';
  }
  return (await item.getAttribute('aria-label')) ?? '';
}

export async function waitForStatus(page, state, timeout) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await statusLabel(page);
    if (last === `FimComplete: ${state}`) {
      return { ok: true, last };
    }
    await sleep(250);
  }
  return { ok: false, last };
}

/** Text of the ghost (inline suggestion) elements in the active editor; '' when none. */
export async function ghostText(page) {
  return page.evaluate((sel) => {
    const editor = document.querySelector(sel);
    if (!editor) {
      return '';
    }
    // Outermost ghost elements only; syntax coloring splits one ghost line into several sibling
    // spans, so spans in the same .view-line are joined without a break. The extra lines of a
    // multi-line ghost are a block whose rows are .view-line elements.
    const lines = new Map();
    for (const el of editor.querySelectorAll('[class*="ghost-text"]')) {
      if (el.parentElement?.closest('[class*="ghost-text"]')) {
        continue;
      }
      const rows = el.querySelectorAll('.view-line');
      if (rows.length > 0) {
        rows.forEach((r) => lines.set(r, (lines.get(r) ?? '') + (r.textContent ?? '')));
      } else {
        const key = el.closest('.view-line') ?? el;
        lines.set(key, (lines.get(key) ?? '') + (el.textContent ?? ''));
      }
    }
    const parts = [...lines.values()];
    return parts.join('\n').replace(/\u00a0/g, ' ');
  }, EDITOR);
}

/** The visible lines of the active editor, ghost text removed. */
export async function editorLines(page) {
  return page.evaluate((sel) => {
    const editor = document.querySelector(sel);
    if (!editor) {
      return [];
    }
    const lines = [...editor.querySelectorAll('.view-lines .view-line')].map((line) => {
      const copy = line.cloneNode(true);
      for (const g of copy.querySelectorAll('[class*="ghost-text"]')) {
        g.remove();
      }
      return { top: parseFloat(line.style.top || '0'), text: (copy.textContent ?? '').replace(/\u00a0/g, ' ') };
    });
    return lines.sort((a, b) => a.top - b.top).map((l) => l.text);
  }, EDITOR);
}

export async function waitForGhost(page, timeout, retrigger) {
  const deadline = Date.now() + timeout;
  let nextTrigger = Date.now() + 3_000;
  while (Date.now() < deadline) {
    const g = await ghostText(page);
    if (g.trim() !== '') {
      return g;
    }
    if (retrigger && Date.now() > nextTrigger) {
      await runCommand(page, 'Trigger Inline Suggestion');
      nextTrigger = Date.now() + 10_000;
    }
    await sleep(200);
  }
  return '';
}

export async function gotoLineEnd(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await sleep(200);
  await page.keyboard.press('Enter');
  await sleep(200);
  await page.keyboard.press('End');
}

export const norm = (s) => s.replace(/\s+/g, ' ').trim();
