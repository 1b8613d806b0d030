// The Excel task pane in headless Chromium at Excel's task-pane width.
// Outside Excel it loads nothing from outside 127.0.0.1 (office.js is fetched
// only when Excel opens it), says clearly in Swedish, Finnish and English
// that it needs Excel and keeps its buttons off. Inside Excel (office.js
// replaced by a local stub workbook) it checks, writes, marks and clears.
// axe-core finds no WCAG 2.1 A/AA violations in either.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { officeScriptUrl } from '../../web/addin/office-host.js';
import { openPaneInExcel, stubBook } from './addin-helpers.mjs';
import { cliReport, launchBrowser, openPage, readSummary, repoRoot, startServer, violations } from './helpers.mjs';

const referenceDate = '2026-11-22';

const outside = {
  sv: 'Öppna tillägget i Excel',
  fi: 'Avaa apuohjelma Excelissä',
  en: 'Open the add-in in Excel',
};

let server;
let browser;

before(async () => {
  server = await startServer();
  // Only axe is injected past the CSP; the pane itself runs under its own policy first.
  browser = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(browser.foreign, [], 'requests left 127.0.0.1');
});


test('outside Excel the pane says it needs Excel, in every language, and fetches nothing foreign', async () => {
  const { page, errors } = await openPage(browser, `${server.url}addin/taskpane.html`);
  for (const lang of ['sv', 'fi', 'en']) {
    if (lang !== 'sv') {
      await page.click(`.lang-button[data-lang="${lang}"]`);
      await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
    }
    const notice = page.getByTestId('outside-excel');
    assert.equal(await notice.isVisible(), true);
    assert.equal(await notice.getAttribute('role'), 'alert');
    assert.match(await notice.innerText(), new RegExp(outside[lang]));
    assert.equal(await page.getByTestId('check').isDisabled(), true);
    assert.equal(await page.getByTestId('clear-marks').isDisabled(), true);
    assert.deepEqual(await violations(page), [], `axe in ${lang}`);
  }
  // The options (folded away at first) still work: the catalogue came from the wasm core in the worker.
  assert.equal(await page.isVisible('#country'), false);
  await page.click('#options-details summary');
  assert.deepEqual(await violations(page), [], 'axe with the settings open');
  await page.selectOption('#country', 'fi');
  assert.ok(await page.locator('#action option').count() > 1);
  assert.deepEqual(errors, []);
  assert.ok(!browser.requests.some((url) => url.includes('appsforoffice')), 'office.js not requested outside Excel');
  await page.close();
});

test('the pane is served with a policy allowing only office.js beyond its own origin', async () => {
  const response = await fetch(`${server.url}addin/taskpane.html`);
  const policy = response.headers.get('content-security-policy');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' https:\/\/appsforoffice\.microsoft\.com;/);
  assert.match(policy, /connect-src 'self';/);
  assert.doesNotMatch(policy, /frame-ancestors/);
  const page = await (await fetch(server.url)).headers.get('content-security-policy');
  assert.doesNotMatch(page, /appsforoffice/);
});

