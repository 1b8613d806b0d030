// axe-core finds no WCAG 2.1 A/AA violations in Swedish, Finnish and
// English, before and after a check, with the confirmation dialog open, with
// the header picker, out-of-date results and kept column choices, with
// periods side by side, a comparison and the stamp, on the accessibility
// statement, and at 320-, 360- and 375-px-wide windows. axe is injected from the npm package; only these
// runs bypass the CSP, since the page itself allows no foreign script.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  closeSuite, cliReport, launchBrowser, openPage, openSuite, personnummer, readSummary, repoRoot, startServer, violations,
} from './helpers.mjs';


let server;
let browser;

before(async () => ({ server, browser } = await openSuite(null, { bypassCSP: true })));
after(() => closeSuite({ server, browser }));


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

/** The second quarter counted per quarter and compared with the first report (tests/fixtures/README.md). */
async function periodsAndComparison(page) {
  const project = ['--project-period', '2025-01-01..2025-12-31', '--periods', 'quarterly'];
  const previous = JSON.stringify(cliReport(join(repoRoot, 'tests/fixtures/quarter1.csv'), '2025-04-05', project));
  await page.fill('#reference-date', '2025-07-05');
  await page.fill('#project-from', '2025-01-01');
  await page.fill('#project-to', '2025-12-31');
  await page.check('#counting-quarterly');
  await page.setInputFiles('[data-testid="register-input"]', join(repoRoot, 'tests/fixtures/quarter2.csv'));
  await readSummary(page);
  await page.click('#periods-content button');
  await page.setInputFiles('[data-testid="compare-json"]', { name: 'q1.json', mimeType: 'application/json', buffer: Buffer.from(previous) });
  await page.setInputFiles('[data-testid="compare-register"]', join(repoRoot, 'tests/fixtures/quarter1.csv'));
  await page.click('#compare-run');
  await page.waitForFunction(() => document.activeElement?.id === 'compare-result');
  await page.click('#stamp-content summary');
}

for (const lang of ['sv', 'fi', 'en']) {
  test(`axe in ${lang}: periods side by side with their split open, a comparison with reasons, the stamp`, async () => {
    const { page } = await openPage(browser, server.url);
    if (lang !== 'sv') await chooseLanguage(page, lang);
    await periodsAndComparison(page);
    assert.deepEqual(await violations(page), []);
    await chooseLanguage(page, 'sv');
    await page.close();
  });
}

test('at 320 px, also with WCAG 1.4.12 text spacing: periods, comparison and stamp, and the page never scrolls sideways', async () => {
  const { page } = await openPage(browser, server.url);
  await page.setViewportSize({ width: 320, height: 700 });
  await periodsAndComparison(page);
  await page.waitForSelector('#columns-section:not([hidden])');
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(await overflow() <= 0, `${await overflow()} px too wide at 320 px`);
  assert.deepEqual(await violations(page), []);
  // Line height 1.5, paragraphs 2, letters 0.12 and words 0.16 times the font size (injected past the CSP, as axe is).
  await page.addStyleTag({ content: '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }' });
  assert.ok(await overflow() <= 0, `${await overflow()} px too wide with text spacing`);
  await page.close();
});

test('the accessibility statement: axe-clean in sv, fi and en, with the deployer from config.json or words saying it is not given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'amif-statement-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ aggregateEndpoint: null, deployer: { name: 'Språkbron ideell förening', feedback: 'tillganglighet@example.org', country: 'se' } }));
  const configured = await startServer({ config });
  try {
    const expected = {
      sv: [/drivs av Språkbron ideell förening\./, /Tillsyn i Sverige/, /delvis förenlig/, /Myndigheten för digital förvaltning/],
      fi: [/Palvelua ylläpitää Språkbron ideell förening/, /Valvontaviranomainen Ruotsissa/, /täyttää saavutettavuusvaatimukset osittain/],
      en: [/is run by Språkbron ideell förening\./, /Supervision in Sweden/, /partially compliant/],
    };
    for (const lang of ['sv', 'fi', 'en']) {
      const { page, errors } = await openPage(browser, `${configured.url}accessibility.html?lang=${lang}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      const text = await page.textContent('[data-testid="statement"]');
      for (const pattern of expected[lang]) assert.match(text, pattern, lang);
      // The deployer's country: only that supervision is shown.
      assert.doesNotMatch(text, /Traficom/, `${lang}: only the Swedish supervision for a Swedish deployer`);
      assert.equal(await page.getAttribute('[data-testid="feedback"]', 'href'), 'mailto:tillganglighet@example.org');
      assert.match(text, /2026-12-05/, 'when it was assessed');
      assert.deepEqual(await violations(page), [], `axe in ${lang}`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  } finally {
    await configured.stop();
  }

  // Unset: sensible words, and both countries' supervision; linked from the page's footer in the page's language.
  const { page, errors } = await openPage(browser, server.url);
  await chooseLanguage(page, 'fi');
  await page.click('#accessibility-link');
  await page.waitForSelector('body[data-app-ready="true"]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fi');
  const text = await page.textContent('[data-testid="statement"]');
  assert.match(text, /Palvelua ylläpitää organisaatio, joka on asentanut tämän amif-checkin/);
  assert.match(text, /tähän asennukseen ei ole merkitty yhteystietoa/);
  assert.match(text, /Valvontaviranomainen Suomessa[\s\S]*Traficom[\s\S]*saavutettavuusvaatimukset\.fi[\s\S]*Valvontaviranomainen Ruotsissa/);
  assert.equal(await page.locator('[data-testid="feedback"]').count(), 0);
  assert.deepEqual(await violations(page), []);
  await page.setViewportSize({ width: 320, height: 700 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 320 px');
  await page.click('.lang-button[data-lang="sv"]');
  assert.deepEqual(errors, []);
  await page.close();
  // The pane links to it too, in its language.
  const pane = await openPage(browser, `${server.url}addin/taskpane.html`);
  assert.equal(await pane.page.getAttribute('#accessibility-link', 'href'), '../accessibility.html?lang=sv');
  await pane.page.close();
  assert.ok(readFileSync(join(repoRoot, 'web/config.json'), 'utf8').includes('"deployer"'), 'config.json names the keys');
});
