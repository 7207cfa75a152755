//! Library files: TOML, one `[[rule]]` table per rule, read with serde and then checked.
//!
//! TOML rather than JSON because people write these by hand: comments explain a rule's
//! reasoning next to it, descriptions and mitigations are multi-line strings without escaped
//! quotes or `\n`, and (TOML 1.1) a nested condition is an inline table that may span lines.
//!
//! A file that does not parse is reported at its place (`rule[3].when.any[0].kind`, line and
//! column) and contributes no rule; a rule that parses but does not make sense (an unknown
//! place holder, a property its subject does not have, a duplicate id) is reported and left
//! out, and the file's other rules load.

use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, IntoDeserializer as _};

use crate::model::{
    EntityNature, MAX_NAME_CHARS, MAX_REFERENCES, MAX_TEXT_CHARS, Methodology, Reference, Severity, ThreatCategory,
    is_valid_rule_id,
};

use super::rule::{Condition, Flag, Origin, Rule, RuleSubject, Subjects, TextField};
use super::template::{Placeholder, Template};

/// One thing wrong in a library file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibraryProblem {
    /// The file, as a path or "the shipped library (name)".
    pub file: String,
    /// Where in it: `rule[3] (TC-XML-001).when.source.kind`, with line and column when known.
    pub place: String,
    /// What is wrong, and what was left out because of it.
    pub fault: String,
}

impl fmt::Display for LibraryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.file, self.fault)
        } else {
            write!(f, "{}: {}: {}", self.file, self.place, self.fault)
        }
    }
}

/// Longest title template, in characters: a tenth of a threat title's limit, so the title
/// with the names filled in still fits (names are clipped when it would not).
pub const MAX_TITLE_CHARS: usize = MAX_NAME_CHARS / 10;

/// Longest library file read, in bytes: a million characters holds thousands of rules.
pub const MAX_LIBRARY_BYTES: usize = 1024 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    #[serde(deserialize_with = "one_or_many")]
    applies_to: Vec<RuleSubject>,
    stride: ThreatCategory,
    linddun: Option<ThreatCategory>,
    cia: Option<ThreatCategory>,
    plot4ai: Option<ThreatCategory>,
    eop: Option<ThreatCategory>,
    severity: Severity,
    #[serde(default)]
    cwe: Vec<u32>,
    #[serde(default)]
    capec: Vec<u32>,
    #[serde(default)]
    links: Vec<String>,
    title: String,
    description: String,
    mitigation: String,
    #[serde(default)]
    when: ConditionSpec,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum NatureSpec {
    Person,
    System,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionSpec {
    all: Option<Vec<ConditionSpec>>,
    any: Option<Vec<ConditionSpec>>,
    not: Option<Box<ConditionSpec>>,
    #[serde(default, deserialize_with = "some_one_or_many")]
    kind: Option<Vec<RuleSubject>>,
    privileged: Option<bool>,
    authenticates_callers: Option<bool>,
    stores_credentials: Option<bool>,
    stores_personal_data: Option<bool>,
    encrypted_at_rest: Option<bool>,
    is_log: Option<bool>,
    in_boundary: Option<bool>,
    encrypted: Option<bool>,
    authenticated: Option<bool>,
    bidirectional: Option<bool>,
    crosses_boundary: Option<bool>,
    nature: Option<NatureSpec>,
    #[serde(default, deserialize_with = "some_one_or_many")]
    name: Option<Vec<String>>,
    #[serde(default, deserialize_with = "some_one_or_many")]
    description: Option<Vec<String>>,
    #[serde(default, deserialize_with = "some_one_or_many")]
    technology: Option<Vec<String>>,
    #[serde(default, deserialize_with = "some_one_or_many")]
    data: Option<Vec<String>>,
    #[serde(default, deserialize_with = "some_one_or_many")]
    protocol: Option<Vec<String>>,
    #[serde(default, deserialize_with = "some_one_or_many")]
    text: Option<Vec<String>>,
    source: Option<Box<ConditionSpec>>,
    target: Option<Box<ConditionSpec>>,
    either_end: Option<Box<ConditionSpec>>,
    incoming: Option<Box<ConditionSpec>>,
    outgoing: Option<Box<ConditionSpec>>,
}

/// One value or a list of them: `applies_to = "process"` or `["process", "data_store"]`.
fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: de::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Visitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Visitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a list of strings")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            T::deserialize(v.into_deserializer()).map(|one| vec![one])
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_any(Visitor(std::marker::PhantomData))
}

