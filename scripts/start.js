#!/usr/bin/env node
/**
 * npm start — builds what is out of date (TypeScript incrementally, the web app when its
 * sources changed), then starts the platform. Without DATABASE_URL it runs on the embedded
 * database in DATA_DIR (./data) and, on its first start, creates the demo community.
 * Extra arguments go to the server (e.g. `npm start -- --demo`).
 */
const { execSync, spawn } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const sh = (cmd) => execSync(cmd, { stdio: 'inherit', cwd: root });

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

sh('npx tsc -b libs/contract apps/api');
const index = path.join(root, 'apps/web/dist/index.html');
const webSources = Math.max(newest(path.join(root, 'apps/web/src')), newest(path.join(root, 'libs/contract/src')));
if (!existsSync(index) || statSync(index).mtimeMs < webSources) sh('npm run build -w @wala/web');

const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/apps/api/src/main.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  env: process.env,
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
