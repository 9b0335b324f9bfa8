import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type {
  CreatedPostDto,
  CreatedTopicDto,
  ForumCategoryDto,
  Page,
  PostDto,
  PostRevisionDto,
  SearchHitDto,
  TopicDto,
  TopicListKind,
  TopicSummaryDto,
  TopPeriod,
} from '@wala/contract';
import { CurrentUser, Member, OptionalUser, Public, Roles } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { invalidFields } from '../common/errors';
import { ApiId, IdParam, clampLimit, decodeCursor } from '../common/params';
import { CategoriesService } from './categories.service';
import { CreateCategoryDto, CreatePostDto, CreateTopicDto, EditPostDto, PreviewDto, ReadPositionDto, SolveDto, UpdateCategoryDto, UpdateTopicDto } from './forum.dto';
import { ListsService } from './lists.service';
import { PostsService } from './posts.service';

/** A query value that must be one of `values` (absent: the default). */
export function queryOneOf<T extends string>(field: string, raw: unknown, values: readonly T[], def: T): T {
  if (raw === undefined || raw === '') return def;
  if (typeof raw !== 'string' || !(values as readonly string[]).includes(raw)) throw invalidFields([{ field, code: 'isIn', params: { values: values.join(', ') } }]);
  return raw as T;
}

/** An optional positive integer id in the query. */
export function queryId(field: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) throw invalidFields([{ field, code: 'isId' }]);
  return Number(raw);
}

function queryDate(field: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw invalidFields([{ field, code: 'isISO8601' }]);
  }
  return new Date(raw).toISOString();
}

const slugOrId = (v: unknown): string => {
  if (typeof v !== 'string' || !/^[a-z0-9-]{1,60}$/.test(v)) throw invalidFields([{ field: 'idOrSlug', code: 'default' }]);
  return v;
};

@ApiTags('forum')
@Controller()
export class ForumController {
  constructor(
    private readonly categories: CategoriesService,
    private readonly posts: PostsService,
    private readonly lists: ListsService,
  ) {}

  // categories
  @Get('forum/categories')
  @Public()
  listCategories(@OptionalUser() user: AuthUser | null): Promise<ForumCategoryDto[]> {
    return this.categories.list(user);
  }

  @Get('forum/categories/:idOrSlug')
  @Public()
  @ApiParam({ name: 'idOrSlug', type: String })
  getCategory(@OptionalUser() user: AuthUser | null, @Param('idOrSlug') idOrSlug: string): Promise<ForumCategoryDto> {
    return this.categories.get(user, slugOrId(idOrSlug));
  }

  @Post('admin/forum/categories')
  @Roles('admin')
  createCategory(@CurrentUser() user: AuthUser, @Body() dto: CreateCategoryDto): Promise<ForumCategoryDto> {
    return this.categories.create(user, dto);
  }

  @Patch('admin/forum/categories/:id')
  @Roles('admin')
  @ApiId()
  updateCategory(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateCategoryDto): Promise<ForumCategoryDto> {
    return this.categories.update(user, id, dto);
  }

