// Bundles the CLI into dist/bin (lectra.js + lazily loaded chunks) with esbuild. One file per
// command path instead of ~250 modules and their packages' files saves Node most of its module
// resolution at start-up (`lectra --version`, a warm re-render). Packages with native code, WASM
// or files of their own next to their code stay external (loaded from node_modules, most only
// when first needed); pure-JS packages are bundled. `--splitting` keeps each command's code (and
// its external imports) in its own chunk, loaded only when that command runs.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist/bin', { recursive: true, force: true });

const EXTERNAL = [
  'sharp', '@resvg/resvg-js', 'sherpa-onnx-node', 'node-llama-cpp', // native
  '@ffmpeg-installer/*', '@ffprobe-installer/*', // binaries found next to their package.json
  '@echogarden/espeak-ng-emscripten', 'espeak-ng', // WASM and data files
  'unpdf', 'mammoth', 'pptxgenjs', 'jszip', 'openai', 'ws', // large, and loaded only when used
  'fastify', '@fastify/*', // the server: worker files of its logger
  'playwright-core', 'vite', // tests and the web build only
  'katex', // markdown-it-texmath requires it only without an engine; LECTRA passes its own
  'shiki', '@shikijs/*', '@mathjax/*', 'speech-rule-engine', '@hpcc-js/*', // large, grammars, fonts and WASM as files; loaded only for decks with code, maths or diagrams
];

await build({
  entryPoints: { lectra: 'src/cli/lectra.ts' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: EXTERNAL,
  // Bundled CommonJS packages call require() (for Node built-ins): give the ESM bundle one.
  banner: { js: "import { createRequire as __lectraCreateRequire } from 'node:module'; const require = __lectraCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
