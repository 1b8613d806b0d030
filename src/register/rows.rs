//! The vocabulary every reader shares: the limits checked on every row,
//! sources of rows, and `file.unreadable` with its reason.

use super::{Cell, ReadError, ReadOptions, Row, Unreadable};

/// `file.unreadable` `too_large`, with the limit.
pub(crate) fn too_large(limit: u64) -> ReadError {
    Unreadable::TooLarge { limit_bytes: limit }.into()
}

/// Row, column and cell-size limits, checked on every row of every format.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) rows: u32,
    pub(crate) columns: u32,
    pub(crate) cell_chars: u32,
}

impl Limits {
    pub(crate) fn new(options: &ReadOptions) -> Limits {
        Limits {
            rows: options.max_rows,
            columns: options.max_columns,
            cell_chars: options.max_cell_chars,
        }
    }

    /// A row number beyond the limit (`too_many_rows`).
    pub(crate) fn check_row_number(&self, number: u64) -> Result<u32, ReadError> {
        match u32::try_from(number) {
            Ok(number) if number <= self.rows => Ok(number),
            _ => Err(Unreadable::TooManyRows.into()),
        }
    }

    /// A non-empty cell at 0-based `column` (`too_many_columns`).
    pub(crate) fn check_column(&self, column: u64) -> Result<(), ReadError> {
        if column >= u64::from(self.columns) {
            Err(Unreadable::TooManyColumns.into())
        } else {
            Ok(())
        }
    }

    /// A cell text over the limit (`cell_too_long`).
    pub(crate) fn check_text(&self, text: &str) -> Result<(), ReadError> {
        let limit = self.cell_chars as usize;
        if text.len() > limit && text.chars().count() > limit {
            Err(Unreadable::CellTooLong.into())
        } else {
            Ok(())
        }
    }

    /// Checks a whole row whose trailing empty cells are already dropped.
    pub(crate) fn check(&self, row: &Row) -> Result<(), ReadError> {
        if row.is_empty() {
            return Ok(());
        }
        self.check_row_number(u64::from(row.number))?;
        if let Some(last) = row.cells.len().checked_sub(1) {
            self.check_column(last as u64)?;
        }
        for cell in &row.cells {
            if let Cell::Text(text) | Cell::Error(text) = cell {
                self.check_text(text)?;
            }
        }
        Ok(())
    }
}

/// Drops empty cells at the end of a row: trailing empty columns are harmless.
pub(crate) fn trim_trailing_empty(cells: &mut Vec<Cell>) {
    while cells.last().is_some_and(Cell::is_empty) {
        cells.pop();
    }
}

/// Rows one at a time into a buffer the source may reuse: a sheet's rows,
/// any iterator of rows ([`IterRows`]), or the CSV reader that refills one
/// row in place.
pub(crate) trait RowSource {
    /// Fills `row` with the next row, blank ones included; `Ok(false)` at
    /// the end. What `row` held before may be used again (its strings, its
    /// cells' room).
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError>;
}

impl<S: RowSource + ?Sized> RowSource for Box<S> {
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        (**self).next_into(row)
    }
}

/// Rows from any iterator, each a new `Row`.
pub(crate) struct IterRows<I>(pub(crate) I);

impl<I: Iterator<Item = Result<Row, ReadError>>> RowSource for IterRows<I> {
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        match self.0.next() {
            Some(next) => {
                *row = next?;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// The rows of a [`RowSource`], as an iterator that ends after the end or
/// the first error, whichever comes first, or as a [`RowSource`] that
/// stops after an error.
pub(crate) struct Rows<R> {
    reader: R,
    stopped: bool,
}

impl<R: RowSource> Rows<R> {
    pub(crate) fn new(reader: R) -> Rows<R> {
        Rows {
            reader,
            stopped: false,
        }
    }

    /// The reader, to go on past its rows (an ODS file's next sheet).
    #[cfg(test)]
    pub(crate) fn into_inner(self) -> R {
        self.reader
    }
}

impl<R: RowSource> RowSource for Rows<R> {
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        if self.stopped {
            return Ok(false);
        }
        let next = self.reader.next_into(row);
        self.stopped = !matches!(next, Ok(true));
        next
    }
}

impl<R: RowSource> Iterator for Rows<R> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut row = Row::default();
        RowSource::next_into(self, &mut row)
            .map(|more| more.then_some(row))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        let limits = Limits {
            rows: 10,
            columns: 3,
            cell_chars: 4,
        };
        let text = |s: &str| Cell::Text(s.to_string());
        let row = |number, cells| Row { number, cells };
        assert!(limits
            .check(&row(10, vec![text("a"), text("b"), text("c")]))
            .is_ok());
        assert!(limits.check(&row(11, vec![text("a")])).is_err());
        assert!(limits.check(&row(11, vec![Cell::Empty])).is_ok());
        assert!(limits
            .check(&row(
                1,
                vec![Cell::Empty, Cell::Empty, Cell::Empty, text("d")]
            ))
            .is_err());
        assert!(limits.check(&row(1, vec![text("åäöü")])).is_ok());
        let too_long = limits.check(&row(1, vec![text("åäöüx")]));
        assert_eq!(
            too_long.map_err(|e| e.diagnostic().param("reason").map(str::to_string)),
            Err(Some("cell_too_long".to_string()))
        );
    }
}