fn some_one_or_many<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: de::Deserializer<'de>,
    T: Deserialize<'de>,
{
    one_or_many(deserializer).map(Some)
}

/// Reads one library file: the rules that make sense, and a problem for everything else.
#[must_use]
pub fn parse_file(text: &str, origin: &Origin) -> (Vec<Rule>, Vec<LibraryProblem>) {
    let file = origin.to_string();
    let problem = |place: String, fault: String| LibraryProblem { file: file.clone(), place, fault };
    if text.len() > MAX_LIBRARY_BYTES {
        let fault = format!("the file is {} bytes; library files may have up to {MAX_LIBRARY_BYTES}", text.len());
        return (Vec::new(), vec![problem(String::new(), fault)]);
    }
    let parsed = toml::Deserializer::parse(text).map_err(|e| (String::new(), e)).and_then(|de| {
        serde_path_to_error::deserialize::<_, FileSpec>(de).map_err(|e| (e.path().to_string(), e.into_inner()))
    });
    let spec = match parsed {
        Ok(spec) => spec,
        Err((path, e)) => {
            let mut place = if path == "." { String::new() } else { path };
            if let Some(span) = e.span() {
                let (line, column) = line_and_column(text, span.start);
                place = if place.is_empty() {
                    format!("line {line}, column {column}")
                } else {
                    format!("{place} (line {line}, column {column})")
                };
            }
            let fault = format!("{}; none of this file's rules were loaded", e.message().trim_end());
            return (Vec::new(), vec![problem(place, fault)]);
        }
    };
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, spec) in spec.rule.into_iter().enumerate() {
        let place = format!("rule[{i}] ({})", spec.id);
        if !seen.insert(spec.id.clone()) {
            problems.push(problem(place, "a second rule with this id in the same file; it was left out".to_owned()));
            continue;
        }
        let mut faults = Vec::new();
        let rule = check_rule(spec, origin, &mut Checker { place: Vec::new(), faults: &mut faults });
        match rule {
            Some(rule) if faults.is_empty() => rules.push(rule),
            _ => {
                for (at, fault) in faults {
                    let place = if at.is_empty() { place.clone() } else { format!("{place}.{at}") };
                    problems.push(problem(place, format!("{fault}; the rule was left out")));
                }
            }
        }
    }
    (rules, problems)
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Collects faults with the place they were found.
struct Checker<'a> {
    place: Vec<String>,
    faults: &'a mut Vec<(String, String)>,
}

impl Checker<'_> {
    fn fault(&mut self, at: &str, fault: impl Into<String>) {
        let mut place = self.place.join(".");
        if !at.is_empty() {
            if !place.is_empty() {
                place.push('.');
            }
            place.push_str(at);
        }
        self.faults.push((place.replace(".[", "["), fault.into()));
    }

    fn within<T>(&mut self, at: String, f: impl FnOnce(&mut Self) -> T) -> T {
        self.place.push(at);
        let out = f(self);
        self.place.pop();
        out
    }
}

