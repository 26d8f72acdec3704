// Content check of a per-platform .vsix (no unpacking, no dependencies): marked for its platform, under the size
// limit, holding the self-contained server for that platform's runtime identifier (the executable and the .NET
// runtime in the right binary format for the right architecture: ELF / PE / Mach-O, read from their headers),
// exactly one ONNX Runtime native library (that platform's), and the default model.
//
//   node check-vsix.mjs <file.vsix> <target>      e.g. fimcomplete-linux-x64-0.1.0.vsix linux-x64
//
// Prints one line per check and last `N passed, N failed`; exits 1 when a check failed.
import { readFileSync, statSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { MAX_TARGET_VSIX_BYTES, ONNX_RUNTIME_LIBRARIES, TARGETS } from '../../scripts/targets.mjs';

const [file, targetName] = process.argv.slice(2);
const t = TARGETS[targetName];
if (!file || !t) {
  console.error(`usage: node check-vsix.mjs <file.vsix> <${Object.keys(TARGETS).join('|')}>`);
  process.exit(2);
}
const results = [];
function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'} [${targetName}] ${name}${detail ? ': ' + detail : ''}`);
}

/** The zip's central directory: name -> { method, compressedSize, size, offset, mode }. */
function readZip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    entries.set(name, { method, compressedSize, size, offset, mode: (external >>> 16) & 0o7777 });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(buf, e, maxBytes = Infinity) {
  const nameLength = buf.readUInt16LE(e.offset + 26);
  const extraLength = buf.readUInt16LE(e.offset + 28);
  const start = e.offset + 30 + nameLength + extraLength;
  const raw = buf.subarray(start, start + e.compressedSize);
  const data = e.method === 0 ? raw : inflateRawSync(raw);
  return data.subarray(0, Math.min(data.length, maxBytes));
}

/** { format, arch, signed? } of an executable or library, from its header. */
export function binaryKind(b) {
  if (b.length >= 20 && b.readUInt32BE(0) === 0x7f454c46) {
    const machine = b.readUInt16LE(18);
    return { format: 'elf', arch: machine === 0x3e ? 'x64' : machine === 0xb7 ? 'arm64' : `machine 0x${machine.toString(16)}` };
  }
  if (b.length >= 64 && b.toString('ascii', 0, 2) === 'MZ') {
    const pe = b.readUInt32LE(0x3c);
    if (b.length >= pe + 6 && b.readUInt32BE(pe) === 0x50450000) {
      const machine = b.readUInt16LE(pe + 4);
      return { format: 'pe', arch: machine === 0x8664 ? 'x64' : machine === 0xaa64 ? 'arm64' : `machine 0x${machine.toString(16)}` };
    }
  }
  if (b.length >= 32 && b.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = b.readUInt32LE(4);
    const ncmds = b.readUInt32LE(16);
    let p = 32;
    let signed = false;
    for (let i = 0; i < ncmds && p + 8 <= b.length; i++) {
      const cmd = b.readUInt32LE(p);
      if (cmd === 0x1d) signed = true; // LC_CODE_SIGNATURE: arm64 macOS runs only signed code (ad-hoc is enough)
      p += b.readUInt32LE(p + 4);
    }
    return { format: 'macho', arch: cpu === 0x01000007 ? 'x64' : cpu === 0x0100000c ? 'arm64' : `cpu 0x${cpu.toString(16)}`, signed };
  }
  return { format: 'unknown', arch: 'unknown' };
}

const buf = readFileSync(file);
const size = statSync(file).size;
const entries = readZip(buf);
const names = [...entries.keys()];
check(`size <= ${MAX_TARGET_VSIX_BYTES / 1e6} MB`, size <= MAX_TARGET_VSIX_BYTES, `${(size / 1e6).toFixed(1)} MB`);

const manifest = entries.get('extension.vsixmanifest');
const manifestText = manifest ? readEntry(buf, manifest).toString('utf8') : '';
check(`the package is marked for ${t.target} (TargetPlatform)`, new RegExp(`TargetPlatform="${t.target}"`).test(manifestText));
const targetJson = entries.get('extension/server/target.json');
const target = targetJson ? JSON.parse(readEntry(buf, targetJson).toString('utf8')) : {};
check('server/target.json names the platform and the executable', target.target === t.target && target.executable === t.exe, JSON.stringify(target));

const exeEntry = entries.get(`extension/server/${t.exe}`);
const exe = exeEntry ? binaryKind(readEntry(buf, exeEntry)) : undefined;
check(`server/${t.exe} is ${t.format} for ${t.arch}`, exe?.format === t.format && exe?.arch === t.arch, JSON.stringify(exe ?? 'missing'));
if (t.format !== 'pe') {
  check(`server/${t.exe} keeps its execute permission in the package`, exeEntry !== undefined && (exeEntry.mode & 0o111) !== 0, `mode ${exeEntry?.mode.toString(8)}`);
}
if (t.format === 'macho') {
  check(`server/${t.exe} carries a code signature (arm64 macOS runs only signed code)`, exe?.signed === true);
}

const coreclr = { elf: 'libcoreclr.so', pe: 'coreclr.dll', macho: 'libcoreclr.dylib' }[t.format];
const runtimeEntry = entries.get(`extension/server/${coreclr}`);
const runtime = runtimeEntry ? binaryKind(readEntry(buf, runtimeEntry, 1 << 16)) : undefined;
check(`the .NET runtime is bundled (server/${coreclr}, ${t.format} ${t.arch})`, runtime?.format === t.format && runtime?.arch === t.arch, JSON.stringify(runtime ?? 'missing'));
check('the server is self-contained (System.Private.CoreLib.dll and fimcomplete.dll next to the executable)',
  entries.has('extension/server/System.Private.CoreLib.dll') && entries.has('extension/server/fimcomplete.dll'));

const onnx = names.filter((n) => ONNX_RUNTIME_LIBRARIES.some((lib) => n.endsWith('/' + lib)));
check(`exactly one ONNX Runtime library: server/${t.onnxRuntime}`, onnx.length === 1 && onnx[0] === `extension/server/${t.onnxRuntime}`, JSON.stringify(onnx));
const ortEntry = entries.get(`extension/server/${t.onnxRuntime}`);
const ort = ortEntry ? binaryKind(readEntry(buf, ortEntry, 1 << 16)) : undefined;
check(`server/${t.onnxRuntime} is ${t.format} for ${t.arch}`, ort?.format === t.format && ort?.arch === t.arch, JSON.stringify(ort ?? 'missing'));
const foreignNatives = names.filter((n) => n.startsWith('extension/server/runtimes/'));
check('no runtimes/<rid> folder (no other platform\'s native libraries)', foreignNatives.length === 0, foreignNatives.slice(0, 3).join(', '));

check('the default model is bundled (model/fim.json, model/model.onnx)', entries.has('extension/model/fim.json') && (entries.get('extension/model/model.onnx')?.size ?? 0) > 1_000_000);
check('the extension bundle is there (dist/extension.js)', entries.has('extension/dist/extension.js'));

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
