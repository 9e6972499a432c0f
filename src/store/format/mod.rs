//! The on-disk shapes of `project.ron` and `docs/<id>.ron`, their versions and
//! the migration chain from older versions.
//!
//! Each on-disk version has a frozen module (`v0`, `v1`) with its own types;
//! a file is parsed with the types of the version it states, then migrated
//! step by step (`v0::migrate_* -> v1`, ...) up to the current version, which
//! becomes the model. A file with a newer version is refused. Writing always
//! writes the current version. A format change is one new module `vN`, a
//! `migrate_*` step in `vN-1`, and [`CURRENT_VERSION`] + 1.
//!
//! Version history: 0 was the pre-release draft (labels as bare names, no
//! status in the index); 1 the first release; 2 adds a document's token
//! layout and extra meta facts from dataset imports; 3 adds
//! relation types in `project.ron` and relations in document files; 4
//! (current) adds teams: `annotators` in `project.ron`, `assigned` per index
//! entry, the `Curated(from: [..])` span origin, and annotator layers
//! (`annotations/<annotator>/<doc-id>.ron`, see `store::layers`).

// Problems are collected into a list, not propagated far: their size is fine.
#![allow(clippy::result_large_err)]

use super::paths::ProjectReader;
use super::saved::{Digest, Saved};
use super::{LoadError, LoadProblem, ProjectDir, StoreError, PROJECT_FILE};
use crate::model::{Document, Label, Project, RelationType, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The format version this build writes.
pub const CURRENT_VERSION: u32 = 4;

/// `project.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFile {
    /// Format version ([`CURRENT_VERSION`] when written).
    pub format_version: u32,
    /// Project name.
    pub name: String,
    /// The label set.
    pub labels: Vec<Label>,
    /// The relation types.
    #[serde(default)]
    pub relation_types: Vec<RelationType>,
    /// The team's annotators (version 4; absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotators: Vec<String>,
    /// One entry per document, in project order.
    pub documents: Vec<DocEntry>,
}

/// One document in the project index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocEntry {
    /// Document id.
    pub id: String,
    /// Title (copied from the document for quick listing).
    pub title: String,
    /// Path relative to the project folder: `docs/<id>.ron`.
    pub file: String,
    /// Status (copied from the document; the document file is authoritative).
    #[serde(default)]
    pub status: Status,
    /// Annotators the document is assigned to (version 4; absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assigned: Vec<String>,
}

/// `docs/<id>.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentFile {
    /// Format version.
    pub format_version: u32,
    /// The document.
    pub document: Document,
}

pub mod fast;
#[cfg(test)]
mod fast_tests;
pub mod v0;
pub mod v1;
pub mod v2;
pub mod v3;
pub mod v4;

/// A `project.ron` of any known version, as parsed (versions 1 and 2 share
/// one shape).
enum AnyProject {
    V0(v0::ProjectFile),
    V1(v1::ProjectFile),
    V3(v3::ProjectFile),
    V4(v4::ProjectFile),
}

impl AnyProject {
    /// Migrates step by step to the current version.
    fn upgrade(self) -> v4::ProjectFile {
        match self {
            AnyProject::V0(p) => v3::migrate_project(v2::migrate_project(v0::migrate_project(p))),
            AnyProject::V1(p) => v3::migrate_project(v2::migrate_project(p)),
            AnyProject::V3(p) => v3::migrate_project(p),
            AnyProject::V4(p) => p,
        }
    }
}

/// A document file of any known version, as parsed.
enum AnyDocument {
    V0(v0::DocumentFile),
    V1(v1::DocumentFile),
    V2(v2::DocumentFile),
    V3(v3::DocumentFile),
    V4(v4::DocumentFile),
}

impl AnyDocument {
    /// Migrates step by step to the current version.
    fn upgrade(self) -> v4::DocumentFile {
        let v3 = match self {
            AnyDocument::V0(d) => {
                v2::migrate_document(v1::migrate_document(v0::migrate_document(d)))
            }
            AnyDocument::V1(d) => v2::migrate_document(v1::migrate_document(d)),
            AnyDocument::V2(d) => v2::migrate_document(d),
            AnyDocument::V3(d) => d,
            AnyDocument::V4(d) => return d,
        };
        v3::migrate_document(v3)
    }
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format_version: Option<u32>,
}

