//! A register file arriving in pieces (read from disk, or a browser's file
//! stream): a CSV file is parsed as it arrives, so it is never held whole;
//! a workbook is kept until complete, since its parts can be anywhere in it.

use super::csv_table::{CsvParser, TextReading};
use super::encoding::{looks_like_text, SAMPLE_BYTES};
use super::header::Mapping;
use super::rows::{too_large, Limits};
use super::search::{header_not_found, TableRows};
use super::sniff::{is_workbook, refuse_unless_text};
use super::Unreadable;
use super::{HeaderMap, ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};

/// Reads the participant table of a file pushed piece by piece.
pub struct StreamReader {
    options: ReadOptions,
    received: u64,
    /// The file's size, when known.
    expected: u64,
    state: State,
}

enum State {
    /// The first bytes, until there are enough to tell the format.
    Start(Vec<u8>),
    Text(Box<TextTable>),
    Workbook(Vec<u8>),
}

struct TextTable {
    parser: CsvParser,
    table: TableRows,
    mapping: Mapping,
}

/// What a finished stream holds.
pub enum Streamed {
    /// A CSV file, read: what reading its participant table found.
    Text(TableInfo),
    /// A workbook's bytes, for [`super::read_table`].
    Workbook(Vec<u8>),
}

impl StreamReader {
    pub fn new(options: &ReadOptions) -> StreamReader {
        StreamReader {
            options: options.clone(),
            received: 0,
            expected: 0,
            state: State::Start(Vec::new()),
        }
    }

    /// A reader for the rest of a CSV file from a line start past its
    /// header, read at the same time as the part before it (see
    /// [`StreamReader::rows_before_part`]). `first_bytes` are the file's
    /// first `SAMPLE_BYTES` (or all of a shorter file): the encoding,
    /// delimiter and header are told from them as the reader of the whole
    /// file tells them. Rows are numbered from 1 at the part's first line.
    /// `None` when the file cannot be read in parts: not text, UTF-16, or
    /// no header among the first bytes' whole lines.
    pub fn part(
        options: &ReadOptions,
        first_bytes: &[u8],
    ) -> Option<(StreamReader, HeaderMap, TextReading)> {
        let first = first_bytes.get(..SAMPLE_BYTES).unwrap_or(first_bytes);
        if first.is_empty() || is_workbook(first) || !looks_like_text(first) {
            return None;
        }
        let limits = Limits::new(options);
        let mapping = Mapping::for_table(options, TableKind::Participants);
        let mut parser = CsvParser::new(first, limits);
        let mut table = TableRows::new(TableKind::Participants, limits, None).checked_as_read();
        let mut header = HeaderOnly(None);
        // Whole lines only: a line cut at the sample's end is never pushed on.
        let mut each = |row: &mut Row| {
            let more = table.row(row, &mapping, &mut header)?;
            Ok(more && header.0.is_none())
        };
        parser.push(first, &mut each).ok()?;
        let header = header.0?;
        let info = table.finish()?;
        let reading = parser.reading();
        let text = TextTable {
            parser: parser.for_rest()?,
            table: TableRows::after_header(TableKind::Participants, limits, info).checked_as_read(),
            mapping,
        };
        let reader = StreamReader {
            options: options.clone(),
            received: 0,
            expected: 0,
            state: State::Text(Box::new(text)),
        };
        Some((reader, header, reading))
    }

    /// When everything pushed so far was a CSV file's whole lines after its
    /// header, the rows they make (blank ones included) and how the text
    /// was read: a part read by [`StreamReader::part`] from the next byte on
    /// numbers its rows on from there, and fits if it was read alike (a
    /// file shorter than `SAMPLE_BYTES` so far had less to tell its
    /// encoding from). `None` otherwise: the file cannot be split there.
    pub fn rows_before_part(&mut self, sink: &mut dyn RowSink) -> Option<(u32, TextReading)> {
        // Fewer bytes than the whole file's first ones: what they show (not
        // text, say) need not be what the whole file shows.
        if matches!(self.state, State::Start(_)) && self.start(sink).is_err() {
            return None;
        }
        match &self.state {
            State::Text(text) if text.table.has_header() => text
                .parser
                .rows_at_line_start()
                .and_then(|rows| u32::try_from(rows).ok())
                .map(|rows| (rows, text.parser.reading())),
            _ => None,
        }
    }

