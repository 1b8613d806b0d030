// Shared set-up for the end-to-end tests: the page's own server on a free
// port, Debian's chromium through playwright-core (never a downloaded
// browser), and a guard that fails any request leaving 127.0.0.1.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const webRoot = join(repoRoot, 'web');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
];

/** Starts web/server.mjs on a free port; resolves to {url, port, stop}. */
export function startServer({ config } = {}) {
  const args = [join(webRoot, 'server.mjs'), '--port', '0'];
  if (config) args.push('--config', config);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.stdout.on('data', (data) => {
      output += data;
      const match = output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) {
        resolvePromise({
          url: match[0],
          port: Number(match[1]),
          stop: () => new Promise((done) => {
            child.once('exit', done);
            child.kill();
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
}

/**
 * Launches chromium with a fresh profile. Every request of every page and
 * worker is recorded in `requests`; any that is not to 127.0.0.1 is aborted
 * and listed in `foreign`.
 */
export async function launchBrowser({ bypassCSP = false, viewport = { width: 1280, height: 900 }, deviceScaleFactor = 1, locale = 'sv-SE', serviceWorkers = 'block' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'amif-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    bypassCSP,
    viewport,
    deviceScaleFactor,
    locale,
    acceptDownloads: true,
    serviceWorkers,
  });
  const requests = [];
  const foreign = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    requests.push(url.href);
    if (url.protocol === 'blob:' || url.protocol === 'data:' || url.hostname === '127.0.0.1') {
      return route.continue();
    }
    foreign.push(url.href);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) {
      if (!foreign.includes(url.href)) foreign.push(url.href);
    }
  });
  return {
    context,
    requests,
    foreign,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page with dialogs recorded (and dismissed) and page errors collected. */
export async function openPage(browser, url) {
  const page = await browser.context.newPage();
  const dialogs = [];
  const errors = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // A blocked script, style or connection shows up as a console message.
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-app-ready="true"]');
  return { page, dialogs, errors };
}

/** Waits for a finished check and returns the summary numbers shown on the page. */
export async function readSummary(page) {
  await page.waitForSelector('#results:not([hidden]) [data-testid="summary"] dd', { timeout: 120_000 });
  return page.$$eval('[data-testid="summary"] .summary-item', (items) => Object.fromEntries(
    items.map((item) => [item.dataset.key, Number(item.querySelector('dd').dataset.value)]),
  ));
}

/**
 * The page's server and a browser for one test file, and a scratch folder
 * when `scratchPrefix` is given: `before(async () => ({ server, browser,
 * scratch } = await openSuite(…)))`, and `closeSuite` after.
 * @param {string | null} scratchPrefix
 * @param {Parameters<typeof launchBrowser>[0]} [launch]
 */
export async function openSuite(scratchPrefix, launch) {
  const server = await startServer();
  const browser = await launchBrowser(launch);
  const scratch = scratchPrefix ? mkdtempSync(join(tmpdir(), scratchPrefix)) : '';
  return { server, browser, scratch };
}

/**
 * Closes what openSuite opened, and fails when any request of the file's
 * tests left 127.0.0.1 (checked last, over all of them).
 * @param {{server?: any, browser?: any, scratch?: string}} suite
 */
export async function closeSuite({ server, browser, scratch }) {
  await browser?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (browser && browser.foreign.length > 0) {
    throw new Error(`requests left 127.0.0.1: ${browser.foreign.join(', ')}`);
  }
}

/**
 * Runs the CLI with `args`: the debug build `cargo test` made (or AMIF_CLI),
 * else through cargo. Its output is the release build's, and the suite need
 * not compile the crate once more.
 * @returns {import('node:child_process').SpawnSyncReturns<string>}
 */
export function runCli(args) {
  const binary = process.env.AMIF_CLI ?? join(process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target'), 'debug', 'amif-check');
  const [command, commandArgs] = existsSync(binary) ? [binary, args] : ['cargo', ['run', '--quiet', '--', ...args]];
  const result = spawnSync(command, commandArgs, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

/** Runs the CLI's `report` on a file and returns its aggregates JSON. */
export function cliReport(file, referenceDate, extraArgs = []) {
  const result = runCli(['report', file, '--reference-date', referenceDate, ...extraArgs]);
  // Exit 1 means "the register has errors": the report is still printed.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`amif-check report failed (${result.status}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A valid, made-up personnummer (12 digits), different for every n below 19 980 000. */
export function personnummer(n) {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000);
  const year = String(birth.getUTCFullYear());
  const month = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const day = String(birth.getUTCDate()).padStart(2, '0');
  // Serial 000 is never issued (id.format).
  const serial = String(1 + (Math.floor(n / 20_000) % 999)).padStart(3, '0');
  const body = `${year.slice(2)}${month}${day}${serial}`;
  return `${year}${month}${day}${serial}${luhn(body)}`;
}

/** A semicolon CSV register of `rows` participants, all valid, one row each. */
export function generatedRegister(rows) {
  const lines = ['Personnummer;Kön;Startdatum;Medborgarskap;O.2.3 Antal deltagare som får stöd'];
  for (let n = 0; n < rows; n += 1) {
    const start = `2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    lines.push(`${personnummer(n)};${n % 2 === 0 ? 'Kvinna' : 'Man'};${start};Syrien;X`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** axe-core's WCAG 2.1 AA and best-practice violations on the page, one line each. */
export async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const results = await page.evaluate((runOnly) => window.axe.run(document, {
    runOnly: { type: 'tag', values: runOnly },
    resultTypes: ['violations'],
  }), axeTags);
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
