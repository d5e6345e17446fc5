import type { RecordedExchange } from '../../../backends/proxmox/simulator/index';
import type { PveApiSchema } from './pve-schema';
import { checkRequestValue, checkResponseValue, propertySchema, type Problems } from './schema-check';

/**
 * One call against the schema: the path and method exist, every parameter is defined and
 * valid, every required one present, and a 200's `data` matches `returns`.
 */
export function checkExchange(schema: PveApiSchema, exchange: RecordedExchange): Problems {
  const problems: Problems = [];
  const label = `${exchange.method} ${exchange.path}`;
  const resolved = schema.resolve(exchange.path);
  if (!resolved) return [`${label}: no such path in the API schema`];
  const method = resolved.methods[exchange.method];
  if (!method) return [`${label}: ${resolved.template} has no ${exchange.method}`];
  const parameters = method.parameters ?? {};
  const given = { ...exchange.params, ...resolved.pathParams };
  for (const [name, value] of Object.entries(given)) {
    const property = propertySchema(parameters.properties, name);
    if (property) checkRequestValue(property, value, `${label} parameter ${name}`, problems);
    else if (parameters.additionalProperties === 0) problems.push(`${label}: parameter "${name}" is not defined for ${resolved.template}`);
  }
  for (const [name, property] of Object.entries(parameters.properties ?? {})) {
    if (property.optional !== 1 && !name.includes('[n]') && given[name] === undefined)
      problems.push(`${label}: required parameter "${name}" is missing`);
  }
  if ((exchange.status === 200 || exchange.status === 101) && 'data' in exchange)
    checkResponseValue(method.returns, exchange.data, `${label} → data`, problems);
  return problems;
}