    /// Bytes pushed so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Says the file will be `total` bytes: a workbook is then held in one
    /// buffer of that size, never grown and copied. Text needs no room.
    pub fn expect(&mut self, total: u64) {
        self.expected = total.min(self.options.max_file_bytes);
    }

    /// Takes the next piece; CSV rows that are complete go to `sink`.
    pub fn push(&mut self, piece: &[u8], sink: &mut dyn RowSink) -> Result<(), ReadError> {
        self.received += piece.len() as u64;
        if self.received > self.options.max_file_bytes {
            // Lets go of what was held: a stream is not used after an error.
            self.state = State::Workbook(Vec::new());
            return Err(too_large(self.options.max_file_bytes));
        }
        match &mut self.state {
            State::Start(first) => {
                first.extend_from_slice(piece);
                if first.len() >= SAMPLE_BYTES {
                    self.start(sink)?;
                }
                Ok(())
            }
            State::Text(text) => text.push(piece, sink),
            State::Workbook(bytes) => {
                bytes.extend_from_slice(piece);
                Ok(())
            }
        }
    }

    /// Ends the file.
    pub fn finish(mut self, sink: &mut dyn RowSink) -> Result<Streamed, ReadError> {
        if matches!(self.state, State::Start(_)) {
            self.start(sink)?;
        }
        match self.state {
            State::Start(_) => Err(header_not_found(None, self.options.header_row)),
            State::Workbook(bytes) => Ok(Streamed::Workbook(bytes)),
            State::Text(mut text) => {
                let mut each = |row: &mut Row| text.table.row(row, &text.mapping, sink);
                text.parser.finish(&mut each)?;
                if text.table.is_blank() {
                    return Err(ReadError::from(Unreadable::Empty));
                }
                text.table
                    .finish()
                    .map(Streamed::Text)
                    .ok_or_else(|| header_not_found(None, self.options.header_row))
            }
        }
    }

    /// Tells the format from the first bytes and reads them.
    fn start(&mut self, sink: &mut dyn RowSink) -> Result<(), ReadError> {
        let State::Start(first) = &mut self.state else {
            return Ok(());
        };
        let first = std::mem::take(first);
        if first.is_empty() {
            return Err(ReadError::from(Unreadable::Empty));
        }
        if is_workbook(&first) {
            let mut bytes = Vec::new();
            bytes.reserve_exact(usize::try_from(self.expected).unwrap_or(0).max(first.len()));
            bytes.extend_from_slice(&first);
            self.state = State::Workbook(bytes);
            return Ok(());
        }
        refuse_unless_text(&first)?;
        let limits = Limits::new(&self.options);
        let mut text = Box::new(TextTable {
            parser: CsvParser::new(&first, limits),
            table: TableRows::new(TableKind::Participants, limits, None).checked_as_read(),
            mapping: Mapping::for_table(&self.options, TableKind::Participants),
        });
        if let Some(rows) = self.rows_expected(&first) {
            sink.expect_rows(rows);
        }
        text.push(&first, sink)?;
        self.state = State::Text(text);
        Ok(())
    }
}

impl StreamReader {
    /// The rows of a text file of the expected size whose lines are as
    /// long as in its first bytes, with a tenth to spare.
    pub(crate) fn rows_expected(&self, first: &[u8]) -> Option<usize> {
        let lines = memchr::memchr_iter(b'\n', first).count() as u64;
        let size = u64::try_from(first.len()).ok().filter(|&n| n > 0)?;
        let rows = self.expected.checked_mul(lines)? / size;
        let rows = rows
            .saturating_add(rows / 10)
            .min(u64::from(self.options.max_rows));
        usize::try_from(rows).ok().filter(|&rows| rows > 0)
    }
}

impl TextTable {
    fn push(&mut self, piece: &[u8], sink: &mut dyn RowSink) -> Result<(), ReadError> {
        let mut each = |row: &mut Row| self.table.row(row, &self.mapping, sink);
        if self.parser.push(piece, &mut each)? {
            Ok(())
        } else {
            // The header search gave up: fail now, not after the whole file.
            Err(header_not_found(None, self.mapping.header_row()))
        }
    }
}

/// Keeps the header and lets the rows go.
struct HeaderOnly(Option<HeaderMap>);

impl RowSink for HeaderOnly {
    fn header(&mut self, header: &HeaderMap) {
        self.0 = Some(header.clone());
    }

    fn row(&mut self, _row: &Row) {}
}
