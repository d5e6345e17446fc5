import * as v from 'valibot';
import type { ConnectionConfig, ConnectionStatus, ConnectionTestResult } from '../model/connection';
import { event, method } from './define';
import { identifier, name, noParams, platformKind, shortText, stringMap } from './schemas';

const tlsTrust = v.strictObject({
  pinnedFingerprint: v.optional(v.pipe(v.string(), v.maxLength(200))),
  caFile: v.optional(v.pipe(v.string(), v.maxLength(4_096))),
});

/** What the "Add connection" form sends. Secrets travel to the host once and never back. */
export const connectionDraft = v.strictObject({
  kind: platformKind,
  name,
  url: v.pipe(v.string(), v.trim(), v.minLength(1, 'A URL is required.'), v.maxLength(2_048)),
  fields: stringMap,
  secrets: stringMap,
  tls: v.optional(tlsTrust, {}),
});
export type ConnectionDraft = v.InferOutput<typeof connectionDraft>;

export const connectionMethods = {
  'connections.list': method(noParams).returns<ConnectionConfig[]>(),
  'connections.add': method(connectionDraft).returns<ConnectionConfig>(),
  'connections.remove': method(v.strictObject({ id: identifier })).returns<void>(),
  /** Test a saved connection (by id) or a draft from the form before saving it. */
  'connections.test': method(
    v.union([v.strictObject({ id: identifier }), v.strictObject({ draft: connectionDraft })]),
  ).returns<ConnectionTestResult>(),
  /** Pin the certificate fingerprint the user confirmed. */
  'connections.trust': method(v.strictObject({ id: identifier, fingerprint: shortText })).returns<ConnectionConfig>(),
  'connections.statuses': method(noParams).returns<ConnectionStatus[]>(),
};

export const connectionEvents = {
  'connections.changed': event<ConnectionConfig[]>(),
  'connections.status': event<ConnectionStatus>(),
};
