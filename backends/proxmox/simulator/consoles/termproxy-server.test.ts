import { describe, expect, it } from 'vitest';
import { TermproxyServer } from './termproxy-server';
import { TinyShell } from './tiny-shell';

function terminal(verify = true) {
  const output: string[] = [];
  let closed = false;
  const shell = new TinyShell({ hostname: 'pve1', version: '9.1.2', uptimeSeconds: () => 86_400 }, { login: false });
  const server = new TermproxyServer({
    verify: (user, ticket) => verify && user === 'root@pam' && ticket === 'PVEVNC:ticket',
    shell,
    send: (bytes) => output.push(bytes.toString('utf8')),
    close: () => (closed = true),
  });
  const send = (text: string): void => server.receive(Buffer.from(text, 'utf8'));
  return { server, send, output, isClosed: () => closed };
}

describe('termproxy framing', () => {
  it('answers OK after a verified first line, then parses messages split anywhere', () => {
    const { server, send, output } = terminal();
    send('root@pam:PVEVN');
    expect(output).toEqual([]);
    send('C:ticket\n1:100:3');
    expect(output[0]).toMatch(/^OKLinux pve1 /);
    send('0:');
    send('0:3:ls\r2');
    expect(server.size).toEqual({ columns: 100, rows: 30 });
    expect(output.slice(1).join('')).toBe('ls\r\n-bash: ls: command not found\r\nroot@pve1:~# ');
  });

  it('counts payload lengths in UTF-8 bytes', () => {
    const { send, output } = terminal();
    send('root@pam:PVEVNC:ticket\n');
    const text = 'echo é\r';
    send(`0:${Buffer.byteLength(text)}:${text}`);
    expect(output.slice(1).join('')).toBe('echo é\r\né\r\nroot@pve1:~# ');
  });

  it('closes without a word when the first line does not verify', () => {
    const { send, output, isClosed } = terminal(false);
    send('root@pam:PVEVNC:ticket\n0:3:ls\r');
    expect(output).toEqual([]);
    expect(isClosed()).toBe(true);
  });
});
