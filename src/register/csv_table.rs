//! CSV files: encoding and delimiter detection, then one record at a time
//! through the csv crate, numbered as the rows Excel would show.

use super::encoding::{decoded_prefix, LineEndings, TextEncoding};
use super::header::Mapping;
use super::read::{read_rows, trim_trailing_empty, unreadable, Limits};
use super::{Cell, ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};
use csv::{ByteRecord, Reader, ReaderBuilder};
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
        rows(bytes, options),
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
struct CsvRows<'a> {
    reader: Reader<LineEndings<Box<dyn Read + 'a>>>,
    record: ByteRecord,
    limits: Limits,
    /// Line breaks inside quoted cells read so far.
    inside: u64,
    /// The number given to the record before (0 before the first).
    previous: u64,
    done: bool,
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
            previous: 0,
            done: false,
        }
    }

    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
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

        let mut cells = Vec::with_capacity(self.record.len());
        for (column, field) in self.record.iter().enumerate() {
            if field.is_empty() {
                cells.push(Cell::Empty);
                continue;
            }
            // Checked before copying, so a huge cell is never copied.
            let text = String::from_utf8_lossy(field);
            self.limits.check_text(&text)?;
            if !text.trim().is_empty() {
                self.limits.check_column(column as u64)?;
            }
            cells.push(Cell::Text(text.into_owned()));
        }
        trim_trailing_empty(&mut cells);
        if cells.is_empty() {
            // Blank rows only count lines; their number may be anything.
            return Ok(Some(Row {
                number: u32::try_from(number).unwrap_or(u32::MAX),
                cells,
            }));
        }
        let number = self.limits.check_row_number(number)?;
        Ok(Some(Row { number, cells }))
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_row().transpose();
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
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
        CsvRows::new(Box::new(text.as_bytes()), delimiter, limits)
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
        let row = CsvRows::new(
            Box::new(&b"x;;\"\";y;;;\n"[..]),
            b';',
            Limits {
                rows: 10,
                columns: 10,
                cell_chars: 10,
            },
        )
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
        let results: Vec<_> = CsvRows::new(Box::new(&b"a\nb\nc\nd\n"[..]), b';', limits).collect();
        assert_eq!(results.len(), 3);
        assert!(results[2].is_err());
    }
}
