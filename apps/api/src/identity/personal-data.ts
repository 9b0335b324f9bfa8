import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface PersonalDataContributor {
  /** section name in the export document */
  section: string;
  collect(em: EntityManager, userId: number): Promise<unknown>;
  /** remove or pseudonymize this area's personal data (called inside the deletion transaction) */
  erase?(em: EntityManager, userId: number): Promise<void>;
}

/**
 * Registry through which each area contributes to account export and deletion, so a new
 * area cannot be forgotten by a hand-maintained list in identity.
 */
@Injectable()
export class PersonalData {
  private readonly contributors: PersonalDataContributor[] = [];

  register(c: PersonalDataContributor): void {
    this.contributors.push(c);
  }

  async collect(em: EntityManager, userId: number): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const c of this.contributors) out[c.section] = await c.collect(em, userId);
    return out;
  }

  async erase(em: EntityManager, userId: number): Promise<void> {
    for (const c of this.contributors) await c.erase?.(em, userId);
  }
}
