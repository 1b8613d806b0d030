// The wasm core the task pane's worker uses (web/pkg, built by web/build.sh),
// loaded into Node, and the CLI it is compared with.

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const core = await import(join(repoRoot, 'web/pkg/amif_check.js'));
core.initSync({ module: readFileSync(join(repoRoot, 'web/pkg/amif_check_bg.wasm')) });
export { core };

const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
// The debug build (as `cargo test` leaves it): the release build's figures.
export const cliPath = process.env.AMIF_CLI ?? join(targetDir, 'debug/amif-check');

export function cli(args) {
  const run = spawnSync(cliPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`${cliPath}: ${run.error.message} (build it: cargo build --bin amif-check)`);
  if (run.status !== 0 && run.status !== 1) throw new Error(`amif-check ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** Semicolon CSV as the CLI writes it (BOM, quotes doubled) into rows of text. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') { row.push(field); field = ''; } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
