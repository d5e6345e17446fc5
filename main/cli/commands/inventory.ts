import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { exportFormats, type ExportFormat } from '../../../common/contract/inventory';
import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { objectKinds, type ObjectKind } from '../../../common/model/inventory';
import type { SyncRun, ViewSpec } from '../../../common/model/inventory-views';
import { defaultColumnKeys, resolveColumns } from '../../inventory/columns';
import { exportCsv } from '../../inventory/export/csv';
import { exportJson } from '../../inventory/export/json';
import { exportXlsx } from '../../inventory/export/xlsx';
import type { CliContext } from '../cli-context';
import { printJson, printTable } from '../output';
import { unlockVault } from '../terminal-input';

export function registerInventoryCommands(program: Command, context: CliContext): void {
  program
    .command('sync [name]')
    .description('sync one connection (or --all) into the offline inventory')
    .option('--all', 'sync every connection')
    .option('--json', 'print the sync runs as JSON')
    .action(async (name: string | undefined, options: { all?: boolean; json?: boolean }) => {
      const host = context.host();
      const targets = options.all ? host.connections.list() : name ? [host.connections.get(name)] : [];
      if (targets.length === 0)
        throw new SkydeckFailure('invalid-input', options.all ? 'There are no connections to sync.' : 'Name a connection, or use --all.');
      await unlockVault(host).catch(() => undefined);
      const runs: SyncRun[] = [];
      for (const config of targets) {
        const run = await host.sessions.syncNow(config.id);
        runs.push(run);
        if (!options.json) context.out.write(`${describeRun(config.name, run)}\n`);
      }
      if (options.json) printJson(runs);
      const failed = runs.find((run) => run.outcome !== 'ok');
      if (failed)
        throw new SkydeckFailure(
          failed.error?.code ?? 'internal',
          `${runs.filter((r) => r.outcome !== 'ok').length} of ${runs.length} syncs failed.`,
        );
    });

  program
    .command('inventory <name>')
    .description("read a connection's inventory live from the cluster (not the store), as the normalized model")
    .option('--json', 'print the objects and their relations as a JSON array (the default and only format)')
    .action(async (name: string) => {
      const host = context.host();
      const config = host.connections.get(name);
      await unlockVault(host).catch(() => undefined);
      const provider = host.registry.create({ config, secrets: host.connections.secrets(config) });
      const signal = new AbortController().signal;
      try {
        await provider.connect(signal);
        let first = true;
        context.out.write('[');
        for await (const delta of provider.inventory(signal)) {
          if (delta.op !== 'upsert') continue;
          for (const object of delta.objects) {
            context.out.write(`${first ? '\n' : ',\n'}${JSON.stringify(object)}`);
            first = false;
          }
        }
        context.out.write('\n]\n');
      } finally {
        await provider.close();
      }
    });

  program
    .command('search <query...>')
    .description('search the offline inventory, e.g. skydeck search kind:vm state:running host:esx-03 cpu>4 tag:prod')
    .option('--limit <n>', 'at most this many rows', '50')
    .option('--json', 'print JSON')
    .action(async (words: string[], options: { limit: string; json?: boolean }) => {
      const result = context.host().store.search({ query: words.join(' ') }, { offset: 0, limit: positive(options.limit, '--limit') });
      for (const warning of result.warnings) context.err.write(`warning: ${warning}\n`);
      if (options.json) {
        printJson(result);
        return;
      }
      const columns = resolveColumns(['name', 'kind', 'state', 'connection', 'host', 'ip']);
      printTable(
        result.rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, String(c.value(row) ?? '')]))),
        columns.map((c) => c.key),
        context.out,
      );
      context.out.write(`${result.rows.length} of ${result.total} matches\n`);
    });

  program
    .command('export')
    .description('export the offline inventory (works with every cluster unreachable)')
    .requiredOption('--format <format>', `one of ${exportFormats.join(', ')}`)
    .option('--connection <name>', 'only this connection')
    .option('--kind <kind>', `only this kind (${objectKinds.join(', ')}); csv/json`)
    .option('--query <query>', 'only what this search matches; csv/json')
    .option('--columns <keys>', `comma-separated columns for csv/json (default ${defaultColumnKeys.join(',')})`)
    .option('--output <file>', 'write here instead of standard output')
    .action(async (options: { format: string; connection?: string; kind?: string; query?: string; columns?: string; output?: string }) => {
      if (!(exportFormats as readonly string[]).includes(options.format))
        throw new SkydeckFailure('invalid-input', `--format must be one of ${exportFormats.join(', ')}.`);
      if (options.kind && !(objectKinds as readonly string[]).includes(options.kind))
        throw new SkydeckFailure('invalid-input', `--kind must be one of ${objectKinds.join(', ')}.`);
      const host = context.host();
      const view: ViewSpec = {};
      if (options.connection) view.connectionId = host.connections.get(options.connection).id;
      if (options.kind) view.kind = options.kind as ObjectKind;
      if (options.query) view.query = options.query;
      const columns = options.columns ? options.columns.split(',').map((c) => c.trim()) : [...defaultColumnKeys];
      resolveColumns(columns);
      const format = options.format as ExportFormat;
      if (format === 'xlsx' && !options.output && process.stdout.isTTY)
        throw new SkydeckFailure('invalid-input', 'An XLSX file is binary: give --output FILE.');
      const out: Writable = options.output ? createWriteStream(options.output) : context.out;
      const rows =
        format === 'xlsx'
          ? (await exportXlsx(host.store, out, view.connectionId ? { connectionId: view.connectionId } : {})).sheets.reduce(
              (sum, s) => sum + s.rows,
              0,
            )
          : await (format === 'csv' ? exportCsv : exportJson)(host.store, view, columns, out);
      if (options.output) context.err.write(`Wrote ${rows} rows to ${options.output}.\n`);
    });
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new SkydeckFailure('invalid-input', `${flag} must be a positive whole number.`);
  return n;
}

function describeRun(name: string, run: SyncRun): string {
  const seconds = run.finishedAt ? ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1) : '?';
  if (run.outcome !== 'ok') return `${name}: ${run.outcome} — ${run.error?.message ?? 'no reason given'}`;
  const c = run.counts;
  const notes = run.notes.length > 0 ? `\n  note: ${run.notes.join('\n  note: ')}` : '';
  return `${name}: ok, ${c.total} objects (+${c.added} −${c.removed} ~${c.changed}) in ${seconds} s${notes}`;
}
