import { SkydeckFailure } from '../../common/errors/skydeck-error';
import { platformLabels, type PlatformKind } from '../../common/model/platform';
import type { Provider, ProviderContext, ProviderModule } from './provider';

/** Maps a platform kind to the module that drives it. Composition roots register modules. */
export class ProviderRegistry {
  readonly #modules = new Map<PlatformKind, ProviderModule>();

  register(module: ProviderModule): this {
    this.#modules.set(module.kind, module);
    return this;
  }

  has(kind: PlatformKind): boolean {
    return this.#modules.has(kind);
  }

  kinds(): PlatformKind[] {
    return [...this.#modules.keys()];
  }

  create(context: ProviderContext): Provider {
    const module = this.#modules.get(context.config.kind);
    if (!module) {
      throw new SkydeckFailure('unsupported', `${platformLabels[context.config.kind]} connections are not supported by this build yet.`);
    }
    return module.create(context);
  }
}
