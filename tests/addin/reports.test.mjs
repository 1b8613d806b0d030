// The add-in's report sheets and register sheets against a mocked workbook:
// AMIF-perioder holds the CLI's figures per quarter side by side, a
// comparison with the last report lands below the figures on
// AMIF-indikatorer with its differences as signed numbers, the register
// template is inserted as the CLI writes it and never over a sheet of the
// same name, and the open workbook's sheets compare with the last report
// exactly as the CLI compares the register file, the add-in's own sheets
// from a previous check still in the workbook.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdtempSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  base64Of, checkSheet, indicatorSheet, insertSheets, periodsSheet, readWorkbook, rewriteIndicatorSheet, writeResults,
} from '../../web/addin/excel.js';
import { comparisonOf } from '../../web/compare-view.js';
import { periodSheetRows } from '../../web/periods-view.js';
import { FakeWorkbook } from './fake-excel.mjs';
import { cli, core, repoRoot } from './core.mjs';

const fixture = (name) => join(repoRoot, 'tests/fixtures', name);
const words = {
  cell: 'Cell', row: 'Rad', column: 'Kolumn', severity: 'Allvarlighet', code: 'Kod', message: 'Meddelande', sheet: 'Blad',
  severities: { error: 'Fel', warning: 'Varning', info: 'Information' },
};
const project = ['--project-period', '2025-01-01..2025-12-31', '--periods', 'quarterly'];
const projectOptions = { projectPeriod: { from: '2025-01-01', to: '2025-12-31' }, periods: 'quarterly', lang: 'sv' };
const firstReport = { ...projectOptions, referenceDate: '2025-04-05' };
const secondReport = { ...projectOptions, referenceDate: '2025-07-05' };

/** A register CSV's rows as text cells (cp1252, semicolons, as the fixtures are written). */
function csvRows(name) {
  return new TextDecoder('windows-1252').decode(readFileSync(fixture(name))).split(/\r?\n/).filter(Boolean).map((line) => line.split(';'));
}

/** The register as a sheet of text cells in a mocked workbook. */
function bookOf(name, sheetName = 'Deltagare') {
  const book = new FakeWorkbook();
  const sheet = book.addSheet(sheetName);
  csvRows(name).forEach((cells, r) => cells.forEach((value, c) => sheet.set(r, c, value)));
  book.active = sheetName;
  return { book, sheet };
}

/** Checks the mocked workbook as the pane does and writes every result sheet. */
async function checkAndWrite(book, options) {
  const result = core.validateGrid(await readWorkbook(book.excel), options);
  const table = core.aggregatesTable(result, 'sv');
  await writeResults(book.excel, { result, table, periods: periodSheetRows(result, core.catalogue('sv')), words });
  return result;
}

test('AMIF-perioder: each quarter side by side and the total, every age and gender, equal to the CLI', async () => {
  const { book, sheet } = bookOf('quarter2.csv');
  const before = sheet.snapshot();
  await checkAndWrite(book, secondReport);
  const expected = JSON.parse(cli(['report', fixture('quarter2.csv'), '--reference-date', '2025-07-05', ...project, '--format', 'json']));
  const periods = book.sheet(periodsSheet);
  assert.ok(periods, 'the periods sheet is written');
  const header = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => periods.cell(0, c).value);
  assert.deepEqual(header, ['Kod', 'Indikator', 'Ålder och kön',
    ...expected.periods.map((p) => `${p.from} – ${p.to}`), 'Totalt']);
  assert.ok(periods.bold.has('0,0'), 'the header row is bold');

  const ages = ['<18', '18-60', '>60'];
  const genders = ['man', 'kvinna', 'icke-binär'];
  let row = 1;
  for (const indicator of expected.indicators) {
    const perPeriod = expected.periods.map((p) => p.indicators.find((i) => i.code === indicator.code));
    const cells = (r) => [3, 4, 5, 6, 7].map((c) => periods.cell(r, c).value);
    assert.equal(periods.cell(row, 0).value, indicator.code);
    assert.equal(periods.cell(row, 2).value, 'Alla');
    assert.deepEqual(cells(row), [...perPeriod.map((p) => p.total), indicator.total], `${indicator.code} totals`);
    row += 1;
    for (const age of ages) {
      for (const gender of genders) {
        assert.deepEqual(cells(row), [...perPeriod.map((p) => p.breakdown[age][gender]), indicator.breakdown[age][gender]], `${indicator.code} ${age} ${gender}`);
        assert.equal(typeof periods.cell(row, 3).value, 'number');
        row += 1;
      }
    }
  }
  assert.equal(periods.cell(row, 0).value, '', 'nothing below the last indicator');
  assert.equal(sheet.snapshot(), before, 'the register\'s cells are never changed');

  // Checked again without periods: no periods sheet is left behind.
  await checkAndWrite(book, { referenceDate: '2025-07-05', lang: 'sv' });
  assert.equal(book.sheet(periodsSheet), undefined);
  assert.ok(book.sheet(indicatorSheet) && book.sheet(checkSheet));
});

