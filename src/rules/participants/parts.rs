//! A participant table checked in two parts at once: the rows of a CSV
//! file's second half, checked on their own (in a second worker on the
//! page), written out compactly and joined to the first half's sink as if
//! one sink had read every row. Only row-level work is done in parts; the
//! person checks and counting run once, on the joined rows.
//!
//! The written part is read back only by the same build (the page's two
//! workers load one module): anything unexpected refuses the join, and the
//! caller then checks the whole file in one piece.

use super::identities::{text_index, NO_KEY};
use super::ParticipantSink;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::ids::internal::DerivedId;
use crate::ids::{BirthDate, IdKind};
use crate::register::values::Gender;
use crate::register::{HeaderMap, Row, RowSink, TextReading};
use crate::rules::indicator_set::IndicatorSet;
use crate::rules::records::{Columns, RowId, RowRecord};
use chrono::NaiveDate;

/// Starts every written part; changes whenever the layout does.
const MAGIC: u32 = 0x414D_5034;
/// Where the row count is written: after the magic number and the reading.
const COUNT_AT: usize = 6;

const KINDS: [IdKind; 7] = [
    IdKind::Personnummer,
    IdKind::Samordningsnummer,
    IdKind::Lma,
    IdKind::Internal,
    IdKind::Henkilotunnus,
    IdKind::Organisationsnummer,
    IdKind::YTunnus,
];

/// What a row takes in the written part, about: the row (differences and
/// dates, ~20 bytes), its key (8) and identifier text (~12).
const BYTES_PER_ROW: usize = 40;

/// Row numbers and identifier texts follow on from the row before: rows
/// are written as the differences, a byte or two each.
#[derive(Default)]
struct Cursor {
    number: u32,
    text_end: u32,
}

/// The sink of a part: every row checked as the whole file's sink checks
/// it, and written out at once rather than kept, so the part holds little
/// more than what it hands over.
pub(crate) struct PartSink {
    sink: ParticipantSink,
    out: Writer,
    rows: u32,
    cursor: Cursor,
}

impl PartSink {
    /// A sink for the rows after `header`, found by the first part, which
    /// also reports what the header itself is found to hold; `reading`: how
    /// the part's text is read, which the first part's must match.
    pub(crate) fn new(
        options: &crate::rules::RuleOptions,
        header: &HeaderMap,
        reading: TextReading,
    ) -> PartSink {
        let mut sink = ParticipantSink::new(options);
        let (columns, _header_findings) = Columns::resolve(header, sink.catalogue);
        sink.header = header.clone();
        sink.columns = columns;
        let mut out = Writer(Vec::new());
        out.u32(MAGIC);
        out.0.extend_from_slice(&reading.0);
        // The row count, filled in at the end.
        out.u32(0);
        PartSink {
            sink,
            out,
            rows: 0,
            cursor: Cursor::default(),
        }
    }

    /// Participant rows checked so far.
    pub(crate) fn rows(&self) -> usize {
        self.rows as usize
    }

