//! Keyword matching, "whole-word-ish": case-insensitive, on whole words, where a word break is
//! any character that is not a letter or digit. Inside a word of the text, an identifier's parts
//! count as words too: `totpSecret` also holds "totp" and "secret", `libxml2` also holds
//! "libxml" (a lower-to-upper case change splits only words that start in lower case, so
//! `JavaScript` is not "java" and `NoSQL` is not "sql"; a letter-digit change always splits). A
//! keyword of several words matches those words in a row; a text word also matches without a
//! plural `s` or `es` ("tokens" matches the keyword "token"; "https" does not match "http").
//!
//! Rule keywords are compiled once into a [`Vocabulary`] of numbered words, and each text is
//! turned once into the sequence of vocabulary numbers it holds ([`Vocabulary::scan`]), so a
//! keyword test is a short search over small integers rather than string work per rule.

use rustc_hash::FxHashMap;

/// A word of the text that no rule asks about.
const UNKNOWN: u32 = u32::MAX;
/// Where one text field ends and the next begins, so a keyword never spans two fields.
pub(crate) const FIELD_BREAK: u32 = u32::MAX - 1;

/// Calls `each` with every lower-case word of `text` and, after a word, with its identifier
/// parts when it has several (see the module doc).
pub(crate) fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    for run in text.split(|c: char| !c.is_alphanumeric()).filter(|r| !r.is_empty()) {
        word.clear();
        lower_into(run, &mut word);
        each(&word);
        let camel = run.chars().next().is_some_and(char::is_lowercase);
        let splits_at =
            |p: char, c: char| (camel && p.is_lowercase() && c.is_uppercase()) || p.is_numeric() != c.is_numeric();
        let mut previous: Option<char> = None;
        if !run.chars().any(|c| previous.replace(c).is_some_and(|p| splits_at(p, c))) {
            continue;
        }
        word.clear();
        previous = None;
        for c in run.chars() {
            if previous.is_some_and(|p| splits_at(p, c)) {
                each(&word);
                word.clear();
            }
            word.extend(c.to_lowercase());
            previous = Some(c);
        }
        each(&word);
    }
}

/// Appends `run` in lower case to `out`, without allocating for ASCII.
fn lower_into(run: &str, out: &mut String) {
    if run.is_ascii() {
        out.push_str(run);
        out.make_ascii_lowercase();
    } else {
        out.extend(run.chars().flat_map(char::to_lowercase));
    }
}

/// The words of a keyword: split at anything that is not a letter or digit, lower case.
pub(crate) fn keyword_words(keyword: &str) -> Vec<String> {
    keyword.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Words ending in `s` that are not plurals of a word a rule might use ("https" is not more
/// than one "http").
const NOT_PLURALS: &[&str] = &["https", "ios", "macos", "sms", "dns", "aws", "js", "os", "tls", "ssl"];

/// Every word any rule's keyword uses, numbered.
#[derive(Clone, Debug, Default)]
pub(crate) struct Vocabulary {
    numbers: FxHashMap<String, u32>,
}

/// A compiled keyword: the vocabulary numbers of its words, in order.
pub(crate) type Phrase = Box<[u32]>;

impl Vocabulary {
    /// The phrase for `keyword`, adding its words to the vocabulary; `None` for a keyword
    /// without a single letter or digit (the loader rejects those).
    pub(crate) fn phrase(&mut self, keyword: &str) -> Option<Phrase> {
        let words = keyword_words(keyword);
        if words.is_empty() {
            return None;
        }
        let next = u32::try_from(self.numbers.len()).unwrap_or(UNKNOWN - 2).min(UNKNOWN - 2);
        let phrase = words
            .into_iter()
            .map(|w| {
                let len = u32::try_from(self.numbers.len()).unwrap_or(next);
                *self.numbers.entry(w).or_insert(len)
            })
            .collect();
        Some(phrase)
    }

    fn number(&self, word: &str) -> u32 {
        if let Some(n) = self.numbers.get(word) {
            return *n;
        }
        if NOT_PLURALS.contains(&word) {
            return UNKNOWN;
        }
        for suffix in ["s", "es"] {
            if let Some(stem) = word.strip_suffix(suffix).filter(|s| s.chars().count() >= 2)
                && let Some(n) = self.numbers.get(stem)
            {
                return *n;
            }
        }
        UNKNOWN
    }

    /// Appends the vocabulary numbers of the words of `text` to `out` (unknown words keep their
    /// place, so phrases only match words in a row).
    pub(crate) fn scan(&self, text: &str, out: &mut Vec<u32>) {
        if self.numbers.is_empty() {
            return;
        }
        for_each_word(text, |w| {
            let n = self.number(w);
            // Runs of unknown words collapse to one: only adjacency matters.
            if n != UNKNOWN || out.last() != Some(&UNKNOWN) {
                out.push(n);
            }
        });
    }
}

/// A text read once: its words as vocabulary numbers in order, and the set of them as bits, so
/// a single-word keyword is one bit test.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scanned {
    words: Box<[u32]>,
    bits: Box<[u64]>,
}

impl Scanned {
    pub(crate) fn new(words: Vec<u32>) -> Self {
        let mut bits: Vec<u64> = Vec::new();
        for w in words.iter().copied().filter(|w| *w < FIELD_BREAK) {
            let (i, bit) = ((w / 64) as usize, w % 64);
            if bits.len() <= i {
                bits.resize(i + 1, 0);
            }
            bits[i] |= 1 << bit;
        }
        Self { words: words.into_boxed_slice(), bits: bits.into_boxed_slice() }
    }

    /// The words in order.
    pub(crate) fn words(&self) -> &[u32] {
        &self.words
    }

    fn has(&self, word: u32) -> bool {
        self.bits.get((word / 64) as usize).is_some_and(|b| b & (1 << (word % 64)) != 0)
    }
}

/// The keywords of one test, compiled: one-word keywords as a bit set, longer ones as phrases.
#[derive(Clone, Debug, Default)]
pub(crate) struct Keywords {
    singles: Box<[u64]>,
    phrases: Box<[Phrase]>,
}

impl Keywords {
    /// Compiles `keywords`, adding their words to `vocabulary`.
    pub(crate) fn compile<'k>(keywords: impl IntoIterator<Item = &'k String>, vocabulary: &mut Vocabulary) -> Self {
        let mut singles: Vec<u64> = Vec::new();
        let mut phrases = Vec::new();
        for phrase in keywords.into_iter().filter_map(|k| vocabulary.phrase(k)) {
            if let [one] = *phrase {
                let i = (one / 64) as usize;
                if singles.len() <= i {
                    singles.resize(i + 1, 0);
                }
                singles[i] |= 1 << (one % 64);
            } else {
                phrases.push(phrase);
            }
        }
        Self { singles: singles.into_boxed_slice(), phrases: phrases.into_boxed_slice() }
    }

    /// Whether `text` holds one of the keywords.
    pub(crate) fn found_in(&self, text: &Scanned) -> bool {
        self.singles.iter().zip(text.bits.iter()).any(|(a, b)| a & b != 0)
            || self.phrases.iter().any(|p| p.first().is_some_and(|w| text.has(*w)) && contains(&text.words, p))
    }
}

