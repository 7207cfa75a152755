//! Another tool's model given where a ThreatCanvas model is expected. Threat Dragon and OTM
//! files are JSON too, so the loader can only say what they lack; the hint says what they are
//! and the `convert` command that brings them in, ready to paste.

use std::path::{Path, PathBuf};

use crate::format::{self, LoadError};
use crate::interop::{self, Format};

/// The hint for a model that did not load: when `error` is "not a ThreatCanvas model" and the
/// file's content is Threat Dragon's or OTM's, the `convert` command for it. The file is read
/// again only on that error.
pub(super) fn convert_hint(path: &Path, error: &LoadError) -> Option<String> {
    if !matches!(error, LoadError::NotAModel { .. }) {
        return None;
    }
    let bytes = format::read_file(path).ok()?;
    // By content only: a name such as `x.otm.json` on a file that is not OTM says nothing.
    let what = match interop::detect(&bytes, "")? {
        Format::ThreatCanvas => return None,
        Format::ThreatDragon => "a Threat Dragon model",
        Format::Otm => "an Open Threat Model file",
    };
    Some(format!(
        "it is {what}; bring it into ThreatCanvas with `threatcanvas convert {} -o {}`",
        shell_word(&path.display().to_string()),
        shell_word(&converted_path(path).display().to_string())
    ))
}

/// Where to suggest writing the converted model: beside the source, named after it without
/// its format's suffix (`shop.td.json` → `shop.json`), or `NAME.threatcanvas.json` when that
/// name is taken (by the source itself, say), numbered if that is taken too. Never a file that
/// exists: a pasted suggestion must not overwrite anyone's model.
fn converted_path(source: &Path) -> PathBuf {
    let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    // The suffixes are ASCII, so cutting as many bytes off the original name ends on a char.
    let stem = [".td.json", ".otm.json", ".otm", ".json"]
        .iter()
        .find(|suffix| lower.ends_with(*suffix))
        .map_or(name.as_str(), |suffix| &name[..name.len() - suffix.len()]);
    let own = source.with_file_name(format!("{stem}.threatcanvas.json"));
    std::iter::once(source.with_file_name(format!("{stem}.json")))
        .chain(std::iter::once(own.clone()))
        .chain((2..100).map(|n| source.with_file_name(format!("{stem}.threatcanvas-{n}.json"))))
        .find(|candidate| !candidate.exists())
        .unwrap_or(own)
}

/// `text` as one word of a POSIX shell command: as it is when it holds only characters no
/// shell treats specially, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | ',' | '@' | '='));
    if plain { text.to_owned() } else { format!("'{}'", text.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::{converted_path, shell_word};
    use std::path::Path;

    #[test]
    fn the_converted_name_drops_the_format_suffix_and_never_names_an_existing_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let at = |name: &str| dir.path().join(name);
        assert_eq!(converted_path(&at("shop.td.json")), at("shop.json"));
        assert_eq!(converted_path(&at("Shop.OTM.json")), at("Shop.json"));
        assert_eq!(converted_path(&at("shop.otm")), at("shop.json"));
        std::fs::write(at("shop.json"), "{}").expect("write");
        assert_eq!(converted_path(&at("shop.json")), at("shop.threatcanvas.json"), "not over the source");
        assert_eq!(converted_path(&at("shop.td.json")), at("shop.threatcanvas.json"), "not over another model");
        std::fs::write(at("shop.threatcanvas.json"), "{}").expect("write");
        assert_eq!(converted_path(&at("shop.json")), at("shop.threatcanvas-2.json"));
        assert_eq!(converted_path(Path::new("naïve.td.json")), Path::new("naïve.json"));
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("models/shop.td.json"), "models/shop.td.json");
        assert_eq!(shell_word("my models/shop.json"), "'my models/shop.json'");
        assert_eq!(shell_word("it's.json"), r"'it'\''s.json'");
        assert_eq!(shell_word(""), "''");
    }
}
