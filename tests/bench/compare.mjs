// Side-by-side benchmark of amif-check against the JavaScript tools people
// reach for: PapaParse (parse only) on a large semicolon CSV and SheetJS
// (read only) on a large XLSX, in one headless Debian Chromium, plus the
// native CLI, the time to first results on the real page and the .wasm size.
// Prints a table and writes JSON. Run through tests/bench/compare.sh, which
// builds and generates everything this needs.
//
// Usage: node tests/bench/compare.mjs --csv FILE --xlsx FILE --small FILE
//          --native BIN --pkg-z DIR --out FILE [--runs N]
//        node tests/bench/compare.mjs --only first-results --small FILE [--runs N]
//          (first results on the page only: median and p90; needs web/pkg built)
//        node tests/bench/compare.mjs --only amif-csv|amif-xlsx|papaparse|sheetjs
//          --csv FILE --xlsx FILE [--runs N]   (one browser run alone; needs web/pkg built)
//        --web DIR: the page's files from DIR instead of web/ (a copy of another
//          revision, with its pkg/), to compare two revisions run for run

import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const webRoot = join(repoRoot, 'web');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const runs = Number(args.runs ?? 3);
const servedWeb = args.web ? resolve(args.web) : webRoot;
const referenceDate = '2026-11-22';
const options = { referenceDate, lang: 'sv' };

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-extensions',
];

// ---------------------------------------------------------------- server

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/** URL prefix to directory: the page with either wasm build, the bench page, npm packages, data. */
function routes() {
  const data = dirname(resolve(args.csv ?? args.xlsx));
  return [
    ['/o3/web/', servedWeb],
    ...(args['pkg-z'] ? [['/oz/web/pkg/', resolve(args['pkg-z'])]] : []),
    ['/oz/web/', servedWeb],
    ['/bench/', join(here, 'browser')],
    ['/npm/', join(here, 'node_modules')],
    ['/data/', data],
  ];
}

function startServer() {
  const table = routes();
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    const route = table.find(([prefix]) => path.startsWith(prefix));
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    const file = resolve(route[1], path.slice(route[0].length));
    if (!file.startsWith(route[1] + sep) && file !== route[1]) {
      response.writeHead(403).end();
      return;
    }
    let size;
    try {
      size = statSync(file).size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

// ---------------------------------------------------------------- memory

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

function statusKb(pid, key) {
  const match = readProc(pid, 'status').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : 0;
}

/** Renderer processes of the chromium whose profile is `profile`. */
function rendererPids(profile) {
  const procs = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const parent = new Map();
  const cmdline = new Map();
  for (const pid of procs) {
    const stat = readProc(pid, 'stat');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(pid, fields[1]);
    cmdline.set(pid, readProc(pid, 'cmdline').replaceAll('\0', ' '));
  }
  const main = procs.find((pid) => cmdline.get(pid).includes(`--user-data-dir=${profile}`) && !cmdline.get(pid).includes('--type='));
  const descends = (pid) => {
    for (let p = pid, hops = 0; p && p !== '0' && hops < 10; p = parent.get(p), hops += 1) {
      if (p === main) return true;
    }
    return false;
  };
  return procs.filter((pid) => cmdline.get(pid).includes('--type=renderer') && descends(pid));
}

// ---------------------------------------------------------------- browser runs

async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'amif-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
  // Nothing may leave the machine.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'blob:' || url.protocol === 'data:') return route.continue();
    return route.abort('blockedbyclient');
  });
  return {
    context,
    profile,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One measured run in a fresh browser: the file is fetched and the worker
 * started first, then the renderers' peak RSS is reset (clear_refs) and the
 * clock started. Memory: how far the page's renderer process (the page, its
 * workers and their wasm/JS heaps) rose above its size before the run.
 */
