import { ipcMain, type WebContents } from 'electron';
import type { Host } from '../host/create-host';

export const invokeChannel = 'skydeck:invoke';
export const eventChannel = 'skydeck:event';

/**
 * The contract over Electron IPC. Only one channel is handled; the dispatcher checks the
 * sending frame's URL (the app's own page) and validates every message.
 */
export function attachIpcTransport(host: Host, target: () => WebContents | undefined): () => void {
  ipcMain.handle(invokeChannel, (event, method: unknown, params: unknown) =>
    host.dispatcher.invoke(method, params, { transport: 'ipc', origin: event.senderFrame?.url ?? '' }),
  );
  const unsubscribe = host.events.subscribe((name, payload) => target()?.send(eventChannel, name, payload));
  return () => {
    ipcMain.removeHandler(invokeChannel);
    unsubscribe();
  };
}
