import Conf from 'conf';

/**
 * Preferences and the connection list (never secrets), in `config.json` in the app home.
 * The app uses electron-store and the CLI and serve mode use conf — the same library
 * underneath, the same file format — so all three read and write one file.
 */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export const settingsFileName = 'config';

export function openSettingsStore(home: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({ cwd: home, configName: settingsFileName, projectName: 'skydeck' });
  return {
    get: <T>(key: string) => conf.get(key) as T | undefined,
    set: (key, value) => conf.set(key, value),
  };
}