/// Whether the scanned `text` contains `phrase` as words in a row.
pub(crate) fn contains(text: &[u32], phrase: &[u32]) -> bool {
    match phrase {
        [] => false,
        [one] => text.contains(one),
        _ => text.windows(phrase.len()).any(|w| w == phrase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(keyword: &str, text: &str) -> bool {
        let mut v = Vocabulary::default();
        let _ = v.phrase("padding words so that numbers pass sixty four");
        let phrase = v.phrase(keyword).expect("keyword has words");
        let keywords = Keywords::compile(&[keyword.to_owned()], &mut v);
        let mut scanned = Vec::new();
        v.scan(text, &mut scanned);
        let by_phrase = contains(&scanned, &phrase);
        assert_eq!(keywords.found_in(&Scanned::new(scanned)), by_phrase, "{keyword:?} in {text:?}");
        by_phrase
    }

    fn text_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn identifiers_hold_their_parts_and_names_do_not() {
        assert_eq!(text_words("totpSecret"), ["totpsecret", "totp", "secret"]);
        assert_eq!(text_words("libxml2-wasm"), ["libxml2", "libxml", "2", "wasm"]);
        assert_eq!(text_words("Node.js 22+"), ["node", "js", "22"]);
        assert_eq!(text_words("JavaScript NoSQL"), ["javascript", "nosql"]);
        assert_eq!(text_words("HTTP/S"), ["http", "s"]);
        assert_eq!(keyword_words("Node.js"), ["node", "js"]);
        assert_eq!(keyword_words("  "), Vec::<String>::new());
    }

    #[test]
    fn keywords_match_whole_words_ignoring_case_and_plurals() {
        assert!(matches("xml", "Parses XML invoices"));
        assert!(matches("xml", "libxmljs2, XML"));
        assert!(!matches("xml", "libxmljs2"), "xml is not a whole word of libxmljs");
        assert!(matches("libxml", "libxml2-wasm"));
        assert!(matches("token", "REST responses (JSON, tmpToken/JWT)"));
        assert!(matches("token", "session tokens"));
        assert!(matches("password", "Passwords"));
        assert!(!matches("http", "HTTPS"));
        assert!(matches("api key", "HTTPS REST, API key"));
        assert!(matches("api key", "API, key"), "punctuation between the words does not matter");
        assert!(!matches("api key", "the API uses a key"));
        assert!(matches("node.js", "Node.js 22+"));
        assert!(matches("two factor", "Two-Factor Authentication"));
        assert!(!matches("sql", "NoSQL store"));
        assert!(!matches("java", "JavaScript"));
        assert!(matches("md5", "unsalted MD5 hashes"));
        assert!(matches("totp", "User.totpSecret"));
    }

    #[test]
    fn a_keyword_without_letters_or_digits_is_refused() {
        assert!(Vocabulary::default().phrase(" -/ ").is_none());
    }
}
