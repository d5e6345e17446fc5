import type { ProviderContext, ProviderModule } from '../core/provider';
import { OpenstackProvider } from './provider';
import type { OpenstackTuning } from './settings';

export { OpenstackProvider } from './provider';
export { supportedActions as openstackActions } from './actions';
export { readCloudsYaml, type CloudsImport, type OpenstackConnectionDraft } from './clouds-yaml';
export type { OpenstackTuning } from './settings';

/** A provider with connector knobs (page size, watch interval …) other than the defaults. */
export function createOpenstackProvider(context: ProviderContext, tuning: Partial<OpenstackTuning> = {}): OpenstackProvider {
  return new OpenstackProvider(context, tuning);
}

export const openstackProvider: ProviderModule = {
  kind: 'openstack',
  create: (context) => new OpenstackProvider(context),
};
