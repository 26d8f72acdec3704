// Keeps the ghost text still: while the user types characters the shown suggestion predicted, the same suggestion
// stays (its remainder), and a newer answer replaces a still-valid one only when the server's ranker scores it higher.
// No `vscode` import (unit-tested under node).

export interface Suggestion {
  /** The text to insert at the cursor. */
  insertText: string;
  /** The ranker's score from the server (higher is better); undefined when the server sent none. */
  score?: number;
}

/** A suggestion that is still valid after the user typed `typed` of it. */
export interface Kept {
  items: Suggestion[];
  /** What the user typed since it was shown (a prefix of the top suggestion; '' when nothing was typed). */
  typed: string;
}

interface Shown {
  text: string;
  offset: number;
  items: Suggestion[];
}

/** Characters an editor may insert after the cursor by itself while the user types (auto-closing pairs). */
const AUTO_INSERTED = ')]}"\'`';

export class GhostStability {
  private readonly shown = new Map<string, Shown>();

  /** Remembers what was returned for `uri` at `offset` in `text` (best first); an empty list forgets. */
  remember(uri: string, text: string, offset: number, items: readonly Suggestion[]): void {
    const usable = items.filter((i) => i.insertText.length > 0);
    if (usable.length === 0) {
      this.shown.delete(uri);
      return;
    }
    this.shown.set(uri, { text, offset, items: usable.map((i) => ({ ...i })) });
  }

  forget(uri: string): void {
    this.shown.delete(uri);
  }

  clear(): void {
    this.shown.clear();
  }

  /**
   * The shown suggestions that still fit `text` with the cursor at `offset`: `text` is the remembered text with
   * `typed` (a proper prefix of the top suggestion) inserted at the remembered cursor, possibly followed by closers the
   * editor auto-inserted (`(` typed, `)` added). Each kept item is the rest of a remembered item that starts with `typed`.
   */
  keep(uri: string, text: string, offset: number): Kept | undefined {
    const s = this.shown.get(uri);
    if (!s) {
      return undefined;
    }
    const typedLength = offset - s.offset;
    const autoLength = text.length - s.text.length - typedLength;
    // Closers appear after the cursor only with a typed opener (or quote).
    if (typedLength < 0 || autoLength < 0 || (autoLength > 0 && typedLength === 0)) {
      return undefined;
    }
    const top = s.items[0].insertText;
    const typed = text.slice(s.offset, offset);
    if (typed.length >= top.length || !top.startsWith(typed)) {
      return undefined;
    }
    const auto = text.slice(offset, offset + autoLength);
    for (const c of auto) {
      if (!AUTO_INSERTED.includes(c)) {
        return undefined;
      }
    }
    if (!text.startsWith(s.text.slice(0, s.offset)) || text.slice(offset + autoLength) !== s.text.slice(s.offset)) {
      return undefined;
    }
    const items = s.items
      .filter((i) => i.insertText.length > typed.length && i.insertText.startsWith(typed))
      .map((i) => ({ insertText: i.insertText.slice(typed.length), score: i.score }));
    return items.length > 0 ? { items, typed } : undefined;
  }
}

/**
 * What to show when a newer answer (`fresh`) arrives while an older suggestion is still valid (`kept`): the fresh list
 * when its top item is the same text or scores higher; else the kept suggestions first, then the fresh ones (for
 * Show Next Inline Suggestion). Without scores the shown suggestion stays: a ghost that changes under the cursor costs
 * more than a possibly better one.
 */
export function chooseShown(kept: readonly Suggestion[] | undefined, fresh: readonly Suggestion[]): { items: Suggestion[]; replaced: boolean } {
  if (!kept || kept.length === 0) {
    return { items: [...fresh], replaced: fresh.length > 0 };
  }
  if (fresh.length === 0) {
    return { items: [...kept], replaced: false };
  }
  const k = kept[0];
  const f = fresh[0];
  if (f.insertText === k.insertText || (f.score !== undefined && k.score !== undefined && f.score > k.score)) {
    return { items: [...fresh], replaced: f.insertText !== k.insertText };
  }
  const seen = new Set<string>();
  const items = [...kept, ...fresh].filter((i) => !seen.has(i.insertText) && (seen.add(i.insertText), true));
  return { items, replaced: false };
}
