/**
 * The search language, parsed by a pure function:
 *
 *   web prod                 objects matching both words (prefix match: "web" finds "web-01")
 *   "exact phrase"           the words in that order
 *   kind:vm state:running    field filters; `a,b` means either; `*` is a wildcard (name:web*)
 *   cpu>4 memory>=16 disk<100  numeric comparisons (memory and disk in GiB, units like 512MiB allowed)
 *   -state:stopped  -test    negation of a filter or a word
 *   ip:10.0.1 mac:00:50:56 uuid:4211 os:ubuntu notes:backup hostname:web1   words in one field
 */

export const matchFields = ['kind', 'state', 'connection', 'platform', 'type', 'name', 'tag', 'host', 'parent'] as const;
export type MatchField = (typeof matchFields)[number];

export const numericFields = ['cpu', 'memory', 'disk'] as const;
export type NumericField = (typeof numericFields)[number];

/** Columns of the full-text index that a field name searches in. */
export const textFieldColumns = {
  ip: 'addresses',
  mac: 'addresses',
  uuid: 'uuid',
  os: 'guest_os',
  notes: 'notes',
  hostname: 'host_name',
} as const;
export type TextField = keyof typeof textFieldColumns;
export type TextColumn = (typeof textFieldColumns)[TextField];

export type Comparison = '=' | '>' | '>=' | '<' | '<=';

export interface TextTerm {
  type: 'text';
  text: string;
  /** Quoted: the words must appear in order, the last one whole. */
  phrase: boolean;
  negated: boolean;
  /** Absent: any indexed column. */
  column?: TextColumn;
}

export interface MatchFilter {
  type: 'match';
  field: MatchField;
  /** Any of these; `*` and `?` are wildcards; case does not matter. */
  values: string[];
  negated: boolean;
}

export interface NumericFilter {
  type: 'number';
  field: NumericField;
  comparison: Comparison;
  /** Count for cpu, bytes for memory and disk. */
  value: number;
  negated: boolean;
}

export type QueryPart = TextTerm | MatchFilter | NumericFilter;

export interface ParsedQuery {
  parts: QueryPart[];
  /** What was ignored and why, in words a user understands. */
  warnings: string[];
}

const tokenPattern = /(-?)(?:([A-Za-z]+)(:>=|:<=|:>|:<|:=|>=|<=|:|>|<|=))?("(?:[^"]*)"?|[^\s"]*)/y;
const gib = 1024 ** 3;
const unitBytes: Record<string, number> = {
  '': gib,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: gib,
  gb: gib,
  gib,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

export function parseQuery(input: string): ParsedQuery {
  const parts: QueryPart[] = [];
  const warnings: string[] = [];
  let position = 0;
  while (position < input.length) {
    const space = /\s+/y;
    space.lastIndex = position;
    if (space.test(input)) {
      position = space.lastIndex;
      continue;
    }
    tokenPattern.lastIndex = position;
    const match = tokenPattern.exec(input);
    if (!match || tokenPattern.lastIndex === position) {
      warnings.push(`Ignored "${input.slice(position)}".`);
      break;
    }
    position = tokenPattern.lastIndex;
    const [token, minus, field, operator, rawValue] = match as unknown as [string, string, string | undefined, string | undefined, string];
    const negated = minus === '-';
    const quoted = rawValue.startsWith('"');
    const value = quoted ? rawValue.replace(/^"|"$/g, '') : rawValue;
    const part =
      field && operator
        ? fieldPart(field.toLowerCase(), operator.replace(/^:(?=[<>=])/, ''), value, quoted, negated, warnings, token)
        : textPart(value, quoted, negated, undefined, warnings);
    if (part) parts.push(part);
  }
  return { parts, warnings };
}

function fieldPart(
  field: string,
  operator: string,
  value: string,
  quoted: boolean,
  negated: boolean,
  warnings: string[],
  token: string,
): QueryPart | undefined {
  if ((numericFields as readonly string[]).includes(field)) return numericPart(field as NumericField, operator, value, negated, warnings);
  if (operator !== ':') {
    warnings.push(`"${token}": only cpu, memory and disk can be compared with ${operator}.`);
    return undefined;
  }
  if ((matchFields as readonly string[]).includes(field)) {
    const values = value
      .split(',')
      .map((one) => one.trim())
      .filter((one) => one.length > 0);
    if (values.length === 0) {
      warnings.push(`"${token}" names no value.`);
      return undefined;
    }
    return { type: 'match', field: field as MatchField, values, negated };
  }
  if (field in textFieldColumns) return textPart(value, quoted, negated, textFieldColumns[field as TextField], warnings);
  warnings.push(
    `Unknown field "${field}"; searched "${token.replace(/^-/, '')}" as words. Fields: ${[...matchFields, ...numericFields, ...Object.keys(textFieldColumns)].join(', ')}.`,
  );
  return textPart(`${field}${operator}${value}`, false, negated, undefined, warnings);
}

function numericPart(
  field: NumericField,
  operator: string,
  value: string,
  negated: boolean,
  warnings: string[],
): NumericFilter | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value);
  const unit = match?.[2]?.toLowerCase() ?? '';
  const multiplier = field === 'cpu' ? (unit === '' ? 1 : undefined) : unitBytes[unit];
  if (!match || multiplier === undefined) {
    warnings.push(
      `"${field}${operator}${value}": ${field === 'cpu' ? 'a number of CPUs' : 'a size in GiB (or with a unit, e.g. 512MiB)'} is expected.`,
    );
    return undefined;
  }
  return {
    type: 'number',
    field,
    comparison: (operator === ':' ? '=' : operator) as Comparison,
    value: Number(match[1]) * multiplier,
    negated,
  };
}

function textPart(
  text: string,
  phrase: boolean,
  negated: boolean,
  column: TextColumn | undefined,
  warnings: string[],
): TextTerm | undefined {
  if (!/[\p{L}\p{N}]/u.test(text)) {
    if (text.length > 0) warnings.push(`"${text}" has no letters or digits to search for.`);
    return undefined;
  }
  const term: TextTerm = { type: 'text', text, phrase, negated };
  if (column) term.column = column;
  return term;
}
