import { createInterface } from 'node:readline';
import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { Host } from '../host/create-host';

/** All of standard input, without the trailing newline (for `--password-stdin`). */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    let asked = false;
    output._writeToOutput = (text: string) => {
      if (!asked) {
        process.stderr.write(text);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * Unlocks the vault for a command that needs secrets: SKYDECK_PASSPHRASE, else a
 * prompt when a person is at the terminal, else a clear refusal (cron, scripts).
 */
export async function unlockVault(host: Host, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const status = host.vault.status();
  if (status.state === 'unlocked') return;
  const fromEnv = env.SKYDECK_PASSPHRASE;
  if (fromEnv) {
    await host.vault.unlock(fromEnv);
    return;
  }
  if (!process.stdin.isTTY) {
    throw new SkydeckFailure(
      'vault-locked',
      status.state === 'uninitialized'
        ? 'Secrets are encrypted with a master passphrase, and none is set yet: set SKYDECK_PASSPHRASE (or run this at a terminal to choose one).'
        : 'The vault is locked: set SKYDECK_PASSPHRASE to its master passphrase (or run this at a terminal).',
    );
  }
  if (status.state === 'uninitialized') {
    const first = await promptHidden('Choose a master passphrase for Skydeck secrets: ');
    const again = await promptHidden('Repeat it: ');
    if (first !== again) throw new SkydeckFailure('invalid-input', 'The two passphrases differ; nothing was saved.');
    await host.vault.unlock(first);
    return;
  }
  await host.vault.unlock(await promptHidden('Skydeck master passphrase: '));
}
