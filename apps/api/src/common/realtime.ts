import { Injectable, Logger } from '@nestjs/common';
import type { ServerToClientEvents } from '@wala/contract';
import type { Server } from 'socket.io';

/**
 * The one way services push to connected clients. Services call these methods; only the
 * realtime gateway (which attaches its socket.io server here) touches sockets. Rooms:
 * `user:<id>` (every socket of a member), `session:<id>` (sockets of one session).
 * With the Redis adapter these reach sockets on every node.
 */
@Injectable()
export class Realtime {
  private server: Server | null = null;
  private readonly log = new Logger('Realtime');

  attach(server: Server): void {
    this.server = server;
  }

  toUser<E extends keyof ServerToClientEvents>(userId: number, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.server?.to(`user:${userId}`).emit(event, ...args);
  }

  toRoom<E extends keyof ServerToClientEvents>(room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.server?.to(room).emit(event, ...args);
  }

  /** Ended sessions lose their sockets at once, on every node. */
  sessionEnded(sessionIds: number[], reason: string): void {
    if (!this.server) return;
    for (const id of sessionIds) {
      const room = this.server.in(`session:${id}`);
      room.emit('session:ended', { reason });
      room.disconnectSockets(true);
    }
    if (sessionIds.length) this.log.debug(`ended ${sessionIds.length} session(s): ${reason}`);
  }
}
