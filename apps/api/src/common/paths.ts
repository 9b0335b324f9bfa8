import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | null = null;

/** The repository (or installed package) root: the nearest folder whose package.json is "wala". */
export function repoRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'wala') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the wala package root');
    dir = up;
  }
}
