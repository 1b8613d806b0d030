// Screenshots of each state of the page, for a person to look at.
// Not a test: run `node tests/e2e/screenshots.mjs [out-dir]` (default /tmp/shots)
// after web/build.sh.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridBook, openPaneInExcel, stubBook } from './addin-helpers.mjs';
import {
  cliReport, launchBrowser, openPage, readSummary, repoRoot, startServer, webRoot,
} from './helpers.mjs';

const outDir = process.argv[2] ?? '/tmp/shots';
mkdirSync(outDir, { recursive: true });

const server = await startServer();
const shot = (page, name, fullPage = true) => page.screenshot({ path: join(outDir, `${name}.png`), fullPage });

async function withPage(options, body) {
  const browser = await launchBrowser(options);
  try {
    const { page } = await openPage(browser, server.url);
    await body(page);
  } finally {
    await browser.close();
  }
}

async function withBrowser(options, body) {
  const browser = await launchBrowser(options);
  try {
    await body(browser);
  } finally {
    await browser.close();
  }
}

async function loadSample(page) {
  await page.click('#sample-button');
  await readSummary(page);
}

try {
  await withPage({}, async (page) => {
    await shot(page, '01-empty-sv');
    await loadSample(page);
    await shot(page, '03-results-sv');
    await page.locator('#columns-title').scrollIntoViewIfNeeded();
    await shot(page, '05-mapping-panel', false);
    await page.click('.lang-button[data-lang="fi"]');
    await page.waitForFunction(() => document.documentElement.lang === 'fi');
    await readSummary(page);
    await page.waitForSelector('#progress-section[hidden]', { state: 'attached' });
    await shot(page, '03-results-fi');
    await page.click('.lang-button[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('#progress-section[hidden]', { state: 'attached' });
    await shot(page, '03-results-en');
    await page.click('#download-individual');
    await shot(page, '07-individual-dialog', false);
  });

  await withPage({}, async (page) => {
    // A big generated file so the progress state can be caught.
    const header = 'Personnummer;Kön;Startdatum;O.2.3\r\n';
    const row = '19900101-0017;Man;2024-01-02;X\r\n';
    const big = header + row.repeat(400_000);
    const file = join(outDir, 'big.csv');
    writeFileSync(file, big);
    await page.setInputFiles('[data-testid="register-input"]', file);
    await page.waitForSelector('#progress-section:not([hidden])');
    await page.waitForTimeout(150);
    await shot(page, '02-progress', false);
    await readSummary(page);
  });

  await withPage({}, async (page) => {
    await page.setInputFiles('[data-testid="register-input"]', {
      name: 'not-a-register.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 nothing here'),
    });
    await page.waitForSelector('#error-box:not([hidden])');
    await shot(page, '06-error', false);
  });

  await withPage({ viewport: { width: 360, height: 740 } }, async (page) => {
    await shot(page, '08-narrow-empty');
    await loadSample(page);
    await shot(page, '08-narrow-results');
  });

  // 375 px (a phone) in each language: the stacked indicator table and the column panel.
  for (const lang of ['sv', 'fi', 'en']) {
    await withPage({ viewport: { width: 375, height: 812 } }, async (page) => {
      if (lang !== 'sv') {
        await page.click(`.lang-button[data-lang="${lang}"]`);
        await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
      }
      await loadSample(page);
      await page.waitForSelector('#columns-section:not([hidden])');
      await page.locator('#indicators-title').scrollIntoViewIfNeeded();
      await shot(page, `15-375-indicators-${lang}`, false);
      await page.locator('#columns-title').scrollIntoViewIfNeeded();
      await shot(page, `16-375-columns-${lang}`, false);
      await page.locator('#diagnostic-list').scrollIntoViewIfNeeded();
      await shot(page, `17-375-problems-${lang}`, false);
    });
  }

  // The header picker (an ID column headed Pers.nr), then results marked out of date.
  await withPage({}, async (page) => {
    const file = join(outDir, 'pers-nr.csv');
    writeFileSync(file, ['Deltagare våren 2024;;;', ';;;', 'Pers.nr;Kön;Startdatum;O.2.3;Kurs',
      '19811218-9876;Kvinna;2024-03-01;X;X', '19900101-0017;Man;2024-03-02;X;'].join('\r\n'));
    await page.setInputFiles('[data-testid="register-input"]', file);
    await page.waitForSelector('[data-testid="header-picker"]:not([hidden])');
    await shot(page, '18-header-picker', false);
    await page.selectOption('#picker-id-column', { label: 'A: Pers.nr' });
    await page.click('#picker-run');
    await readSummary(page);
    await page.waitForSelector('#columns-section:not([hidden])');
    await page.selectOption('#columns-table select[data-header="Kurs"]', 'indicator:O.2.3.1');
    await page.locator('#results-title').scrollIntoViewIfNeeded();
    await shot(page, '19-stale-results', false);
    await page.click('#mapping-rerun');
    await page.waitForFunction(() => document.activeElement?.id === 'summary');
    await page.setInputFiles('[data-testid="register-input"]', file);
    await page.waitForSelector('[data-testid="mapping-kept"]:not([hidden])');
    await page.locator('#columns-title').scrollIntoViewIfNeeded();
    await shot(page, '20-kept-choices', false);
    await page.locator('#indicators-title').scrollIntoViewIfNeeded();
    await shot(page, '21-report-guide', false);
    await page.locator('#downloads-title').scrollIntoViewIfNeeded();
    await shot(page, '22-downloads', false);
  });

  // 1280 px in Finnish and English: the results from the top.
  for (const lang of ['fi', 'en']) {
    await withPage({}, async (page) => {
      await page.click(`.lang-button[data-lang="${lang}"]`);
      await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
      await loadSample(page);
      await page.locator('#results-title').scrollIntoViewIfNeeded();
      await shot(page, `23-1280-results-${lang}`, false);
      await page.locator('#indicators-title').scrollIntoViewIfNeeded();
      await shot(page, `24-1280-indicators-${lang}`, false);
    });
  }

  await withPage({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }, async (page) => {
    // 1280 × 900 at 200 % zoom: the layout sees a 640-px-wide window.
    await loadSample(page);
    await shot(page, '09-zoom-200');
  });
  // The Excel task pane at Excel's pane width: outside Excel, then with a stubbed workbook.
  const pane = { viewport: { width: 350, height: 900 } };
  await withBrowser(pane, async (browser) => {
    const { page } = await openPage(browser, `${server.url}addin/taskpane.html`);
    await shot(page, '10-addin-outside-excel', false);
  });
  await withBrowser(pane, async (browser) => {
    const book = await stubBook(join(repoRoot, 'tests/fixtures/messy_register.xlsx'));
    const { page } = await openPaneInExcel(browser, server.url, book);
    await shot(page, '11-addin-start', false);
    await page.click('[data-testid="check"]');
    await readSummary(page);
    await shot(page, '12-addin-results', false);
    await page.locator('#diagnostic-list').scrollIntoViewIfNeeded();
    await shot(page, '14-addin-problem-list', false);
    await page.locator('#indicators-title').scrollIntoViewIfNeeded();
    await shot(page, '13-addin-indicators', false);
  });
  // Two progress reports (tests/fixtures/README.md): periods side by side, the comparison, the stamp, the print summary.
  const fixture = (name) => join(repoRoot, 'tests/fixtures', name);
  const project = ['--project-period', '2025-01-01..2025-12-31', '--periods', 'quarterly'];
  const firstReport = Buffer.from(JSON.stringify(cliReport(fixture('quarter1.csv'), '2025-04-05', project)));
  const secondQuarter = async (page) => {
    await page.fill('#reference-date', '2025-07-05');
    await page.fill('#project-from', '2025-01-01');
    await page.fill('#project-to', '2025-12-31');
    await page.check('#counting-quarterly');
    await page.setInputFiles('[data-testid="register-input"]', fixture('quarter2.csv'));
    await readSummary(page);
  };
  const compare = async (page, json, register) => {
    await page.setInputFiles('[data-testid="compare-json"]', { name: 'aggregat-2025-04-05.json', mimeType: 'application/json', buffer: json });
    if (register) await page.setInputFiles('[data-testid="compare-register"]', fixture(register));
    await page.click('#compare-run');
    await page.waitForFunction(() => document.activeElement?.id === 'compare-result');
  };
  for (const [width, label] of [[1280, '1280'], [375, '375']]) {
    for (const lang of ['sv', 'fi', 'en']) {
      await withPage({ viewport: { width, height: 900 } }, async (page) => {
        if (lang !== 'sv') {
          await page.click(`.lang-button[data-lang="${lang}"]`);
          await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
        }
        await secondQuarter(page);
        await page.click('#periods-content button');
        await page.locator('#periods-section').screenshot({ path: join(outDir, `30-periods-${label}-${lang}.png`) });
        await compare(page, firstReport, 'quarter1.csv');
        await page.locator('#compare-section').screenshot({ path: join(outDir, `31-compare-${label}-${lang}.png`) });
        await page.click('#stamp-content summary');
        await page.locator('#stamp-section').screenshot({ path: join(outDir, `32-stamp-${label}-${lang}.png`) });
        await page.locator('#options-title').scrollIntoViewIfNeeded();
        await shot(page, `33-options-${label}-${lang}`, false);
        if (width === 1280) {
          await page.emulateMedia({ media: 'print' });
          await shot(page, `34-print-${lang}`, true);
          await page.emulateMedia({ media: 'screen' });
          await page.locator('#downloads-title').scrollIntoViewIfNeeded();
          await shot(page, `35-downloads-${lang}`, false);
        }
      });
    }
  }
  await withPage({}, async (page) => {
    await secondQuarter(page);
    await compare(page, firstReport, null);
    await page.locator('#compare-section').screenshot({ path: join(outDir, '36-compare-reasons-unknown.png') });
    await compare(page, Buffer.from('{"schema_version": 1, "tool'), null);
    await page.locator('#compare-section').screenshot({ path: join(outDir, '37-compare-damaged.png') });
    await page.check('#counting-custom');
    await page.click('#add-period');
    await page.locator('#options-title').scrollIntoViewIfNeeded();
    await shot(page, '38-custom-periods', false);
  });
  for (const [width, label] of [[1280, '1280'], [375, '375']]) {
    for (const lang of ['sv', 'fi', 'en']) {
      await withBrowser({ viewport: { width, height: 900 } }, async (browser) => {
        const { page } = await openPage(browser, `${server.url}accessibility.html?lang=${lang}`);
        await shot(page, `39-statement-${label}-${lang}`, true);
      });
    }
  }
  // The pane: register sheets inserted, then a quarter counted and compared.
  await withBrowser(pane, async (browser) => {
    const rows = new TextDecoder('windows-1252').decode(readFileSync(fixture('quarter2.csv'))).split(/\r?\n/).filter(Boolean).map((line) => line.split(';'));
    const { page } = await openPaneInExcel(browser, server.url, gridBook({ Deltagare: rows }));
    await page.getByTestId('insert-template').click();
    await page.waitForSelector('#error-box:not([hidden])');
    await shot(page, '40-addin-insert-taken', false);
    await page.click('#options-details summary');
    await page.fill('#reference-date', '2025-07-05');
    await page.fill('#project-from', '2025-01-01');
    await page.fill('#project-to', '2025-12-31');
    await page.check('#counting-quarterly');
    await page.getByTestId('check').click();
    await readSummary(page);
    await page.locator('#periods-title').scrollIntoViewIfNeeded();
    await shot(page, '41-addin-periods', false);
    await page.setInputFiles('[data-testid="compare-json"]', { name: 'q1.json', mimeType: 'application/json', buffer: firstReport });
    await page.setInputFiles('[data-testid="compare-register"]', fixture('quarter1.csv'));
    await page.click('#compare-run');
    await page.waitForFunction(() => document.activeElement?.id === 'compare-result');
    await page.locator('#compare-section').screenshot({ path: join(outDir, '42-addin-compare.png') });
  });
  await withBrowser(pane, async (browser) => {
    const { page } = await openPaneInExcel(browser, server.url, gridBook({ Budget: [['Kostnad']] }));
    await page.getByTestId('insert-template').click();
    await page.waitForSelector('[data-testid="status"]:not([hidden])');
    await shot(page, '43-addin-inserted', false);
  });
  console.log(`screenshots in ${outDir} (web root ${webRoot})`);
} finally {
  await server.stop();
}