test('inside Excel (office.js stubbed locally): the messy register is checked, written, marked and cleared', async () => {
  const register = join(repoRoot, 'tests/fixtures/messy_register.xlsx');
  const book = await stubBook(register);
  const { sheets } = book;
  const inExcel = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
  let served;
  try {
    const opened = await openPaneInExcel(inExcel, server.url, book);
    const { page, errors } = opened;
    served = opened.served;
    assert.equal(await page.getByTestId('outside-excel').isVisible(), false);
    assert.equal(await page.inputValue('#register-sheet'), '');
    assert.deepEqual(await page.$$eval('#register-sheet option', (options) => options.map((o) => o.value)), ['', ...sheets.map((s) => s.name)]);
    await page.focus('#options-details summary');
    await page.keyboard.press('Enter');
    await page.fill('#reference-date', referenceDate);
    // Keyboard only: focus the button and press Enter.
    await page.focus('[data-testid="check"]');
    await page.keyboard.press('Enter');
    const summary = await readSummary(page);
    const expected = cliReport(register, referenceDate);
    assert.deepEqual(summary, expected.summary);
    await page.waitForSelector('[data-testid="status"]:not([hidden])');
    assert.match(await page.getByTestId('status').innerText(), /celler med fel markerades/);
    const after = await page.evaluate(() => globalThis.amifStubBook);
    const names = after.sheets.map((s) => s.name);
    assert.ok(names.includes('AMIF-indikatorer') && names.includes('AMIF-kontroll'));
    const marked = Object.keys(after.sheets[0].fills).length;
    assert.ok(marked > 0);
    assert.equal(Object.keys(after.sheets[0].notes).length, marked);
    assert.deepEqual(await violations(page), [], 'axe with results');

    // A problem's cell button selects that cell in the workbook.
    const goTo = page.locator('#diagnostic-list .cell-link').first();
    const address = await goTo.innerText();
    assert.match(await goTo.getAttribute('aria-label'), new RegExp(`Gå till cell ${address}`));
    await goTo.click();
    await page.waitForFunction(() => globalThis.amifStubBook.selection);
    const selection = await page.evaluate(() => globalThis.amifStubBook.selection);
    const column = address.match(/^[A-Z]+/)[0].charCodeAt(0) - 65;
    assert.deepEqual(selection, { sheet: sheets[0].name, row: Number(address.match(/\d+/)[0]) - 1, column });

    await page.getByTestId('clear-marks').click();
    await page.waitForFunction(() => /återställdes/.test(document.querySelector('[data-testid="status"]').textContent));
    const cleared = await page.evaluate(() => globalThis.amifStubBook);
    assert.equal(Object.keys(cleared.sheets[0].fills).length, 0);
    assert.equal(Object.keys(cleared.sheets[0].notes).length, 0);
    assert.deepEqual(cleared.sheets[0].cells, sheets[0].cells, 'no cell value changed');
    assert.deepEqual(errors, []);
  } finally {
    await inExcel.close();
  }
  assert.equal(served(), 1);
  // The stubbed office.js is the only address outside 127.0.0.1, and it was answered here.
  assert.deepEqual(inExcel.foreign.filter((url) => !url.startsWith(officeScriptUrl)), []);
});

test('in an Excel older than ExcelApi 1.7 the pane says so and stays off', async () => {
  const book = await stubBook(join(repoRoot, 'tests/fixtures/register.xlsx'), { excelApiMinor: 6, displayLanguage: 'en-US' });
  const inExcel = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
  try {
    const { page, errors } = await openPaneInExcel(inExcel, server.url, book);
    const notice = page.getByTestId('outside-excel');
    assert.equal(await notice.isVisible(), true);
    assert.match(await notice.innerText(), /too old for the add-in\. It needs Excel API 1\.7/);
    assert.equal(await page.getByTestId('check').isDisabled(), true);
    assert.deepEqual(errors, []);
  } finally {
    await inExcel.close();
  }
  assert.deepEqual(inExcel.foreign.filter((url) => !url.startsWith(officeScriptUrl)), []);
});

test('where ES modules do not run (IE 11 web view), legacy.js says the pane cannot work there', async () => {
  const { page } = await openPage(browser, `${server.url}addin/taskpane.html`);
  // Chromium skips nomodule scripts; run it as IE 11 would.
  await page.addScriptTag({ path: join(repoRoot, 'web/addin/legacy.js') });
  const notice = page.getByTestId('outside-excel');
  assert.match(await notice.innerText(), /Internet Explorer[\s\S]*Internet Explorer/);
  assert.equal(await page.getByTestId('check').isDisabled(), true);
  assert.equal(await page.locator('.lang-button').first().isDisabled(), true);
  await page.close();
});
