import type { TlsTrust } from '../../../common/model/connection';
import { sleep } from '../../../backends/core/concurrency';
import type { ServiceType } from '../../../backends/openstack/errors';
import { OpenstackSession, type ServiceCall } from '../../../backends/openstack/session';
import { defaultTuning, readSettings } from '../../../backends/openstack/settings';

export interface PeerAccount {
  username: string;
  password: string;
  project: string;
  userDomain: string;
  projectDomain: string;
}

type Body = Record<string, unknown>;

/**
 * Creates and removes cloud objects through the OpenStack APIs, as a user would with the
 * CLI: the contract suite builds its fixtures with it on the simulator and on the real lab.
 */
export class CloudApi {
  readonly session: OpenstackSession;
  readonly #signal = new AbortController().signal;
  readonly #patienceMs: number;

  private constructor(session: OpenstackSession, patienceMs: number) {
    this.session = session;
    this.#patienceMs = patienceMs;
  }

  /** `patienceMs`: how long a server or volume may take to settle on this peer. */
  static async open(authUrl: string, account: PeerAccount, tls: TlsTrust, patienceMs = 90_000): Promise<CloudApi> {
    const settings = readSettings(
      'fixtures',
      authUrl,
      {
        auth: 'password',
        username: account.username,
        userDomain: account.userDomain,
        project: account.project,
        projectDomain: account.projectDomain,
      },
      { password: account.password },
      tls,
    );
    const session = new OpenstackSession(settings, { ...defaultTuning, retries: 3 });
    await session.open(new AbortController().signal);
    return new CloudApi(session, patienceMs);
  }

  get projectId(): string {
    return this.session.projectId as string;
  }

  get userId(): string {
    return this.session.token.user.id;
  }