fn check_rule(spec: RuleSpec, origin: &Origin, c: &mut Checker<'_>) -> Option<Rule> {
    if !is_valid_rule_id(&spec.id) {
        c.fault("id", "an id is 1 to 64 letters, digits, `-`, `_` or `.`");
    }
    let mut applies_to = spec.applies_to;
    applies_to.sort();
    applies_to.dedup();
    if applies_to.is_empty() {
        c.fault("applies_to", "name at least one of process, external_entity, data_store, flow");
    }
    let in_methodology = |m: Methodology, cat: ThreatCategory| m.categories().contains(&cat);
    if !in_methodology(Methodology::Stride, spec.stride) {
        c.fault("stride", format!("`{}` is not a STRIDE category", cat_word(spec.stride)));
    }
    if let Some(cat) = spec.linddun.filter(|cat| !in_methodology(Methodology::Linddun, *cat)) {
        c.fault("linddun", format!("`{}` is not a LINDDUN category", cat_word(cat)));
    }
    if let Some(cat) = spec.cia.filter(|cat| !in_methodology(Methodology::Cia, *cat)) {
        c.fault("cia", format!("`{}` is not a CIA category", cat_word(cat)));
    }
    if let Some(cat) = spec.plot4ai.filter(|cat| !in_methodology(Methodology::Plot4ai, *cat)) {
        c.fault("plot4ai", format!("`{}` is not a PLOT4ai category", cat_word(cat)));
    }
    if let Some(cat) = spec.eop.filter(|cat| !in_methodology(Methodology::Eop, *cat)) {
        c.fault("eop", format!("`{}` is not an EoP suit", cat_word(cat)));
    }
    if spec.cwe.contains(&0) || spec.capec.contains(&0) {
        c.fault("", "CWE and CAPEC ids are positive numbers");
    }
    if spec.cwe.len() + spec.capec.len() + spec.links.len() > MAX_REFERENCES {
        c.fault("", format!("a threat carries at most {MAX_REFERENCES} references"));
    }
    let mut links = Vec::new();
    for (i, link) in spec.links.iter().enumerate() {
        match link.parse::<Reference>() {
            Ok(r @ Reference::Link(_)) => links.push(r),
            Ok(_) => c.fault(
                &format!("links[{i}]"),
                "write CWE and CAPEC ids in `cwe` and `capec`; `links` are http(s) links",
            ),
            Err(e) => c.fault(&format!("links[{i}]"), e.to_string()),
        }
    }
    let subjects = Subjects::of(&applies_to);
    let mut template = |at: &str, text: &str, max_chars: usize| match Template::parse(text) {
        Ok(t) if text.trim().is_empty() => {
            c.fault(at, "must not be empty");
            Some(t)
        }
        Ok(t) if text.chars().count() > max_chars => {
            c.fault(at, format!("is longer than {max_chars} characters"));
            Some(t)
        }
        Ok(t) => {
            let flow_names = t.placeholders().any(|p| p != Placeholder::Target);
            if flow_names && subjects != Subjects::FLOW {
                c.fault(at, "{from} and {to} name a flow's ends: use them only in rules that apply to flows alone");
            }
            Some(t)
        }
        Err(e) => {
            c.fault(at, e);
            None
        }
    };
    let title = template("title", &unwrap(&spec.title), MAX_TITLE_CHARS);
    let description = template("description", &unwrap(&spec.description), MAX_TEXT_CHARS / 10);
    let mitigation = template("mitigation", &unwrap(&spec.mitigation), MAX_TEXT_CHARS / 10);
    let condition = c.within("when".to_owned(), |c| check_condition(spec.when, subjects, c));
    let mut cwe = spec.cwe;
    cwe.sort_unstable();
    cwe.dedup();
    let mut capec = spec.capec;
    capec.sort_unstable();
    capec.dedup();
    Some(Rule {
        id: spec.id,
        applies_to,
        stride: spec.stride,
        linddun: spec.linddun,
        cia: spec.cia,
        plot4ai: spec.plot4ai,
        eop: spec.eop,
        severity: spec.severity,
        cwe,
        capec,
        links,
        title: title?,
        description: description?,
        mitigation: mitigation?,
        condition,
        origin: origin.clone(),
    })
}

/// Text as written in a library file, wrapped for reading, as the threat will hold it: the
/// lines of each paragraph joined with single spaces, paragraphs separated by one blank line.
fn unwrap(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs.join("\n\n")
}

fn cat_word(cat: ThreatCategory) -> String {
    cat.label().to_lowercase().replace(' ', "_")
}

/// The keyword tests of a condition table, checked against the subjects it can meet.
fn check_words(texts: [(TextField, Option<Vec<String>>); 6], context: Subjects, c: &mut Checker<'_>) -> Vec<Condition> {
    let mut parts = Vec::new();
    for (field, words) in texts {
        let Some(words) = words else { continue };
        if context.meet(field.subjects()).is_empty() {
            let fault =
                format!("is a text of {}, but this condition is about {}", field.subjects().names(), context.names());
            c.fault(field.keyword(), fault);
        }
        if words.is_empty() {
            c.fault(field.keyword(), "list at least one keyword");
        }
        for (i, w) in words.iter().enumerate() {
            if super::words::keyword_words(w).is_empty() {
                c.fault(&format!("{}[{i}]", field.keyword()), "a keyword needs at least one letter or digit");
            }
        }
        parts.push(Condition::Words(field, words));
    }
    parts
}

