// Compiles src/ to dist/ and copies the files tsc does not (static assets).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: root });
if (r.status !== 0) process.exit(r.status ?? 1);

function copyAssets(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) copyAssets(p);
    else if (!/\.(ts|tsx)$/.test(e.name)) {
      const target = path.join(root, 'dist', path.relative(root, p));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(p, target);
    }
  }
}
copyAssets(path.join(root, 'src'));
fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString());
