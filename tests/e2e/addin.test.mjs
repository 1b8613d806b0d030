// The Excel task pane in headless Chromium at Excel's task-pane width.
// Outside Excel it loads nothing from outside 127.0.0.1 (office.js is fetched
// only when Excel opens it), says clearly in Swedish, Finnish and English
// that it needs Excel and keeps its buttons off. Inside Excel (office.js
// replaced by a local stub workbook) it checks, writes, marks and clears.
// It inserts the register template's sheets, writes the periods side by
// side and compares with the last report. axe-core finds no WCAG 2.1 A/AA
// violations in either.

import assert from 'node:assert/strict';
import {
  mkdtempSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { officeScriptUrl } from '../../web/addin/office-host.js';
import { gridBook, openPaneInExcel, stubBook } from './addin-helpers.mjs';
import {
  closeSuite, cliReport, launchBrowser, openPage, openSuite, personnummer, readSummary, repoRoot, runCli, violations,
} from './helpers.mjs';

const referenceDate = '2026-11-22';

const outside = {
  sv: 'Öppna tillägget i Excel',
  fi: 'Avaa apuohjelma Excelissä',
  en: 'Open the add-in in Excel',
};

let server;
let browser;

// Only axe is injected past the CSP; the pane itself runs under its own policy first.
before(async () => ({ server, browser } = await openSuite(null, { bypassCSP: true, viewport: { width: 350, height: 900 } })));
after(() => closeSuite({ server, browser }));


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
    assert.match(await page.getByTestId('status').innerText(), /\d+ celler med fel \(röda\) och \d+ med varningar \(gula\) markerades/);
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

/** A participant sheet with an unknown column `Språkkurs`: O.2.3 is 2 without a choice, 3 with it as O.2.3.1. */
function courseBook(extra) {
  return gridBook({
    Deltagare: [
      ['Personnummer', 'Kön', 'Startdatum', 'Medborgarskap', 'O.2.3', 'Språkkurs'],
      [personnummer(21), 'Kvinna', '2024-03-01', 'Syrien', 'X', 'X'],
      [personnummer(22), 'Man', '2024-03-02', 'Syrien', 'X', ''],
      [personnummer(23), 'Kvinna', '2024-03-03', 'Syrien', '', 'X'],
    ],
  }, extra);
}

/** Sets the reference date (the settings are folded away) and presses Kontrollera. */
async function checkInPane(page) {
  if (!(await page.isVisible('#reference-date'))) await page.click('#options-details summary');
  await page.fill('#reference-date', referenceDate);
  await page.getByTestId('check').click();
  return readSummary(page);
}

async function indicatorTotal(page, code) {
  return page.$$eval('#indicator-table tbody tr', (rows, wanted) => {
    const row = rows.find((r) => r.querySelector('th').textContent.trim() === wanted);
    return row ? Number(row.querySelector('td.total').textContent.replace(/\s/g, '')) : null;
  }, code);
}

test('inside Excel: column choices are kept in the workbook\'s settings, only header texts and field keys', async () => {
  const inExcel = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
  try {
    const { page, errors } = await openPaneInExcel(inExcel, server.url, courseBook());
    await checkInPane(page);
    assert.equal(await indicatorTotal(page, 'O.2.3'), 2);
    await page.selectOption('#columns-table select[data-header="Språkkurs"]', 'indicator:O.2.3.1');
    await page.click('#mapping-rerun');
    await page.waitForFunction(() => /återställdes|markerades/.test(document.querySelector('[data-testid="status"]').textContent)
      && [...document.querySelectorAll('#indicator-table tbody th')].some((th) => th.textContent.trim() === 'O.2.3.1'));
    assert.equal(await indicatorTotal(page, 'O.2.3'), 3);
    const settings = await page.evaluate(() => globalThis.amifStubBook.settings);
    const kept = JSON.parse(settings['amif-check.mappings']);
    assert.deepEqual(kept, [{ headers: ['Personnummer', 'Kön', 'Startdatum', 'Medborgarskap', 'O.2.3', 'Språkkurs'], mapping: { Språkkurs: 'indicator:O.2.3.1' } }]);
    assert.deepEqual(Object.keys(await page.evaluate(() => ({ ...localStorage }))).filter((key) => key !== 'amif-check.lang'), []);
    assert.deepEqual(errors, []);
    await page.close();

    // The workbook opened again (its settings travel with it): the choice is kept.
    const again = await openPaneInExcel(inExcel, server.url, courseBook({ settings }));
    await checkInPane(again.page);
    assert.equal(await indicatorTotal(again.page, 'O.2.3'), 3);
    assert.equal(await again.page.inputValue('#columns-table select[data-header="Språkkurs"]'), 'indicator:O.2.3.1');
    assert.equal(await again.page.isVisible('[data-testid="mapping-kept"]'), true);
    assert.deepEqual(await violations(again.page), [], 'axe with kept choices');
    assert.deepEqual(again.errors, []);
  } finally {
    await inExcel.close();
  }
});

test('inside Excel: without a recognisable header the pane shows the first rows to choose the header row from', async () => {
  const rows = [['Deltagare 2024', '', '', ''], ['Pers.nr', 'Kön', 'Startdatum', 'O.2.3'],
    ...Array.from({ length: 24 }, (_, n) => [personnummer(300 + n), n % 2 ? 'Man' : 'Kvinna', '2024-04-01', 'X'])];
  const inExcel = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
  try {
    const { page, errors } = await openPaneInExcel(inExcel, server.url, gridBook({ Blad1: rows }));
    if (!(await page.isVisible('#reference-date'))) await page.click('#options-details summary');
    await page.fill('#reference-date', referenceDate);
    await page.getByTestId('check').click();
    await page.waitForSelector('[data-testid="header-picker"]:not([hidden])');
    assert.equal(await page.isVisible('#error-box'), true);
    assert.equal(await page.locator('#preview-table tbody tr').count(), 20);
    assert.equal(await page.inputValue('#picker-header-row'), '2');
    assert.deepEqual(await violations(page), [], 'axe with the header picker');
    await page.selectOption('#picker-id-column', { label: 'A: Pers.nr' });
    await page.click('#picker-run');
    const summary = await readSummary(page);
    assert.equal(summary.rows_counted, 24);
    assert.equal(await page.isVisible('[data-testid="header-picker"]'), false);
    assert.deepEqual(errors, []);
  } finally {
    await inExcel.close();
  }
});

test('inside Excel: "check again when I change the sheet" checks once after a pause, keeps the focus, and stops when switched off', async () => {
  const inExcel = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
  try {
    const { page, errors } = await openPaneInExcel(inExcel, server.url, courseBook());
    const before = await checkInPane(page);
    assert.equal(before.errors, 0);
    await page.getByTestId('auto-check').check();
    await page.waitForFunction(() => globalThis.amifStubBook.settings['amif-check.autoCheck'] === 'on');
    await page.waitForFunction(() => (globalThis.amifStubBook.listeners?.Deltagare ?? []).length === 1);
    const writes = () => page.evaluate(() => globalThis.amifStubBook.added['AMIF-kontroll']);
    assert.equal(await writes(), 1);
    await page.focus('#auto-check');
    // Three edits in a row, as a user types one cell after another: one check, after the last.
    for (const value of ['', 'x', '']) await page.evaluate((v) => globalThis.amifStubEdit('Deltagare', 1, 1, v), value);
    await page.waitForTimeout(500);
    assert.equal(await writes(), 1, 'not while the user is still editing');
    await page.waitForFunction(() => globalThis.amifStubBook.added['AMIF-kontroll'] === 2, null, { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('[data-key="errors"] dd')?.dataset.value === '1');
    await page.waitForTimeout(2500);
    assert.equal(await writes(), 2, 'one check for the three edits');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'auto-check', 'the focus stays where the user is');
    assert.match(await page.getByTestId('status').innerText(), /Kontrollerat igen efter din ändring/);

    await page.getByTestId('auto-check').uncheck();
    await page.waitForFunction(() => !('amif-check.autoCheck' in globalThis.amifStubBook.settings));
    await page.evaluate(() => globalThis.amifStubEdit('Deltagare', 1, 1, 'Kvinna'));
    await page.waitForTimeout(2500);
    assert.equal(await writes(), 2, 'switched off: no check');
    assert.deepEqual(errors, []);
  } finally {
    await inExcel.close();
  }
});

/** A participant sheet of text cells from a register CSV of the fixtures (cp1252). */
function csvSheet(name) {
  return new TextDecoder('windows-1252').decode(readFileSync(join(repoRoot, 'tests/fixtures', name)))
    .split(/\r?\n/).filter(Boolean).map((line) => line.split(';'));
}

test('inside Excel: Infoga registerblad inserts the CLI\'s template at the end, and never over a sheet of the same name', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'amif-addin-template-'));
  const inExcel = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
  try {
    const { page, errors } = await openPaneInExcel(inExcel, server.url, gridBook({ Budget: [['Kostnad', '100']] }));
    await page.getByTestId('insert-template').click();
    await page.waitForSelector('[data-testid="status"]:not([hidden])');
    assert.match(await page.getByTestId('status').innerText(), /Bladen Deltagare, Utvärderingar, Instruktioner lades till sist/);
    const book = await page.evaluate(() => globalThis.amifStubBook);
    assert.deepEqual(book.sheets.map((sheet) => sheet.name), ['Budget', 'Deltagare', 'Utvärderingar', 'Instruktioner']);
    const out = join(scratch, 'mall.xlsx');
    const made = runCli(['template', '--country', 'se', '--lang', 'sv', out]);
    assert.equal(made.status, 0);
    assert.deepEqual(Buffer.from(book.insertedFiles[0].base64, 'base64'), readFileSync(out), 'the bytes of amif-check template');
    assert.deepEqual(book.sheets[0].cells, gridBook({ Budget: [['Kostnad', '100']] }).sheets[0].cells, 'no cell changed');
    // The new sheets are offered as the register's sheet.
    assert.ok((await page.$$eval('#register-sheet option', (options) => options.map((o) => o.value))).includes('Deltagare'));

    // Again: the names are taken, nothing is inserted, and the pane says which.
    await page.getByTestId('insert-template').click();
    await page.waitForSelector('#error-box:not([hidden])');
    assert.match(await page.textContent('#error-box'), /redan blad som heter Deltagare, Utvärderingar, Instruktioner.*Inget infogades/s);
    assert.equal((await page.evaluate(() => globalThis.amifStubBook.insertedFiles)).length, 1);
    assert.deepEqual(await violations(page), [], 'axe with the message');
    assert.deepEqual(errors, []);
    await page.close();

    // An Excel without ExcelApi 1.13 is told to use the page.
    const old = await openPaneInExcel(inExcel, server.url, gridBook({ Budget: [['Kostnad']] }, { excelApiMinor: 12 }));
    await old.page.getByTestId('insert-template').click();
    await old.page.waitForSelector('#error-box:not([hidden])');
    assert.match(await old.page.textContent('#error-box'), /Excel-API 1\.13.*webbsidan/s);
    assert.equal(await old.page.evaluate(() => globalThis.amifStubBook.insertedFiles), undefined);
  } finally {
    await inExcel.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('inside Excel: counted per quarter and compared with the last report as the CLI compares, the add-in\'s sheets from a previous check still in the workbook', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'amif-addin-compare-'));
  const inExcel = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
  try {
    const project = ['--project-period', '2025-01-01..2025-12-31', '--periods', 'quarterly'];
    const q1 = join(repoRoot, 'tests/fixtures/quarter1.csv');
    const q2 = join(repoRoot, 'tests/fixtures/quarter2.csv');
    const json = join(scratch, 'q1.json');
    writeFileSync(json, JSON.stringify(cliReport(q1, '2025-04-05', project)));
    const { page, errors } = await openPaneInExcel(inExcel, server.url, gridBook({ Deltagare: csvSheet('quarter2.csv') }));

    await page.click('#options-details summary');
    await page.fill('#reference-date', '2025-07-05');
    await page.fill('#project-from', '2025-01-01');
    await page.fill('#project-to', '2025-12-31');
    await page.check('#counting-quarterly');
    await page.getByTestId('check').click();
    await readSummary(page);
    // AMIF-perioder: the quarters side by side.
    const periods = await page.evaluate(() => globalThis.amifStubBook.sheets.find((s) => s.name === 'AMIF-perioder'));
    assert.ok(periods, 'the periods sheet is written');
    assert.deepEqual([3, 4, 5, 6, 7].map((c) => periods.cells[`1,${c}`].value), [7, 1, 0, 0, 8]);
    assert.equal(await page.isVisible('[data-testid="periods"]'), true);
    // The user keeps this check's figures in a copy of its sheet, as Excel names a copy.
    await page.evaluate(() => {
      const book = globalThis.amifStubBook;
      const figures = book.sheets.find((s) => s.name === 'AMIF-indikatorer');
      book.sheets.push({ ...structuredClone(figures), name: 'AMIF-indikatorer (2)' });
    });

    await page.setInputFiles('[data-testid="compare-json"]', json);
    await page.setInputFiles('[data-testid="compare-register"]', q1);
    await page.click('#compare-run');
    await page.waitForFunction(() => document.activeElement?.id === 'compare-result');
    const expected = cliReport(q2, '2025-07-05', [...project, '--previous', json, '--previous-register', q1]).comparison;
    assert.equal(expected.reasons_known, true);
    // The pane shows every figure and reason of `amif-check report --previous … --previous-register …`.
    const shown = await page.$$eval('#compare-result tbody tr', (rows) => rows.map((row) => {
      const number = (cell) => Number(cell.textContent.replace(/[\s\u00a0]/g, ''));
      const cells = row.querySelectorAll('td');
      return {
        period: row.dataset.period,
        code: row.dataset.code,
        then: number(cells[0]),
        now: number(cells[1]),
        difference: Number(cells[2].dataset.value),
        reasons: Object.fromEntries([...row.querySelectorAll('[data-reason]')].map((item) => [item.dataset.reason, Number(item.dataset.count)])),
      };
    }));
    const given = (reasons) => Object.fromEntries(Object.entries(reasons).filter(([, count]) => count > 0));
    const byCli = expected.periods.flatMap((period) => period.indicators.map((change) => ({
      period: period.from, code: change.code, then: change.then, now: change.now, difference: change.difference, reasons: given(change.reasons),
    })));
    assert.deepEqual(shown.toSorted((a, b) => `${a.period} ${a.code}`.localeCompare(`${b.period} ${b.code}`)), byCli);
    const q1Row = page.locator('#compare-result tr[data-period="2025-01-01"][data-code="O.2.3"]');
    assert.equal(await q1Row.locator('td.difference').textContent(), '+2');
    assert.match(await q1Row.textContent(), /2 räknas nu.*1 räknas inte längre.*1 räknades förut i en senare period.*1 i en annan åldersgrupp/s);

    // Below the figures on AMIF-indikatorer: the CLI's comparison, row for row; every sheet written again, no value of the register changed.
    const book = await page.evaluate(() => globalThis.amifStubBook);
    const indicators = book.sheets.find((s) => s.name === 'AMIF-indikatorer');
    const cellAt = (r, c) => indicators.cells[`${r},${c}`]?.value ?? '';
    let title = 0;
    while (cellAt(title, 0) !== 'Jämförelse med rapporten från') title += 1;
    assert.equal(cellAt(title, 1), expected.previous_reference_date);
    const block = [];
    for (let r = title + 2; cellAt(r, 0) !== ''; r += 1) block.push(Array.from({ length: 12 }, (_, c) => cellAt(r, c)));
    assert.deepEqual(block, expected.periods.flatMap((period) => period.indicators.map((change) => [
      `${period.from}..${period.to}`, change.code, change.then, change.now, change.difference,
      ...['now_counted', 'no_longer_counted', 'from_later_period', 'to_earlier_period', 'from_earlier_period', 'to_later_period', 'age_category_changed']
        .map((reason) => change.reasons[reason]),
    ])));
    assert.deepEqual(book.sheets.map((s) => s.name).sort(), ['AMIF-indikatorer', 'AMIF-indikatorer (2)', 'AMIF-kontroll', 'AMIF-perioder', 'Deltagare']);
    assert.deepEqual(book.sheets.find((s) => s.name === 'Deltagare').cells, gridBook({ Deltagare: csvSheet('quarter2.csv') }).sheets[0].cells);
    assert.deepEqual(await violations(page), [], 'axe with periods and the comparison');
    // Nothing of the earlier files is kept in the workbook or the pane's storage.
    assert.doesNotMatch(JSON.stringify(book.settings), /2025-04-05|quarter1/);
    assert.deepEqual(Object.keys(await page.evaluate(() => ({ ...localStorage }))).filter((key) => key !== 'amif-check.lang'), []);

    // Forgetting the earlier report takes the comparison off AMIF-indikatorer; the figures stay.
    await page.click('#compare-forget');
    await page.waitForFunction(() => !document.querySelector('[data-testid="check"]').disabled);
    const after = await page.evaluate(() => globalThis.amifStubBook.sheets.find((s) => s.name === 'AMIF-indikatorer'));
    const values = Object.values(after.cells).map((cell) => cell.value);
    assert.ok(!values.includes('Jämförelse med rapporten från'), 'the comparison is gone');
    assert.ok(values.includes('O.2.3'), 'the figures stay');
    assert.equal(await page.isVisible('#compare-result'), false);
    assert.deepEqual(errors, []);
  } finally {
    await inExcel.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});
