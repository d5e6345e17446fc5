import { HttpClient } from '../../../backends/core/http-client';

/**
 * A deliberately small vim25 client, independent of the connector under test: plain
 * strings out, regular expressions in, the old unpaged RetrieveProperties. The contract
 * suite reads "what the server holds" through it and changes things behind the
 * connector's back (rename, mark as template, end sessions).
 */
export interface TruthObject {
  type: string;
  id: string;
  props: Map<string, string>;
}

const unescape = (text: string): string =>
  text.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) =>
    dec
      ? String.fromCodePoint(Number(dec))
      : hex
        ? String.fromCodePoint(parseInt(hex, 16))
        : (({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name] ?? ''),
  );
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class TruthClient {
  readonly #http: HttpClient;
  readonly #path: string;
  #cookie = '';
  #view = '';

  private constructor(http: HttpClient, path: string) {
    this.#http = http;
    this.#path = path;
  }

  static async login(url: string, username: string, password: string, fingerprint: string): Promise<TruthClient> {
    const parsed = new URL(url);
    const client = new TruthClient(
      new HttpClient({ baseUrl: parsed.origin, trust: { pinnedFingerprint: fingerprint } }),
      parsed.pathname.endsWith('/sdk') ? parsed.pathname : '/sdk',
    );
    await client.call(
      'SessionManager',
      'SessionManager',
      'Login',
      `<userName>${escape(username)}</userName><password>${escape(password)}</password>`,
    );
    const root = /<rootFolder type="Folder">([^<]+)</.exec(
      await client.call('ServiceInstance', 'ServiceInstance', 'RetrieveServiceContent'),
    )?.[1];
    const view = await client.call(
      'ViewManager',
      'ViewManager',
      'CreateContainerView',
      `<container type="Folder">${root}</container><recursive>true</recursive>`,
    );
    client.#view = /<returnval type="ContainerView">([^<]+)</.exec(view)?.[1] ?? '';
    return client;
  }

  async call(type: string, id: string, method: string, args = ''): Promise<string> {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>' +
      `<${method} xmlns="urn:vim25"><_this type="${type}">${escape(id)}</_this>${args}</${method}></soapenv:Body></soapenv:Envelope>`;
    const response = await this.#http.request({
      method: 'POST',
      path: this.#path,
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        soapaction: '"urn:vim25/6.5"',
        ...(this.#cookie ? { cookie: this.#cookie } : {}),
      },
      body,
      timeoutMs: 60_000,
    });
    const setCookie = response.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
    if (cookie) this.#cookie = cookie;
    const text = await response.text();
    if (text.includes('<soapenv:Fault>'))
      throw new Error(`${method} failed: ${/<faultstring>([^<]*)</.exec(text)?.[1] ?? text.slice(0, 300)}`);
    return text;
  }

  /** Every object of the view of one type (subtypes included), with the named simple properties. */
  async list(type: string, paths: readonly string[] = ['name']): Promise<TruthObject[]> {
    const spec =
      `<specSet><propSet><type>${type}</type>${paths.map((p) => `<pathSet>${p}</pathSet>`).join('')}</propSet>` +
      `<objectSet><obj type="ContainerView">${escape(this.#view)}</obj><skip>true</skip>` +
      '<selectSet xsi:type="TraversalSpec"><name>v</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet></specSet>';
    return parseObjects(await this.call('PropertyCollector', 'propertyCollector', 'RetrieveProperties', spec));
  }

  async read(type: string, id: string, paths: readonly string[]): Promise<Map<string, string>> {
    const spec =
      `<specSet><propSet><type>${type}</type>${paths.map((p) => `<pathSet>${p}</pathSet>`).join('')}</propSet>` +
      `<objectSet><obj type="${type}">${escape(id)}</obj><skip>false</skip></objectSet></specSet>`;
    return parseObjects(await this.call('PropertyCollector', 'propertyCollector', 'RetrieveProperties', spec))[0]?.props ?? new Map();
  }

  /** Runs a task method and waits until the task ends; rejects when it fails. */
  async runTask(type: string, id: string, method: string, args = ''): Promise<void> {
    const task = /<returnval type="Task">([^<]+)</.exec(await this.call(type, id, method, args))?.[1];
    if (!task) throw new Error(`${method} started no task`);
    for (let i = 0; i < 300; i++) {
      const state = (await this.read('Task', task, ['info.state'])).get('info.state');
      if (state === 'success') return;
      if (state === 'error') throw new Error(`${method} failed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${method} did not end`);
  }

  /** Ends every session except this one (what an admin's "terminate session" does to the connector). */
  async terminateOtherSessions(): Promise<number> {
    const props = await this.call(
      'PropertyCollector',
      'propertyCollector',
      'RetrieveProperties',
      '<specSet><propSet><type>SessionManager</type><pathSet>currentSession</pathSet><pathSet>sessionList</pathSet></propSet>' +
        '<objectSet><obj type="SessionManager">SessionManager</obj><skip>false</skip></objectSet></specSet>',
    );
    const mine = /<name>currentSession<\/name><val[^>]*><key>([^<]+)</.exec(props)?.[1];
    const list = props.slice(props.indexOf('<name>sessionList</name>'));
    const others = [...list.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1] as string).filter((key) => key !== mine);
    if (others.length > 0) {
      await this.call(
        'SessionManager',
        'SessionManager',
        'TerminateSession',
        others.map((key) => `<sessionId>${key}</sessionId>`).join(''),
      );
    }
    return others.length;
  }

  async close(): Promise<void> {
    await this.call('SessionManager', 'SessionManager', 'Logout').catch(() => undefined);
    await this.#http.close();
  }
}

/** ObjectContents → objects with their simple (text) property values. */
function parseObjects(xml: string): TruthObject[] {
  const objects: TruthObject[] = [];
  for (const match of xml.matchAll(/<obj type="([^"]+)">([^<]*)<\/obj>(.*?)<\/(?:returnval|objects)>/gs)) {
    const props = new Map<string, string>();
    for (const prop of (match[3] as string).matchAll(/<propSet><name>([^<]+)<\/name><val[^>]*>([^<]*)<\/val><\/propSet>/g)) {
      props.set(prop[1] as string, unescape(prop[2] as string));
    }
    objects.push({ type: match[1] as string, id: unescape(match[2] as string), props });
  }
  return objects;
}
