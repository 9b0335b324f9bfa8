#!/usr/bin/env node
'use strict';
/**
 * Recomputes a giveaway draw from its proof (GET /api/v1/giveaways/:id/proof):
 *   npm run verify-giveaway -- proof.json
 * Checks the revealed seed against the hash published at opening, the hash chain of the entry
 * list, and the winners and alternates (docs/ENGAGEMENT.md). Exit code 0 only if all hold.
 */
const { readFileSync } = require('node:fs');
const { verifyGiveaway } = require('../libs/contract/dist/engagement.js');

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run verify-giveaway -- proof.json');
    process.exit(2);
  }
  const proof = JSON.parse(readFileSync(file, 'utf8'));
  const r = await verifyGiveaway(proof);
  console.log(`seed matches the published hash: ${r.seedMatchesHash ? 'yes' : 'NO'}`);
  console.log(`entry list hash chain:           ${r.listHashMatches ? 'yes' : 'NO'}`);
  console.log(`winners and alternates:          ${r.drawMatches ? 'yes' : 'NO'}`);
  r.recomputed.forEach((receipt, i) => console.log(`  ${i + 1}. ${receipt}${i < proof.winnersCount ? ' (winner)' : ' (alternate)'}`));
  console.log(r.ok ? 'VERIFIED' : 'NOT VERIFIED');
  process.exit(r.ok ? 0 : 1);
}

main().catch((e) => {
  console.error(String(e && e.message ? e.message : e));
  process.exit(2);
});
