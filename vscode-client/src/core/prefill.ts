// When to ask the server to prepare a request ahead of the user (fimComplete/prefill): the cursor settled on a line it
// was not on before, in a document or after switching editors. The server then analyses that place and evaluates its
// prompt into the model's prompt cache, so the request the next keystroke makes only decodes. Pure: the extension feeds
// it cursor moves and a clock.

import { realTimers, Timers } from './timers';

/** Where the cursor is (an LSP position in a document). */
export interface CursorPlace {
  uri: string;
  line: number;
  character: number;
}

/**
 * Sends a prefill once the cursor has stayed `settleMs` on a new line (arrowing or clicking through lines sends one,
 * for the line it stops on). Moves within the line the last prefill was for (typing) send nothing: the editor's own
 * requests keep that prompt cached. A request of the editor in between (`requested`) makes the pending one moot.
 */
export class LinePrefill {
  private lastLine = new Map<string, number>();
  private pending: unknown;

  constructor(
    private readonly send: (place: CursorPlace) => void,
    private readonly settleMs = 150,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The cursor is now at `place` (selection change, editor opened or focused). */
  moved(place: CursorPlace): void {
    if (this.lastLine.get(place.uri) === place.line) {
      return;
    }
    this.cancel();
    this.pending = this.timers.setTimeout(() => {
      this.pending = undefined;
      this.lastLine.set(place.uri, place.line);
      this.send(place);
    }, this.settleMs);
  }

  /** The editor asked for a completion at `place`: its request prepares it, no prefill needed for that line. */
  requested(place: CursorPlace): void {
    this.cancel();
    this.lastLine.set(place.uri, place.line);
  }

  /** The document closed: a reopened one starts fresh. */
  forget(uri: string): void {
    this.lastLine.delete(uri);
  }

  /** Drops a prefill not sent yet. */
  cancel(): void {
    if (this.pending !== undefined) {
      this.timers.clearTimeout(this.pending);
      this.pending = undefined;
    }
  }
}
