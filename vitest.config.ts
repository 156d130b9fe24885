import { defineConfig } from 'vitest/config';
import { watModules } from './vite.config.ts';

export default defineConfig({
  plugins: [watModules()],
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
