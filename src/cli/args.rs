//! Closed sets of command-line values as enums, checked by clap when parsed
//! (with the list of valid values in its error), then turned into the
//! library's own types.

use crate::formats::{DocStart, Format, Scheme};
use crate::model::Status;
use crate::suggest::eval::MatchMode;
use crate::suggest::Engine;
use crate::text::offsets::OffsetUnit;
use clap::ValueEnum;

/// A dataset format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Gloss JSONL (lossless).
    Jsonl,
    /// doccano sequence labeling JSONL.
    Doccano,
    /// spaCy / Prodigy JSONL with tokens.
    Spacy,
    /// CoNLL token<TAB>tag.
    Conll,
    /// Hugging Face token classification.
    Hf,
    /// brat standoff.
    Brat,
    /// Label Studio JSON tasks.
    LabelStudio,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Doccano => Format::Doccano,
            FormatArg::Spacy => Format::Spacy,
            FormatArg::Conll => Format::Conll,
            FormatArg::Hf => Format::Hf,
            FormatArg::Brat => Format::Brat,
            FormatArg::LabelStudio => Format::LabelStudio,
        }
    }
}

/// An offset unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OffsetsArg {
    /// Unicode code points (Python `str` indices).
    Chars,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
    /// UTF-8 bytes.
    Bytes,
}

impl From<OffsetsArg> for OffsetUnit {
    fn from(o: OffsetsArg) -> Self {
        match o {
            OffsetsArg::Chars => OffsetUnit::Chars,
            OffsetsArg::Utf16 => OffsetUnit::Utf16,
            OffsetsArg::Bytes => OffsetUnit::Bytes,
        }
    }
}

/// A tag scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemeArg {
    /// B- first token, I- the rest.
    Iob2,
    /// B-, I-, E- last, S- single token.
    Bioes,
}

impl From<SchemeArg> for Scheme {
    fn from(s: SchemeArg) -> Self {
        match s {
            SchemeArg::Iob2 => Scheme::Iob2,
            SchemeArg::Bioes => Scheme::Bioes,
        }
    }
}

/// Which built-in extractors run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Rules for Vietnamese news.
    RulesVi,
    /// The project's own spans, matched as strings.
    Dictionary,
    /// The tagger trained with `gloss train`.
    Model,
    /// Rules, dictionary and the model (when trained), combined: the model
    /// vetoes rule hits it doubts and adds its confident spans.
    All,
}

impl EngineArg {
    /// The engines.
    pub fn engines(self) -> Vec<Engine> {
        match self {
            EngineArg::RulesVi => vec![Engine::RulesVi],
            EngineArg::Dictionary => vec![Engine::Dictionary],
            EngineArg::Model => vec![Engine::Model],
            EngineArg::All => Engine::ALL.to_vec(),
        }
    }
}

/// How many annotators must agree for `gloss merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    /// All of the document's annotators.
    Unanimous,
    /// More than half of them.
    Majority,
}

impl From<StrategyArg> for crate::team::merge::Strategy {
    fn from(s: StrategyArg) -> Self {
        match s {
            StrategyArg::Unanimous => Self::Unanimous,
            StrategyArg::Majority => Self::Majority,
        }
    }
}

/// How a prediction must match a gold span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchArg {
    /// Same label, same boundaries.
    Strict,
    /// Same label, overlapping.
    Overlap,
}

impl From<MatchArg> for MatchMode {
    fn from(m: MatchArg) -> Self {
        match m {
            MatchArg::Strict => MatchMode::Strict,
            MatchArg::Overlap => MatchMode::Overlap,
        }
    }
}

/// A document status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// Not started.
    Todo,
    /// Started.
    #[value(name = "in_progress", alias = "in-progress")]
    InProgress,
    /// Done.
    Done,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Todo => Status::Todo,
            StatusArg::InProgress => Status::InProgress,
            StatusArg::Done => Status::Done,
        }
    }
}

/// The CoNLL document separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocStartArg {
    /// `-DOCSTART- -X- O O` and a blank line (what `spacy convert` and
    /// doccano recognise).
    Conll2003,
    /// No separator: sentences only.
    None,
}

impl From<DocStartArg> for DocStart {
    fn from(d: DocStartArg) -> Self {
        match d {
            DocStartArg::Conll2003 => DocStart::Conll2003,
            DocStartArg::None => DocStart::None,
        }
    }
}
