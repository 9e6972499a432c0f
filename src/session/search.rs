//! Finding text in every document of a project, on a thread: documents
//! already read are searched as they are in memory (unsaved edits
//! included), the others are read from their files a few hundred at a
//! time (on every core) and dropped again, so memory does not grow with the
//! project. Hits arrive in document order while the search runs, and it
//! stops soon after [`SearchJob::cancel`].
//!
//! Units: hit offsets are chars (code points) of the document text, as
//! everywhere; `index` is the document's position in the project when the
//! search started.

use super::Session;
use crate::edit::bulk::find_all;
use crate::store::BodyReader;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

/// Documents read from disk per step.
const CHUNK: usize = 256;
/// Hits kept at most (the search stops there and says so).
pub const MAX_HITS: usize = 10_000;
/// Chars of context shown on each side of a hit.
const CONTEXT: usize = 30;

/// One occurrence of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// The document's position in the project when the search started.
    pub index: usize,
    /// Its id.
    pub id: String,
    /// First char of the match.
    pub start: usize,
    /// One past its last char.
    pub end: usize,
    /// The line around it, trimmed to a few words each side.
    pub context: String,
}

/// What the thread sends.
#[derive(Debug)]
pub enum SearchEvent {
    /// Hits of some documents, in document order.
    Hits(Vec<SearchHit>),
    /// A document whose file does not load (its id): not searched.
    Unreadable(String),
    /// The search ended: all searched, cancelled, or [`MAX_HITS`] reached.
    Finished,
}

/// A search running on a thread.
#[derive(Debug)]
pub struct SearchJob {
    cancel: Arc<AtomicBool>,
    searched: Arc<AtomicUsize>,
    total: usize,
    rx: Receiver<SearchEvent>,
}

impl SearchJob {
    /// Asks the thread to stop (it stops after the document it is on).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Documents searched so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.searched.load(Ordering::Relaxed), self.total)
    }

    /// What arrived since the last call (never waits).
    pub fn poll(&self) -> Vec<SearchEvent> {
        self.rx.try_iter().collect()
    }

    /// Waits for the whole search (tests, the CLI): every hit in order.
    pub fn wait(self) -> (Vec<SearchHit>, Vec<String>) {
        let mut hits = Vec::new();
        let mut unreadable = Vec::new();
        for e in self.rx.iter() {
            match e {
                SearchEvent::Hits(h) => hits.extend(h),
                SearchEvent::Unreadable(id) => unreadable.push(id),
                SearchEvent::Finished => break,
            }
        }
        (hits, unreadable)
    }
}

/// The hits of `query` in `text`, with context.
fn hits_in(index: usize, id: &str, text: &str, query: &str, match_case: bool) -> Vec<SearchHit> {
    let found = find_all(text, query, match_case);
    if found.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    found
        .into_iter()
        .map(|(start, end)| {
            let line_start = chars[..start]
                .iter()
                .rposition(|&c| c == '\n')
                .map_or(0, |p| p + 1);
            let line_end = chars[end..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(chars.len(), |p| end + p);
            let from = start.saturating_sub(CONTEXT).max(line_start);
            let to = (end + CONTEXT).min(line_end);
            let mut context: String = chars[from..to].iter().collect();
            if from > line_start {
                context.insert(0, '…');
            }
            if to < line_end {
                context.push('…');
            }
            SearchHit {
                index,
                id: id.to_owned(),
                start,
                end,
                context,
            }
        })
        .collect()
}

/// Where each document's text comes from.
enum Source {
    /// Read here: its text now.
    Text(String),
    /// Not read: from its file.
    File,
}

impl Session {
    /// Starts finding `query` (trimmed; case-insensitive unless
    /// `match_case`) in every document, on a thread.
    pub fn search_documents(&self, query: &str, match_case: bool) -> SearchJob {
        let query = super::input::clean_line(query).trim().to_owned();
        let ws = &self.workspace;
        let (reader, _) = ws.body_reader();
        let docs: Vec<(String, Source)> = ws
            .project
            .documents
            .iter()
            .map(|d| {
                let source = if ws.is_loaded(&d.id) {
                    Source::Text(d.text.clone())
                } else {
                    Source::File
                };
                (d.id.clone(), source)
            })
            .collect();
        let cancel = Arc::new(AtomicBool::new(false));
        let searched = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        let job = SearchJob {
            cancel: cancel.clone(),
            searched: searched.clone(),
            total: docs.len(),
            rx,
        };
        std::thread::spawn(move || {
            run(&docs, &reader, &query, match_case, &cancel, &searched, &tx);
            let _ = tx.send(SearchEvent::Finished);
        });
        job
    }
}

fn run(
    docs: &[(String, Source)],
    reader: &BodyReader,
    query: &str,
    match_case: bool,
    cancel: &AtomicBool,
    searched: &AtomicUsize,
    tx: &std::sync::mpsc::Sender<SearchEvent>,
) {
    if query.is_empty() {
        searched.store(docs.len(), Ordering::Relaxed);
        return;
    }
    let mut found = 0;
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let unread: Vec<String> = chunk
            .iter()
            .filter(|(_, s)| matches!(s, Source::File))
            .map(|(id, _)| id.clone())
            .collect();
        let mut read = reader.read(&unread).into_iter();
        let mut hits = Vec::new();
        for (k, (id, source)) in chunk.iter().enumerate() {
            let index = n * CHUNK + k;
            match source {
                Source::Text(text) => hits.extend(hits_in(index, id, text, query, match_case)),
                Source::File => match read.next() {
                    Some((_, Ok(body))) => {
                        hits.extend(hits_in(index, id, &body.document.text, query, match_case))
                    }
                    _ => {
                        if tx.send(SearchEvent::Unreadable(id.clone())).is_err() {
                            return;
                        }
                    }
                },
            }
        }
        searched.fetch_add(chunk.len(), Ordering::Relaxed);
        found += hits.len();
        hits.truncate(hits.len() - found.saturating_sub(MAX_HITS));
        if !hits.is_empty() && tx.send(SearchEvent::Hits(hits)).is_err() {
            // Nobody listens any more.
            return;
        }
        if found >= MAX_HITS {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_carry_char_offsets_and_the_line_around_them() {
        let text = "Tin 😀 ngắn\nÔng Lê Văn Tám đến. Lê Văn Tám về.\nHết";
        let hits = hits_in(3, "d", text, "lê văn tám", false);
        assert_eq!(hits.len(), 2);
        let chars: Vec<char> = text.chars().collect();
        for h in &hits {
            let s: String = chars[h.start..h.end].iter().collect();
            assert_eq!(s, "Lê Văn Tám");
            assert_eq!(h.index, 3);
            assert!(!h.context.contains('\n'));
            assert!(h.context.contains("Lê Văn Tám"));
        }
        assert!(hits_in(0, "d", text, "lê văn tám", true).is_empty());
    }
}
