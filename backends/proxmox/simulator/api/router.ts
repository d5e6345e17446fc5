import type { Principal } from '../access';

export type ParamKind = 'string' | 'integer' | 'number' | 'boolean';

export interface ParamSpec {
  kind: ParamKind;
  required?: boolean;
  values?: readonly string[];
}

/** What a route handler gets: who calls, the path placeholders and the query/form parameters. */
export interface CallContext {
  principal: Principal;
  path: Record<string, string>;
  params: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The API path template, as PVE names it: /nodes/{node}/qemu/{vmid}/config. */
  path: string;
  /** Query or form parameters the handler accepts; anything else is refused like PVE does. */
  params?: Record<string, ParamSpec>;
  /** Reachable without authentication (login). */
  public?: boolean;
  /** The ACL path and privilege the caller needs, if any. */
  permission?: (call: CallContext) => [aclPath: string, privilege: string] | undefined;
  handle(call: CallContext): unknown;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export type RouteMatch = { route: Route; path: Record<string, string> } | { route: undefined; pathExists: boolean };

/** Matches /api2/json paths against route templates, segment by segment. */
export class Router {
  readonly #routes: CompiledRoute[] = [];
  /** Routes by segment count: a path only ever matches templates of its own length. */
  readonly #byLength = new Map<number, CompiledRoute[]>();

  add(routes: readonly Route[]): this {
    for (const route of routes) {
      const compiled = { route, segments: route.path.split('/').slice(1) };
      this.#routes.push(compiled);
      this.#byLength.set(compiled.segments.length, [...(this.#byLength.get(compiled.segments.length) ?? []), compiled]);
    }
    return this;
  }

  /** Every method and path template served. */
  list(): { method: string; path: string }[] {
    return this.#routes.map(({ route }) => ({ method: route.method, path: route.path }));
  }

  match(method: string, path: string): RouteMatch {
    const segments = path.split('/').slice(1);
    let pathExists = false;
    for (const { route, segments: template } of this.#byLength.get(segments.length) ?? []) {
      const values = matchSegments(template, segments);
      if (!values) continue;
      pathExists = true;
      if (route.method === method) return { route, path: values };
    }
    return { route: undefined, pathExists };
  }
}

function matchSegments(template: string[], segments: string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < template.length; i += 1) {
    const expected = template[i] as string;
    let actual: string;
    try {
      actual = decodeURIComponent(segments[i] as string);
    } catch {
      return undefined;
    }
    if (expected.startsWith('{') && expected.endsWith('}')) {
      if (actual === '') return undefined;
      values[expected.slice(1, -1)] = actual;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return values;
}

const kindChecks: Record<ParamKind, (value: string) => boolean> = {
  string: () => true,
  integer: (value) => /^-?\d+$/.test(value),
  number: (value) => value.trim() !== '' && Number.isFinite(Number(value)),
  boolean: (value) => /^(0|1|true|false|yes|no|on|off)$/i.test(value),
};

/** PVE's "Parameter verification failed." errors, or undefined when the parameters are fine. */
export function verifyParams(route: Route, params: Record<string, string>): Record<string, string> | undefined {
  const specs = route.params ?? {};
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const spec = specs[name];
    if (!spec) {
      errors[name] = 'property is not defined in schema and the schema does not allow additional properties';
    } else if (!kindChecks[spec.kind](value)) {
      errors[name] = `type check ('${spec.kind}') failed - got '${value}'`;
    } else if (spec.values && !spec.values.includes(value)) {
      errors[name] = `value '${value}' does not have a value in the enumeration '${spec.values.join(', ')}'`;
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && params[name] === undefined) errors[name] = 'property is missing and it is not optional';
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** A list answer that also carries the top-level `total` (task logs and lists). */
export class CountedList {
  constructor(
    readonly data: unknown[],
    readonly total: number,
  ) {}
}

export const asBoolean = (value: string | undefined): boolean => /^(1|true|yes|on)$/i.test(value ?? '');
