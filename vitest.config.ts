import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Media tests spawn FFmpeg; two cores, so keep file-level parallelism modest.
    maxWorkers: 2,
  },
});
