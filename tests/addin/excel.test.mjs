// Every Excel interaction of the add-in (web/addin/excel.js) against a
// mocked workbook: chunked reading, dates and numbers, result sheets,
// marking, clearing and running again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkSheet, clearMarks, errorFill, indicatorSheet, problemCells, warningFill, listSheets, marksKey, readWorkbook, selectCell, writeResults,
} from '../../web/addin/excel.js';
import { FakeWorkbook, parseAddress } from './fake-excel.mjs';
import { core } from './core.mjs';

const words = {
  cell: 'Cell', row: 'Rad', column: 'Kolumn', severity: 'Allvarlighet', code: 'Kod', message: 'Meddelande', sheet: 'Blad',
  severities: { error: 'Fel', warning: 'Varning', info: 'Information' },
};
const excelApi = (max) => (version) => Number(version.split('.')[1]) <= Number(max.split('.')[1]);

/** A register with title rows, starting in column B: numeric IDs, date cells, errors. */
function registerBook() {
  const book = new FakeWorkbook();
  book.addSheet('Info').set(0, 0, 'Om projektet');
  const sheet = book.addSheet('Deltagare');
  book.active = 'Deltagare';
  sheet.set(0, 1, 'Deltagarförteckning 2026');
  const header = ['Personnummer', 'Kön', 'Startdatum', 'O.2.3 Deltagare'];
  header.forEach((text, c) => sheet.set(2, 1 + c, text));
  const rows = [
    [199001011239, 'K', 45306, 'x'], // valid, date cell
    [198112189876, 'M', 45307, 'x'],
    [198112189875, 'K', 45308, 'x'], // wrong check digit
    [200005051230, 'Q', 45309, 'x'], // bad gender (if the ID is valid)
  ];
  rows.forEach((row, r) => {
    sheet.set(3 + r, 1, row[0], '0');
    sheet.set(3 + r, 2, row[1]);
    sheet.set(3 + r, 3, row[2], 'yyyy-mm-dd');
    sheet.set(3 + r, 4, row[3]);
  });
  return { book, sheet };
}

const options = { referenceDate: '2026-11-22', lang: 'sv' };

async function runFlow(book, { supports = () => true, sheet } = {}) {
  const workbook = await readWorkbook(book.excel, { supports });
  const result = core.validateGrid(workbook, { ...options, sheet });
  const table = core.aggregatesTable(result, 'sv');
  const written = await writeResults(book.excel, { result, table, words, supports });
  return { workbook, result, table, written };
}

test('lists worksheets without the result sheets; the active one is preselected', async () => {
  const { book } = registerBook();
  book.addSheet(checkSheet);
  assert.deepEqual(await listSheets(book.excel), { names: ['Info', 'Deltagare'], active: 'Deltagare' });
});

test('reads the used range in chunks within the request limit', async () => {
  const book = new FakeWorkbook();
  const sheet = book.addSheet('Stor');
  for (let r = 0; r < 57; r += 1) for (let c = 0; c < 4; c += 1) sheet.set(5 + r, 2 + c, `${r}:${c}`);
  const { sheets } = await readWorkbook(book.excel, { cellsPerRequest: 40 });
  const [read] = sheets;
  assert.equal(read.top, 5);
  assert.equal(read.left, 2);
  assert.equal(read.values.length, 57);
  assert.equal(read.values[56][3], '56:3');
  assert.equal(read.numberFormat.length, 57);
  assert.equal(read.valueTypes[0][0], 'String');
  const chunks = book.rangeRequests.filter((r) => r.rows * r.columns < 57 * 4);
  assert.equal(chunks.length, Math.ceil(57 / 10));
  for (const chunk of chunks) assert.ok(chunk.rows * chunk.columns <= 40);
});

test('a chunk Office refuses as too large is read again in halves', async () => {
  const book = new FakeWorkbook({ responseLimit: 3_000 });
  const sheet = book.addSheet('Långa texter');
  const long = 'x'.repeat(200);
  for (let r = 0; r < 40; r += 1) {
    sheet.set(r, 0, `rad ${r}`);
    sheet.set(r, 1, long);
  }
  const { sheets } = await readWorkbook(book.excel, { cellsPerRequest: 60 });
  assert.equal(sheets[0].values.length, 40);
  assert.deepEqual(sheets[0].values.map((row) => row[0]), Array.from({ length: 40 }, (_, r) => `rad ${r}`));
  const sizes = book.rangeRequests.filter((r) => r.columns === 2 && r.rows < 40).map((r) => r.rows);
  // 30 rows (6 kB) and 15 rows are over the limit; chunks of 7 rows fit.
  assert.deepEqual(sizes.slice(0, 3), [30, 15, 7]);
  assert.ok(sizes.slice(2).every((rows) => rows <= 7), `${sizes}`);

  // A single row over the limit cannot be split: the error reaches the caller.
  const tiny = new FakeWorkbook({ responseLimit: 100 });
  tiny.addSheet('S').set(0, 0, long);
  await assert.rejects(readWorkbook(tiny.excel), /payload size/);
});

