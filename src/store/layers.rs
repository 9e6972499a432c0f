//! Annotator layers (format version 4): annotator A's work on document D
//! lives in `annotations/A/D.ron` — status, note, spans (with their text),
//! suggestions and rejections, relations — while the text stays only in
//! `docs/D.ron`, the gold layer. Two annotators therefore never write the
//! same file, and git merges their work without conflicts.
//!
//! Invariants: a layer file names its annotator and document and the length
//! of the text it was made on (`text_chars`, code points); at load both must
//! match, and every span's stored text must equal the text it covers, or the
//! load fails naming the layer file, the span and the fix (the file is never
//! overwritten). A document with no layer file yet is, for its annotator,
//! status Todo with no spans. A [`ProjectDir`] opened for an annotator reads
//! and writes that annotator's layer files only: never `docs/` nor
//! `project.ron`.

// Problems are collected into a list, not propagated far: their size is fine.
#![allow(clippy::result_large_err)]

use super::format::{self, plain_problem, ron_problem, version_of, ProjectFile};
use super::paths::ProjectReader;
use super::{LoadError, LoadProblem, ProjectDir, StoreError, PROJECT_FILE};
use crate::model::{
    Document, Project, Relation, RelationId, RelationSuggestion, Span, Status, Suggestion,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder holding one sub-folder per annotator.
pub const ANNOTATIONS_DIR: &str = "annotations";

/// Relative path of annotator `annotator`'s layer of document `id`.
pub fn layer_path(annotator: &str, id: &str) -> PathBuf {
    PathBuf::from(ANNOTATIONS_DIR)
        .join(annotator)
        .join(format!("{id}.ron"))
}

/// The folder of one annotator's layer (where its lock file lives).
pub fn layer_dir(root: &Path, annotator: &str) -> PathBuf {
    root.join(ANNOTATIONS_DIR).join(annotator)
}

/// `annotations/<annotator>/<doc-id>.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerFile {
    /// Format version (4 or later).
    pub format_version: u32,
    /// Whose layer.
    pub annotator: String,
    /// The document id (the text is in `docs/<id>.ron`).
    pub document: String,
    /// Length in code points of the text the layer was made on.
    pub text_chars: usize,
    /// The annotator's status for the document.
    #[serde(default)]
    pub status: Status,
    /// The annotator's note.
    #[serde(default)]
    pub note: String,
    /// Spans, each with its text.
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Open suggestions.
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// Rejected suggestions.
    #[serde(default)]
    pub rejected: Vec<Suggestion>,
    /// Relations.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Highest relation id ever given in this layer.
    #[serde(default)]
    pub last_relation_id: RelationId,
    /// Open relation suggestions.
    #[serde(default)]
    pub relation_suggestions: Vec<RelationSuggestion>,
    /// Rejected relation suggestions.
    #[serde(default)]
    pub rejected_relations: Vec<RelationSuggestion>,
}

/// The document as its annotator sees it before any work: the gold text and
/// facts, no spans, status Todo.
pub fn blank(gold: &Document) -> Document {
    let mut d = gold.clone();
    d.status = Status::Todo;
    d.note.clear();
    d.spans.clear();
    d.suggestions.clear();
    d.rejected.clear();
    d.relations.clear();
    d.last_relation_id = 0;
    d.relation_suggestions.clear();
    d.rejected_relations.clear();
    d
}

/// Serializes `doc`'s annotations as `annotator`'s layer (spans sorted).
pub fn write_layer(annotator: &str, doc: &Document) -> Result<String, StoreError> {
    let mut doc = doc.clone();
    doc.sort_spans();
    let file = LayerFile {
        format_version: format::CURRENT_VERSION,
        annotator: annotator.to_owned(),
        document: doc.id.clone(),
        text_chars: doc.text.chars().count(),
        status: doc.status,
        note: doc.note,
        spans: doc.spans,
        suggestions: doc.suggestions,
        rejected: doc.rejected,
        relations: doc.relations,
        last_relation_id: doc.last_relation_id,
        relation_suggestions: doc.relation_suggestions,
        rejected_relations: doc.rejected_relations,
    };
    format::to_ron(&layer_path(annotator, &doc.id).to_string_lossy(), &file)
}

