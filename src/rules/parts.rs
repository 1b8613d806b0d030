//! A participant table checked in two parts at once: the rows of a CSV
//! file's second half, checked on their own (in a second worker on the
//! page), written out compactly and joined to the first half's sink as if
//! one sink had read every row. Only row-level work is done in parts; the
//! person checks and counting run once, on the joined rows.
//!
//! The written part is read back only by the same build (the page's two
//! workers load one module): anything unexpected refuses the join, and the
//! caller then checks the whole file in one piece.

use super::indicator_set::IndicatorSet;
use super::participants::{Columns, ParticipantSink, RowId, RowRecord};
use super::persons::NO_KEY;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::ids::internal::DerivedId;
use crate::ids::IdKind;
use crate::register::values::Gender;
use crate::register::HeaderMap;
use chrono::NaiveDate;

/// Starts every written part; changes whenever the layout does.
const MAGIC: u32 = 0x414D_5031;

const KINDS: [IdKind; 7] = [
    IdKind::Personnummer,
    IdKind::Samordningsnummer,
    IdKind::Lma,
    IdKind::Internal,
    IdKind::Henkilotunnus,
    IdKind::Organisationsnummer,
    IdKind::YTunnus,
];

impl ParticipantSink {
    /// A sink for the rows after `header`, found by the first part, which
    /// also reports what the header itself is found to hold.
    pub(crate) fn for_part(options: &super::RuleOptions, header: &HeaderMap) -> ParticipantSink {
        let mut sink = ParticipantSink::new(options);
        let (columns, _header_findings) = Columns::resolve(header, sink.catalogue);
        sink.header = header.clone();
        sink.columns = columns;
        sink
    }

    /// Everything the rows of this part left in the sink.
    pub(crate) fn write_part(&self) -> Vec<u8> {
        let mut out = Writer(Vec::with_capacity(
            self.rows.len() * 48 + self.id_texts.len(),
        ));
        out.u32(MAGIC);
        out.str(&self.id_texts);
        let texts = self.ids.texts();
        out.len(texts.len());
        for text in texts {
            out.str(text);
        }
        out.len(self.rows.len());
        for (row, &key) in self.rows.iter().zip(&self.row_keys) {
            write_row(&mut out, row);
            out.u64(key);
        }
        let mut derived: Vec<(&u32, &DerivedId)> = self.derived.iter().collect();
        derived.sort_unstable_by_key(|(index, _)| **index);
        out.len(derived.len());
        for (index, id) in derived {
            out.u32(*index);
            out.bool(id.short_name);
            out.str(&id.id);
        }
        out.len(self.ids_present);
        out.len(self.ids_finnish_only);
        out.len(self.first_use.len());
        for first in &self.first_use {
            match first {
                None => out.bool(false),
                Some((row, column)) => {
                    out.bool(true);
                    out.u32(*row);
                    out.opt_str(column.as_deref());
                }
            }
        }
        for list in [&self.diagnostics, &self.id_diagnostics] {
            out.len(list.len());
            for d in list {
                write_diagnostic(&mut out, d);
            }
        }
        out.0
    }

    /// Joins a part written by [`ParticipantSink::write_part`] after this
    /// sink's rows: its row numbers moved on by `offset` (the rows before
    /// it in the file), none past `max_row`. The number of rows joined;
    /// `None` when the part cannot be joined (the sink is then spoilt).
    pub(crate) fn join_part(&mut self, part: &[u8], offset: u32, max_row: u32) -> Option<usize> {
        let mut input = Reader { bytes: part };
        if input.u32()? != MAGIC {
            return None;
        }
        let rows_before = u32::try_from(self.rows.len()).ok()?;
        let text_base = u32::try_from(self.id_texts.len()).ok()?;
        self.id_texts.push_str(input.str()?);
        u32::try_from(self.id_texts.len()).ok()?;
        // The part's text keys, numbered here as one sink would have.
        let texts = input.len()?;
        let mut keys = Vec::with_capacity(texts.min(part.len()));
        for _ in 0..texts {
            keys.push(self.ids.key(input.str()?));
        }
        let number = |row: u32| row.checked_add(offset).filter(|&n| n <= max_row);
        let rows = input.len()?;
        self.row_keys.reserve(rows.min(part.len()));
        for _ in 0..rows {
            let mut row = read_row(&mut input)?;
            row.number = number(row.number)?;
            if let RowId::Text { start, end } = &mut row.id {
                *start = start.checked_add(text_base)?;
                *end = end.checked_add(text_base)?;
            }
            let key = match input.u64()? {
                NO_KEY => NO_KEY,
                key => match super::persons::text_index(key) {
                    Some(index) => *keys.get(index)?,
                    None => key,
                },
            };
            self.rows.push(row);
            self.row_keys.push(key);
        }
        for _ in 0..input.len()? {
            let index = input.u32()?.checked_add(rows_before)?;
            let short_name = input.bool()?;
            let id = input.str()?.to_string();
            self.derived.insert(index, DerivedId { id, short_name });
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

fn write_row(out: &mut Writer, row: &RowRecord) {
    out.u32(row.number);
    match row.id {
        RowId::Empty => out.u8(0),
        RowId::LeadingZeroLost => out.u8(1),
        RowId::Text { start, end } => {
            out.u8(2);
            out.u32(start);
            out.u32(end);
        }
    }
    let kind = row
        .kind
        .and_then(|kind| KINDS.iter().position(|&k| k == kind));
    out.u8(kind.map_or(0, |k| k as u8 + 1));
    for date in [
        row.birth_column,
        row.birth,
        row.start,
        row.end,
        row.follow_up,
    ] {
        out.date(date);
    }
    let gender = row
        .gender
        .and_then(|gender| Gender::ALL.iter().position(|&g| g == gender));
    out.u8(gender.map_or(0, |g| g as u8 + 1));
    out.u64(row.flags.bits());
    out.u8(u8::from(row.unaccompanied_minor)
        | u8::from(row.value_error) << 1
        | u8::from(row.id_error) << 2);
}

fn read_row(input: &mut Reader) -> Option<RowRecord> {
    let number = input.u32()?;
    let id = match input.u8()? {
        0 => RowId::Empty,
        1 => RowId::LeadingZeroLost,
        2 => RowId::Text {
            start: input.u32()?,
            end: input.u32()?,
        },
        _ => return None,
    };
    let kind = match input.u8()? {
        0 => None,
        k => Some(*KINDS.get(usize::from(k) - 1)?),
    };
    let (birth_column, birth, start, end, follow_up) = (
        input.date()?,
        input.date()?,
        input.date()?,
        input.date()?,
        input.date()?,
    );
    let gender = match input.u8()? {
        0 => None,
        g => Some(*Gender::ALL.get(usize::from(g) - 1)?),
    };
    let flags = IndicatorSet::from_bits(input.u64()?);
    let bits = input.u8()?;
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
        flags,
        unaccompanied_minor: bits & 1 != 0,
        value_error: bits & 2 != 0,
        id_error: bits & 4 != 0,
    })
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

    /// A date as its day number; `i32::MIN` for none (never a real day).
    fn date(&mut self, date: Option<NaiveDate>) {
        let days = date.map_or(i32::MIN, |d| chrono::Datelike::num_days_from_ce(&d));
        self.0.extend_from_slice(&days.to_le_bytes());
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

    fn date(&mut self) -> Option<Option<NaiveDate>> {
        match self.take().map(i32::from_le_bytes)? {
            i32::MIN => Some(None),
            days => NaiveDate::from_num_days_from_ce_opt(days).map(Some),
        }
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
