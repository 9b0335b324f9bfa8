import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/** Passwords seen most often in breach corpora; refused outright (the length rule does the rest). */
const COMMON = new Set(
  [
    '1234567890', '12345678910', '0123456789', '1234567891', 'qwertyuiop', 'password123', 'password12', 'password1234',
    'passwordpassword', 'iloveyou123', 'qwerty1234', 'qwerty12345', '1q2w3e4r5t', '1qaz2wsx3edc', 'abcdefghij',
    'aaaaaaaaaa', '1111111111', '0000000000', 'abc1234567', 'football123', 'princess123', 'welcome123', 'letmein123',
    'administrator', 'changeme123', 'superman123', 'monkey12345', 'dragon12345', 'sunshine123', 'baseball123',
    'trustno1234', 'qazwsxedcrfv', 'asdfghjkl1', 'zxcvbnm123', 'michael123', 'jennifer123', 'passw0rd123',
    'p@ssword123', 'p@ssw0rd123', 'wala123456', 'walawala123',
  ].map((p) => p.toLowerCase()),
);

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 200;

export function isAcceptablePassword(pw: unknown): boolean {
  if (typeof pw !== 'string' || pw.length < MIN_PASSWORD || pw.length > MAX_PASSWORD) return false;
  if (COMMON.has(pw.toLowerCase())) return false;
  if (/^(.)\1+$/.test(pw)) return false; // one repeated character
  return true;
}

/** argon2id with the OWASP-recommended minimums (19 MiB, 2 passes, 1 lane). */
const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

@Injectable()
export class PasswordService {
  hash(password: string): Promise<string> {
    return hash(password, PARAMS);
  }

  async verify(stored: string | null, password: string): Promise<boolean> {
    if (!stored) {
      // spend comparable time so a missing account is not told apart by timing
      await hash(password, PARAMS);
      return false;
    }
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }
}
