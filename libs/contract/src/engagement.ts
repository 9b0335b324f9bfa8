/**
 * Brand engagement: challenges, events and provably fair giveaways (contract types), and the
 * giveaway draw algorithm itself, shared by the API (which draws), the CLI verifier and the
 * browser (which recompute). See docs/ENGAGEMENT.md.
 */

export type ChallengeKind = 'action' | 'steps' | 'streak' | 'quiz' | 'submission';
export const CHALLENGE_KINDS: readonly ChallengeKind[] = ['action', 'steps', 'streak', 'quiz', 'submission'] as const;
export type ChallengeScope = 'individual' | 'community';
/** The domain events an action goal counts. */
export type ChallengeAction = 'post.created' | 'reaction.added' | 'chat.message_sent' | 'event.checked_in' | 'survey.answered';
export const CHALLENGE_ACTIONS: readonly ChallengeAction[] = [
  'post.created',
  'reaction.added',
  'chat.message_sent',
  'event.checked_in',
  'survey.answered',
] as const;

export interface ChallengeStepDto {
  action: ChallengeAction;
  /** how many times (for a streak: counts per day are not needed, one a day) */
  count: number;
  categoryId?: number | null;
  tag?: string | null;
}

/** A quiz question as members see it: never with the correct answer. */
export interface QuizQuestionDto {
  prompt: string;
  promptAr: string;
  options: string[];
  optionsAr: string[];
}

/** A quiz question with its correct choice: only the brand's managers and admins read it (to edit). */
export interface QuizQuestionKeyDto extends QuizQuestionDto {
  /** index of the correct choice */
  correct: number;
}

/** A quiz as its brand edits it (`GET /challenges/:id/quiz`). */
export interface QuizKeyDto {
  questions: QuizQuestionKeyDto[];
  maxAttempts: number;
  passScore: number;
  /** a member has answered: the questions, attempts and pass score can no longer change */
  attempted: boolean;
}

export interface ChallengeProgressDto {
  joined: boolean;
  /** per step, how many counted so far (action, steps); streak: [current run]; quiz: [best score] */
  steps: number[];
  total: number;
  attempts: number;
  completed: boolean;
  completedAt: string | null;
  submission: { id: number; status: 'pending' | 'approved' | 'rejected'; reason: string | null } | null;
}

export interface ChallengeDto {
  id: number;
  brandId: number | null;
  title: string;
  titleAr: string;
  description: string;
  descriptionAr: string;
  kind: ChallengeKind;
  scope: ChallengeScope;
  steps: ChallengeStepDto[];
  streakDays: number | null;
  /** community goals: the shared target and how far the community got */
  communityTarget: number | null;
  communityProgress: number;
  quiz: QuizQuestionDto[] | null;
  maxAttempts: number | null;
  passScore: number | null;
  points: number;
  badgeId: number | null;
  pledgeCampaignId: number | null;
  minTierRank: number;
  minMemberDays: number;
  startsAt: string;
  endsAt: string;
  participants: number;
  completions: number;
  createdAt: string;
  /** set when the brand cancelled it (with its reason): nothing counts, opens or draws after that */
  cancelledAt: string | null;
  cancelReason: string | null;
  /** the caller's own progress (signed-in callers) */
  me: ChallengeProgressDto | null;
}

export interface QuizResultDto {
  score: number;
  total: number;
  passed: boolean;
  attemptsLeft: number;
  completed: boolean;
}

