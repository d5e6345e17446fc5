import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { startServe } from '../../serve/serve-server';

export interface ServeCommandOptions {
  rendererDir: string;
  /** Called with the running server, so the CLI entry can close it on SIGINT/SIGTERM. */
  onStarted: (close: () => Promise<void>) => void;
}

export function registerServeCommand(program: Command, context: CliContext, serveOptions: ServeCommandOptions): void {
  program
    .command('serve')
    .description('serve the Skydeck app to a browser on this machine (token-protected URL)')
    .option('--host <address>', 'address to bind; only change it behind a firewall you trust', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '0')
    .option('--demo', 'open the demo lab (built-in simulated clusters) when no connection is configured')
    .action(async (options: { host: string; port: string; demo?: boolean }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0–65535, got ${options.port}`);
      const host = context.host();
      const running = await startServe({ host, rendererDir: serveOptions.rendererDir, bindAddress: options.host, port });
      context.trustOrigin?.(running.origin);
      await host.goLive({ openDemoLabIfEmpty: options.demo ?? false });
      context.out.write(`Skydeck is being served. Open this URL in a browser (it carries a one-time token):\n\n    ${running.url}\n\n`);
      if (options.host !== '127.0.0.1' && options.host !== 'localhost' && options.host !== '::1') {
        context.err.write(`Warning: listening on ${options.host}: anyone who can reach it and has the token can use your connections.\n`);
      }
      serveOptions.onStarted(running.close);
    });
}
