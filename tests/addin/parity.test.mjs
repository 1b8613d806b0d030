// The acceptance check: a messy register in a mocked workbook (its
// cell values and number formats, taken from the XLSX fixture) goes through
// the add-in's whole flow; the AMIF-indikatorer sheet must equal
// `amif-check report` on the same file, the marked cells must be exactly the
// cells of the CLI's error diagnostics, and clearing must leave every value
// and fill as it was.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  cellAddress, checkSheet, clearMarks, errorFill, indicatorSheet, locator, readWorkbook, writeResults,
} from '../../web/addin/excel.js';
import { FakeWorkbook, parseAddress } from './fake-excel.mjs';
import { cli, core, parseCsv, repoRoot } from './core.mjs';
import { xlsxCells } from './xlsx-cells.mjs';

const referenceDate = '2026-11-22';
/** The fixture in a mocked workbook. */
async function workbookFromXlsx(path) {
  const book = new FakeWorkbook();
  for (const { name, cells } of await xlsxCells(path)) {
    const sheet = book.addSheet(name);
    for (const cell of cells) sheet.set(cell.row, cell.column, cell.value, cell.numberFormat, cell.valueType);
  }
  book.active = book.sheets[0].name;
  return book;
}

const words = {
  cell: 'Cell', row: 'Rad', column: 'Kolumn', severity: 'Allvarlighet', code: 'Kod', message: 'Meddelande', sheet: 'Blad',
  severities: { error: 'Fel', warning: 'Varning', info: 'Information' },
};

for (const fixture of ['messy_register.xlsx', 'register.xlsx']) {
  test(`${fixture}: the add-in writes the CLI's indicator table and marks exactly the error cells`, async () => {
    const path = join(repoRoot, 'tests/fixtures', fixture);
    const book = await workbookFromXlsx(path);
    // Some cells carry the user's own fills, which must come back.
    const first = book.sheets[0];
    const box = first.usedBox();
    first.fills.set(`${box.top},${box.left}`, '#FFFF00');
    const snapshots = book.sheets.map((s) => [s.name, s.snapshot(), JSON.stringify([...s.fills].sort())]);

    const workbook = await readWorkbook(book.excel, { cellsPerRequest: 50 });
    const result = core.validateGrid(workbook, { referenceDate, lang: 'sv' });
    const table = core.aggregatesTable(result, 'sv');
    await writeResults(book.excel, { result, table, words });

    // The CLI's table; the stamp below it (file hash, options) is the CLI's own: Excel hands over no file.
    const report = parseCsv(cli(['report', path, '--reference-date', referenceDate, '--format', 'csv']));
    const end = report.findIndex((row) => row.every((cell) => cell === ''));
    const expected = end < 0 ? report : report.slice(0, end);
    const sheet = book.sheet(indicatorSheet);
    const written = expected.map((row, r) => row.map((_, c) => String(sheet.cell(r, c).value)));
    assert.deepEqual(written, expected);
    assert.ok(expected.length > 1, 'the fixture counts some indicator');

    // The CLI's findings, located as the add-in locates them.
    const findings = JSON.parse(cli(['check', path, '--reference-date', referenceDate, '--format', 'json']));
    const strip = (d) => ({ code: d.code, severity: d.severity, row: d.row ?? null, column: d.column ?? null, message: d.message });
    assert.deepEqual(result.diagnostics.map(strip), findings.map(strip));
    const locate = locator(result);
    const expectedMarks = new Set(findings.filter((d) => d.severity === 'error')
      .map(locate).filter(Boolean).map((p) => cellAddress(p.row, p.column)));
    assert.ok(expectedMarks.size > 0 || fixture === 'register.xlsx');
    const participants = book.sheet(result.sheet);
    const marked = new Set([...participants.fills].filter(([, color]) => color === errorFill)
      .map(([k]) => { const [r, c] = k.split(',').map(Number); return cellAddress(r + 1, c); }));
    assert.deepEqual([...marked].sort(), [...expectedMarks].sort());
    assert.equal(book.sheet(checkSheet).cell(findings.length, 4).value, findings.at(-1).code);

    await clearMarks(book.excel);
    for (const [name, values, fills] of snapshots) {
      const after = book.sheet(name);
      assert.equal(after.snapshot(), values, `values of ${name} untouched`);
      assert.equal(JSON.stringify([...after.fills].sort()), fills, `fills of ${name} restored`);
      assert.equal(after.notes.size, 0);
    }
    assert.ok(parseAddress('A1'));
  });
}
