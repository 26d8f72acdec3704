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

// test/unit/debounce.test.ts
var import_node_test = require("node:test");
var assert = __toESM(require("node:assert/strict"));

// src/core/debounce.ts
var realTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h)
};
var Debouncer = class {
  constructor(timers = realTimers) {
    this.timers = timers;
  }
  timers;
  generation = 0;
  pending;
  /** Resolves true when the caller should send its request, false when it was cancelled or superseded. */
  wait(delayMs, token) {
    this.pending?.settle(false);
    this.pending = void 0;
    const generation = ++this.generation;
    if (token?.isCancellationRequested) {
      return Promise.resolve(false);
    }
    if (!(delayMs > 0)) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      let done = false;
      let subscription;
      const settle = (proceed) => {
        if (done) {
          return;
        }
        done = true;
        this.timers.clearTimeout(handle);
        subscription?.dispose();
        if (this.pending === entry) {
          this.pending = void 0;
        }
        resolve(proceed && generation === this.generation && !token?.isCancellationRequested);
      };
      const entry = { settle };
      const handle = this.timers.setTimeout(() => settle(true), delayMs);
      subscription = token?.onCancellationRequested(() => settle(false));
      if (done) {
        subscription?.dispose();
      } else {
        this.pending = entry;
      }
    });
  }
  /** Ends the wait in progress, if any, with `false`. */
  cancelPending() {
    this.pending?.settle(false);
    this.pending = void 0;
    this.generation++;
  }
};

