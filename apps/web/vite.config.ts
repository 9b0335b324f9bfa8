import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const contract = fileURLToPath(new URL('../../libs/contract/src/index.ts', import.meta.url));

export default defineConfig({
  plugins: [svelte()],
  resolve: { alias: { '@wala/contract': contract } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
