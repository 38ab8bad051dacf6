import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard is plain React with esbuild's automatic JSX runtime; no React plugin is
// needed for a production build. In development the API is proxied to the one-process host.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  // The forms validate with the same command schemas as the API, from the pure domain library.
  resolve: {
    alias: {
      '@sunshine/domain': fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)),
    },
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'react' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // zod places its purity comments where Rollup cannot use them; the output is unchanged.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/zod/')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': process.env.SUNSHINE_API_URL ?? 'http://localhost:3000' },
  },
});
