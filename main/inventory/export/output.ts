import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes text, waiting when the stream asks for it, so big exports never pile up in memory. */
export async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Ends the stream and waits until everything is flushed. */
export async function finish(out: Writable): Promise<void> {
  const finished = once(out, 'finish');
  out.end();
  await finished;
}
