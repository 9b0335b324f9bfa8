import { Global, Module } from '@nestjs/common';
import { PresenceService } from './presence.service';
import { RealtimeGateway } from './realtime.gateway';
import { SocketRegistry } from './socket-registry';

/** Global: every area registers its socket events and room kinds with SocketRegistry. */
@Global()
@Module({
  providers: [SocketRegistry, RealtimeGateway, PresenceService],
  exports: [SocketRegistry, RealtimeGateway, PresenceService],
})
export class RealtimeModule {}
