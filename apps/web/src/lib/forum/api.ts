import type {
  ApprovalDto,
  CreatedPostDto,
  CreatedTopicDto,
  ForumCategoryDto,
  ForumReaction,
  ForumReportReason,
  Page,
  PostDto,
  PostRevisionDto,
  ReportDto,
  SearchHitDto,
  TopicDto,
  TopicListKind,
  TopicSummaryDto,
  TopPeriod,
  WordFilterDto,
} from '@wala/contract';
import { call } from '../api';

const qs = (o: Record<string, string | number | null | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return p.toString();
};

export interface CategoryInput {
  slug: string;
  name: string;
  nameAr: string;
  description?: string;
  descriptionAr?: string;
  parentId?: number | null;
  position?: number;
  readAccess?: 'everyone' | 'members' | 'staff';
  postAccess?: 'members' | 'staff';
  minTierRank?: number;
  brandId?: number | null;
  slowModeSeconds?: number;
}

export const forumApi = {
  categories: () => call<ForumCategoryDto[]>('GET', '/forum/categories'),
  category: (idOrSlug: string | number) => call<ForumCategoryDto>('GET', `/forum/categories/${encodeURIComponent(String(idOrSlug))}`),
  createCategory: (b: CategoryInput) => call<ForumCategoryDto>('POST', '/admin/forum/categories', b),
  updateCategory: (id: number, b: Partial<CategoryInput>) => call<ForumCategoryDto>('PATCH', `/admin/forum/categories/${id}`, b),
  deleteCategory: (id: number) => call<void>('DELETE', `/admin/forum/categories/${id}`),

  topics: (q: { list?: TopicListKind; period?: TopPeriod; categoryId?: number; tag?: string; cursor?: string | null }) =>
    call<Page<TopicSummaryDto>>('GET', `/forum/topics?${qs(q)}`),
  search: (q: { q: string; categoryId?: number; authorId?: number; from?: string; to?: string; cursor?: string | null }) =>
    call<Page<SearchHitDto>>('GET', `/forum/search?${qs(q)}`),
  topic: (id: number) => call<TopicDto>('GET', `/forum/topics/${id}`),
  posts: (id: number, cursor?: string | null) => call<Page<PostDto>>('GET', `/forum/topics/${id}/posts?${qs({ cursor, limit: 50 })}`),
  createTopic: (b: { categoryId: number; title: string; raw: string; kind?: 'discussion' | 'question'; tags?: string[] }) =>
    call<CreatedTopicDto>('POST', '/forum/topics', b),
  updateTopic: (id: number, b: { title?: string; tags?: string[] }) => call<TopicDto>('PATCH', `/forum/topics/${id}`, b),
  reply: (id: number, b: { raw: string; replyToPostId?: number; quotedPostId?: number }) => call<CreatedPostDto>('POST', `/forum/topics/${id}/posts`, b),
  preview: (raw: string) => call<{ cooked: string }>('POST', '/forum/preview', { raw }),
  edit: (id: number, b: { raw: string; title?: string }) => call<PostDto>('PATCH', `/forum/posts/${id}`, b),
  remove: (id: number) => call<void>('DELETE', `/forum/posts/${id}`),
  revisions: (id: number) => call<PostRevisionDto[]>('GET', `/forum/posts/${id}/revisions`),
  react: (id: number, r: ForumReaction, on: boolean) => call<PostDto>(on ? 'PUT' : 'DELETE', `/forum/posts/${id}/reactions/${r}`),
  read: (id: number, postNumber: number) => call<{ lastReadPostNumber: number }>('POST', `/forum/topics/${id}/read`, { postNumber }),
  subscribe: (id: number, on: boolean) => call<{ subscribed: boolean }>(on ? 'PUT' : 'DELETE', `/forum/topics/${id}/subscription`),
  solve: (id: number, postId: number | null) =>
    postId === null ? call<TopicDto>('DELETE', `/forum/topics/${id}/solution`) : call<TopicDto>('POST', `/forum/topics/${id}/solution`, { postId }),
  report: (id: number, reason: ForumReportReason, note: string) => call<{ reported: true }>('POST', `/forum/posts/${id}/reports`, { reason, note }),

  // moderation
  reports: (status: 'open' | 'resolved' | 'dismissed' = 'open', cursor?: string | null) => call<Page<ReportDto>>('GET', `/forum/moderation/reports?${qs({ status, cursor })}`),
  resolve: (id: number, action: 'hide' | 'delete' | 'dismiss', reason: string) => call<{ resolved: number }>('POST', `/forum/moderation/reports/${id}/resolve`, { action, reason }),
  hide: (id: number, reason: string) => call<void>('POST', `/forum/posts/${id}/hide`, { reason }),
  restore: (id: number, reason: string) => call<void>('POST', `/forum/posts/${id}/restore`, { reason }),
  lock: (id: number, locked: boolean) => call<void>('POST', `/forum/topics/${id}/lock`, { locked }),
  pin: (id: number, pinned: boolean) => call<void>('POST', `/forum/topics/${id}/pin`, { pinned }),
  move: (id: number, categoryId: number) => call<void>('POST', `/forum/topics/${id}/move`, { categoryId }),
  approvals: (cursor?: string | null) => call<Page<ApprovalDto>>('GET', `/forum/moderation/approvals?${qs({ cursor })}`),
  approve: (id: number, ok: boolean, reason = '') => call<void>('POST', `/forum/moderation/approvals/${id}/${ok ? 'approve' : 'reject'}`, { reason }),
  words: () => call<WordFilterDto[]>('GET', '/forum/moderation/word-filters'),
  addWord: (word: string, action: 'block' | 'flag') => call<WordFilterDto>('POST', '/forum/moderation/word-filters', { word, action }),
  removeWord: (id: number) => call<void>('DELETE', `/forum/moderation/word-filters/${id}`),
  suspend: (userId: number, hours: number, reason: string) => call<{ suspendedUntil: string | null }>('POST', `/forum/moderation/users/${userId}/suspend`, { hours, reason }),
};
