/**
 * Minimal RFC 4180 CSV, one implementation for the API and the web: reading coupon-code and
 * purchase uploads, writing the settlement, attendee and analytics exports and the dashboard's
 * table downloads. Quoted
 * fields may hold commas, quotes ("") and line breaks; CRLF and LF both end a record.
 */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      if (c === '\r' && s[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    out.push(row);
  }
  return out;
}

/**
 * One CSV field. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is
 * prefixed with a quote mark; numbers are written as they are.
 */
function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * CSV text of rows (an empty row is a blank line). `bom` starts it with a byte-order mark, which
 * spreadsheets need to read UTF-8 (Arabic) instead of their local code page.
 */
export function toCsv(rows: (string | number | null)[][], opts: { bom?: boolean } = {}): string {
  return (opts.bom ? '\uFEFF' : '') + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The codes of an upload: first column, trimmed, blank rows and a `code` header skipped, each once. */
export function codesFromCsv(text: string): string[] {
  const seen = new Set<string>();
  const rows = parseCsv(text);
  rows.forEach((r, i) => {
    const code = (r[0] ?? '').trim();
    if (!code || (i === 0 && code.toLowerCase() === 'code')) return;
    seen.add(code);
  });
  return [...seen];
}
