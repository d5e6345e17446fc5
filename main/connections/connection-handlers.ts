import type { Handlers } from '../host/dispatcher';
import type { ConnectionService } from './connection-service';

type ConnectionHandlers = Pick<
  Handlers,
  'connections.list' | 'connections.add' | 'connections.test' | 'connections.trust' | 'connections.statuses'
>;

export function connectionHandlers(service: ConnectionService): ConnectionHandlers {
  return {
    'connections.list': () => service.list(),
    'connections.add': (draft) => service.add(draft),
    'connections.test': (target) => service.test(target),
    'connections.trust': ({ id, fingerprint }) => service.trust(id, fingerprint),
    'connections.statuses': () => service.statuses(),
  };
}
