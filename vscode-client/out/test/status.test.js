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

// test/unit/status.test.ts
var import_node_test = require("node:test");
var assert = __toESM(require("node:assert/strict"));

// src/core/status.ts
var SERVER_STATES = ["loading", "ready", "error", "disabled"];
function parseStatusParams(params) {
  if (typeof params !== "object" || params === null) {
    return void 0;
  }
  const p = params;
  if (typeof p.state !== "string" || !SERVER_STATES.includes(p.state)) {
    return void 0;
  }
  const out = { state: p.state };
  for (const key of ["message", "model", "provider"]) {
    if (typeof p[key] === "string" && p[key] !== "") {
      out[key] = p[key];
    }
  }
  return out;
}
function formatLatency(ms) {
  if (!Number.isFinite(ms) || ms < 0) {
    return "";
  }
  if (ms < 1e3) {
    return `${Math.round(ms)} ms`;
  }
  return `${(ms / 1e3).toFixed(ms < 1e4 ? 1 : 0)} s`;
}
function describeModel(v) {
  if (v.model && v.provider) {
    return `${v.model} (${v.provider})`;
  }
  return v.model ?? (v.provider ? `provider ${v.provider}` : "");
}
function formatStatus(v) {
  const shown = v.enabled ? v.state : "disabled";
  const model = describeModel(v);
  const lines = [];
  let text;
  let severity;
  switch (shown) {
    case "starting":
      text = "$(loading~spin) FIM";
      lines.push("FimComplete: starting the server\u2026");
      break;
    case "loading":
      text = "$(loading~spin) FIM";
      lines.push(`FimComplete: loading model${model ? " " + model : ""}\u2026`);
      break;
    case "ready": {
      const latency = v.lastLatencyMs !== void 0 ? formatLatency(v.lastLatencyMs) : "";
      text = latency ? `$(sparkle) FIM ${latency}` : "$(sparkle) FIM";
      lines.push(`FimComplete: ready${model ? " \u2014 " + model : ""}`);
      if (latency) {
        const count = v.lastItemCount !== void 0 ? `, ${v.lastItemCount} suggestion${v.lastItemCount === 1 ? "" : "s"}` : "";
        lines.push(`Last completion: ${latency}${count}`);
      }
      break;
    }
    case "error":
      text = "$(error) FIM";
      severity = "error";
      lines.push("FimComplete: error");
      break;
    case "disabled":
      text = "$(circle-slash) FIM";
      lines.push(v.enabled ? "FimComplete: disabled by the server" : "FimComplete: disabled (fimComplete.enabled is off)");
      break;
  }
  if (v.message && (shown !== "disabled" || v.enabled)) {
    lines.push(v.message);
  }
  lines.push("Click for FimComplete actions");
  return {
    text,
    tooltip: lines.join("\n"),
    accessibilityLabel: `FimComplete: ${shown}`,
    shown,
    severity
  };
}
function formatParameters(p) {
  if (p === void 0 || p === "") {
    return void 0;
  }
  if (typeof p === "string") {
    return p;
  }
  if (!Number.isFinite(p) || p < 0) {
    return void 0;
  }
  if (p >= 1e9) {
    return `${(p / 1e9).toFixed(1)} B`;
  }
  if (p >= 1e6) {
    return `${(p / 1e6).toFixed(p >= 1e8 ? 0 : 1)} M`;
  }
  if (p >= 1e3) {
    return `${(p / 1e3).toFixed(0)} K`;
  }
  return String(p);
}
function modelInfoLines(info) {
  if (!info || typeof info !== "object") {
    return [];
  }
  const lines = [];
  const add = (value, description) => {
    if (value !== void 0 && value !== null && value !== "") {
      lines.push({ label: String(value), description });
    }
  };
  add(info.name, "model");
  add(info.path, "path");
  add(info.provider, "execution provider");
  if (typeof info.contextLength === "number" && info.contextLength > 0) {
    add(`${info.contextLength} tokens`, "context length");
  }
  add(formatParameters(info.parameters), "parameters");
  return lines;
}

