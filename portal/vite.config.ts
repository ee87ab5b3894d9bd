// The portal's build. `tinn start` runs it when dist/ is missing or stale (src/roles/portal-build.ts);
// `npx vite --config portal/vite.config.ts` serves it with hot reload, sending /api to a Tinn on :8080.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    target: 'es2022',
    // No inline scripts or data: URLs, so the Content-Security-Policy needs no exceptions.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/.well-known': 'http://localhost:8080' } },
});
