import type { AppInfo } from '../../common/contract/app';
import type { SkydeckApi } from '../../common/contract/index';
import { connectToHost } from '../lib/api';

/** The link to the host process: the contract client and whether it is reachable. */
export class HostState {
  online = $state(false);
  info = $state<AppInfo | undefined>(undefined);
  readonly api: SkydeckApi;
  readonly transport: 'ipc' | 'websocket';

  constructor() {
    const link = connectToHost((up) => (this.online = up));
    this.api = link.api;
    this.transport = link.transport;
  }

  async load(): Promise<void> {
    this.info = await this.api.invoke('app.info', {});
  }
}
