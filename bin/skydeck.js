#!/usr/bin/env node
// The `skydeck` command: runs the built CLI (npm run build produces out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('skydeck: the app is not built yet. Run "npm run build" in the Skydeck folder first.\n');
  process.exit(1);
}
await import(cli);
