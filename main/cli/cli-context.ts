import type { Writable } from 'node:stream';
import type { SkydeckApi } from '../../common/contract/index';
import type { Host } from '../host/create-host';

/** What every command gets: the host (created lazily, once) and its contract client. */
export interface CliContext {
  host(): Host;
  api(): SkydeckApi;
  out: Writable;
  err: Writable;
  /** Lets the host accept messages from a page it now serves (serve mode). */
  trustOrigin?(origin: string): void;
}
