//! CSV files: encoding and delimiter detection, then one record at a time
//! through the csv crate, numbered as the rows Excel would show.

use super::encoding::{decoded_prefix, LineEndings, TextEncoding};
use super::header::Mapping;
use super::read::{read_rows, unreadable, Limits, RowSource};
use super::{Cell, ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};
use csv::{ByteRecord, Reader, ReaderBuilder};
use std::borrow::Cow;
use std::io::Read;

/// Delimiters tried, in order of preference when they fit equally well.
const DELIMITERS: [u8; 3] = [b';', b'\t', b','];
/// Lines looked at to choose the delimiter.
const SNIFF_LINES: usize = 50;
const SNIFF_BYTES: usize = 64 * 1024;

pub(crate) fn read(
    bytes: &[u8],
    kind: TableKind,
    mapping: &Mapping,
    options: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    read_rows(
        csv_rows(bytes, options),
        kind,
        mapping,
        Limits::new(options),
        None,
        sink,
    )
}

/// Every row of the file, blank ones included, as [`read`] sees them.
pub(crate) fn rows<'a>(
    bytes: &'a [u8],
    options: &ReadOptions,
) -> impl Iterator<Item = Result<Row, ReadError>> + 'a {
    let mut rows = csv_rows(bytes, options);
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut row = Row::default();
        let next = match rows.next_into(&mut row) {
            Ok(true) => Some(Ok(row)),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        };
        done = !matches!(next, Some(Ok(_)));
        next
    })
}

fn csv_rows<'a>(bytes: &'a [u8], options: &ReadOptions) -> CsvRows<'a> {
    let encoding = TextEncoding::detect(bytes);
    let delimiter = detect_delimiter(&sniff_sample(bytes, encoding));
    CsvRows::new(encoding.reader(bytes), delimiter, Limits::new(options))
}

/// The first lines of the decoded text, cut after the last whole line.
fn sniff_sample(bytes: &[u8], encoding: TextEncoding) -> String {
    let mut sample = decoded_prefix(bytes, encoding, SNIFF_BYTES);
    if sample.len() >= SNIFF_BYTES {
        if let Some(end) = sample.rfind('\n') {
            sample.truncate(end + 1);
        }
    }
    sample
}

/// The delimiter that splits the sample's lines into the most rows of one
/// and the same column count above one; ties go to more columns, then to
/// `;`, tab, `,` in that order. Quotes are respected (the csv crate splits).
pub(crate) fn detect_delimiter(sample: &str) -> u8 {
    let mut best = (0usize, 0usize, b';');
    for delimiter in DELIMITERS {
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(sample.as_bytes());
        let mut counts: Vec<usize> = Vec::new();
        let mut record = ByteRecord::new();
        while counts.len() < SNIFF_LINES {
            match reader.read_byte_record(&mut record) {
                Ok(true) => counts.push(record.len()),
                Ok(false) | Err(_) => break,
            }
        }
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for &count in counts.iter().filter(|&&c| c > 1) {
            match tally.iter_mut().find(|(c, _)| *c == count) {
                Some((_, n)) => *n += 1,
                None => tally.push((count, 1)),
            }
        }
        // The most frequent column count, the larger one on a tie.
        if let Some(&(columns, rows)) = tally
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
        {
            if (rows, columns) > (best.0, best.1) {
                best = (rows, columns, delimiter);
            }
        }
    }
    best.2
}

/// CSV records as rows. Row numbers count blank lines, as Excel shows
/// them, but not the line breaks inside quoted cells.
///
/// Rows are filled into the caller's buffer: its cells' strings are reused
/// from row to row, so reading allocates nothing per cell.
struct CsvRows<'a> {
    reader: Reader<LineEndings<Box<dyn Read + 'a>>>,
    record: ByteRecord,
    limits: Limits,
    /// Line breaks inside quoted cells read so far.
    inside: u64,
    /// Strings of cells that became empty, for the next text cells.
    spare: Vec<String>,
    /// The number given to the record before (0 before the first).
    previous: u64,
}

