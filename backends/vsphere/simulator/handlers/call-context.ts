import { leaf, ref as refXml } from '../../soap/envelope';
import { child, moRefOf, type MoRef, type XmlNode } from '../../soap/xml-node';
import { SoapFault, type SoapRequest, type SoapResponseWriter } from '../soap/soap-io';
import type { SimSession, SimState } from '../sim-state';
import { refValue } from '../model/values';

export interface CallContext {
  state: SimState;
  request: SoapRequest;
  /** Absent only for the calls allowed before Login. */
  session: SimSession;
  writer: SoapResponseWriter;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** Sets a response header (Login sets the session cookie). */
  setHeader(name: string, value: string): void;
}

/** A method: returns the inner XML of its answer, or writes it itself (streamed answers) and returns nothing. */
export type Handler = (context: CallContext) => string | undefined | Promise<string | undefined>;

export function argText(args: XmlNode, name: string): string | undefined {
  return child(args, name)?.text;
}

export function argRef(args: XmlNode, name: string): MoRef | undefined {
  return moRefOf(child(args, name));
}

export function returnRef(ref: MoRef): string {
  return refXml('returnval', ref);
}

export function returnText(value: string): string {
  return leaf('returnval', value);
}

export function notFound(ref: MoRef): SoapFault {
  return new SoapFault('ManagedObjectNotFound', 'The object has already been deleted or has not been completely created', {
    obj: refValue(ref),
  });
}

export function invalidArgument(property: string, message = `A specified parameter was not correct: ${property}`): SoapFault {
  return new SoapFault('InvalidArgument', message, { invalidProperty: property });
}