  @Delete('admin/forum/categories/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiId()
  async deleteCategory(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.categories.remove(user, id);
  }

  // lists and search
  @Get('forum/topics')
  @Public()
  @ApiQuery({ name: 'list', required: false, enum: ['latest', 'top', 'unread'] })
  @ApiQuery({ name: 'period', required: false, enum: ['day', 'week', 'month', 'year', 'all'] })
  @ApiQuery({ name: 'categoryId', required: false })
  @ApiQuery({ name: 'tag', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  listTopics(
    @OptionalUser() user: AuthUser | null,
    @Query('list') list?: string,
    @Query('period') period?: string,
    @Query('categoryId') categoryId?: string,
    @Query('tag') tag?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<TopicSummaryDto>> {
    if (tag !== undefined && (typeof tag !== 'string' || tag.length > 30)) throw invalidFields([{ field: 'tag', code: 'default' }]);
    return this.lists.topics(user, {
      list: queryOneOf<TopicListKind>('list', list, ['latest', 'top', 'unread'], 'latest'),
      period: queryOneOf<TopPeriod>('period', period, ['day', 'week', 'month', 'year', 'all'], 'week'),
      categoryId: queryId('categoryId', categoryId),
      tag: tag ? tag.toLowerCase() : undefined,
      cursor,
      limit: clampLimit(limit),
    });
  }

  @Get('forum/search')
  @Public()
  @ApiQuery({ name: 'q' })
  @ApiQuery({ name: 'categoryId', required: false })
  @ApiQuery({ name: 'authorId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO date: posts from' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO date: posts before' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  search(
    @OptionalUser() user: AuthUser | null,
    @Query('q') q?: string,
    @Query('categoryId') categoryId?: string,
    @Query('authorId') authorId?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<SearchHitDto>> {
    if (typeof q !== 'string' || !q.trim()) throw invalidFields([{ field: 'q', code: 'isNotEmpty' }]);
    if (q.length > 200) throw invalidFields([{ field: 'q', code: 'maxLength', params: { max: 200 } }]);
    return this.lists.search(user, {
      q,
      categoryId: queryId('categoryId', categoryId),
      authorId: queryId('authorId', authorId),
      from: queryDate('from', from),
      to: queryDate('to', to),
      cursor,
      limit: clampLimit(limit),
    });
  }

  // topics
  @Post('forum/topics')
  @Member()
  createTopic(@CurrentUser() user: AuthUser, @Body() dto: CreateTopicDto): Promise<CreatedTopicDto> {
    return this.posts.createTopic(user, dto);
  }

  @Get('forum/topics/:id')
  @Public()
  @ApiId()
  getTopic(@OptionalUser() user: AuthUser | null, @IdParam() id: number): Promise<TopicDto> {
    return this.posts.getTopic(user, id);
  }

  @Patch('forum/topics/:id')
  @Member()
  @ApiId()
  updateTopic(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateTopicDto): Promise<TopicDto> {
    return this.posts.updateTopic(user, id, dto);
  }

  @Get('forum/topics/:id/posts')
  @Public()
  @ApiId()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  listPosts(
    @OptionalUser() user: AuthUser | null,
    @IdParam() id: number,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<PostDto>> {
    const cur = decodeCursor(cursor, ['number']);
    return this.posts.listPosts(user, id, (cur?.[0] as number) ?? 0, clampLimit(limit));
  }

  @Post('forum/preview')
  @Member()
  @HttpCode(200)
  preview(@Body() dto: PreviewDto): Promise<{ cooked: string }> {
    return this.posts.preview(dto.raw);
  }

  @Post('forum/topics/:id/posts')
  @Member()
  @ApiId()
  reply(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: CreatePostDto): Promise<CreatedPostDto> {
    return this.posts.reply(user, id, dto);
  }

  @Post('forum/topics/:id/read')
  @Member()
  @HttpCode(200)
  @ApiId()
  read(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ReadPositionDto): Promise<{ lastReadPostNumber: number }> {
    return this.posts.markRead(user, id, dto.postNumber);
  }

  @Put('forum/topics/:id/subscription')
  @Member()
  @ApiId()
  subscribe(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<{ subscribed: boolean }> {
    return this.posts.subscribe(user, id, true);
  }

  @Delete('forum/topics/:id/subscription')
  @Member()
  @ApiId()
  unsubscribe(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<{ subscribed: boolean }> {
    return this.posts.subscribe(user, id, false);
  }

  @Post('forum/topics/:id/solution')
  @Member()
  @HttpCode(200)
  @ApiId()
  solve(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: SolveDto): Promise<TopicDto> {
    return this.posts.solve(user, id, dto.postId);
  }

  @Delete('forum/topics/:id/solution')
  @Member()
  @ApiId()
  unsolve(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<TopicDto> {
    return this.posts.solve(user, id, null);
  }

  // posts
  @Patch('forum/posts/:id')
  @Member()
  @ApiId()
  edit(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: EditPostDto): Promise<PostDto> {
    return this.posts.edit(user, id, dto);
  }

  @Delete('forum/posts/:id')
  @Member()
  @HttpCode(204)
  @ApiId()
  async remove(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.posts.remove(user, id);
  }

  @Get('forum/posts/:id/revisions')
  @Public()
  @ApiId()
  revisions(@OptionalUser() user: AuthUser | null, @IdParam() id: number): Promise<PostRevisionDto[]> {
    return this.posts.revisions(user, id);
  }

  @Put('forum/posts/:id/reactions/:reaction')
  @Member()
  @ApiId()
  @ApiParam({ name: 'reaction', type: String })
  react(@CurrentUser() user: AuthUser, @IdParam() id: number, @Param('reaction') reaction: string): Promise<PostDto> {
    return this.posts.react(user, id, reaction, true);
  }

  @Delete('forum/posts/:id/reactions/:reaction')
  @Member()
  @ApiId()
  @ApiParam({ name: 'reaction', type: String })
  unreact(@CurrentUser() user: AuthUser, @IdParam() id: number, @Param('reaction') reaction: string): Promise<PostDto> {
    return this.posts.react(user, id, reaction, false);
  }

  @Post('forum/posts/:id/feature')
  @Member()
  @HttpCode(200)
  @ApiId()
  feature(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<PostDto> {
    return this.posts.feature(user, id);
  }
}
