import { Global, Module } from '@nestjs/common';
import { RealtimeGateway } from './realtime.gateway';
import { SocketRegistry } from './socket-registry';

/** Global: every area registers its socket events and room kinds with SocketRegistry. */
@Global()
@Module({
  providers: [SocketRegistry, RealtimeGateway],
  exports: [SocketRegistry, RealtimeGateway],
})
export class RealtimeModule {}
