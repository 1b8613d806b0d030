// The page keeps the user's decisions and says plainly what to report:
// column choices kept for the next check of the same headers, a header row
// chosen by hand when none was found, an empty register never green, what
// each figure and download is for, everything in the user's language,
// results marked out of date when an option changes, narrow screens and
// keyboards. No request may leave 127.0.0.1; localStorage holds only the
// language and header → field choices.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  closeSuite, cliReport, openPage, openSuite, personnummer, readSummary, repoRoot,
} from './helpers.mjs';

const referenceDate = '2025-06-30';
const fixturesDir = join(repoRoot, 'tests/fixtures');

let server;
let browser;
let scratch;

before(async () => ({ server, browser, scratch } = await openSuite('amif-decisions-')));
after(() => closeSuite({ server, browser, scratch }));

/** A fresh page (and fresh storage) with the test's reference date. */
async function freshPage({ viewport } = {}) {
  const opened = await openPage(browser, server.url);
  await opened.page.evaluate(() => localStorage.clear());
  if (viewport) await opened.page.setViewportSize(viewport);
  await opened.page.fill('#reference-date', referenceDate);
  return opened;
}

/** @param {string} name @param {string[]} lines */
function csvFile(name, lines) {
  const file = join(scratch, name);
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

/** The cells of semicolon CSV lines, quotes honoured. */
function csvRows(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') { rows.at(-1).push(cell); cell = ''; } else if (ch === '\n') { rows.at(-1).push(cell.replace(/\r$/, '')); cell = ''; rows.push([]); } else cell += ch;
  }
  if (cell !== '') rows.at(-1).push(cell);
  return rows.filter((row) => row.length > 0);
}

async function totals(page) {
  return page.$$eval('#indicator-table tbody tr', (rows) => Object.fromEntries(rows.map((row) => [
    row.querySelector('th').textContent.trim(),
    Number(row.querySelector('td.total').textContent.replace(/\s/g, '')),
  ])));
}

/** Waits until the indicator `code` shows `total`. */
async function waitForTotal(page, code, total) {
  await page.waitForFunction(([wanted, count]) => [...document.querySelectorAll('#indicator-table tbody tr')]
    .some((row) => row.querySelector('th')?.textContent.trim() === wanted
      && Number(row.querySelector('td.total')?.textContent.replace(/\s/g, '')) === count), [code, total]);
}

/** localStorage as {key: value}, and a check that it holds only the language and column choices. */
async function storedOnlyPreferences(page, register) {
  const stored = await page.evaluate(() => ({ ...localStorage }));
  for (const key of Object.keys(stored)) assert.ok(['amif-check.lang', 'amif-check.mappings'].includes(key), `unexpected key ${key}`);
  if (stored['amif-check.mappings']) {
    const headerRow = register.find((line) => /Pers/.test(line)).split(';');
    for (const entry of JSON.parse(stored['amif-check.mappings'])) {
      assert.deepEqual(Object.keys(entry).sort(), ['headers', 'mapping']);
      for (const header of entry.headers) assert.ok(header === '' || headerRow.includes(header), `not a header: ${header}`);
      // header → field key: headers and field keys only.
      for (const [header, field] of Object.entries(entry.mapping)) {
        assert.ok(headerRow.includes(header));
        assert.match(field, /^(-|[a-z_]+|indicator:[A-Z0-9.]+)$/);
      }
    }
  }
  // No cell value: no identifier, date or name of the register.
  const cells = register.slice(register.findIndex((line) => /Pers/.test(line)) + 1).flatMap((line) => line.split(';'))
    .filter((cell) => cell.length > 3 && cell !== 'Kvinna' && cell !== 'Syrien');
  for (const cell of cells) assert.ok(!JSON.stringify(stored).includes(cell), 'a cell value was stored');
  return stored;
}

