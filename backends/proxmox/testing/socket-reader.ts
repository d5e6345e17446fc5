import type { WebSocket } from 'ws';

/**
 * Reads a websocket as the byte stream RFB and termproxy are: `read(n)` waits for n
 * bytes however the server split them into messages.
 */
export class SocketReader {
  #buffer = Buffer.alloc(0);
  #waiters: (() => void)[] = [];
  #closed = false;

  constructor(socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, data]);
      this.#wake();
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  async read(length: number): Promise<Buffer> {
    while (this.#buffer.length < length) {
      if (this.#closed) throw new Error(`socket closed after ${this.#buffer.length} of ${length} bytes`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    const chunk = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(length);
    return chunk;
  }

  /** Reads until the text appears (terminal output), answering everything read. */
  async readUntil(text: string): Promise<string> {
    while (!this.#buffer.toString('utf8').includes(text)) {
      if (this.#closed) throw new Error(`socket closed before "${text}" (got ${JSON.stringify(this.#buffer.toString('utf8'))})`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    const all = this.#buffer.toString('utf8');
    const end = all.indexOf(text) + text.length;
    this.#buffer = Buffer.from(all.slice(end), 'utf8');
    return all.slice(0, end);
  }

  /** Waits for the server to close the socket. */
  async closedByServer(): Promise<void> {
    while (!this.#closed) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}
