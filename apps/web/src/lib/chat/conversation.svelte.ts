import type { ChatMessage, ChatPerson } from '@wala/contract';
import { emitAck } from '../socket.svelte';
import { newClientId } from './api';

/** A message as the composer sees it: stored (has an id), still sending, or failed (retry). */
export interface Line {
  key: string;
  message: ChatMessage | null;
  pending: { body: string; clientId: string; state: 'sending' | 'failed'; error: string } | null;
}

/**
 * One open channel: its messages (oldest first), merged from history, live pushes and our own
 * sends by id (and client id, so a pushed copy of our own message replaces the pending line).
 */
export class Conversation {
  lines = $state<Line[]>([]);
  more = $state(true);
  online = $state<ChatPerson[]>([]);
  typing = $state<{ user: ChatPerson; until: number }[]>([]);

  constructor(readonly channelId: number) {}

  get lastId(): number {
    for (let i = this.lines.length - 1; i >= 0; i--) if (this.lines[i].message) return this.lines[i].message!.id;
    return 0;
  }

  get firstId(): number | null {
    return this.lines.find((l) => l.message)?.message?.id ?? null;
  }

  /** Adds or replaces stored messages (history, live, acks); keeps the order by id, pending ones last. */
  merge(messages: ChatMessage[]): void {
    const lines = [...this.lines];
    for (const m of messages) {
      if (m.channelId !== this.channelId) continue;
      const i = lines.findIndex((l) => l.message?.id === m.id || (l.pending && l.pending.clientId === m.clientId));
      const line: Line = { key: `m${m.id}`, message: m, pending: null };
      if (i >= 0) lines[i] = line;
      else lines.push(line);
    }
    const stored = lines.filter((l) => l.message).sort((a, b) => a.message!.id - b.message!.id);
    this.lines = [...stored, ...lines.filter((l) => !l.message)];
  }

  async send(body: string, mentions: number[] = [], clientId = newClientId()): Promise<void> {
    const key = `p${clientId}`;
    const pending: Line = { key, message: null, pending: { body, clientId, state: 'sending', error: '' } };
    const i = this.lines.findIndex((l) => l.key === key);
    if (i >= 0) this.lines[i] = pending;
    else this.lines = [...this.lines, pending];
    const res = await emitAck('chat:send', { channelId: this.channelId, body, clientId, mentions });
    if (res.ok) {
      this.merge([res.data]);
    } else {
      this.lines = this.lines.map((l) =>
        l.key === key ? { ...l, pending: { body, clientId, state: 'failed', error: res.error.message } } : l,
      );
    }
  }

  retry(line: Line): Promise<void> {
    return this.send(line.pending!.body, [], line.pending!.clientId);
  }

  discard(line: Line): void {
    this.lines = this.lines.filter((l) => l.key !== line.key);
  }

  async loadOlder(): Promise<void> {
    const res = await emitAck('chat:history', { channelId: this.channelId, ...(this.firstId ? { before: this.firstId } : {}), limit: 50 });
    if (res.ok) {
      this.merge(res.data.items);
      this.more = res.data.more;
    }
  }

  /**
   * After a reconnect: everything after `from` (the last message held before re-joining: live
   * messages arriving while this runs must not move the cursor past the ones missed), page by
   * page from each page's own last id.
   */
  async catchUp(from: number): Promise<void> {
    let after = from;
    for (let i = 0; i < 20; i++) {
      const res = await emitAck('chat:history', { channelId: this.channelId, after, limit: 100 });
      if (!res.ok) return;
      this.merge(res.data.items);
      if (!res.data.more || !res.data.items.length) return;
      after = res.data.items[res.data.items.length - 1].id;
    }
  }

  sawTyping(user: ChatPerson): void {
    const until = Date.now() + 4000;
    this.typing = [...this.typing.filter((x) => x.user.id !== user.id && x.until > Date.now()), { user, until }];
    setTimeout(() => (this.typing = this.typing.filter((x) => x.until > Date.now())), 4100);
  }
}