// test/unit/debounce.test.ts
var FakeTimers = class {
  now = 0;
  nextId = 1;
  timers = /* @__PURE__ */ new Map();
  setTimeout(fn, ms) {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle) {
    this.timers.delete(handle);
  }
  get active() {
    return this.timers.size;
  }
  async advance(ms) {
    this.now += ms;
    for (const [id, t] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= this.now && this.timers.has(id)) {
        this.timers.delete(id);
        t.fn();
      }
    }
    await new Promise((r) => setImmediate(r));
  }
};
var Token = class {
  isCancellationRequested = false;
  listeners = [];
  subscriptions = 0;
  onCancellationRequested(listener) {
    this.listeners.push(listener);
    this.subscriptions++;
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        this.subscriptions--;
      }
    };
  }
  cancel() {
    this.isCancellationRequested = true;
    for (const l of this.listeners) {
      l();
    }
  }
};
function track(p) {
  const box = {};
  void p.then((v) => box.value = v);
  return box;
}
(0, import_node_test.test)("proceeds after the delay, not before", async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const r = track(d.wait(75, new Token()));
  await timers.advance(74);
  assert.equal(r.value, void 0);
  await timers.advance(1);
  assert.equal(r.value, true);
  assert.equal(timers.active, 0);
});
(0, import_node_test.test)("a cancelled request ends at once and never proceeds", async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const token = new Token();
  const r = track(d.wait(75, token));
  await timers.advance(10);
  token.cancel();
  await timers.advance(0);
  assert.equal(r.value, false);
  assert.equal(timers.active, 0, "timer cleared");
  assert.equal(token.subscriptions, 0, "listener disposed");
  await timers.advance(1e3);
  assert.equal(r.value, false);
});
(0, import_node_test.test)("a token cancelled before the wait starts never proceeds (even with no delay)", async () => {
  const d = new Debouncer(new FakeTimers());
  const token = new Token();
  token.cancel();
  assert.equal(await d.wait(75, token), false);
  assert.equal(await d.wait(0, token), false);
});
(0, import_node_test.test)("a newer request supersedes the waiting one, even if nobody cancels it", async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const first = track(d.wait(75, new Token()));
  await timers.advance(50);
  const second = track(d.wait(75, new Token()));
  await timers.advance(0);
  assert.equal(first.value, false);
  await timers.advance(74);
  assert.equal(second.value, void 0);
  await timers.advance(1);
  assert.equal(second.value, true);
});
(0, import_node_test.test)("typing burst: only the last of many requests proceeds", async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const results = [];
  let previous;
  for (let i = 0; i < 10; i++) {
    previous?.cancel();
    previous = new Token();
    results.push(track(d.wait(75, previous)));
    await timers.advance(30);
  }
  await timers.advance(100);
  assert.deepEqual(
    results.map((r) => r.value),
    [...Array(9).fill(false), true]
  );
});
(0, import_node_test.test)("zero delay proceeds immediately (explicit trigger)", async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const waiting = track(d.wait(75, new Token()));
  assert.equal(await d.wait(0, new Token()), true);
  await timers.advance(0);
  assert.equal(waiting.value, false, "the explicit request supersedes the waiting one");
});
(0, import_node_test.test)("cancelPending ends the waiting request", async () => {
  const timers = new FakeTimers();
  const d = new Debouncer(timers);
  const r = track(d.wait(75));
  d.cancelPending();
  await timers.advance(100);
  assert.equal(r.value, false);
});
(0, import_node_test.test)("works with real timers", async () => {
  const d = new Debouncer();
  const t0 = Date.now();
  assert.equal(await d.wait(20, new Token()), true);
  assert.ok(Date.now() - t0 >= 15);
});
//# sourceMappingURL=data:application/json;base64,ewogICJ2ZXJzaW9uIjogMywKICAic291cmNlcyI6IFsiLi4vLi4vdGVzdC91bml0L2RlYm91bmNlLnRlc3QudHMiLCAiLi4vLi4vc3JjL2NvcmUvZGVib3VuY2UudHMiXSwKICAic291cmNlc0NvbnRlbnQiOiBbImltcG9ydCB7IHRlc3QgfSBmcm9tICdub2RlOnRlc3QnO1xuaW1wb3J0ICogYXMgYXNzZXJ0IGZyb20gJ25vZGU6YXNzZXJ0L3N0cmljdCc7XG5pbXBvcnQgeyBDYW5jZWxsYXRpb25MaWtlLCBEZWJvdW5jZXIsIFRpbWVycyB9IGZyb20gJy4uLy4uL3NyYy9jb3JlL2RlYm91bmNlJztcblxuLyoqIE1hbnVhbCBjbG9jazogdGltZXJzIGZpcmUgb25seSB3aGVuIGFkdmFuY2UoKSBwYXNzZXMgdGhlbS4gKi9cbmNsYXNzIEZha2VUaW1lcnMgaW1wbGVtZW50cyBUaW1lcnMge1xuICBub3cgPSAwO1xuICBwcml2YXRlIG5leHRJZCA9IDE7XG4gIHByaXZhdGUgcmVhZG9ubHkgdGltZXJzID0gbmV3IE1hcDxudW1iZXIsIHsgYXQ6IG51bWJlcjsgZm46ICgpID0+IHZvaWQgfT4oKTtcbiAgc2V0VGltZW91dChmbjogKCkgPT4gdm9pZCwgbXM6IG51bWJlcik6IHVua25vd24ge1xuICAgIGNvbnN0IGlkID0gdGhpcy5uZXh0SWQrKztcbiAgICB0aGlzLnRpbWVycy5zZXQoaWQsIHsgYXQ6IHRoaXMubm93ICsgbXMsIGZuIH0pO1xuICAgIHJldHVybiBpZDtcbiAgfVxuICBjbGVhclRpbWVvdXQoaGFuZGxlOiB1bmtub3duKTogdm9pZCB7XG4gICAgdGhpcy50aW1lcnMuZGVsZXRlKGhhbmRsZSBhcyBudW1iZXIpO1xuICB9XG4gIGdldCBhY3RpdmUoKTogbnVtYmVyIHtcbiAgICByZXR1cm4gdGhpcy50aW1lcnMuc2l6ZTtcbiAgfVxuICBhc3luYyBhZHZhbmNlKG1zOiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgICB0aGlzLm5vdyArPSBtcztcbiAgICBmb3IgKGNvbnN0IFtpZCwgdF0gb2YgWy4uLnRoaXMudGltZXJzXS5zb3J0KChhLCBiKSA9PiBhWzFdLmF0IC0gYlsxXS5hdCkpIHtcbiAgICAgIGlmICh0LmF0IDw9IHRoaXMubm93ICYmIHRoaXMudGltZXJzLmhhcyhpZCkpIHtcbiAgICAgICAgdGhpcy50aW1lcnMuZGVsZXRlKGlkKTtcbiAgICAgICAgdC5mbigpO1xuICAgICAgfVxuICAgIH1cbiAgICBhd2FpdCBuZXcgUHJvbWlzZSgocikgPT4gc2V0SW1tZWRpYXRlKHIpKTtcbiAgfVxufVxuXG5jbGFzcyBUb2tlbiBpbXBsZW1lbnRzIENhbmNlbGxhdGlvbkxpa2Uge1xuICBpc0NhbmNlbGxhdGlvblJlcXVlc3RlZCA9IGZhbHNlO1xuICBwcml2YXRlIGxpc3RlbmVyczogKCgpID0+IHVua25vd24pW10gPSBbXTtcbiAgc3Vic2NyaXB0aW9ucyA9IDA7XG4gIG9uQ2FuY2VsbGF0aW9uUmVxdWVzdGVkKGxpc3RlbmVyOiAoKSA9PiB1bmtub3duKSB7XG4gICAgdGhpcy5saXN0ZW5lcnMucHVzaChsaXN0ZW5lcik7XG4gICAgdGhpcy5zdWJzY3JpcHRpb25zKys7XG4gICAgcmV0dXJuIHtcbiAgICAgIGRpc3Bvc2U6ICgpID0+IHtcbiAgICAgICAgdGhpcy5saXN0ZW5lcnMgPSB0aGlzLmxpc3RlbmVycy5maWx0ZXIoKGwpID0+IGwgIT09IGxpc3RlbmVyKTtcbiAgICAgICAgdGhpcy5zdWJzY3JpcHRpb25zLS07XG4gICAgICB9LFxuICAgIH07XG4gIH1cbiAgY2FuY2VsKCk6IHZvaWQge1xuICAgIHRoaXMuaXNDYW5jZWxsYXRpb25SZXF1ZXN0ZWQgPSB0cnVlO1xuICAgIGZvciAoY29uc3QgbCBvZiB0aGlzLmxpc3RlbmVycykge1xuICAgICAgbCgpO1xuICAgIH1cbiAgfVxufVxuXG4vKiogVHJhY2tzIGEgcHJvbWlzZSdzIG91dGNvbWUgd2l0aG91dCBhd2FpdGluZyBpdC4gKi9cbmZ1bmN0aW9uIHRyYWNrKHA6IFByb21pc2U8Ym9vbGVhbj4pOiB7IHZhbHVlPzogYm9vbGVhbiB9IHtcbiAgY29uc3QgYm94OiB7IHZhbHVlPzogYm9vbGVhbiB9ID0ge307XG4gIHZvaWQgcC50aGVuKCh2KSA9PiAoYm94LnZhbHVlID0gdikpO1xuICByZXR1cm4gYm94O1xufVxuXG50ZXN0KCdwcm9jZWVkcyBhZnRlciB0aGUgZGVsYXksIG5vdCBiZWZvcmUnLCBhc3luYyAoKSA9PiB7XG4gIGNvbnN0IHRpbWVycyA9IG5ldyBGYWtlVGltZXJzKCk7XG4gIGNvbnN0IGQgPSBuZXcgRGVib3VuY2VyKHRpbWVycyk7XG4gIGNvbnN0IHIgPSB0cmFjayhkLndhaXQoNzUsIG5ldyBUb2tlbigpKSk7XG4gIGF3YWl0IHRpbWVycy5hZHZhbmNlKDc0KTtcbiAgYXNzZXJ0LmVxdWFsKHIudmFsdWUsIHVuZGVmaW5lZCk7XG4gIGF3YWl0IHRpbWVycy5hZHZhbmNlKDEpO1xuICBhc3NlcnQuZXF1YWwoci52YWx1ZSwgdHJ1ZSk7XG4gIGFzc2VydC5lcXVhbCh0aW1lcnMuYWN0aXZlLCAwKTtcbn0pO1xuXG50ZXN0KCdhIGNhbmNlbGxlZCByZXF1ZXN0IGVuZHMgYXQgb25jZSBhbmQgbmV2ZXIgcHJvY2VlZHMnLCBhc3luYyAoKSA9PiB7XG4gIGNvbnN0IHRpbWVycyA9IG5ldyBGYWtlVGltZXJzKCk7XG4gIGNvbnN0IGQgPSBuZXcgRGVib3VuY2VyKHRpbWVycyk7XG4gIGNvbnN0IHRva2VuID0gbmV3IFRva2VuKCk7XG4gIGNvbnN0IHIgPSB0cmFjayhkLndhaXQoNzUsIHRva2VuKSk7XG4gIGF3YWl0IHRpbWVycy5hZHZhbmNlKDEwKTtcbiAgdG9rZW4uY2FuY2VsKCk7XG4gIGF3YWl0IHRpbWVycy5hZHZhbmNlKDApO1xuICBhc3NlcnQuZXF1YWwoci52YWx1ZSwgZmFsc2UpO1xuICBhc3NlcnQuZXF1YWwodGltZXJzLmFjdGl2ZSwgMCwgJ3RpbWVyIGNsZWFyZWQnKTtcbiAgYXNzZXJ0LmVxdWFsKHRva2VuLnN1YnNjcmlwdGlvbnMsIDAsICdsaXN0ZW5lciBkaXNwb3NlZCcpO1xuICBhd2FpdCB0aW1lcnMuYWR2YW5jZSgxMDAwKTtcbiAgYXNzZXJ0LmVxdWFsKHIudmFsdWUsIGZhbHNlKTtcbn0pO1xuXG50ZXN0KCdhIHRva2VuIGNhbmNlbGxlZCBiZWZvcmUgdGhlIHdhaXQgc3RhcnRzIG5ldmVyIHByb2NlZWRzIChldmVuIHdpdGggbm8gZGVsYXkpJywgYXN5bmMgKCkgPT4ge1xuICBjb25zdCBkID0gbmV3IERlYm91bmNlcihuZXcgRmFrZVRpbWVycygpKTtcbiAgY29uc3QgdG9rZW4gPSBuZXcgVG9rZW4oKTtcbiAgdG9rZW4uY2FuY2VsKCk7XG4gIGFzc2VydC5lcXVhbChhd2FpdCBkLndhaXQoNzUsIHRva2VuKSwgZmFsc2UpO1xuICBhc3NlcnQuZXF1YWwoYXdhaXQgZC53YWl0KDAsIHRva2VuKSwgZmFsc2UpO1xufSk7XG5cbnRlc3QoJ2EgbmV3ZXIgcmVxdWVzdCBzdXBlcnNlZGVzIHRoZSB3YWl0aW5nIG9uZSwgZXZlbiBpZiBub2JvZHkgY2FuY2VscyBpdCcsIGFzeW5jICgpID0+IHtcbiAgY29uc3QgdGltZXJzID0gbmV3IEZha2VUaW1lcnMoKTtcbiAgY29uc3QgZCA9IG5ldyBEZWJvdW5jZXIodGltZXJzKTtcbiAgY29uc3QgZmlyc3QgPSB0cmFjayhkLndhaXQoNzUsIG5ldyBUb2tlbigpKSk7XG4gIGF3YWl0IHRpbWVycy5hZHZhbmNlKDUwKTtcbiAgY29uc3Qgc2Vjb25kID0gdHJhY2soZC53YWl0KDc1LCBuZXcgVG9rZW4oKSkpO1xuICBhd2FpdCB0aW1lcnMuYWR2YW5jZSgwKTtcbiAgYXNzZXJ0LmVxdWFsKGZpcnN0LnZhbHVlLCBmYWxzZSk7XG4gIGF3YWl0IHRpbWVycy5hZHZhbmNlKDc0KTtcbiAgYXNzZXJ0LmVxdWFsKHNlY29uZC52YWx1ZSwgdW5kZWZpbmVkKTtcbiAgYXdhaXQgdGltZXJzLmFkdmFuY2UoMSk7XG4gIGFzc2VydC5lcXVhbChzZWNvbmQudmFsdWUsIHRydWUpO1xufSk7XG5cbnRlc3QoJ3R5cGluZyBidXJzdDogb25seSB0aGUgbGFzdCBvZiBtYW55IHJlcXVlc3RzIHByb2NlZWRzJywgYXN5bmMgKCkgPT4ge1xuICBjb25zdCB0aW1lcnMgPSBuZXcgRmFrZVRpbWVycygpO1xuICBjb25zdCBkID0gbmV3IERlYm91bmNlcih0aW1lcnMpO1xuICBjb25zdCByZXN1bHRzOiB7IHZhbHVlPzogYm9vbGVhbiB9W10gPSBbXTtcbiAgbGV0IHByZXZpb3VzOiBUb2tlbiB8IHVuZGVmaW5lZDtcbiAgZm9yIChsZXQgaSA9IDA7IGkgPCAxMDsgaSsrKSB7XG4gICAgcHJldmlvdXM/LmNhbmNlbCgpOyAvLyBWUyBDb2RlIGNhbmNlbHMgdGhlIHByZXZpb3VzIHJlcXVlc3RcbiAgICBwcmV2aW91cyA9IG5ldyBUb2tlbigpO1xuICAgIHJlc3VsdHMucHVzaCh0cmFjayhkLndhaXQoNzUsIHByZXZpb3VzKSkpO1xuICAgIGF3YWl0IHRpbWVycy5hZHZhbmNlKDMwKTtcbiAgfVxuICBhd2FpdCB0aW1lcnMuYWR2YW5jZSgxMDApO1xuICBhc3NlcnQuZGVlcEVxdWFsKFxuICAgIHJlc3VsdHMubWFwKChyKSA9PiByLnZhbHVlKSxcbiAgICBbLi4uQXJyYXkoOSkuZmlsbChmYWxzZSksIHRydWVdLFxuICApO1xufSk7XG5cbnRlc3QoJ3plcm8gZGVsYXkgcHJvY2VlZHMgaW1tZWRpYXRlbHkgKGV4cGxpY2l0IHRyaWdnZXIpJywgYXN5bmMgKCkgPT4ge1xuICBjb25zdCB0aW1lcnMgPSBuZXcgRmFrZVRpbWVycygpO1xuICBjb25zdCBkID0gbmV3IERlYm91bmNlcih0aW1lcnMpO1xuICBjb25zdCB3YWl0aW5nID0gdHJhY2soZC53YWl0KDc1LCBuZXcgVG9rZW4oKSkpO1xuICBhc3NlcnQuZXF1YWwoYXdhaXQgZC53YWl0KDAsIG5ldyBUb2tlbigpKSwgdHJ1ZSk7XG4gIGF3YWl0IHRpbWVycy5hZHZhbmNlKDApO1xuICBhc3NlcnQuZXF1YWwod2FpdGluZy52YWx1ZSwgZmFsc2UsICd0aGUgZXhwbGljaXQgcmVxdWVzdCBzdXBlcnNlZGVzIHRoZSB3YWl0aW5nIG9uZScpO1xufSk7XG5cbnRlc3QoJ2NhbmNlbFBlbmRpbmcgZW5kcyB0aGUgd2FpdGluZyByZXF1ZXN0JywgYXN5bmMgKCkgPT4ge1xuICBjb25zdCB0aW1lcnMgPSBuZXcgRmFrZVRpbWVycygpO1xuICBjb25zdCBkID0gbmV3IERlYm91bmNlcih0aW1lcnMpO1xuICBjb25zdCByID0gdHJhY2soZC53YWl0KDc1KSk7XG4gIGQuY2FuY2VsUGVuZGluZygpO1xuICBhd2FpdCB0aW1lcnMuYWR2YW5jZSgxMDApO1xuICBhc3NlcnQuZXF1YWwoci52YWx1ZSwgZmFsc2UpO1xufSk7XG5cbnRlc3QoJ3dvcmtzIHdpdGggcmVhbCB0aW1lcnMnLCBhc3luYyAoKSA9PiB7XG4gIGNvbnN0IGQgPSBuZXcgRGVib3VuY2VyKCk7XG4gIGNvbnN0IHQwID0gRGF0ZS5ub3coKTtcbiAgYXNzZXJ0LmVxdWFsKGF3YWl0IGQud2FpdCgyMCwgbmV3IFRva2VuKCkpLCB0cnVlKTtcbiAgYXNzZXJ0Lm9rKERhdGUubm93KCkgLSB0MCA+PSAxNSk7XG59KTtcbiIsICIvLyBEZWJvdW5jZSBvZiBpbmxpbmUgY29tcGxldGlvbiByZXF1ZXN0cy4gTm8gYHZzY29kZWAgaW1wb3J0ICh1bml0LXRlc3RlZCB1bmRlciBub2RlKS5cblxuLyoqIFRoZSBwYXJ0IG9mIHZzY29kZS5DYW5jZWxsYXRpb25Ub2tlbiB0aGF0IGlzIHVzZWQgaGVyZS4gKi9cbmV4cG9ydCBpbnRlcmZhY2UgQ2FuY2VsbGF0aW9uTGlrZSB7XG4gIHJlYWRvbmx5IGlzQ2FuY2VsbGF0aW9uUmVxdWVzdGVkOiBib29sZWFuO1xuICBvbkNhbmNlbGxhdGlvblJlcXVlc3RlZChsaXN0ZW5lcjogKCkgPT4gdW5rbm93bik6IHsgZGlzcG9zZSgpOiB1bmtub3duIH07XG59XG5cbmV4cG9ydCBpbnRlcmZhY2UgVGltZXJzIHtcbiAgc2V0VGltZW91dChmbjogKCkgPT4gdm9pZCwgbXM6IG51bWJlcik6IHVua25vd247XG4gIGNsZWFyVGltZW91dChoYW5kbGU6IHVua25vd24pOiB2b2lkO1xufVxuXG5jb25zdCByZWFsVGltZXJzOiBUaW1lcnMgPSB7XG4gIHNldFRpbWVvdXQ6IChmbiwgbXMpID0+IHNldFRpbWVvdXQoZm4sIG1zKSxcbiAgY2xlYXJUaW1lb3V0OiAoaCkgPT4gY2xlYXJUaW1lb3V0KGggYXMgUmV0dXJuVHlwZTx0eXBlb2Ygc2V0VGltZW91dD4pLFxufTtcblxuLyoqXG4gKiBXYWl0cyBgZGVsYXlNc2AgYmVmb3JlIGEgcmVxdWVzdCBtYXkgZ28gdG8gdGhlIHNlcnZlci4gQSB3YWl0IGVuZHMgZWFybHkgd2l0aCBgZmFsc2VgIHdoZW4gaXRzXG4gKiB0b2tlbiBpcyBjYW5jZWxsZWQgKFZTIENvZGUgY2FuY2VscyB0aGUgcHJldmlvdXMgcmVxdWVzdCB3aGVuIHRoZSB1c2VyIHR5cGVzIG9uKSBvciB3aGVuIGEgbmV3ZXJcbiAqIHdhaXQgc3RhcnRzIChzbyBhIHN0YWxlIHJlcXVlc3QgbmV2ZXIgcmVhY2hlcyB0aGUgc2VydmVyIGV2ZW4gaWYgbm9ib2R5IGNhbmNlbGxlZCBpdCkuXG4gKi9cbmV4cG9ydCBjbGFzcyBEZWJvdW5jZXIge1xuICBwcml2YXRlIGdlbmVyYXRpb24gPSAwO1xuICBwcml2YXRlIHBlbmRpbmc6IHsgc2V0dGxlKHByb2NlZWQ6IGJvb2xlYW4pOiB2b2lkIH0gfCB1bmRlZmluZWQ7XG5cbiAgY29uc3RydWN0b3IocHJpdmF0ZSByZWFkb25seSB0aW1lcnM6IFRpbWVycyA9IHJlYWxUaW1lcnMpIHt9XG5cbiAgLyoqIFJlc29sdmVzIHRydWUgd2hlbiB0aGUgY2FsbGVyIHNob3VsZCBzZW5kIGl0cyByZXF1ZXN0LCBmYWxzZSB3aGVuIGl0IHdhcyBjYW5jZWxsZWQgb3Igc3VwZXJzZWRlZC4gKi9cbiAgd2FpdChkZWxheU1zOiBudW1iZXIsIHRva2VuPzogQ2FuY2VsbGF0aW9uTGlrZSk6IFByb21pc2U8Ym9vbGVhbj4ge1xuICAgIC8vIEEgbmV3ZXIgcmVxdWVzdCBzdXBlcnNlZGVzIHRoZSBvbmUgc3RpbGwgd2FpdGluZy5cbiAgICB0aGlzLnBlbmRpbmc/LnNldHRsZShmYWxzZSk7XG4gICAgdGhpcy5wZW5kaW5nID0gdW5kZWZpbmVkO1xuICAgIGNvbnN0IGdlbmVyYXRpb24gPSArK3RoaXMuZ2VuZXJhdGlvbjtcbiAgICBpZiAodG9rZW4/LmlzQ2FuY2VsbGF0aW9uUmVxdWVzdGVkKSB7XG4gICAgICByZXR1cm4gUHJvbWlzZS5yZXNvbHZlKGZhbHNlKTtcbiAgICB9XG4gICAgaWYgKCEoZGVsYXlNcyA+IDApKSB7XG4gICAgICByZXR1cm4gUHJvbWlzZS5yZXNvbHZlKHRydWUpO1xuICAgIH1cbiAgICByZXR1cm4gbmV3IFByb21pc2U8Ym9vbGVhbj4oKHJlc29sdmUpID0+IHtcbiAgICAgIGxldCBkb25lID0gZmFsc2U7XG4gICAgICBsZXQgc3Vic2NyaXB0aW9uOiB7IGRpc3Bvc2UoKTogdW5rbm93biB9IHwgdW5kZWZpbmVkO1xuICAgICAgY29uc3Qgc2V0dGxlID0gKHByb2NlZWQ6IGJvb2xlYW4pOiB2b2lkID0+IHtcbiAgICAgICAgaWYgKGRvbmUpIHtcbiAgICAgICAgICByZXR1cm47XG4gICAgICAgIH1cbiAgICAgICAgZG9uZSA9IHRydWU7XG4gICAgICAgIHRoaXMudGltZXJzLmNsZWFyVGltZW91dChoYW5kbGUpO1xuICAgICAgICBzdWJzY3JpcHRpb24/LmRpc3Bvc2UoKTtcbiAgICAgICAgaWYgKHRoaXMucGVuZGluZyA9PT0gZW50cnkpIHtcbiAgICAgICAgICB0aGlzLnBlbmRpbmcgPSB1bmRlZmluZWQ7XG4gICAgICAgIH1cbiAgICAgICAgcmVzb2x2ZShwcm9jZWVkICYmIGdlbmVyYXRpb24gPT09IHRoaXMuZ2VuZXJhdGlvbiAmJiAhdG9rZW4/LmlzQ2FuY2VsbGF0aW9uUmVxdWVzdGVkKTtcbiAgICAgIH07XG4gICAgICBjb25zdCBlbnRyeSA9IHsgc2V0dGxlIH07XG4gICAgICBjb25zdCBoYW5kbGUgPSB0aGlzLnRpbWVycy5zZXRUaW1lb3V0KCgpID0+IHNldHRsZSh0cnVlKSwgZGVsYXlNcyk7XG4gICAgICBzdWJzY3JpcHRpb24gPSB0b2tlbj8ub25DYW5jZWxsYXRpb25SZXF1ZXN0ZWQoKCkgPT4gc2V0dGxlKGZhbHNlKSk7XG4gICAgICBpZiAoZG9uZSkge1xuICAgICAgICBzdWJzY3JpcHRpb24/LmRpc3Bvc2UoKTtcbiAgICAgIH0gZWxzZSB7XG4gICAgICAgIHRoaXMucGVuZGluZyA9IGVudHJ5O1xuICAgICAgfVxuICAgIH0pO1xuICB9XG5cbiAgLyoqIEVuZHMgdGhlIHdhaXQgaW4gcHJvZ3Jlc3MsIGlmIGFueSwgd2l0aCBgZmFsc2VgLiAqL1xuICBjYW5jZWxQZW5kaW5nKCk6IHZvaWQge1xuICAgIHRoaXMucGVuZGluZz8uc2V0dGxlKGZhbHNlKTtcbiAgICB0aGlzLnBlbmRpbmcgPSB1bmRlZmluZWQ7XG4gICAgdGhpcy5nZW5lcmF0aW9uKys7XG4gIH1cbn1cbiJdLAogICJtYXBwaW5ncyI6ICI7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7QUFBQSx1QkFBcUI7QUFDckIsYUFBd0I7OztBQ1l4QixJQUFNLGFBQXFCO0FBQUEsRUFDekIsWUFBWSxDQUFDLElBQUksT0FBTyxXQUFXLElBQUksRUFBRTtBQUFBLEVBQ3pDLGNBQWMsQ0FBQyxNQUFNLGFBQWEsQ0FBa0M7QUFDdEU7QUFPTyxJQUFNLFlBQU4sTUFBZ0I7QUFBQSxFQUlyQixZQUE2QixTQUFpQixZQUFZO0FBQTdCO0FBQUEsRUFBOEI7QUFBQSxFQUE5QjtBQUFBLEVBSHJCLGFBQWE7QUFBQSxFQUNiO0FBQUE7QUFBQSxFQUtSLEtBQUssU0FBaUIsT0FBNEM7QUFFaEUsU0FBSyxTQUFTLE9BQU8sS0FBSztBQUMxQixTQUFLLFVBQVU7QUFDZixVQUFNLGFBQWEsRUFBRSxLQUFLO0FBQzFCLFFBQUksT0FBTyx5QkFBeUI7QUFDbEMsYUFBTyxRQUFRLFFBQVEsS0FBSztBQUFBLElBQzlCO0FBQ0EsUUFBSSxFQUFFLFVBQVUsSUFBSTtBQUNsQixhQUFPLFFBQVEsUUFBUSxJQUFJO0FBQUEsSUFDN0I7QUFDQSxXQUFPLElBQUksUUFBaUIsQ0FBQyxZQUFZO0FBQ3ZDLFVBQUksT0FBTztBQUNYLFVBQUk7QUFDSixZQUFNLFNBQVMsQ0FBQyxZQUEyQjtBQUN6QyxZQUFJLE1BQU07QUFDUjtBQUFBLFFBQ0Y7QUFDQSxlQUFPO0FBQ1AsYUFBSyxPQUFPLGFBQWEsTUFBTTtBQUMvQixzQkFBYyxRQUFRO0FBQ3RCLFlBQUksS0FBSyxZQUFZLE9BQU87QUFDMUIsZUFBSyxVQUFVO0FBQUEsUUFDakI7QUFDQSxnQkFBUSxXQUFXLGVBQWUsS0FBSyxjQUFjLENBQUMsT0FBTyx1QkFBdUI7QUFBQSxNQUN0RjtBQUNBLFlBQU0sUUFBUSxFQUFFLE9BQU87QUFDdkIsWUFBTSxTQUFTLEtBQUssT0FBTyxXQUFXLE1BQU0sT0FBTyxJQUFJLEdBQUcsT0FBTztBQUNqRSxxQkFBZSxPQUFPLHdCQUF3QixNQUFNLE9BQU8sS0FBSyxDQUFDO0FBQ2pFLFVBQUksTUFBTTtBQUNSLHNCQUFjLFFBQVE7QUFBQSxNQUN4QixPQUFPO0FBQ0wsYUFBSyxVQUFVO0FBQUEsTUFDakI7QUFBQSxJQUNGLENBQUM7QUFBQSxFQUNIO0FBQUE7QUFBQSxFQUdBLGdCQUFzQjtBQUNwQixTQUFLLFNBQVMsT0FBTyxLQUFLO0FBQzFCLFNBQUssVUFBVTtBQUNmLFNBQUs7QUFBQSxFQUNQO0FBQ0Y7OztBRHBFQSxJQUFNLGFBQU4sTUFBbUM7QUFBQSxFQUNqQyxNQUFNO0FBQUEsRUFDRSxTQUFTO0FBQUEsRUFDQSxTQUFTLG9CQUFJLElBQTRDO0FBQUEsRUFDMUUsV0FBVyxJQUFnQixJQUFxQjtBQUM5QyxVQUFNLEtBQUssS0FBSztBQUNoQixTQUFLLE9BQU8sSUFBSSxJQUFJLEVBQUUsSUFBSSxLQUFLLE1BQU0sSUFBSSxHQUFHLENBQUM7QUFDN0MsV0FBTztBQUFBLEVBQ1Q7QUFBQSxFQUNBLGFBQWEsUUFBdUI7QUFDbEMsU0FBSyxPQUFPLE9BQU8sTUFBZ0I7QUFBQSxFQUNyQztBQUFBLEVBQ0EsSUFBSSxTQUFpQjtBQUNuQixXQUFPLEtBQUssT0FBTztBQUFBLEVBQ3JCO0FBQUEsRUFDQSxNQUFNLFFBQVEsSUFBMkI7QUFDdkMsU0FBSyxPQUFPO0FBQ1osZUFBVyxDQUFDLElBQUksQ0FBQyxLQUFLLENBQUMsR0FBRyxLQUFLLE1BQU0sRUFBRSxLQUFLLENBQUMsR0FBRyxNQUFNLEVBQUUsQ0FBQyxFQUFFLEtBQUssRUFBRSxDQUFDLEVBQUUsRUFBRSxHQUFHO0FBQ3hFLFVBQUksRUFBRSxNQUFNLEtBQUssT0FBTyxLQUFLLE9BQU8sSUFBSSxFQUFFLEdBQUc7QUFDM0MsYUFBSyxPQUFPLE9BQU8sRUFBRTtBQUNyQixVQUFFLEdBQUc7QUFBQSxNQUNQO0FBQUEsSUFDRjtBQUNBLFVBQU0sSUFBSSxRQUFRLENBQUMsTUFBTSxhQUFhLENBQUMsQ0FBQztBQUFBLEVBQzFDO0FBQ0Y7QUFFQSxJQUFNLFFBQU4sTUFBd0M7QUFBQSxFQUN0QywwQkFBMEI7QUFBQSxFQUNsQixZQUErQixDQUFDO0FBQUEsRUFDeEMsZ0JBQWdCO0FBQUEsRUFDaEIsd0JBQXdCLFVBQXlCO0FBQy9DLFNBQUssVUFBVSxLQUFLLFFBQVE7QUFDNUIsU0FBSztBQUNMLFdBQU87QUFBQSxNQUNMLFNBQVMsTUFBTTtBQUNiLGFBQUssWUFBWSxLQUFLLFVBQVUsT0FBTyxDQUFDLE1BQU0sTUFBTSxRQUFRO0FBQzVELGFBQUs7QUFBQSxNQUNQO0FBQUEsSUFDRjtBQUFBLEVBQ0Y7QUFBQSxFQUNBLFNBQWU7QUFDYixTQUFLLDBCQUEwQjtBQUMvQixlQUFXLEtBQUssS0FBSyxXQUFXO0FBQzlCLFFBQUU7QUFBQSxJQUNKO0FBQUEsRUFDRjtBQUNGO0FBR0EsU0FBUyxNQUFNLEdBQTBDO0FBQ3ZELFFBQU0sTUFBMkIsQ0FBQztBQUNsQyxPQUFLLEVBQUUsS0FBSyxDQUFDLE1BQU8sSUFBSSxRQUFRLENBQUU7QUFDbEMsU0FBTztBQUNUO0FBQUEsSUFFQSx1QkFBSyx3Q0FBd0MsWUFBWTtBQUN2RCxRQUFNLFNBQVMsSUFBSSxXQUFXO0FBQzlCLFFBQU0sSUFBSSxJQUFJLFVBQVUsTUFBTTtBQUM5QixRQUFNLElBQUksTUFBTSxFQUFFLEtBQUssSUFBSSxJQUFJLE1BQU0sQ0FBQyxDQUFDO0FBQ3ZDLFFBQU0sT0FBTyxRQUFRLEVBQUU7QUFDdkIsRUFBTyxhQUFNLEVBQUUsT0FBTyxNQUFTO0FBQy9CLFFBQU0sT0FBTyxRQUFRLENBQUM7QUFDdEIsRUFBTyxhQUFNLEVBQUUsT0FBTyxJQUFJO0FBQzFCLEVBQU8sYUFBTSxPQUFPLFFBQVEsQ0FBQztBQUMvQixDQUFDO0FBQUEsSUFFRCx1QkFBSyx1REFBdUQsWUFBWTtBQUN0RSxRQUFNLFNBQVMsSUFBSSxXQUFXO0FBQzlCLFFBQU0sSUFBSSxJQUFJLFVBQVUsTUFBTTtBQUM5QixRQUFNLFFBQVEsSUFBSSxNQUFNO0FBQ3hCLFFBQU0sSUFBSSxNQUFNLEVBQUUsS0FBSyxJQUFJLEtBQUssQ0FBQztBQUNqQyxRQUFNLE9BQU8sUUFBUSxFQUFFO0FBQ3ZCLFFBQU0sT0FBTztBQUNiLFFBQU0sT0FBTyxRQUFRLENBQUM7QUFDdEIsRUFBTyxhQUFNLEVBQUUsT0FBTyxLQUFLO0FBQzNCLEVBQU8sYUFBTSxPQUFPLFFBQVEsR0FBRyxlQUFlO0FBQzlDLEVBQU8sYUFBTSxNQUFNLGVBQWUsR0FBRyxtQkFBbUI7QUFDeEQsUUFBTSxPQUFPLFFBQVEsR0FBSTtBQUN6QixFQUFPLGFBQU0sRUFBRSxPQUFPLEtBQUs7QUFDN0IsQ0FBQztBQUFBLElBRUQsdUJBQUssZ0ZBQWdGLFlBQVk7QUFDL0YsUUFBTSxJQUFJLElBQUksVUFBVSxJQUFJLFdBQVcsQ0FBQztBQUN4QyxRQUFNLFFBQVEsSUFBSSxNQUFNO0FBQ3hCLFFBQU0sT0FBTztBQUNiLEVBQU8sYUFBTSxNQUFNLEVBQUUsS0FBSyxJQUFJLEtBQUssR0FBRyxLQUFLO0FBQzNDLEVBQU8sYUFBTSxNQUFNLEVBQUUsS0FBSyxHQUFHLEtBQUssR0FBRyxLQUFLO0FBQzVDLENBQUM7QUFBQSxJQUVELHVCQUFLLHlFQUF5RSxZQUFZO0FBQ3hGLFFBQU0sU0FBUyxJQUFJLFdBQVc7QUFDOUIsUUFBTSxJQUFJLElBQUksVUFBVSxNQUFNO0FBQzlCLFFBQU0sUUFBUSxNQUFNLEVBQUUsS0FBSyxJQUFJLElBQUksTUFBTSxDQUFDLENBQUM7QUFDM0MsUUFBTSxPQUFPLFFBQVEsRUFBRTtBQUN2QixRQUFNLFNBQVMsTUFBTSxFQUFFLEtBQUssSUFBSSxJQUFJLE1BQU0sQ0FBQyxDQUFDO0FBQzVDLFFBQU0sT0FBTyxRQUFRLENBQUM7QUFDdEIsRUFBTyxhQUFNLE1BQU0sT0FBTyxLQUFLO0FBQy9CLFFBQU0sT0FBTyxRQUFRLEVBQUU7QUFDdkIsRUFBTyxhQUFNLE9BQU8sT0FBTyxNQUFTO0FBQ3BDLFFBQU0sT0FBTyxRQUFRLENBQUM7QUFDdEIsRUFBTyxhQUFNLE9BQU8sT0FBTyxJQUFJO0FBQ2pDLENBQUM7QUFBQSxJQUVELHVCQUFLLHlEQUF5RCxZQUFZO0FBQ3hFLFFBQU0sU0FBUyxJQUFJLFdBQVc7QUFDOUIsUUFBTSxJQUFJLElBQUksVUFBVSxNQUFNO0FBQzlCLFFBQU0sVUFBaUMsQ0FBQztBQUN4QyxNQUFJO0FBQ0osV0FBUyxJQUFJLEdBQUcsSUFBSSxJQUFJLEtBQUs7QUFDM0IsY0FBVSxPQUFPO0FBQ2pCLGVBQVcsSUFBSSxNQUFNO0FBQ3JCLFlBQVEsS0FBSyxNQUFNLEVBQUUsS0FBSyxJQUFJLFFBQVEsQ0FBQyxDQUFDO0FBQ3hDLFVBQU0sT0FBTyxRQUFRLEVBQUU7QUFBQSxFQUN6QjtBQUNBLFFBQU0sT0FBTyxRQUFRLEdBQUc7QUFDeEIsRUFBTztBQUFBLElBQ0wsUUFBUSxJQUFJLENBQUMsTUFBTSxFQUFFLEtBQUs7QUFBQSxJQUMxQixDQUFDLEdBQUcsTUFBTSxDQUFDLEVBQUUsS0FBSyxLQUFLLEdBQUcsSUFBSTtBQUFBLEVBQ2hDO0FBQ0YsQ0FBQztBQUFBLElBRUQsdUJBQUssc0RBQXNELFlBQVk7QUFDckUsUUFBTSxTQUFTLElBQUksV0FBVztBQUM5QixRQUFNLElBQUksSUFBSSxVQUFVLE1BQU07QUFDOUIsUUFBTSxVQUFVLE1BQU0sRUFBRSxLQUFLLElBQUksSUFBSSxNQUFNLENBQUMsQ0FBQztBQUM3QyxFQUFPLGFBQU0sTUFBTSxFQUFFLEtBQUssR0FBRyxJQUFJLE1BQU0sQ0FBQyxHQUFHLElBQUk7QUFDL0MsUUFBTSxPQUFPLFFBQVEsQ0FBQztBQUN0QixFQUFPLGFBQU0sUUFBUSxPQUFPLE9BQU8saURBQWlEO0FBQ3RGLENBQUM7QUFBQSxJQUVELHVCQUFLLDBDQUEwQyxZQUFZO0FBQ3pELFFBQU0sU0FBUyxJQUFJLFdBQVc7QUFDOUIsUUFBTSxJQUFJLElBQUksVUFBVSxNQUFNO0FBQzlCLFFBQU0sSUFBSSxNQUFNLEVBQUUsS0FBSyxFQUFFLENBQUM7QUFDMUIsSUFBRSxjQUFjO0FBQ2hCLFFBQU0sT0FBTyxRQUFRLEdBQUc7QUFDeEIsRUFBTyxhQUFNLEVBQUUsT0FBTyxLQUFLO0FBQzdCLENBQUM7QUFBQSxJQUVELHVCQUFLLDBCQUEwQixZQUFZO0FBQ3pDLFFBQU0sSUFBSSxJQUFJLFVBQVU7QUFDeEIsUUFBTSxLQUFLLEtBQUssSUFBSTtBQUNwQixFQUFPLGFBQU0sTUFBTSxFQUFFLEtBQUssSUFBSSxJQUFJLE1BQU0sQ0FBQyxHQUFHLElBQUk7QUFDaEQsRUFBTyxVQUFHLEtBQUssSUFBSSxJQUFJLE1BQU0sRUFBRTtBQUNqQyxDQUFDOyIsCiAgIm5hbWVzIjogW10KfQo=
