import { type ErrorCode, SkydeckFailure } from '../../../common/errors/skydeck-error';
import { child, textAt, type XmlNode } from './xml-node';

/** vSphere fault types, grouped by what a sysadmin can do about them. */
const faultCodes: Record<string, ErrorCode> = {
  NotAuthenticated: 'token-expired',
  InvalidLogin: 'auth-failed',
  NoPermission: 'forbidden',
  NoPermissionOnHost: 'forbidden',
  ManagedObjectNotFound: 'not-found',
  MethodNotFound: 'unsupported',
  NotSupported: 'unsupported',
  NotImplemented: 'unsupported',
  InvalidPowerState: 'conflict',
  InvalidState: 'conflict',
  InvalidHostState: 'conflict',
  TaskInProgress: 'conflict',
  ConcurrentAccess: 'conflict',
  DuplicateName: 'conflict',
  InvalidCollectorVersion: 'conflict',
  InvalidArgument: 'invalid-input',
  InvalidRequest: 'invalid-input',
  InvalidName: 'invalid-input',
  RequestCanceled: 'cancelled',
  HostCommunication: 'unreachable',
  HostNotConnected: 'unreachable',
};

const retryableFaults = new Set(['HostCommunication', 'HostNotConnected', 'SystemError', 'ConcurrentAccess']);

/** The fault's type name from a fault element (`<XFault xsi:type="X">` or `<fault xsi:type="X">`). */
export function faultTypeOf(fault: XmlNode): string {
  return fault.xsiType ?? fault.name.replace(/Fault$/, '');
}

/** A sentence about a fault, from its type and fields, for people who never read the vim25 reference. */
export function describeFault(type: string, fault: XmlNode | undefined, serverText: string | undefined): string {
  const text = serverText?.trim();
  switch (type) {
    case 'NotAuthenticated':
      return 'the session has expired or was closed on the server';
    case 'InvalidLogin':
      return 'wrong user or password';
    case 'NoPermission':
      return `the account lacks the privilege ${textAt(fault, 'privilegeId') ?? '(unnamed)'} on ${describeObject(child(fault, 'object'))}`;
    case 'ManagedObjectNotFound':
      return `${describeObject(child(fault, 'obj'))} no longer exists (deleted or moved meanwhile?)`;
    case 'MethodNotFound':
      return `this server does not offer ${textAt(fault, 'method') ?? 'that operation'}`;
    case 'InvalidPowerState': {
      const existing = textAt(fault, 'existingState');
      return existing
        ? `the VM is ${existing}, which does not allow this operation`
        : 'the VM is not in a power state that allows this operation';
    }
    case 'InvalidCollectorVersion':
      return 'the change feed version is no longer known to the server';
    case 'RequestCanceled':
      return 'the request was cancelled';
    default:
      return text && !text.startsWith('*types.') ? text : `the server reported ${type}`;
  }
}

function describeObject(ref: XmlNode | undefined): string {
  return ref ? `${ref.refType ?? 'object'} ${ref.text}` : 'the object';
}

export function failureFromFault(type: string, fault: XmlNode | undefined, serverText: string | undefined, where: string): SkydeckFailure {
  const code = faultCodes[type] ?? 'server-error';
  const details: Record<string, unknown> = { vimFault: type };
  const missing = child(fault, 'obj');
  if (type === 'ManagedObjectNotFound' && missing?.refType) details.object = { type: missing.refType, value: missing.text };
  return new SkydeckFailure(code, `${where}: ${describeFault(type, fault, serverText)}.`, {
    details,
    retryable: retryableFaults.has(type) || code === 'token-expired',
  });
}

/** A SOAP Fault element (Envelope/Body/Fault) as a SkydeckFailure. */
export function failureFromSoapFault(soapFault: XmlNode, where: string): SkydeckFailure {
  const detail = child(soapFault, 'detail')?.children[0];
  const type = detail ? faultTypeOf(detail) : 'SOAP fault';
  return failureFromFault(type, detail, textAt(soapFault, 'faultstring'), where);
}

/** The vim25 fault type behind a failure, when there is one. */
export function vimFaultOf(error: unknown): string | undefined {
  if (!(error instanceof SkydeckFailure)) return undefined;
  const fault = error.details?.vimFault;
  return typeof fault === 'string' ? fault : undefined;
}
