// The page end to end: the sample against the CLI, every file format,
// broken and hostile files, a large file with progress, downloads, mapping,
// languages, cancelling and a keyboard-only run. No request may leave 127.0.0.1.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  closeSuite, cliReport, generatedRegister, openPage, openSuite, personnummer, readSummary, repoRoot,
} from './helpers.mjs';

const referenceDate = '2025-06-30';
const samplePath = join(repoRoot, 'web/sample/deltagarforteckning.csv');
const fixturesDir = join(repoRoot, 'tests/fixtures');

let server;
let browser;
let scratch;

before(async () => ({ server, browser, scratch } = await openSuite('amif-e2e-')));
after(() => closeSuite({ server, browser, scratch }));

/** Opens the page with the test's reference date filled in. */
async function freshPage() {
  const opened = await openPage(browser, server.url);
  await opened.page.fill('#reference-date', referenceDate);
  return opened;
}

async function checkFile(page, file) {
  await page.setInputFiles('[data-testid="register-input"]', file);
  return readSummary(page);
}

/** The aggregates JSON the page downloads. */
async function downloadAggregates(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="download-aggregates-json"]'),
  ]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

/**
 * A CSV over 8 MB, so the page splits it between its worker and the
 * helper: persons on rows far apart (in both halves of the file), some
 * with conflicting genders, and rows with errors. Written once; with the
 * CLI's report.
 */
