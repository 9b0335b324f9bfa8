import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@wala/contract';
import { io, type Socket } from 'socket.io-client';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export const ORIGIN = 'http://localhost:3000';

export interface SocketAuth {
  token?: string | null;
  cookie?: string | null;
  /** the Origin header; defaults to the test apps' PUBLIC_URL, null for none */
  origin?: string | null;
}

export interface ConnectOptions {
  /**
   * Let socket.io-client reconnect by itself after the connection drops, with its default
   * back-off (as the web app does); off by default, so a test sees a drop as a drop.
   */
  reconnection?: boolean;
}

/** Opens a websocket-only socket.io connection; rejects with the connect_error (its `data` holds the code). */
export function connect(url: string, auth: SocketAuth, opts: ConnectOptions = {}): Promise<TestSocket> {
  const headers: Record<string, string> = {};
  const origin = auth.origin === undefined ? ORIGIN : auth.origin;
  if (origin) headers.origin = origin;
  if (auth.cookie) headers.cookie = auth.cookie;
  const socket: TestSocket = io(url, {
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    forceNew: true,
    extraHeaders: headers,
    auth: auth.token ? { token: auth.token } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

/** Emits any event (also malformed ones) and resolves with the server's ack. */
export function emitRaw(socket: TestSocket, event: unknown, ...payload: unknown[]): Promise<Ack<any>> {
  return new Promise((resolve) => {
    (socket.emit as (...a: unknown[]) => void)(event, ...payload, (res: Ack<any>) => resolve(res));
  });
}

/**
 * Resolves with the next `event` the socket receives; with `timeoutMs`, rejects when none came
 * within that time (for "delivered within ..." assertions).
 */
export function next<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  timeoutMs?: number,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  const s = socket as unknown as { once(e: string, f: (v: unknown) => void): void; off(e: string, f: (v: unknown) => void): void };
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const got = (v: unknown) => {
      clearTimeout(timer);
      resolve(v as never);
    };
    s.once(event, got);
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        s.off(event, got);
        reject(new Error(`no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
    }
  });
}

export function closed(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => {
    if (socket.disconnected) resolve('already');
    else socket.once('disconnect', (reason) => resolve(reason));
  });
}
