import { app, BrowserWindow, nativeTheme } from 'electron';
import ElectronStore from 'electron-store';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHost } from '../host/create-host';
import { providerModules } from '../host/provider-modules';
import { demoPlatforms } from '../demo-lab/demo-platforms';
import { resolveAppHome } from '../settings/app-home';
import { settingsFileName } from '../settings/settings-store';
import { attachIpcTransport } from './ipc-transport';
import { osKeyring } from './os-keyring';
import { hardenSession, showWhenReady } from './window-hardening';

/** The Electron app: the only code that imports electron. The host runs in this process. */
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

const home = resolveAppHome();
app.setPath('userData', home);
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
let mainWindow: BrowserWindow | undefined;

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

app.whenReady().then(() => {
  hardenSession();
  const store = new ElectronStore<Record<string, unknown>>({ cwd: home, name: settingsFileName });
  const host = createHost({
    home,
    mode: 'electron',
    trustedOrigins: new Set([`file://${pathToFileURL(rendererFile).pathname}`]),
    providers: providerModules,
    demoPlatforms,
    ...osKeyring(),
    settings: { get: (key) => store.get(key) as never, set: (key, value) => store.set(key, value) },
    log: (message) => console.error(message),
  });
  attachIpcTransport(host, () => mainWindow?.webContents);
  void host.goLive({ openDemoLabIfEmpty: process.env.SKYDECK_DEMO_LAB === 'if-empty' });
  app.once('before-quit', () => void host.close());
  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Skydeck',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111418' : '#f6f7f9',
    // Written out here, literally, so that reviewers and electronegativity see them.
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  showWhenReady(mainWindow);
  void mainWindow.loadFile(rendererFile);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
});

app.on('window-all-closed', () => app.quit());
