import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSelfSignedCertificate } from './certificate';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface SimulatorServer {
  /** e.g. "https://127.0.0.1:41234" */
  url: string;
  port: number;
  /** SHA-256 fingerprint of the self-signed certificate (https only). */
  fingerprint256?: string;
  certificatePem?: string;
  server: Server;
  close(): Promise<void>;
}

export interface ListenOptions {
  name: string;
  tls: boolean;
  host?: string;
  port?: number;
}

/** Serves a simulator on 127.0.0.1 (a random port unless given), over HTTPS with a fresh self-signed certificate. */
export async function listenSimulator(handler: RequestHandler, options: ListenOptions): Promise<SimulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const certificate = options.tls ? await createSelfSignedCertificate(options.name) : undefined;
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`simulator error: ${(error as Error).message}`);
    });
  };
  const server = certificate ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, onRequest) : createHttpServer(onRequest);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const result: SimulatorServer = {
    url: `${certificate ? 'https' : 'http'}://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  if (certificate) {
    result.fingerprint256 = certificate.fingerprint256;
    result.certificatePem = certificate.cert;
  }
  return result;
}

/** Reads a whole request body (simulators only: bodies are small). */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
