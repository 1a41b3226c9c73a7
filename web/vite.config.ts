import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web UI: Preact through esbuild's JSX transform (no Babel), built into dist/web, which the
// server serves at `/`. `base: './'` keeps asset URLs relative, so any mount path works.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  logLevel: 'warn',
  server: { proxy: { '^/(jobs|health|openapi.json|docs|upload_document|list_collections|generate_quiz|get_quiz_checkpoints|submit_quiz_answer)': 'http://127.0.0.1:8765' } },
});