  async call<T = Body>(service: ServiceType, call: Omit<ServiceCall, 'signal'>): Promise<T> {
    return (await this.session.call<T>(service, { ...call, signal: this.#signal })).body;
  }

  async list(service: ServiceType, path: string, key: string, query?: ServiceCall['query']): Promise<Body[]> {
    const body = await this.call<Body>(service, { path, ...(query ? { query } : {}) });
    return (body[key] as Body[] | undefined) ?? [];
  }

  /** Polls `read` until `done` says so, or fails after `timeoutMs` naming what it waited for. */
  async until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = this.#patienceMs): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T = await read();
    while (!done(last)) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last).slice(0, 400)}`);
      await sleep(250);
      last = await read();
    }
    return last;
  }

  async externalNetwork(): Promise<Body> {
    const [network] = await this.list('network', '/networks', 'networks', { 'router:external': 'True' });
    if (!network) throw new Error('The peer has no external network to take floating IPs from.');
    return network;
  }

  async createNetwork(name: string, cidr: string): Promise<{ network: Body; subnet: Body }> {
    const { network } = await this.call<{ network: Body }>('network', { method: 'POST', path: '/networks', body: { network: { name } } });
    const { subnet } = await this.call<{ subnet: Body }>('network', {
      method: 'POST',
      path: '/subnets',
      body: { subnet: { name: `${name}-subnet`, network_id: network.id, cidr, ip_version: 4, enable_dhcp: false } },
    });
    return { network, subnet };
  }

  async createRouter(name: string, externalNetworkId: string, subnetId: string): Promise<Body> {
    const { router } = await this.call<{ router: Body }>('network', {
      method: 'POST',
      path: '/routers',
      body: { router: { name, external_gateway_info: { network_id: externalNetworkId } } },
    });
    await this.call('network', {
      method: 'PUT',
      path: `/routers/${String(router.id)}/add_router_interface`,
      body: { subnet_id: subnetId },
    });
    return router;
  }

  /** A small raw image with a few bytes: enough for the fake hypervisor driver. */
  async createImage(name: string): Promise<Body> {
    const image = await this.call<Body>('image', {
      method: 'POST',
      path: '/images',
      body: { name, disk_format: 'raw', container_format: 'bare', visibility: 'private', min_disk: 0, min_ram: 0 },
    });
    await this.session.call('image', {
      method: 'PUT',
      path: `/images/${String(image.id)}/file`,
      upload: { data: Buffer.from('skydeck contract suite image\n'), contentType: 'application/octet-stream' },
      signal: this.#signal,
    });
    return this.until(
      `image ${name} to become active`,
      () => this.call<Body>('image', { path: `/images/${String(image.id)}` }),
      (body) => body.status === 'active',
    );
  }

  async smallestFlavor(): Promise<Body> {
    const flavors = await this.list('compute', '/flavors/detail', 'flavors');
    const sorted = flavors.sort((a, b) => Number(a.ram) - Number(b.ram) || Number(a.disk) - Number(b.disk));
    if (!sorted[0]) throw new Error('The peer has no flavor.');
    return sorted[0];
  }

  async createServer(name: string, imageId: string, flavorId: string, networkId: string): Promise<Body> {
    const { server } = await this.call<{ server: Body }>('compute', {
      method: 'POST',
      path: '/servers',
      body: { server: { name, imageRef: imageId, flavorRef: flavorId, networks: [{ uuid: networkId }] } },
    });
    return server;
  }

  async server(id: string): Promise<Body> {
    return (await this.call<{ server: Body }>('compute', { path: `/servers/${id}` })).server;
  }

  async waitForServer(id: string, status: string): Promise<Body> {
    return this.until(
      `server ${id} to be ${status}`,
      () => this.server(id),
      (server) => server.status === status && !server['OS-EXT-STS:task_state'],
    );
  }

  async serverAction(id: string, body: Body): Promise<void> {
    await this.call('compute', { method: 'POST', path: `/servers/${id}/action`, body });
  }

  async deleteServer(id: string): Promise<void> {
    await this.session.call('compute', { method: 'DELETE', path: `/servers/${id}`, accept: [404], signal: this.#signal });
  }

  async serverPorts(serverId: string): Promise<Body[]> {
    return this.list('network', '/ports', 'ports', { device_id: serverId });
  }

  async createFloatingIp(externalNetworkId: string, portId: string): Promise<Body> {
    const { floatingip } = await this.call<{ floatingip: Body }>('network', {
      method: 'POST',
      path: '/floatingips',
      body: { floatingip: { floating_network_id: externalNetworkId, port_id: portId } },
    });
    return floatingip;
  }

  async createVolume(name: string): Promise<Body> {
    const { volume } = await this.call<{ volume: Body }>('block-storage', {
      method: 'POST',
      path: '/volumes',
      body: { volume: { name, size: 1 } },
    });
    return this.until(
      `volume ${name} to be available`,
      () => this.volume(String(volume.id)),
      (body) => body.status === 'available',
    );
  }

  async volume(id: string): Promise<Body> {
    return (await this.call<{ volume: Body }>('block-storage', { path: `/volumes/${id}` })).volume;
  }

  async attachVolume(serverId: string, volumeId: string): Promise<Body> {
    await this.call('compute', {
      method: 'POST',
      path: `/servers/${serverId}/os-volume_attachments`,
      body: { volumeAttachment: { volumeId } },
    });
    return this.until(
      `volume ${volumeId} to be in-use`,
      () => this.volume(volumeId),
      (body) => body.status === 'in-use',
    );
  }

  async createApplicationCredential(name: string): Promise<{ id: string; secret: string }> {
    const { application_credential: credential } = await this.call<{ application_credential: Body }>('identity', {
      method: 'POST',
      path: `/users/${this.userId}/application_credentials`,
      body: { application_credential: { name } },
    });
    return { id: String(credential.id), secret: String(credential.secret) };
  }

  /** Best-effort removal of what a test made; failures are ignored (the peer may be gone). */
  async remove(service: ServiceType, path: string): Promise<void> {
    await this.session.call(service, { method: 'DELETE', path, accept: [404, 409, 400], signal: this.#signal }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}
