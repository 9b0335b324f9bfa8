import type {
  AnalyticsGrain,
  AnalyticsSettingsDto,
  CltvDto,
  CohortsDto,
  CreateSurveyInput,
  DashboardDto,
  Page,
  PurchaseImportDto,
  SurveyAnswerInput,
  SurveyAnswerResultDto,
  SurveyDto,
  SurveyResultsDto,
} from '@wala/contract';
import { call } from '../api';

export interface RangeParams {
  from?: string;
  to?: string;
  brandId?: number | null;
}

const qs = (p: Record<string, string | number | null | undefined>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};

/** Loyalty analytics: admins without a brand (the community), managers with their brand. */
export const analyticsApi = {
  overview: (p: RangeParams & { grain?: AnalyticsGrain }) => call<DashboardDto>('GET', `/analytics/overview${qs({ ...p })}`),
  cohorts: (p: RangeParams) => call<CohortsDto>('GET', `/analytics/cohorts${qs({ ...p })}`),
  cltv: (p: RangeParams) => call<CltvDto[]>('GET', `/analytics/cltv${qs({ ...p })}`),
  /** a plain link: the browser downloads the file with the session cookie */
  exportUrl: (p: RangeParams & { grain?: AnalyticsGrain }) => `/api/v1/analytics/export.csv${qs({ ...p })}`,
  importCsv: (csv: string, brandId?: number | null) => call<PurchaseImportDto>('POST', '/analytics/purchases/csv', { csv, ...(brandId ? { brandId } : {}) }),
  settings: () => call<AnalyticsSettingsDto>('GET', '/analytics/settings'),
  updateSettings: (s: AnalyticsSettingsDto) => call<AnalyticsSettingsDto>('PUT', '/analytics/settings', s),
};

export const surveysApi = {
  list: (cursor?: string) => call<Page<SurveyDto>>('GET', `/surveys${qs({ cursor })}`),
  get: (id: number) => call<SurveyDto>('GET', `/surveys/${id}`),
  answer: (id: number, answers: SurveyAnswerInput[]) => call<SurveyAnswerResultDto>('POST', `/surveys/${id}/responses`, { answers }),
  manage: (brandId?: number | null, cursor?: string) => call<Page<SurveyDto>>('GET', `/surveys/manage${qs({ brandId, cursor })}`),
  create: (s: CreateSurveyInput) => call<SurveyDto>('POST', '/surveys', s),
  update: (id: number, s: CreateSurveyInput) => call<SurveyDto>('PUT', `/surveys/${id}`, s),
  setStatus: (id: number, status: 'open' | 'closed') => call<SurveyDto>('POST', `/surveys/${id}/status`, { status }),
  results: (id: number) => call<SurveyResultsDto>('GET', `/surveys/${id}/results`),
};
