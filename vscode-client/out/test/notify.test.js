"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// test/unit/notify.test.ts
var import_node_test = require("node:test");
var assert = __toESM(require("node:assert/strict"));

// src/core/notify.ts
var ErrorNotificationGate = class {
  constructor(now = Date.now, repeatWindowMs = 5 * 6e4) {
    this.now = now;
    this.repeatWindowMs = repeatWindowMs;
  }
  now;
  repeatWindowMs;
  shownSinceReady = false;
  lastShown = /* @__PURE__ */ new Map();
  /** Call on every state change; returns true when a notification should be shown for it. */
  onState(state, message) {
    if (state === "ready") {
      this.shownSinceReady = false;
      return false;
    }
    if (state !== "error") {
      return false;
    }
    if (this.shownSinceReady) {
      return false;
    }
    const key = (message ?? "").trim();
    const t = this.now();
    const last = this.lastShown.get(key);
    if (last !== void 0 && t - last < this.repeatWindowMs) {
      return false;
    }
    this.lastShown.set(key, t);
    this.shownSinceReady = true;
    return true;
  }
  /** Forget everything (e.g. after the user restarted the server on purpose). */
  reset() {
    this.shownSinceReady = false;
    this.lastShown.clear();
  }
};
var RestartPolicy = class {
  constructor(maxRestarts = 3, windowMs = 3 * 6e4, now = Date.now) {
    this.maxRestarts = maxRestarts;
    this.windowMs = windowMs;
    this.now = now;
  }
  maxRestarts;
  windowMs;
  now;
  crashes = [];
  /** Records a crash; true = restart the server, false = give up. */
  onCrash() {
    const t = this.now();
    this.crashes.push(t);
    while (this.crashes.length > 0 && t - this.crashes[0] > this.windowMs) {
      this.crashes.shift();
    }
    return this.crashes.length <= this.maxRestarts;
  }
  get recentCrashes() {
    return this.crashes.length;
  }
  reset() {
    this.crashes.length = 0;
  }
};

