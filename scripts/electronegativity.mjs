#!/usr/bin/env node
// Doyensec electronegativity over the code that configures Electron (main/electron, the
// preload, the renderer's HTML). Prints every finding; exits 1 on a fatal one (see below).
// Its own CLI needs a commander version this project does not ship, so its runner is called directly.
import { cpSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// The tool downloads translations and Electron's release list from GitHub when it can. This scan
// must send no traffic anywhere, so its HTTP client is replaced by one that refuses at once; the
// release check (which needs that list) is left out below.
const toolRequire = createRequire(require.resolve('@doyensec/electronegativity/dist/runner.js'));
const refuseNetwork = () => Promise.reject(new Error('network disabled for this scan'));
toolRequire.cache[toolRequire.resolve('got')] = { exports: refuseNetwork, loaded: true };
const run = toolRequire('./runner.js');
const electronVersion = require('electron/package.json').version;

const scanned = mkdtempSync(join(tmpdir(), 'skydeck-electronegativity-'));
for (const path of ['main/electron', 'preload', 'renderer/index.html', 'package.json'])
  cpSync(path, join(scanned, path), { recursive: true });

const result = await run(
  {
    input: scanned,
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    customScan: [],
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    parserPlugins: [],
  },
  false,
);
const parseErrors = result.errors.filter((error) => !error.tolerable);
for (const error of parseErrors) console.log(`PARSE ERROR ${error.file}: ${error.message}`);
for (const issue of result.issues) {
  console.log(
    `${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id}  ${issue.file}:${issue.location.line}  ${issue.manualReview ? '(review) ' : ''}${issue.shortenedURL}`,
  );
}
// Fatal: anything HIGH, and any MEDIUM the tool is sure of without a manual review (e.g. sandbox off).
const fatal = result.issues.filter((issue) => issue.severity.name === 'HIGH' || (issue.severity.name === 'MEDIUM' && !issue.manualReview));
console.log(
  `electronegativity ${electronVersion}: ${result.atomicChecks + result.globalChecks} checks, ${result.issues.length} findings, ${fatal.length} fatal, ${parseErrors.length} parse errors`,
);
process.exit(fatal.length > 0 || parseErrors.length > 0 ? 1 : 0);
