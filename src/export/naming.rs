//! File names for exported diagrams: readable, safe on every file system, never too long and
//! never the same twice in one folder.

use std::collections::BTreeSet;

/// Longest file stem in bytes. File systems allow 255 bytes per name; this leaves room for a
/// "-2" to keep names apart and for the extension, and keeps listings readable.
pub const MAX_STEM_BYTES: usize = 100;

/// A file stem made from a diagram name: "Login with TOTP" → "login-with-totp". Letters and
/// digits of any script are kept, lower-cased; every other run of characters becomes one "-".
/// At most [`MAX_STEM_BYTES`] bytes, cut at a character boundary; "diagram" if nothing is left.
#[must_use]
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    'chars: for c in name.chars() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                if out.len() + lower.len_utf8() > MAX_STEM_BYTES {
                    break 'chars;
                }
                out.push(lower);
            }
        } else if !out.ends_with('-') && !out.is_empty() {
            if out.len() + 1 > MAX_STEM_BYTES {
                break;
            }
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "diagram".to_owned() } else { out }
}

/// One file name per diagram name, in order: `stem.extension`, with "-2", "-3"… added where
/// two names (or their stems) would otherwise clash.
#[must_use]
pub fn file_names<'a>(names: impl IntoIterator<Item = &'a str>, extension: &str) -> Vec<String> {
    let mut used = BTreeSet::new();
    let mut out = Vec::new();
    for name in names {
        let stem = file_stem(name);
        let mut candidate = format!("{stem}.{extension}");
        let mut n = 2_u64;
        while used.contains(&candidate) {
            candidate = format!("{stem}-{n}.{extension}");
            n += 1;
        }
        used.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(file_stem("Login with TOTP two-factor authentication"), "login-with-totp-two-factor-authentication");
        assert_eq!(file_stem("Juice Shop DFD"), "juice-shop-dfd");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("***"), "diagram");
        assert_eq!(file_stem("Übersicht"), "übersicht");
    }

    #[test]
    fn long_names_are_cut_by_bytes_at_a_character_boundary() {
        let latin = file_stem(&"a".repeat(1000));
        assert_eq!(latin.len(), MAX_STEM_BYTES);
        let cjk = file_stem(&"図".repeat(88));
        assert!(cjk.len() <= MAX_STEM_BYTES && cjk.len() > MAX_STEM_BYTES - 3, "{}", cjk.len());
        assert!(cjk.chars().all(|c| c == '図'));
        // A cut never leaves a dangling separator.
        let words = file_stem(&"ab ".repeat(400));
        assert!(words.len() <= MAX_STEM_BYTES && !words.ends_with('-'), "{words}");
    }

    #[test]
    fn names_stay_unique_and_within_the_file_system_limit() {
        let long = "x".repeat(1000);
        let names = file_names(["Overview", "overview", "Overview!", "Overview 2", &long, &long], "png");
        assert_eq!(names[..4], ["overview.png", "overview-2.png", "overview-3.png", "overview-2-2.png"]);
        assert_ne!(names[4], names[5]);
        assert!(names.iter().all(|n| n.len() <= 255));
    }
}
