import type {
  AttendeeDto,
  ChallengeDto,
  ChallengeSubmissionDto,
  CheckInCodeDto,
  EventDto,
  GiveawayDto,
  GiveawayEntryReceiptDto,
  GiveawayProof,
  LeaderboardEntryDto,
  Page,
  QuizKeyDto,
  QuizResultDto,
  RsvpResultDto,
} from '@wala/contract';
import { call } from '../api';
import { lang } from '../i18n.svelte';

const qs = (q: Record<string, string | number | null | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** The text in the member's language, falling back to the other one. */
export const bi = (en: string, ar: string) => (lang.locale === 'ar' ? ar || en : en || ar);

/** The brand's edit and cancel of a challenge, event or giveaway (`/challenges/1`, ...). */
export type EditableKind = 'challenges' | 'events' | 'giveaways';

export const engagementApi = {
  update: (kind: EditableKind, id: number, body: Record<string, unknown>) => call<unknown>('PATCH', `/${kind}/${id}`, body),
  cancel: (kind: EditableKind, id: number, reason: string) => call<unknown>('POST', `/${kind}/${id}/cancel`, { reason }),

  challenges: (q: { brandId?: number; cursor?: string | null; all?: boolean } = {}) =>
    call<Page<ChallengeDto>>('GET', `/challenges${qs({ brandId: q.brandId, cursor: q.cursor, all: q.all ? '1' : undefined })}`),
  challenge: (id: number) => call<ChallengeDto>('GET', `/challenges/${id}`),
  createChallenge: (body: Record<string, unknown>) => call<ChallengeDto>('POST', '/challenges', body),
  join: (id: number) => call<ChallengeDto>('POST', `/challenges/${id}/join`),
  /** the brand's managers: the quiz with its correct choices, to edit it */
  quizKey: (id: number) => call<QuizKeyDto>('GET', `/challenges/${id}/quiz`),
  answerQuiz: (id: number, answers: number[]) => call<QuizResultDto>('POST', `/challenges/${id}/quiz`, { answers }),
  submit: (id: number, text: string) => call<ChallengeSubmissionDto>('POST', `/challenges/${id}/submissions`, { text }),
  submissions: (id: number, status = 'pending') => call<Page<ChallengeSubmissionDto>>('GET', `/challenges/${id}/submissions${qs({ status })}`),
  review: (submissionId: number, approve: boolean, reason?: string) =>
    call<ChallengeSubmissionDto>('POST', `/challenge-submissions/${submissionId}/review`, { approve, ...(reason ? { reason } : {}) }),
  leaderboard: (id: number, cursor?: string | null) => call<Page<LeaderboardEntryDto>>('GET', `/challenges/${id}/leaderboard${qs({ cursor })}`),

  /** upcoming (default) soonest first, or past ones latest first */
  events: (q: { brandId?: number; when?: 'upcoming' | 'past'; cursor?: string | null; limit?: number } = {}) =>
    call<Page<EventDto>>('GET', `/events${qs({ brandId: q.brandId, when: q.when, cursor: q.cursor, limit: q.limit })}`),
  event: (id: number) => call<EventDto>('GET', `/events/${id}`),
  createEvent: (body: Record<string, unknown>) => call<EventDto>('POST', '/events', body),
  rsvp: (id: number, status: 'going' | 'maybe' | 'not_going') => call<RsvpResultDto>('POST', `/events/${id}/rsvp`, { status }),
  checkInCode: (id: number) => call<CheckInCodeDto>('GET', `/events/${id}/check-in-code`),
  checkIn: (id: number, code: string) => call<{ checkedIn: true; points: number }>('POST', `/events/${id}/check-in`, { code }),
  attendees: (id: number, cursor?: string | null) => call<Page<AttendeeDto>>('GET', `/events/${id}/attendees${qs({ cursor })}`),
  icsUrl: (id: number) => `/api/v1/events/${id}/ics`,
  csvUrl: (id: number) => `/api/v1/events/${id}/attendees.csv`,

  giveaways: (q: { brandId?: number; cursor?: string | null } = {}) => call<Page<GiveawayDto>>('GET', `/giveaways${qs({ brandId: q.brandId, cursor: q.cursor })}`),
  giveaway: (id: number) => call<GiveawayDto>('GET', `/giveaways/${id}`),
  createGiveaway: (body: Record<string, unknown>) => call<GiveawayDto>('POST', '/giveaways', body),
  enter: (id: number, key?: string) => call<GiveawayEntryReceiptDto>('POST', `/giveaways/${id}/entries`, key ? { key } : {}),
  draw: (id: number) => call<GiveawayDto>('POST', `/giveaways/${id}/draw`),
  claim: (id: number) => call<GiveawayDto>('POST', `/giveaways/${id}/claim`),
  pass: (id: number, position: number) => call<GiveawayDto>('POST', `/giveaways/${id}/winners/${position}/pass`),
  proof: (id: number) => call<GiveawayProof>('GET', `/giveaways/${id}/proof`),
  proofUrl: (id: number) => `/api/v1/giveaways/${id}/proof`,
};