describe('1. column choices survive the next round', () => {
  const header = 'Personnummer;Kön;Startdatum;Medborgarskap;O.2.3 Antal deltagare som får stöd;Språkkurs';
  const rows = [
    `${personnummer(11)};Kvinna;2024-03-01;Syrien;X;X`,
    `${personnummer(12)};Man;2024-03-02;Syrien;X;`,
    `${personnummer(13)};Kvinna;2024-03-03;Syrien;;X`,
  ];
  const first = [header, ...rows];
  const corrected = [header, ...rows, `${personnummer(14)};Man;2024-03-04;Syrien;;X`];

  test('kept for the corrected file, marked as the user\'s, recorded, and forgotten on request', async () => {
    const { page, errors } = await freshPage();
    await page.setInputFiles('[data-testid="register-input"]', csvFile('kurs.csv', first));
    await readSummary(page);
    assert.equal((await totals(page))['O.2.3'], 2, 'without the choice Språkkurs counts nowhere');
    await page.waitForSelector('#columns-section:not([hidden]) select[data-header="Språkkurs"]');
    await page.selectOption('#columns-table select[data-header="Språkkurs"]', 'indicator:O.2.3.1');
    await page.click('#mapping-rerun');
    await waitForTotal(page, 'O.2.3', 3);

    // The corrected file, same headers: the choice is kept, not thrown away.
    await page.setInputFiles('[data-testid="register-input"]', csvFile('kurs-rattad.csv', corrected));
    await page.waitForFunction(() => document.querySelector('[data-key="rows"] dd')?.dataset.value === '4');
    await waitForTotal(page, 'O.2.3', 4);
    assert.equal((await totals(page))['O.2.3.1'], 3);
    await page.waitForSelector('#columns-section:not([hidden])');
    assert.equal(await page.inputValue('#columns-table select[data-header="Språkkurs"]'), 'indicator:O.2.3.1');
    assert.equal(await page.isVisible('[data-testid="mapping-kept"]'), true);
    assert.match(await page.textContent('#mapping-kept'), /sparade från din förra kontroll/);
    assert.deepEqual(await page.$$eval('#columns-table tr.user-set th', (cells) => cells.map((c) => c.textContent)), ['Språkkurs']);
    assert.match(await page.textContent('#columns-table tr.user-set'), /Ditt val/);
    assert.match(await page.textContent('#result-context'), /Dina kolumnval: Språkkurs → O\.2\.3\.1/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-aggregates-json"]')]);
    const aggregates = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(aggregates.mapping, { Språkkurs: 'indicator:O.2.3.1' });
    assert.deepEqual(aggregates.stamp.options.mapping, { Språkkurs: 'indicator:O.2.3.1' });
    await storedOnlyPreferences(page, corrected);

    // Another visit: still kept.
    await page.reload();
    await page.waitForSelector('body[data-app-ready="true"]');
    await page.fill('#reference-date', referenceDate);
    await page.setInputFiles('[data-testid="register-input"]', csvFile('kurs-rattad.csv', corrected));
    await readSummary(page);
    await waitForTotal(page, 'O.2.3', 4);

    await page.click('#mapping-forget');
    await waitForTotal(page, 'O.2.3', 2);
    await page.waitForSelector('#columns-section:not([hidden])');
    assert.equal(await page.inputValue('#columns-table select[data-header="Språkkurs"]'), '-', 'not used');
    assert.equal(await page.isVisible('[data-testid="mapping-kept"]'), false);
    assert.equal(await page.evaluate(() => localStorage.getItem('amif-check.mappings')), null);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('any number of columns can be left unused, recognised ones too, and that is what is kept', async () => {
    const { page, errors } = await freshPage();
    const lines = [
      'Personnummer;Kön;Startdatum;Medborgarskap;O.2.3 Deltagare;O.2.3.1 Språkkurs;Anteckning',
      `${personnummer(41)};Kvinna;2024-03-01;Syrien;X;X;`,
      `${personnummer(42)};Man;2024-03-02;Sverige;X;X;`,
    ];
    await page.setInputFiles('[data-testid="register-input"]', csvFile('oanvanda.csv', lines));
    await readSummary(page);
    assert.equal((await totals(page))['O.2.3.1'], 1, 'the Swedish citizen is not counted');
    await page.waitForSelector('#columns-section:not([hidden]) select[data-header="Medborgarskap"]');
    for (const header of ['Medborgarskap', 'O.2.3.1 Språkkurs']) {
      await page.selectOption(`#columns-table select[data-header="${header}"]`, '-');
    }
    await page.click('#mapping-rerun');
    // Without the citizenship column both count; without the course column O.2.3.1 is gone.
    await waitForTotal(page, 'O.2.3', 2);
    assert.equal((await totals(page))['O.2.3.1'], undefined);
    await page.waitForSelector('#columns-section:not([hidden])');
    assert.deepEqual(await page.$$eval('#columns-table tr.user-set th', (cells) => cells.map((c) => c.textContent)), ['Medborgarskap', 'O.2.3.1 Språkkurs']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-aggregates-json"]')]);
    const aggregates = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(aggregates.mapping, { Medborgarskap: '-', 'O.2.3.1 Språkkurs': '-' });
    const stored = await storedOnlyPreferences(page, lines);
    assert.deepEqual(JSON.parse(stored['amif-check.mappings'])[0].mapping, { Medborgarskap: '-', 'O.2.3.1 Språkkurs': '-' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a column.unknown finding has a button to that column\'s choice', async () => {
    const { page } = await freshPage();
    await page.setInputFiles('[data-testid="register-input"]', csvFile('okand.csv', first));
    await readSummary(page);
    await page.waitForSelector('#columns-section:not([hidden])');
    await page.selectOption('#code-filter', 'column.unknown');
    const button = page.locator('#diagnostic-list .column-choice').first();
    assert.match(await button.innerText(), /Välj tolkning/);
    await button.click();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.header), 'Språkkurs');
    await page.close();
  });
});

describe('2. no dead end when the header is not found', () => {
  const register = [
    'Deltagare våren 2024;;;',
    ';;;',
    'Pers.nr;Kön;Startdatum;O.2.3',
    ...Array.from({ length: 22 }, (_, n) => `${personnummer(100 + n)};${n % 2 ? 'Man' : 'Kvinna'};2024-03-${String(1 + n).padStart(2, '0')};X`),
  ];

  test('the first 20 rows are shown; the header row and ID column chosen there are checked, then remembered', async () => {
    const { page, errors } = await freshPage();
    const file = csvFile('pers-nr.csv', register);
    await page.setInputFiles('[data-testid="register-input"]', file);
    await page.waitForSelector('[data-testid="header-picker"]:not([hidden])');
    assert.equal(await page.isVisible('#error-box'), true);
    assert.equal(await page.locator('#preview-table tbody tr').count(), 20);
    assert.equal(await page.inputValue('#picker-header-row'), '3');
    await page.selectOption('#picker-id-column', { label: 'A: Pers.nr' });
    await page.click('#picker-run');
    const summary = await readSummary(page);
    assert.equal(summary.rows, 22);
    assert.equal(summary.rows_counted, 22);
    assert.equal(await page.isVisible('[data-testid="header-picker"]'), false);
    assert.equal(await page.locator('#preview-table tbody tr').count(), 0, 'the rows are let go of');
    assert.match(await page.textContent('#result-context'), /Rubrikrad: 3 \(ditt val\)/);
    await storedOnlyPreferences(page, register);

    // The same register again: its header row is known now, no picker.
    await page.setInputFiles('[data-testid="register-input"]', file);
    assert.equal((await readSummary(page)).rows_counted, 22);
    assert.equal(await page.isVisible('[data-testid="header-picker"]'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a data row pointed at as the header row is checked, but its cells are never kept', async () => {
    const { page } = await freshPage();
    await page.setInputFiles('[data-testid="register-input"]', csvFile('pers-nr-data.csv', register));
    await page.waitForSelector('[data-testid="header-picker"]:not([hidden])');
    await page.selectOption('#picker-header-row', '4');
    await page.selectOption('#picker-id-column', '0');
    await page.click('#picker-run');
    await readSummary(page);
    assert.match(await page.textContent('#result-context'), /Rubrikrad: 4 \(ditt val\)/);
    assert.equal(await page.evaluate(() => localStorage.getItem('amif-check.mappings')), null);
    await page.close();
  });

  test('the wrong sheet: another sheet is chosen in the picker', async () => {
    const register = join(fixturesDir, 'register.xlsx');
    const expected = cliReport(register, referenceDate);
    const { page } = await freshPage();
    await page.setInputFiles('[data-testid="register-input"]', register);
    await readSummary(page);
    await page.selectOption('#sheet', 'Instruktioner');
    await page.waitForSelector('[data-testid="header-picker"]:not([hidden])');
    assert.equal(await page.isVisible('#picker-sheet'), true);
    await page.selectOption('#picker-sheet', 'Deltagare');
    await page.waitForFunction(() => /Personnummer/.test(document.getElementById('picker-header-row')?.textContent ?? ''));
    const row = await page.$$eval('#picker-header-row option', (options) => options.find((o) => /Personnummer/.test(o.textContent)).value);
    await page.selectOption('#picker-header-row', row);
    const column = await page.$$eval('#picker-id-column option', (options) => options.find((o) => /Personnummer/.test(o.textContent)).value);
    await page.selectOption('#picker-id-column', column);
    await page.click('#picker-run');
    assert.deepEqual(await readSummary(page), expected.summary);
    assert.match(await page.textContent('#result-context'), /Blad: Deltagare/);
    await page.close();
  });
});

describe('2b. a header row that was found can be chosen again', () => {
  test('"Välj en annan rubrikrad" opens the picker at the row found, and checks with the one chosen', async () => {
    const sample = join(repoRoot, 'web/sample/deltagarforteckning.csv');
    const expected = cliReport(sample, referenceDate, ['--header-row', '4', '--map', 'id=Personnummer']);
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    await page.waitForSelector('#columns-section:not([hidden])');
    await page.click('#choose-header-row');
    await page.waitForSelector('[data-testid="header-picker"]:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'header-picker-title');
    assert.equal(await page.inputValue('#picker-header-row'), '4');
    await page.selectOption('#picker-id-column', { label: 'A: Personnummer' });
    await page.click('#picker-run');
    await page.waitForFunction(() => /\(ditt val\)/.test(document.getElementById('result-context')?.textContent ?? ''));
    assert.deepEqual(await readSummary(page), expected.summary);
    await page.close();
  });
});

describe('3. an empty register is not green', () => {
  test('a header without data rows says no participant rows were found, and no indicators can be reported', async () => {
    const { page } = await freshPage();
    await page.setInputFiles('[data-testid="register-input"]', csvFile('tom.csv', ['Personnummer;Kön;Startdatum;O.2.3']));
    await readSummary(page);
    const verdict = await page.textContent('#verdict');
    assert.match(verdict, /Inga deltagarrader hittades/);
    assert.doesNotMatch(verdict, /Indikatorerna kan rapporteras/);
    assert.equal(await page.getAttribute('#verdict', 'class'), 'verdict tone-warning');
    await page.close();
  });
});

describe('4. what to report, and what each download is for', () => {
  test('the report guide, one line per download, people\'s names, and who is left out of the individual report', async () => {
    const expected = cliReport(join(repoRoot, 'web/sample/deltagarforteckning.csv'), referenceDate);
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    const guide = await page.textContent('[data-testid="report-guide"]');
    assert.match(guide, /unika deltagare per indikator/);
    assert.match(guide, /första registreringen/);
    assert.match(guide, new RegExp(`${expected.summary.rows_excluded} rader med fel räknas inte`));
    const downloads = await page.$$eval('.download-list button:not([hidden])', (buttons) => buttons.map((button) => ({
      text: button.textContent.trim(),
      about: document.getElementById(button.getAttribute('aria-describedby'))?.textContent.trim() ?? '',
    })));
    assert.ok(downloads.length >= 4);
    for (const { text, about } of downloads) {
      assert.ok(about.length > 20, `${text} says what it is for`);
      assert.doesNotMatch(text, /Aggregat/);
    }
    assert.match(downloads.find((d) => /JSON/.test(d.text)).about, /Inga personuppgifter/);
    assert.match(downloads.find((d) => /Individrapport/.test(d.text)).about, /Personuppgifter.*Migrationsverkets/);
    await page.click('#download-individual');
    const excluded = await page.textContent('#individual-excluded');
    assert.match(excluded, new RegExp(`${expected.summary.persons_excluded} personer och ${expected.summary.rows_excluded} rader med fel`));
    await page.keyboard.press('Escape');
    await page.close();
  });
});

describe('5. everything in the user\'s language', () => {
  test('the English page lists genders in English, and the aggregates CSV is in the chosen language', async () => {
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    const csvHeader = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-aggregates-csv')]);
      return readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).slice(0, 2);
    };
    const [svHeader, svFirst] = await csvHeader();
    assert.match(svHeader, /^Indikator;.*Kvinna/);
    assert.match(svFirst, /;deltagare;/);
    for (const [lang, header, unit] of [['en', /^Indicator;Name;Unit;Total;<18 Man;<18 Woman;<18 Non-binary/, /;participants;/], ['fi', /^Indikaattori;.*Nainen/, /;osallistujat;/]]) {
      await page.click(`.lang-button[data-lang="${lang}"]`);
      await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
      await page.waitForSelector('#progress-section[hidden]', { state: 'attached' });
      await readSummary(page);
      const [line, first] = await csvHeader();
      assert.match(line, header);
      assert.match(first, unit);
      if (lang === 'en') {
        const head = await page.textContent('#indicator-table thead');
        assert.match(head, /Woman/);
        assert.match(head, /Non-binary/);
        assert.doesNotMatch(head, /Kvinna|Icke-binär/);
      }
    }
    await page.close();
  });

  test('the Finnish page\'s sample is a Finnish register', async () => {
    const expected = cliReport(join(repoRoot, 'web/sample/osallistujarekisteri.csv'), referenceDate);
    const { page } = await freshPage();
    await page.click('.lang-button[data-lang="fi"]');
    await page.waitForFunction(() => document.documentElement.lang === 'fi');
    await page.click('#sample-button');
    assert.deepEqual(await readSummary(page), expected.summary);
    assert.equal(expected.country, 'fi');
    assert.match(await page.textContent('#current-file'), /osallistujarekisteri\.csv/);
    assert.match(await page.textContent('#columns-table'), /Henkilötunnus/);
    await page.click('.lang-button[data-lang="sv"]');
    await page.close();
  });

  test('the problem list CSV names the sheet of a workbook\'s findings', async () => {
    const { page } = await freshPage();
    await page.setInputFiles('[data-testid="register-input"]', join(fixturesDir, 'messy_register.xlsx'));
    await readSummary(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-diagnostics-csv')]);
    const [header, ...rows] = csvRows(readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, ''));
    const sheetColumn = header.indexOf('Blad');
    assert.ok(sheetColumn >= 0);
    const withRow = rows.filter((cells) => /^\d+$/.test(cells[0]));
    assert.ok(withRow.length > 0);
    for (const cells of withRow) assert.equal(cells[sheetColumn], 'messy_register');
    await page.close();
  });
});

describe('6. old results never look current', () => {
  test('a changed or invalid option marks the results out of date until the next run', async () => {
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    assert.equal(await page.isVisible('[data-testid="stale-notice"]'), false);
    await page.selectOption('#country', 'se');
    await page.waitForSelector('[data-testid="stale-notice"]:not([hidden])');
    assert.match(await page.getAttribute('#results', 'class'), /is-stale/);
    assert.match(await page.textContent('[data-testid="stale-notice"]'), /Inställningarna har ändrats/);
    await page.click('#rerun-button');
    await page.waitForFunction(() => !document.getElementById('results').classList.contains('is-stale'));
    await readSummary(page);
    assert.equal(await page.isVisible('[data-testid="stale-notice"]'), false);

    await page.check('#counting-period');
    await page.fill('#period-from', '2024-06-01');
    await page.click('#rerun-button');
    await page.waitForSelector('#options-error:not([hidden])');
    assert.match(await page.textContent('[data-testid="stale-notice"]'), /kan inte användas/);
    assert.equal(await page.isVisible('#results'), true);
    await page.close();
  });

  test('messages start with a capital letter, in every language', async () => {
    const { page } = await freshPage();
    for (const lang of ['sv', 'fi', 'en']) {
      if (lang !== 'sv') {
        await page.click(`.lang-button[data-lang="${lang}"]`);
        await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
      }
      await page.click('#sample-button');
      await readSummary(page);
      await page.check('#counting-period');
      await page.fill('#period-from', '2024-06-01');
      await page.fill('#period-to', '2024-01-01');
      await page.click('#rerun-button');
      await page.waitForSelector('#options-error:not([hidden])');
      const texts = [await page.textContent('#options-error'), await page.textContent('[data-testid="stale-notice"]')];
      for (const text of texts) assert.match(text.trim(), /^\p{Lu}/u, `${lang}: ${text}`);
      await page.fill('#period-from', '');
      await page.fill('#period-to', '');
      await page.check('#counting-whole');
    }
    await page.click('.lang-button[data-lang="sv"]');
    await page.close();
  });
});

describe('7. narrow screens and keyboards', () => {
  test('at 375 px the breakdown stacks, the dropdowns fit and the problem list shows column letters', async () => {
    const { page } = await freshPage({ viewport: { width: 375, height: 800 } });
    await page.click('#sample-button');
    await readSummary(page);
    await page.waitForSelector('#columns-section:not([hidden]) #columns-table select');
    const wrap = await page.$eval('#indicator-table-wrap', (element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    assert.ok(wrap.scroll <= wrap.client + 1, `the indicator table scrolls inside (${wrap.scroll} > ${wrap.client})`);
    const labels = await page.$$eval('#indicator-table tbody tr:first-child td.numeric:not(.total)', (cells) => cells.map((cell) => getComputedStyle(cell, '::before').content));
    assert.equal(labels.length, 9);
    assert.match(labels[1], /Under 18 · Kvinna/);
    const outside = await page.$$eval('#columns-table select', (selects) => selects
      .map((select) => select.getBoundingClientRect()).filter((box) => box.left < 0 || box.right > window.innerWidth).length);
    assert.equal(outside, 0, 'every mapping dropdown fits the screen');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px too wide`);
    const columns = await page.$$eval('#diagnostic-list tbody td:nth-child(2)', (cells) => cells.map((c) => c.textContent).filter(Boolean));
    assert.ok(columns.length > 0);
    assert.ok(columns.some((text) => /^[A-Z]{1,2} · Kön$/.test(text)), columns.join(' | '));
    for (const text of columns) assert.match(text, /^[A-Z]{1,2} · \S/);
    await page.close();
  });

  test('after "Kör igen" focus is on the new summary; the column panel is a few Tab presses away', async () => {
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    await page.focus('#rerun-button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'summary', null, { timeout: 60_000 });
    let presses = 0;
    while (presses < 10 && !(await page.evaluate(() => document.activeElement?.getAttribute('href') === '#columns-title'))) {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    await page.keyboard.press('Enter');
    presses += 1;
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'columns-title');
    while (presses < 14 && !(await page.evaluate(() => document.activeElement?.closest('#columns-table') && document.activeElement.tagName === 'SELECT'))) {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    // Summary → the result's jump links (one per part: problems, indicators, comparison, stamp, columns) → the panel.
    assert.ok(presses <= 10, `${presses} key presses to the first column choice`);
    const style = await page.$eval('#indicator-table .indicator-name', (cell) => getComputedStyle(cell));
    assert.notEqual(style.overflowWrap, 'anywhere', 'indicator names wrap at word boundaries');
    assert.notEqual(style.wordBreak, 'break-all');
    await page.close();
  });
});
