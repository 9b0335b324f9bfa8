import { appendFileSync } from 'node:fs';

/**
 * Cases tried per class, for the numbers in docs/RELIABILITY.md: when SECURITY_REPORT names a
 * file, each suite appends one JSON line per class (`{ "class": "...", "cases": n }`).
 */
export function record(kind: string, cases: number): void {
  const file = process.env.SECURITY_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ class: kind, cases })}\n`);
}