/// Reads annotator `annotator`'s layer of `gold` when the file exists:
/// `Ok(None)` when it does not, the document with the layer applied
/// otherwise, or the problems (file, span, fix).
pub fn read_layer(
    reader: &mut ProjectReader,
    root: &Path,
    project: &Project,
    annotator: &str,
    gold: &Document,
) -> Result<Option<Document>, Vec<LoadProblem>> {
    let rel = layer_path(annotator, &gold.id);
    let file = root.join(&rel);
    if std::fs::symlink_metadata(&file).is_err() {
        return Ok(None);
    }
    let text = reader.read(&rel).map_err(|p| vec![p])?;
    let version = version_of(&file, &text).map_err(|p| vec![p])?;
    let fix = "repair the layer file (compare with docs/FORMAT.md) or restore it from git";
    if version < 4 {
        return Err(vec![plain_problem(
            &file,
            format!("states format version {version}, but annotator layers exist from version 4"),
            "set `format_version: 4` in the file",
        )]);
    }
    let layer: LayerFile =
        super::format::parse_current(&text).map_err(|e| vec![ron_problem(&file, &e, fix)])?;
    let mut problems = Vec::new();
    if layer.annotator != annotator || layer.document != gold.id {
        problems.push(plain_problem(
            &file,
            format!(
                "holds annotator {:?}'s layer of document {:?}, but its place is {annotator:?}'s layer of {:?}",
                layer.annotator, layer.document, gold.id
            ),
            &format!("move the file to {}, or set `annotator: {annotator:?}` and `document: {:?}` in it", layer_path(&layer.annotator, &layer.document).display(), gold.id),
        ));
    }
    let chars = gold.text.chars().count();
    if layer.text_chars != chars {
        problems.push(plain_problem(
            &file,
            format!(
                "was made on a text of {} characters, but docs/{}.ron now has {chars}: the text changed under the layer",
                layer.text_chars, gold.id
            ),
            "restore docs/<id>.ron from git to the text the layer was made on, or move the layer's spans to the new text and set text_chars",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut doc = blank(gold);
    doc.status = layer.status;
    doc.note = layer.note;
    doc.spans = layer.spans;
    doc.suggestions = layer.suggestions;
    doc.rejected = layer.rejected;
    doc.relations = layer.relations;
    doc.last_relation_id = layer.last_relation_id;
    doc.relation_suggestions = layer.relation_suggestions;
    doc.rejected_relations = layer.rejected_relations;
    let relation_problems = doc.relation_problems(&project.relation_types);
    let found: Vec<LoadProblem> = doc
        .problems(&project.labels)
        .into_iter()
        .chain(relation_problems)
        .map(|p| LoadProblem {
            file: file.clone(),
            position: None,
            document: Some(doc.id.clone()),
            span: p.span,
            message: p.message,
            fix: p.fix,
        })
        .collect();
    if found.is_empty() {
        Ok(Some(doc))
    } else {
        Err(found)
    }
}

/// Checks the team part of `project.ron` (annotator names, assignments) and
/// copies it into `project`.
pub(super) fn team_problems(
    index_path: &Path,
    pf: &ProjectFile,
    project: &mut Project,
) -> Vec<LoadProblem> {
    let mut out = Vec::new();
    let mut names = Vec::new();
    for name in &pf.annotators {
        if let Err(bad) = crate::model::id::check_annotator_name(name) {
            out.push(plain_problem(
                index_path,
                format!("{bad} (in `annotators`)"),
                &format!(
                    "rename the annotator, e.g. {:?}, in `annotators`, in every `assigned` list and the folder annotations/<name>",
                    bad.suggestion
                ),
            ));
        } else if names.contains(name) {
            out.push(plain_problem(
                index_path,
                format!("annotator {name:?} is listed twice in `annotators`"),
                "list each annotator once",
            ));
        } else {
            names.push(name.clone());
        }
    }
    for entry in &pf.documents {
        let mut assigned = Vec::new();
        for name in &entry.assigned {
            if !names.contains(name) {
                out.push(plain_problem(
                    index_path,
                    format!(
                        "document {:?} is assigned to {name:?}, who is not in `annotators`",
                        entry.id
                    ),
                    &format!("add {name:?} to `annotators`, or remove it from the document's `assigned` list"),
                ));
            } else if !assigned.contains(name) {
                assigned.push(name.clone());
            }
        }
        if !assigned.is_empty() {
            assigned.sort();
            project.assignments.insert(entry.id.clone(), assigned);
        }
    }
    names.sort();
    project.annotators = names;
    out
}

/// Every annotator's layers of a loaded project: annotator -> document id
/// -> the document as that annotator left it (only documents with a layer
/// file). Fails with every problem found.
pub fn load_layers(
    root: &Path,
    project: &Project,
) -> Result<BTreeMap<String, BTreeMap<String, Document>>, LoadError> {
    load_layers_of(root, project, &|_| true)
}

/// [`load_layers`] for the documents `of` accepts (by id) only: a project
/// opened index first reads the layers of the documents it has read.
pub fn load_layers_of(
    root: &Path,
    project: &Project,
    of: &dyn Fn(&str) -> bool,
) -> Result<BTreeMap<String, BTreeMap<String, Document>>, LoadError> {
    let mut reader = ProjectReader::new(root);
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    for annotator in &project.annotators {
        let mut docs = BTreeMap::new();
        for gold in project.documents.iter().filter(|d| of(&d.id)) {
            match read_layer(&mut reader, root, project, annotator, gold) {
                Ok(Some(d)) => {
                    docs.insert(gold.id.clone(), d);
                }
                Ok(None) => {}
                Err(p) => problems.extend(p),
            }
        }
        out.insert(annotator.clone(), docs);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(LoadError {
            root: root.to_owned(),
            problems,
        })
    }
}

/// Files under `annotations/` that no layer of `project` uses: a layer of
/// a document the index no longer names, or a folder of someone who is not
/// an annotator. Nothing reads them, so they would be lost silently; `gloss
/// check` lists them. Relative paths, sorted. A missing `annotations/` is
/// no stray.
pub fn stray_layer_files(root: &Path, project: &Project) -> std::io::Result<Vec<PathBuf>> {
    let top = root.join(ANNOTATIONS_DIR);
    if !top.is_dir() {
        return Ok(Vec::new());
    }
    let ids: std::collections::BTreeSet<&str> =
        project.documents.iter().map(|d| d.id.as_str()).collect();
    let mut out = Vec::new();
    for folder in std::fs::read_dir(&top)? {
        let folder = folder?;
        let name = folder.file_name().to_string_lossy().into_owned();
        if !folder.file_type()?.is_dir() {
            out.push(PathBuf::from(ANNOTATIONS_DIR).join(&name));
            continue;
        }
        let known = project.annotators.contains(&name);
        for file in std::fs::read_dir(folder.path())? {
            let file = file?;
            let fname = file.file_name().to_string_lossy().into_owned();
            let Some(id) = fname.strip_suffix(".ron") else {
                continue; // lock files and other per-machine files
            };
            if !known || !ids.contains(id) {
                out.push(PathBuf::from(ANNOTATIONS_DIR).join(&name).join(&fname));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Why `annotator` cannot open `project`, if so.
pub(super) fn annotator_problem(
    index_path: &Path,
    project: &Project,
    annotator: &str,
) -> Option<LoadProblem> {
    if let Err(bad) = crate::model::id::check_annotator_name(annotator) {
        return Some(plain_problem(
            index_path,
            format!("{bad}"),
            &format!("choose another name, e.g. {:?}", bad.suggestion),
        ));
    }
    if project.annotators.iter().any(|a| a == annotator) {
        return None;
    }
    let known = if project.annotators.is_empty() {
        "the project has no annotators yet".to_owned()
    } else {
        format!("its annotators are {}", project.annotators.join(", "))
    };
    Some(plain_problem(
        index_path,
        format!("{annotator:?} is not an annotator of this project ({known})"),
        &format!(
            "check the name, or ask the curator to add it: `gloss assign <dir> --annotators {}`",
            project
                .annotators
                .iter()
                .map(String::as_str)
                .chain([annotator])
                .collect::<Vec<_>>()
                .join(",")
        ),
    ))
}

impl ProjectDir {
    /// Loads the project in `root`, as annotator `annotator` when given: the
    /// documents then carry that annotator's layer, and saving writes only
    /// `annotations/<annotator>/`.
    pub fn load_as(
        root: &Path,
        annotator: Option<&str>,
    ) -> Result<(Project, ProjectDir), LoadError> {
        Self::load_as_with(root, annotator, true)
    }

    /// [`ProjectDir::load_as`] for reading only: the files' serializations
    /// are not kept (nothing will be compared before writing).
    pub fn load_read_only_as(
        root: &Path,
        annotator: Option<&str>,
    ) -> Result<(Project, ProjectDir), LoadError> {
        Self::load_as_with(root, annotator, false)
    }

    fn load_as_with(
        root: &Path,
        annotator: Option<&str>,
        keep_saved: bool,
    ) -> Result<(Project, ProjectDir), LoadError> {
        let (mut project, mut dir) = format::load_with(root, keep_saved)?;
        let Some(annotator) = annotator else {
            return Ok((project, dir));
        };
        let fail = |problems| LoadError {
            root: root.to_owned(),
            problems,
        };
        let index_path = root.join(PROJECT_FILE);
        if let Some(p) = annotator_problem(&index_path, &project, annotator) {
            return Err(fail(vec![p]));
        }
        let mut reader = ProjectReader::new(root);
        let mut problems = Vec::new();
        let mut saved = BTreeMap::new();
        // The labels and relation types layers are checked against.
        let rules = Project {
            labels: project.labels.clone(),
            relation_types: project.relation_types.clone(),
            ..Default::default()
        };
        for doc in project.documents.iter_mut() {
            let layer = match read_layer(&mut reader, root, &rules, annotator, doc) {
                Ok(Some(d)) => d,
                Ok(None) => blank(doc),
                Err(p) => {
                    problems.extend(p);
                    continue;
                }
            };
            *doc = layer;
        }
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        // What is "saved" is the layer as it is (or would be: a missing file
        // equals an empty layer, so opening and saving writes nothing).
        for doc in project.documents.iter().filter(|_| keep_saved) {
            let content = write_layer(annotator, doc).map_err(|e| {
                fail(vec![plain_problem(
                    &index_path,
                    e.to_string(),
                    "report this as a bug",
                )])
            })?;
            saved.insert(layer_path(annotator, &doc.id), content);
        }
        if let Some(index) = dir.saved.index() {
            saved.insert(PathBuf::from(PROJECT_FILE), index.clone());
        }
        dir.saved = saved.into();
        // The gold documents are not this workspace's files: only the index
        // (reloaded when the curator changes it) and the layer files count.
        dir.disk.retain(|rel, _| rel == Path::new(PROJECT_FILE));
        dir.disk.extend(reader.into_fingerprints());
        dir.layer = Some(annotator.to_owned());
        Ok((project, dir))
    }

    /// The annotator whose layer this folder reads and writes, if any.
    pub fn annotator(&self) -> Option<&str> {
        self.layer.as_deref()
    }

    /// The file a document is saved to: its layer file for an annotator,
    /// `docs/<id>.ron` otherwise.
    pub(super) fn doc_rel(&self, id: &str) -> PathBuf {
        match &self.layer {
            Some(a) => layer_path(a, id),
            None => format::doc_path(id),
        }
    }

    /// What a document is saved as (see [`ProjectDir::doc_rel`]).
    pub(super) fn doc_content(&self, doc: &Document) -> Result<String, StoreError> {
        match &self.layer {
            Some(a) => write_layer(a, doc),
            None => format::write_document(doc),
        }
    }
}

/// Refuses, for an annotator, a transaction that changes the project's
/// structure (documents, labels, relation types): the curator does those,
/// so two annotators never edit the same file.
pub fn refuse_structural(
    annotator: Option<&str>,
    tx: &crate::edit::Transaction,
) -> Result<(), crate::edit::EditError> {
    use crate::edit::Edit;
    let Some(annotator) = annotator else {
        return Ok(());
    };
    let structural = tx.edits.iter().any(Edit::is_structural);
    if structural {
        return Err(crate::edit::EditError::Invalid(format!(
            "you are annotating as {annotator:?}: adding or removing documents, labels and relation types is for the curator (open the project without --annotator), so that two annotators never edit the same file"
        )));
    }
    Ok(())
}
