import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The Electron binary cannot be downloaded here, so the `electron` module is replaced by a
 * recorder of the handlers Skydeck installs; the test then drives those handlers the way
 * Electron would and checks each one denies what it must.
 */
const recorded = vi.hoisted(() => ({
  headersListener: undefined as undefined | ((details: object, callback: (response: object) => void) => void),
  permissionRequest: undefined as undefined | ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: undefined as undefined | (() => boolean),
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  openedExternally: [] as string[],
}));

vi.mock('electron', () => ({
  app: { on: (name: string, listener: (...args: unknown[]) => void) => recorded.appListeners.set(name, listener) },
  shell: { openExternal: (url: string) => recorded.openedExternally.push(url) },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (listener: typeof recorded.headersListener) => (recorded.headersListener = listener) },
      setPermissionRequestHandler: (handler: typeof recorded.permissionRequest) => (recorded.permissionRequest = handler),
      setPermissionCheckHandler: (handler: typeof recorded.permissionCheck) => (recorded.permissionCheck = handler),
    },
  },
}));

const { hardenSession } = await import('./window-hardening');

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    on: (name: string, listener: (event: { preventDefault(): void }) => void) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    fire(name: string): boolean {
      let prevented = false;
      listeners.get(name)?.({ preventDefault: () => (prevented = true) });
      return prevented;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

describe('Electron hardening', () => {
  beforeEach(() => {
    recorded.openedExternally.length = 0;
    hardenSession();
  });

  it('adds the strict Content-Security-Policy to every response', () => {
    let response: { responseHeaders?: Record<string, string[]> } = {};
    recorded.headersListener?.({ responseHeaders: {} }, (r) => (response = r));
    const csp = response.responseHeaders?.['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
  });

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      recorded.permissionRequest?.({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(recorded.permissionCheck?.()).toBe(false);
  });

  it('denies navigation, redirects, webviews and new windows; opens only vetted links outside', () => {
    const contents = fakeContents();
    recorded.appListeners.get('web-contents-created')?.({}, contents);
    expect(contents.fire('will-navigate')).toBe(true);
    expect(contents.fire('will-redirect')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.open('https://pve.example.com:8006/')).toEqual({ action: 'deny' });
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(contents.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(recorded.openedExternally).toEqual(['https://pve.example.com:8006/']);
  });
});
