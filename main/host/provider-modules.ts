import type { ProviderModule } from '../../backends/core/provider';

/** Every platform this build can drive. Each backend adds its module here as it lands. */
export const providerModules: readonly ProviderModule[] = [];
