import { SkydeckFailure } from '../../common/errors/skydeck-error';
import { leaf, ref } from './soap/envelope';
import { vimFaultOf } from './soap/fault';
import type { SoapCall, SoapTransport } from './soap/transport';
import { at, child, moRefOf, textAt, type MoRef, type XmlNode } from './soap/xml-node';

export interface ServiceContent {
  rootFolder: MoRef;
  propertyCollector: MoRef;
  viewManager: MoRef;
  sessionManager: MoRef;
  perfManager?: MoRef;
  about: { fullName: string; version: string; apiType: string; apiVersion: string; instanceUuid?: string };
}

export interface Credentials {
  username: string;
  password: string;
}

export const serviceInstance: MoRef = { type: 'ServiceInstance', value: 'ServiceInstance' };

export type SessionCall = Omit<SoapCall, 'signal'>;

export function isSessionLost(error: unknown): boolean {
  return vimFaultOf(error) === 'NotAuthenticated';
}

const sessionObjectTypes = new Set(['ContainerView', 'PropertyCollector', 'PropertyFilter']);

/** A view or collector of ours that the server no longer knows (vcsim says so instead of NotAuthenticated). */
function isSessionObjectGone(error: unknown): boolean {
  if (!(error instanceof SkydeckFailure) || vimFaultOf(error) !== 'ManagedObjectNotFound') return false;
  const object = error.details?.object as { type?: string } | undefined;
  return object?.type !== undefined && sessionObjectTypes.has(object.type);
}

/**
 * A logged-in vim25 session: the service content, transparent re-login when the server
 * forgets the session (NotAuthenticated), a keep-alive while idle, and Logout on close.
 * Objects that live in a session (views, property collectors) are kept per session epoch
 * through `scoped`, so they are created again after a re-login.
 */
export class VimSession {
  readonly #transport: SoapTransport;
  readonly #credentials: Credentials;
  readonly #keepAliveMs: number;
  #content: ServiceContent | undefined;
  #relogin: Promise<void> | undefined;
  #epoch = 0;
  #scoped = new Map<string, Promise<unknown>>();
  #keepAlive: NodeJS.Timeout | undefined;
  #lastCall = 0;

  constructor(transport: SoapTransport, credentials: Credentials, options: { keepAliveMs?: number } = {}) {
    this.#transport = transport;
    this.#credentials = credentials;
    this.#keepAliveMs = options.keepAliveMs ?? 5 * 60_000;
  }

  get content(): ServiceContent {
    if (!this.#content) throw new SkydeckFailure('internal', 'The vSphere session is not open yet.');
    return this.#content;
  }

  get host(): string {
    return this.#transport.host;
  }

  /** Increases with every login; session-scoped objects of an older epoch are gone. */
  get epoch(): number {
    return this.#epoch;
  }

  async open(signal: AbortSignal): Promise<ServiceContent> {
    await this.#transport.discoverVersion(signal);
    const answer = await this.#transport.call({ method: 'RetrieveServiceContent', target: serviceInstance, signal });
    this.#content = parseServiceContent(child(answer, 'returnval'));
    await this.#login(signal);
    this.#startKeepAlive();
    return this.#content;
  }

  /** A call that logs in again and repeats itself once when the session was lost. */
  async call(call: SessionCall, signal: AbortSignal): Promise<XmlNode> {
    return this.run(signal, () => this.callOnce(call, signal));
  }

  /** A call without re-login (for callers that must rebuild their arguments after one). */
  async callOnce(call: SessionCall, signal: AbortSignal): Promise<XmlNode> {
    this.#lastCall = Date.now();
    return this.#transport.call({ ...call, signal });
  }

  stream(call: SessionCall, itemPath: readonly string[], signal: AbortSignal): AsyncGenerator<XmlNode, XmlNode> {
    this.#lastCall = Date.now();
    return this.#transport.stream({ ...call, signal }, itemPath);
  }

  /** Runs `work`; when the session (or an object of it) was lost, recovers and runs it once more. */
  async run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    const epoch = this.#epoch;
    try {
      return await work();
    } catch (error) {
      if (!(await this.recover(error, epoch, signal))) throw error;
      return work();
    }
  }

