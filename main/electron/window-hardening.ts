import { app, session, shell, type BrowserWindow, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../serve/content-security-policy';
import { isVettedExternalUrl } from './external-urls';

/**
 * The Electron security checklist, applied once: CSP on every response, permission
 * requests denied, navigation and new windows denied (vetted https links open in the
 * system browser), no webviews.
 */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isVettedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function showWhenReady(window: BrowserWindow): void {
  window.once('ready-to-show', () => window.show());
}
