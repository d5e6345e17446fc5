/** What the simulated shell can tell about where it runs. */
export interface ShellHost {
  hostname: string;
  /** Lines for `qm list` / `pct list` (node shells only). */
  guests?: () => { vmid: number; name: string; status: string; type: 'qemu' | 'lxc' }[];
  version: string;
  uptimeSeconds: () => number;
}

/**
 * A very small interactive shell: a login prompt (guest consoles), a prompt, echo of what
 * is typed, line editing with backspace, and a handful of commands. Enough for a console
 * to feel alive in the demo lab and for tests to see their input come back.
 */
export class TinyShell {
  readonly #host: ShellHost;
  #line = '';
  #state: 'login' | 'password' | 'shell';
  #user = 'root';
  #escape = false;
  #exited = false;
  onExit: () => void = () => undefined;

  constructor(host: ShellHost, options: { login: boolean }) {
    this.#host = host;
    this.#state = options.login ? 'login' : 'shell';
  }

  /** What the console shows before anyone types. */
  greeting(): string {
    if (this.#state === 'login') return `Debian GNU/Linux 12 ${this.#host.hostname} tty1\r\n\r\n${this.#host.hostname} login: `;
    return `Linux ${this.#host.hostname} 6.14.11-4-pve #1 SMP PREEMPT_DYNAMIC x86_64\r\n\r\n${this.#prompt()}`;
  }

  #prompt(): string {
    return `${this.#user}@${this.#host.hostname}:~# `;
  }

  /** Typed input (keystrokes or pasted text) → what the terminal displays. */
  input(data: string): string {
    let output = '';
    for (const char of data) {
      if (this.#escape) {
        if (/[A-Za-z~]/.test(char)) this.#escape = false;
        continue;
      }
      if (char === '\x1b') {
        this.#escape = true;
      } else if (char === '\r' || char === '\n') {
        output += `\r\n${this.#enter(this.#line)}`;
        this.#line = '';
      } else if (char === '\x7f' || char === '\b') {
        if (this.#line.length > 0) {
          this.#line = this.#line.slice(0, -1);
          if (this.#state !== 'password') output += '\b \b';
        }
      } else if (char === '\x03') {
        this.#line = '';
        output += `^C\r\n${this.#state === 'shell' ? this.#prompt() : ''}`;
      } else if (char >= ' ') {
        this.#line += char;
        if (this.#state !== 'password') output += char;
      }
    }
    return output;
  }

  #enter(line: string): string {
    if (this.#state === 'login') {
      if (line.trim() === '') return `${this.#host.hostname} login: `;
      this.#user = line.trim();
      this.#state = 'password';
      return 'Password: ';
    }
    if (this.#state === 'password') {
      this.#state = 'shell';
      return `Last login: ${new Date().toUTCString()} on tty1\r\n${this.#prompt()}`;
    }
    const output = this.#run(line.trim());
    return this.#exited ? output : `${output}${this.#prompt()}`;
  }

  #run(command: string): string {
    const [name, ...args] = command.split(/\s+/);
    const lines = (...text: string[]): string => text.map((line) => `${line}\r\n`).join('');
    switch (name) {
      case '':
      case undefined:
        return '';
      case 'hostname':
        return lines(this.#host.hostname);
      case 'whoami':
        return lines(this.#user);
      case 'echo':
        return lines(args.join(' '));
      case 'uname':
        return lines(args.includes('-a') ? `Linux ${this.#host.hostname} 6.14.11-4-pve #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux` : 'Linux');
      case 'uptime': {
        const days = Math.floor(this.#host.uptimeSeconds() / 86400);
        return lines(` up ${days} days, load average: 0.42, 0.38, 0.35`);
      }
      case 'pveversion':
        return lines(`pve-manager/${this.#host.version}`);
      case 'qm':
      case 'pct': {
        if (!this.#host.guests || args[0] !== 'list') return lines(`${name}: try '${name} list'`);
        const type = name === 'qm' ? 'qemu' : 'lxc';
        const rows = this.#host.guests().filter((guest) => guest.type === type);
        return lines(
          '      VMID NAME                 STATUS',
          ...rows.map((guest) => `${String(guest.vmid).padStart(10)} ${guest.name.padEnd(20)} ${guest.status}`),
        );
      }
      case 'exit':
      case 'logout':
        this.#exited = true;
        setImmediate(() => this.onExit());
        return lines('logout');
      default:
        return lines(`-bash: ${name}: command not found`);
    }
  }
}