// test/unit/status.test.ts
(0, import_node_test.test)("latency formatting", () => {
  assert.equal(formatLatency(0), "0 ms");
  assert.equal(formatLatency(123.4), "123 ms");
  assert.equal(formatLatency(999.4), "999 ms");
  assert.equal(formatLatency(1234), "1.2 s");
  assert.equal(formatLatency(12345), "12 s");
  assert.equal(formatLatency(Number.NaN), "");
  assert.equal(formatLatency(-1), "");
});
(0, import_node_test.test)("ready shows the last latency and the model", () => {
  const p = formatStatus({ state: "ready", enabled: true, model: "fim-350m", provider: "cpu", lastLatencyMs: 142.7, lastItemCount: 3 });
  assert.equal(p.text, "$(sparkle) FIM 143 ms");
  assert.equal(p.shown, "ready");
  assert.equal(p.accessibilityLabel, "FimComplete: ready");
  assert.match(p.tooltip, /^FimComplete: ready — fim-350m \(cpu\)\nLast completion: 143 ms, 3 suggestions/);
  assert.equal(p.severity, void 0);
});
(0, import_node_test.test)("ready without a request yet shows no latency", () => {
  assert.equal(formatStatus({ state: "ready", enabled: true }).text, "$(sparkle) FIM");
});
(0, import_node_test.test)("loading and starting spin", () => {
  const loading = formatStatus({ state: "loading", enabled: true, model: "m" });
  assert.equal(loading.text, "$(loading~spin) FIM");
  assert.match(loading.tooltip, /loading model m/);
  assert.equal(formatStatus({ state: "starting", enabled: true }).accessibilityLabel, "FimComplete: starting");
});
(0, import_node_test.test)("error is red and carries the message", () => {
  const p = formatStatus({ state: "error", enabled: true, message: "model not found: /x" });
  assert.equal(p.text, "$(error) FIM");
  assert.equal(p.severity, "error");
  assert.match(p.tooltip, /model not found: \/x/);
});
(0, import_node_test.test)("the enabled setting wins over the server state", () => {
  for (const state of ["ready", "loading", "error", "starting"]) {
    const p = formatStatus({ state, enabled: false, message: "whatever", lastLatencyMs: 5 });
    assert.equal(p.shown, "disabled");
    assert.equal(p.text, "$(circle-slash) FIM");
    assert.doesNotMatch(p.tooltip, /whatever/);
    assert.equal(p.severity, void 0);
  }
  assert.match(formatStatus({ state: "disabled", enabled: true }).tooltip, /disabled by the server/);
});
(0, import_node_test.test)("status notification params are validated", () => {
  assert.deepEqual(parseStatusParams({ state: "ready", model: "m", provider: "cpu", extra: 1 }), { state: "ready", model: "m", provider: "cpu" });
  assert.deepEqual(parseStatusParams({ state: "error", message: "boom", model: 3 }), { state: "error", message: "boom" });
  assert.equal(parseStatusParams({ state: "exploded" }), void 0);
  assert.equal(parseStatusParams(null), void 0);
  assert.equal(parseStatusParams("ready"), void 0);
});
(0, import_node_test.test)("model info lines and parameter counts", () => {
  assert.equal(formatParameters(1234567), "1.2 M");
  assert.equal(formatParameters(35e7), "350 M");
  assert.equal(formatParameters(15e8), "1.5 B");
  assert.equal(formatParameters(12e3), "12 K");
  assert.equal(formatParameters("0.5B"), "0.5B");
  assert.equal(formatParameters(void 0), void 0);
  assert.deepEqual(modelInfoLines({ name: "fim", path: "/m", provider: "cpu", contextLength: 2048, parameters: 6e7 }), [
    { label: "fim", description: "model" },
    { label: "/m", description: "path" },
    { label: "cpu", description: "execution provider" },
    { label: "2048 tokens", description: "context length" },
    { label: "60.0 M", description: "parameters" }
  ]);
  assert.deepEqual(modelInfoLines(null), []);
});
//# sourceMappingURL=data:application/json;base64,ewogICJ2ZXJzaW9uIjogMywKICAic291cmNlcyI6IFsiLi4vLi4vdGVzdC91bml0L3N0YXR1cy50ZXN0LnRzIiwgIi4uLy4uL3NyYy9jb3JlL3N0YXR1cy50cyJdLAogICJzb3VyY2VzQ29udGVudCI6IFsiaW1wb3J0IHsgdGVzdCB9IGZyb20gJ25vZGU6dGVzdCc7XG5pbXBvcnQgKiBhcyBhc3NlcnQgZnJvbSAnbm9kZTphc3NlcnQvc3RyaWN0JztcbmltcG9ydCB7IGZvcm1hdExhdGVuY3ksIGZvcm1hdFBhcmFtZXRlcnMsIGZvcm1hdFN0YXR1cywgbW9kZWxJbmZvTGluZXMsIHBhcnNlU3RhdHVzUGFyYW1zIH0gZnJvbSAnLi4vLi4vc3JjL2NvcmUvc3RhdHVzJztcblxudGVzdCgnbGF0ZW5jeSBmb3JtYXR0aW5nJywgKCkgPT4ge1xuICBhc3NlcnQuZXF1YWwoZm9ybWF0TGF0ZW5jeSgwKSwgJzAgbXMnKTtcbiAgYXNzZXJ0LmVxdWFsKGZvcm1hdExhdGVuY3koMTIzLjQpLCAnMTIzIG1zJyk7XG4gIGFzc2VydC5lcXVhbChmb3JtYXRMYXRlbmN5KDk5OS40KSwgJzk5OSBtcycpO1xuICBhc3NlcnQuZXF1YWwoZm9ybWF0TGF0ZW5jeSgxMjM0KSwgJzEuMiBzJyk7XG4gIGFzc2VydC5lcXVhbChmb3JtYXRMYXRlbmN5KDEyXzM0NSksICcxMiBzJyk7XG4gIGFzc2VydC5lcXVhbChmb3JtYXRMYXRlbmN5KE51bWJlci5OYU4pLCAnJyk7XG4gIGFzc2VydC5lcXVhbChmb3JtYXRMYXRlbmN5KC0xKSwgJycpO1xufSk7XG5cbnRlc3QoJ3JlYWR5IHNob3dzIHRoZSBsYXN0IGxhdGVuY3kgYW5kIHRoZSBtb2RlbCcsICgpID0+IHtcbiAgY29uc3QgcCA9IGZvcm1hdFN0YXR1cyh7IHN0YXRlOiAncmVhZHknLCBlbmFibGVkOiB0cnVlLCBtb2RlbDogJ2ZpbS0zNTBtJywgcHJvdmlkZXI6ICdjcHUnLCBsYXN0TGF0ZW5jeU1zOiAxNDIuNywgbGFzdEl0ZW1Db3VudDogMyB9KTtcbiAgYXNzZXJ0LmVxdWFsKHAudGV4dCwgJyQoc3BhcmtsZSkgRklNIDE0MyBtcycpO1xuICBhc3NlcnQuZXF1YWwocC5zaG93biwgJ3JlYWR5Jyk7XG4gIGFzc2VydC5lcXVhbChwLmFjY2Vzc2liaWxpdHlMYWJlbCwgJ0ZpbUNvbXBsZXRlOiByZWFkeScpO1xuICBhc3NlcnQubWF0Y2gocC50b29sdGlwLCAvXkZpbUNvbXBsZXRlOiByZWFkeSBcdTIwMTQgZmltLTM1MG0gXFwoY3B1XFwpXFxuTGFzdCBjb21wbGV0aW9uOiAxNDMgbXMsIDMgc3VnZ2VzdGlvbnMvKTtcbiAgYXNzZXJ0LmVxdWFsKHAuc2V2ZXJpdHksIHVuZGVmaW5lZCk7XG59KTtcblxudGVzdCgncmVhZHkgd2l0aG91dCBhIHJlcXVlc3QgeWV0IHNob3dzIG5vIGxhdGVuY3knLCAoKSA9PiB7XG4gIGFzc2VydC5lcXVhbChmb3JtYXRTdGF0dXMoeyBzdGF0ZTogJ3JlYWR5JywgZW5hYmxlZDogdHJ1ZSB9KS50ZXh0LCAnJChzcGFya2xlKSBGSU0nKTtcbn0pO1xuXG50ZXN0KCdsb2FkaW5nIGFuZCBzdGFydGluZyBzcGluJywgKCkgPT4ge1xuICBjb25zdCBsb2FkaW5nID0gZm9ybWF0U3RhdHVzKHsgc3RhdGU6ICdsb2FkaW5nJywgZW5hYmxlZDogdHJ1ZSwgbW9kZWw6ICdtJyB9KTtcbiAgYXNzZXJ0LmVxdWFsKGxvYWRpbmcudGV4dCwgJyQobG9hZGluZ35zcGluKSBGSU0nKTtcbiAgYXNzZXJ0Lm1hdGNoKGxvYWRpbmcudG9vbHRpcCwgL2xvYWRpbmcgbW9kZWwgbS8pO1xuICBhc3NlcnQuZXF1YWwoZm9ybWF0U3RhdHVzKHsgc3RhdGU6ICdzdGFydGluZycsIGVuYWJsZWQ6IHRydWUgfSkuYWNjZXNzaWJpbGl0eUxhYmVsLCAnRmltQ29tcGxldGU6IHN0YXJ0aW5nJyk7XG59KTtcblxudGVzdCgnZXJyb3IgaXMgcmVkIGFuZCBjYXJyaWVzIHRoZSBtZXNzYWdlJywgKCkgPT4ge1xuICBjb25zdCBwID0gZm9ybWF0U3RhdHVzKHsgc3RhdGU6ICdlcnJvcicsIGVuYWJsZWQ6IHRydWUsIG1lc3NhZ2U6ICdtb2RlbCBub3QgZm91bmQ6IC94JyB9KTtcbiAgYXNzZXJ0LmVxdWFsKHAudGV4dCwgJyQoZXJyb3IpIEZJTScpO1xuICBhc3NlcnQuZXF1YWwocC5zZXZlcml0eSwgJ2Vycm9yJyk7XG4gIGFzc2VydC5tYXRjaChwLnRvb2x0aXAsIC9tb2RlbCBub3QgZm91bmQ6IFxcL3gvKTtcbn0pO1xuXG50ZXN0KCd0aGUgZW5hYmxlZCBzZXR0aW5nIHdpbnMgb3ZlciB0aGUgc2VydmVyIHN0YXRlJywgKCkgPT4ge1xuICBmb3IgKGNvbnN0IHN0YXRlIG9mIFsncmVhZHknLCAnbG9hZGluZycsICdlcnJvcicsICdzdGFydGluZyddIGFzIGNvbnN0KSB7XG4gICAgY29uc3QgcCA9IGZvcm1hdFN0YXR1cyh7IHN0YXRlLCBlbmFibGVkOiBmYWxzZSwgbWVzc2FnZTogJ3doYXRldmVyJywgbGFzdExhdGVuY3lNczogNSB9KTtcbiAgICBhc3NlcnQuZXF1YWwocC5zaG93biwgJ2Rpc2FibGVkJyk7XG4gICAgYXNzZXJ0LmVxdWFsKHAudGV4dCwgJyQoY2lyY2xlLXNsYXNoKSBGSU0nKTtcbiAgICBhc3NlcnQuZG9lc05vdE1hdGNoKHAudG9vbHRpcCwgL3doYXRldmVyLyk7XG4gICAgYXNzZXJ0LmVxdWFsKHAuc2V2ZXJpdHksIHVuZGVmaW5lZCk7XG4gIH1cbiAgYXNzZXJ0Lm1hdGNoKGZvcm1hdFN0YXR1cyh7IHN0YXRlOiAnZGlzYWJsZWQnLCBlbmFibGVkOiB0cnVlIH0pLnRvb2x0aXAsIC9kaXNhYmxlZCBieSB0aGUgc2VydmVyLyk7XG59KTtcblxudGVzdCgnc3RhdHVzIG5vdGlmaWNhdGlvbiBwYXJhbXMgYXJlIHZhbGlkYXRlZCcsICgpID0+IHtcbiAgYXNzZXJ0LmRlZXBFcXVhbChwYXJzZVN0YXR1c1BhcmFtcyh7IHN0YXRlOiAncmVhZHknLCBtb2RlbDogJ20nLCBwcm92aWRlcjogJ2NwdScsIGV4dHJhOiAxIH0pLCB7IHN0YXRlOiAncmVhZHknLCBtb2RlbDogJ20nLCBwcm92aWRlcjogJ2NwdScgfSk7XG4gIGFzc2VydC5kZWVwRXF1YWwocGFyc2VTdGF0dXNQYXJhbXMoeyBzdGF0ZTogJ2Vycm9yJywgbWVzc2FnZTogJ2Jvb20nLCBtb2RlbDogMyB9KSwgeyBzdGF0ZTogJ2Vycm9yJywgbWVzc2FnZTogJ2Jvb20nIH0pO1xuICBhc3NlcnQuZXF1YWwocGFyc2VTdGF0dXNQYXJhbXMoeyBzdGF0ZTogJ2V4cGxvZGVkJyB9KSwgdW5kZWZpbmVkKTtcbiAgYXNzZXJ0LmVxdWFsKHBhcnNlU3RhdHVzUGFyYW1zKG51bGwpLCB1bmRlZmluZWQpO1xuICBhc3NlcnQuZXF1YWwocGFyc2VTdGF0dXNQYXJhbXMoJ3JlYWR5JyksIHVuZGVmaW5lZCk7XG59KTtcblxudGVzdCgnbW9kZWwgaW5mbyBsaW5lcyBhbmQgcGFyYW1ldGVyIGNvdW50cycsICgpID0+IHtcbiAgYXNzZXJ0LmVxdWFsKGZvcm1hdFBhcmFtZXRlcnMoMV8yMzRfNTY3KSwgJzEuMiBNJyk7XG4gIGFzc2VydC5lcXVhbChmb3JtYXRQYXJhbWV0ZXJzKDM1MF8wMDBfMDAwKSwgJzM1MCBNJyk7XG4gIGFzc2VydC5lcXVhbChmb3JtYXRQYXJhbWV0ZXJzKDFfNTAwXzAwMF8wMDApLCAnMS41IEInKTtcbiAgYXNzZXJ0LmVxdWFsKGZvcm1hdFBhcmFtZXRlcnMoMTJfMDAwKSwgJzEyIEsnKTtcbiAgYXNzZXJ0LmVxdWFsKGZvcm1hdFBhcmFtZXRlcnMoJzAuNUInKSwgJzAuNUInKTtcbiAgYXNzZXJ0LmVxdWFsKGZvcm1hdFBhcmFtZXRlcnModW5kZWZpbmVkKSwgdW5kZWZpbmVkKTtcbiAgYXNzZXJ0LmRlZXBFcXVhbChtb2RlbEluZm9MaW5lcyh7IG5hbWU6ICdmaW0nLCBwYXRoOiAnL20nLCBwcm92aWRlcjogJ2NwdScsIGNvbnRleHRMZW5ndGg6IDIwNDgsIHBhcmFtZXRlcnM6IDYwXzAwMF8wMDAgfSksIFtcbiAgICB7IGxhYmVsOiAnZmltJywgZGVzY3JpcHRpb246ICdtb2RlbCcgfSxcbiAgICB7IGxhYmVsOiAnL20nLCBkZXNjcmlwdGlvbjogJ3BhdGgnIH0sXG4gICAgeyBsYWJlbDogJ2NwdScsIGRlc2NyaXB0aW9uOiAnZXhlY3V0aW9uIHByb3ZpZGVyJyB9LFxuICAgIHsgbGFiZWw6ICcyMDQ4IHRva2VucycsIGRlc2NyaXB0aW9uOiAnY29udGV4dCBsZW5ndGgnIH0sXG4gICAgeyBsYWJlbDogJzYwLjAgTScsIGRlc2NyaXB0aW9uOiAncGFyYW1ldGVycycgfSxcbiAgXSk7XG4gIGFzc2VydC5kZWVwRXF1YWwobW9kZWxJbmZvTGluZXMobnVsbCksIFtdKTtcbn0pO1xuIiwgIi8vIFNlcnZlciBzdGF0ZSBhcyBzaG93biBpbiB0aGUgc3RhdHVzIGJhciwgYW5kIHRoZSBgZmltQ29tcGxldGUvc3RhdHVzYCBub3RpZmljYXRpb24uXG4vLyBObyBgdnNjb2RlYCBpbXBvcnQgKHVuaXQtdGVzdGVkIHVuZGVyIG5vZGUpLlxuXG5leHBvcnQgdHlwZSBTZXJ2ZXJTdGF0ZSA9ICdsb2FkaW5nJyB8ICdyZWFkeScgfCAnZXJyb3InIHwgJ2Rpc2FibGVkJztcbi8qKiBXaGF0IHRoZSBzdGF0dXMgYmFyIHNob3dzOiB0aGUgc2VydmVyJ3Mgc3RhdGUsIHBsdXMgYHN0YXJ0aW5nYCBiZWZvcmUgdGhlIHNlcnZlciBoYXMgc2FpZCBhbnl0aGluZy4gKi9cbmV4cG9ydCB0eXBlIERpc3BsYXlTdGF0ZSA9IFNlcnZlclN0YXRlIHwgJ3N0YXJ0aW5nJztcblxuLyoqIFBhcmFtcyBvZiB0aGUgYGZpbUNvbXBsZXRlL3N0YXR1c2Agbm90aWZpY2F0aW9uIChzZXJ2ZXIgLT4gY2xpZW50KS4gKi9cbmV4cG9ydCBpbnRlcmZhY2UgU3RhdHVzUGFyYW1zIHtcbiAgc3RhdGU6IFNlcnZlclN0YXRlO1xuICBtZXNzYWdlPzogc3RyaW5nO1xuICBtb2RlbD86IHN0cmluZztcbiAgcHJvdmlkZXI/OiBzdHJpbmc7XG59XG5cbi8qKiBSZXN1bHQgb2YgdGhlIGBmaW1Db21wbGV0ZS9tb2RlbEluZm9gIHJlcXVlc3QgKGNsaWVudCAtPiBzZXJ2ZXIpLiAqL1xuZXhwb3J0IGludGVyZmFjZSBNb2RlbEluZm8ge1xuICBuYW1lOiBzdHJpbmc7XG4gIHBhdGg6IHN0cmluZztcbiAgcHJvdmlkZXI6IHN0cmluZztcbiAgY29udGV4dExlbmd0aDogbnVtYmVyO1xuICBwYXJhbWV0ZXJzPzogbnVtYmVyIHwgc3RyaW5nO1xufVxuXG5leHBvcnQgY29uc3QgU1RBVFVTX05PVElGSUNBVElPTiA9ICdmaW1Db21wbGV0ZS9zdGF0dXMnO1xuZXhwb3J0IGNvbnN0IE1PREVMX0lORk9fUkVRVUVTVCA9ICdmaW1Db21wbGV0ZS9tb2RlbEluZm8nO1xuXG5jb25zdCBTRVJWRVJfU1RBVEVTOiByZWFkb25seSBzdHJpbmdbXSA9IFsnbG9hZGluZycsICdyZWFkeScsICdlcnJvcicsICdkaXNhYmxlZCddO1xuXG4vKiogVmFsaWRhdGVzIHRoZSBwYXJhbXMgb2YgYSBgZmltQ29tcGxldGUvc3RhdHVzYCBub3RpZmljYXRpb247IHVuZGVmaW5lZCB3aGVuIHVudXNhYmxlLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHBhcnNlU3RhdHVzUGFyYW1zKHBhcmFtczogdW5rbm93bik6IFN0YXR1c1BhcmFtcyB8IHVuZGVmaW5lZCB7XG4gIGlmICh0eXBlb2YgcGFyYW1zICE9PSAnb2JqZWN0JyB8fCBwYXJhbXMgPT09IG51bGwpIHtcbiAgICByZXR1cm4gdW5kZWZpbmVkO1xuICB9XG4gIGNvbnN0IHAgPSBwYXJhbXMgYXMgUmVjb3JkPHN0cmluZywgdW5rbm93bj47XG4gIGlmICh0eXBlb2YgcC5zdGF0ZSAhPT0gJ3N0cmluZycgfHwgIVNFUlZFUl9TVEFURVMuaW5jbHVkZXMocC5zdGF0ZSkpIHtcbiAgICByZXR1cm4gdW5kZWZpbmVkO1xuICB9XG4gIGNvbnN0IG91dDogU3RhdHVzUGFyYW1zID0geyBzdGF0ZTogcC5zdGF0ZSBhcyBTZXJ2ZXJTdGF0ZSB9O1xuICBmb3IgKGNvbnN0IGtleSBvZiBbJ21lc3NhZ2UnLCAnbW9kZWwnLCAncHJvdmlkZXInXSBhcyBjb25zdCkge1xuICAgIGlmICh0eXBlb2YgcFtrZXldID09PSAnc3RyaW5nJyAmJiBwW2tleV0gIT09ICcnKSB7XG4gICAgICBvdXRba2V5XSA9IHBba2V5XSBhcyBzdHJpbmc7XG4gICAgfVxuICB9XG4gIHJldHVybiBvdXQ7XG59XG5cbmV4cG9ydCBpbnRlcmZhY2UgU3RhdHVzVmlldyB7XG4gIC8qKiBXaGF0IHRoZSBzZXJ2ZXIgbGFzdCByZXBvcnRlZCAob3IgYHN0YXJ0aW5nYCkuICovXG4gIHN0YXRlOiBEaXNwbGF5U3RhdGU7XG4gIC8qKiBmaW1Db21wbGV0ZS5lbmFibGVkOiB3aGVuIGZhbHNlIHRoZSBpdGVtIHNob3dzIGBkaXNhYmxlZGAgd2hhdGV2ZXIgdGhlIHNlcnZlciBzYXlzLiAqL1xuICBlbmFibGVkOiBib29sZWFuO1xuICBtZXNzYWdlPzogc3RyaW5nO1xuICBtb2RlbD86IHN0cmluZztcbiAgcHJvdmlkZXI/OiBzdHJpbmc7XG4gIC8qKiBSb3VuZCB0cmlwIG9mIHRoZSBsYXN0IGlubGluZSBjb21wbGV0aW9uIHJlcXVlc3QsIGluIG1zLiAqL1xuICBsYXN0TGF0ZW5jeU1zPzogbnVtYmVyO1xuICAvKiogSG93IG1hbnkgc3VnZ2VzdGlvbnMgdGhlIGxhc3QgcmVxdWVzdCByZXR1cm5lZC4gKi9cbiAgbGFzdEl0ZW1Db3VudD86IG51bWJlcjtcbn1cblxuZXhwb3J0IGludGVyZmFjZSBTdGF0dXNQcmVzZW50YXRpb24ge1xuICAvKiogU3RhdHVzIGJhciB0ZXh0IChtYXkgaG9sZCAkKGNvZGljb24pIHJlZmVyZW5jZXMpLiAqL1xuICB0ZXh0OiBzdHJpbmc7XG4gIHRvb2x0aXA6IHN0cmluZztcbiAgLyoqIEZvciBzY3JlZW4gcmVhZGVycyBhbmQgdGVzdHM6IGBGaW1Db21wbGV0ZTogPHN0YXRlPmAuICovXG4gIGFjY2Vzc2liaWxpdHlMYWJlbDogc3RyaW5nO1xuICAvKiogVGhlIHN0YXRlIHRoYXQgaXMgc2hvd24uICovXG4gIHNob3duOiBEaXNwbGF5U3RhdGU7XG4gIC8qKiBCYWNrZ3JvdW5kIHRvIHVzZTogYGVycm9yYCAtPiBzdGF0dXNCYXJJdGVtLmVycm9yQmFja2dyb3VuZCwgYHdhcm5pbmdgIC0+IHdhcm5pbmdCYWNrZ3JvdW5kLiAqL1xuICBzZXZlcml0eT86ICdlcnJvcicgfCAnd2FybmluZyc7XG59XG5cbmV4cG9ydCBmdW5jdGlvbiBmb3JtYXRMYXRlbmN5KG1zOiBudW1iZXIpOiBzdHJpbmcge1xuICBpZiAoIU51bWJlci5pc0Zpbml0ZShtcykgfHwgbXMgPCAwKSB7XG4gICAgcmV0dXJuICcnO1xuICB9XG4gIGlmIChtcyA8IDEwMDApIHtcbiAgICByZXR1cm4gYCR7TWF0aC5yb3VuZChtcyl9IG1zYDtcbiAgfVxuICByZXR1cm4gYCR7KG1zIC8gMTAwMCkudG9GaXhlZChtcyA8IDEwXzAwMCA/IDEgOiAwKX0gc2A7XG59XG5cbmZ1bmN0aW9uIGRlc2NyaWJlTW9kZWwodjogU3RhdHVzVmlldyk6IHN0cmluZyB7XG4gIGlmICh2Lm1vZGVsICYmIHYucHJvdmlkZXIpIHtcbiAgICByZXR1cm4gYCR7di5tb2RlbH0gKCR7di5wcm92aWRlcn0pYDtcbiAgfVxuICByZXR1cm4gdi5tb2RlbCA/PyAodi5wcm92aWRlciA/IGBwcm92aWRlciAke3YucHJvdmlkZXJ9YCA6ICcnKTtcbn1cblxuZXhwb3J0IGZ1bmN0aW9uIGZvcm1hdFN0YXR1cyh2OiBTdGF0dXNWaWV3KTogU3RhdHVzUHJlc2VudGF0aW9uIHtcbiAgY29uc3Qgc2hvd246IERpc3BsYXlTdGF0ZSA9IHYuZW5hYmxlZCA/IHYuc3RhdGUgOiAnZGlzYWJsZWQnO1xuICBjb25zdCBtb2RlbCA9IGRlc2NyaWJlTW9kZWwodik7XG4gIGNvbnN0IGxpbmVzOiBzdHJpbmdbXSA9IFtdO1xuICBsZXQgdGV4dDogc3RyaW5nO1xuICBsZXQgc2V2ZXJpdHk6IFN0YXR1c1ByZXNlbnRhdGlvblsnc2V2ZXJpdHknXTtcbiAgc3dpdGNoIChzaG93bikge1xuICAgIGNhc2UgJ3N0YXJ0aW5nJzpcbiAgICAgIHRleHQgPSAnJChsb2FkaW5nfnNwaW4pIEZJTSc7XG4gICAgICBsaW5lcy5wdXNoKCdGaW1Db21wbGV0ZTogc3RhcnRpbmcgdGhlIHNlcnZlclx1MjAyNicpO1xuICAgICAgYnJlYWs7XG4gICAgY2FzZSAnbG9hZGluZyc6XG4gICAgICB0ZXh0ID0gJyQobG9hZGluZ35zcGluKSBGSU0nO1xuICAgICAgbGluZXMucHVzaChgRmltQ29tcGxldGU6IGxvYWRpbmcgbW9kZWwke21vZGVsID8gJyAnICsgbW9kZWwgOiAnJ31cdTIwMjZgKTtcbiAgICAgIGJyZWFrO1xuICAgIGNhc2UgJ3JlYWR5Jzoge1xuICAgICAgY29uc3QgbGF0ZW5jeSA9IHYubGFzdExhdGVuY3lNcyAhPT0gdW5kZWZpbmVkID8gZm9ybWF0TGF0ZW5jeSh2Lmxhc3RMYXRlbmN5TXMpIDogJyc7XG4gICAgICB0ZXh0ID0gbGF0ZW5jeSA/IGAkKHNwYXJrbGUpIEZJTSAke2xhdGVuY3l9YCA6ICckKHNwYXJrbGUpIEZJTSc7XG4gICAgICBsaW5lcy5wdXNoKGBGaW1Db21wbGV0ZTogcmVhZHkke21vZGVsID8gJyBcdTIwMTQgJyArIG1vZGVsIDogJyd9YCk7XG4gICAgICBpZiAobGF0ZW5jeSkge1xuICAgICAgICBjb25zdCBjb3VudCA9IHYubGFzdEl0ZW1Db3VudCAhPT0gdW5kZWZpbmVkID8gYCwgJHt2Lmxhc3RJdGVtQ291bnR9IHN1Z2dlc3Rpb24ke3YubGFzdEl0ZW1Db3VudCA9PT0gMSA/ICcnIDogJ3MnfWAgOiAnJztcbiAgICAgICAgbGluZXMucHVzaChgTGFzdCBjb21wbGV0aW9uOiAke2xhdGVuY3l9JHtjb3VudH1gKTtcbiAgICAgIH1cbiAgICAgIGJyZWFrO1xuICAgIH1cbiAgICBjYXNlICdlcnJvcic6XG4gICAgICB0ZXh0ID0gJyQoZXJyb3IpIEZJTSc7XG4gICAgICBzZXZlcml0eSA9ICdlcnJvcic7XG4gICAgICBsaW5lcy5wdXNoKCdGaW1Db21wbGV0ZTogZXJyb3InKTtcbiAgICAgIGJyZWFrO1xuICAgIGNhc2UgJ2Rpc2FibGVkJzpcbiAgICAgIHRleHQgPSAnJChjaXJjbGUtc2xhc2gpIEZJTSc7XG4gICAgICBsaW5lcy5wdXNoKHYuZW5hYmxlZCA/ICdGaW1Db21wbGV0ZTogZGlzYWJsZWQgYnkgdGhlIHNlcnZlcicgOiAnRmltQ29tcGxldGU6IGRpc2FibGVkIChmaW1Db21wbGV0ZS5lbmFibGVkIGlzIG9mZiknKTtcbiAgICAgIGJyZWFrO1xuICB9XG4gIC8vIEEgdXNlciB3aG8gc3dpdGNoZWQgdGhlIGV4dGVuc2lvbiBvZmYgZG9lcyBub3QgbmVlZCB0aGUgc2VydmVyJ3MgbGFzdCBtZXNzYWdlLlxuICBpZiAodi5tZXNzYWdlICYmIChzaG93biAhPT0gJ2Rpc2FibGVkJyB8fCB2LmVuYWJsZWQpKSB7XG4gICAgbGluZXMucHVzaCh2Lm1lc3NhZ2UpO1xuICB9XG4gIGxpbmVzLnB1c2goJ0NsaWNrIGZvciBGaW1Db21wbGV0ZSBhY3Rpb25zJyk7XG4gIHJldHVybiB7XG4gICAgdGV4dCxcbiAgICB0b29sdGlwOiBsaW5lcy5qb2luKCdcXG4nKSxcbiAgICBhY2Nlc3NpYmlsaXR5TGFiZWw6IGBGaW1Db21wbGV0ZTogJHtzaG93bn1gLFxuICAgIHNob3duLFxuICAgIHNldmVyaXR5LFxuICB9O1xufVxuXG4vKiogYDEyMzQ1NjdgIC0+IGAxLjIgTWA7IHN0cmluZ3MgYXJlIHNob3duIGFzIGdpdmVuLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGZvcm1hdFBhcmFtZXRlcnMocDogbnVtYmVyIHwgc3RyaW5nIHwgdW5kZWZpbmVkKTogc3RyaW5nIHwgdW5kZWZpbmVkIHtcbiAgaWYgKHAgPT09IHVuZGVmaW5lZCB8fCBwID09PSAnJykge1xuICAgIHJldHVybiB1bmRlZmluZWQ7XG4gIH1cbiAgaWYgKHR5cGVvZiBwID09PSAnc3RyaW5nJykge1xuICAgIHJldHVybiBwO1xuICB9XG4gIGlmICghTnVtYmVyLmlzRmluaXRlKHApIHx8IHAgPCAwKSB7XG4gICAgcmV0dXJuIHVuZGVmaW5lZDtcbiAgfVxuICBpZiAocCA+PSAxZTkpIHtcbiAgICByZXR1cm4gYCR7KHAgLyAxZTkpLnRvRml4ZWQoMSl9IEJgO1xuICB9XG4gIGlmIChwID49IDFlNikge1xuICAgIHJldHVybiBgJHsocCAvIDFlNikudG9GaXhlZChwID49IDFlOCA/IDAgOiAxKX0gTWA7XG4gIH1cbiAgaWYgKHAgPj0gMWUzKSB7XG4gICAgcmV0dXJuIGAkeyhwIC8gMWUzKS50b0ZpeGVkKDApfSBLYDtcbiAgfVxuICByZXR1cm4gU3RyaW5nKHApO1xufVxuXG4vKiogVGhlIGxpbmVzIG9mIHRoZSBcIkZpbUNvbXBsZXRlOiBTaG93IE1vZGVsXCIgcXVpY2sgcGljazogbGFiZWwgPSB2YWx1ZSwgZGVzY3JpcHRpb24gPSB3aGF0IGl0IGlzLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIG1vZGVsSW5mb0xpbmVzKGluZm86IFBhcnRpYWw8TW9kZWxJbmZvPiB8IG51bGwgfCB1bmRlZmluZWQpOiB7IGxhYmVsOiBzdHJpbmc7IGRlc2NyaXB0aW9uOiBzdHJpbmcgfVtdIHtcbiAgaWYgKCFpbmZvIHx8IHR5cGVvZiBpbmZvICE9PSAnb2JqZWN0Jykge1xuICAgIHJldHVybiBbXTtcbiAgfVxuICBjb25zdCBsaW5lczogeyBsYWJlbDogc3RyaW5nOyBkZXNjcmlwdGlvbjogc3RyaW5nIH1bXSA9IFtdO1xuICBjb25zdCBhZGQgPSAodmFsdWU6IHVua25vd24sIGRlc2NyaXB0aW9uOiBzdHJpbmcpOiB2b2lkID0+IHtcbiAgICBpZiAodmFsdWUgIT09IHVuZGVmaW5lZCAmJiB2YWx1ZSAhPT0gbnVsbCAmJiB2YWx1ZSAhPT0gJycpIHtcbiAgICAgIGxpbmVzLnB1c2goeyBsYWJlbDogU3RyaW5nKHZhbHVlKSwgZGVzY3JpcHRpb24gfSk7XG4gICAgfVxuICB9O1xuICBhZGQoaW5mby5uYW1lLCAnbW9kZWwnKTtcbiAgYWRkKGluZm8ucGF0aCwgJ3BhdGgnKTtcbiAgYWRkKGluZm8ucHJvdmlkZXIsICdleGVjdXRpb24gcHJvdmlkZXInKTtcbiAgaWYgKHR5cGVvZiBpbmZvLmNvbnRleHRMZW5ndGggPT09ICdudW1iZXInICYmIGluZm8uY29udGV4dExlbmd0aCA+IDApIHtcbiAgICBhZGQoYCR7aW5mby5jb250ZXh0TGVuZ3RofSB0b2tlbnNgLCAnY29udGV4dCBsZW5ndGgnKTtcbiAgfVxuICBhZGQoZm9ybWF0UGFyYW1ldGVycyhpbmZvLnBhcmFtZXRlcnMpLCAncGFyYW1ldGVycycpO1xuICByZXR1cm4gbGluZXM7XG59XG4iXSwKICAibWFwcGluZ3MiOiAiOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7O0FBQUEsdUJBQXFCO0FBQ3JCLGFBQXdCOzs7QUMwQnhCLElBQU0sZ0JBQW1DLENBQUMsV0FBVyxTQUFTLFNBQVMsVUFBVTtBQUcxRSxTQUFTLGtCQUFrQixRQUEyQztBQUMzRSxNQUFJLE9BQU8sV0FBVyxZQUFZLFdBQVcsTUFBTTtBQUNqRCxXQUFPO0FBQUEsRUFDVDtBQUNBLFFBQU0sSUFBSTtBQUNWLE1BQUksT0FBTyxFQUFFLFVBQVUsWUFBWSxDQUFDLGNBQWMsU0FBUyxFQUFFLEtBQUssR0FBRztBQUNuRSxXQUFPO0FBQUEsRUFDVDtBQUNBLFFBQU0sTUFBb0IsRUFBRSxPQUFPLEVBQUUsTUFBcUI7QUFDMUQsYUFBVyxPQUFPLENBQUMsV0FBVyxTQUFTLFVBQVUsR0FBWTtBQUMzRCxRQUFJLE9BQU8sRUFBRSxHQUFHLE1BQU0sWUFBWSxFQUFFLEdBQUcsTUFBTSxJQUFJO0FBQy9DLFVBQUksR0FBRyxJQUFJLEVBQUUsR0FBRztBQUFBLElBQ2xCO0FBQUEsRUFDRjtBQUNBLFNBQU87QUFDVDtBQTRCTyxTQUFTLGNBQWMsSUFBb0I7QUFDaEQsTUFBSSxDQUFDLE9BQU8sU0FBUyxFQUFFLEtBQUssS0FBSyxHQUFHO0FBQ2xDLFdBQU87QUFBQSxFQUNUO0FBQ0EsTUFBSSxLQUFLLEtBQU07QUFDYixXQUFPLEdBQUcsS0FBSyxNQUFNLEVBQUUsQ0FBQztBQUFBLEVBQzFCO0FBQ0EsU0FBTyxJQUFJLEtBQUssS0FBTSxRQUFRLEtBQUssTUFBUyxJQUFJLENBQUMsQ0FBQztBQUNwRDtBQUVBLFNBQVMsY0FBYyxHQUF1QjtBQUM1QyxNQUFJLEVBQUUsU0FBUyxFQUFFLFVBQVU7QUFDekIsV0FBTyxHQUFHLEVBQUUsS0FBSyxLQUFLLEVBQUUsUUFBUTtBQUFBLEVBQ2xDO0FBQ0EsU0FBTyxFQUFFLFVBQVUsRUFBRSxXQUFXLFlBQVksRUFBRSxRQUFRLEtBQUs7QUFDN0Q7QUFFTyxTQUFTLGFBQWEsR0FBbUM7QUFDOUQsUUFBTSxRQUFzQixFQUFFLFVBQVUsRUFBRSxRQUFRO0FBQ2xELFFBQU0sUUFBUSxjQUFjLENBQUM7QUFDN0IsUUFBTSxRQUFrQixDQUFDO0FBQ3pCLE1BQUk7QUFDSixNQUFJO0FBQ0osVUFBUSxPQUFPO0FBQUEsSUFDYixLQUFLO0FBQ0gsYUFBTztBQUNQLFlBQU0sS0FBSyx3Q0FBbUM7QUFDOUM7QUFBQSxJQUNGLEtBQUs7QUFDSCxhQUFPO0FBQ1AsWUFBTSxLQUFLLDZCQUE2QixRQUFRLE1BQU0sUUFBUSxFQUFFLFFBQUc7QUFDbkU7QUFBQSxJQUNGLEtBQUssU0FBUztBQUNaLFlBQU0sVUFBVSxFQUFFLGtCQUFrQixTQUFZLGNBQWMsRUFBRSxhQUFhLElBQUk7QUFDakYsYUFBTyxVQUFVLGtCQUFrQixPQUFPLEtBQUs7QUFDL0MsWUFBTSxLQUFLLHFCQUFxQixRQUFRLGFBQVEsUUFBUSxFQUFFLEVBQUU7QUFDNUQsVUFBSSxTQUFTO0FBQ1gsY0FBTSxRQUFRLEVBQUUsa0JBQWtCLFNBQVksS0FBSyxFQUFFLGFBQWEsY0FBYyxFQUFFLGtCQUFrQixJQUFJLEtBQUssR0FBRyxLQUFLO0FBQ3JILGNBQU0sS0FBSyxvQkFBb0IsT0FBTyxHQUFHLEtBQUssRUFBRTtBQUFBLE1BQ2xEO0FBQ0E7QUFBQSxJQUNGO0FBQUEsSUFDQSxLQUFLO0FBQ0gsYUFBTztBQUNQLGlCQUFXO0FBQ1gsWUFBTSxLQUFLLG9CQUFvQjtBQUMvQjtBQUFBLElBQ0YsS0FBSztBQUNILGFBQU87QUFDUCxZQUFNLEtBQUssRUFBRSxVQUFVLHdDQUF3QyxvREFBb0Q7QUFDbkg7QUFBQSxFQUNKO0FBRUEsTUFBSSxFQUFFLFlBQVksVUFBVSxjQUFjLEVBQUUsVUFBVTtBQUNwRCxVQUFNLEtBQUssRUFBRSxPQUFPO0FBQUEsRUFDdEI7QUFDQSxRQUFNLEtBQUssK0JBQStCO0FBQzFDLFNBQU87QUFBQSxJQUNMO0FBQUEsSUFDQSxTQUFTLE1BQU0sS0FBSyxJQUFJO0FBQUEsSUFDeEIsb0JBQW9CLGdCQUFnQixLQUFLO0FBQUEsSUFDekM7QUFBQSxJQUNBO0FBQUEsRUFDRjtBQUNGO0FBR08sU0FBUyxpQkFBaUIsR0FBb0Q7QUFDbkYsTUFBSSxNQUFNLFVBQWEsTUFBTSxJQUFJO0FBQy9CLFdBQU87QUFBQSxFQUNUO0FBQ0EsTUFBSSxPQUFPLE1BQU0sVUFBVTtBQUN6QixXQUFPO0FBQUEsRUFDVDtBQUNBLE1BQUksQ0FBQyxPQUFPLFNBQVMsQ0FBQyxLQUFLLElBQUksR0FBRztBQUNoQyxXQUFPO0FBQUEsRUFDVDtBQUNBLE1BQUksS0FBSyxLQUFLO0FBQ1osV0FBTyxJQUFJLElBQUksS0FBSyxRQUFRLENBQUMsQ0FBQztBQUFBLEVBQ2hDO0FBQ0EsTUFBSSxLQUFLLEtBQUs7QUFDWixXQUFPLElBQUksSUFBSSxLQUFLLFFBQVEsS0FBSyxNQUFNLElBQUksQ0FBQyxDQUFDO0FBQUEsRUFDL0M7QUFDQSxNQUFJLEtBQUssS0FBSztBQUNaLFdBQU8sSUFBSSxJQUFJLEtBQUssUUFBUSxDQUFDLENBQUM7QUFBQSxFQUNoQztBQUNBLFNBQU8sT0FBTyxDQUFDO0FBQ2pCO0FBR08sU0FBUyxlQUFlLE1BQXVGO0FBQ3BILE1BQUksQ0FBQyxRQUFRLE9BQU8sU0FBUyxVQUFVO0FBQ3JDLFdBQU8sQ0FBQztBQUFBLEVBQ1Y7QUFDQSxRQUFNLFFBQWtELENBQUM7QUFDekQsUUFBTSxNQUFNLENBQUMsT0FBZ0IsZ0JBQThCO0FBQ3pELFFBQUksVUFBVSxVQUFhLFVBQVUsUUFBUSxVQUFVLElBQUk7QUFDekQsWUFBTSxLQUFLLEVBQUUsT0FBTyxPQUFPLEtBQUssR0FBRyxZQUFZLENBQUM7QUFBQSxJQUNsRDtBQUFBLEVBQ0Y7QUFDQSxNQUFJLEtBQUssTUFBTSxPQUFPO0FBQ3RCLE1BQUksS0FBSyxNQUFNLE1BQU07QUFDckIsTUFBSSxLQUFLLFVBQVUsb0JBQW9CO0FBQ3ZDLE1BQUksT0FBTyxLQUFLLGtCQUFrQixZQUFZLEtBQUssZ0JBQWdCLEdBQUc7QUFDcEUsUUFBSSxHQUFHLEtBQUssYUFBYSxXQUFXLGdCQUFnQjtBQUFBLEVBQ3REO0FBQ0EsTUFBSSxpQkFBaUIsS0FBSyxVQUFVLEdBQUcsWUFBWTtBQUNuRCxTQUFPO0FBQ1Q7OztJRGpMQSx1QkFBSyxzQkFBc0IsTUFBTTtBQUMvQixFQUFPLGFBQU0sY0FBYyxDQUFDLEdBQUcsTUFBTTtBQUNyQyxFQUFPLGFBQU0sY0FBYyxLQUFLLEdBQUcsUUFBUTtBQUMzQyxFQUFPLGFBQU0sY0FBYyxLQUFLLEdBQUcsUUFBUTtBQUMzQyxFQUFPLGFBQU0sY0FBYyxJQUFJLEdBQUcsT0FBTztBQUN6QyxFQUFPLGFBQU0sY0FBYyxLQUFNLEdBQUcsTUFBTTtBQUMxQyxFQUFPLGFBQU0sY0FBYyxPQUFPLEdBQUcsR0FBRyxFQUFFO0FBQzFDLEVBQU8sYUFBTSxjQUFjLEVBQUUsR0FBRyxFQUFFO0FBQ3BDLENBQUM7QUFBQSxJQUVELHVCQUFLLDhDQUE4QyxNQUFNO0FBQ3ZELFFBQU0sSUFBSSxhQUFhLEVBQUUsT0FBTyxTQUFTLFNBQVMsTUFBTSxPQUFPLFlBQVksVUFBVSxPQUFPLGVBQWUsT0FBTyxlQUFlLEVBQUUsQ0FBQztBQUNwSSxFQUFPLGFBQU0sRUFBRSxNQUFNLHVCQUF1QjtBQUM1QyxFQUFPLGFBQU0sRUFBRSxPQUFPLE9BQU87QUFDN0IsRUFBTyxhQUFNLEVBQUUsb0JBQW9CLG9CQUFvQjtBQUN2RCxFQUFPLGFBQU0sRUFBRSxTQUFTLGdGQUFnRjtBQUN4RyxFQUFPLGFBQU0sRUFBRSxVQUFVLE1BQVM7QUFDcEMsQ0FBQztBQUFBLElBRUQsdUJBQUssZ0RBQWdELE1BQU07QUFDekQsRUFBTyxhQUFNLGFBQWEsRUFBRSxPQUFPLFNBQVMsU0FBUyxLQUFLLENBQUMsRUFBRSxNQUFNLGdCQUFnQjtBQUNyRixDQUFDO0FBQUEsSUFFRCx1QkFBSyw2QkFBNkIsTUFBTTtBQUN0QyxRQUFNLFVBQVUsYUFBYSxFQUFFLE9BQU8sV0FBVyxTQUFTLE1BQU0sT0FBTyxJQUFJLENBQUM7QUFDNUUsRUFBTyxhQUFNLFFBQVEsTUFBTSxxQkFBcUI7QUFDaEQsRUFBTyxhQUFNLFFBQVEsU0FBUyxpQkFBaUI7QUFDL0MsRUFBTyxhQUFNLGFBQWEsRUFBRSxPQUFPLFlBQVksU0FBUyxLQUFLLENBQUMsRUFBRSxvQkFBb0IsdUJBQXVCO0FBQzdHLENBQUM7QUFBQSxJQUVELHVCQUFLLHdDQUF3QyxNQUFNO0FBQ2pELFFBQU0sSUFBSSxhQUFhLEVBQUUsT0FBTyxTQUFTLFNBQVMsTUFBTSxTQUFTLHNCQUFzQixDQUFDO0FBQ3hGLEVBQU8sYUFBTSxFQUFFLE1BQU0sY0FBYztBQUNuQyxFQUFPLGFBQU0sRUFBRSxVQUFVLE9BQU87QUFDaEMsRUFBTyxhQUFNLEVBQUUsU0FBUyxzQkFBc0I7QUFDaEQsQ0FBQztBQUFBLElBRUQsdUJBQUssa0RBQWtELE1BQU07QUFDM0QsYUFBVyxTQUFTLENBQUMsU0FBUyxXQUFXLFNBQVMsVUFBVSxHQUFZO0FBQ3RFLFVBQU0sSUFBSSxhQUFhLEVBQUUsT0FBTyxTQUFTLE9BQU8sU0FBUyxZQUFZLGVBQWUsRUFBRSxDQUFDO0FBQ3ZGLElBQU8sYUFBTSxFQUFFLE9BQU8sVUFBVTtBQUNoQyxJQUFPLGFBQU0sRUFBRSxNQUFNLHFCQUFxQjtBQUMxQyxJQUFPLG9CQUFhLEVBQUUsU0FBUyxVQUFVO0FBQ3pDLElBQU8sYUFBTSxFQUFFLFVBQVUsTUFBUztBQUFBLEVBQ3BDO0FBQ0EsRUFBTyxhQUFNLGFBQWEsRUFBRSxPQUFPLFlBQVksU0FBUyxLQUFLLENBQUMsRUFBRSxTQUFTLHdCQUF3QjtBQUNuRyxDQUFDO0FBQUEsSUFFRCx1QkFBSyw0Q0FBNEMsTUFBTTtBQUNyRCxFQUFPLGlCQUFVLGtCQUFrQixFQUFFLE9BQU8sU0FBUyxPQUFPLEtBQUssVUFBVSxPQUFPLE9BQU8sRUFBRSxDQUFDLEdBQUcsRUFBRSxPQUFPLFNBQVMsT0FBTyxLQUFLLFVBQVUsTUFBTSxDQUFDO0FBQzlJLEVBQU8saUJBQVUsa0JBQWtCLEVBQUUsT0FBTyxTQUFTLFNBQVMsUUFBUSxPQUFPLEVBQUUsQ0FBQyxHQUFHLEVBQUUsT0FBTyxTQUFTLFNBQVMsT0FBTyxDQUFDO0FBQ3RILEVBQU8sYUFBTSxrQkFBa0IsRUFBRSxPQUFPLFdBQVcsQ0FBQyxHQUFHLE1BQVM7QUFDaEUsRUFBTyxhQUFNLGtCQUFrQixJQUFJLEdBQUcsTUFBUztBQUMvQyxFQUFPLGFBQU0sa0JBQWtCLE9BQU8sR0FBRyxNQUFTO0FBQ3BELENBQUM7QUFBQSxJQUVELHVCQUFLLHlDQUF5QyxNQUFNO0FBQ2xELEVBQU8sYUFBTSxpQkFBaUIsT0FBUyxHQUFHLE9BQU87QUFDakQsRUFBTyxhQUFNLGlCQUFpQixJQUFXLEdBQUcsT0FBTztBQUNuRCxFQUFPLGFBQU0saUJBQWlCLElBQWEsR0FBRyxPQUFPO0FBQ3JELEVBQU8sYUFBTSxpQkFBaUIsSUFBTSxHQUFHLE1BQU07QUFDN0MsRUFBTyxhQUFNLGlCQUFpQixNQUFNLEdBQUcsTUFBTTtBQUM3QyxFQUFPLGFBQU0saUJBQWlCLE1BQVMsR0FBRyxNQUFTO0FBQ25ELEVBQU8saUJBQVUsZUFBZSxFQUFFLE1BQU0sT0FBTyxNQUFNLE1BQU0sVUFBVSxPQUFPLGVBQWUsTUFBTSxZQUFZLElBQVcsQ0FBQyxHQUFHO0FBQUEsSUFDMUgsRUFBRSxPQUFPLE9BQU8sYUFBYSxRQUFRO0FBQUEsSUFDckMsRUFBRSxPQUFPLE1BQU0sYUFBYSxPQUFPO0FBQUEsSUFDbkMsRUFBRSxPQUFPLE9BQU8sYUFBYSxxQkFBcUI7QUFBQSxJQUNsRCxFQUFFLE9BQU8sZUFBZSxhQUFhLGlCQUFpQjtBQUFBLElBQ3RELEVBQUUsT0FBTyxVQUFVLGFBQWEsYUFBYTtBQUFBLEVBQy9DLENBQUM7QUFDRCxFQUFPLGlCQUFVLGVBQWUsSUFBSSxHQUFHLENBQUMsQ0FBQztBQUMzQyxDQUFDOyIsCiAgIm5hbWVzIjogW10KfQo=
