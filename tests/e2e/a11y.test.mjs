// axe-core finds no WCAG 2.1 A/AA violations in Swedish, Finnish and
// English, before and after a check, with the confirmation dialog open, with
// the header picker, out-of-date results and kept column choices, and at
// 360- and 375-px-wide windows. axe is injected from the npm package; only these
// runs bypass the CSP, since the page itself allows no foreign script.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launchBrowser, openPage, personnummer, readSummary, startServer, violations,
} from './helpers.mjs';


let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser({ bypassCSP: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(browser.foreign, [], 'requests left 127.0.0.1');
});


async function chooseLanguage(page, lang) {
  await page.click(`.lang-button[data-lang="${lang}"]`);
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
  await page.waitForSelector('#progress-section[hidden]', { state: 'attached' });
}

for (const lang of ['sv', 'fi', 'en']) {
  test(`axe: no violations in ${lang}, before and after a check`, async () => {
    const { page } = await openPage(browser, server.url);
    if (lang !== 'sv') await chooseLanguage(page, lang);
    assert.deepEqual(await violations(page), [], 'initial state');

    await page.click('#sample-button');
    await readSummary(page);
    // All of the results: the chart and the column panel come a frame after the summary.
    await page.waitForSelector('#chart-container svg');
    await page.waitForSelector('#columns-section:not([hidden])');
    assert.deepEqual(await violations(page), [], 'results state');

    await page.click('#download-individual');
    assert.deepEqual(await violations(page), [], 'confirmation dialog');
    await page.keyboard.press('Escape');

    await page.selectOption('#severity-filter', 'error');
    assert.deepEqual(await violations(page), [], 'filtered problem list');
    // Leave the next test's page in Swedish.
    await chooseLanguage(page, 'sv');
    await page.close();
  });
}

test('axe: no violations in an error state and at 360 px', async () => {
  const { page } = await openPage(browser, server.url);
  await page.setInputFiles('[data-testid="register-input"]', {
    name: 'fel.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not a register'),
  });
  await page.waitForSelector('#error-box:not([hidden])');
  assert.deepEqual(await violations(page), [], 'error state');

  await page.setViewportSize({ width: 360, height: 740 });
  await page.click('#sample-button');
  await readSummary(page);
  assert.deepEqual(await violations(page), [], 'narrow results');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling of the page at 360 px (${overflow} px too wide)`);
  await page.close();
});

test('200 % zoom: the page reflows without sideways scrolling', async () => {
  const zoomed = await launchBrowser({ bypassCSP: true, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
  try {
    const { page } = await openPage(zoomed, server.url);
    await page.click('#sample-button');
    await readSummary(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px too wide`);
    assert.deepEqual(await violations(page), []);
    await page.close();
  } finally {
    await zoomed.close();
    assert.deepEqual(zoomed.foreign, []);
  }
});

test('axe: the header picker, out-of-date results and kept column choices', async () => {
  const { page } = await openPage(browser, server.url);
  await page.evaluate(() => localStorage.clear());
  const file = join(mkdtempSync(join(tmpdir(), 'amif-a11y-')), 'pers-nr.csv');
  writeFileSync(file, ['Pers.nr;Kön;Startdatum;O.2.3;Kurs', `${personnummer(5)};Man;2024-03-01;X;X`].join('\r\n'));
  await page.setInputFiles('[data-testid="register-input"]', file);
  await page.waitForSelector('[data-testid="header-picker"]:not([hidden])');
  assert.deepEqual(await violations(page), [], 'header picker');
  await page.selectOption('#picker-id-column', { label: 'A: Pers.nr' });
  await page.click('#picker-run');
  await readSummary(page);
  await page.waitForSelector('#columns-section:not([hidden])');
  await page.selectOption('#columns-table select[data-header="Kurs"]', 'indicator:O.2.3.1');
  await page.waitForSelector('[data-testid="stale-notice"]:not([hidden])');
  assert.deepEqual(await violations(page), [], 'out-of-date results');
  await page.click('#mapping-rerun');
  await page.waitForFunction(() => document.activeElement?.id === 'summary');
  await page.setInputFiles('[data-testid="register-input"]', file);
  await page.waitForSelector('[data-testid="mapping-kept"]:not([hidden])');
  assert.deepEqual(await violations(page), [], 'kept column choices');
  await page.evaluate(() => localStorage.removeItem('amif-check.mappings'));
  await page.close();
});

for (const lang of ['sv', 'fi', 'en']) {
  test(`axe at 375 px in ${lang}: stacked indicator table, column panel`, async () => {
    const { page } = await openPage(browser, server.url);
    await page.setViewportSize({ width: 375, height: 800 });
    if (lang !== 'sv') await chooseLanguage(page, lang);
    await page.click('#sample-button');
    await readSummary(page);
    await page.waitForSelector('#columns-section:not([hidden])');
    assert.deepEqual(await violations(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px too wide`);
    await chooseLanguage(page, 'sv');
    await page.close();
  });
}
