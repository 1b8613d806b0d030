// What a beneficiary does at each progress report, on the page: the register
// of the first quarter counted per quarter, its aggregates downloaded; the
// second quarter's register compared with them (and with the first
// register, for the reasons), every difference and reason as worked out
// by hand in tests/fixtures/README.md and tests/cli_register.rs
// (what_changed_since_the_last_report); without the earlier register
// (reasons unknown, asked for), with a damaged JSON (the problem shown, the
// figures stand). Also the register template (the CLI's bytes) and the
// one-page printed summary. No request may leave 127.0.0.1.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  closeSuite, cliReport, openPage, openSuite, readSummary, repoRoot, runCli,
} from './helpers.mjs';

const fixture = (name) => join(repoRoot, 'tests/fixtures', name);
const project = ['--project-period', '2025-01-01..2025-12-31', '--periods', 'quarterly'];

let server;
let browser;
let scratch;

before(async () => ({ server, browser, scratch } = await openSuite('amif-reports-')));
after(() => closeSuite({ server, browser, scratch }));

/** Reference date, project period 2025 and quarterly periods, as at each progress report. */
async function setReportOptions(page, referenceDate) {
  await page.fill('#reference-date', referenceDate);
  await page.fill('#project-from', '2025-01-01');
  await page.fill('#project-to', '2025-12-31');
  await page.check('#counting-quarterly');
}

async function checkRegister(page, name, referenceDate) {
  await setReportOptions(page, referenceDate);
  await page.setInputFiles('[data-testid="register-input"]', fixture(name));
  await page.waitForFunction((date) => document.getElementById('result-context')?.textContent.includes(date), referenceDate);
  return readSummary(page);
}

async function downloadJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-aggregates-json"]')]);
  return readFileSync(await download.path());
}

/** What the comparison shows: {"FROM O.2.3": {then, now, difference, reasons: {reason: count}, words}}. */
async function shownComparison(page) {
  return page.$$eval('#compare-result tbody tr', (rows) => Object.fromEntries(rows.map((row) => {
    const cells = row.querySelectorAll('td');
    const number = (cell) => Number(cell.textContent.replace(/[\s\u00a0]/g, ''));
    return [`${row.dataset.period} ${row.dataset.code}`, {
      then: number(cells[0]),
      now: number(cells[1]),
      difference: Number(cells[2].dataset.value),
      shownDifference: cells[2].textContent,
      reasons: Object.fromEntries([...row.querySelectorAll('[data-reason]')].map((item) => [item.dataset.reason, Number(item.dataset.count)])),
      words: cells[3].textContent,
    }];
  })));
}

/** The first quarter's report as the page downloads it: the CLI's, exactly. */
async function firstReport(page) {
  await checkRegister(page, 'quarter1.csv', '2025-04-05');
  const json = await downloadJson(page);
  assert.deepEqual(JSON.parse(json), cliReport(fixture('quarter1.csv'), '2025-04-05', project));
  return json;
}

async function compareWith(page, json, register) {
  await page.setInputFiles('[data-testid="compare-json"]', { name: 'aggregat-2025-04-05.json', mimeType: 'application/json', buffer: json });
  if (register) await page.setInputFiles('[data-testid="compare-register"]', fixture(register));
  await page.click('#compare-run');
  await page.waitForFunction(() => document.activeElement?.id === 'compare-result');
}