// test/unit/notify.test.ts
(0, import_node_test.test)("one notification per error episode, until the server is ready again", () => {
  let now = 0;
  const gate = new ErrorNotificationGate(() => now, 6e4);
  assert.equal(gate.onState("loading"), false);
  assert.equal(gate.onState("error", "model missing"), true);
  assert.equal(gate.onState("error", "model missing"), false, "same message again");
  assert.equal(gate.onState("error", "another failure"), false, "different message, same episode");
  assert.equal(gate.onState("loading"), false);
  assert.equal(gate.onState("error", "third"), false, "loading does not end the episode");
  now = 10 * 6e4;
  assert.equal(gate.onState("ready"), false);
  assert.equal(gate.onState("error", "new problem"), true, "after ready a new error shows");
});
(0, import_node_test.test)("the same message is not repeated soon, even across ready", () => {
  let now = 0;
  const gate = new ErrorNotificationGate(() => now, 6e4);
  assert.equal(gate.onState("error", "flaky"), true);
  gate.onState("ready");
  now = 3e4;
  assert.equal(gate.onState("error", "flaky"), false, "within the window");
  gate.onState("ready");
  now = 12e4;
  assert.equal(gate.onState("error", "flaky"), true, "after the window");
});
(0, import_node_test.test)("a storm of errors gives one notification", () => {
  const gate = new ErrorNotificationGate(() => 0);
  let shown = 0;
  for (let i = 0; i < 100; i++) {
    if (gate.onState("error", `failure ${i % 7}`)) {
      shown++;
    }
  }
  assert.equal(shown, 1);
});
(0, import_node_test.test)("reset lets the next error show", () => {
  const gate = new ErrorNotificationGate(() => 0);
  assert.equal(gate.onState("error", "x"), true);
  gate.reset();
  assert.equal(gate.onState("error", "x"), true);
});
(0, import_node_test.test)("restart policy gives up after too many crashes in the window", () => {
  let now = 0;
  const p = new RestartPolicy(3, 18e4, () => now);
  assert.equal(p.onCrash(), true);
  now += 1e3;
  assert.equal(p.onCrash(), true);
  now += 1e3;
  assert.equal(p.onCrash(), true);
  now += 1e3;
  assert.equal(p.onCrash(), false);
  assert.equal(p.recentCrashes, 4);
  now += 10 * 6e4;
  assert.equal(p.onCrash(), true, "old crashes expire");
  p.reset();
  assert.equal(p.recentCrashes, 0);
});
//# sourceMappingURL=data:application/json;base64,ewogICJ2ZXJzaW9uIjogMywKICAic291cmNlcyI6IFsiLi4vLi4vdGVzdC91bml0L25vdGlmeS50ZXN0LnRzIiwgIi4uLy4uL3NyYy9jb3JlL25vdGlmeS50cyJdLAogICJzb3VyY2VzQ29udGVudCI6IFsiaW1wb3J0IHsgdGVzdCB9IGZyb20gJ25vZGU6dGVzdCc7XG5pbXBvcnQgKiBhcyBhc3NlcnQgZnJvbSAnbm9kZTphc3NlcnQvc3RyaWN0JztcbmltcG9ydCB7IEVycm9yTm90aWZpY2F0aW9uR2F0ZSwgUmVzdGFydFBvbGljeSB9IGZyb20gJy4uLy4uL3NyYy9jb3JlL25vdGlmeSc7XG5cbnRlc3QoJ29uZSBub3RpZmljYXRpb24gcGVyIGVycm9yIGVwaXNvZGUsIHVudGlsIHRoZSBzZXJ2ZXIgaXMgcmVhZHkgYWdhaW4nLCAoKSA9PiB7XG4gIGxldCBub3cgPSAwO1xuICBjb25zdCBnYXRlID0gbmV3IEVycm9yTm90aWZpY2F0aW9uR2F0ZSgoKSA9PiBub3csIDYwXzAwMCk7XG4gIGFzc2VydC5lcXVhbChnYXRlLm9uU3RhdGUoJ2xvYWRpbmcnKSwgZmFsc2UpO1xuICBhc3NlcnQuZXF1YWwoZ2F0ZS5vblN0YXRlKCdlcnJvcicsICdtb2RlbCBtaXNzaW5nJyksIHRydWUpO1xuICBhc3NlcnQuZXF1YWwoZ2F0ZS5vblN0YXRlKCdlcnJvcicsICdtb2RlbCBtaXNzaW5nJyksIGZhbHNlLCAnc2FtZSBtZXNzYWdlIGFnYWluJyk7XG4gIGFzc2VydC5lcXVhbChnYXRlLm9uU3RhdGUoJ2Vycm9yJywgJ2Fub3RoZXIgZmFpbHVyZScpLCBmYWxzZSwgJ2RpZmZlcmVudCBtZXNzYWdlLCBzYW1lIGVwaXNvZGUnKTtcbiAgYXNzZXJ0LmVxdWFsKGdhdGUub25TdGF0ZSgnbG9hZGluZycpLCBmYWxzZSk7XG4gIGFzc2VydC5lcXVhbChnYXRlLm9uU3RhdGUoJ2Vycm9yJywgJ3RoaXJkJyksIGZhbHNlLCAnbG9hZGluZyBkb2VzIG5vdCBlbmQgdGhlIGVwaXNvZGUnKTtcbiAgbm93ID0gMTAgKiA2MF8wMDA7XG4gIGFzc2VydC5lcXVhbChnYXRlLm9uU3RhdGUoJ3JlYWR5JyksIGZhbHNlKTtcbiAgYXNzZXJ0LmVxdWFsKGdhdGUub25TdGF0ZSgnZXJyb3InLCAnbmV3IHByb2JsZW0nKSwgdHJ1ZSwgJ2FmdGVyIHJlYWR5IGEgbmV3IGVycm9yIHNob3dzJyk7XG59KTtcblxudGVzdCgndGhlIHNhbWUgbWVzc2FnZSBpcyBub3QgcmVwZWF0ZWQgc29vbiwgZXZlbiBhY3Jvc3MgcmVhZHknLCAoKSA9PiB7XG4gIGxldCBub3cgPSAwO1xuICBjb25zdCBnYXRlID0gbmV3IEVycm9yTm90aWZpY2F0aW9uR2F0ZSgoKSA9PiBub3csIDYwXzAwMCk7XG4gIGFzc2VydC5lcXVhbChnYXRlLm9uU3RhdGUoJ2Vycm9yJywgJ2ZsYWt5JyksIHRydWUpO1xuICBnYXRlLm9uU3RhdGUoJ3JlYWR5Jyk7XG4gIG5vdyA9IDMwXzAwMDtcbiAgYXNzZXJ0LmVxdWFsKGdhdGUub25TdGF0ZSgnZXJyb3InLCAnZmxha3knKSwgZmFsc2UsICd3aXRoaW4gdGhlIHdpbmRvdycpO1xuICBnYXRlLm9uU3RhdGUoJ3JlYWR5Jyk7XG4gIG5vdyA9IDEyMF8wMDA7XG4gIGFzc2VydC5lcXVhbChnYXRlLm9uU3RhdGUoJ2Vycm9yJywgJ2ZsYWt5JyksIHRydWUsICdhZnRlciB0aGUgd2luZG93Jyk7XG59KTtcblxudGVzdCgnYSBzdG9ybSBvZiBlcnJvcnMgZ2l2ZXMgb25lIG5vdGlmaWNhdGlvbicsICgpID0+IHtcbiAgY29uc3QgZ2F0ZSA9IG5ldyBFcnJvck5vdGlmaWNhdGlvbkdhdGUoKCkgPT4gMCk7XG4gIGxldCBzaG93biA9IDA7XG4gIGZvciAobGV0IGkgPSAwOyBpIDwgMTAwOyBpKyspIHtcbiAgICBpZiAoZ2F0ZS5vblN0YXRlKCdlcnJvcicsIGBmYWlsdXJlICR7aSAlIDd9YCkpIHtcbiAgICAgIHNob3duKys7XG4gICAgfVxuICB9XG4gIGFzc2VydC5lcXVhbChzaG93biwgMSk7XG59KTtcblxudGVzdCgncmVzZXQgbGV0cyB0aGUgbmV4dCBlcnJvciBzaG93JywgKCkgPT4ge1xuICBjb25zdCBnYXRlID0gbmV3IEVycm9yTm90aWZpY2F0aW9uR2F0ZSgoKSA9PiAwKTtcbiAgYXNzZXJ0LmVxdWFsKGdhdGUub25TdGF0ZSgnZXJyb3InLCAneCcpLCB0cnVlKTtcbiAgZ2F0ZS5yZXNldCgpO1xuICBhc3NlcnQuZXF1YWwoZ2F0ZS5vblN0YXRlKCdlcnJvcicsICd4JyksIHRydWUpO1xufSk7XG5cbnRlc3QoJ3Jlc3RhcnQgcG9saWN5IGdpdmVzIHVwIGFmdGVyIHRvbyBtYW55IGNyYXNoZXMgaW4gdGhlIHdpbmRvdycsICgpID0+IHtcbiAgbGV0IG5vdyA9IDA7XG4gIGNvbnN0IHAgPSBuZXcgUmVzdGFydFBvbGljeSgzLCAxODBfMDAwLCAoKSA9PiBub3cpO1xuICBhc3NlcnQuZXF1YWwocC5vbkNyYXNoKCksIHRydWUpO1xuICBub3cgKz0gMTAwMDtcbiAgYXNzZXJ0LmVxdWFsKHAub25DcmFzaCgpLCB0cnVlKTtcbiAgbm93ICs9IDEwMDA7XG4gIGFzc2VydC5lcXVhbChwLm9uQ3Jhc2goKSwgdHJ1ZSk7XG4gIG5vdyArPSAxMDAwO1xuICBhc3NlcnQuZXF1YWwocC5vbkNyYXNoKCksIGZhbHNlKTtcbiAgYXNzZXJ0LmVxdWFsKHAucmVjZW50Q3Jhc2hlcywgNCk7XG4gIG5vdyArPSAxMCAqIDYwXzAwMDtcbiAgYXNzZXJ0LmVxdWFsKHAub25DcmFzaCgpLCB0cnVlLCAnb2xkIGNyYXNoZXMgZXhwaXJlJyk7XG4gIHAucmVzZXQoKTtcbiAgYXNzZXJ0LmVxdWFsKHAucmVjZW50Q3Jhc2hlcywgMCk7XG59KTtcbiIsICIvLyBLZWVwcyBlcnJvciBub3RpZmljYXRpb25zIGZyb20gYmVjb21pbmcgYSBzdG9ybS4gTm8gYHZzY29kZWAgaW1wb3J0ICh1bml0LXRlc3RlZCB1bmRlciBub2RlKS5cbmltcG9ydCB0eXBlIHsgRGlzcGxheVN0YXRlIH0gZnJvbSAnLi9zdGF0dXMnO1xuXG4vKipcbiAqIERlY2lkZXMgd2hldGhlciBhbiBlcnJvciBzaG91bGQgcmFpc2UgYSBub3RpZmljYXRpb246IGF0IG1vc3Qgb25lIHVudGlsIHRoZSBzZXJ2ZXIgcmVwb3J0c1xuICogYHJlYWR5YCBhZ2FpbiwgYW5kIHRoZSBzYW1lIG1lc3NhZ2Ugbm90IGFnYWluIHdpdGhpbiBgcmVwZWF0V2luZG93TXNgIGV2ZW4gYWNyb3NzIGByZWFkeWBcbiAqIChhIHNlcnZlciB0aGF0IGZsYXBzIGJldHdlZW4gcmVhZHkgYW5kIGVycm9yIHNob3dzIGl0cyBlcnJvciBvbmNlKS5cbiAqL1xuZXhwb3J0IGNsYXNzIEVycm9yTm90aWZpY2F0aW9uR2F0ZSB7XG4gIHByaXZhdGUgc2hvd25TaW5jZVJlYWR5ID0gZmFsc2U7XG4gIHByaXZhdGUgcmVhZG9ubHkgbGFzdFNob3duID0gbmV3IE1hcDxzdHJpbmcsIG51bWJlcj4oKTtcblxuICBjb25zdHJ1Y3RvcihcbiAgICBwcml2YXRlIHJlYWRvbmx5IG5vdzogKCkgPT4gbnVtYmVyID0gRGF0ZS5ub3csXG4gICAgcHJpdmF0ZSByZWFkb25seSByZXBlYXRXaW5kb3dNcyA9IDUgKiA2MF8wMDAsXG4gICkge31cblxuICAvKiogQ2FsbCBvbiBldmVyeSBzdGF0ZSBjaGFuZ2U7IHJldHVybnMgdHJ1ZSB3aGVuIGEgbm90aWZpY2F0aW9uIHNob3VsZCBiZSBzaG93biBmb3IgaXQuICovXG4gIG9uU3RhdGUoc3RhdGU6IERpc3BsYXlTdGF0ZSwgbWVzc2FnZT86IHN0cmluZyk6IGJvb2xlYW4ge1xuICAgIGlmIChzdGF0ZSA9PT0gJ3JlYWR5Jykge1xuICAgICAgdGhpcy5zaG93blNpbmNlUmVhZHkgPSBmYWxzZTtcbiAgICAgIHJldHVybiBmYWxzZTtcbiAgICB9XG4gICAgaWYgKHN0YXRlICE9PSAnZXJyb3InKSB7XG4gICAgICByZXR1cm4gZmFsc2U7XG4gICAgfVxuICAgIGlmICh0aGlzLnNob3duU2luY2VSZWFkeSkge1xuICAgICAgcmV0dXJuIGZhbHNlO1xuICAgIH1cbiAgICBjb25zdCBrZXkgPSAobWVzc2FnZSA/PyAnJykudHJpbSgpO1xuICAgIGNvbnN0IHQgPSB0aGlzLm5vdygpO1xuICAgIGNvbnN0IGxhc3QgPSB0aGlzLmxhc3RTaG93bi5nZXQoa2V5KTtcbiAgICBpZiAobGFzdCAhPT0gdW5kZWZpbmVkICYmIHQgLSBsYXN0IDwgdGhpcy5yZXBlYXRXaW5kb3dNcykge1xuICAgICAgcmV0dXJuIGZhbHNlO1xuICAgIH1cbiAgICB0aGlzLmxhc3RTaG93bi5zZXQoa2V5LCB0KTtcbiAgICB0aGlzLnNob3duU2luY2VSZWFkeSA9IHRydWU7XG4gICAgcmV0dXJuIHRydWU7XG4gIH1cblxuICAvKiogRm9yZ2V0IGV2ZXJ5dGhpbmcgKGUuZy4gYWZ0ZXIgdGhlIHVzZXIgcmVzdGFydGVkIHRoZSBzZXJ2ZXIgb24gcHVycG9zZSkuICovXG4gIHJlc2V0KCk6IHZvaWQge1xuICAgIHRoaXMuc2hvd25TaW5jZVJlYWR5ID0gZmFsc2U7XG4gICAgdGhpcy5sYXN0U2hvd24uY2xlYXIoKTtcbiAgfVxufVxuXG4vKipcbiAqIFdoZW4gdGhlIHNlcnZlciBwcm9jZXNzIGRpZXM6IHJlc3RhcnQgaXQsIHVubGVzcyBpdCBkaWVkIGBtYXhSZXN0YXJ0c2AgdGltZXMgd2l0aGluIGB3aW5kb3dNc2AuXG4gKi9cbmV4cG9ydCBjbGFzcyBSZXN0YXJ0UG9saWN5IHtcbiAgcHJpdmF0ZSByZWFkb25seSBjcmFzaGVzOiBudW1iZXJbXSA9IFtdO1xuXG4gIGNvbnN0cnVjdG9yKFxuICAgIHByaXZhdGUgcmVhZG9ubHkgbWF4UmVzdGFydHMgPSAzLFxuICAgIHByaXZhdGUgcmVhZG9ubHkgd2luZG93TXMgPSAzICogNjBfMDAwLFxuICAgIHByaXZhdGUgcmVhZG9ubHkgbm93OiAoKSA9PiBudW1iZXIgPSBEYXRlLm5vdyxcbiAgKSB7fVxuXG4gIC8qKiBSZWNvcmRzIGEgY3Jhc2g7IHRydWUgPSByZXN0YXJ0IHRoZSBzZXJ2ZXIsIGZhbHNlID0gZ2l2ZSB1cC4gKi9cbiAgb25DcmFzaCgpOiBib29sZWFuIHtcbiAgICBjb25zdCB0ID0gdGhpcy5ub3coKTtcbiAgICB0aGlzLmNyYXNoZXMucHVzaCh0KTtcbiAgICB3aGlsZSAodGhpcy5jcmFzaGVzLmxlbmd0aCA+IDAgJiYgdCAtIHRoaXMuY3Jhc2hlc1swXSA+IHRoaXMud2luZG93TXMpIHtcbiAgICAgIHRoaXMuY3Jhc2hlcy5zaGlmdCgpO1xuICAgIH1cbiAgICByZXR1cm4gdGhpcy5jcmFzaGVzLmxlbmd0aCA8PSB0aGlzLm1heFJlc3RhcnRzO1xuICB9XG5cbiAgZ2V0IHJlY2VudENyYXNoZXMoKTogbnVtYmVyIHtcbiAgICByZXR1cm4gdGhpcy5jcmFzaGVzLmxlbmd0aDtcbiAgfVxuXG4gIHJlc2V0KCk6IHZvaWQge1xuICAgIHRoaXMuY3Jhc2hlcy5sZW5ndGggPSAwO1xuICB9XG59XG4iXSwKICAibWFwcGluZ3MiOiAiOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7O0FBQUEsdUJBQXFCO0FBQ3JCLGFBQXdCOzs7QUNPakIsSUFBTSx3QkFBTixNQUE0QjtBQUFBLEVBSWpDLFlBQ21CLE1BQW9CLEtBQUssS0FDekIsaUJBQWlCLElBQUksS0FDdEM7QUFGaUI7QUFDQTtBQUFBLEVBQ2hCO0FBQUEsRUFGZ0I7QUFBQSxFQUNBO0FBQUEsRUFMWCxrQkFBa0I7QUFBQSxFQUNULFlBQVksb0JBQUksSUFBb0I7QUFBQTtBQUFBLEVBUXJELFFBQVEsT0FBcUIsU0FBMkI7QUFDdEQsUUFBSSxVQUFVLFNBQVM7QUFDckIsV0FBSyxrQkFBa0I7QUFDdkIsYUFBTztBQUFBLElBQ1Q7QUFDQSxRQUFJLFVBQVUsU0FBUztBQUNyQixhQUFPO0FBQUEsSUFDVDtBQUNBLFFBQUksS0FBSyxpQkFBaUI7QUFDeEIsYUFBTztBQUFBLElBQ1Q7QUFDQSxVQUFNLE9BQU8sV0FBVyxJQUFJLEtBQUs7QUFDakMsVUFBTSxJQUFJLEtBQUssSUFBSTtBQUNuQixVQUFNLE9BQU8sS0FBSyxVQUFVLElBQUksR0FBRztBQUNuQyxRQUFJLFNBQVMsVUFBYSxJQUFJLE9BQU8sS0FBSyxnQkFBZ0I7QUFDeEQsYUFBTztBQUFBLElBQ1Q7QUFDQSxTQUFLLFVBQVUsSUFBSSxLQUFLLENBQUM7QUFDekIsU0FBSyxrQkFBa0I7QUFDdkIsV0FBTztBQUFBLEVBQ1Q7QUFBQTtBQUFBLEVBR0EsUUFBYztBQUNaLFNBQUssa0JBQWtCO0FBQ3ZCLFNBQUssVUFBVSxNQUFNO0FBQUEsRUFDdkI7QUFDRjtBQUtPLElBQU0sZ0JBQU4sTUFBb0I7QUFBQSxFQUd6QixZQUNtQixjQUFjLEdBQ2QsV0FBVyxJQUFJLEtBQ2YsTUFBb0IsS0FBSyxLQUMxQztBQUhpQjtBQUNBO0FBQ0E7QUFBQSxFQUNoQjtBQUFBLEVBSGdCO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUxGLFVBQW9CLENBQUM7QUFBQTtBQUFBLEVBU3RDLFVBQW1CO0FBQ2pCLFVBQU0sSUFBSSxLQUFLLElBQUk7QUFDbkIsU0FBSyxRQUFRLEtBQUssQ0FBQztBQUNuQixXQUFPLEtBQUssUUFBUSxTQUFTLEtBQUssSUFBSSxLQUFLLFFBQVEsQ0FBQyxJQUFJLEtBQUssVUFBVTtBQUNyRSxXQUFLLFFBQVEsTUFBTTtBQUFBLElBQ3JCO0FBQ0EsV0FBTyxLQUFLLFFBQVEsVUFBVSxLQUFLO0FBQUEsRUFDckM7QUFBQSxFQUVBLElBQUksZ0JBQXdCO0FBQzFCLFdBQU8sS0FBSyxRQUFRO0FBQUEsRUFDdEI7QUFBQSxFQUVBLFFBQWM7QUFDWixTQUFLLFFBQVEsU0FBUztBQUFBLEVBQ3hCO0FBQ0Y7OztJRHhFQSx1QkFBSyx1RUFBdUUsTUFBTTtBQUNoRixNQUFJLE1BQU07QUFDVixRQUFNLE9BQU8sSUFBSSxzQkFBc0IsTUFBTSxLQUFLLEdBQU07QUFDeEQsRUFBTyxhQUFNLEtBQUssUUFBUSxTQUFTLEdBQUcsS0FBSztBQUMzQyxFQUFPLGFBQU0sS0FBSyxRQUFRLFNBQVMsZUFBZSxHQUFHLElBQUk7QUFDekQsRUFBTyxhQUFNLEtBQUssUUFBUSxTQUFTLGVBQWUsR0FBRyxPQUFPLG9CQUFvQjtBQUNoRixFQUFPLGFBQU0sS0FBSyxRQUFRLFNBQVMsaUJBQWlCLEdBQUcsT0FBTyxpQ0FBaUM7QUFDL0YsRUFBTyxhQUFNLEtBQUssUUFBUSxTQUFTLEdBQUcsS0FBSztBQUMzQyxFQUFPLGFBQU0sS0FBSyxRQUFRLFNBQVMsT0FBTyxHQUFHLE9BQU8sa0NBQWtDO0FBQ3RGLFFBQU0sS0FBSztBQUNYLEVBQU8sYUFBTSxLQUFLLFFBQVEsT0FBTyxHQUFHLEtBQUs7QUFDekMsRUFBTyxhQUFNLEtBQUssUUFBUSxTQUFTLGFBQWEsR0FBRyxNQUFNLCtCQUErQjtBQUMxRixDQUFDO0FBQUEsSUFFRCx1QkFBSyw0REFBNEQsTUFBTTtBQUNyRSxNQUFJLE1BQU07QUFDVixRQUFNLE9BQU8sSUFBSSxzQkFBc0IsTUFBTSxLQUFLLEdBQU07QUFDeEQsRUFBTyxhQUFNLEtBQUssUUFBUSxTQUFTLE9BQU8sR0FBRyxJQUFJO0FBQ2pELE9BQUssUUFBUSxPQUFPO0FBQ3BCLFFBQU07QUFDTixFQUFPLGFBQU0sS0FBSyxRQUFRLFNBQVMsT0FBTyxHQUFHLE9BQU8sbUJBQW1CO0FBQ3ZFLE9BQUssUUFBUSxPQUFPO0FBQ3BCLFFBQU07QUFDTixFQUFPLGFBQU0sS0FBSyxRQUFRLFNBQVMsT0FBTyxHQUFHLE1BQU0sa0JBQWtCO0FBQ3ZFLENBQUM7QUFBQSxJQUVELHVCQUFLLDRDQUE0QyxNQUFNO0FBQ3JELFFBQU0sT0FBTyxJQUFJLHNCQUFzQixNQUFNLENBQUM7QUFDOUMsTUFBSSxRQUFRO0FBQ1osV0FBUyxJQUFJLEdBQUcsSUFBSSxLQUFLLEtBQUs7QUFDNUIsUUFBSSxLQUFLLFFBQVEsU0FBUyxXQUFXLElBQUksQ0FBQyxFQUFFLEdBQUc7QUFDN0M7QUFBQSxJQUNGO0FBQUEsRUFDRjtBQUNBLEVBQU8sYUFBTSxPQUFPLENBQUM7QUFDdkIsQ0FBQztBQUFBLElBRUQsdUJBQUssa0NBQWtDLE1BQU07QUFDM0MsUUFBTSxPQUFPLElBQUksc0JBQXNCLE1BQU0sQ0FBQztBQUM5QyxFQUFPLGFBQU0sS0FBSyxRQUFRLFNBQVMsR0FBRyxHQUFHLElBQUk7QUFDN0MsT0FBSyxNQUFNO0FBQ1gsRUFBTyxhQUFNLEtBQUssUUFBUSxTQUFTLEdBQUcsR0FBRyxJQUFJO0FBQy9DLENBQUM7QUFBQSxJQUVELHVCQUFLLGdFQUFnRSxNQUFNO0FBQ3pFLE1BQUksTUFBTTtBQUNWLFFBQU0sSUFBSSxJQUFJLGNBQWMsR0FBRyxNQUFTLE1BQU0sR0FBRztBQUNqRCxFQUFPLGFBQU0sRUFBRSxRQUFRLEdBQUcsSUFBSTtBQUM5QixTQUFPO0FBQ1AsRUFBTyxhQUFNLEVBQUUsUUFBUSxHQUFHLElBQUk7QUFDOUIsU0FBTztBQUNQLEVBQU8sYUFBTSxFQUFFLFFBQVEsR0FBRyxJQUFJO0FBQzlCLFNBQU87QUFDUCxFQUFPLGFBQU0sRUFBRSxRQUFRLEdBQUcsS0FBSztBQUMvQixFQUFPLGFBQU0sRUFBRSxlQUFlLENBQUM7QUFDL0IsU0FBTyxLQUFLO0FBQ1osRUFBTyxhQUFNLEVBQUUsUUFBUSxHQUFHLE1BQU0sb0JBQW9CO0FBQ3BELElBQUUsTUFBTTtBQUNSLEVBQU8sYUFBTSxFQUFFLGVBQWUsQ0FBQztBQUNqQyxDQUFDOyIsCiAgIm5hbWVzIjogW10KfQo=
