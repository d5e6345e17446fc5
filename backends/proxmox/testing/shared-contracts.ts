import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file sits in backends/proxmox/testing/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** ../shared/contracts/proxmox next to the repository: the API schema and recorded real answers. */
export const sharedContracts = path.resolve(repoRoot, '../shared/contracts/proxmox');

/** The `data` of a response body recorded from a real Proxmox VE server. */
export function recordedData(file: string): unknown {
  const body = JSON.parse(readFileSync(path.join(sharedContracts, 'fixtures', file), 'utf8')) as { data: unknown };
  return body.data;
}
