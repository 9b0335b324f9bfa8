import { Module } from '@nestjs/common';
import { ChallengesController } from './challenges/challenges.controller';
import { ChallengesService } from './challenges/challenges.service';

/** Brand engagement: challenges, events and provably fair giveaways. */
@Module({
  controllers: [ChallengesController],
  providers: [ChallengesService],
  exports: [ChallengesService],
})
export class EngagementModule {}
