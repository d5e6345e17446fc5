import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The one folder that holds all of Skydeck's state (connections, secrets, inventory),
 * shared by the app, the CLI and serve mode: SKYDECK_HOME, else the OS's per-user
 * app-data folder — the same one Electron's app.getPath('userData') gives for "Skydeck".
 */
export function resolveAppHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SKYDECK_HOME) return env.SKYDECK_HOME;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Skydeck');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Skydeck');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Skydeck');
}
