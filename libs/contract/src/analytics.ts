/** Surveys and loyalty analytics: the API contract. Formulas in docs/METRICS.md. */

export type SurveyQuestionKind = 'nps' | 'csat' | 'single' | 'multiple' | 'text';
export const SURVEY_QUESTION_KINDS: readonly SurveyQuestionKind[] = ['nps', 'csat', 'single', 'multiple', 'text'] as const;
export type SurveyAudience = 'everyone' | 'tier' | 'event' | 'challenge';
export const SURVEY_AUDIENCES: readonly SurveyAudience[] = ['everyone', 'tier', 'event', 'challenge'] as const;
export type SurveyStatus = 'draft' | 'open' | 'closed';

export interface SurveyQuestionDto {
  id: number;
  kind: SurveyQuestionKind;
  prompt: string;
  promptAr: string;
  options: { en: string; ar: string }[];
  required: boolean;
}

export interface SurveyDto {
  id: number;
  brandId: number | null;
  title: string;
  titleAr: string;
  intro: string;
  introAr: string;
  anonymous: boolean;
  points: number;
  audience: SurveyAudience;
  audienceRef: number | null;
  status: SurveyStatus;
  questions: SurveyQuestionDto[];
  createdAt: string;
  /** for the member asking: whether they already answered */
  answered?: boolean;
  /** for managers: how many members answered */
  responses?: number;
}

export interface SurveyAnswerInput {
  questionId: number;
  /** NPS 0..10, CSAT 1..5 */
  score?: number;
  /** option indexes of single (one) and multiple choice questions */
  choices?: number[];
  /** text answers, and the comment of an NPS question */
  text?: string;
}

export interface SurveyAnswerResultDto {
  points: number;
}

export interface SurveyQuestionResultDto {
  questionId: number;
  kind: SurveyQuestionKind;
  answered: number;
  /** NPS/CSAT: count per score (index = score) */
  scores?: number[];
  average?: number | null;
  /** NPS only */
  nps?: number | null;
  /** CSAT: % of 4 and 5 */
  satisfied?: number | null;
  /** choice questions: count per option */
  options?: number[];
  /** text answers and NPS comments (latest first, at most 100) */
  texts?: string[];
}

export interface SurveyResultsDto {
  surveyId: number;
  responses: number;
  questions: SurveyQuestionResultDto[];
}

export type AnalyticsGrain = 'week' | 'month';

export interface RetentionRowDto {
  /** first day of the period */
  period: string;
  /** members active in the period before (S) */
  atStart: number;
  /** members active in the period (E) */
  atEnd: number;
  newMembers: number;
  retained: number;
  lost: number;
  retentionRate: number | null;
  crr: number | null;
  churnRate: number | null;
  /** members at start who had joined a challenge, an event or chatted in the period before */
  participantsAtStart: number;
  participantRetention: number | null;
  nonParticipantRetention: number | null;
  challengeParticipation: number | null;
  eventParticipation: number | null;
  chatParticipation: number | null;
}

export interface ActivePointDto {
  period: string;
  active: number;
  newMembers: number;
}

export interface ScoreTrendDto {
  /** first day of the month */
  period: string;
  responses: number;
  nps: number | null;
  csatAverage: number | null;
  csatSatisfied: number | null;
}

export interface PointsSummaryDto {
  issued: number;
  redeemed: number;
  donated: number;
  expired: number;
  /** the program's liability at the end of the range: every entry up to then */
  outstanding: number;
  redemptionRate: number | null;
}

export interface MoneyTotalDto {
  currency: string;
  amountMinor: number;
  donations: number;
}

export interface DashboardSummaryDto {
  averageDau: number | null;
  averageWau: number | null;
  averageMau: number | null;
  newMembers: number;
  nps: number | null;
  npsResponses: number;
  promoters: number;
  passives: number;
  detractors: number;
  csatAverage: number | null;
  csatSatisfied: number | null;
  csatResponses: number;
  points: PointsSummaryDto;
  challengeJoins: number;
  challengeCompletions: number;
  challengeCompletionRate: number | null;
  eventRsvps: number;
  eventAttended: number;
  rsvpAttendanceRate: number | null;
  charity: MoneyTotalDto[];
  donatedPoints: number;
}

export interface DashboardDto {
  brandId: number | null;
  from: string;
  to: string;
  grain: AnalyticsGrain;
  timeZone: string;
  summary: DashboardSummaryDto;
  /** the same figures for the range of the same length just before */
  previous: DashboardSummaryDto;
  dau: ActivePointDto[];
  wau: ActivePointDto[];
  mau: ActivePointDto[];
  retention: RetentionRowDto[];
  scores: ScoreTrendDto[];
  /** when the figures were last fed (the latest handled fact) */
  freshAt: string;
}

export interface CohortRowDto {
  /** sign-up month */
  cohort: string;
  size: number;
  /** active members of the cohort in month 0, 1, 2, ... after sign-up */
  active: number[];
  /** percentages of size */
  rates: (number | null)[];
}

export interface CohortsDto {
  brandId: number | null;
  cohorts: CohortRowDto[];
}

export interface CltvDto {
  currency: string;
  purchases: number;
  customers: number;
  revenueMinor: number;
  averagePurchaseMinor: number;
  /** purchases per customer per year */
  purchaseFrequency: number;
  /** years */
  averageLifespan: number;
  cltvMinor: number;
}

export interface PurchaseInput {
  /** the member's id or e-mail */
  member: string;
  amountMinor: number;
  currency: string;
  /** YYYY-MM-DD */
  date: string;
  brandId?: number;
  externalRef?: string;
}

export interface PurchaseImportDto {
  imported: number;
  duplicates: number;
  errors: { line: number; code: string }[];
}

export interface AnalyticsSettingsDto {
  timeZone: string;
}

export interface CreateSurveyInput {
  brandId?: number;
  title: string;
  titleAr: string;
  intro?: string;
  introAr?: string;
  anonymous?: boolean;
  points?: number;
  audience?: SurveyAudience;
  audienceRef?: number;
  questions: { kind: SurveyQuestionKind; prompt: string; promptAr: string; options?: { en: string; ar: string }[]; required?: boolean }[];
}