/// A relation key of a condition table: its name, its value, the subjects it relates from and
/// to, and the [`Condition`] it makes.
type Relation = (&'static str, Option<Box<ConditionSpec>>, Subjects, Subjects, fn(Box<Condition>) -> Condition);

/// Turns a condition table into a [`Condition`], checking each test against the subjects it
/// can meet (`context`): a property or text those subjects do not have, or a relation they do
/// not have, is a fault, since it could never hold.
fn check_condition(spec: ConditionSpec, context: Subjects, c: &mut Checker<'_>) -> Condition {
    let mut parts = Vec::new();
    let mut context = context;
    if let Some(kinds) = spec.kind {
        let wanted = Subjects::of(&kinds);
        let meet = context.meet(wanted);
        if kinds.is_empty() {
            c.fault("kind", "name at least one kind");
        } else if meet.is_empty() {
            c.fault("kind", format!("can never hold here: this condition is about {}", context.names()));
        }
        context = meet;
        parts.push(Condition::Kind(kinds));
    }
    let flags = [
        (Flag::Privileged, spec.privileged),
        (Flag::AuthenticatesCallers, spec.authenticates_callers),
        (Flag::StoresCredentials, spec.stores_credentials),
        (Flag::StoresPersonalData, spec.stores_personal_data),
        (Flag::EncryptedAtRest, spec.encrypted_at_rest),
        (Flag::IsLog, spec.is_log),
        (Flag::InBoundary, spec.in_boundary),
        (Flag::Encrypted, spec.encrypted),
        (Flag::Authenticated, spec.authenticated),
        (Flag::Bidirectional, spec.bidirectional),
        (Flag::CrossesBoundary, spec.crosses_boundary),
    ];
    for (flag, value) in flags {
        let Some(value) = value else { continue };
        if context.meet(flag.subjects()).is_empty() {
            let fault = format!(
                "is a property of {}, but this condition is about {}",
                flag.subjects().names(),
                context.names()
            );
            c.fault(flag.keyword(), fault);
        }
        parts.push(Condition::Flag(flag, value));
    }
    if let Some(nature) = spec.nature {
        if !context.has(RuleSubject::ExternalEntity) {
            c.fault(
                "nature",
                format!("is a property of external_entity, but this condition is about {}", context.names()),
            );
        }
        parts.push(Condition::Nature(match nature {
            NatureSpec::Person => EntityNature::Person,
            NatureSpec::System => EntityNature::System,
        }));
    }
    let texts = [
        (TextField::Name, spec.name),
        (TextField::Description, spec.description),
        (TextField::Technology, spec.technology),
        (TextField::Data, spec.data),
        (TextField::Protocol, spec.protocol),
        (TextField::Text, spec.text),
    ];
    parts.extend(check_words(texts, context, c));
    let relations: [Relation; 5] = [
        ("source", spec.source, Subjects::FLOW, Subjects::ELEMENTS, Condition::Source),
        ("target", spec.target, Subjects::FLOW, Subjects::ELEMENTS, Condition::Target),
        ("either_end", spec.either_end, Subjects::FLOW, Subjects::ELEMENTS, Condition::EitherEnd),
        ("incoming", spec.incoming, Subjects::ELEMENTS, Subjects::FLOW, Condition::Incoming),
        ("outgoing", spec.outgoing, Subjects::ELEMENTS, Subjects::FLOW, Condition::Outgoing),
    ];
    for (key, inner, from, to, make) in relations {
        let Some(inner) = inner else { continue };
        if context.meet(from).is_empty() {
            c.fault(key, format!("relates {}, but this condition is about {}", from.names(), context.names()));
        }
        let inner = c.within(key.to_owned(), |c| check_condition(*inner, to, c));
        parts.push(make(Box::new(inner)));
    }
    for (key, list, make) in
        [("all", spec.all, Condition::All as fn(Vec<Condition>) -> Condition), ("any", spec.any, Condition::Any)]
    {
        let Some(list) = list else { continue };
        if list.is_empty() {
            c.fault(key, "list at least one condition");
        }
        let inner = list
            .into_iter()
            .enumerate()
            .map(|(i, spec)| c.within(format!("{key}[{i}]"), |c| check_condition(spec, context, c)))
            .collect();
        parts.push(make(inner));
    }
    if let Some(inner) = spec.not {
        let inner = c.within("not".to_owned(), |c| check_condition(*inner, context, c));
        parts.push(Condition::Not(Box::new(inner)));
    }
    match parts.len() {
        0 => Condition::Always,
        1 => parts.pop().unwrap_or(Condition::Always),
        _ => Condition::All(parts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<Rule>, Vec<LibraryProblem>) {
        parse_file(text, &Origin::File("team.toml".into()))
    }

    const GOOD: &str = r#"
[[rule]]
id = "X-1"
applies_to = "process"
stride = "tampering"
cia = "integrity"
severity = "high"
cwe = [611]
capec = [221]
title = "{target} parses XML"
description = "d"
mitigation = "m"
when = { technology = ["xml", "libxml"], incoming = { crosses_boundary = true, source = { kind = "external_entity" } } }
"#;

    #[test]
    fn a_good_rule_reads_into_a_condition() {
        let (rules, problems) = parse(GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let rule = &rules[0];
        assert_eq!(rule.applies_to, [RuleSubject::Process]);
        assert_eq!(rule.title.source(), "{target} parses XML");
        let (rules, _) =
            parse(&GOOD.replace("description = \"d\"", "description = \"\"\"\n  one\n  two\n\n  three\n\"\"\""));
        assert_eq!(rules[0].description.source(), "one two\n\nthree", "wrapped lines join; paragraphs stay");
        let Condition::All(parts) = &rule.condition else { panic!("{:?}", rule.condition) };
        assert!(matches!(&parts[0], Condition::Words(TextField::Technology, w) if w.len() == 2));
        let Condition::Incoming(inner) = &parts[1] else { panic!("{parts:?}") };
        let Condition::All(inner) = &**inner else { panic!("{inner:?}") };
        assert_eq!(inner[0], Condition::Flag(Flag::CrossesBoundary, true));
        assert_eq!(inner[1], Condition::Source(Box::new(Condition::Kind(vec![RuleSubject::ExternalEntity]))));
    }

    #[test]
    fn a_syntax_error_names_the_line() {
        let (rules, problems) = parse("[[rule]]\nid = \"X\"\nstride = \n");
        assert!(rules.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].place.contains("line 3"), "{problems:?}");
        assert_eq!(problems[0].file, "team.toml");
    }

    #[test]
    fn a_structure_error_names_the_path() {
        let bad = GOOD.replace("source = { kind", "source = { knd");
        let (rules, problems) = parse(&bad);
        assert!(rules.is_empty());
        assert!(problems[0].place.starts_with("rule[0].when.incoming.source"), "{problems:?}");
        assert!(problems[0].place.contains("line 13"), "{problems:?}");
        assert!(problems[0].fault.contains("knd"), "{problems:?}");
    }

    #[test]
    fn a_rule_that_makes_no_sense_is_left_out_and_the_rest_load() {
        let second = GOOD.replace("X-1", "X-2").replace("{target} parses", "{from} parses").replace(
            "source = { kind = \"external_entity\" }",
            "source = { stores_credentials = true, encrypted = true }",
        );
        let text = format!("{GOOD}{second}{}", GOOD.replace("stride = \"tampering\"", "stride = \"linking\""));
        let (rules, problems) = parse(&text);
        assert_eq!(rules.len(), 1, "{problems:#?}");
        let places: Vec<&str> = problems.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(
            places,
            ["rule[1] (X-2).title", "rule[1] (X-2).when.incoming.source.encrypted", "rule[2] (X-1)",],
            "{problems:#?}"
        );
        assert!(problems[2].fault.contains("second rule with this id"));
    }

    #[test]
    fn properties_are_checked_against_the_subject() {
        let text = GOOD.replace("applies_to = \"process\"", "applies_to = \"flow\"");
        let (_, problems) = parse(&text);
        let faults: Vec<String> = problems.iter().map(|p| format!("{} {}", p.place, p.fault)).collect();
        assert_eq!(faults.len(), 2, "{faults:#?}");
        assert!(faults[0].contains("when.technology is a text of process"), "{faults:#?}");
        assert!(faults[1].contains("when.incoming relates process, external_entity, data_store"), "{faults:#?}");
    }

    #[test]
    fn kind_narrows_what_the_rest_may_test() {
        let text = GOOD
            .replace("applies_to = \"process\"", "applies_to = [\"process\", \"data_store\"]")
            .replace("technology = [\"xml\", \"libxml\"]", "kind = \"data_store\", privileged = true");
        let (_, problems) = parse(&text);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].place.ends_with("when.privileged"), "{problems:#?}");
    }
}
