import type { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { isSkydeckError, toSkydeckError } from '../../common/errors/skydeck-error';
import { createHost, type Host } from '../host/create-host';
import { createInProcessClient } from '../host/in-process-client';
import { providerModules } from '../host/provider-modules';
import { demoPlatforms } from '../demo-lab/demo-platforms';
import { resolveAppHome } from '../settings/app-home';
import type { SkydeckApi } from '../../common/contract/index';
import type { CliContext } from './cli-context';
import { registerConnectionCommands } from './commands/connections';
import { registerInventoryCommands } from './commands/inventory';
import { registerServeCommand } from './commands/serve';
import { exitCodeFor, exitCodeHelp, exitCodes } from './exit-codes';
import { appVersion } from '../host/app-version';

export interface CliOptions {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  out?: Writable;
  err?: Writable;
  rendererDir: string;
  /** A long-running command (serve) hands its closer here. */
  onLongRunning?: (close: () => Promise<void>) => void;
}

/** Runs one `skydeck` command line and resolves with its exit code. */
export async function runCli(options: CliOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const env = options.env ?? process.env;
  const trustedOrigins = new Set<string>();
  let host: Host | undefined;
  let api: SkydeckApi | undefined;
  const program = new Command('skydeck')
    .description('Skydeck: every vSphere, OpenStack and Proxmox VE cluster in one place.')
    .version(appVersion)
    .option('--home <dir>', 'state folder (default: $SKYDECK_HOME or the per-user app-data folder)')
    .addHelpText('after', exitCodeHelp)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });

  const context: CliContext = {
    out,
    err,
    host: () => {
      host ??= createHost({
        home: program.opts<{ home?: string }>().home ?? resolveAppHome(env),
        mode: 'serve',
        trustedOrigins,
        providers: providerModules,
        demoPlatforms,
        env,
        log: (message) => err.write(`${message}\n`),
      });
      return host;
    },
    api: () => {
      const current = context.host();
      api ??= createInProcessClient(current.dispatcher, current.events);
      return api;
    },
    trustOrigin: (origin) => trustedOrigins.add(origin),
  };
  let longRunning = false;
  registerConnectionCommands(program, context);
  registerInventoryCommands(program, context);
  registerServeCommand(program, context, {
    rendererDir: options.rendererDir,
    onStarted: (closeServer) => {
      longRunning = true;
      options.onLongRunning?.(async () => {
        await closeServer();
        await host?.close();
      });
    },
  });

  try {
    await program.parseAsync(options.argv, { from: 'user' });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? exitCodes.ok
        : exitCodes.usage;
    }
    const plain = toSkydeckError(error);
    err.write(`skydeck: ${plain.message}\n`);
    return isSkydeckError(error) ? exitCodeFor(plain.code) : exitCodes.failure;
  } finally {
    if (!longRunning) await host?.close();
  }
}