function twoPartRegister() {
  const file = join(scratch, 'tva-delar.csv');
  if (!existsSync(file)) {
    const lines = ['Deltagare (påhittade);;;;', 'Personnummer;Kön;Startdatum;Medborgarskap;O.2.3 Antal deltagare som får stöd;O.2.3.1 Varav språkkurser'];
    for (let n = 0; n < 220_000; n += 1) {
      const person = n % 80_000;
      const gender = person % 997 === 0 && n > 160_000 ? 'Man' : ['Kvinna', 'Man', 'Icke-binär'][person % 3];
      const start = `202${3 + (n % 3)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
      lines.push(`${personnummer(person)};${n % 501 === 0 ? '?' : gender};${start};${n % 89 === 0 ? 'Tyskland' : 'Syrien'};X;${n % 4 === 0 ? 'X' : ''}`);
    }
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    assert.ok(statSync(file).size > 8 << 20, 'large enough to be split');
  }
  twoPartRegister.expected ??= cliReport(file, referenceDate);
  return { file, expected: twoPartRegister.expected };
}

function assertNoPageErrors(opened) {
  assert.deepEqual(opened.errors, [], 'page errors or CSP violations');
  assert.deepEqual(opened.dialogs, [], 'unexpected dialogs');
}

describe('the sample register', () => {
  test('its summary equals the CLI report for the same reference date', async () => {
    const expected = cliReport(samplePath, referenceDate);
    const opened = await freshPage();
    const { page } = opened;
    await page.click('#sample-button');
    const shown = await readSummary(page);
    assert.deepEqual(shown, expected.summary);
    // Every indicator total in the table matches the CLI too.
    const totals = await page.$$eval('#indicator-table tbody tr', (rows) => Object.fromEntries(rows.map((row) => [
      row.querySelector('th').textContent.trim(),
      Number(row.querySelector('td.total').textContent.replace(/\s/g, '')),
    ])));
    assert.deepEqual(totals, Object.fromEntries(expected.indicators.map((i) => [i.code, i.total])));
    // The chart and the column panel follow in the next frame: one bar per indicator split by gender and age.
    await page.waitForSelector('#chart-container svg');
    await page.waitForSelector('#columns-section:not([hidden]) #columns-table tbody select');
    const bars = await page.$$eval('#chart-container .chart-label', (labels) => labels.map((label) => label.textContent));
    assert.deepEqual(bars, expected.indicators.filter((i) => i.breakdown && i.total > 0).map((i) => i.code));
    assertNoPageErrors(opened);
    await page.close();
  });

  test('the aggregates JSON download equals the CLI report and the page result', async () => {
    const expected = cliReport(samplePath, referenceDate);
    const opened = await freshPage();
    const { page } = opened;
    await page.click('#sample-button');
    const shown = await readSummary(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="download-aggregates-json"]'),
    ]);
    assert.match(download.suggestedFilename(), /\.json$/);
    const downloaded = JSON.parse(readFileSync(await download.path(), 'utf8'));
    // Exactly the CLI's, the file's SHA-256 and size in the stamp too, made by the core as it reads.
    assert.deepEqual(downloaded, expected);
    assert.match(downloaded.stamp.register.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(downloaded.summary, shown);
    // Aggregates only: no row numbers, dates of persons or identifiers.
    assert.doesNotMatch(JSON.stringify(downloaded), /\d{6}[-+]\d{4}|\d{12}|"row"/);
    assertNoPageErrors(opened);
    await page.close();
  });

  test('the CSV downloads are made by the core', async () => {
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    for (const id of ['download-aggregates-csv', 'download-diagnostics-csv']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
      assert.match(download.suggestedFilename(), /\.csv$/);
      const text = readFileSync(await download.path(), 'utf8');
      assert.ok(text.split('\n').length > 1, `${id} has rows`);
    }
    await page.close();
  });
});

describe('file formats', () => {
  // The same participants as a cp1252 CSV and as workbooks (tests/fixtures/README.md).
  const fixtures = {
    'CSV (cp1252, title rows)': 'messy_register.csv',
    'XLSX (messy register)': 'messy_register.xlsx',
    'ODS (messy register)': 'messy_register.ods',
    'XLSX (several sheets)': 'register.xlsx',
    'ODS (several sheets)': 'register.ods',
  };
  for (const [format, name] of Object.entries(fixtures)) {
    test(`${format}: the page counts like the CLI`, async (t) => {
      const path = join(fixturesDir, name);
      if (!existsSync(path)) {
        t.skip(`tests/fixtures/${name} is missing`);
        return;
      }
      const expected = cliReport(path, referenceDate);
      const opened = await freshPage();
      const shown = await checkFile(opened.page, path);
      assert.deepEqual(shown, expected.summary, name);
      const totals = await opened.page.$$eval('#indicator-table tbody tr', (rows) => rows.map((row) => [
        row.querySelector('th').textContent.trim(),
        Number(row.querySelector('td.total').textContent.replace(/\s/g, '')),
      ]));
      assert.deepEqual(totals, expected.indicators.map((i) => [i.code, i.total]), `${name} indicators`);
      assertNoPageErrors(opened);
      await opened.page.close();
    });
  }

  // XLS is read by the CLI only (calamine, kept out of the WebAssembly build).
  for (const name of ['messy_register.xls', 'register.xls']) {
    test(`XLS (${name}): the page asks for the file as .xlsx`, async () => {
      const opened = await freshPage();
      const { page } = opened;
      await page.setInputFiles('[data-testid="register-input"]', join(fixturesDir, name));
      await page.waitForSelector('#error-box:not([hidden])');
      const message = (await page.textContent('#error-message')).trim();
      assert.match(message, /\.xlsx/);
      assert.doesNotMatch(message, /RuntimeError|unreachable|undefined|panicked/i);
      assert.equal(await page.isVisible('#results'), false);
      assertNoPageErrors(opened);
      await page.close();
    });
  }

  test('a workbook with several sheets offers a sheet picker', async () => {
    const { page } = await freshPage();
    await checkFile(page, join(fixturesDir, 'register.xlsx'));
    assert.equal(await page.isVisible('#sheet'), true);
    const sheets = await page.$$eval('#sheet option', (options) => options.map((o) => o.value));
    assert.ok(sheets.length > 1, `sheets: ${sheets.join(', ')}`);
    await page.close();
  });
});

describe('unusable and hostile files', () => {
  test('a file that is not a spreadsheet gives one clear error message', async () => {
    const opened = await freshPage();
    const { page } = opened;
    const file = join(scratch, 'rapport.pdf');
    writeFileSync(file, '%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n');
    await page.setInputFiles('[data-testid="register-input"]', file);
    await page.waitForSelector('#error-box:not([hidden])');
    const message = (await page.textContent('#error-message')).trim();
    assert.ok(message.length > 10, 'a sentence for the user');
    assert.doesNotMatch(message, /RuntimeError|unreachable|undefined|\[object|panicked/i);
    assert.equal(await page.locator('#error-box').count(), 1);
    assert.equal(await page.isVisible('#results'), false);
    assert.equal(await page.isVisible('#progress-section'), false);
    assertNoPageErrors(opened);

    // The page recovers: the sample still works afterwards.
    await page.click('#sample-button');
    await readSummary(page);
    assert.equal(await page.isVisible('#error-box'), false);
    await page.close();
  });

  for (const name of ['encrypted.xlsx', 'encrypted.xls']) {
    test(`a password-protected workbook (${name}) is explained`, async () => {
      const { page } = await freshPage();
      await page.setInputFiles('[data-testid="register-input"]', join(fixturesDir, name));
      await page.waitForSelector('#error-box:not([hidden])');
      const message = (await page.textContent('#error-message')).trim();
      assert.ok(message.length > 10);
      assert.doesNotMatch(message, /RuntimeError|unreachable|undefined/);
      await page.close();
    });
  }

  test('an empty file gives an error, not a crash', async () => {
    const { page } = await freshPage();
    await page.setInputFiles('[data-testid="register-input"]', {
      name: 'tom.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0),
    });
    await page.waitForSelector('#error-box:not([hidden])');
    assert.ok((await page.textContent('#error-message')).trim().length > 10);
    await page.close();
  });

  test('markup in cells and headers is shown as text and never runs', async () => {
    const opened = await freshPage();
    const { page } = opened;
    const payload = '<img src=x onerror=alert(1)>';
    const csv = [
      `Personnummer;Kön;Startdatum;O.2.3;${payload}`,
      `195001010007;Man;2024-03-01;X;${payload}`,
      `195001020006;${payload};2024-03-01;X;<script>alert(2)</script>`,
    ].join('\r\n');
    const file = join(scratch, 'xss.csv');
    writeFileSync(file, csv);
    await checkFile(page, file);
    const headers = await page.$$eval('#columns-table tbody th', (cells) => cells.map((cell) => cell.textContent));
    assert.ok(headers.includes(payload), 'the header shows as written');
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.locator('#results script').count(), 0);
    await page.waitForTimeout(300);
    assert.deepEqual(opened.dialogs, [], 'no alert fired');
    await page.close();
  });
});

// tests/fixtures/hostile_register.{csv,xlsx} (make_hostile_register.py):
// payloads in headers, cells and sheet names, some of which would fetch
// http://evil.example/... if they ever became markup.
for (const name of ['hostile_register.csv', 'hostile_register.xlsx']) {
  test(`a register full of script and HTML payloads (${name}) runs nothing and sends nothing`, async () => {
    const opened = await freshPage();
    const { page } = opened;
    await checkFile(page, join(fixturesDir, name));
    // Every view that shows file text: columns, diagnostics by row, other languages.
    const headers = await page.$$eval('#columns-table tbody th', (cells) => cells.map((cell) => cell.textContent));
    assert.ok(headers.includes("<script>alert('cell')</script>"), `headers shown as written: ${headers}`);
    assert.ok(headers.includes('<img src=http://evil.example/pixel.png>'));
    const listed = await page.textContent('#diagnostic-list');
    assert.match(listed, /O\.2\.3 <img src=x onerror=alert\('img'\)>/, 'a payload header named as text in a finding');
    if (name.endsWith('.xlsx')) {
      const sheets = await page.$$eval('#sheet option', (options) => options.map((o) => o.textContent));
      assert.ok(sheets.includes('<img src=x onerror=alert(1)>'), `sheet names as text: ${sheets}`);
      assert.ok(sheets.includes('"><svg onload=alert(\'tab\')>'));
    }
    for (const lang of ['en', 'fi', 'sv']) {
      await page.click(`.lang-button[data-lang="${lang}"]`);
      await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
    }
    await page.waitForTimeout(500);

    // No element carries an event handler, and no URL-bearing attribute a
    // payload's address or script (file text in labels and data attributes is inert).
    const injected = await page.evaluate(() => [...document.querySelectorAll('*')]
      .filter((element) => [...element.attributes].some((attribute) => /^on/i.test(attribute.name)
        || (/^(src|srcdoc|href|xlink:href|action|formaction|data|poster|background|style)$/i.test(attribute.name)
          && /evil\.example|alert\(|javascript:/i.test(attribute.value))))
      .map((element) => element.outerHTML.slice(0, 120)));
    assert.deepEqual(injected, [], 'markup from the file');
    assert.equal(await page.locator('#main script, #main iframe, #main link, #main style').count(), 0);
    assert.deepEqual(opened.dialogs, [], 'no alert fired');
    assertNoPageErrors(opened);
    assert.deepEqual(browser.foreign, [], 'nothing sent beyond 127.0.0.1');
    assert.ok(!browser.requests.some((url) => url.includes('evil.example')), 'no request for a payload');
    await page.close();
  });
}

describe('a browser without WebAssembly SIMD', () => {
  test('is told it is too old, not shown an internal error', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // As such a browser would: the module does not compile, and the worker's
    // SIMD probe does not validate.
    await page.route('**/pkg/amif_check_bg.wasm', (route) => route.fulfill({
      contentType: 'application/wasm',
      body: Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123]),
    }));
    await page.route('**/worker.js', async (route) => {
      const response = await route.fetch();
      const body = `WebAssembly.validate = () => false;\n${await response.text()}`;
      await route.fulfill({ response, body });
    });
    await page.goto(server.url);
    await page.waitForSelector('#error-box:not([hidden])');
    assert.match(await page.textContent('#error-message'), /Webbläsaren är för gammal/);
    // No file was chosen: the heading says the checker did not start, not that a file failed.
    assert.equal(await page.textContent('#error-title'), 'Kontrollen kunde inte starta');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('large files', () => {
  test('200 000 rows: progress is shown and the check finishes', async () => {
    const file = join(scratch, 'stort-register.csv');
    writeFileSync(file, generatedRegister(200_000));
    const opened = await freshPage();
    const { page } = opened;
    // Record every progress text and bar value the page shows.
    await page.evaluate(() => {
      window.progressSeen = [];
      const text = document.getElementById('progress-text');
      const bar = document.getElementById('progress-bar');
      new MutationObserver(() => {
        window.progressSeen.push({ text: text.textContent, value: bar.getAttribute('value') });
      }).observe(text, { childList: true, characterData: true, subtree: true });
    });
    await page.setInputFiles('[data-testid="register-input"]', file);
    await page.waitForSelector('#progress-section:not([hidden])');
    // The page stays responsive while the worker checks.
    const started = Date.now();
    assert.equal(await page.evaluate(() => 6 * 7), 42);
    assert.ok(Date.now() - started < 2000, 'main thread responsive');

    const summary = await readSummary(page);
    assert.equal(summary.rows, 200_000);
    assert.equal(summary.errors, 0);
    const seen = await page.evaluate(() => window.progressSeen);
    const values = seen.map((entry) => Number(entry.value)).filter((value) => value > 0);
    assert.ok(values.length >= 2, `progress updated (${seen.length} updates)`);
    assert.ok(values.some((value) => value > 25), 'row progress reached the bar');
    assert.ok(seen.some((entry) => /\d/.test(entry.text)), 'progress text with numbers');
    assertNoPageErrors(opened);
    await page.close();
  });

  test('a large CSV is checked in two workers at once and counts exactly as the CLI', async () => {
    const { file, expected } = twoPartRegister();
    const opened = await freshPage();
    const { page } = opened;
    // The helper is started with the page, and afresh after each file it
    // helped with. (Its own script is not seen by the browser's request
    // routing, the modules it loads are: one worker-shared.js per worker.)
    const helpersStarted = () => browser.requests.filter((url) => url.endsWith('/worker-shared.js')).length;
    const before = helpersStarted();
    await checkFile(page, file);
    // Exactly the CLI's: the stamp's SHA-256 is of the whole file, the helper's half hashed by the first worker.
    assert.deepEqual(await downloadAggregates(page), expected);
    assert.ok(expected.summary.errors > 0 && expected.summary.persons_excluded > 0, 'errors and conflicts to count');
    await page.waitForTimeout(500);
    assert.ok(helpersStarted() > before, 'the helper worker took part');
    assertNoPageErrors(opened);
    await page.close();
  });

  test('a large CSV whose middle falls inside a quoted cell is checked whole, and counts as the CLI', async () => {
    // Every note holds a line break, near its end; a title row is padded
    // until the first line break from the file's middle on is such a one,
    // where the page's two workers cannot split the file.
    const body = [];
    for (let n = 0; n < 150_000; n += 1) {
      body.push(`${personnummer(n % 90_000)};${n % 2 ? 'Man' : 'Kvinna'};2024-0${1 + (n % 9)}-1${n % 10};X;"Anteckning nummer ${n}, lite längre text\nslut"`);
    }
    const header = 'Personnummer;Kön;Startdatum;O.2.3 Antal deltagare som får stöd;Anteckning';
    const text = (padding) => `Deltagare${'.'.repeat(padding)}\r\n${header}\r\n${body.join('\r\n')}\r\n`;
    const insideQuotes = (bytes) => {
      const split = bytes.indexOf(0x0a, Math.floor(bytes.length / 2));
      return bytes.subarray(0, split).filter((b) => b === 0x22).length % 2 === 1;
    };
    let padding = 0;
    while (!insideQuotes(Buffer.from(text(padding), 'latin1'))) padding += 1;
    const file = join(scratch, 'citat-i-mitten.csv');
    writeFileSync(file, Buffer.from(text(padding), 'latin1'));
    assert.ok(statSync(file).size > 8 << 20, 'large enough to be split');
    const expected = cliReport(file, referenceDate);
    const opened = await freshPage();
    const { page } = opened;
    assert.deepEqual(await checkFile(page, file), expected.summary);
    assert.deepEqual(await downloadAggregates(page), expected, 'the stamp too');
    assertNoPageErrors(opened);
    await page.close();
  });

  test('a large CSV whose header lies past its first 64 KB is read on by the page\'s worker alone, and counts as the CLI', async () => {
    // Three long notes above the header: the helper, which finds the header
    // in the file's first 64 KB, gives up, and the worker reads the rest itself.
    const notes = [0, 1, 2].map((n) => `Anteckning ${n}: ${'påhittad text '.repeat(1_800)}`);
    const lines = [...notes, 'Personnummer;Kön;Startdatum;O.2.3 Antal deltagare som får stöd'];
    for (let n = 0; n < 300_000; n += 1) {
      lines.push(`${personnummer(n % 70_000)};${(n % 70_000) % 3 ? 'Man' : 'Kvinna'};2024-0${1 + (n % 9)}-1${n % 10};X`);
    }
    const file = join(scratch, 'lang-inledning.csv');
    writeFileSync(file, Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'));
    assert.ok(notes.join('\r\n').length > 64 * 1024, 'the header lies past the first 64 KB');
    assert.ok(statSync(file).size > 8 << 20, 'large enough to be split');
    const expected = cliReport(file, referenceDate);
    const opened = await freshPage();
    const { page } = opened;
    assert.deepEqual(await checkFile(page, file), expected.summary);
    assert.deepEqual(await downloadAggregates(page), expected, 'the stamp too');
    assertNoPageErrors(opened);
    await page.close();
  });

  test('100 000 problems: shown a page at a time, filters and paging stay fast', async () => {
    // Every row has an unknown gender: one gender.invalid error per row.
    const file = join(scratch, 'manga-fel.csv');
    writeFileSync(file, generatedRegister(100_000).replace(/;(Kvinna|Man);/g, ';?;'));
    const opened = await freshPage();
    const { page } = opened;
    const summary = await checkFile(page, file);
    assert.equal(summary.errors, 100_000);
    assert.equal(await page.locator('#diagnostic-list tbody tr').count(), 100, 'one page rendered');
    assert.match(await page.textContent('#diagnostics-status'), /100[\s\u00a0]000/);

    let started = Date.now();
    await page.click('#page-last');
    await page.waitForFunction(() => /1[\s\u00a0]?000/.test(document.getElementById('page-position').textContent));
    assert.ok(Date.now() - started < 2000, `last page in ${Date.now() - started} ms`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'diagnostics-status', 'focus kept on the list');

    started = Date.now();
    await page.selectOption('#severity-filter', 'warning');
    await page.waitForFunction(() => document.querySelectorAll('#diagnostic-list tbody tr').length === 0);
    await page.selectOption('#severity-filter', 'error');
    await page.waitForFunction(() => document.querySelectorAll('#diagnostic-list tbody tr').length === 100);
    assert.ok(Date.now() - started < 2000, `filtering in ${Date.now() - started} ms`);
    assertNoPageErrors(opened);
    await page.close();
  });

  test('Cancel stops the check and the page works again afterwards', async () => {
    const file = join(scratch, 'avbryt.csv');
    writeFileSync(file, generatedRegister(200_000));
    const { page } = await freshPage();
    await page.setInputFiles('[data-testid="register-input"]', file);
    await page.waitForSelector('#progress-section:not([hidden])');
    await page.click('#cancel-button');
    await page.waitForSelector('#cancelled-notice:not([hidden])');
    assert.equal(await page.isVisible('#progress-section'), false);
    assert.equal(await page.isVisible('#results'), false);
    await page.click('#sample-button');
    const summary = await readSummary(page);
    assert.ok(summary.rows > 0);
    await page.close();
  });
});

describe('options, mapping and languages', () => {
  test('an unknown column can be mapped and checked again', async () => {
    const { page } = await freshPage();
    const csv = [
      'Personnummer;Kategori;Startdatum;O.2.3',
      `${personnummer(1)};Man;2024-03-01;X`,
      `${personnummer(2)};Kvinna;2024-03-02;X`,
      `${personnummer(3)};Kvinna;2024-03-03;X`,
    ].join('\r\n');
    const file = join(scratch, 'okand-kolumn.csv');
    writeFileSync(file, csv);
    const before = await checkFile(page, file);
    assert.ok(before.errors > 0, 'without a gender column the rows are in error');
    const select = page.locator('#columns-table select[data-header="Kategori"]');
    await select.selectOption('gender');
    await page.click('#mapping-rerun');
    await page.waitForFunction(() => document.querySelector('[data-testid="summary"] [data-key="errors"] dd')?.dataset.value === '0');
    const after = await readSummary(page);
    assert.equal(after.errors, 0);
    assert.equal(after.rows_counted, 3);
    assert.equal(await page.locator('#columns-table select[data-header="Kategori"]').inputValue(), 'gender');
    await page.close();
  });

  test('switching language after checking a workbook checks it again: the marked copy\'s label, asked of the same file meanwhile, never stops the check', async () => {
    const path = join(fixturesDir, 'messy_register.xlsx');
    const opened = await freshPage();
    const { page } = opened;
    await checkFile(page, path);
    for (const lang of ['fi', 'en']) {
      const before = await page.textContent('#diagnostic-list tbody tr td.message');
      await page.click(`.lang-button[data-lang="${lang}"]`);
      await page.waitForFunction((was) => !document.getElementById('error-box')?.hidden
        || document.querySelector('#diagnostic-list tbody tr td.message')?.textContent !== was, before);
      assert.equal(await page.isVisible('#error-box'), false, `no error in ${lang}`);
      assert.deepEqual(await readSummary(page), cliReport(path, referenceDate).summary, lang);
    }
    assertNoPageErrors(opened);
    await page.close();
  });

  test('switching language translates the page and the core messages, and is remembered', async () => {
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    const swedish = await page.textContent('#diagnostic-list tbody tr td.message');
    await page.click('.lang-button[data-lang="fi"]');
    await page.waitForFunction(() => document.documentElement.lang === 'fi');
    await page.waitForFunction(
      (before) => document.querySelector('#diagnostic-list tbody tr td.message')?.textContent !== before,
      swedish,
    );
    assert.equal(await page.textContent('#results-title'), '3. Tulokset');
    assert.equal(await page.getAttribute('.lang-button[data-lang="fi"]', 'aria-pressed'), 'true');
    await page.reload();
    await page.waitForSelector('body[data-app-ready="true"]');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fi');
    // Only preferences are stored: the language, and column choices (header texts and field keys) when
    // the user made some (the test before this one did); nothing from the register's rows.
    const stored = JSON.parse(await page.evaluate(() => JSON.stringify({ ...localStorage })));
    assert.deepEqual(Object.keys(stored).filter((key) => key !== 'amif-check.mappings').sort(), ['amif-check.lang']);
    assert.doesNotMatch(JSON.stringify(stored), /\d{6}/, 'no identifier or date stored');
    await page.click('.lang-button[data-lang="sv"]');
    await page.close();
  });

  test('the Finnish action picker lists the action\'s indicators', async () => {
    const { page } = await freshPage();
    await page.selectOption('#country', 'fi');
    const actions = await page.$$eval('#action option', (options) => options.map((o) => o.value).filter(Boolean));
    assert.ok(actions.includes('2D5'), 'action 2D5 is offered');
    await page.selectOption('#action', '2D5');
    const listed = await page.$$eval('#action-indicators li', (items) => items.length);
    assert.ok(listed > 0, 'its indicators are listed');
    await page.selectOption('#country', 'auto');
    await page.close();
  });

  test('an incomplete reporting period is explained, not sent to the core', async () => {
    const { page } = await freshPage();
    await page.check('#counting-period');
    await page.fill('#period-from', '2024-01-01');
    await page.click('#sample-button');
    await page.waitForSelector('#options-error:not([hidden])');
    assert.equal(await page.getAttribute('#period-to', 'aria-invalid'), 'true');
    await page.fill('#period-to', '2024-12-31');
    await page.click('#rerun-button');
    await readSummary(page);
    assert.match(await page.textContent('#indicators-period'), /2024-01-01/);
    await page.close();
  });

  test('the marked copy says what it is: a new workbook for a CSV, the user\'s own for an XLSX', async () => {
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    await page.waitForFunction(() => /Ny arbetsbok/.test(document.getElementById('download-annotated').textContent));
    assert.match(await page.textContent('#about-annotated'), /bara deltagartabellen/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-annotated')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');

    await checkFile(page, join(fixturesDir, 'marking.xlsx'));
    await page.waitForFunction(() => /Din arbetsbok/.test(document.getElementById('download-annotated').textContent));
    assert.match(await page.textContent('#about-annotated'), /Allt annat behålls/);
    const [own] = await Promise.all([page.waitForEvent('download'), page.click('#download-annotated')]);
    assert.match(own.suggestedFilename(), /^marking-.*\.xlsx$/);
    await page.click('.lang-button[data-lang="fi"]');
    await page.waitForFunction(() => /Oma työkirjasi/.test(document.getElementById('download-annotated').textContent));
    await page.click('.lang-button[data-lang="sv"]');
    await page.waitForFunction(() => /Din arbetsbok/.test(document.getElementById('download-annotated').textContent));
    // A macro workbook's marked copy stays one: Excel opens no .xlsm named .xlsx.
    await page.setInputFiles('[data-testid="register-input"]', { name: 'makron.xlsm', mimeType: 'application/vnd.ms-excel.sheet.macroEnabled.12', buffer: readFileSync(join(fixturesDir, 'marking.xlsx')) });
    await readSummary(page);
    const [macros] = await Promise.all([page.waitForEvent('download'), page.click('#download-annotated')]);
    assert.match(macros.suggestedFilename(), /^makron-.*\.xlsm$/);
    await page.close();
  });

  test('the individual-level report needs an explicit confirmation', async () => {
    const { page } = await freshPage();
    await page.click('#sample-button');
    await readSummary(page);
    await page.click('#download-individual');
    assert.equal(await page.isVisible('#individual-dialog'), true);
    await page.click('#individual-cancel');
    assert.equal(await page.isVisible('#individual-dialog'), false);

    await page.click('#download-individual');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#individual-confirm'),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    assert.ok(lines.length > 1, 'one line per person and indicator');
    await page.close();
  });
});

describe('keyboard only', () => {
  async function tabTo(page, id, limit = 40) {
    for (let i = 0; i < limit; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((wanted) => document.activeElement?.id === wanted, id)) return i + 1;
    }
    throw new Error(`#${id} not reached with Tab`);
  }

  test('Tab reaches the file chooser and the sample button; Enter runs; results are reachable', async () => {
    const { page } = await freshPage();
    // Listen before any key is pressed: the file-chooser interception is set up asynchronously.
    const chooserOpened = page.waitForEvent('filechooser');
    await page.evaluate(() => document.activeElement?.blur());

    // The file chooser opens from the keyboard.
    await tabTo(page, 'choose-file');
    const focusVisible = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    });
    assert.ok(focusVisible, 'visible focus on the file button');
    await page.keyboard.press('Enter');
    const chooser = await chooserOpened;
    await chooser.setFiles(samplePath);
    await readSummary(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'summary', 'focus moves to the new summary');

    // The sample button works with Enter as well.
    await page.focus('#choose-file');
    await tabTo(page, 'sample-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#results:not([hidden])');
    await readSummary(page);

    // From the results, the downloads are next in the tab order.
    await page.focus('#results-title');
    await tabTo(page, 'download-aggregates-json', 10);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /\.json$/);
    await page.close();
  });
});
