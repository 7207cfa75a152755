//! Command-line arguments. Doc comments here become `--help`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// ThreatCanvas: threat modeling with data-flow and sequence diagrams.
///
/// With no command, opens the editor on FILE (or on a new model).
#[derive(Debug, Parser)]
#[command(name = "threatcanvas", version, args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A model to open in the editor.
    pub file: Option<PathBuf>,
    /// A headless command.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Export diagrams to SVG or PNG.
    Export(ExportArgs),
    /// Check that models load: syntax, version, references, limits.
    Validate(ValidateArgs),
    /// Rewrite models in canonical form (the form the editor saves).
    Fmt(FmtArgs),
    /// Print the JSON Schema of the model file format.
    Schema,
}

/// Picture formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Scalable vector graphics.
    Svg,
    /// Portable network graphics, rendered with the shipped font.
    Png,
}

impl ExportFormat {
    /// The file extension.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }
}

/// `threatcanvas export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The model file.
    pub file: PathBuf,
    /// The diagram to export, by name or id (needed when the model has several, unless --all).
    #[arg(long, conflicts_with = "all")]
    pub diagram: Option<String>,
    /// Export every diagram into the folder given by -o.
    #[arg(long)]
    pub all: bool,
    /// svg or png (default: from the extension of -o, else svg).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// PNG pixels per diagram unit.
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
    /// Output file (one diagram) or folder (--all, or an existing folder).
    #[arg(short, long)]
    pub output: PathBuf,
}

/// `threatcanvas validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Model files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// `threatcanvas fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Model files to rewrite.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing; exit 1 if a file is not canonical (for CI).
    #[arg(long)]
    pub check: bool,
}
