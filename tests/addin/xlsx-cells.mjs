// A workbook file's cells as Excel hands them to Office.js: formula results,
// date cells as serial numbers, number formats as written, error values
// typed "Error". Read with ExcelJS (npm).

import ExcelJS from 'exceljs';

const excelEpoch = Date.UTC(1899, 11, 30);

/** [{name, cells: [{row, column (0-based), value, numberFormat, valueType|null}]}] */
export async function xlsxCells(path) {
  const source = new ExcelJS.Workbook();
  await source.xlsx.readFile(path);
  const sheets = [];
  source.eachSheet((worksheet) => {
    const cells = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        let value = cell.value;
        let valueType = null;
        if (value && typeof value === 'object' && 'formula' in value) value = value.result ?? '';
        if (value instanceof Date) value = (value.getTime() - excelEpoch) / 86_400_000;
        else if (value && typeof value === 'object' && 'richText' in value) value = value.richText.map((p) => p.text).join('');
        else if (value && typeof value === 'object' && 'error' in value) {
          value = value.error;
          valueType = 'Error';
        }
        cells.push({ row: rowNumber - 1, column: columnNumber - 1, value, numberFormat: cell.numFmt || 'General', valueType });
      });
    });
    sheets.push({ name: worksheet.name, cells });
  });
  return sheets;
}