/// Relative path of a document's file.
pub fn doc_path(id: &str) -> PathBuf {
    PathBuf::from("docs").join(format!("{id}.ron"))
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("  ")
        .escape_strings(false)
        .new_line("\n")
}

pub(crate) fn to_ron<T: Serialize>(what: &str, value: &T) -> Result<String, StoreError> {
    let mut s = ron::ser::to_string_pretty(value, pretty())
        .map_err(|e| StoreError::Ron(what.to_owned(), e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Serializes a document file (spans sorted).
pub fn write_document(doc: &Document) -> Result<String, StoreError> {
    let mut doc = doc.clone();
    doc.sort_spans();
    // Curation candidates are derived from the layers, never stored.
    doc.suggestions
        .retain(|s| !s.source.starts_with(crate::model::CANDIDATE_SOURCE_PREFIX));
    let id = doc.id.clone();
    to_ron(
        &id,
        &DocumentFile {
            format_version: CURRENT_VERSION,
            document: doc,
        },
    )
}

/// Serializes the project index.
pub fn write_project(project: &Project) -> Result<String, StoreError> {
    to_ron(
        PROJECT_FILE,
        &ProjectFile {
            format_version: CURRENT_VERSION,
            name: project.name.clone(),
            labels: project.labels.clone(),
            relation_types: project.relation_types.clone(),
            annotators: project.annotators.clone(),
            documents: project
                .documents
                .iter()
                .map(|d| DocEntry {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    file: doc_path(&d.id).to_string_lossy().replace('\\', "/"),
                    status: d.status,
                    assigned: project.assignments.get(&d.id).cloned().unwrap_or_default(),
                })
                .collect(),
        },
    )
}

pub(crate) fn ron_problem(file: &Path, e: &ron::error::SpannedError, fix: &str) -> LoadProblem {
    LoadProblem {
        file: file.to_owned(),
        position: Some((e.span.start.line, e.span.start.col)),
        document: None,
        span: None,
        message: match e.code {
            // ron's own text suggests changing Rust code; say what it means.
            ron::Error::ExceededRecursionLimit => {
                "RON syntax or type error: values nested too deeply (a Gloss file nests a few levels; the limit guards against a stack overflow)".into()
            }
            _ => format!("RON syntax or type error: {}", e.code),
        },
        fix: fix.to_owned(),
    }
}

pub(crate) fn plain_problem(file: &Path, message: String, fix: &str) -> LoadProblem {
    LoadProblem {
        file: file.to_owned(),
        position: None,
        document: None,
        span: None,
        message,
        fix: fix.to_owned(),
    }
}

/// The version of a file that states it first, as Gloss writes it
/// (`(` then `format_version: N,`), without parsing the rest; `None` for
/// any other shape (then the whole file is parsed to find it).
fn stated_version(text: &str) -> Option<u32> {
    let rest = text.trim_start_matches('\u{feff}').trim_start();
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("format_version")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = rest[digits..].trim_start();
    if digits == 0 || digits > 9 || !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// Parses a file of the current version: with the [`fast`] reader, and
/// with `ron` (the definition, with its error positions) when that
/// declines.
pub(crate) fn parse_current<'a, T: Deserialize<'a> + std::fmt::Debug>(
    text: &'a str,
) -> Result<T, ron::error::SpannedError> {
    match fast::from_str(text) {
        Some(value) => {
            // Debug builds (the whole test suite) read every such file with
            // `ron` too: each project a test opens checks the invariant.
            #[cfg(debug_assertions)]
            {
                let slow = ron::from_str::<T>(text).map(|v| format!("{v:?}"));
                assert_eq!(
                    slow.as_deref(),
                    Ok(format!("{value:?}").as_str()),
                    "the fast RON reader read a file differently from ron:\n{text}"
                );
            }
            Ok(value)
        }
        None => ron::from_str(text),
    }
}

/// Reads the version of a RON file, refusing newer ones.
pub(crate) fn version_of(file: &Path, text: &str) -> Result<u32, LoadProblem> {
    if let Some(v) = stated_version(text) {
        return check_version(file, Some(v));
    }
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let header: Header = options.from_str(text).map_err(|e| {
        ron_problem(
            file,
            &e,
            "repair the file (compare with docs/FORMAT.md) or restore it from git",
        )
    })?;
    check_version(file, header.format_version)
}

/// Refuses a missing or newer version.
fn check_version(file: &Path, version: Option<u32>) -> Result<u32, LoadProblem> {
    match version {
        None => Err(plain_problem(
            file,
            "the file has no format_version".into(),
            &format!("add `format_version: {CURRENT_VERSION},` at the top of the file"),
        )),
        Some(v) if v > CURRENT_VERSION => Err(plain_problem(
            file,
            format!("format version {v} was written by a newer Gloss; this one reads versions up to {CURRENT_VERSION}"),
            "update Gloss to open this project",
        )),
        Some(v) => Ok(v),
    }
}

/// Reads `project.ron` in whatever version it is and migrates it to the
/// current one.
fn read_project_file(
    reader: &mut ProjectReader,
    file: &Path,
) -> Result<(ProjectFile, u32, String), LoadProblem> {
    let text = reader.read(Path::new(PROJECT_FILE))?;
    let fix = "repair project.ron (compare with docs/FORMAT.md) or restore it from git";
    let version = version_of(file, &text)?;
    let parsed = match version {
        0 => AnyProject::V0(ron::from_str(&text).map_err(|e| ron_problem(file, &e, fix))?),
        1 | 2 => AnyProject::V1(ron::from_str(&text).map_err(|e| ron_problem(file, &e, fix))?),
        3 => AnyProject::V3(ron::from_str(&text).map_err(|e| ron_problem(file, &e, fix))?),
        _ => AnyProject::V4(parse_current(&text).map_err(|e| ron_problem(file, &e, fix))?),
    };
    let pf = parsed.upgrade();
    let pf = ProjectFile {
        format_version: CURRENT_VERSION,
        name: pf.name,
        documents: pf
            .documents
            .into_iter()
            .map(|e| DocEntry {
                status: v4::into_model::entry_status(&e),
                id: e.id,
                title: e.title,
                file: e.file,
                assigned: e.assigned,
            })
            .collect(),
        labels: v4::into_model::labels(pf.labels),
        relation_types: v4::into_model::relation_types(pf.relation_types),
        annotators: pf.annotators,
    };
    Ok((pf, version, text))
}

/// Reads a document file in whatever version it is and migrates it to the
/// current one.
fn read_document_file(
    reader: &mut ProjectReader,
    file: &Path,
    entry: &DocEntry,
) -> Result<(Document, u32), LoadProblem> {
    let fix = "repair the document file (compare with docs/FORMAT.md) or restore it from git";
    let (parsed, version) = reader.read_with(&doc_path(&entry.id), |text| {
        let version = version_of(file, text)?;
        let parsed = match version {
            0 => AnyDocument::V0(ron::from_str(text).map_err(|e| ron_problem(file, &e, fix))?),
            1 => AnyDocument::V1(ron::from_str(text).map_err(|e| ron_problem(file, &e, fix))?),
            2 => AnyDocument::V2(ron::from_str(text).map_err(|e| ron_problem(file, &e, fix))?),
            3 => AnyDocument::V3(ron::from_str(text).map_err(|e| ron_problem(file, &e, fix))?),
            _ => AnyDocument::V4(parse_current(text).map_err(|e| ron_problem(file, &e, fix))?),
        };
        Ok((parsed, version))
    })??;
    let df = DocumentFile {
        format_version: CURRENT_VERSION,
        document: v4::into_model::document(parsed.upgrade().document),
    };
    if df.document.id != entry.id {
        return Err(plain_problem(
            file,
            format!(
                "holds document {:?} but project.ron lists it as {:?}",
                df.document.id, entry.id
            ),
            "make the id in the file and in project.ron the same",
        ));
    }
    Ok((df.document, version))
}

/// Reads and validates `docs/<id>.ron`, a document file the index does not
/// name, against the labels and relation types of `project`.
pub fn read_unlisted(root: &Path, id: &str, project: &Project) -> Result<Document, LoadProblem> {
    let rel = doc_path(id);
    let file = root.join(&rel);
    let entry = DocEntry {
        id: id.to_owned(),
        title: String::new(),
        file: rel.to_string_lossy().replace('\\', "/"),
        status: Status::default(),
        assigned: Vec::new(),
    };
    let mut reader = ProjectReader::new(root);
    let (doc, _) = read_document_file(&mut reader, &file, &entry)?;
    let mut problems = doc.problems(&project.labels);
    problems.extend(doc.relation_problems(&project.relation_types));
    match problems.into_iter().next() {
        None => Ok(doc),
        Some(p) => Err(LoadProblem {
            file,
            position: None,
            document: Some(doc.id.clone()),
            span: p.span,
            message: p.message,
            fix: p.fix,
        }),
    }
}

/// One document file as read by [`load`] on a worker thread.
struct DocRead {
    document: Option<Document>,
    problems: Vec<LoadProblem>,
    fingerprint: Option<(PathBuf, super::paths::Fingerprint)>,
    /// Its serialization, when it is in the current format (`None`: an
    /// older version, written again at the next save).
    saved: Option<Result<Digest, StoreError>>,
}

/// Reads, parses, validates and serializes one document.
fn read_one(
    root: &Path,
    entry: &DocEntry,
    labels: &[Label],
    relation_types: &[RelationType],
    keep_saved: bool,
) -> DocRead {
    let file = root.join(&entry.file);
    let mut reader = ProjectReader::new(root);
    let result = read_document_file(&mut reader, &file, entry);
    let fingerprint = reader.into_fingerprints().into_iter().next();
    match result {
        Ok((doc, version)) => {
            let problems: Vec<LoadProblem> = doc
                .problems(labels)
                .into_iter()
                .chain(doc.relation_problems(relation_types))
                .map(|p| LoadProblem {
                    file: file.clone(),
                    position: None,
                    document: Some(doc.id.clone()),
                    span: p.span,
                    message: p.message,
                    fix: p.fix,
                })
                .collect();
            let saved = (keep_saved && version == CURRENT_VERSION && problems.is_empty())
                .then(|| write_document(&doc).map(|c| Digest::of(&c)));
            DocRead {
                document: Some(doc),
                problems,
                fingerprint,
                saved,
            }
        }
        Err(p) => DocRead {
            document: None,
            problems: vec![p],
            fingerprint,
            saved: None,
        },
    }
}

/// `project.ron` read and checked, before any document file is read.
pub(crate) struct IndexRead {
    /// The project without documents (labels, relation types, team).
    pub project: Project,
    /// Its index entries, in order (each checked: a safe, expected file
    /// name, listed once).
    pub entries: Vec<DocEntry>,
    /// The version `project.ron` states.
    pub version: u32,
    /// The fingerprint of `project.ron`.
    pub fingerprints: BTreeMap<PathBuf, super::paths::Fingerprint>,
    /// `project.ron` as read.
    pub text: String,
}

/// Reads and checks `project.ron` (ids, file names, labels, team); every
/// problem is reported.
pub(crate) fn read_index(root: &Path) -> Result<IndexRead, LoadError> {
    let fail = |problems| LoadError {
        root: root.to_owned(),
        problems,
    };
    let index_path = root.join(PROJECT_FILE);
    // Every file is read inside the folder, size-limited and fingerprinted.
    let mut reader = ProjectReader::new(root);
    let (pf, version, text) =
        read_project_file(&mut reader, &index_path).map_err(|p| fail(vec![p]))?;
    // Ids become file names: nothing is read before they are all safe.
    let unsafe_names = super::paths::index_problems(&index_path, &pf);
    if !unsafe_names.is_empty() {
        return Err(fail(unsafe_names));
    }
    let mut problems = Vec::new();
    let mut project = Project::new(&pf.name, pf.labels.clone());
    project.relation_types = pf.relation_types.clone();
    problems.extend(super::layers::team_problems(&index_path, &pf, &mut project));
    for p in project.label_problems() {
        problems.push(plain_problem(&index_path, p.message, &p.fix));
    }
    // Entries with a bad file name or listed twice are problems.
    let mut seen = std::collections::HashSet::new();
    for entry in &pf.documents {
        let expected = doc_path(&entry.id).to_string_lossy().replace('\\', "/");
        if entry.file != expected || !seen.insert(entry.id.clone()) {
            problems.push(plain_problem(
                &index_path,
                format!(
                    "document {:?} is listed with file {:?} (or twice)",
                    entry.id, entry.file
                ),
                &format!("list each document once, with file \"{expected}\""),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    Ok(IndexRead {
        project,
        entries: pf.documents,
        version,
        fingerprints: reader.into_fingerprints(),
        text,
    })
}

/// One document file read, parsed, validated and serialized (see
/// [`read_body`]).
pub(crate) struct Body {
    /// The document, valid.
    pub document: Document,
    /// Its file's fingerprint.
    pub fingerprint: Option<(PathBuf, super::paths::Fingerprint)>,
    /// Its serialization, when it is in the current format (`None`: an
    /// older version, written again at the next save).
    pub saved: Option<Digest>,
}

/// Reads, parses, validates and serializes the document of `entry`, with
/// every problem found (naming the file and the fix).
/// Without `keep_saved` no serialization is made (for reading only).
pub(crate) fn read_body_with(
    root: &Path,
    entry: &DocEntry,
    labels: &[Label],
    relation_types: &[RelationType],
    keep_saved: bool,
) -> Result<Body, Vec<LoadProblem>> {
    let one = read_one(root, entry, labels, relation_types, keep_saved);
    if !one.problems.is_empty() {
        return Err(one.problems);
    }
    let Some(document) = one.document else {
        return Err(Vec::new());
    };
    let saved = match one.saved {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            return Err(vec![plain_problem(
                &root.join(&entry.file),
                e.to_string(),
                "report this as a bug",
            )])
        }
    };
    Ok(Body {
        document,
        fingerprint: one.fingerprint,
        saved,
    })
}

/// The serialization of `project.ron` as read, when it is in the current
/// version (saving it unchanged then writes nothing).
pub(crate) fn index_saved(
    root: &Path,
    project: &Project,
    version: u32,
) -> Result<Option<String>, LoadError> {
    if version != CURRENT_VERSION {
        return Ok(None);
    }
    write_project(project).map(Some).map_err(|e| LoadError {
        root: root.to_owned(),
        problems: vec![plain_problem(
            &root.join(PROJECT_FILE),
            e.to_string(),
            "report this as a bug",
        )],
    })
}

/// Loads a whole project, collecting every problem before giving up.
pub fn load(root: &Path) -> Result<(Project, ProjectDir), LoadError> {
    load_with(root, true)
}

/// [`load`]; without `keep_saved` the files' serializations are not kept
/// (for reading only: nothing will be compared before writing), which
/// saves serializing every document.
pub(crate) fn load_with(root: &Path, keep_saved: bool) -> Result<(Project, ProjectDir), LoadError> {
    let IndexRead {
        mut project,
        entries,
        version,
        mut fingerprints,
        ..
    } = read_index(root)?;
    // Documents are read, parsed, validated and serialized (for `saved`)
    // on every core, then taken in index order, so problems come out in
    // file order.
    let read: Vec<Result<Body, Vec<LoadProblem>>> = {
        use rayon::prelude::*;
        let labels = &project.labels;
        let relation_types = &project.relation_types;
        entries
            .par_iter()
            .map(|entry| read_body_with(root, entry, labels, relation_types, keep_saved))
            .collect()
    };
    let mut problems = Vec::new();
    let mut saved = Saved::default();
    for one in read {
        match one {
            Ok(body) => {
                if let Some((rel, fp)) = body.fingerprint {
                    fingerprints.insert(rel, fp);
                }
                if let Some(content) = body.saved {
                    saved.insert_digest(doc_path(&body.document.id), content);
                }
                project.documents.push(body.document);
            }
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(LoadError {
            root: root.to_owned(),
            problems,
        });
    }
    // Remember what the loaded project serializes to: saving it unchanged
    // writes nothing, so no byte on disk changes. Files of an older version
    // are left out (above), so the next save writes them in the current
    // format.
    if let Some(index) = index_saved(root, &project, version)? {
        saved.insert(PathBuf::from(PROJECT_FILE), index);
    }
    Ok((
        project,
        ProjectDir {
            root: root.to_owned(),
            saved,
            disk: fingerprints,
            layer: None,
            stubs: Default::default(),
            reading_only: !keep_saved,
        },
    ))
}