impl<'a> CsvRows<'a> {
    fn new(input: Box<dyn Read + 'a>, delimiter: u8, limits: Limits) -> Self {
        let reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(LineEndings::new(input));
        CsvRows {
            reader,
            record: ByteRecord::new(),
            limits,
            inside: 0,
            spare: Vec::new(),
            previous: 0,
        }
    }

    /// Puts the record's fields into the row's cells, reusing their strings.
    fn fill<'t>(
        &mut self,
        row: &mut Row,
        count: usize,
        fields: impl Iterator<Item = Cow<'t, str>>,
    ) -> Result<(), ReadError> {
        for cell in row.cells.iter_mut().skip(count) {
            Self::clear(&mut self.spare, cell);
        }
        row.cells.resize(count, Cell::Empty);
        for (column, (text, cell)) in fields.zip(row.cells.iter_mut()).enumerate() {
            if text.is_empty() {
                Self::clear(&mut self.spare, cell);
                continue;
            }
            // Checked before copying, so a huge cell is never copied.
            self.limits.check_text(&text)?;
            if !super::cell::is_blank(&text) {
                self.limits.check_column(column as u64)?;
            }
            if !matches!(cell, Cell::Text(_)) {
                *cell = Cell::Text(self.spare.pop().unwrap_or_default());
            }
            if let Cell::Text(buffer) = cell {
                buffer.clear();
                buffer.push_str(&text);
            }
        }
        Ok(())
    }

    /// Empties `cell`, keeping its string for later.
    fn clear(spare: &mut Vec<String>, cell: &mut Cell) {
        if let Cell::Text(text) = std::mem::replace(cell, Cell::Empty) {
            spare.push(text);
        }
    }
}

