import { describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/fixtures';
import { failureFromSoapFault, vimFaultOf } from './fault';
import { parseXml } from './xml-reader';
import { child } from './xml-node';

const faultOf = (name: string) => {
  const envelope = parseXml(fixture(name));
  const fault = child(child(envelope, 'Body'), 'Fault');
  if (!fault) throw new Error(`${name} holds no fault`);
  return failureFromSoapFault(fault, 'vc.lab:443 (Call)');
};

describe('vim25 faults as failures a sysadmin can act on', () => {
  it('InvalidLogin is a wrong user or password', () => {
    const failure = faultOf('vcsim-fault-login.xml');
    expect(failure.code).toBe('auth-failed');
    expect(vimFaultOf(failure)).toBe('InvalidLogin');
    expect(failure.message).toBe('vc.lab:443 (Call): wrong user or password.');
  });

  it('MethodNotFound is unsupported and names the method', () => {
    const failure = faultOf('vcsim-fault-method.xml');
    expect(failure.code).toBe('unsupported');
    expect(failure.message).toMatch(/does not offer RebootGuest/);
  });

  it('ManagedObjectNotFound is not-found and names the object', () => {
    const failure = faultOf('vcsim-fault-notfound.xml');
    expect(failure.code).toBe('not-found');
    expect(failure.message).toMatch(/VirtualMachine vm-99999 no longer exists/);
    expect(failure.details?.object).toEqual({ type: 'VirtualMachine', value: 'vm-99999' });
  });

  it('NotAuthenticated is an expired session, retryable', () => {
    const envelope = parseXml(
      '<Envelope><Body><Fault><faultcode>ServerFaultCode</faultcode><faultstring></faultstring><detail>' +
        '<NotAuthenticatedFault xsi:type="NotAuthenticated"><object type="ViewManager">ViewManager</object><privilegeId>System.View</privilegeId></NotAuthenticatedFault>' +
        '</detail></Fault></Body></Envelope>',
    );
    const failure = failureFromSoapFault(child(child(envelope, 'Body'), 'Fault') as never, 'vc');
    expect(failure.code).toBe('token-expired');
    expect(failure.retryable).toBe(true);
  });
});
