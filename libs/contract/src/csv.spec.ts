import { codesFromCsv, parseCsv, toCsv } from './csv';

describe('csv', () => {
  it('reads quoted fields, CRLF, a BOM and a header', () => {
    expect(parseCsv('\ufeffcode,note\r\n"A,1","say ""hi"""\nB2\n')).toEqual([['code', 'note'], ['A,1', 'say "hi"'], ['B2']]);
    expect(codesFromCsv('code\nAAA\n\n BBB \nAAA\n"C,C"')).toEqual(['AAA', 'BBB', 'C,C']);
    expect(codesFromCsv('X1')).toEqual(['X1']);
  });

  it('writes fields a spreadsheet will not run as formulas', () => {
    expect(toCsv([['a', 'b,c', 3], ['=SUM(A1)', 'q"t', null]])).toBe('a,"b,c",3\r\n\'=SUM(A1),"q""t",\r\n');
    expect(parseCsv(toCsv([['x\ny', 'z']]))).toEqual([['x\ny', 'z']]);
    expect(toCsv([['-1', -1, '+9', '@a', '\tb', '\rc']])).toBe("'-1,-1,'+9,'@a,'\tb,\"'\rc\"\r\n");
  });

  it('starts with a byte-order mark when asked, and writes an empty row as a blank line', () => {
    expect(toCsv([['عربي'], [], ['b']], { bom: true })).toBe('\uFEFFعربي\r\n\r\nb\r\n');
    expect(parseCsv(toCsv([['a']], { bom: true }))).toEqual([['a']]);
  });
});