test('a comparison below the figures on AMIF-indikatorer: then, now and a signed difference, the stamp as text', async () => {
  const { book, sheet } = bookOf('quarter2.csv');
  const result = await checkAndWrite(book, secondReport);
  const first = core.validateRegister(readFileSync(fixture('quarter1.csv')), firstReport);
  const comparison = core.compareGridWithPrevious(await readWorkbook(book.excel), secondReport,
    JSON.stringify(first.aggregates), readFileSync(fixture('quarter1.csv')));
  result.aggregates.comparison = comparisonOf(comparison);
  const before = sheet.snapshot();
  await rewriteIndicatorSheet(book.excel, core.aggregatesTable(result, 'sv'));

  const indicators = book.sheet(indicatorSheet);
  const rows = [];
  for (let r = 0; indicators.cell(r, 0).value !== '' || indicators.cell(r + 1, 0).value !== ''; r += 1) rows.push(r);
  const find = (first, second) => rows.find((r) => indicators.cell(r, 0).value === first && indicators.cell(r, 1).value === second);
  const q1 = find('2025-01-01..2025-03-31', 'O.2.3');
  assert.ok(q1 !== undefined, 'the comparison block is on the sheet');
  assert.deepEqual([2, 3, 4].map((c) => indicators.cell(q1, c).value), [5, 7, 2]);
  assert.equal(indicators.cell(q1, 4).numberFormat, '+0;-0;0', 'a difference shows its sign');
  // Reasons: now counted, no longer counted, from a later period, …, another age group.
  assert.deepEqual([5, 6, 7, 11].map((c) => indicators.cell(q1, c).value), [2, 1, 1, 1]);
  const title = rows.find((r) => /^Jämförelse/.test(String(indicators.cell(r, 0).value)));
  assert.ok(indicators.bold.has(`${title},0`), 'each block\'s first row is bold');
  const hash = rows.find((r) => indicators.cell(r, 0).value === 'Registerfil (SHA-256)');
  assert.equal(indicators.cell(hash, 1).value, '', 'sheets handed over by Excel have no file to hash');
  const date = rows.find((r) => indicators.cell(r, 0).value === 'Rapportdatum');
  assert.deepEqual([indicators.cell(date, 1).value, indicators.cell(date, 1).numberFormat], ['2025-07-05', '@'], 'the stamp stays text');
  assert.equal(indicators.cell(1, 1).numberFormat, '@', 'names stay text');
  assert.equal(sheet.snapshot(), before);
});

test('Infoga registerblad: the CLI\'s template, at the end, never over a sheet of the same name', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'amif-template-'));
  try {
    const out = join(scratch, 'mall.xlsx');
    cli(['template', '--country', 'se', '--lang', 'sv', out]);
    const bytes = core.registerTemplate({ country: 'se', lang: 'sv' });
    const { sheets } = core.previewRows(bytes, { rows: 1 });

    const book = new FakeWorkbook();
    book.addSheet('Budget').set(0, 0, 'Kostnad');
    book.active = 'Budget';
    const inserted = await insertSheets(book.excel, { base64: base64Of(bytes), sheets });
    assert.deepEqual(inserted, { inserted: sheets, inTheWay: [] });
    assert.deepEqual(book.sheets.map((s) => s.name), ['Budget', ...sheets]);
    assert.equal(book.active, sheets[0], 'the participant sheet is shown');
    const [file] = book.insertedFiles;
    assert.deepEqual(Buffer.from(file.base64, 'base64'), readFileSync(out), 'the bytes of `amif-check template`');
    assert.deepEqual(file.options, { sheetNamesToInsert: sheets, positionType: 'End' });

    // Again into a workbook that has a sheet of one of those names (Excel ignores case): nothing is inserted.
    const taken = new FakeWorkbook();
    taken.addSheet(sheets[0].toLowerCase()).set(0, 0, 'Personnummer');
    const before = taken.sheets[0].snapshot();
    assert.deepEqual(await insertSheets(taken.excel, { base64: base64Of(bytes), sheets }), { inserted: [], inTheWay: [sheets[0]] });
    assert.deepEqual(taken.insertedFiles, []);
    assert.deepEqual(taken.sheets.map((s) => s.name), [sheets[0].toLowerCase()]);
    assert.equal(taken.sheets[0].snapshot(), before);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('the open workbook compared with the last report, the add-in\'s sheets from a previous check still in it: exactly the CLI\'s comparison', async () => {
  const { book } = bookOf('quarter2.csv');
  // A previous check's sheets, and its figures kept under another name as Excel names a copied sheet.
  await checkAndWrite(book, secondReport);
  const kept = book.addSheet(`${indicatorSheet} (2)`);
  for (const [position, cell] of book.sheet(indicatorSheet).cells) kept.cells.set(position, { ...cell });
  assert.deepEqual(book.sheets.map((s) => s.name).sort(), ['AMIF-indikatorer', 'AMIF-indikatorer (2)', 'AMIF-kontroll', 'AMIF-perioder', 'Deltagare']);

  // As the pane does: the sheets the check read, its options (with the sheet it found), compared in the worker.
  const grid = await readWorkbook(book.excel);
  const result = core.validateGrid(grid, secondReport);
  const options = { ...secondReport, sheet: result.sheet };
  const scratch = mkdtempSync(join(tmpdir(), 'amif-compare-'));
  try {
    const old = join(scratch, 'q1.json');
    writeFileSync(old, cli(['report', fixture('quarter1.csv'), '--reference-date', '2025-04-05', ...project, '--format', 'json']));
    const compared = comparisonOf(core.compareGridWithPrevious(grid, options, readFileSync(old, 'utf8'), readFileSync(fixture('quarter1.csv'))));
    const expected = JSON.parse(cli(['report', fixture('quarter2.csv'), '--reference-date', '2025-07-05', ...project,
      '--previous', old, '--previous-register', fixture('quarter1.csv'), '--format', 'json']));
    assert.deepEqual(compared, expected.comparison);
    assert.equal(expected.comparison.reasons_known, true);
    assert.deepEqual(result.aggregates.indicators, expected.indicators);
    assert.deepEqual(result.aggregates.periods, expected.periods);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