async function browserRun(base, { tool, prefix = '', file }) {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${base}/bench/index.html`);
    await page.waitForFunction(() => typeof window.prepare === 'function');
    const bytes = await page.evaluate((a) => window.prepare(a), { tool, prefix, url: `/data/${file}` });
    const pids = rendererPids(browser.profile);
    const before = new Map(pids.map((pid) => [pid, statusKb(pid, 'VmRSS')]));
    for (const pid of pids) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // Not allowed here: the peak then counts from the renderer's start.
      }
    }
    const { ms, rows } = await page.evaluate((a) => window.run(a), { options });
    // The page's renderer is the one that grew: its peak over its size before.
    const grown = pids.map((pid) => ({ peak: statusKb(pid, 'VmHWM'), base: before.get(pid) }));
    const grewMost = grown.reduce((a, b) => (b.peak - b.base > a.peak - a.base ? b : a), { peak: 0, base: 0 });
    if (errors.length) throw new Error(errors.join('\n'));
    const mb = (kb) => (kb * 1024) / 1e6;
    return { seconds: ms / 1000, rows, bytes, peakMb: mb(grewMost.peak - grewMost.base), rendererPeakMb: mb(grewMost.peak), rendererBaseMb: mb(grewMost.base) };
  } finally {
    await browser.close();
  }
}

function best(list) {
  return list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

async function measure(base, spec) {
  const all = [];
  for (let i = 0; i < runs; i += 1) all.push(await browserRun(base, spec));
  const chosen = best(all);
  return { ...chosen, peakMb: Math.max(...all.map((r) => r.peakMb)), all: all.map((r) => r.seconds) };
}

// ---------------------------------------------------------------- first results on the page

function startPageServer() {
  const child = spawn(process.execPath, [join(webRoot, 'server.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let output = '';
    child.stdout.on('data', (data) => {
      output += data;
      const match = output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) done({ url: match[0], stop: () => child.kill() });
    });
    child.once('exit', (code) => fail(new Error(`web/server.mjs exited (${code})`)));
  });
}

/**
 * From the file input's change event (what a drop or a pick fires) to the
 * first animation frame after the results section is shown, on the real
 * page with its real worker.
 */
async function firstResults(small) {
  const server = await startPageServer();
  const browser = await launch();
  const times = [];
  try {
    for (let i = 0; i < Math.max(5, runs); i += 1) {
      const page = await browser.context.newPage();
      await page.goto(server.url);
      await page.fill('#reference-date', referenceDate);
      // Ready: the worker has loaded the core, the catalogue is on the page and the core has run once.
      await page.waitForSelector('body[data-app-ready="true"]', { timeout: 30000 });
      await page.evaluate(() => {
        window.firstResults = new Promise((done) => {
          const input = document.querySelector('[data-testid="register-input"]');
          const results = document.getElementById('results');
          input.addEventListener('change', () => {
            const start = performance.now();
            const observer = new MutationObserver(() => {
              if (!results.hidden) {
                observer.disconnect();
                requestAnimationFrame(() => done(performance.now() - start));
              }
            });
            observer.observe(results, { attributes: true, attributeFilter: ['hidden'] });
          }, { capture: true, once: true });
        });
      });
      await page.setInputFiles('[data-testid="register-input"]', small);
      times.push(await page.evaluate(() => window.firstResults));
      await page.close();
    }
  } finally {
    await browser.close();
    server.stop();
  }
  times.sort((a, b) => a - b);
  const at = (share) => times[Math.min(times.length - 1, Math.ceil(share * times.length) - 1)];
  return { ms: times[Math.floor(times.length / 2)], p90: at(0.9), all: times };
}

// ---------------------------------------------------------------- native

function native(file) {
  const all = [];
  for (let i = 0; i < runs; i += 1) {
    const run = spawnSync('/usr/bin/time', ['-f', '%e %M', args.native, 'report', file, '--reference-date', referenceDate], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const last = run.stderr.trim().split('\n').pop().split(' ');
    // The register has errors on purpose: exit 1 is expected.
    if (![0, 1].includes(run.status)) throw new Error(`amif-check report ${file}: ${run.stderr}`);
    const rows = JSON.parse(run.stdout).summary.rows;
    all.push({ seconds: Number(last[0]), peakMb: (Number(last[1]) * 1024) / 1e6, rows, bytes: statSync(file).size });
  }
  return { ...best(all), peakMb: Math.max(...all.map((r) => r.peakMb)), all: all.map((r) => r.seconds) };
}

// ---------------------------------------------------------------- report

function wasmSize(dir) {
  const bytes = readFileSync(join(dir, 'amif_check_bg.wasm'));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function chromiumVersion() {
  const run = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
  return run.stdout.trim();
}

function packageVersion(name) {
  return JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
}

const fmt = (n, digits = 2) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

function row(name, r) {
  const mb = r.bytes / 1e6;
  return `| ${name} | ${fmt(r.seconds)} | ${fmt(mb / r.seconds, 0)} | ${fmt(r.rows / r.seconds / 1e6, 2)} M | ${fmt(r.peakMb, 0)} (${fmt(r.peakMb / mb, 1)}×) |`;
}

async function main() {
  const { server, url } = await startServer();
  const results = { machine: {}, files: {}, browser: {}, native: {}, page: {}, wasm: {}, ratios: {}, targets: {} };
  try {
    results.machine = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      chromium: chromiumVersion(),
      node: process.version,
      papaparse: packageVersion('papaparse'),
      sheetjs: packageVersion('xlsx'),
      date: new Date().toISOString(),
    };
    const csv = args.csv.split('/').pop();
    const xlsx = args.xlsx.split('/').pop();
    results.files = { csv: { name: csv, bytes: statSync(args.csv).size }, xlsx: { name: xlsx, bytes: statSync(args.xlsx).size } };

    const log = (what) => process.stderr.write(`  ${what}\n`);
    log('browser: amif-check (release build, opt-level 3) on the CSV');
    results.browser.amifCsv = await measure(url, { tool: 'amif-check', prefix: '/o3', file: csv });
    log('browser: amif-check (npm build, opt-level z) on the CSV');
    results.browser.amifCsvOz = await measure(url, { tool: 'amif-check', prefix: '/oz', file: csv });
    log('browser: PapaParse on the CSV');
    results.browser.papaparse = await measure(url, { tool: 'papaparse', file: csv });
    log('browser: amif-check on the XLSX');
    results.browser.amifXlsx = await measure(url, { tool: 'amif-check', prefix: '/o3', file: xlsx });
    log('browser: SheetJS on the XLSX');
    results.browser.sheetjs = await measure(url, { tool: 'sheetjs', file: xlsx });
    log('page: first results for the small register');
    results.page.firstResults = await firstResults(args.small);
    log('native: amif-check report');
    results.native.csv = native(args.csv);
    results.native.xlsx = native(args.xlsx);
    results.wasm.release = wasmSize(join(webRoot, 'pkg'));
    results.wasm.wasmRelease = wasmSize(args['pkg-z']);
  } finally {
    server.close();
  }

  const b = results.browser;
  results.ratios = {
    csvVsPapaparse: b.papaparse.seconds / b.amifCsv.seconds,
    xlsxVsSheetjs: b.sheetjs.seconds / b.amifXlsx.seconds,
    optLevel3VsZ: b.amifCsvOz.seconds / b.amifCsv.seconds,
  };
  const csvMb = results.files.csv.bytes / 1e6;
  results.targets = {
    'browser CSV ≥ 4× PapaParse': results.ratios.csvVsPapaparse >= 4,
    'browser CSV < 1 s': b.amifCsv.seconds < 1,
    'browser XLSX ≥ 10× SheetJS': results.ratios.xlsxVsSheetjs >= 10,
    'browser CSV peak < 2× file': b.amifCsv.peakMb < 2 * csvMb,
    'first results < 300 ms': results.page.firstResults.ms < 300,
    'gzipped .wasm ≤ 500 KB': results.wasm.release.gzip <= 500 * 1024,
    'native CSV < 1 s': results.native.csv.seconds < 1,
    'native CSV peak < 2× file': results.native.csv.peakMb < 2 * csvMb,
  };

  const m = results.machine;
  const lines = [
    `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB; ${m.chromium}; PapaParse ${m.papaparse}, SheetJS ${m.sheetjs}; best of ${runs}`,
    `CSV ${results.files.csv.name} ${fmt(csvMb, 1)} MB, XLSX ${results.files.xlsx.name} ${fmt(results.files.xlsx.bytes / 1e6, 1)} MB`,
    '',
    '| run | s | MB/s | rows/s | peak memory MB (× file) |',
    '| --- | --- | --- | --- | --- |',
    row('browser: amif-check full validation, CSV (opt-level 3)', b.amifCsv),
    row('browser: amif-check full validation, CSV (opt-level z)', b.amifCsvOz),
    row('browser: PapaParse parse only, CSV', b.papaparse),
    row('browser: amif-check full validation, XLSX', b.amifXlsx),
    row('browser: SheetJS read only, XLSX', b.sheetjs),
    row('native: amif-check report, CSV', results.native.csv),
    row('native: amif-check report, XLSX', results.native.xlsx),
    '',
    `amif-check vs PapaParse (CSV): ${fmt(results.ratios.csvVsPapaparse, 1)}× faster; vs SheetJS (XLSX): ${fmt(results.ratios.xlsxVsSheetjs, 1)}× faster`,
    `opt-level 3 build vs opt-level z build in the browser: ${fmt(results.ratios.optLevel3VsZ, 2)}× faster`,
    `first results for ${args.small.split('/').pop()} on the page: ${fmt(results.page.firstResults.ms, 0)} ms (median of ${results.page.firstResults.all.length})`,
    `.wasm gzipped: ${fmt(results.wasm.release.gzip / 1024, 0)} KB (release, opt-level 3), ${fmt(results.wasm.wasmRelease.gzip / 1024, 0)} KB (wasm-release, opt-level z)`,
    '',
    ...Object.entries(results.targets).map(([target, met]) => `${met ? 'met    ' : 'NOT MET'}  ${target}`),
  ];
  console.log(lines.join('\n'));
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten: ${args.out}`);
}