export interface ChallengeSubmissionDto {
  id: number;
  challengeId: number;
  userId: number;
  displayName: string;
  text: string;
  uploadId: number | null;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

export interface LeaderboardEntryDto {
  rank: number;
  userId: number;
  displayName: string;
  total: number;
  completedAt: string | null;
}

export type EventMode = 'online' | 'in_person';
export type RsvpStatus = 'going' | 'maybe' | 'not_going' | 'waitlist';

export interface EventDto {
  id: number;
  brandId: number | null;
  title: string;
  titleAr: string;
  description: string;
  descriptionAr: string;
  mode: EventMode;
  location: string;
  onlineUrl: string | null;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  going: number;
  waitlist: number;
  /** members at or above this tier rank may RSVP before `rsvpOpensAt` */
  earlyTierRank: number | null;
  rsvpOpensAt: string;
  checkInOpensAt: string;
  checkInClosesAt: string;
  checkInPoints: number;
  createdAt: string;
  /** set when the brand cancelled it (with its reason): nothing counts, opens or draws after that */
  cancelledAt: string | null;
  cancelReason: string | null;
  /** the caller's RSVP (signed-in callers) */
  myRsvp: RsvpStatus | null;
  checkedIn: boolean;
  /** the event's chat channel (`GET /events/:id` only; null until the chat module has opened it) */
  chatChannelId?: number | null;
}

export interface RsvpResultDto {
  status: RsvpStatus;
  /** position on the waitlist (1 = next) */
  waitlistPosition: number | null;
}

export interface CheckInCodeDto {
  code: string;
  /** the code changes at this instant */
  expiresAt: string;
  /** the code as an SVG QR image */
  qrSvg: string;
}

export interface AttendeeDto {
  userId: number;
  displayName: string;
  status: RsvpStatus;
  rsvpAt: string;
  checkedInAt: string | null;
}

export interface GiveawayDto {
  id: number;
  brandId: number | null;
  title: string;
  titleAr: string;
  description: string;
  descriptionAr: string;
  prize: string;
  prizeAr: string;
  opensAt: string;
  closesAt: string;
  winnersCount: number;
  alternatesCount: number;
  /** 0: free entry */
  entryCostPoints: number;
  maxEntriesPerMember: number;
  minTierRank: number;
  minPoints: number;
  /** SHA-256 (hex) of the secret seed, published when the giveaway opens */
  seedHash: string;
  status: 'open' | 'closed' | 'drawn' | 'cancelled';
  /** hash of the frozen entry list (after close) */
  listHash: string | null;
  entries: number;
  drawnAt: string | null;
  createdAt: string;
  /** set when the brand cancelled it (with its reason): nothing counts, opens or draws after that */
  cancelledAt: string | null;
  cancelReason: string | null;
  /** the caller's own entries */
  myEntries: GiveawayEntryReceiptDto[];
  winners: GiveawayWinnerDto[];
}

export interface GiveawayEntryReceiptDto {
  entryId: number;
  seq: number;
  receipt: string;
  /** running hash of the entry list up to and including this entry */
  runningHash: string;
  createdAt: string;
}

export interface GiveawayWinnerDto {
  position: number;
  kind: 'winner' | 'alternate';
  receipt: string;
  /** shown to the brand and the winner only */
  userId?: number;
  displayName?: string;
  status: 'pending' | 'claimed' | 'passed';
}

/** Everything needed to re-run a draw: `GET /giveaways/:id/proof`. */
export interface GiveawayProof {
  algorithm: 'wala-giveaway-v1';
  giveawayId: number;
  seedHash: string;
  /** revealed after the draw, null before */
  seed: string | null;
  entries: { seq: number; receipt: string; runningHash: string }[];
  listHash: string | null;
  winnersCount: number;
  alternatesCount: number;
  /** receipts in draw order: winners first, then alternates */
  drawn: string[];
}

export interface GiveawayVerification {
  seedMatchesHash: boolean;
  listHashMatches: boolean;
  drawMatches: boolean;
  ok: boolean;
  recomputed: string[];
}

// ---------------------------------------------------------------------------------------------
// The provably fair draw (wala-giveaway-v1). Web Crypto only, so it runs in Node 20 and browsers.

const enc = new TextEncoder();

export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('not lowercase hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(b: ArrayBuffer | Uint8Array): string {
  return Array.from(b instanceof Uint8Array ? b : new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? enc.encode(data) : data;
  return bytesToHex(await globalThis.crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

/** The running hash before any entry: SHA-256 of `wala-giveaway-v1:<giveawayId>:<seedHash>`. */
export function initialListHash(giveawayId: number, seedHash: string): Promise<string> {
  return sha256Hex(`wala-giveaway-v1:${giveawayId}:${seedHash}`);
}

/** h_i = SHA-256(h_{i-1} ‖ ":" ‖ receipt_i), as lowercase hex text. The list hash is h_n. */
export function nextListHash(previous: string, receipt: string): Promise<string> {
  return sha256Hex(`${previous}:${receipt}`);
}

/**
 * Picks `count` distinct indexes out of `n` entries: for counter c = 0, 1, ...,
 * r = HMAC-SHA256(key = seed bytes, message = listHash bytes ‖ uint32be(c)); x = the first 6
 * bytes of r as an unsigned big-endian integer; if x ≥ floor(2^48 / n)·n the value is rejected
 * (no modulo bias), otherwise index = x mod n; an index already taken is skipped.
 */
export async function drawIndexes(seedHex: string, listHash: string, n: number, count: number): Promise<number[]> {
  const want = Math.min(count, n);
  if (want <= 0) return [];
  const key = await globalThis.crypto.subtle.importKey('raw', hexToBytes(seedHex) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const listBytes = hexToBytes(listHash);
  const limit = Math.floor(2 ** 48 / n) * n;
  const picked: number[] = [];
  const taken = new Set<number>();
  for (let c = 0; picked.length < want; c++) {
    const msg = new Uint8Array(listBytes.length + 4);
    msg.set(listBytes);
    new DataView(msg.buffer).setUint32(listBytes.length, c);
    const r = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, msg));
    let x = 0;
    for (let i = 0; i < 6; i++) x = x * 256 + r[i];
    if (x >= limit) continue;
    const idx = x % n;
    if (taken.has(idx)) continue;
    taken.add(idx);
    picked.push(idx);
  }
  return picked;
}

/** Re-runs a draw from its proof: the seed against its published hash, the list hash, the winners. */
export async function verifyGiveaway(p: GiveawayProof): Promise<GiveawayVerification> {
  const seedMatchesHash = p.seed !== null && (await sha256Hex(hexToBytes(p.seed))) === p.seedHash;
  let h = await initialListHash(p.giveawayId, p.seedHash);
  let chainOk = true;
  const sorted = [...p.entries].sort((a, b) => a.seq - b.seq);
  for (const e of sorted) {
    h = await nextListHash(h, e.receipt);
    if (h !== e.runningHash) chainOk = false;
  }
  const listHashMatches = chainOk && p.listHash === h;
  const recomputed =
    p.seed === null || !p.listHash
      ? []
      : (await drawIndexes(p.seed, p.listHash, sorted.length, p.winnersCount + p.alternatesCount)).map((i) => sorted[i].receipt);
  const drawMatches = p.seed !== null && recomputed.length === p.drawn.length && recomputed.every((r, i) => r === p.drawn[i]);
  return { seedMatchesHash, listHashMatches, drawMatches, ok: seedMatchesHash && listHashMatches && drawMatches, recomputed };
}
