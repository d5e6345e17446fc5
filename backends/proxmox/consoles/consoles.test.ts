import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ConsoleEndpoint } from '../../../common/model/operations';
import { vncAuthResponse } from '../simulator/consoles/vnc-auth';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../simulator/index';
import { labProvider, never } from '../testing/lab-connection';
import { SocketReader } from '../testing/socket-reader';
import type { ProxmoxProvider } from '../provider';

type Opened = { socket: WebSocket; reader: SocketReader };

describe('Proxmox consoles against the simulator', () => {
  let simulator: ProxmoxSimulator;
  let provider: ProxmoxProvider;
  const open: WebSocket[] = [];

  beforeAll(async () => {
    simulator = await startProxmoxSimulator({ seed: 3, nodes: 2, guests: 8, authFailureDelayMs: 10 });
    provider = labProvider(simulator);
    await provider.connect(never);
  });
  afterAll(async () => {
    for (const socket of open) socket.terminate();
    await provider.close();
    await simulator.close();
  });

  const guestOf = (type: 'qemu' | 'lxc') =>
    [...simulator.lab.guests.values()].find((guest) => guest.type === type && guest.status === 'running' && !guest.template);

  const connect = (endpoint: Extract<ConsoleEndpoint, { websocketUrl: string }>): Promise<Opened> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(endpoint.websocketUrl, 'binary', { headers: endpoint.headers, ca: simulator.certificatePem });
      open.push(socket);
      const reader = new SocketReader(socket);
      socket.once('open', () => resolve({ socket, reader }));
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused: ${response.statusCode} ${response.statusMessage}`)),
      );
      socket.once('error', reject);
    });

  /** The RFB 3.8 handshake up to ServerInit, as noVNC does it. */
  const handshake = async ({ socket, reader }: Opened, password: string): Promise<{ width: number; height: number; name: string }> => {
    expect((await reader.read(12)).toString('latin1')).toBe('RFB 003.008\n');
    socket.send(Buffer.from('RFB 003.008\n', 'latin1'));
    expect([...(await reader.read(2))]).toEqual([1, 2]);
    socket.send(Buffer.from([2]));
    const challenge = await reader.read(16);
    socket.send(vncAuthResponse(challenge, password));
    const result = (await reader.read(4)).readUInt32BE(0);
    if (result !== 0) {
      const reason = await reader.read((await reader.read(4)).readUInt32BE(0));
      throw new Error(`VNC authentication failed: ${reason.toString('latin1')}`);
    }
    socket.send(Buffer.from([1]));
    const init = await reader.read(24);
    const name = (await reader.read(init.readUInt32BE(20))).toString('utf8');
    return { width: init.readUInt16BE(0), height: init.readUInt16BE(2), name };
  };

  const updateRequest = (incremental: boolean, width: number, height: number): Buffer => {
    const request = Buffer.alloc(10);
    request.writeUInt8(3, 0);
    request.writeUInt8(incremental ? 1 : 0, 1);
    request.writeUInt16BE(width, 6);
    request.writeUInt16BE(height, 8);
    return request;
  };

  const readUpdate = async (reader: SocketReader): Promise<{ x: number; y: number; width: number; height: number; pixels: Buffer }[]> => {
    const header = await reader.read(4);
    expect(header[0]).toBe(0);
    const rects = [];
    for (let i = 0; i < header.readUInt16BE(2); i += 1) {
      const rect = await reader.read(12);
      expect(rect.readInt32BE(8)).toBe(0);
      const [x, y, width, height] = [rect.readUInt16BE(0), rect.readUInt16BE(2), rect.readUInt16BE(4), rect.readUInt16BE(6)];
      rects.push({ x, y, width, height, pixels: await reader.read(width * height * 4) });
    }
    return rects;
  };

  it('opens a VM console: vncwebsocket with the session cookie, VNC auth with the ticket password, a framebuffer that shows text', async () => {
    const vm = guestOf('qemu');
    const endpoint = await provider.console(`lab/vm/${vm?.vmid}`, 'vnc', never);
    if (endpoint.kind !== 'vnc') throw new Error(`expected a vnc endpoint, got ${endpoint.kind}`);
    expect(endpoint.websocketUrl).toMatch(
      new RegExp(`^wss://127\\.0\\.0\\.1:\\d+/api2/json/nodes/${vm?.node}/qemu/${vm?.vmid}/vncwebsocket\\?port=59\\d\\d&vncticket=`),
    );
    expect(endpoint.headers?.cookie).toMatch(/^PVEAuthCookie=PVE%3Aroot%40pam%3A/);
    const opened = await connect(endpoint);
    expect(opened.socket.protocol).toBe('binary');
    const init = await handshake(opened, endpoint.password as string);
    expect(init).toMatchObject({ width: 640, height: 400 });
    expect(init.name).toContain(String(vm?.vmid));

    opened.socket.send(updateRequest(false, init.width, init.height));
    const [full] = await readUpdate(opened.reader);
    expect(full).toMatchObject({ x: 0, y: 0, width: 640, height: 400 });
    const lit = (pixels: Buffer): number => pixels.filter((byte, index) => index % 4 !== 3 && byte > 0).length;
    expect(lit(full?.pixels as Buffer)).toBeGreaterThan(500);

    // A key typed at the login prompt comes back as an incremental update of that text row only.
    opened.socket.send(updateRequest(true, init.width, init.height));
    const key = Buffer.alloc(8);
    key.writeUInt8(4, 0);
    key.writeUInt8(1, 1);
    key.writeUInt32BE('r'.charCodeAt(0), 4);
    opened.socket.send(key);
    const rows = await readUpdate(opened.reader);
    expect(rows).toEqual([expect.objectContaining({ x: 0, y: 32, width: 640, height: 16 })]);
    opened.socket.close();
  });

  it('refuses VNC authentication with a wrong password', async () => {
    const vm = guestOf('qemu');
    const endpoint = await provider.console(`lab/vm/${vm?.vmid}`, 'vnc', never);
    if (endpoint.kind !== 'vnc') throw new Error('expected a vnc endpoint');
    await expect(handshake(await connect(endpoint), 'wrongpwd')).rejects.toThrow('VNC authentication failed: Authentication failure');
  });

  it('refuses the websocket upgrade when the console ticket is not valid', async () => {
    const vm = guestOf('qemu');
    const endpoint = await provider.console(`lab/vm/${vm?.vmid}`, 'vnc', never);
    if (endpoint.kind !== 'vnc') throw new Error('expected a vnc endpoint');
    const forged = endpoint.websocketUrl.replace(/vncticket=[^&]+/, 'vncticket=PVEVNC%3A00000000%3A%3Aforged');
    await expect(connect({ ...endpoint, websocketUrl: forged })).rejects.toThrow(
      'upgrade refused: 401 permission denied - invalid vnc ticket',
    );
  });

  it('opens a node shell over termproxy: user:ticket line, OK, typed input echoed and run', async () => {
    const endpoint = await provider.console('lab/host/pve1', 'terminal', never);
    if (endpoint.kind !== 'terminal') throw new Error('expected a terminal endpoint');
    expect(endpoint).toMatchObject({
      framing: 'proxmox-termproxy',
      handshake: expect.stringMatching(/^root@pam:PVEVNC:[0-9A-F]{8}::\S+\n$/),
    });
    expect(endpoint.websocketUrl).toMatch(/\/api2\/json\/nodes\/pve1\/vncwebsocket\?port=59\d\d&vncticket=PVEVNC/);
    const { socket, reader } = await connect(endpoint);
    socket.send(Buffer.from(endpoint.handshake, 'utf8'));
    expect((await reader.read(2)).toString('latin1')).toBe('OK');
    await reader.readUntil('root@pve1:~# ');
    socket.send(Buffer.from('1:120:40:2', 'latin1'));
    const line = 'hostname\r';
    socket.send(Buffer.from(`0:${Buffer.byteLength(line)}:${line}`, 'utf8'));
    expect(await reader.readUntil('root@pve1:~# ')).toBe('hostname\r\npve1\r\nroot@pve1:~# ');
    const exit = 'exit\r';
    socket.send(Buffer.from(`0:${exit.length}:${exit}`, 'utf8'));
    await reader.closedByServer();
  });

  it('opens a container terminal, and closes one whose first line does not verify', async () => {
    const ct = guestOf('lxc');
    const name = String(ct?.config.hostname);
    const terminal = async (): Promise<Extract<ConsoleEndpoint, { kind: 'terminal' }>> => {
      const endpoint = await provider.console(`lab/vm/${ct?.vmid}`, 'terminal', never);
      if (endpoint.kind !== 'terminal') throw new Error('expected a terminal endpoint');
      return endpoint;
    };
    const good = await terminal();
    expect(good.websocketUrl).toContain(`/nodes/${ct?.node}/lxc/${ct?.vmid}/vncwebsocket?port=`);
    const accepted = await connect(good);
    accepted.socket.send(Buffer.from(good.handshake, 'utf8'));
    expect(await accepted.reader.readUntil(`root@${name}:~# `)).toMatch(new RegExp(`^OKLinux ${name} `));
    accepted.socket.close();

    const refused = await connect(await terminal());
    refused.socket.send(Buffer.from('root@pam:PVEVNC:00000000::forged\n', 'utf8'));
    await refused.reader.closedByServer();
    await expect(refused.reader.read(1)).rejects.toThrow('socket closed after 0 of 1 bytes');
  });
});