    /// The part as [`ParticipantSink::join_part`] reads it: the rows, then
    /// what the sink kept of them.
    pub(crate) fn finish(self) -> Vec<u8> {
        let PartSink {
            sink,
            mut out,
            rows,
            ..
        } = self;
        if let Some(count) = out.0.get_mut(COUNT_AT..COUNT_AT + 4) {
            count.copy_from_slice(&rows.to_le_bytes());
        }
        out.str(&sink.id_texts);
        let texts = sink.ids.texts();
        out.len(texts.len());
        for text in texts {
            out.str(text);
        }
        for &key in &sink.row_keys {
            out.u64(key);
        }
        let mut derived: Vec<(&u32, &DerivedId)> = sink.derived.iter().collect();
        derived.sort_unstable_by_key(|(index, _)| **index);
        out.len(derived.len());
        for (index, id) in derived {
            out.u32(*index);
            out.bool(id.short_name);
            out.str(&id.id);
        }
        let names: Vec<(&u32, &str)> = {
            let mut names: Vec<(&u32, &str)> = sink
                .family_names
                .iter()
                .map(|(name, id)| (id, &**name))
                .collect();
            names.sort_unstable();
            names
        };
        let mut families: Vec<(&u32, &u32)> = sink.families.iter().collect();
        families.sort_unstable();
        out.len(families.len());
        for (number, id) in families {
            out.u32(*number);
            let name = names
                .binary_search_by_key(&id, |(i, _)| i)
                .ok()
                .and_then(|at| names.get(at))
                .map_or("", |(_, name)| name);
            out.str(name);
        }
        out.len(sink.ids_present);
        out.len(sink.ids_finnish_only);
        out.len(sink.first_use.len());
        for first in &sink.first_use {
            match first {
                None => out.bool(false),
                Some((row, column)) => {
                    out.bool(true);
                    out.u32(*row);
                    out.opt_str(column.as_deref());
                }
            }
        }
        for list in [&sink.diagnostics, &sink.id_diagnostics] {
            out.len(list.len());
            for d in list {
                write_diagnostic(&mut out, d);
            }
        }
        out.0
    }
}

impl RowSink for PartSink {
    /// Never called: the part starts after the header.
    fn header(&mut self, _header: &HeaderMap) {}

    fn row(&mut self, row: &Row) {
        if row.is_empty() {
            return;
        }
        let record = self.sink.parse_row(row);
        write_row(&mut self.out, &record, &mut self.cursor);
        self.rows += 1;
    }

    /// Room for what the rows are written as, made once: the written part
    /// is never grown and copied.
    fn expect_rows(&mut self, rows: usize) {
        let texts = self.sink.id_texts.capacity();
        self.out.0.reserve(rows.saturating_mul(BYTES_PER_ROW));
        self.sink.row_keys.reserve_exact(rows);
        self.sink
            .id_texts
            .reserve(rows.saturating_mul(12).saturating_sub(texts));
    }
}

impl ParticipantSink {
    /// Joins a part written by [`PartSink`] after this sink's rows, read
    /// alike (`reading`: how this sink's text was read): its row numbers
    /// moved on by `offset` (the rows before it in the file), none past
    /// `max_row`. The number of rows joined; `None` when the part cannot be
    /// joined (the sink is then spoilt).
    pub(crate) fn join_part(
        &mut self,
        part: &[u8],
        reading: TextReading,
        offset: u32,
        max_row: u32,
    ) -> Option<usize> {
        let mut input = Reader { bytes: part };
        if input.u32()? != MAGIC || input.take::<2>()? != reading.0 {
            return None;
        }
        let rows_before = u32::try_from(self.rows.len()).ok()?;
        let text_base = u32::try_from(self.id_texts.len()).ok()?;
        let number = |row: u32| row.checked_add(offset).filter(|&n| n <= max_row);
        let rows = input.u32()? as usize;
        let mut cursor = Cursor::default();
        for _ in 0..rows {
            let mut row = read_row(&mut input, &mut cursor)?;
            row.number = number(row.number)?;
            if let RowId::Text { start, end } = &mut row.id {
                *start = start.checked_add(text_base)?;
                *end = end.checked_add(text_base)?;
            }
            self.rows.push(row);
        }
        self.id_texts.push_str(input.str()?);
        u32::try_from(self.id_texts.len()).ok()?;
        // The part's text keys, numbered here as one sink would have.
        let texts = input.len()?;
        let mut keys = Vec::with_capacity(texts.min(part.len()));
        for _ in 0..texts {
            keys.push(self.ids.key(input.str()?));
        }
        // (Each key takes 8 bytes of the part: a count the part cannot hold is never reserved.)
        self.row_keys.reserve(rows.min(part.len() / 8));
        for _ in 0..rows {
            let key = match input.u64()? {
                NO_KEY => NO_KEY,
                key => match text_index(key) {
                    Some(index) => *keys.get(index)?,
                    None => key,
                },
            };
            self.row_keys.push(key);
        }
        for _ in 0..input.len()? {
            let index = input.u32()?.checked_add(rows_before)?;
            let short_name = input.bool()?;
            let id = input.str()?.to_string();
            self.derived.insert(index, DerivedId { id, short_name });
        }
        for _ in 0..input.len()? {
            let row = number(input.u32()?)?;
            let name = input.str()?.to_string();
            self.add_family(row, &name);
        }
        self.ids_present += input.len()?;
        self.ids_finnish_only += input.len()?;
        if input.len()? != self.first_use.len() {
            return None;
        }
        for slot in self.first_use.iter_mut() {
            if input.bool()? {
                let row = number(input.u32()?)?;
                let column = input.opt_str()?.map(str::to_string);
                if slot.is_none() {
                    *slot = Some((row, column));
                }
            }
        }
        for list in [&mut self.diagnostics, &mut self.id_diagnostics] {
            for _ in 0..input.len()? {
                let mut d = read_diagnostic(&mut input)?;
                d.row = match d.row {
                    Some(row) => Some(number(row)?),
                    None => None,
                };
                list.push(d);
            }
        }
        input.bytes.is_empty().then_some(rows)
    }
}

