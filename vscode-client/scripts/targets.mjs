// The per-platform packages: VS Code's target names (`vsce package --target`), the .NET runtime identifier of
// the self-contained server for each, and the ONNX Runtime native library that must ship with it.
// Shared by package.mjs and the content check (check-vsix.mjs).

/** @typedef {{ target: string, rid: string, exe: string, onnxRuntime: string, format: 'elf' | 'pe' | 'macho', arch: 'x64' | 'arm64' }} Target */

/** @type {Record<string, Target>} */
export const TARGETS = {
  'linux-x64': { target: 'linux-x64', rid: 'linux-x64', exe: 'fimcomplete', onnxRuntime: 'libonnxruntime.so', format: 'elf', arch: 'x64' },
  'linux-arm64': { target: 'linux-arm64', rid: 'linux-arm64', exe: 'fimcomplete', onnxRuntime: 'libonnxruntime.so', format: 'elf', arch: 'arm64' },
  'win32-x64': { target: 'win32-x64', rid: 'win-x64', exe: 'fimcomplete.exe', onnxRuntime: 'onnxruntime.dll', format: 'pe', arch: 'x64' },
  'darwin-arm64': { target: 'darwin-arm64', rid: 'osx-arm64', exe: 'fimcomplete', onnxRuntime: 'libonnxruntime.dylib', format: 'macho', arch: 'arm64' },
};

/** Targets VS Code has but that cannot be built, with the reason. */
export const UNSUPPORTED = {
  'darwin-x64':
    'ONNX Runtime 1.32.0 (the Microsoft.ML.OnnxRuntime package) ships no osx-x64 native library, so there is no server for Intel Macs.',
  'win32-arm64':
    'the .NET runtime packs for win-arm64 (Microsoft.NETCore.App.Runtime.win-arm64, Microsoft.NETCore.App.Host.win-arm64) ' +
    'do not restore from the NuGet source this project builds with, so no self-contained server can be built for it; ' +
    'on Windows on Arm use the universal package (fimcomplete-<version>.vsix) with the .NET 10 runtime for arm64, or run the win32-x64 package under emulation.',
};

/** The ONNX Runtime native libraries of every platform: a per-platform package holds exactly its own. */
export const ONNX_RUNTIME_LIBRARIES = ['libonnxruntime.so', 'libonnxruntime.dylib', 'onnxruntime.dll'];

/** The largest per-platform package the project accepts (bytes). */
export const MAX_TARGET_VSIX_BYTES = 50 * 1000 * 1000;

/** The file, inside server/, that names the platform a per-platform package was built for. */
export const TARGET_MANIFEST = 'target.json';
