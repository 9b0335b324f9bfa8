import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxyStats {
  /** client connections piped to each backend (by index) */
  piped: number[];
  /** backend connections refused or failed before piping (the next backend was tried) */
  failovers: number;
  /** client connections closed because no backend answered */
  dropped: number;
}

export interface TcpProxy {
  url: string;
  port: number;
  stats: TcpProxyStats;
  /** new client connections wait (their bytes buffered) until release(); piped ones go on */
  hold(): void;
  /** pipes the connections that waited, and every new one again */
  release(): void;
  /** how many client connections are waiting for release() */
  waiting(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of API nodes on 127.0.0.1, as a load balancer in front of a
 * docker-compose deployment: new connections go round-robin to the backends, and one refused by
 * its backend (a dead node) is passed to the next. Bytes are piped as they are (HTTP and
 * websockets alike); when either side closes, so does the other. No stickiness.
 */
export async function tcpProxy(backendPorts: number[]): Promise<TcpProxy> {
  const stats: TcpProxyStats = { piped: backendPorts.map(() => 0), failovers: 0, dropped: 0 };
  const open = new Set<Socket>();
  let next = 0;
  let held: Socket[] | null = null;

  const forward = (client: Socket, first: number, tried = 0) => {
    if (client.destroyed) return;
    if (tried === backendPorts.length) {
      stats.dropped++;
      client.destroy();
      return;
    }
    const i = (first + tried) % backendPorts.length;
    const backend = connect({ port: backendPorts[i], host: '127.0.0.1' });
    open.add(backend);
    backend.once('close', () => open.delete(backend));
    const failed = () => {
      stats.failovers++;
      backend.destroy();
      forward(client, first, tried + 1);
    };
    backend.once('error', failed);
    backend.once('connect', () => {
      backend.off('error', failed);
      stats.piped[i]++;
      // a reset on either side ends both (a killed node resets its connections)
      backend.on('error', () => client.destroy());
      client.on('error', () => backend.destroy());
      backend.once('close', () => client.destroy());
      client.once('close', () => backend.destroy());
      client.pipe(backend);
      backend.pipe(client);
    });
  };

  const route = (client: Socket) => {
    const first = next++ % backendPorts.length;
    forward(client, first);
  };

  const server: Server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (held) held.push(client);
    else route(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const c of waiting) route(c);
    },
    waiting: () => held?.length ?? 0,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of open) s.destroy();
      await closed;
    },
  };
}
