import type { Command } from 'commander';
import type { ConnectionDraft } from '../../../common/contract/connections';
import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { connectionForms } from '../../../common/model/connection-forms';
import { readCloudsYaml } from '../../../backends/openstack/clouds-yaml';
import type { ConnectionConfig, ConnectionTestResult } from '../../../common/model/connection';
import { platformKinds, type PlatformKind } from '../../../common/model/platform';
import type { CliContext } from '../cli-context';
import { printJson, printTable } from '../output';
import { promptHidden, readStdin, unlockVault } from '../terminal-input';

interface AddOptions {
  kind: string;
  name: string;
  url: string;
  field: string[];
  username?: string;
  auth?: string;
  passwordStdin?: boolean;
  secretStdin?: string;
  secretEnv: string[];
  fingerprint?: string;
  caFile?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerConnectionCommands(program: Command, context: CliContext): void {
  const connections = program.command('connections').description('add, list, test, trust and remove cluster connections');

  connections
    .command('add')
    .description('save a connection; secrets come from stdin or an environment variable, never from a flag value')
    .requiredOption('--kind <kind>', `platform: ${platformKinds.join(', ')}`)
    .requiredOption('--name <name>', 'a name you will recognise, e.g. "Prod PVE"')
    .requiredOption('--url <url>', 'server URL, e.g. https://pve1.example.com:8006')
    .option('--field <key=value>', 'a platform field (repeatable), e.g. --field realm=pam', collect, [])
    .option('--username <user>', 'shorthand for --field username=<user>')
    .option('--auth <method>', 'shorthand for --field auth=<method> (proxmox: password|token)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--secret-stdin <field>', 'read this secret field (e.g. tokenSecret) from standard input')
    .option('--secret-env <field=VAR>', 'take a secret field from an environment variable (repeatable)', collect, [])
    .option('--fingerprint <sha256>', 'pin this certificate fingerprint (trust on first use)')
    .option('--ca-file <path>', 'trust certificates signed by the CA in this PEM file')
    .option('--json', 'print the saved connection as JSON')
    .action(async (options: AddOptions) => {
      const draft = await draftFromOptions(options);
      const host = context.host();
      if (Object.keys(draft.secrets).length > 0) await unlockVault(host);
      const saved = await context.api().invoke('connections.add', draft);
      if (options.json) printJson(saved);
      else context.out.write(`Saved connection "${saved.name}" (${saved.id}).\n`);
    });

  connections
    .command('list')
    .description('list saved connections (no secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await context.api().invoke('connections.list', {});
      if (options.json) {
        printJson(list);
        return;
      }
      if (list.length === 0) {
        context.out.write('No connections yet. Add one with "skydeck connections add --help".\n');
        return;
      }
      printTable(list.map(describeRow), ['name', 'kind', 'url', 'user', 'tls'], context.out);
    });

  connections
    .command('import [file]')
    .description('import every OpenStack cloud from clouds.yaml (+ secure.yaml, OS_* variables), searched where the OpenStack tools look')
    .option('--json', 'print the imported connections as JSON')
    .action(async (file: string | undefined, options: { json?: boolean }) => {
      const found = await readCloudsYaml(file ? { file } : {});
      for (const warning of found.warnings) context.err.write(`warning: ${warning}\n`);
      if (found.drafts.length === 0)
        throw new SkydeckFailure(
          'not-found',
          `No OpenStack cloud found${found.files.length ? ` in ${found.files.join(', ')}` : ' (no clouds.yaml in ., ~/.config/openstack or /etc/openstack)'}.`,
        );
      const host = context.host();
      if (found.drafts.some((draft) => Object.keys(draft.secrets).length > 0)) await unlockVault(host);
      const existing = new Set(host.connections.list().map((c) => c.name.toLowerCase()));
      const imported: ConnectionConfig[] = [];
      for (const draft of found.drafts) {
        if (existing.has(draft.name.toLowerCase())) {
          context.err.write(`skipped "${draft.name}": a connection with that name exists\n`);
          continue;
        }
        imported.push(await context.api().invoke('connections.add', { kind: 'openstack', ...draft }));
      }
      if (options.json) printJson(imported);
      else
        context.out.write(
          `Imported ${imported.length} of ${found.drafts.length} clouds from ${found.files.join(', ') || 'the environment'}: ${imported.map((c) => c.name).join(', ')}\n`,
        );
    });

  connections
    .command('remove <name>')
    .description('remove a connection and its stored secrets')
    .action(async (name: string) => {
      const config = context.host().connections.get(name);
      await context.api().invoke('connections.remove', { id: config.id });
      context.out.write(`Removed "${config.name}".\n`);
    });