describe('period after period', () => {
  test('the second quarter compared with the first report and register: every difference and reason as worked out by hand', async () => {
    const { page, errors } = await openPage(browser, server.url);
    const json = await firstReport(page);
    await checkRegister(page, 'quarter2.csv', '2025-07-05');

    // Per rapportperiod: each quarter side by side, as the CLI counts it.
    const cliNow = cliReport(fixture('quarter2.csv'), '2025-07-05', project);
    const table = await page.$$eval('#periods-content table', (tables) => tables.map((t) => [...t.querySelectorAll('tbody tr')].map((row) => [...row.cells].map((cell) => cell.textContent.trim()))));
    assert.deepEqual(table[0][0], ['Alla', ...cliNow.periods.map((p) => String(p.indicators[0].total)), String(cliNow.indicators[0].total)]);
    assert.deepEqual(table[0][0], ['Alla', '7', '1', '0', '0', '8']);

    await compareWith(page, json, 'quarter1.csv');
    const shown = await shownComparison(page);
    // Q1, O.2.3: 5 then (A, B, C, E, G; D's gender was wrong); now 7: D fixed and F registered late
    // count (2 now counted), E's start date now does not exist (1 no longer counted), H's new
    // earlier row brings H from Q2 (1 from a later period), G's birth date was corrected (age group).
    assert.deepEqual(shown['2025-01-01 O.2.3'].reasons, {
      now_counted: 2, no_longer_counted: 1, from_later_period: 1, age_category_changed: 1,
    });
    assert.deepEqual([shown['2025-01-01 O.2.3'].then, shown['2025-01-01 O.2.3'].now, shown['2025-01-01 O.2.3'].difference], [5, 7, 2]);
    assert.equal(shown['2025-01-01 O.2.3'].shownDifference, '+2');
    assert.match(shown['2025-01-01 O.2.3'].words, /2 räknas nu men inte förut.*1 räknas inte längre.*1 räknades förut i en senare period.*1 i en annan åldersgrupp/s);
    // Q2, O.2.3: H left for Q1, I is new: 1 then, 1 now.
    assert.deepEqual(shown['2025-04-01 O.2.3'], {
      ...shown['2025-04-01 O.2.3'], then: 1, now: 1, difference: 0, reasons: { now_counted: 1, to_earlier_period: 1 },
    });
    // Nothing else moved: O.2.3.1 (B's course) and the later quarters are unchanged.
    for (const [key, change] of Object.entries(shown)) {
      if (key === '2025-01-01 O.2.3' || key === '2025-04-01 O.2.3') continue;
      assert.deepEqual(change.reasons, {}, key);
      assert.equal(change.difference, 0, key);
      assert.match(change.words, /Inga ändringar/, key);
    }
    assert.equal(Object.keys(shown).length, 8, 'four quarters, two indicators');
    assert.equal(await page.isVisible('#compare-result .compare-unknown'), false);

    // The aggregates JSON now carries the comparison as `report --previous … --previous-register` does.
    const old = join(scratch, 'q1.json');
    writeFileSync(old, json);
    const expected = cliReport(fixture('quarter2.csv'), '2025-07-05', [...project, '--previous', old, '--previous-register', fixture('quarter1.csv')]);
    assert.deepEqual(JSON.parse(await downloadJson(page)), expected);
    // The aggregates CSV too: the comparison's block below the figures.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-aggregates-csv"]')]);
    // (+2 is a plain signed number, written as it is: only formula-like text is neutralised.)
    assert.match(readFileSync(await csv.path(), 'utf8'), /2025-01-01\.\.2025-03-31;O\.2\.3;5;7;\+2;2;1;1;0;0;0;1/);

    // A language switch checks and compares again, in that language.
    await page.click('.lang-button[data-lang="en"]');
    await page.waitForFunction(() => /2 count now but did not before/.test(document.getElementById('compare-result').textContent));
    await page.click('.lang-button[data-lang="sv"]');
    await page.waitForFunction(() => /2 räknas nu/.test(document.getElementById('compare-result').textContent));

    // Forgotten: no comparison shown or downloaded.
    await page.click('#compare-forget');
    assert.equal(await page.locator('#compare-result table').count(), 0);
    assert.equal(JSON.parse(await downloadJson(page)).comparison, undefined);
    // Nothing of either report is stored.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.doesNotMatch(stored, /2025-0|quarter|aggregat/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('without the earlier register: the differences, the reasons said to be unknown and asked for', async () => {
    const { page, errors } = await openPage(browser, server.url);
    const json = await firstReport(page);
    await checkRegister(page, 'quarter2.csv', '2025-07-05');
    await compareWith(page, json, null);
    const shown = await shownComparison(page);
    assert.deepEqual([shown['2025-01-01 O.2.3'].then, shown['2025-01-01 O.2.3'].now, shown['2025-01-01 O.2.3'].difference], [5, 7, 2]);
    for (const change of Object.values(shown)) {
      assert.deepEqual(change.reasons, {});
      assert.match(change.words, /Okänt utan förra registret/);
    }
    assert.match(await page.textContent('#compare-result .compare-unknown'), /förra rapportens register inte valdes.*Välj registret/s);

    // An earlier register that is not the stamped one: the differences, no reasons, and the right one asked for.
    await compareWith(page, json, 'quarter2.csv');
    assert.match(await page.textContent('#compare-result [role="alert"]'), /inte filen som den förra rapporten räknades från.*Välj filen/s);
    assert.equal((await shownComparison(page))['2025-01-01 O.2.3'].difference, 2);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a damaged earlier file: its problem is shown and this run\'s figures stand', async () => {
    const { page, errors } = await openPage(browser, server.url);
    const summary = await checkRegister(page, 'quarter2.csv', '2025-07-05');
    await compareWith(page, Buffer.from('{"schema_version": 1, "tool": {"na'), null);
    assert.match(await page.textContent('#compare-result [role="alert"]'), /kan inte läsas.*siffrorna ovan gäller registret nu/s);
    assert.equal(await page.locator('#compare-result table').count(), 0);
    assert.deepEqual(await readSummary(page), summary, 'the figures stand');
    assert.equal(await page.isVisible('#indicator-table'), true);
    assert.equal(await page.isVisible('#error-box'), false);
    // The JSON still goes without: compareWith chose no file, so the form asks for one.
    await page.setInputFiles('[data-testid="compare-json"]', []);
    await page.click('#compare-run');
    assert.match(await page.textContent('#compare-error'), /Välj förra rapportens aggregatfil/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('a register that starts right, and figures you can prove', () => {
  test('the register template downloads the CLI\'s bytes for the chosen country, action and language', async () => {
    const { page } = await openPage(browser, server.url);
    const template = async (args) => {
      const out = join(scratch, `mall-${args.join('-')}.xlsx`);
      const run = runCli(['template', ...args, out]);
      assert.equal(run.status, 0, run.stderr);
      return readFileSync(out);
    };
    const [swedish] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-template"]')]);
    assert.equal(swedish.suggestedFilename(), 'registermall-se.xlsx');
    assert.deepEqual(readFileSync(await swedish.path()), await template(['--country', 'se', '--lang', 'sv']));

    await page.click('.lang-button[data-lang="fi"]');
    await page.waitForFunction(() => document.documentElement.lang === 'fi');
    await page.selectOption('#country', 'fi');
    await page.selectOption('#action', '2D5');
    const [finnish] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-template"]')]);
    assert.equal(finnish.suggestedFilename(), 'rekisteripohja-fi-2D5.xlsx');
    assert.deepEqual(readFileSync(await finnish.path()), await template(['--country', 'fi', '--action', '2D5', '--lang', 'fi']));
    await page.click('.lang-button[data-lang="sv"]');
    await page.close();
  });

  test('the printed summary is one page: the figures, the stamp, errors and warnings, the date, nothing personal', async () => {
    const { page, errors } = await openPage(browser, server.url);
    // Before any check there is no summary: the page prints as it is, never blank.
    const before = join(scratch, 'sidan.pdf');
    writeFileSync(before, await page.pdf({ format: 'A4' }));
    assert.match(spawnSync('pdftotext', [before, '-'], { encoding: 'utf8' }).stdout, /Kontrollera deltagarförteckningen/);
    const summary = await checkRegister(page, 'quarter2.csv', '2025-07-05');
    const expected = cliReport(fixture('quarter2.csv'), '2025-07-05', project);
    // The stamp with the results: the hash shortened, the full value a click away.
    assert.match(await page.textContent('#stamp-content summary'), new RegExp(`${expected.stamp.register.sha256.slice(0, 12)}…`));
    await page.click('#stamp-content summary');
    assert.equal(await page.textContent('#stamp-content .hash-full'), expected.stamp.register.sha256);

    const pdf = join(scratch, 'sammanfattning.pdf');
    writeFileSync(pdf, await page.pdf({ format: 'A4' }));
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    assert.match(info.stdout, /^Pages:\s+1$/m, 'one page');
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\u00a0/g, ' ');
    assert.match(text, /Sammanfattning av kontrollen/);
    assert.match(text, /Utskriven \d{4}-\d{2}-\d{2}\. Rapportdatum 2025-07-05/);
    assert.match(text, new RegExp(`Fel:\\s+${summary.errors}\\s+Varningar:\\s+${summary.warnings}`));
    assert.match(text, new RegExp(expected.stamp.register.sha256));
    assert.match(text, /amif-check 0\.1\.0/);
    assert.match(text, new RegExp(expected.stamp.catalogue_version));
    assert.match(text, /Projektperiod\s+2025-01-01 – 2025-12-31/);
    assert.match(text, /O\.2\.3\s+Antalet deltagare som får stöd\s+8\s+1\s+1\s+0\s+4\s+2\s+0\s+0\s+0\s+0/);
    assert.match(text, /O\.2\.3\s+7\s+1\s+0\s+0\s+8/, 'each quarter\'s total');
    // Nothing personal: no identifier, birth date or the problem list.
    const register = new TextDecoder('windows-1252').decode(readFileSync(fixture('quarter2.csv')));
    for (const id of register.match(/\d{8}-\d{4}|\d{2}-\d{6}/g)) assert.ok(!text.includes(id), 'an identifier is printed');
    assert.doesNotMatch(text, /2007-12-01|2025-02-31|Problem i registret/);
    // A register reporting every participant indicator, by quarter: still one page.
    const codes = ['O.1.1', 'O.1.1.1', 'O.1.1.2', 'O.1.1.3', 'O.1.2', 'R.1.5', 'R.1.6', 'R.1.7', 'R.1.7.1', 'O.2.1', 'O.2.3', 'O.2.3.1',
      'O.2.3.2', 'O.2.3.3', 'O.2.5', 'O.2.6', 'R.2.8', 'R.2.9', 'R.2.10', 'R.2.11', 'O.3.1', 'O.3.3', 'R.3.6', 'R.3.7', 'R.3.8', 'O.4.1', 'O.4.2', 'R.4.3'];
    const every = join(scratch, 'alla-indikatorer.csv');
    writeFileSync(every, ['Personnummer;Kön;Startdatum;Medborgarskap;Indikatorer',
      ...Array.from({ length: 12 }, (_, n) => `19900101-0017;Man;2025-0${1 + (n % 9)}-01;Syrien;${codes.join(',')}`)].join('\r\n'));
    await page.setInputFiles('[data-testid="register-input"]', every);
    await page.waitForFunction(() => document.querySelectorAll('#indicator-table tbody tr').length >= 28);
    writeFileSync(pdf, await page.pdf({ format: 'A4' }));
    assert.match(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout, /^Pages:\s+1$/m, 'every indicator by quarter on one page');

    // The print media shows the summary alone.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('#print-summary'), true);
    assert.equal(await page.isVisible('#main'), false);
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.isVisible('#print-summary'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('at 375 px and with the keyboard only: the periods\' split opens, the comparison runs, nothing scrolls sideways', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.setViewportSize({ width: 375, height: 800 });
    const json = await firstReport(page);
    await checkRegister(page, 'quarter2.csv', '2025-07-05');
    const toggle = page.locator('#periods-content button').first();
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('#periods-content tbody:not([hidden]) tr').count() >= 10, true, 'the nine age and gender rows are open');
    await page.setInputFiles('[data-testid="compare-json"]', { name: 'q1.json', mimeType: 'application/json', buffer: json });
    await page.focus('#compare-run');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'compare-result');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px too wide`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