async function firstResultsOnly() {
  const result = await firstResults(args.small);
  const ms = result.all.map((time) => Math.round(time)).join(' ');
  console.log(`first results for ${args.small.split('/').pop()}: median ${fmt(result.ms, 0)} ms, p90 ${fmt(result.p90, 0)} ms over ${result.all.length} runs (${ms})`);
}

/** One browser run alone, for profiling work: --only amif-csv|amif-xlsx|papaparse|sheetjs. */
async function browserOnly(which) {
  const specs = {
    'amif-csv': { tool: 'amif-check', prefix: '/o3', file: args.csv },
    'amif-xlsx': { tool: 'amif-check', prefix: '/o3', file: args.xlsx },
    papaparse: { tool: 'papaparse', file: args.csv },
    sheetjs: { tool: 'sheetjs', file: args.xlsx },
  };
  const spec = specs[which];
  if (!spec?.file) throw new Error(`--only ${which}: give one of ${Object.keys(specs).join(', ')} and its file`);
  const { server, url } = await startServer();
  try {
    const result = await measure(url, { ...spec, file: spec.file.split('/').pop() });
    const all = result.all.map((s) => s.toFixed(3)).join(' ');
    console.log(`${which}: best ${fmt(result.seconds, 3)} s (${all}), peak ${fmt(result.peakMb, 0)} MB`);
  } finally {
    server.close();
  }
}

if (args.only === 'first-results') await firstResultsOnly();
else if (args.only) await browserOnly(args.only);
else await main();
