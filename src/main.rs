//! The `gloss` binary: parses arguments, then runs a CLI command or the GUI.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Gloss: annotate text spans fast, with offsets that are always right.
#[derive(Parser)]
#[command(name = "gloss", version, args_conflicts_with_subcommands = true)]
struct Args {
    /// Project folder to open in the GUI (default: the bundled sample project).
    project: Option<PathBuf>,
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
    /// Validate every file of a project (exit 1 when problems are found).
    Check {
        /// The project folder.
        dir: PathBuf,
    },
    /// Documents by status, spans by label and origin.
    Stats {
        /// The project folder.
        dir: PathBuf,
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
        Some(Command::Check { dir }) => gloss::cli::check(&dir),
        Some(Command::Stats { dir }) => gloss::cli::stats(&dir),
        None => {
            let dir = args.project.unwrap_or_else(gloss::cli::sample_project);
            gloss::ui::run(&dir)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.code())
        }
    }
}
