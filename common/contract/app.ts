import type { PlatformKind } from '../model/platform';
import { method } from './define';
import { noParams } from './schemas';

export interface AppInfo {
  version: string;
  /** How this host runs: the Electron app or `skydeck serve` in a browser. */
  mode: 'electron' | 'serve' | 'in-process';
  /** Platforms this build can connect to. */
  platforms: PlatformKind[];
  /** True once the demo lab can be opened (the simulators are built in). */
  demoLabAvailable: boolean;
}

export const appMethods = {
  'app.info': method(noParams).returns<AppInfo>(),
};
