//! `.gloss/cache/documents.tsv`: what the document list shows of each
//! document (its span, relation and open-suggestion counts), so a project
//! opened index first shows them for documents not read yet.
//!
//! Invariants: the cache is derived and never the source of truth. Each
//! entry is keyed by its document file's size, modification time (ns) and
//! inode; an entry whose file is not exactly so now is ignored. A missing,
//! unreadable or malformed cache is an empty one (the project opens the
//! same, the counts of unread documents are just not shown), and a
//! malformed line is skipped. It is rewritten whole, atomically, when a
//! whole project was read (`gloss check`, the GUI's whole-project work) and
//! when the GUI closes, never per save. Git ignores it (`.gitignore` of new
//! projects). Lines are sorted by document id.
//!
//! Line format (tab-separated; ids never hold tabs or newlines):
//! `id, size, modified (ns since 1970), inode, spans, relations, open`,
//! after a first line `gloss-document-cache 1`.

use super::CACHE_DIR;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

const HEADER: &str = "gloss-document-cache 1";
const FILE: &str = "documents.tsv";

/// What the document list shows of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocFacts {
    /// Spans.
    pub spans: usize,
    /// Relations.
    pub relations: usize,
    /// Open span and relation suggestions.
    pub open: usize,
}

impl DocFacts {
    /// The facts of a document in memory.
    pub fn of(doc: &crate::model::Document) -> Self {
        Self {
            spans: doc.spans.len(),
            relations: doc.relations.len(),
            open: doc.suggestions.len() + doc.relation_suggestions.len(),
        }
    }
}

/// A file as the cache knows it: size, modification time (ns), inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    /// Nanoseconds since 1970 (u64 lasts until 2554).
    modified_ns: u64,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos()
            .try_into()
            .ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Self {
            len: meta.len(),
            modified_ns,
            inode,
        })
    }
}

/// The cache of one project folder, as read at open.
#[derive(Debug)]
pub struct DocCache {
    root: PathBuf,
    entries: HashMap<String, (Stamp, DocFacts)>,
    /// Entries looked at against their file (true: still valid).
    checked: Mutex<HashMap<String, bool>>,
}

/// Where the cache of `root` is.
pub fn cache_path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(FILE)
}

fn doc_file(root: &Path, id: &str) -> PathBuf {
    root.join(super::format::doc_path(id))
}

fn parse_line(line: &str) -> Option<(String, (Stamp, DocFacts))> {
    let mut f = line.split('\t');
    let id = f.next()?;
    let mut num = || f.next()?.parse::<u64>().ok();
    let (len, modified_ns, inode) = (num()?, num()?, num()?);
    let (spans, relations, open) = (num()?, num()?, num()?);
    let small = |n: u64| usize::try_from(n).ok();
    Some((
        id.to_owned(),
        (
            Stamp {
                len,
                modified_ns,
                inode,
            },
            DocFacts {
                spans: small(spans)?,
                relations: small(relations)?,
                open: small(open)?,
            },
        ),
    ))
}

impl DocCache {
    /// Reads the cache of the project in `root`; empty when there is none
    /// or it cannot be read.
    pub fn read(root: &Path) -> Self {
        let mut cache = Self::empty(root);
        let Ok(text) = std::fs::read_to_string(cache_path(root)) else {
            return cache;
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return cache;
        }
        cache.entries = lines.filter_map(parse_line).collect();
        cache
    }

    /// No entries, for the project in `root` (a project read whole).
    pub fn empty(root: &Path) -> Self {
        Self {
            root: root.to_owned(),
            entries: HashMap::new(),
            checked: Mutex::new(HashMap::new()),
        }
    }

    /// The facts of document `id` when the cache has them for its file as
    /// it is now.
    pub fn get(&self, id: &str) -> Option<DocFacts> {
        let (stamp, facts) = self.entries.get(id)?;
        let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        let valid = *checked
            .entry(id.to_owned())
            .or_insert_with(|| Stamp::of(&doc_file(&self.root, id)) == Some(*stamp));
        valid.then_some(*facts)
    }

    /// Records the facts of document `id`, whose file now holds exactly
    /// what they were taken from (a document saved and then made a stub
    /// again), so the list shows them without reading it.
    pub fn put(&mut self, id: &str, facts: DocFacts) {
        let checked = self.checked.get_mut().unwrap_or_else(|e| e.into_inner());
        match Stamp::of(&doc_file(&self.root, id)) {
            Some(stamp) => {
                self.entries.insert(id.to_owned(), (stamp, facts));
                checked.insert(id.to_owned(), true);
            }
            None => {
                self.entries.remove(id);
                checked.remove(id);
            }
        }
    }

    /// Writes the cache: `loaded` (documents whose file holds exactly what
    /// is in memory: id and facts) stamped with their file now, plus this
    /// cache's still valid entries for `others` (documents not read).
    pub fn write(
        &self,
        loaded: impl Iterator<Item = (String, DocFacts)>,
        others: impl Iterator<Item = String>,
    ) -> std::io::Result<()> {
        let mut lines: BTreeMap<String, (Stamp, DocFacts)> = BTreeMap::new();
        for (id, facts) in loaded {
            if let Some(stamp) = Stamp::of(&doc_file(&self.root, &id)) {
                lines.insert(id, (stamp, facts));
            }
        }
        for id in others {
            if let (Some(facts), Some(entry)) = (self.get(&id), self.entries.get(&id)) {
                lines.insert(id, (entry.0, facts));
            }
        }
        let mut out = String::with_capacity(lines.len() * 48 + 32);
        out.push_str(HEADER);
        out.push('\n');
        for (id, (s, f)) in &lines {
            out.push_str(&format!(
                "{id}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                s.len, s.modified_ns, s.inode, f.spans, f.relations, f.open
            ));
        }
        let path = cache_path(&self.root);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        super::write_atomic(&path, out.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lines_are_skipped_and_a_bad_header_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/a.ron"), "x").unwrap();
        let stamp = Stamp::of(&root.join("docs/a.ron")).unwrap();
        std::fs::create_dir_all(root.join(CACHE_DIR)).unwrap();
        let good = format!(
            "a\t{}\t{}\t{}\t3\t1\t2",
            stamp.len, stamp.modified_ns, stamp.inode
        );
        std::fs::write(
            cache_path(root),
            format!("{HEADER}\n{good}\nb\tnot a number\n\n"),
        )
        .unwrap();
        let c = DocCache::read(root);
        assert_eq!(
            c.get("a"),
            Some(DocFacts {
                spans: 3,
                relations: 1,
                open: 2
            })
        );
        assert_eq!(c.get("b"), None);
        std::fs::write(cache_path(root), format!("other 2\n{good}\n")).unwrap();
        assert_eq!(DocCache::read(root).get("a"), None);
    }

    #[test]
    fn an_entry_of_a_changed_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/a.ron"), "x").unwrap();
        let facts = DocFacts {
            spans: 1,
            relations: 0,
            open: 0,
        };
        DocCache::read(root)
            .write([("a".to_owned(), facts)].into_iter(), std::iter::empty())
            .unwrap();
        assert_eq!(DocCache::read(root).get("a"), Some(facts));
        std::fs::write(root.join("docs/a.ron"), "xy").unwrap();
        assert_eq!(DocCache::read(root).get("a"), None);
    }
}
