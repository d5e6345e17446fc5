import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the write-ahead log back into the database file from a worker thread, with its own
 * connection, so that the fsyncs of a checkpoint never stall the host's event loop (SQLite
 * would otherwise checkpoint inside whichever commit crosses 1,000 WAL pages). PASSIVE
 * checkpoints never wait for, nor block, readers and writers.
 */
const workerSource = `
  const { parentPort, workerData } = require('node:worker_threads');
  const Database = require(workerData.module);
  const db = new Database(workerData.path);
  db.pragma('busy_timeout = 0');
  const checkpoint = () => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      parentPort.postMessage({ error: String(error && error.message || error) });
    }
  };
  const timer = setInterval(checkpoint, workerData.intervalMs);
  parentPort.on('message', (message) => {
    if (message === 'close') {
      clearInterval(timer);
      db.close();
      parentPort.close();
    } else checkpoint();
  });
`;

export class WalCheckpointer {
  readonly #worker: Worker;

  /** `onFailure` runs once if the worker cannot run (the caller then lets SQLite checkpoint itself). */
  constructor(path: string, onFailure: (reason: string) => void, intervalMs = 250) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(workerSource, { eval: true, workerData: { module, path, intervalMs } });
    let failed = false;
    const fail = (reason: string): void => {
      if (failed) return;
      failed = true;
      onFailure(reason);
    };
    this.#worker.on('error', (error) => fail(error.message));
    this.#worker.on('message', (message: { error?: string }) => {
      if (message.error) fail(message.error);
    });
    // After the listeners: a worker that only checkpoints must not keep the process alive.
    this.#worker.unref();
  }

  /** Asks for a checkpoint now (after a large commit). */
  request(): void {
    this.#worker.postMessage('checkpoint');
  }

  async close(): Promise<void> {
    // Held while closing: with nothing else pending, an unref'd worker would let the process
    // exit mid-close (an unsettled top-level await in the CLI).
    this.#worker.ref();
    this.#worker.postMessage('close');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.#worker.terminate().then(() => resolve()), 1_000).unref();
      this.#worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
