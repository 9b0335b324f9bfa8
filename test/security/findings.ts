/**
 * Findings of the security suite that the owning area has not fixed yet. A check skips nothing:
 * it still runs every case, fails on any failure not listed here, and fails when a listed one no
 * longer reproduces (delete the entry then). Each is listed in docs/RELIABILITY.md.
 * Keys: `<check>: <METHOD> <route template>`.
 */
export const OPEN_FINDINGS: Record<string, { area: string; what: string }> = {
  // none open: `limit=1000000` on GET /rewards, /surveys and /surveys/manage (400 instead of clamped) was fixed by its areas
};

/** Splits a check's failures into new ones and listed ones that no longer reproduce. */
export function judge(check: string, failing: Map<string, string>): { unexpected: string[]; fixed: string[] } {
  const listed = Object.keys(OPEN_FINDINGS).filter((k) => k.startsWith(`${check}: `));
  return {
    unexpected: [...failing].filter(([k]) => !(k in OPEN_FINDINGS)).map(([, detail]) => detail),
    fixed: listed.filter((k) => !failing.has(k)).map((k) => `${k} (${OPEN_FINDINGS[k].area}) passes now: remove it from test/security/findings.ts`),
  };
}