/// Days from the common era's start to 2000-01-01: dates are written as
/// their distance from it, a few bytes for any date in a register.
const DAY_ZERO: i64 = 730_120;

fn write_row(out: &mut Writer, row: &RowRecord, cursor: &mut Cursor) {
    out.signed(i64::from(row.number) - i64::from(cursor.number));
    cursor.number = row.number;
    match row.id {
        RowId::Empty => out.u8(0),
        RowId::LeadingZeroLost => out.u8(1),
        RowId::Text { start, end } => {
            out.u8(2);
            out.signed(i64::from(start) - i64::from(cursor.text_end));
            out.signed(i64::from(end) - i64::from(start));
            cursor.text_end = end;
        }
    }
    let kind = row
        .kind
        .and_then(|kind| KINDS.iter().position(|&k| k == kind));
    out.u8(kind.map_or(0, |k| k as u8 + 1));
    for date in [
        row.birth_column,
        row.birth.map(|b| b.earliest),
        row.birth.map(|b| b.latest),
        row.start,
        row.end,
        row.follow_up,
    ] {
        match date {
            None => out.varint(0),
            Some(date) => {
                let days = i64::from(chrono::Datelike::num_days_from_ce(&date)) - DAY_ZERO;
                out.varint(zigzag(days) + 1);
            }
        }
    }
    let gender = row
        .gender
        .and_then(|gender| Gender::ALL.iter().position(|&g| g == gender));
    out.u8(gender.map_or(0, |g| g as u8 + 1)
        | u8::from(row.unaccompanied_minor) << 2
        | u8::from(row.value_error) << 3
        | u8::from(row.id_error) << 4);
    out.varint(row.flags.bits());
}

