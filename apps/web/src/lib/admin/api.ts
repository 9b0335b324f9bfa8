import type { AdminUserDto, BrandDto, BrandManagerDto, CreateBrandRequest, MailDto, Page, Role, UserDto } from '@wala/contract';
import { call, query as q } from '../api';

/** The platform admin's API: members (roles, birthdays), brands and their managers, the development mailbox. */
export const adminApi = {
  users: (search: string, cursor: string | null) => call<Page<AdminUserDto>>('GET', `/admin/users${q({ q: search.trim(), cursor, limit: 20 })}`),
  setRole: (id: number, role: Role) => call<UserDto>('PATCH', `/admin/users/${id}/role`, { role }),
  setBirthday: (id: number, birthday: string) => call<UserDto>('PATCH', `/admin/users/${id}/birthday`, { birthday }),
  createBrand: (b: CreateBrandRequest) => call<BrandDto>('POST', '/admin/brands', b),
  addManager: (brandId: number, userId: number) => call<BrandManagerDto[]>('POST', `/admin/brands/${brandId}/managers`, { userId }),
  removeManager: (brandId: number, userId: number) => call<BrandManagerDto[]>('DELETE', `/admin/brands/${brandId}/managers/${userId}`),
  mails: (to: string, cursor: string | null) => call<Page<MailDto>>('GET', `/admin/mails${q({ to: to.trim(), cursor, limit: 20 })}`),
};
