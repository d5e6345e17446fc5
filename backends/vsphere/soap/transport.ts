import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { type HttpClient, type HttpResponse, preview } from '../../core/http-client';
import { toNetworkFailure } from '../../core/tls-trust';
import { soapEnvelope } from './envelope';
import { failureFromSoapFault } from './fault';
import { readXmlStream, parseXml } from './xml-reader';
import { child, childrenNamed, type MoRef, type XmlNode } from './xml-node';

export interface SoapCall {
  method: string;
  target: MoRef;
  /** Argument elements, already XML (see envelope.ts). */
  args?: string;
  signal: AbortSignal;
  timeoutMs?: number;
}

const sessionCookie = /vmware_soap_session=("[^"]*"|[^;]*)/;
const defaultVersion = '6.5';

/**
 * vim25 over HTTP: one POST per call to /sdk, the session cookie kept between calls, the
 * answer parsed as a stream. Faults become SkydeckFailures carrying the vim25 fault type.
 */
export class SoapTransport {
  readonly #http: HttpClient;
  readonly #path: string;
  #version = defaultVersion;
  #cookie: string | undefined;

  constructor(http: HttpClient, path = '/sdk') {
    this.#http = http;
    this.#path = path;
  }

  get host(): string {
    return this.#http.baseUrl.host;
  }

  get apiVersion(): string {
    return this.#version;
  }

  get hasSession(): boolean {
    return this.#cookie !== undefined;
  }

  forgetSession(): void {
    this.#cookie = undefined;
  }

  /** Learns the newest vim25 version the server speaks (as govmomi does), keeping 6.5 when it will not say. */
  async discoverVersion(signal: AbortSignal): Promise<void> {
    const response = await this.#http.request({ path: `${this.#path}/vimServiceVersions.xml`, signal });
    const text = await response.text();
    if (response.status !== 200) return;
    try {
      const vim = childrenNamed(parseXml(text), 'namespace').find((ns) => child(ns, 'name')?.text === 'urn:vim25');
      const version = child(vim, 'version')?.text.trim();
      if (version && /^\d+(\.\d+)*$/.test(version)) this.#version = version;
    } catch {
      // Not XML: an old server or a proxy page. The default version still works.
    }
  }

  /** One call; resolves to the response element (e.g. RetrievePropertiesExResponse). */
  async call(call: SoapCall): Promise<XmlNode> {
    const reader = this.stream(call, []);
    for (;;) {
      const next = await reader.next();
      if (next.done) return next.value;
    }
  }

  /**
   * One call whose answer is read as a stream: yields the elements at `itemPath` under the
   * response element (e.g. ['returnval', 'objects']) one by one, then returns the rest.
   */
  async *stream(call: SoapCall, itemPath: readonly string[]): AsyncGenerator<XmlNode, XmlNode> {
    const where = `${this.host} (${call.method})`;
    const response = await this.#post(call);
    if (response.status !== 200 && response.status !== 500) throw await this.#httpFailure(response, where);
    let root: XmlNode;
    try {
      const reader = readXmlStream(response.body, itemPath.length > 0 ? ['Envelope', 'Body', '*', ...itemPath] : []);
      for (;;) {
        const next = await reader.next();
        if (next.done) {
          root = next.value;
          break;
        }
        yield next.value;
      }
    } catch (error) {
      throw this.#bodyFailure(error, where);
    } finally {
      if (!response.body.readableEnded) response.body.destroy();
    }
    const body = child(root, 'Body');
    const answer = body?.children[0];
    if (!answer) throw new SkydeckFailure('bad-response', `${where}: the answer has no SOAP body.`, { retryable: true });
    if (answer.name === 'Fault') throw failureFromSoapFault(answer, where);
    return answer;
  }

  async #post(call: SoapCall): Promise<HttpResponse> {
    const headers: Record<string, string> = {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `"urn:vim25/${this.#version}"`,
    };
    if (this.#cookie) headers.cookie = `vmware_soap_session=${this.#cookie}`;
    const request = {
      method: 'POST' as const,
      path: this.#path,
      headers,
      body: soapEnvelope(call.method, call.target, call.args ?? ''),
      signal: call.signal,
      ...(call.timeoutMs === undefined ? {} : { timeoutMs: call.timeoutMs }),
    };
    const response = await this.#http.request(request);
    const setCookie = response.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const match = sessionCookie.exec(line);
      if (match?.[1]) this.#cookie = match[1];
    }
    return response;
  }

  async #httpFailure(response: HttpResponse, where: string): Promise<SkydeckFailure> {
    const text = await response.text().catch(() => '');
    if (response.status === 401 || response.status === 403) {
      return new SkydeckFailure('forbidden', `${where}: the server refused the request (HTTP ${response.status}).`);
    }
    return new SkydeckFailure('server-error', `${where}: HTTP ${response.status} instead of a SOAP answer: ${preview(text)}.`, {
      retryable: response.status >= 500,
    });
  }

  #bodyFailure(error: unknown, where: string): SkydeckFailure {
    if (error instanceof SkydeckFailure) return error;
    const e = error as { code?: unknown; name?: unknown };
    if (e?.name === 'AbortError' || typeof e?.code === 'string') return toNetworkFailure(error, this.host);
    return new SkydeckFailure('bad-response', `${where}: the answer is not valid SOAP XML (${(error as Error).message}).`, {
      retryable: true,
    });
  }
}
