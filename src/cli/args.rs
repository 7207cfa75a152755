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
    /// Export diagrams to SVG, PNG or PDF.
    Export(ExportArgs),
    /// Check that models load: syntax, version, references, limits.
    ///
    /// This only checks that a file is a well-formed model. To check the diagrams against the
    /// do's and don'ts of data-flow modelling, use `threatcanvas check`.
    Validate(ValidateArgs),
    /// Check models against the do's and don'ts of data-flow modelling (the CI gate).
    ///
    /// Exit codes: 0 when no finding is at or above --fail-on, 1 when one is, 2 when a file
    /// cannot be read. Suppressed findings are listed but never fail the check.
    Check(CheckArgs),
    /// Print the rules that `check` applies: the DFD cheat sheet.
    Rules(RulesArgs),
    /// Rewrite models in canonical form (the form the editor saves).
    Fmt(FmtArgs),
    /// Show what changed between two models, by record and field, security-relevant changes
    /// first. Exit 0 when equal, 1 when different, 2 on error.
    Diff(DiffArgs),
    /// Merge two versions of a model with their common ancestor, by record and field (a git
    /// merge driver). Exit 0 when clean, 1 when conflicts were written into the result, 2 on
    /// error.
    Merge(MergeArgs),
    /// Print the JSON Schema of the model file format.
    Schema,
    /// List the threats the library suggests that the model does not hold yet, or accept them.
    ///
    /// Rules come from the shipped library, the user's folder (threats/ in the config folder),
    /// the nearest .threatcanvas/threats/ up to the repository root, and each --library DIR.
    /// Exit codes: 0 nothing pending (or --apply saved them), 1 suggestions pending (for CI),
    /// 2 the model cannot be read or a library file is broken (the listing is still printed;
    /// --apply writes nothing).
    Suggest(SuggestArgs),
    /// Convert between ThreatCanvas, Threat Dragon (v1/v2 in, v2 out) and Open Threat Model.
    ///
    /// Prints what was imported (counts per kind) and every warning to stderr: flow ends
    /// attached to the element under them, unknown values read as defaults, records left out
    /// and why. Models without positions are auto-laid-out.
    Convert(ConvertArgs),
    /// Write the threat model as a report: one self-contained HTML file, or Markdown with each
    /// diagram as an SVG file beside it.
    Report(ReportArgs),
    /// Print one row per threat (element, category, status, severity, title, mitigation,
    /// references) as CSV (RFC 4180) or JSON, for trackers and spreadsheets.
    Threats(ThreatsArgs),
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    /// One HTML file: no scripts, nothing fetched, print styles for Print to PDF.
    Html,
    /// Markdown; the diagrams are written as SVG files beside it, named after it.
    Md,
}

/// `threatcanvas report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The model file.
    pub file: PathBuf,
    /// html or md (default: from the extension of -o, else html).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormatArg>,
    /// The report file. Markdown's diagrams go beside it as OUT-STEM-DIAGRAM.svg.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Threat table formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThreatsFormat {
    /// Comma-separated values per RFC 4180, with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// `threatcanvas threats`.
#[derive(Debug, clap::Args)]
pub struct ThreatsArgs {
    /// The model file.
    pub file: PathBuf,
    /// csv or json (default: from the extension of -o: json for .json; csv for .csv, for any
    /// other name and for standard output).
    #[arg(long, value_enum)]
    pub format: Option<ThreatsFormat>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

impl ThreatsArgs {
    /// The format to write: --format when given, else the one the output's extension names
    /// (as `export` and `report` choose), else CSV, which spreadsheets and trackers open.
    #[must_use]
    pub fn format(&self) -> ThreatsFormat {
        let named_json =
            self.output.as_deref().and_then(std::path::Path::extension).is_some_and(|e| e.eq_ignore_ascii_case("json"));
        self.format.unwrap_or(if named_json { ThreatsFormat::Json } else { ThreatsFormat::Csv })
    }
}

/// The formats `convert` reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatName {
    /// OWASP Threat Dragon (reads v1 and v2, writes v2).
    Td,
    /// Open Threat Model (reads 0.1.0 and 0.2.0, writes 0.2.0).
    Otm,
    /// ThreatCanvas's own file.
    Threatcanvas,
}

impl FormatName {
    /// The library's format.
    #[must_use]
    pub const fn format(self) -> crate::interop::Format {
        match self {
            Self::Td => crate::interop::Format::ThreatDragon,
            Self::Otm => crate::interop::Format::Otm,
            Self::Threatcanvas => crate::interop::Format::ThreatCanvas,
        }
    }
}

