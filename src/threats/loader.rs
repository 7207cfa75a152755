//! Finding and reading a team's own library files: the one place in `threats` that does I/O.
//!
//! Rules come from, in order, each later one overriding an earlier rule with the same id:
//! 1. the shipped library (embedded in the binary);
//! 2. the user's folder: `threats/` in the platform's config folder for ThreatCanvas
//!    (`~/.config/threatcanvas/threats/` on Linux), found with the `directories` crate;
//! 3. the repository's folder: the nearest `.threatcanvas/threats/` found walking up from the
//!    model file's folder, stopping at the repository root (a folder holding `.git`) or the
//!    file-system root, so a rule set travels with the code it models;
//! 4. folders named on the command line (`--library DIR`).
//!
//! Every `*.toml` file of a folder is read, in file-name order; other files are ignored. A
//! file that cannot be read or parsed is reported by file and place and the rest load, the
//! shipped rules always among them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::library::{Library, RuleOverride};
use super::rule::Origin;
use super::spec::{LibraryProblem, MAX_LIBRARY_BYTES, parse_file};

/// A folder of library files to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    /// Where it is.
    pub path: PathBuf,
    /// Whether its absence is a problem: true for folders the user named, false for the
    /// places looked in by default.
    pub must_exist: bool,
}

/// What loading produced: the library, and everything the user should be told about it.
#[derive(Clone, Debug, Default)]
pub struct LoadReport {
    /// The shipped rules with the folders' rules laid over them.
    pub library: Library,
    /// Files or rules that could not be used, by file and place.
    pub problems: Vec<LibraryProblem>,
    /// Rules that replaced another with the same id (a team's version of a shipped rule).
    pub overrides: Vec<RuleOverride>,
    /// The library files read, in order.
    pub files: Vec<PathBuf>,
}

/// The user's library folder, if the platform has a config folder.
#[must_use]
pub fn user_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "threatcanvas").map(|dirs| dirs.config_dir().join("threats"))
}

/// Where a repository keeps its library, relative to the folder that holds it.
pub const REPOSITORY_FOLDER: &str = ".threatcanvas/threats";

/// The nearest `.threatcanvas/threats/` above `model_file`, looking no higher than the
/// repository root (the first folder holding `.git`) or the file-system root.
#[must_use]
pub fn repository_folder(model_file: &Path) -> Option<PathBuf> {
    let file = std::path::absolute(model_file).ok()?;
    let mut folder = file.parent();
    while let Some(dir) = folder {
        let candidate = dir.join(REPOSITORY_FOLDER);
        if candidate.is_dir() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
        folder = dir.parent();
    }
    None
}

/// The folders looked in for a model at `model_file` (none beside an unsaved model), then
/// `extra`, which must exist.
#[must_use]
pub fn folders_for(model_file: Option<&Path>, extra: &[PathBuf]) -> Vec<Folder> {
    let defaults = user_folder().into_iter().chain(model_file.and_then(repository_folder));
    let mut folders: Vec<Folder> = Vec::new();
    for path in defaults {
        if !folders.iter().any(|f| f.path == path) {
            folders.push(Folder { path, must_exist: false });
        }
    }
    folders.extend(extra.iter().map(|path| Folder { path: path.clone(), must_exist: true }));
    folders
}

/// The shipped library with the rules of `folders` laid over it, in order.
#[must_use]
pub fn load(folders: &[Folder]) -> LoadReport {
    let mut problems: Vec<LibraryProblem> = Library::shipped_problems().to_vec();
    let mut files = Vec::new();
    let mut rules = Vec::new();
    for folder in folders {
        let entries = match std::fs::read_dir(&folder.path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !folder.must_exist => continue,
            Err(e) => {
                problems.push(problem(&folder.path, format!("cannot read the library folder: {e}")));
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            match read(&path) {
                Ok(text) => {
                    let (file_rules, file_problems) = parse_file(&text, &Origin::File(path.clone()));
                    rules.extend(file_rules.into_iter().map(Arc::new));
                    problems.extend(file_problems);
                }
                Err(fault) => problems.push(problem(&path, fault)),
            }
            files.push(path);
        }
    }
    let (library, overrides) = Library::layered(Library::shipped().rules().iter().cloned(), rules);
    LoadReport { library, problems, overrides, files }
}

/// [`load`] over [`folders_for`]: what the app and the CLI use for a model file.
#[must_use]
pub fn load_for(model_file: Option<&Path>, extra: &[PathBuf]) -> LoadReport {
    load(&folders_for(model_file, extra))
}

fn problem(path: &Path, fault: String) -> LibraryProblem {
    LibraryProblem { file: path.display().to_string(), place: String::new(), fault }
}

fn read(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    let cap = u64::try_from(MAX_LIBRARY_BYTES).unwrap_or(u64::MAX);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() > MAX_LIBRARY_BYTES {
        return Err(format!("the file is larger than {MAX_LIBRARY_BYTES} bytes; it was not loaded"));
    }
    String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text; it was not loaded".to_owned())
}

impl LoadReport {
    /// One line per override, for the app and the CLI to show: "TC-XML-001 from FILE replaces
    /// the one in the shipped library (injection.toml)".
    #[must_use]
    pub fn override_notes(&self) -> Vec<String> {
        self.overrides.iter().map(|o| format!("{} from {} replaces the one in {}", o.id, o.by, o.replaced)).collect()
    }
}
