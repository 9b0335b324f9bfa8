import type { NotificationDto, Page } from '@wala/contract';
import { call } from '../api';

export const notificationsApi = {
  list: (q: { cursor?: string | null; unread?: boolean } = {}) =>
    call<Page<NotificationDto>>('GET', `/notifications?${new URLSearchParams({ ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.unread ? { unread: '1' } : {}) })}`),
  unreadCount: () => call<{ count: number }>('GET', '/notifications/unread-count'),
  read: (id: number) => call<void>('POST', `/notifications/${id}/read`),
  readAll: () => call<{ marked: number }>('POST', '/notifications/read-all'),
};
