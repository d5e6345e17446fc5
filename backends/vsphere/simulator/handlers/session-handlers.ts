import { randomUUID } from 'node:crypto';
import { element, escapeXml, leaf, ref } from '../../soap/envelope';
import { childrenNamed } from '../../soap/xml-node';
import type { SimState } from '../sim-state';
import { SoapFault } from '../soap/soap-io';
import { argText, returnText, type Handler } from './call-context';
import { perfManagerRef, sessionManagerRef } from './object-properties';

export const vcenterAbout = {
  name: 'VMware vCenter Server',
  fullName: 'VMware vCenter Server 8.0.2 build-22385739 (Skydeck simulator)',
  vendor: 'VMware, Inc.',
  version: '8.0.2',
  build: '22385739',
  apiType: 'VirtualCenter',
  apiVersion: '8.0.2.0',
};

export function serviceContentXml(state: SimState): string {
  const about =
    leaf('name', vcenterAbout.name) +
    leaf('fullName', vcenterAbout.fullName) +
    leaf('vendor', vcenterAbout.vendor) +
    leaf('version', vcenterAbout.version) +
    leaf('build', vcenterAbout.build) +
    leaf('localeVersion', 'INTL') +
    leaf('localeBuild', '000') +
    leaf('osType', 'linux-x64') +
    leaf('productLineId', 'vpx') +
    leaf('apiType', vcenterAbout.apiType) +
    leaf('apiVersion', vcenterAbout.apiVersion) +
    leaf('instanceUuid', state.instanceUuid);
  return element(
    'returnval',
    ref('rootFolder', state.inventory.rootFolder) +
      ref('propertyCollector', { type: 'PropertyCollector', value: 'propertyCollector' }) +
      ref('viewManager', { type: 'ViewManager', value: 'ViewManager' }) +
      element('about', about) +
      ref('sessionManager', sessionManagerRef) +
      ref('perfManager', perfManagerRef) +
      ref('taskManager', { type: 'TaskManager', value: 'TaskManager' }),
  );
}

export const retrieveServiceContent: Handler = ({ state }) => serviceContentXml(state);

export const currentTime: Handler = () => leaf('returnval', new Date().toISOString());

export const login: Handler = ({ state, request, setHeader }) => {
  const userName = argText(request.args, 'userName') ?? '';
  const password = argText(request.args, 'password') ?? '';
  if (userName !== state.credentials.username || password !== state.credentials.password) {
    throw new SoapFault('InvalidLogin', 'Cannot complete login due to an incorrect user name or password.');
  }
  const session = state.newSession(userName);
  setHeader('set-cookie', `vmware_soap_session="${session.key}"; Path=/; HttpOnly; Secure`);
  return element(
    'returnval',
    leaf('key', session.key) +
      leaf('userName', userName) +
      leaf('fullName', userName) +
      leaf('loginTime', session.loginTime.toISOString()) +
      leaf('lastActiveTime', session.lastActive.toISOString()) +
      leaf('locale', 'en') +
      leaf('messageLocale', 'en'),
  );
};

export const logout: Handler = ({ state, session }) => {
  state.endSession(session.key);
  return '';
};

export const acquireCloneTicket: Handler = () => returnText(`cst-VCT-${randomUUID()}`);

export const terminateSession: Handler = ({ state, request }) => {
  for (const key of childrenNamed(request.args, 'sessionId').map((n) => n.text)) {
    if (!state.endSession(key)) throw new SoapFault('NotFound', `No session ${escapeXml(key)}.`);
  }
  return '';
};

export const sessionIsActive: Handler = ({ state, request }) => {
  const key = argText(request.args, 'sessionID') ?? '';
  return leaf('returnval', state.sessions.has(key));
};