/// `threatcanvas convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The file to convert.
    pub input: PathBuf,
    /// Where to write the result.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The input's format (default: told from its content, then its name).
    #[arg(long, value_enum)]
    pub from: Option<FormatName>,
    /// The output's format (default: otm for *.otm.json, td for *.td.json, else threatcanvas).
    #[arg(long, value_enum)]
    pub to: Option<FormatName>,
    /// Replace the output file if it exists (without it, an existing file is left alone: it
    /// may be a model with work in it).
    #[arg(long)]
    pub force: bool,
}

/// Picture formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Scalable vector graphics.
    Svg,
    /// Portable network graphics, rendered with the shipped font.
    Png,
    /// Vector PDF with the text kept as text (for LaTeX and slide tools).
    Pdf,
}

impl ExportFormat {
    /// The file extension.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }

    /// The format a file extension names, if any (any case).
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<Self> {
        [Self::Svg, Self::Png, Self::Pdf].into_iter().find(|f| extension.eq_ignore_ascii_case(f.extension()))
    }
}

/// The page behind an exported diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BackgroundArg {
    /// No page: the picture sits on whatever it is pasted into.
    Transparent,
    /// White, whatever the theme.
    White,
    /// The theme's page colour.
    Theme,
}

/// The colours of an exported diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Dark ink on a light page.
    Light,
    /// Light ink on a dark page.
    Dark,
}

/// `threatcanvas export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The model file.
    pub file: PathBuf,
    /// The diagram to export, by name (in any case, when only one name matches) or id (needed
    /// when the model has several, unless --all).
    #[arg(long, conflicts_with = "all")]
    pub diagram: Option<String>,
    /// Export every diagram into the folder given by -o.
    #[arg(long)]
    pub all: bool,
    /// svg, png or pdf (default: from the extension of -o, else svg). Without --format, any
    /// other extension of an output file is an error; with it, that format is written under
    /// the name as given.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// PNG pixels per diagram unit. A picture too large at this scale is drawn at the largest
    /// scale that fits 16384 pixels a side, with a note on stderr.
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
    /// The page behind the diagram.
    #[arg(long, value_enum, default_value_t = BackgroundArg::Theme)]
    pub background: BackgroundArg,
    /// Light or dark colours.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// Add a key to the notation below the diagram.
    #[arg(long)]
    pub legend: bool,
    /// Export only these elements, flows and boundaries (ids, comma-separated); the picture is
    /// cut to them.
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub only: Vec<String>,
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

/// `threatcanvas check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Model files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// text for people, json for scripts, sarif for code-scanning tools.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// The least severe finding that makes the check fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// One line per finding, its records indented below it, and a summary line.
    Text,
    /// One JSON document with every file's findings.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other code-scanning tools.
    Sarif,
}

/// The threshold of `check --fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on errors and warnings.
    Warning,
    /// Never fail on findings (a file that cannot be read still exits 2).
    Never,
}

/// `threatcanvas rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// md for a Markdown cheat sheet, json for tools.
    #[arg(long, value_enum, default_value_t = RulesFormat::Md)]
    pub format: RulesFormat,
}

/// Output formats of `rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// Markdown: the cheat sheet, one section per rule.
    Md,
    /// JSON: one object per rule.
    Json,
}

/// How `suggest` prints its list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum SuggestFormat {
    /// Grouped by element and flow, for people.
    #[default]
    Text,
    /// One JSON document, for scripts.
    Json,
}

/// `threatcanvas suggest`.
#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// The model file.
    pub file: PathBuf,
    /// text or json.
    #[arg(long, value_enum, default_value_t = SuggestFormat::Text)]
    pub format: SuggestFormat,
    /// Accept every pending suggestion into the file (saved atomically).
    #[arg(long)]
    pub apply: bool,
    /// A further folder of library files (*.toml); may be given several times.
    #[arg(long = "library", value_name = "DIR")]
    pub libraries: Vec<PathBuf>,
}

/// How `threatcanvas diff` writes the changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Plain text, for a terminal and `git diff`.
    Text,
    /// Markdown, to paste as a pull-request comment.
    Md,
    /// JSON, for tools.
    Json,
}

/// `threatcanvas diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// OLD and NEW (`/dev/null` for a model that is not there). With --git, the seven
    /// arguments git passes to an external diff program.
    #[arg(required = true, num_args = 1..=9, value_name = "OLD NEW")]
    pub files: Vec<PathBuf>,
    /// text, md or json.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// List every moved box and bend instead of summing layout up.
    #[arg(long)]
    pub layout: bool,
    /// Take git's external-diff arguments (path old-file old-hex old-mode new-file new-hex
    /// new-mode) and exit 0 whenever the diff could be shown, as git expects.
    #[arg(long)]
    pub git: bool,
}

/// `threatcanvas merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O; an empty file for a model both sides added).
    pub base: PathBuf,
    /// Our version, the branch merged into (git's %A).
    pub ours: PathBuf,
    /// Their version, the branch merged in (git's %B).
    pub theirs: PathBuf,
    /// Where to write the result (default: over OURS, as git expects of a merge driver).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}
