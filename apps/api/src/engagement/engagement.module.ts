import { Module } from '@nestjs/common';
import { ChallengesController } from './challenges/challenges.controller';
import { ChallengesService } from './challenges/challenges.service';
import { EventsController } from './events/events.controller';
import { EventsService } from './events/events.service';
import { GiveawaysController } from './giveaways/giveaways.controller';
import { GiveawaysService } from './giveaways/giveaways.service';

/** Brand engagement: challenges, events and provably fair giveaways. */
@Module({
  controllers: [ChallengesController, EventsController, GiveawaysController],
  providers: [ChallengesService, EventsService, GiveawaysService],
  exports: [ChallengesService, EventsService, GiveawaysService],
})
export class EngagementModule {}
