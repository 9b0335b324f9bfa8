import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@wala/contract';
import { io, type Socket } from 'socket.io-client';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type AckOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (res: infer R) => void ? R : never;

/** The live connection's state, for "reconnecting…" hints. */
export const live = $state({ connected: false, everConnected: false });

let socket: AppSocket | null = null;
const reconnectListeners = new Set<() => void>();

/**
 * The one socket.io connection of the web app (same origin, websocket only, authenticated by
 * the session cookie). Opened when a member is signed in, closed on sign-out.
 */
export function connectSocket(): AppSocket {
  if (socket) return socket;
  const s: AppSocket = io({ transports: ['websocket'], withCredentials: true, reconnectionDelayMax: 10_000 });
  s.on('connect', () => {
    const again = live.everConnected;
    live.connected = true;
    live.everConnected = true;
    // rooms are per connection: listeners re-join and fetch what they missed
    if (again) for (const f of reconnectListeners) f();
  });
  s.on('disconnect', () => (live.connected = false));
  s.on('realtime:resync', () => {
    for (const f of reconnectListeners) f();
  });
  socket = s;
  return s;
}

export function disconnectSocket(): void {
  socket?.close();
  socket = null;
  live.connected = false;
  live.everConnected = false;
}

/** Subscribes to a server event; returns the unsubscribe function (use it in an $effect cleanup). */
export function onServer<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
  const s = connectSocket();
  // socket.io's typed emitter does not narrow a generic event name
  const anyS = s as unknown as { on(e: string, f: unknown): void; off(e: string, f: unknown): void };
  anyS.on(event, handler);
  return () => anyS.off(event, handler);
}

/** Called after a reconnect (or a server resync): re-join rooms, fetch missed messages. */
export function onReconnect(f: () => void): () => void {
  reconnectListeners.add(f);
  return () => reconnectListeners.delete(f);
}

/** Emits a client event and resolves with its typed ack (an error ack on timeout or when offline). */
export function emitAck<E extends keyof ClientToServerEvents>(event: E, payload: Payload<E>, timeoutMs = 10_000): Promise<AckOf<E>> {
  const s = connectSocket();
  return new Promise((resolve) => {
    const offline = { ok: false, error: { code: 'errors.unavailable', message: '', status: 0 } } as Ack<never>;
    (s.timeout(timeoutMs).emit as unknown as (e: string, p: unknown, cb: (err: unknown, res: unknown) => void) => void)(
      event,
      payload,
      (err, res) => resolve((err ? offline : res) as AckOf<E>),
    );
  });
}
