import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../../core/simulator/faults';
import { readBody } from '../../core/simulator/server';
import { refValue } from './model/values';
import * as perf from './handlers/perf-handlers';
import * as retrieve from './handlers/retrieve-handlers';
import * as sessions from './handlers/session-handlers';
import * as updates from './handlers/update-handlers';
import * as views from './handlers/view-handlers';
import * as vms from './handlers/vm-handlers';
import type { CallContext, Handler } from './handlers/call-context';
import type { SimSession, SimState } from './sim-state';
import { ClientGone, parseSoapRequest, SoapFault, SoapResponseWriter } from './soap/soap-io';

const handlers: Record<string, Handler> = {
  RetrieveServiceContent: sessions.retrieveServiceContent,
  CurrentTime: sessions.currentTime,
  Login: sessions.login,
  Logout: sessions.logout,
  AcquireCloneTicket: sessions.acquireCloneTicket,
  TerminateSession: sessions.terminateSession,
  SessionIsActive: sessions.sessionIsActive,
  CreateContainerView: views.createContainerView,
  DestroyView: views.destroyView,
  RetrievePropertiesEx: retrieve.retrievePropertiesEx,
  ContinueRetrievePropertiesEx: retrieve.continueRetrievePropertiesEx,
  CancelRetrievePropertiesEx: retrieve.cancelRetrievePropertiesEx,
  RetrieveProperties: retrieve.retrieveProperties,
  CreatePropertyCollector: updates.createPropertyCollector,
  DestroyPropertyCollector: updates.destroyPropertyCollector,
  CreateFilter: updates.createFilter,
  DestroyPropertyFilter: updates.destroyPropertyFilter,
  WaitForUpdatesEx: updates.waitForUpdatesEx,
  CancelWaitForUpdates: updates.cancelWaitForUpdates,
  QueryPerf: perf.queryPerf,
  QueryPerfProviderSummary: perf.queryPerfProviderSummary,
  PowerOnVM_Task: vms.powerOn,
  PowerOffVM_Task: vms.powerOff,
  ResetVM_Task: vms.reset,
  SuspendVM_Task: vms.suspend,
  ShutdownGuest: vms.shutdownGuest,
  RebootGuest: vms.rebootGuest,
  CreateSnapshot_Task: vms.createSnapshot,
  RevertToSnapshot_Task: vms.revertToSnapshot,
  RemoveSnapshot_Task: vms.removeSnapshot,
  RelocateVM_Task: vms.relocate,
  CloneVM_Task: vms.cloneVm,
  Rename_Task: vms.rename,
  Destroy_Task: vms.destroy,
  MarkAsTemplate: vms.markAsTemplate,
  AcquireTicket: vms.acquireTicket,
};

const withoutSession = new Set(['RetrieveServiceContent', 'Login']);

const serviceVersions =
  '<?xml version="1.0" encoding="UTF-8"?>\n<namespaces version="1.0"><namespace><name>urn:vim25</name><version>8.0.2.0</version>' +
  '<priorVersions><version>8.0.1.0</version><version>7.0.3.0</version><version>6.7</version><version>6.5</version></priorVersions></namespace></namespaces>';

function sessionFrom(state: SimState, request: IncomingMessage): SimSession | undefined {
  const match = /vmware_soap_session="?([^";]+)"?/.exec(request.headers.cookie ?? '');
  return match?.[1] ? state.sessions.get(match[1]) : undefined;
}

function notAuthenticated(target: CallContext['request']['target']): SoapFault {
  return new SoapFault('NotAuthenticated', 'The session is not authenticated.', { object: refValue(target), privilegeId: 'System.View' });
}

/** Serves /sdk (vim25 SOAP) and /sdk/vimServiceVersions.xml, after the shared fault knobs had their say. */
export async function dispatch(state: SimState, faults: FaultInjector, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (await faults.intercept(request, response)) return;
  const path = new URL(request.url ?? '/', 'https://simulator').pathname;
  if (request.method === 'GET' && path === '/sdk/vimServiceVersions.xml') {
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(serviceVersions);
    return;
  }
  if (request.method !== 'POST' || path !== '/sdk') {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the vSphere API is at /sdk');
    return;
  }
  const body = await readBody(request);
  const headers: Record<string, string> = {};
  const writer = new SoapResponseWriter(response, headers);
  const gone = new AbortController();
  response.once('close', () => gone.abort());
  try {
    const call = parseSoapRequest(body);
    state.calls.set(call.method, (state.calls.get(call.method) ?? 0) + 1);
    let session = sessionFrom(state, request);
    const queued = state.takeQueuedFault(call.method);
    if (queued === 'NotAuthenticated' && session) {
      state.endSession(session.key);
      session = undefined;
    } else if (queued) {
      throw new SoapFault(queued, `Simulated ${queued} fault.`);
    }
    if (!session && !withoutSession.has(call.method)) throw notAuthenticated(call.target);
    if (session) session.lastActive = new Date();
    const context: CallContext = {
      state,
      request: call,
      session: session as SimSession,
      writer,
      signal: gone.signal,
      setHeader: (name, value) => {
        headers[name] = value;
      },
    };
    const handler = handlers[call.method];
    if (!handler) throw vms.methodNotFound(context);
    writer.begin(call.method);
    const answer = await handler(context);
    if (answer) await writer.write(answer);
    await writer.end(call.method);
  } catch (error) {
    if (error instanceof ClientGone || gone.signal.aborted) return;
    writer.fault(
      error instanceof SoapFault
        ? error
        : new SoapFault('SystemError', `Simulator error: ${(error as Error).message}`, { reason: (error as Error).message }),
    );
  }
}
