//! CSV files: encoding and delimiter told from the first bytes, then one
//! record at a time through csv-core as the text arrives, numbered as the
//! rows Excel would show.

use super::encoding::{decode_all, Decoder, TextEncoding, SAMPLE_BYTES};
use super::header::Mapping;
use super::rows::Limits;
use super::search::TableRows;
use super::Unreadable;
use super::{Cell, ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// Delimiters tried, in order of preference when they fit equally well.
const DELIMITERS: [u8; 3] = [b';', b'\t', b','];
/// Lines looked at to choose the delimiter.
const SNIFF_LINES: usize = 50;
/// How much of a file in memory is decoded at a time.
const PIECE_BYTES: usize = 256 * 1024;

pub(crate) fn read(
    bytes: &[u8],
    kind: TableKind,
    mapping: &Mapping,
    options: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    let mut table = TableRows::new(kind, Limits::new(options), None).checked_as_read();
    let mut each = |row: &mut Row| table.row(row, mapping, sink);
    let mut parser = CsvParser::new(bytes, Limits::new(options));
    for piece in bytes.chunks(PIECE_BYTES) {
        if !parser.push(piece, &mut each)? {
            break;
        }
    }
    parser.finish(&mut each)?;
    if table.is_blank() {
        return Err(ReadError::from(Unreadable::Empty));
    }
    Ok(table.finish())
}

/// Every row of the file, blank ones included, as [`read`] sees them.
pub(crate) fn rows(bytes: &[u8], options: &ReadOptions) -> Result<Vec<Row>, ReadError> {
    let mut rows = Vec::new();
    let mut each = |row: &mut Row| {
        rows.push(row.clone());
        Ok(true)
    };
    let mut parser = CsvParser::new(bytes, Limits::new(options));
    for piece in bytes.chunks(PIECE_BYTES) {
        parser.push(piece, &mut each)?;
    }
    parser.finish(&mut each)?;
    Ok(rows)
}

/// A CSV file's encoding and delimiter, as two bytes: two parts of a file
/// read alike say the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextReading(pub [u8; 2]);

/// What the parser hands each row to: `Ok(false)` when no more are wanted.
pub(crate) type EachRow<'a> = dyn FnMut(&mut Row) -> Result<bool, ReadError> + 'a;

/// The delimiter that splits the sample's lines into the most rows of one
/// and the same column count above one; ties go to more columns, then to
/// `;`, tab, `,` in that order. Quotes are respected.
pub(crate) fn detect_delimiter(sample: &str) -> u8 {
    let mut best = (0usize, 0usize, b';');
    for delimiter in DELIMITERS {
        let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
        let mut input = sample.as_bytes();
        let mut output = [0u8; 1024];
        let mut ends = [0usize; 1024];
        let (mut fields, mut counts) = (0usize, Vec::new());
        while counts.len() < SNIFF_LINES {
            let (result, read, _, ended) = reader.read_record(input, &mut output, &mut ends);
            input = input.get(read..).unwrap_or_default();
            fields += ended;
            match result {
                // Long fields are only cut short: their count is what matters.
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => counts.push(std::mem::take(&mut fields)),
                ReadRecordResult::InputEmpty | ReadRecordResult::End => break,
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

/// The first lines of the decoded text, cut after the last whole line.
fn sniff_sample(first_bytes: &[u8], encoding: TextEncoding) -> String {
    let cut = first_bytes.len() > SAMPLE_BYTES;
    let sample = first_bytes.get(..SAMPLE_BYTES).unwrap_or(first_bytes);
    let mut text = decode_all(sample, encoding);
    if cut {
        if let Some(end) = text.rfind('\n') {
            text.truncate(end + 1);
        }
    }
    text
}

/// CSV text arriving in pieces, made into rows as soon as each is whole.
/// Row numbers count blank lines, as Excel shows them, but not the line
/// breaks inside quoted cells.
///
/// Rows are filled into one buffer whose cells' strings are reused from row
/// to row, so parsing allocates nothing per cell.
pub(crate) struct CsvParser {
    decoder: Decoder,
    /// Decoded text of the current piece.
    text: String,
    reader: Reader,
    /// The record being parsed: its field bytes and field ends.
    record: Vec<u8>,
    ends: Vec<usize>,
    record_len: usize,
    ends_len: usize,
    row: Row,
    limits: Limits,
    /// The delimiter, for lines split without csv-core.
    delimiter: u8,
    /// csv-core is between records: lines may be split without it.
    at_record_start: bool,
    /// Where the delimiters are in the plain line being split.
    delimiters: Vec<usize>,
    /// Plain lines are split without csv-core (always, but in the test
    /// that compares the two).
    split_plain_lines: bool,
    /// The line being read: 1 + the line breaks read so far.
    lines: u64,
    /// Line breaks inside quoted cells read so far.
    inside: u64,
    /// Strings of cells that became empty, for the next text cells.
    spare: Vec<String>,
    /// The number given to the record before (0 before the first).
    previous: u64,
    /// No more rows are wanted.
    stopped: bool,
}

impl CsvParser {
    /// A parser for the file whose first bytes (at least [`SAMPLE_BYTES`]
    /// unless the file is shorter) are `first_bytes`; they are not parsed.
    pub(crate) fn new(first_bytes: &[u8], limits: Limits) -> CsvParser {
        let encoding = TextEncoding::detect(first_bytes);
        let delimiter = detect_delimiter(&sniff_sample(first_bytes, encoding));
        CsvParser::with(encoding, delimiter, limits)
    }

    /// A parser for the text after a line break, read as this parser reads
    /// its text (the same encoding, without a BOM, and delimiter), its rows
    /// numbered from 1 at its first line. `None` for UTF-16, where a line
    /// break's byte is half a character.
    pub(crate) fn for_rest(&self) -> Option<CsvParser> {
        let encoding = self.decoder.encoding();
        encoding
            .splits_at_lf()
            .then(|| CsvParser::with(encoding.without_bom(), self.delimiter, self.limits))
    }

    /// How the text is read: its encoding and delimiter, as told from the
    /// file's first bytes.
    pub(crate) fn reading(&self) -> TextReading {
        TextReading([self.decoder.encoding().code(), self.delimiter])
    }

    /// The rows read so far, blank ones included, when everything pushed
    /// ended with a line break outside quotes: the rows of text after it
    /// (see [`CsvParser::for_rest`]) are numbered on from there.
    pub(crate) fn rows_at_line_start(&self) -> Option<u64> {
        let clean = self.at_record_start
            && self.record_len == 0
            && self.ends_len == 0
            && !self.stopped
            && self.decoder.encoding().splits_at_lf()
            && self.decoder.at_line_end();
        clean.then(|| self.lines.saturating_sub(self.inside + 1))
    }

    fn with(encoding: TextEncoding, delimiter: u8, limits: Limits) -> CsvParser {
        CsvParser {
            decoder: Decoder::new(encoding),
            text: String::new(),
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            record: vec![0; 4096],
            ends: vec![0; 64],
            record_len: 0,
            ends_len: 0,
            row: Row::default(),
            limits,
            delimiter,
            at_record_start: true,
            delimiters: Vec::new(),
            split_plain_lines: true,
            lines: 1,
            inside: 0,
            spare: Vec::new(),
            previous: 0,
            stopped: false,
        }
    }

    /// Parses the next piece of the file, handing every whole row to
    /// `each`; `Ok(false)` once no more rows are wanted.
    pub(crate) fn push(&mut self, piece: &[u8], each: &mut EachRow) -> Result<bool, ReadError> {
        if self.stopped {
            return Ok(false);
        }
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        self.decoder.decode(piece, &mut text);
        // Empty input would tell csv-core the text ended.
        let parsed = if text.is_empty() {
            Ok(true)
        } else {
            self.parse(&text, each)
        };
        self.text = text;
        parsed
    }

    /// Parses what is left once the whole file was pushed.
    pub(crate) fn finish(&mut self, each: &mut EachRow) -> Result<(), ReadError> {
        if self.stopped {
            return Ok(());
        }
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        self.decoder.finish(&mut text);
        if !text.is_empty() && !self.parse(&text, each)? {
            return Ok(());
        }
        // Empty input tells csv-core the text ended.
        self.parse("", each)?;
        Ok(())
    }

    fn parse(&mut self, text: &str, each: &mut EachRow) -> Result<bool, ReadError> {
        let input = text.as_bytes();
        let mut at = 0;
        loop {
            if self.at_record_start
                && self.split_plain_lines
                && !self.split_lines(text, &mut at, each)?
            {
                self.stopped = true;
                return Ok(false);
            }
            let rest = input.get(at..).unwrap_or_default();
            let (result, read, written, ended) = self.reader.read_record(
                rest,
                self.record.get_mut(self.record_len..).unwrap_or_default(),
                self.ends.get_mut(self.ends_len..).unwrap_or_default(),
            );
            let consumed = rest.get(..read).unwrap_or_default();
            self.lines += memchr::memchr_iter(b'\n', consumed).count() as u64;
            at += read;
            self.record_len += written;
            self.ends_len += ended;
            self.at_record_start = read == 0 && self.at_record_start;
            match result {
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return Ok(true),
                ReadRecordResult::OutputFull => self.record.resize(self.record.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    self.at_record_start = true;
                    let record = self.record.get(..self.record_len).unwrap_or_default();
                    // Line breaks inside quoted cells make no rows.
                    self.inside += memchr::memchr_iter(b'\n', record).count() as u64;
                    // Fields split at ASCII bytes stay valid UTF-8; lossy
                    // guards odd bytes.
                    let record = String::from_utf8_lossy(record);
                    let ends = self.ends.get(..self.ends_len).unwrap_or_default();
                    let mut start = 0;
                    let fields = ends.iter().map(|&end| {
                        let field = record.get(start..end).unwrap_or_default();
                        start = end;
                        field
                    });
                    fill_cells(&mut self.row, &mut self.spare, &self.limits, fields)?;
                    self.record_len = 0;
                    self.ends_len = 0;
                    self.number_row()?;
                    if !each(&mut self.row)? {
                        self.stopped = true;
                        return Ok(false);
                    }
                }
            }
        }
    }

    /// Takes the whole lines of `text` from `at` on that have no quote
    /// straight from the text, split at the delimiter: such a line is a
    /// record as csv-core would read it, and most lines are like that.
    /// Stops at the first line with a quote, or without its line break yet,
    /// for csv-core to read; `at` is then where that line starts.
    /// `Ok(false)` when no more rows are wanted.
    fn split_lines(
        &mut self,
        text: &str,
        at: &mut usize,
        each: &mut EachRow,
    ) -> Result<bool, ReadError> {
        let base = *at;
        let rest = text.get(base..).unwrap_or_default();
        let mut line_start = 0;
        self.delimiters.clear();
        // One pass finds every line break, quote and delimiter.
        for found in memchr::memchr3_iter(b'\n', b'"', self.delimiter, rest.as_bytes()) {
            match rest.as_bytes().get(found) {
                Some(b'"') => break,
                Some(b'\n') => {}
                _ => {
                    self.delimiters.push(found);
                    continue;
                }
            }
            self.lines += 1;
            if found > line_start {
                let mut start = line_start;
                let ends = self.delimiters.iter().copied().chain([found]);
                let fields = ends.map(|end| {
                    let field = rest.get(start..end).unwrap_or_default();
                    start = end + 1;
                    field
                });
                fill_cells(&mut self.row, &mut self.spare, &self.limits, fields)?;
                self.number_row()?;
                if !each(&mut self.row)? {
                    return Ok(false);
                }
            }
            // (A blank line: csv-core reads no record from it either.)
            line_start = found + 1;
            *at = base + line_start;
            self.delimiters.clear();
        }
        Ok(true)
    }

    /// Numbers the row just filled as Excel would.
    fn number_row(&mut self) -> Result<(), ReadError> {
        // Every record ends with LF (the decoder sees to it), counted in
        // `lines`: the record's last line is the one before.
        // Excel's row is that minus every line break inside quoted cells
        // so far. A quote never closed runs to the end of the file and
        // swallows the last LF, which then counts as inside: never number
        // a record at or above the one before it.
        let number = self
            .lines
            .saturating_sub(self.inside + 1)
            .max(self.previous + 1);
        self.previous = number;
        // Blank rows only count lines; their number may be anything.
        self.row.number = if self.row.cells.is_empty() {
            u32::try_from(number).unwrap_or(u32::MAX)
        } else {
            self.limits.check_row_number(number)?
        };
        Ok(())
    }
}

/// Makes `row`'s cells the `fields`, reusing its strings and those in
/// `spare`, so parsing allocates nothing per cell. Trailing empty cells are
/// dropped.
fn fill_cells<'a>(
    row: &mut Row,
    spare: &mut Vec<String>,
    limits: &Limits,
    fields: impl Iterator<Item = &'a str>,
) -> Result<(), ReadError> {
    let cells = &mut row.cells;
    let mut count = 0;
    for (column, field) in fields.enumerate() {
        count = column + 1;
        if cells.len() < count {
            cells.push(Cell::Empty);
        }
        let Some(cell) = cells.get_mut(column) else {
            continue;
        };
        if field.is_empty() {
            clear(spare, cell);
            continue;
        }
        // Checked before copying, so a huge cell is never copied.
        limits.check_text(field)?;
        if !super::cell::is_blank(field) {
            limits.check_column(column as u64)?;
        }
        match cell {
            Cell::Text(buffer) => {
                buffer.clear();
                buffer.push_str(field);
            }
            _ => {
                let mut buffer = spare.pop().unwrap_or_default();
                buffer.push_str(field);
                *cell = Cell::Text(buffer);
            }
        }
    }
    for cell in cells.iter_mut().skip(count) {
        clear(spare, cell);
    }
    cells.truncate(count);
    while cells.last().is_some_and(Cell::is_empty) {
        if let Some(mut cell) = cells.pop() {
            clear(spare, &mut cell);
        }
    }
    Ok(())
}

/// Empties `cell`, keeping its string for later.
fn clear(spare: &mut Vec<String>, cell: &mut Cell) {
    if let Cell::Text(mut text) = std::mem::replace(cell, Cell::Empty) {
        text.clear();
        spare.push(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(rows: u32, columns: u32, cell_chars: u32) -> Limits {
        Limits {
            rows,
            columns,
            cell_chars,
        }
    }

    /// Every row, pushing the text in pieces of `piece` bytes.
    fn all_in_pieces(text: &[u8], limits: Limits, piece: usize) -> Vec<Result<Row, ReadError>> {
        let mut rows = Vec::new();
        let mut each = |row: &mut Row| {
            rows.push(Ok(row.clone()));
            Ok(true)
        };
        let mut parser = CsvParser::new(text, limits);
        let mut outcome = Ok(());
        for chunk in text.chunks(piece) {
            if let Err(e) = parser.push(chunk, &mut each) {
                outcome = Err(e);
                break;
            }
        }
        if outcome.is_ok() {
            outcome = parser.finish(&mut each);
        }
        if let Err(e) = outcome {
            rows.push(Err(e));
        }
        rows
    }

    fn all(text: &[u8], limits: Limits) -> Vec<Result<Row, ReadError>> {
        let whole = all_in_pieces(text, limits, 1 << 30);
        for piece in [1, 2, 3, 7] {
            assert_eq!(
                all_in_pieces(text, limits, piece),
                whole,
                "pieces of {piece}"
            );
        }
        whole
    }

    fn rows(text: &str) -> Vec<(u32, Vec<String>)> {
        all(text.as_bytes(), limits(1000, 100, 1000))
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
        let row = all(b"x;;\"\";y;;;\n", limits(10, 10, 10))
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

    /// Plain lines split without csv-core give exactly the rows csv-core
    /// gives, on random text made of the characters that matter to CSV.
    #[test]
    fn plain_lines_read_as_csv_core_reads_them() {
        let alphabet = ['a', 'ä', ';', ',', '"', '\n', '\r', ' ', '\t'];
        let mut next = crate::register::random_numbers(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let length = next() % 80;
            let text: String = (0..length)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let piece = 1 + (next() % 40) as usize;
            let read = |split_plain_lines: bool| {
                let mut rows = Vec::new();
                let mut each = |row: &mut Row| {
                    rows.push(row.clone());
                    Ok(true)
                };
                let mut parser = CsvParser::new(text.as_bytes(), limits(1000, 100, 1000));
                parser.split_plain_lines = split_plain_lines;
                for chunk in text.as_bytes().chunks(piece) {
                    parser.push(chunk, &mut each).expect("within limits");
                }
                parser.finish(&mut each).expect("within limits");
                rows
            };
            assert_eq!(read(true), read(false), "{text:?} in pieces of {piece}");
        }
    }

    #[test]
    fn row_limit_errors_once() {
        let results = all(b"a\nb\nc\nd\n", limits(2, 10, 10));
        assert_eq!(results.len(), 3);
        assert!(results[2].is_err());
    }
}
