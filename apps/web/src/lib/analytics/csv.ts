import { toCsv } from '@wala/contract';

/** Downloads a table as CSV (the shared writer: formula cells neutralised, a byte-order mark for Arabic). */
export function downloadCsv(name: string, header: string[], rows: (string | number | null)[][]): void {
  const url = URL.createObjectURL(new Blob([toCsv([header, ...rows], { bom: true })], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}