impl RowSource for CsvRows<'_> {
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(_) => return Err(ReadError::Unreadable(unreadable("corrupt"))),
        }
        // Every record ends with LF (LineEndings sees to it) and the reader
        // has counted it: the record's last line is one less than the count.
        // Excel's row is that minus every line break inside quoted cells so
        // far, this record's included.
        let lines_after = self.reader.position().line();
        self.inside += self
            .record
            .as_slice()
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        // A quote never closed runs to the end of the file and swallows the
        // last LF, which then counts as inside: never number a record at or
        // above the one before it.
        let number = lines_after
            .saturating_sub(self.inside + 1)
            .max(self.previous + 1);
        self.previous = number;

        // The decoded text is UTF-8 already: one check for the whole record
        // (fields split at ASCII delimiters stay valid); lossy guards odd bytes.
        let record = std::mem::take(&mut self.record);
        let count = record.len();
        let filled = match std::str::from_utf8(record.as_slice()) {
            Ok(text) => {
                let field = |i| {
                    record
                        .range(i)
                        .and_then(|r| text.get(r))
                        .unwrap_or_default()
                };
                self.fill(row, count, (0..count).map(|i| Cow::Borrowed(field(i))))
            }
            Err(_) => self.fill(row, count, record.iter().map(String::from_utf8_lossy)),
        };
        self.record = record;
        filled?;
        while row.cells.last().is_some_and(Cell::is_empty) {
            if let Some(mut cell) = row.cells.pop() {
                Self::clear(&mut self.spare, &mut cell);
            }
        }
        // Blank rows only count lines; their number may be anything.
        row.number = if row.cells.is_empty() {
            u32::try_from(number).unwrap_or(u32::MAX)
        } else {
            self.limits.check_row_number(number)?
        };
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(u32, Vec<String>)> {
        let delimiter = detect_delimiter(text);
        let limits = Limits {
            rows: 1000,
            columns: 100,
            cell_chars: 1000,
        };
        all(CsvRows::new(Box::new(text.as_bytes()), delimiter, limits))
            .into_iter()
            .map(|row| row.expect("row"))
            .filter(|row| !row.is_empty())
            .map(|row| {
                let cells = row
                    .cells
                    .iter()
                    .map(|c| crate::register::values::text(c).into_owned())
                    .collect();
                (row.number, cells)
            })
            .collect()
    }

    /// Every row as an owned copy, as the grid reads them.
    fn all(mut source: CsvRows) -> Vec<Result<Row, ReadError>> {
        let mut rows = Vec::new();
        let mut row = Row::default();
        loop {
            match source.next_into(&mut row) {
                Ok(true) => rows.push(Ok(row.clone())),
                Ok(false) => return rows,
                Err(e) => {
                    rows.push(Err(e));
                    return rows;
                }
            }
        }
    }

    fn numbers(text: &str) -> Vec<u32> {
        rows(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        // Decimal commas inside a semicolon file.
        assert_eq!(
            detect_delimiter("Namn;Belopp;Kön\nA;1,5;K\nB;2,25;M\nC;3;M\n"),
            b';'
        );
        // Commas inside quotes do not count.
        assert_eq!(
            detect_delimiter("\"Ek, Anna\";K;2024\n\"Berg, Bo\";M;2023\n"),
            b';'
        );
        // Title rows without delimiters above the table.
        assert_eq!(
            detect_delimiter(
                "Deltagarförteckning\nProjekt X, 2024\n\nID,Kön,Start\n1,K,2024\n2,M,2024\n"
            ),
            b','
        );
        // One column: nothing to go by.
        assert_eq!(detect_delimiter("ID\n1\n2\n"), b';');
        assert_eq!(detect_delimiter(""), b';');
    }

    #[test]
    fn row_numbers_as_excel_shows_them() {
        assert_eq!(numbers("a;b\nc;d\n"), vec![1, 2]);
        assert_eq!(numbers("a;b\n\n\nc;d"), vec![1, 4]);
        assert_eq!(numbers("a;b\r\n\r\nc;d\r\n"), vec![1, 3]);
        assert_eq!(numbers("\n\na;b\n"), vec![3]);
        assert_eq!(numbers("a;b\rc;d\r"), vec![1, 2]);
        // Line breaks inside quoted cells do not make rows.
        assert_eq!(
            numbers("a;\"x\ny\nz\"\n\nc;d\n\"p\r\nq\";r\r\ns;t"),
            vec![1, 3, 4, 5]
        );
        // A quote closed at the very end, or never closed.
        assert_eq!(numbers("a;b\nc;\"d\n\"\n"), vec![1, 2]);
        assert_eq!(numbers("a;b\nc;\"d\n\""), vec![1, 2]);
        assert_eq!(numbers("a;b\nc;\"d\n"), vec![1, 2]);
        assert_eq!(numbers("a;b\nc;\"d\ne;f\n"), vec![1, 2]);
        // Title rows, an empty row of delimiters, then the header on row 4.
        let text = "Deltagarförteckning;;;\nStödmottagare X;;;\n;;;\nPersonnummer;Förnamn;Kön;\n199001011234;Anna;K;\n";
        let got = rows(text);
        assert_eq!(got[2].0, 4);
        assert_eq!(got[2].1, vec!["Personnummer", "Förnamn", "Kön"]);
        assert_eq!(got[3].0, 5);
    }

    #[test]
    fn cells() {
        let got = rows("a;\"b;c\";;\" d \"\n");
        assert_eq!(got[0].1, vec!["a", "b;c", "", "d"]);
        let row = all(CsvRows::new(
            Box::new(&b"x;;\"\";y;;;\n"[..]),
            b';',
            Limits {
                rows: 10,
                columns: 10,
                cell_chars: 10,
            },
        ))
        .into_iter()
        .next();
        match row {
            Some(Ok(row)) => assert_eq!(
                row.cells,
                vec![
                    Cell::Text("x".into()),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Text("y".into())
                ]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn row_limit_errors_once() {
        let limits = Limits {
            rows: 2,
            columns: 10,
            cell_chars: 10,
        };
        let results = all(CsvRows::new(Box::new(&b"a\nb\nc\nd\n"[..]), b';', limits));
        assert_eq!(results.len(), 3);
        assert!(results[2].is_err());
    }
}
