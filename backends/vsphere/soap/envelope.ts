import type { MoRef } from './xml-node';

/** Request bodies are built as strings from these helpers: small, and escaped in one place. */

const special = /[<>&"']/;

export function escapeXml(value: string): string {
  if (!special.test(value)) return value;
  return value.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c] as string};`);
}

/** `<name>value</name>`, or nothing when the value is undefined. */
export function leaf(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function ref(name: string, value: MoRef | undefined): string {
  return value === undefined ? '' : `<${name} type="${escapeXml(value.type)}">${escapeXml(value.value)}</${name}>`;
}

/** `<name xsi:type="type">content</name>`; content is already XML. */
export function element(name: string, content: string, xsiType?: string): string {
  return xsiType ? `<${name} xsi:type="${xsiType}">${content}</${name}>` : `<${name}>${content}</${name}>`;
}

export function soapEnvelope(method: string, target: MoRef, args: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Body><${method} xmlns="urn:vim25">${ref('_this', target)}${args}</${method}></soapenv:Body></soapenv:Envelope>`
  );
}
