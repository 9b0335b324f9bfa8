import { Module } from '@nestjs/common';
import { ChallengesController } from './challenges/challenges.controller';
import { ChallengesService } from './challenges/challenges.service';
import { EventsController } from './events/events.controller';
import { EventsService } from './events/events.service';

/** Brand engagement: challenges, events and provably fair giveaways. */
@Module({
  controllers: [ChallengesController, EventsController],
  providers: [ChallengesService, EventsService],
  exports: [ChallengesService, EventsService],
})
export class EngagementModule {}