fn read_row(input: &mut Reader, cursor: &mut Cursor) -> Option<RowRecord> {
    let number = u32::try_from(i64::from(cursor.number).checked_add(input.signed()?)?).ok()?;
    cursor.number = number;
    let id = match input.u8()? {
        0 => RowId::Empty,
        1 => RowId::LeadingZeroLost,
        2 => {
            let start =
                u32::try_from(i64::from(cursor.text_end).checked_add(input.signed()?)?).ok()?;
            let end = u32::try_from(i64::from(start).checked_add(input.signed()?)?).ok()?;
            cursor.text_end = end;
            RowId::Text { start, end }
        }
        _ => return None,
    };
    let kind = match input.u8()? {
        0 => None,
        k => Some(*KINDS.get(usize::from(k) - 1)?),
    };
    let mut dates = [None; 6];
    for date in dates.iter_mut() {
        *date = match input.varint()? {
            0 => None,
            n => {
                let days = i32::try_from(unzigzag(n - 1).checked_add(DAY_ZERO)?).ok()?;
                Some(NaiveDate::from_num_days_from_ce_opt(days)?)
            }
        };
    }
    let [birth_column, earliest, latest, start, end, follow_up] = dates;
    let birth = earliest
        .zip(latest)
        .map(|(earliest, latest)| BirthDate { earliest, latest });
    let bits = input.u8()?;
    let gender = match bits & 3 {
        0 => None,
        g => Some(*Gender::ALL.get(usize::from(g) - 1)?),
    };
    Some(RowRecord {
        number,
        id,
        kind,
        birth_column,
        birth,
        gender,
        start,
        end,
        follow_up,
        flags: IndicatorSet::from_bits(input.varint()?),
        unaccompanied_minor: bits & 4 != 0,
        value_error: bits & 8 != 0,
        id_error: bits & 16 != 0,
    })
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

fn write_diagnostic(out: &mut Writer, d: &Diagnostic) {
    out.str(d.code);
    out.u8(match d.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    });
    match d.row {
        Some(row) => {
            out.bool(true);
            out.u32(row);
        }
        None => out.bool(false),
    }
    out.opt_str(d.column.as_deref());
    out.opt_str(d.sheet.as_deref());
    out.len(d.params.len());
    for (name, value) in &d.params {
        out.str(name);
        out.str(value);
    }
}

fn read_diagnostic(input: &mut Reader) -> Option<Diagnostic> {
    let code = diagnostic::known_code(input.str()?)?;
    let severity = match input.u8()? {
        0 => Severity::Error,
        1 => Severity::Warning,
        2 => Severity::Info,
        _ => return None,
    };
    let mut d = Diagnostic::new(code, severity);
    if input.bool()? {
        d.row = Some(input.u32()?);
    }
    d.column = input.opt_str()?.map(str::to_string);
    d.sheet = input.opt_str()?.map(str::to_string);
    for _ in 0..input.len()? {
        let name = diagnostic::known_param(input.str()?)?;
        d.params.push((name, input.str()?.to_string()));
    }
    Some(d)
}

/// Little-endian numbers and length-prefixed strings.
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, value: u8) {
        self.0.push(value);
    }

    fn bool(&mut self, value: bool) {
        self.u8(u8::from(value));
    }

    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn len(&mut self, value: usize) {
        self.u64(value as u64);
    }

    /// Seven bits a byte, the lowest first; the top bit says more follow.
    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.0.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn signed(&mut self, value: i64) {
        self.varint(zigzag(value));
    }

    fn str(&mut self, text: &str) {
        self.len(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.bool(true);
                self.str(text);
            }
            None => self.bool(false),
        }
    }
}

