//! The participant rows of a streamed register, checked on a second thread
//! while the file is still being read and parsed, so the two halves of the
//! work overlap. WebAssembly has no threads here: there the rows are
//! checked in turn (the page already runs the whole core in a worker).

use crate::register::{HeaderMap, Row, RowSink};
use crate::rules::{ParticipantSink, RuleOptions};

/// The participant table's sink, fed by the reader.
pub(crate) struct Participants {
    rows: usize,
    inner: Inner,
}

impl Participants {
    pub(crate) fn new(options: &RuleOptions) -> Participants {
        Participants {
            rows: 0,
            inner: Inner::new(options),
        }
    }

    /// Rows handed over so far.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Every row checked: the sink.
    pub(crate) fn finish(self) -> ParticipantSink {
        self.inner.finish()
    }
}

impl RowSink for Participants {
    fn header(&mut self, header: &HeaderMap) {
        self.inner.header(header);
    }

    fn row(&mut self, row: &Row) {
        self.take_row(&mut row.clone());
    }

    /// Only non-empty rows come here (the table reader skips blank ones).
    fn take_row(&mut self, row: &mut Row) {
        self.rows += 1;
        self.inner.take_row(row);
    }

    fn expect_rows(&mut self, rows: usize) {
        self.inner.expect_rows(rows);
    }
}

#[cfg(target_arch = "wasm32")]
struct Inner(ParticipantSink);

#[cfg(target_arch = "wasm32")]
impl Inner {
    fn new(options: &RuleOptions) -> Inner {
        Inner(ParticipantSink::new(options))
    }

    fn header(&mut self, header: &HeaderMap) {
        self.0.header(header);
    }

    fn take_row(&mut self, row: &mut Row) {
        self.0.row(row);
    }

    fn expect_rows(&mut self, rows: usize) {
        self.0.expect_rows(rows);
    }

    fn finish(self) -> ParticipantSink {
        self.0
    }
}

#[cfg(not(target_arch = "wasm32"))]
use threaded::Inner;

#[cfg(not(target_arch = "wasm32"))]
mod threaded {
    use super::{HeaderMap, ParticipantSink, Row, RowSink, RuleOptions};
    use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
    use std::thread::{self, JoinHandle};

    /// Rows sent to the rules thread at a time.
    const BATCH_ROWS: usize = 1024;
    /// Batches on their way at most: bounds the rows held in between.
    const BATCHES_AHEAD: usize = 4;

    pub(super) enum Message {
        ExpectRows(usize),
        Header(HeaderMap),
        /// A batch and how many of its rows are filled.
        Rows(Vec<Row>, usize),
    }

    /// Rows go to the rules thread in batches; the batches come back with
    /// their strings, to be filled again.
    pub(super) enum Inner {
        Threaded {
            batch: Vec<Row>,
            filled: usize,
            to_rules: SyncSender<Message>,
            used: Receiver<Vec<Row>>,
            rules: JoinHandle<ParticipantSink>,
        },
        /// No thread could be started: the rows are checked in turn.
        InTurn(Box<ParticipantSink>),
    }

    impl Inner {
        pub(super) fn new(options: &RuleOptions) -> Inner {
            let (to_rules, incoming) = sync_channel(BATCHES_AHEAD);
            let (give_back, used) = channel();
            let sink = ParticipantSink::new(options);
            match thread::Builder::new()
                .name("amif-check rules".into())
                .spawn(move || check_rows(sink, &incoming, &give_back))
            {
                Ok(rules) => Inner::Threaded {
                    batch: Vec::new(),
                    filled: 0,
                    to_rules,
                    used,
                    rules,
                },
                Err(_) => Inner::InTurn(Box::new(ParticipantSink::new(options))),
            }
        }

        pub(super) fn header(&mut self, header: &HeaderMap) {
            self.send_rows();
            match self {
                Inner::Threaded { to_rules, .. } => {
                    let _ = to_rules.send(Message::Header(header.clone()));
                }
                Inner::InTurn(sink) => sink.header(header),
            }
        }

        pub(super) fn expect_rows(&mut self, rows: usize) {
            match self {
                Inner::Threaded { to_rules, .. } => {
                    let _ = to_rules.send(Message::ExpectRows(rows));
                }
                Inner::InTurn(sink) => sink.expect_rows(rows),
            }
        }

        pub(super) fn take_row(&mut self, row: &mut Row) {
            let Inner::Threaded {
                batch,
                filled,
                used,
                ..
            } = self
            else {
                if let Inner::InTurn(sink) = self {
                    sink.row(row);
                }
                return;
            };
            if batch.is_empty() {
                *batch = used
                    .try_recv()
                    .unwrap_or_else(|_| vec![Row::default(); BATCH_ROWS]);
            }
            if let Some(slot) = batch.get_mut(*filled) {
                std::mem::swap(slot, row);
                *filled += 1;
            }
            if *filled >= batch.len() {
                self.send_rows();
            }
        }

        fn send_rows(&mut self) {
            if let Inner::Threaded {
                batch,
                filled,
                to_rules,
                ..
            } = self
            {
                if *filled > 0 {
                    let message = Message::Rows(std::mem::take(batch), std::mem::take(filled));
                    // The thread only stops early by panicking; `finish`
                    // passes that panic on.
                    let _ = to_rules.send(message);
                }
            }
        }

        pub(super) fn finish(mut self) -> ParticipantSink {
            self.send_rows();
            match self {
                Inner::Threaded {
                    to_rules, rules, ..
                } => {
                    drop(to_rules);
                    match rules.join() {
                        Ok(sink) => sink,
                        Err(panic) => std::panic::resume_unwind(panic),
                    }
                }
                Inner::InTurn(sink) => *sink,
            }
        }
    }

    fn check_rows(
        mut sink: ParticipantSink,
        incoming: &Receiver<Message>,
        give_back: &Sender<Vec<Row>>,
    ) -> ParticipantSink {
        while let Ok(message) = incoming.recv() {
            match message {
                Message::ExpectRows(rows) => sink.expect_rows(rows),
                Message::Header(header) => sink.header(&header),
                Message::Rows(batch, filled) => {
                    for row in batch.iter().take(filled) {
                        sink.row(row);
                    }
                    // The reader may have finished already: nobody to take it.
                    let _ = give_back.send(batch);
                }
            }
        }
        sink
    }
}