test('numeric 12-digit IDs stay exact and date-formatted numbers are dates', async () => {
  const { book } = registerBook();
  const workbook = await readWorkbook(book.excel);
  const participants = workbook.sheets.find((s) => s.name === 'Deltagare');
  assert.equal(participants.values[3][0], 199001011239);
  assert.equal(participants.numberFormat[3][2], 'yyyy-mm-dd');
  const result = core.validateGrid(workbook, options);
  assert.equal(result.sheet, 'Deltagare');
  assert.equal(result.headerRow, 3);
  const codes = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.row}`);
  assert.deepEqual(codes.sort(), ['gender.invalid@7', 'id.checksum@6'].sort());
  // The same cells as text give the same findings: the date cells were read as dates.
  assert.ok(!result.diagnostics.some((d) => d.code === 'date.invalid'));
  // No identifier in any message.
  for (const d of result.diagnostics) assert.ok(!/1990010112|19811218/.test(d.message));
});

test('writes the indicator and check sheets, marks exactly the error cells', async () => {
  const { book, sheet } = registerBook();
  sheet.fills.set('5,1', '#FFFF00'); // the user's own yellow fill on B6
  const before = sheet.snapshot();
  const { result, table, written } = await runFlow(book);

  const indicators = book.sheet(indicatorSheet);
  assert.equal(indicators.cell(0, 0).value, table[0][0]);
  assert.equal(indicators.cell(1, 0).value, 'O.2.3');
  assert.equal(indicators.cell(1, 3).value, Number(table[1][3]));
  assert.equal(typeof indicators.cell(1, 3).value, 'number');
  assert.equal(indicators.cell(1, 1).numberFormat, '@');
  assert.ok(indicators.bold.has('0,0'));

  const check = book.sheet(checkSheet);
  assert.equal(check.cell(0, 5).value, 'Meddelande');
  const checksum = result.diagnostics.findIndex((d) => d.code === 'id.checksum');
  assert.equal(check.cell(checksum + 1, 0).value, 'B6');
  assert.deepEqual(check.hyperlinks.get(`${checksum + 1},0`), { documentReference: "'Deltagare'!B6", textToDisplay: 'B6' });

  const marked = [...sheet.fills.entries()].filter(([, color]) => color === errorFill).map(([k]) => k).sort();
  assert.deepEqual(marked, ['5,1', '6,2']);
  assert.equal(written.marked, 2);
  assert.match(sheet.notes.get('5,1'), /kontrollsiffra/i);
  assert.equal(sheet.snapshot(), before, 'cell values are never changed');
  assert.ok(book.settings.has(marksKey));
});

test('clearing restores previous fills and removes only the add-in\'s notes', async () => {
  const { book, sheet } = registerBook();
  sheet.fills.set('5,1', '#FFFF00');
  sheet.fills.set('4,4', '#00B0F0'); // unrelated fill stays
  const before = sheet.snapshot();
  await runFlow(book);
  assert.equal(await clearMarks(book.excel), 2);
  assert.deepEqual([...sheet.fills.entries()].sort(), [['4,4', '#00B0F0'], ['5,1', '#FFFF00']]);
  assert.equal(sheet.notes.size, 0);
  assert.equal(book.settings.has(marksKey), false);
  assert.equal(sheet.snapshot(), before);
  assert.equal(await clearMarks(book.excel), 0, 'nothing left to clear');
});

test('a marked cell the user has filled otherwise since keeps the user\'s fill', async () => {
  const { book, sheet } = registerBook();
  await runFlow(book);
  sheet.fills.set('6,2', '#92D050'); // the user colours C7 green after the check
  await clearMarks(book.excel);
  assert.deepEqual([...sheet.fills.entries()], [['6,2', '#92D050']]);
});

test('running again replaces the result sheets and does not stack marks', async () => {
  const { book, sheet } = registerBook();
  sheet.notes.set('6,2', 'the user\'s own note'); // on a cell that will be marked
  await runFlow(book);
  // The user fixes the gender, then checks again.
  sheet.set(6, 2, 'K');
  await runFlow(book);
  assert.equal(book.sheets.filter((s) => s.name === indicatorSheet).length, 1);
  assert.equal(book.sheets.filter((s) => s.name === checkSheet).length, 1);
  assert.deepEqual([...sheet.fills.keys()], ['5,1']);
  assert.equal(sheet.notes.get('6,2'), 'the user\'s own note');
  await clearMarks(book.excel);
  assert.equal(sheet.fills.size, 0);
  assert.equal(sheet.notes.get('6,2'), 'the user\'s own note');
});

test('a warning cell is filled yellow with a note, never a value changed, and clearing restores it', async () => {
  const { book, sheet } = registerBook();
  sheet.fills.set('3,3', '#DDEBF7'); // the user's own fill on the start date that gets the warning
  const before = sheet.snapshot();
  const workbook = await readWorkbook(book.excel);
  // The first start date (2024-01-15) lies before the project period: date.outside_project, a warning.
  const result = core.validateGrid(workbook, { ...options, projectPeriod: { from: '2024-01-16', to: '2024-12-31' } });
  const warning = result.diagnostics.find((d) => d.code === 'date.outside_project');
  assert.equal(warning?.row, 4);
  const written = await writeResults(book.excel, { result, table: core.aggregatesTable(result, 'sv'), words });
  assert.equal(sheet.fills.get('3,3'), warningFill);
  assert.equal(sheet.notes.get('3,3'), warning.message);
  assert.deepEqual([written.errors, written.warnings], [2, 1]);
  assert.equal(sheet.snapshot(), before, 'only fills and notes change');
  await clearMarks(book.excel);
  assert.equal(sheet.fills.get('3,3'), '#DDEBF7', 'the user\'s fill is back');
  assert.equal(sheet.notes.size, 0);
});

test('with ExcelApi 1.7 only: fills without notes, white taken for no fill', async () => {
  const { book, sheet } = registerBook();
  const supports = excelApi('1.7');
  sheet.fills.set('5,1', '#FFFFFF');
  await runFlow(book, { supports });
  assert.equal(sheet.notes.size, 0);
  assert.equal(sheet.fills.get('5,1'), errorFill);
  await clearMarks(book.excel, { supports });
  assert.equal(sheet.fills.size, 0);
});

test('a problem cell is located by header text, a row-level error at the table\'s first column; warnings are yellow', () => {
  const result = {
    sheet: 'S',
    headerRow: 3,
    columns: [{ index: 1, header: 'Personnummer' }, { index: 2, header: ' Kön ' }],
    diagnostics: [
      { severity: 'error', code: 'a', row: 5, column: 'Kön', message: 'm1' },
      { severity: 'error', code: 'b', row: 6, column: null, message: 'm2' },
      { severity: 'error', code: 'c', row: null, column: 'Personnummer', message: 'm3' },
      { severity: 'error', code: 'd', row: 4, column: 'X', sheet: 'Other', message: 'm4' },
      { severity: 'warning', code: 'e', row: 4, column: 'Kön', message: 'm5' },
    ],
  };
  assert.deepEqual([...problemCells(result)].map(([address, { fill }]) => [address, fill]),
    [['C5', errorFill], ['B6', errorFill], ['B3', errorFill], ['C4', warningFill]]);
  assert.deepEqual(parseAddress('AA10'), { row: 9, column: 26 });
});

test('validateGrid refuses malformed workbooks with a message and takes odd cells in its stride', () => {
  assert.throws(() => core.validateGrid(null, options), /workbook: expected \{sheets/);
  assert.throws(() => core.validateGrid({ sheets: 'x' }, options), /workbook: expected \{sheets/);
  assert.throws(() => core.validateGrid({ sheets: [{ values: [] }] }, options), /needs a name/);
  assert.throws(() => core.validateGrid({ sheets: [{ name: 'S', values: [1, 2] }] }, options), /array of rows/);
  // Cells that are neither number, text nor boolean read as empty; an empty sheet has no header.
  assert.throws(() => core.validateGrid({ sheets: [{ name: 'S', values: [[{}, null, undefined]] }] }, options), /rubrikrad|header/i);
  // A range said to start far right is refused by the column limit, not allocated.
  assert.throws(() => core.validateGrid({ sheets: [{ name: 'S', left: 1.5e12, values: [['Personnummer']] }] }, options), /för många kolumner/);
  const result = core.validateGrid({
    sheets: [{ name: 'S', top: -3, values: [['Personnummer', 'Kön'], ['#N/A', 'K']], valueTypes: [['String', 'String'], ['Error', 'String']] }],
  }, options);
  assert.equal(result.headerRow, 1);
  assert.ok(result.diagnostics.some((d) => d.code === 'id.format' && d.row === 2));
});

test('the check sheet keeps header and message texts as text, row numbers as numbers', async () => {
  const book = new FakeWorkbook();
  book.addSheet('S');
  const result = {
    sheet: 'S',
    headerRow: 1,
    columns: [{ index: 0, header: '2024' }],
    diagnostics: [{ severity: 'warning', code: 'x', row: 2, column: '2024', message: '=1+1' }],
  };
  await writeResults(book.excel, { result, table: [['Indikator']], words });
  const check = book.sheet(checkSheet);
  assert.equal(check.cell(1, 1).value, 2);
  assert.equal(check.cell(1, 2).value, '2024');
  assert.equal(check.cell(1, 2).numberFormat, '@');
  assert.equal(check.cell(1, 5).value, '=1+1');
  assert.equal(check.cell(1, 5).numberFormat, '@', 'a formula-like message stays text');
});

test('going to a cell activates its sheet and selects it', async () => {
  const { book } = registerBook();
  book.active = 'Info';
  await selectCell(book.excel, 'Deltagare', 'C7');
  assert.equal(book.active, 'Deltagare');
  assert.deepEqual(book.selection, { sheet: 'Deltagare', row: 6, column: 2 });
});