/// Reads what [`Writer`] wrote; `None` at anything else.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.bytes.split_first_chunk::<N>()?;
        self.bytes = rest;
        Some(*head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|[b]| b)
    }

    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7F).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn signed(&mut self) -> Option<i64> {
        self.varint().map(unzigzag)
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.len()?;
        let (text, rest) = self.bytes.split_at_checked(len)?;
        self.bytes = rest;
        std::str::from_utf8(text).ok()
    }

    fn opt_str(&mut self) -> Option<Option<&'a str>> {
        if self.bool()? {
            self.str().map(Some)
        } else {
            Some(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{Cell, Column, Field};
    use crate::rules::RuleOptions;

    fn options() -> RuleOptions {
        RuleOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"))
    }

    fn header() -> HeaderMap {
        let column = |index: usize, header: &str, field: Field| Column {
            index,
            header: header.into(),
            field: Some(field),
        };
        HeaderMap {
            row: 1,
            columns: vec![
                column(0, "Personnummer", Field::Id),
                column(1, "Kön", Field::Gender),
                column(2, "Startdatum", Field::StartDate),
                column(3, "Förnamn", Field::FirstName),
                column(4, "Efternamn", Field::LastName),
                column(5, "Födelsedatum", Field::BirthDate),
            ],
        }
    }

    /// A part of a few rows of every kind, as written.
    fn written() -> Vec<u8> {
        let reading = TextReading([4, b';']);
        let mut part = PartSink::new(&options(), &header(), reading);
        let rows = [
            ["198112189876", "Man", "2024-01-10", "", "", ""],
            ["", "Kvinna", "2024-02-01", "Anna", "Sandberg", "1999-08-01"],
            [
                "ANNSAN19990801",
                "K",
                "2024-03-01",
                "Anna",
                "Sandberg",
                "1999-08-01",
            ],
            ["19901301-1234", "?", "2024-13-01", "", "", ""],
            ["811218-9876", "Man", "", "", "", ""],
        ];
        for (n, cells) in rows.iter().enumerate() {
            let row = Row {
                number: n as u32 + 1,
                cells: cells.iter().map(|c| Cell::Text(c.to_string())).collect(),
            };
            part.row(&row);
        }
        part.finish()
    }

    /// Whatever bytes are handed over, the join refuses or joins: it never
    /// panics, however a part is cut short or changed.
    #[test]
    fn damaged_parts_never_panic() {
        let good = written();
        let join = |bytes: &[u8]| {
            let mut sink = ParticipantSink::new(&options());
            sink.header(&header());
            sink.join_part(bytes, TextReading([4, b';']), 10, 1_000_000)
        };
        assert_eq!(join(&good), Some(5));
        assert_eq!(
            ParticipantSink::new(&options()).join_part(&good, TextReading([1, b';']), 0, 100),
            None,
            "read otherwise"
        );
        for cut in 0..good.len() {
            assert_eq!(join(&good[..cut]), None, "cut at {cut}");
        }
        for at in 0..good.len() {
            for value in [0u8, 1, 0x7F, 0x80, 0xFF] {
                let mut bad = good.clone();
                bad[at] = value;
                let _ = join(&bad);
            }
        }
    }

    #[test]
    fn numbers_and_dates_read_back() {
        let numbers = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        let signed = [0, -1, 1, -64, 64, i64::MIN, i64::MAX];
        let dates = [
            None,
            NaiveDate::from_ymd_opt(1, 1, 1),
            NaiveDate::from_ymd_opt(1899, 12, 30),
            NaiveDate::from_ymd_opt(2000, 1, 1),
            NaiveDate::from_ymd_opt(9999, 12, 31),
        ];
        let mut out = Writer(Vec::new());
        numbers.iter().for_each(|&n| out.varint(n));
        signed.iter().for_each(|&n| out.signed(n));
        let row = |date| RowRecord {
            number: 7,
            id: RowId::Text { start: 3, end: 15 },
            kind: Some(IdKind::YTunnus),
            birth_column: date,
            // A partly known birth date: a year.
            birth: date.and_then(|d: NaiveDate| {
                Some(BirthDate {
                    earliest: d,
                    latest: d.checked_add_days(chrono::Days::new(364))?,
                })
            }),
            gender: Some(Gender::IckeBinar),
            start: date,
            end: None,
            follow_up: date,
            flags: IndicatorSet::from_bits(1 << 63 | 5),
            unaccompanied_minor: true,
            value_error: false,
            id_error: true,
        };
        let mut cursor = Cursor::default();
        dates
            .iter()
            .for_each(|&d| write_row(&mut out, &row(d), &mut cursor));
        let mut input = Reader { bytes: &out.0 };
        for n in numbers {
            assert_eq!(input.varint(), Some(n));
        }
        for n in signed {
            assert_eq!(input.signed(), Some(n));
        }
        let mut cursor = Cursor::default();
        for date in dates {
            let got = read_row(&mut input, &mut cursor).expect("a row");
            assert_eq!(format!("{got:?}"), format!("{:?}", row(date)));
        }
        assert!(input.bytes.is_empty());
    }
}
