import { fileURLToPath } from 'node:url';
import { runCli } from './program';

/** The `skydeck` command (bundled to out/main/cli.js; the renderer sits in out/renderer). */
const rendererDir = process.env.SKYDECK_RENDERER_DIR ?? fileURLToPath(new URL('../renderer', import.meta.url));

let closeLongRunning: (() => Promise<void>) | undefined;
const code = await runCli({
  argv: process.argv.slice(2),
  rendererDir,
  onLongRunning: (close) => {
    closeLongRunning = close;
  },
});
if (closeLongRunning) {
  const stop = (): void => {
    void closeLongRunning?.().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  process.exitCode = code;
}