  connections
    .command('test <name>')
    .description('check that the server answers, show its certificate, and log in when it is trusted')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const host = context.host();
      const config = host.connections.get(name);
      if (host.vault.status().state !== 'unlocked' && process.env.SKYDECK_PASSPHRASE) await unlockVault(host);
      const result = await context.api().invoke('connections.test', { id: config.id });
      if (options.json) printJson(result);
      else printTestResult(context, config, result);
      if (!result.reachable) throw new SkydeckFailure('unreachable', result.message);
      if (result.certificate && !result.certificate.trustedByCa && !result.certificate.matchesPin) {
        if (!options.json && process.stdin.isTTY && (await promptHidden('Trust this certificate? [y/N] ')).toLowerCase().startsWith('y')) {
          await context.api().invoke('connections.trust', { id: config.id, fingerprint: result.certificate.fingerprint256 });
          context.out.write('Pinned. Skydeck will refuse this server if its certificate changes.\n');
          return;
        }
        throw new SkydeckFailure(
          'tls-untrusted',
          `Not trusted yet. If the fingerprint matches the server's, run: skydeck connections trust "${config.name}" ${result.certificate.fingerprint256}`,
        );
      }
      if (result.login && !result.login.ok) throw new SkydeckFailure(result.login.code ?? 'auth-failed', result.login.message);
    });

  connections
    .command('trust <name> <fingerprint>')
    .description('pin the SHA-256 certificate fingerprint you checked with the server')
    .action(async (name: string, fingerprint: string) => {
      const config = context.host().connections.get(name);
      const trusted = await context.api().invoke('connections.trust', { id: config.id, fingerprint });
      context.out.write(`Pinned ${trusted.tls.pinnedFingerprint ?? ''} for "${trusted.name}".\n`);
    });
}

async function draftFromOptions(options: AddOptions): Promise<ConnectionDraft> {
  if (!(platformKinds as readonly string[]).includes(options.kind)) {
    throw new SkydeckFailure('invalid-input', `--kind must be one of ${platformKinds.join(', ')}.`);
  }
  const kind = options.kind as PlatformKind;
  const fields: Record<string, string> = {};
  for (const pair of options.field) {
    const [key, value] = splitPair(pair, '--field');
    fields[key] = value;
  }
  if (options.username) fields.username = options.username;
  if (options.auth) fields.auth = options.auth;
  const secrets: Record<string, string> = {};
  for (const pair of options.secretEnv) {
    const [field, variable] = splitPair(pair, '--secret-env');
    const value = process.env[variable];
    if (value === undefined) throw new SkydeckFailure('invalid-input', `The environment variable ${variable} (for ${field}) is not set.`);
    secrets[field] = value;
  }
  const stdinField = options.passwordStdin ? 'password' : options.secretStdin;
  if (stdinField) {
    if (process.stdin.isTTY) secrets[stdinField] = await promptHidden(`${labelOf(kind, stdinField)}: `);
    else secrets[stdinField] = await readStdin();
  }
  const tls: ConnectionDraft['tls'] = {};
  if (options.fingerprint) tls.pinnedFingerprint = options.fingerprint;
  if (options.caFile) tls.caFile = options.caFile;
  return { kind, name: options.name, url: options.url, fields, secrets, tls };
}

function splitPair(pair: string, flag: string): [string, string] {
  const at = pair.indexOf('=');
  if (at <= 0) throw new SkydeckFailure('invalid-input', `${flag} expects key=value, got "${pair}".`);
  return [pair.slice(0, at), pair.slice(at + 1)];
}

function labelOf(kind: PlatformKind, key: string): string {
  return connectionForms[kind].fields.find((f) => f.key === key)?.label ?? key;
}

function describeRow(config: ConnectionConfig): Record<string, string> {
  return {
    name: config.name,
    kind: config.kind,
    url: config.url,
    user: config.fields.username ?? config.fields.tokenId ?? config.fields.applicationCredentialId ?? '',
    tls: config.tls.pinnedFingerprint ? 'pinned' : config.tls.caFile ? 'ca-file' : config.url.startsWith('https:') ? 'system CAs' : 'none',
  };
}

function printTestResult(context: CliContext, config: ConnectionConfig, result: ConnectionTestResult): void {
  context.out.write(`${config.name}: ${result.message}\n`);
  if (result.latencyMs !== undefined) context.out.write(`  latency      ${result.latencyMs} ms\n`);
  const cert = result.certificate;
  if (cert) {
    context.out.write(
      `  certificate  ${cert.subject}\n  issuer       ${cert.issuer}\n  valid        ${cert.validFrom} → ${cert.validTo}\n`,
    );
    context.out.write(`  SHA-256      ${cert.fingerprint256}\n`);
  }
}