  /**
   * After a failure in session `epoch`: true when trying again makes sense. A lost session
   * is logged in again; a vanished view or collector is dropped from the session objects
   * (and the session checked, since some servers report a dead session that way).
   */
  async recover(error: unknown, epoch: number, signal: AbortSignal): Promise<boolean> {
    if (isSessionLost(error)) {
      await this.relogin(epoch, signal);
      return true;
    }
    if (!isSessionObjectGone(error)) return false;
    if (epoch === this.#epoch && (await this.#isAlive(signal))) this.#scoped = new Map();
    else await this.relogin(epoch, signal);
    return true;
  }

  /** Logs in again unless someone already did since `epoch`; concurrent callers share one login. */
  async relogin(epoch: number, signal: AbortSignal): Promise<void> {
    if (epoch !== this.#epoch) return;
    this.#relogin ??= (async () => {
      try {
        this.#transport.forgetSession();
        await this.#login(signal);
      } finally {
        this.#relogin = undefined;
      }
    })();
    await this.#relogin;
  }

  /** A session-scoped object (e.g. the inventory's ContainerView), created once per login. */
  scoped<T>(key: string, create: () => Promise<T>): Promise<T> {
    let value = this.#scoped.get(key) as Promise<T> | undefined;
    if (!value) {
      value = create();
      value.catch(() => this.#scoped.delete(key));
      this.#scoped.set(key, value);
    }
    return value;
  }

  async close(): Promise<void> {
    clearInterval(this.#keepAlive);
    if (!this.#content || !this.#transport.hasSession) return;
    try {
      await this.#transport.call({ method: 'Logout', target: this.#content.sessionManager, signal: AbortSignal.timeout(5_000) });
    } catch {
      // The session may already be gone; closing must not fail because of it.
    }
    this.#transport.forgetSession();
  }

  async #isAlive(signal: AbortSignal): Promise<boolean> {
    const spec =
      '<specSet><propSet><type>SessionManager</type><all>false</all><pathSet>currentSession</pathSet></propSet>' +
      `<objectSet>${ref('obj', this.content.sessionManager)}<skip>false</skip></objectSet></specSet><options></options>`;
    try {
      const answer = await this.#transport.call({
        method: 'RetrievePropertiesEx',
        target: this.content.propertyCollector,
        args: spec,
        signal,
      });
      return at(answer, 'returnval.objects.propSet.val') !== undefined;
    } catch (error) {
      if (isSessionLost(error)) return false;
      throw error;
    }
  }

  async #login(signal: AbortSignal): Promise<void> {
    const { username, password } = this.#credentials;
    try {
      await this.#transport.call({
        method: 'Login',
        target: this.content.sessionManager,
        args: leaf('userName', username) + leaf('password', password),
        signal,
      });
    } catch (error) {
      if (vimFaultOf(error) === 'InvalidLogin') {
        throw new SkydeckFailure('auth-failed', `Wrong user or password for ${username} on ${this.host}.`, {
          details: { vimFault: 'InvalidLogin' },
        });
      }
      throw error;
    }
    this.#epoch += 1;
    this.#scoped = new Map();
    this.#lastCall = Date.now();
  }

  #startKeepAlive(): void {
    this.#keepAlive = setInterval(() => {
      if (Date.now() - this.#lastCall < this.#keepAliveMs) return;
      void this.call({ method: 'CurrentTime', target: serviceInstance, timeoutMs: 30_000 }, AbortSignal.timeout(60_000)).catch(() => {
        // The next real call reports trouble with the server; the keep-alive stays quiet.
      });
    }, this.#keepAliveMs);
    this.#keepAlive.unref();
  }
}

export function parseServiceContent(node: XmlNode | undefined): ServiceContent {
  const required = (name: string): MoRef => {
    const ref = moRefOf(child(node, name));
    if (!ref)
      throw new SkydeckFailure('bad-response', `The server's service content lacks ${name}: is this a vCenter or ESXi SDK endpoint?`);
    return ref;
  };
  const about = child(node, 'about');
  const content: ServiceContent = {
    rootFolder: required('rootFolder'),
    propertyCollector: required('propertyCollector'),
    viewManager: required('viewManager'),
    sessionManager: required('sessionManager'),
    about: {
      fullName: textAt(about, 'fullName') ?? 'VMware vSphere',
      version: textAt(about, 'version') ?? '',
      apiType: textAt(about, 'apiType') ?? '',
      apiVersion: textAt(about, 'apiVersion') ?? '',
    },
  };
  const perfManager = moRefOf(child(node, 'perfManager'));
  if (perfManager) content.perfManager = perfManager;
  const instanceUuid = textAt(about, 'instanceUuid');
  if (instanceUuid) content.about.instanceUuid = instanceUuid;
  return content;
}
