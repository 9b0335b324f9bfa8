import type {
  CampaignDto,
  CampaignPageDto,
  CharityDto,
  CodeUploadResultDto,
  DonationDto,
  Page,
  PaymentDto,
  RedemptionDto,
  RewardDto,
  RewardKind,
  SettlementRowDto,
  ShippingAddressDto,
  TransparencyReportDto,
} from '@wala/contract';
import { call } from '../api';

const qs = (o: Record<string, string | number | null | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** A fresh key per user intent: a retry of the same click reuses it, a new click gets a new one. */
export const newIdempotencyKey = () => `web-${crypto.randomUUID()}`;

export const rewardsApi = {
  list: (q: { brandId?: number | null; kind?: RewardKind | ''; maxCost?: number | null; manage?: boolean; cursor?: string | null } = {}) =>
    call<Page<RewardDto>>('GET', `/rewards${qs({ brandId: q.brandId, kind: q.kind, maxCost: q.maxCost, manage: q.manage ? '1' : null, cursor: q.cursor })}`),
  get: (id: number) => call<RewardDto>('GET', `/rewards/${id}`),
  create: (body: Record<string, unknown>) => call<RewardDto>('POST', '/rewards', body),
  update: (id: number, body: Record<string, unknown>) => call<RewardDto>('PATCH', `/rewards/${id}`, body),
  uploadCodes: (id: number, csv: string) => call<CodeUploadResultDto>('POST', `/rewards/${id}/codes`, { csv }),
  redeem: (id: number, key: string, shipping?: ShippingAddressDto) =>
    call<RedemptionDto>('POST', `/rewards/${id}/redeem`, shipping ? { shipping } : {}, { 'idempotency-key': key }),
  mine: (cursor?: string | null) => call<Page<RedemptionDto>>('GET', `/me/redemptions${qs({ cursor })}`),
  redemptionsOf: (id: number, status?: string, cursor?: string | null) => call<Page<RedemptionDto>>('GET', `/rewards/${id}/redemptions${qs({ status, cursor })}`),
  fulfill: (id: number, status: 'shipped' | 'delivered' | 'cancelled', trackingNumber?: string) =>
    call<RedemptionDto>('POST', `/redemptions/${id}/fulfillment`, trackingNumber ? { status, trackingNumber } : { status }),
};

export const charityApi = {
  charities: () => call<CharityDto[]>('GET', '/charities'),
  campaigns: (q: { brandId?: number | null; cursor?: string | null } = {}) => call<Page<CampaignDto>>('GET', `/campaigns${qs(q)}`),
  campaign: (id: number) => call<CampaignPageDto>('GET', `/campaigns/${id}`),
  transparency: (id: number) => call<TransparencyReportDto>('GET', `/campaigns/${id}/transparency`),
  create: (body: Record<string, unknown>) => call<CampaignDto>('POST', '/campaigns', body),
  update: (id: number, body: Record<string, unknown>) => call<CampaignDto>('PATCH', `/campaigns/${id}`, body),
  addPledge: (id: number, body: Record<string, unknown>) => call<CampaignDto>('POST', `/campaigns/${id}/pledges`, body),
  donate: (id: number, key: string, points: number, showPublicly: boolean) =>
    call<DonationDto>('POST', `/campaigns/${id}/donate`, { points, showPublicly }, { 'idempotency-key': key }),
  myDonations: (cursor?: string | null) => call<Page<DonationDto>>('GET', `/me/donations${qs({ cursor })}`),
  receipt: (id: number) => call<DonationDto>('GET', `/donations/${id}`),
  settlement: (brandId?: number | null) => call<SettlementRowDto[]>('GET', `/settlement${qs({ brandId })}`),
  pay: (campaignId: number, amountMinor: number, receiptReference: string) => call<PaymentDto>('POST', `/campaigns/${campaignId}/payments`, { amountMinor, receiptReference }),
};

/** Integer minor units shown in the currency of the campaign, in the UI language. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const f = new Intl.NumberFormat(locale === 'ar' ? 'ar' : 'en', { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}
