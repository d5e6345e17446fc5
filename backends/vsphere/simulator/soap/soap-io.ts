import type { ServerResponse } from 'node:http';
import { yieldToEventLoop } from '../../../core/concurrency';
import { escapeXml } from '../../soap/envelope';
import { parseXml } from '../../soap/xml-reader';
import { child, moRefOf, type MoRef, type XmlNode } from '../../soap/xml-node';
import type { Value } from '../model/values';
import { valueXml } from './value-xml';

export interface SoapRequest {
  method: string;
  target: MoRef;
  /** The method element; its children are the arguments. */
  args: XmlNode;
}

/** A vim25 fault to answer with (or to put in a failed task): its type, text and detail fields. */
export class SoapFault extends Error {
  constructor(
    readonly faultType: string,
    readonly faultString: string,
    readonly detail: Record<string, Value> = {},
  ) {
    super(faultString);
  }

  get detailXml(): string {
    return Object.entries(this.detail)
      .map(([name, value]) => valueXml(name, value, false))
      .join('');
  }
}

export function parseSoapRequest(body: string): SoapRequest {
  let envelope: XmlNode;
  try {
    envelope = parseXml(body);
  } catch (error) {
    throw new SoapFault('InvalidRequest', `The request is not XML: ${(error as Error).message}`);
  }
  const call = child(envelope, 'Body')?.children[0];
  const target = moRefOf(child(call, '_this'));
  if (!call || !target) throw new SoapFault('InvalidRequest', 'The request names no method or no _this.');
  return { method: call.name, target, args: call };
}

const envelopeHead =
  '<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" ' +
  'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const envelopeTail = '</soapenv:Body></soapenv:Envelope>';

const flushAt = 64 * 1024;

/**
 * Writes a SOAP answer in pieces: large answers (40,000 VMs) go out as they are produced,
 * waiting for the socket to drain and yielding to the event loop between pieces.
 */
export class SoapResponseWriter {
  readonly #response: ServerResponse;
  readonly #headers: Record<string, string>;
  #buffer = '';
  #started = false;

  constructor(response: ServerResponse, headers: Record<string, string> = {}) {
    this.#response = response;
    this.#headers = headers;
  }

  begin(method: string): void {
    this.#buffer += `${envelopeHead}<${method}Response xmlns="urn:vim25">`;
  }

  /** Appends XML; flushes (and yields) once enough has piled up. */
  async write(xml: string): Promise<void> {
    this.#buffer += xml;
    if (this.#buffer.length >= flushAt) await this.#flush();
  }

  async end(method: string): Promise<void> {
    this.#buffer += `</${method}Response>${envelopeTail}`;
    await this.#flush();
    this.#response.end();
  }

  /** A fault answer (HTTP 500, as vCenter sends them). Only possible before anything was flushed. */
  fault(fault: SoapFault): void {
    if (this.#started) {
      this.#response.destroy();
      return;
    }
    const body =
      `${envelopeHead}<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>${escapeXml(fault.faultString)}</faultstring>` +
      `<detail><${fault.faultType}Fault xmlns="urn:vim25" xsi:type="${fault.faultType}">${fault.detailXml}</${fault.faultType}Fault></detail>` +
      `</soapenv:Fault>${envelopeTail}`;
    this.#response.writeHead(500, { ...this.#headers, 'content-type': 'text/xml; charset=utf-8' }).end(body);
  }

  async #flush(): Promise<void> {
    if (this.#response.destroyed) throw new ClientGone();
    if (!this.#started) {
      this.#started = true;
      this.#response.writeHead(200, { ...this.#headers, 'content-type': 'text/xml; charset=utf-8' });
    }
    const chunk = this.#buffer;
    this.#buffer = '';
    if (!this.#response.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#response.off('drain', done);
          this.#response.off('close', done);
          resolve();
        };
        this.#response.once('drain', done);
        this.#response.once('close', done);
      });
    }
    await yieldToEventLoop();
  }
}

/** The client hung up while an answer was being written: stop producing it. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection');
  }
}
