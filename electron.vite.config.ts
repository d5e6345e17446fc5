import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

/**
 * One build for the three ways Skydeck runs:
 *  out/main/electron.js  the Electron app     out/main/cli.js  `skydeck` (CLI + serve, plain Node)
 *  out/preload/index.cjs the sandboxed bridge out/renderer/    the Svelte app (Electron and browsers)
 */
export default defineConfig({
  main: {
    build: {
      target: 'node20',
      rollupOptions: {
        input: { electron: resolve('main/electron/index.ts'), cli: resolve('main/cli/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      target: 'chrome120',
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
