// Auto-closed brackets and quotes: typing `(` makes the editor insert `)` after the cursor. A suggestion that types the
// closer itself (`"Created {Id}", id);`) must replace that `)`, not add a second one. No `vscode` import (unit-tested).

/** Characters an editor inserts after the cursor on its own (auto-closing pairs), plus `;` that may follow them. */
const CLOSERS = ')]}"\'`;';
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** How unbalanced a line is: unclosed or extra brackets of each kind, plus one when it ends inside a string. */
export function imbalance(line: string): number {
  const depth: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  let extra = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === '\\') {
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c in depth) {
      depth[c]++;
    } else if (c in PAIRS) {
      const open = PAIRS[c];
      if (depth[open] > 0) {
        depth[open]--;
      } else {
        extra++;
      }
    }
  }
  return extra + depth['('] + depth['['] + depth['{'] + (quote !== undefined ? 1 : 0);
}

function isSubsequence(needle: string, haystack: string): boolean {
  let j = 0;
  for (let i = 0; i < haystack.length && j < needle.length; i++) {
    if (haystack[i] === needle[j]) {
      j++;
    }
  }
  return j === needle.length;
}

/**
 * How many characters after the cursor a suggestion should replace: the rest of the line when it is only closers
 * (`)`, `")`, `];`, ...) that the suggestion types itself, in order, and the line is better balanced with the
 * suggestion replacing them than with both. 0 otherwise (the rest of the line stays; e.g. `Foo(a)` typed before an
 * auto-closed `)` keeps it, since `Foo(a)` closes only its own bracket).
 */
export function absorbedSuffixLength(linePrefix: string, insertText: string, lineSuffix: string): number {
  const rest = lineSuffix.replace(/\s+$/, '');
  if (rest.length === 0 || insertText.includes('\n') || insertText.includes('\r')) {
    return 0;
  }
  for (const c of rest) {
    if (!CLOSERS.includes(c) && c !== ' ' && c !== '\t') {
      return 0;
    }
  }
  const closers = rest.replace(/[ \t]/g, '');
  if (!isSubsequence(closers, insertText)) {
    return 0;
  }
  return imbalance(linePrefix + insertText) < imbalance(linePrefix + insertText + rest) ? rest.length : 0;
}
