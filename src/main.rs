//! The `gloss` binary: parses arguments, then runs a CLI command or the GUI.

use clap::{Parser, Subcommand};
use gloss::cli::args::{
    DocStartArg, EngineArg, FormatArg, MatchArg, OffsetsArg, SchemeArg, StatusArg, StrategyArg,
};
use std::path::PathBuf;
use std::process::ExitCode;

/// Gloss: annotate text spans fast, with offsets that are always right.
#[derive(Parser)]
#[command(name = "gloss", version, args_conflicts_with_subcommands = true)]
struct Args {
    /// Project folder to open in the GUI (default: the bundled sample project).
    project: Option<PathBuf>,
    /// Annotate as this annotator of a team project (remembered for the
    /// next start; asked when a team project is opened without it).
    #[arg(long)]
    annotator: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Create an empty project folder.
    New {
        /// Folder to create the project in.
        dir: PathBuf,
        /// Comma-separated label names (default: person,position,target,metric).
        #[arg(long)]
        labels: Option<String>,
    },
    /// Add .txt, .md or .jsonl article files (or folders of them) as documents.
    Add {
        /// The project folder.
        dir: PathBuf,
        /// Files or folders to add.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Validate every file of a project, annotator layers included, and find
    /// document files the index does not name (exit 1 when problems are found).
    Check {
        /// The project folder.
        dir: PathBuf,
        /// Work in this annotator's layer (annotations/NAME/) instead of the gold layer.
        #[arg(long)]
        annotator: Option<String>,
        /// Take unlisted document files back into project.ron and remove
        /// temporary files of interrupted saves (curator only).
        #[arg(long)]
        fix: bool,
    },
    /// Documents by status, spans by label and origin.
    Stats {
        /// The project folder.
        dir: PathBuf,
        /// Work in this annotator's layer (annotations/NAME/) instead of the gold layer.
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Declare annotators and assign each document to one, a share to two (writes project.ron).
    Assign {
        /// The project folder.
        dir: PathBuf,
        /// Comma-separated annotator names (ASCII letters, digits, - and _).
        #[arg(long, required = true)]
        annotators: String,
        /// Percentage of documents given to two annotators (to measure agreement).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=100))]
        overlap: u32,
        /// Seed (same seed, same assignment).
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Agreement between annotators on their shared done documents: span P/R/F1, token kappa, Fleiss, relation F1.
    Agree {
        /// The project folder.
        dir: PathBuf,
        /// strict (same boundaries) or overlap.
        #[arg(long = "match", value_enum, default_value = "strict")]
        mode: MatchArg,
        /// Only these labels (comma-separated; other spans count as O).
        #[arg(long, value_delimiter = ',')]
        label: Vec<String>,
        /// Also documents the annotators have not marked done.
        #[arg(long)]
        all_documents: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Pre-fill the gold layer with the spans the annotators agree on (documents done by all their annotators).
    Merge {
        /// The project folder.
        dir: PathBuf,
        /// unanimous (all agree) or majority (more than half).
        #[arg(long, value_enum, default_value = "unanimous")]
        strategy: StrategyArg,
    },
    /// Export a dataset: jsonl, doccano, spacy, conll, hf, brat, label-studio.
    Export {
        /// The project folder.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Output file (folder for hf, brat and with --split).
        #[arg(long)]
        out: PathBuf,
        /// Only documents with these statuses (comma-separated).
        #[arg(long, value_enum, value_delimiter = ',')]
        status: Vec<StatusArg>,
        /// Only these labels (comma-separated).
        #[arg(long, value_delimiter = ',')]
        label: Vec<String>,
        /// Train/dev/test percentages by document, e.g. 80,10,10.
        #[arg(long)]
        split: Option<String>,
        /// Seed of the split.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Offset unit where the format allows (default: utf16 for doccano, chars otherwise).
        #[arg(long, value_enum)]
        offsets: Option<OffsetsArg>,
        /// Tag scheme for conll and hf.
        #[arg(long, value_enum, default_value = "iob2")]
        scheme: SchemeArg,
        /// CoNLL document separator.
        #[arg(long, value_enum, default_value = "conll2003")]
        docstart: DocStartArg,
        /// Work in this annotator's layer (annotations/NAME/) instead of the gold layer.
        #[arg(long)]
        annotator: Option<String>,
        /// One export per annotator into the folder --out (<annotator>.<ext>, or <annotator>/).
        #[arg(long, conflicts_with = "annotator")]
        all_annotators: bool,
    },
    /// Propose spans with the built-in extractors (stored as suggestions to review).
    Suggest {
        /// The project folder.
        dir: PathBuf,
        /// Which extractors (the GUI's Suggest runs all).
        #[arg(long, value_enum, default_value = "all")]
        engine: EngineArg,
        /// Only this document.
        #[arg(long)]
        doc: Option<String>,
        /// Work in this annotator's layer (annotations/NAME/) instead of the gold layer.
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Add another extractor's predictions as suggestions (jsonl, doccano, label-studio).
    ImportPredictions {
        /// The project folder.
        dir: PathBuf,
        /// The predictions file.
        file: PathBuf,
        /// Name recorded as the suggestions' source.
        #[arg(long)]
        source: String,
        /// File format: jsonl, doccano or label-studio.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: FormatArg,
        /// Offset unit of the file (default: chars).
        #[arg(long, value_enum)]
        offsets: Option<OffsetsArg>,
        /// Work in this annotator's layer (annotations/NAME/) instead of the gold layer.
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Precision, recall and F1 of a suggestion source against the spans of done documents.
    Eval {
        /// The project folder.
        dir: PathBuf,
        /// The suggestion source (rules-vi, dictionary, model, an imported name).
        #[arg(long, required_unless_present = "learning_curve")]
        source: Option<String>,
        /// strict (same boundaries) or overlap.
        #[arg(long = "match", value_enum, default_value = "strict")]
        mode: MatchArg,
        /// Instead: the tagger's strict F1 by number of training documents
        /// (k-fold over the done documents), next to rules-vi.
        #[arg(long, conflicts_with = "source")]
        learning_curve: bool,
        /// Folds of the learning curve.
        #[arg(long, default_value_t = 5, requires = "learning_curve", value_parser = clap::value_parser!(u16).range(2..=100))]
        folds: u16,
        /// Seed of the training in the learning curve.
        #[arg(long, default_value_t = 1, requires = "learning_curve")]
        seed: u64,
    },
    /// Train the tagger on the done documents (writes models/tagger.bin and models/tagger.ron).
    Train {
        /// The project folder.
        dir: PathBuf,
        /// Seed of the training order (same seed, same model).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the training data.
        #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=1000))]
        epochs: u32,
        /// Learn from the project's done documents only, without the bundled
        /// starter articles (the GUI's retraining then keeps this choice).
        #[arg(long)]
        no_starter: bool,
    },
    /// List relations, or add (--add TYPE --from SPAN --to SPAN) or delete (--delete ID) one.
    Relations {
        /// The project folder.
        dir: PathBuf,
        /// Only this document (needed to add or delete).
        #[arg(long)]
        doc: Option<String>,
        /// Add a relation of this type (holds, reported-by, ...).
        #[arg(long)]
        add: Option<String>,
        /// Span id the new relation starts at.
        #[arg(long)]
        from: Option<u64>,
        /// Span id it points to.
        #[arg(long)]
        to: Option<u64>,
        /// Note of the new relation (former, elected).
        #[arg(long)]
        note: Option<String>,
        /// Delete the relation with this id.
        #[arg(long)]
        delete: Option<u64>,
        /// Work in this annotator's layer (annotations/NAME/) instead of the gold layer.
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Import a dataset (all or nothing): documents are created or merged by id or identical text.
    Import {
        /// The project folder.
        dir: PathBuf,
        /// Input format.
        #[arg(long, value_enum)]
        format: FormatArg,
        /// The file (folder for hf and brat).
        input: PathBuf,
        /// Offset unit of the file (default: utf16 for doccano, chars otherwise).
        #[arg(long, value_enum)]
        offsets: Option<OffsetsArg>,
        /// Add labels the project does not have instead of refusing the file.
        #[arg(long)]
        add_labels: bool,
        /// CoNLL: token and tag column numbers from 1, e.g. 2,3 (default: first and last).
        #[arg(long)]
        columns: Option<String>,
        /// Label Studio: the data key holding the text (default: text).
        #[arg(long)]
        text_key: Option<String>,
        /// Work in this annotator's layer (annotations/NAME/) instead of the gold layer.
        #[arg(long)]
        annotator: Option<String>,
    },
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match args.command {
        Some(Command::New { dir, labels }) => gloss::cli::new(&dir, labels.as_deref()),
        Some(Command::Add { dir, inputs }) => gloss::cli::add(&dir, &inputs),
        Some(Command::Check {
            dir,
            annotator,
            fix,
        }) => gloss::cli::check(&dir, annotator.as_deref(), fix),
        Some(Command::Stats { dir, annotator }) => gloss::cli::stats(&dir, annotator.as_deref()),
        Some(Command::Assign {
            dir,
            annotators,
            overlap,
            seed,
        }) => gloss::cli::assign(&dir, &annotators, overlap, seed),
        Some(Command::Agree {
            dir,
            mode,
            label,
            all_documents,
            json,
        }) => gloss::cli::agree(
            &dir,
            &gloss::cli::AgreeArgs {
                mode,
                labels: label,
                all_documents,
                json,
            },
        ),
        Some(Command::Merge { dir, strategy }) => gloss::cli::merge(&dir, strategy),
        Some(Command::Export {
            dir,
            format,
            out,
            status,
            label,
            split,
            seed,
            offsets,
            scheme,
            docstart,
            annotator,
            all_annotators,
        }) => {
            let args = gloss::cli::ExportArgs {
                format,
                status,
                label,
                split,
                seed,
                offsets,
                scheme,
                docstart,
                annotator,
                all_annotators,
            };
            gloss::cli::export(&dir, &out, &args)
        }
        Some(Command::Suggest {
            dir,
            engine,
            doc,
            annotator,
        }) => gloss::cli::suggest(&dir, engine, doc.as_deref(), annotator.as_deref()),
        Some(Command::ImportPredictions {
            dir,
            file,
            source,
            format,
            offsets,
            annotator,
        }) => gloss::cli::import_predictions(
            &dir,
            &file,
            &source,
            format,
            offsets,
            annotator.as_deref(),
        ),
        Some(Command::Eval {
            dir,
            source,
            mode,
            learning_curve,
            folds,
            seed,
        }) => match source {
            Some(source) if !learning_curve => gloss::cli::eval(&dir, &source, mode),
            _ => gloss::cli::learning_curve_cmd(&dir, usize::from(folds), seed),
        },
        Some(Command::Train {
            dir,
            seed,
            epochs,
            no_starter,
        }) => gloss::cli::train(&dir, seed, epochs, !no_starter),
        Some(Command::Relations {
            dir,
            doc,
            add,
            from,
            to,
            note,
            delete,
            annotator,
        }) => gloss::cli::relations(
            &dir,
            &gloss::cli::RelationArgs {
                doc,
                add,
                from,
                to,
                note,
                delete,
                annotator,
            },
        ),
        Some(Command::Import {
            dir,
            format,
            input,
            offsets,
            add_labels,
            columns,
            text_key,
            annotator,
        }) => gloss::cli::import(
            &dir,
            format,
            &input,
            &gloss::cli::ImportArgs {
                offsets,
                add_labels,
                columns,
                text_key,
                annotator,
            },
        ),
        None => {
            let dir = args.project.unwrap_or_else(gloss::cli::sample_project);
            return match gloss::ui::run_as(&dir, args.annotator.as_deref()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {}", gloss::session::error_text(&e));
                    ExitCode::from(2)
                }
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Every error once, with its causes.
            eprintln!("error: {}", gloss::session::error_text(&e));
            ExitCode::from(e.code())
        }
    }
}
