import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedContracts } from '../../../backends/proxmox/testing/shared-contracts';

/** A JSON-schema-like node of the PVE API dump (see ../shared/contracts/proxmox/README.md). */
export interface PveSchema {
  type?: string;
  optional?: number;
  enum?: (string | number)[];
  properties?: Record<string, PveSchema>;
  items?: PveSchema;
  additionalProperties?: number | PveSchema;
  format?: string | Record<string, PveSchema & { alias?: string; keyAlias?: string; default_key?: number }>;
  pattern?: string;
  minimum?: number | string;
  maximum?: number | string;
  maxLength?: number;
}

export interface PveMethod {
  name: string;
  parameters?: PveSchema;
  returns?: PveSchema;
}

interface TreeNode {
  path: string;
  info?: Record<string, PveMethod>;
  children?: TreeNode[];
}

export interface ResolvedPath {
  template: string;
  methods: Record<string, PveMethod>;
  /** Values of the {placeholders}. */
  pathParams: Record<string, string>;
}

/** The PVE 9.1 API schema, read at run time from ../shared (a test oracle, never shipped). */
export class PveApiSchema {
  readonly #templates: { template: string; segments: string[]; methods: Record<string, PveMethod> }[] = [];

  static load(): PveApiSchema {
    const tree = JSON.parse(readFileSync(path.join(sharedContracts, 'pve-api-schema.json'), 'utf8')) as TreeNode[];
    return new PveApiSchema(tree);
  }

  constructor(tree: TreeNode[]) {
    const walk = (node: TreeNode): void => {
      if (node.info) this.#templates.push({ template: node.path, segments: node.path.split('/').slice(1), methods: node.info });
      for (const child of node.children ?? []) walk(child);
    };
    for (const node of tree) walk(node);
  }

  /** The template a concrete path falls under; literal segments win over placeholders. */
  resolve(concrete: string): ResolvedPath | undefined {
    const segments = concrete
      .split('/')
      .slice(1)
      .map((segment) => decodeURIComponent(segment));
    let best: { resolved: ResolvedPath; literals: number } | undefined;
    for (const { template, segments: pattern, methods } of this.#templates) {
      if (pattern.length !== segments.length) continue;
      const pathParams: Record<string, string> = {};
      let literals = 0;
      let matches = true;
      for (let i = 0; i < pattern.length && matches; i += 1) {
        const expected = pattern[i] as string;
        const actual = segments[i] as string;
        if (expected.startsWith('{') && expected.endsWith('}')) pathParams[expected.slice(1, -1)] = actual;
        else if (expected === actual) literals += 1;
        else matches = false;
      }
      if (matches && (!best || literals > best.literals)) best = { resolved: { template, methods, pathParams }, literals };
    }
    return best?.resolved;
  }

  /** Does the schema have this exact template with this method? */
  has(method: string, template: string): boolean {
    return this.#templates.some((entry) => entry.template === template && entry.methods[method] !== undefined);
  }
}
