import type { TinyShell } from './tiny-shell';

export interface TermproxyOptions {
  /** Checks the first line, `<user>:<ticket>`. */
  verify: (user: string, ticket: string) => boolean;
  shell: TinyShell;
  send: (bytes: Buffer) => void;
  close: () => void;
}

/**
 * The server side of proxmox-termproxy: the first line `<user>:<ticket>\n` must verify,
 * then `OK` and the pty's raw output; from the client, `0:<len>:<data>` carries input,
 * `1:<cols>:<rows>:` a resize and `2` a keep-alive ping.
 */
export class TermproxyServer {
  readonly #options: TermproxyOptions;
  #buffer: Buffer = Buffer.alloc(0);
  #authenticated = false;
  #closed = false;
  size = { columns: 80, rows: 24 };

  constructor(options: TermproxyOptions) {
    this.#options = options;
    options.shell.onExit = () => this.#close();
  }

  receive(bytes: Buffer): void {
    if (this.#closed) return;
    this.#buffer = this.#buffer.length === 0 ? bytes : Buffer.concat([this.#buffer, bytes]);
    if (!this.#authenticated) {
      const newline = this.#buffer.indexOf(0x0a);
      if (newline < 0) {
        if (this.#buffer.length > 4096) this.#close();
        return;
      }
      const line = this.#buffer.subarray(0, newline).toString('utf8');
      this.#buffer = this.#buffer.subarray(newline + 1);
      const colon = line.indexOf(':');
      if (colon <= 0 || !this.#options.verify(line.slice(0, colon), line.slice(colon + 1))) {
        this.#close();
        return;
      }
      this.#authenticated = true;
      this.#options.send(Buffer.from(`OK${this.#options.shell.greeting()}`, 'utf8'));
    }
    this.#drain();
  }

  /** Parses every complete message in the buffer; an unknown type byte is skipped. */
  #drain(): void {
    while (this.#buffer.length > 0 && !this.#closed) {
      const type = this.#buffer[0];
      if (type === 0x32) {
        this.#buffer = this.#buffer.subarray(1);
        continue;
      }
      if (type === 0x30) {
        const header = /^0:(\d+):/.exec(this.#buffer.subarray(0, 24).toString('latin1'));
        if (!header) return;
        const length = Number(header[1]);
        const start = header[0].length;
        if (this.#buffer.length < start + length) return;
        const data = this.#buffer.subarray(start, start + length).toString('utf8');
        this.#buffer = this.#buffer.subarray(start + length);
        const output = this.#options.shell.input(data);
        if (output) this.#options.send(Buffer.from(output, 'utf8'));
        continue;
      }
      if (type === 0x31) {
        const resize = /^1:(\d+):(\d+):/.exec(this.#buffer.subarray(0, 32).toString('latin1'));
        if (!resize) return;
        this.size = { columns: Number(resize[1]), rows: Number(resize[2]) };
        this.#buffer = this.#buffer.subarray(resize[0].length);
        continue;
      }
      this.#buffer = this.#buffer.subarray(1);
    }
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#options.close();
  }
}
