import { Module } from '@nestjs/common';
import { ModerationController } from '../moderation/moderation.controller';
import { ModerationService } from '../moderation/moderation.service';
import { CategoriesService } from './categories.service';
import { ContentRules } from './content-rules';
import { ForumAccess } from './forum-access';
import { ForumController } from './forum.controller';
import { ListsService } from './lists.service';
import { PostsService } from './posts.service';

@Module({
  controllers: [ForumController, ModerationController],
  providers: [ForumAccess, ContentRules, CategoriesService, PostsService, ListsService, ModerationService],
  exports: [PostsService],
})
export class ForumModule {}
