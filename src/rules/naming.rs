//! Names and data: things that cannot be discussed because they have no name, share one, or do
//! not say what they carry (DFD010–DFD012, DFD021).

use super::index::{Index, is_blank, trimmed};
use super::structure::{describe_primary_then_words, element, flow_and_ends};
use super::words::{List, Words, element_at, flow_at};
use super::{Detail, Finding, Rule, Severity, Subject};
use crate::model::{ElementKindTag, Model};

/// DFD010.
pub(super) static UNNAMED: Rule = Rule {
    id: "DFD010",
    severity: Severity::Warning,
    title: "Missing or placeholder name",
    condition: "An element or data flow has no name, or a placeholder name such as \"New process\", \
                \"Process 1\" or \"Flow\".",
    why: "Threats are discussed, assigned and reported by the names of the things they affect; an unnamed \
          element or flow cannot be talked about, and a placeholder hides what it really is.",
    fix: "Give it the name its team uses: the service, the database, the API call or the data it carries.",
    check: unnamed,
    describe: describe_primary_then_words,
};

fn unnamed(index: &Index<'_>, out: &mut Vec<Finding>) {
    for (e, (_, el)) in index.elements.iter().enumerate() {
        if let Some(what) = naming_problem(&el.name) {
            out.push(UNNAMED.finding_with(vec![element(index, e)], Detail::Words(what)));
        }
    }
    for f in &index.flows {
        if let Some(what) = naming_problem(&f.flow.name) {
            out.push(UNNAMED.finding_with(flow_and_ends(index, f), Detail::Words(what)));
        }
    }
}

/// What is wrong with a name, if anything.
fn naming_problem(name: &str) -> Option<&'static str> {
    if is_blank(name) {
        Some("has no name")
    } else if is_placeholder(name) {
        Some("has a placeholder name")
    } else {
        None
    }
}

/// Words the editor and other tools give new things before anyone names them.
const PLACEHOLDER_WORDS: [&str; 12] = [
    "process",
    "external entity",
    "entity",
    "data store",
    "store",
    "flow",
    "data flow",
    "dataflow",
    "element",
    "actor",
    "node",
    "untitled",
];

/// The length of the longest placeholder word: longer names are real names.
const LONGEST_PLACEHOLDER: usize = 15;

/// "New process", "Process 1", "Flow", "data store #3", "Untitled": a kind word with an
/// optional "new" in front and an optional number after it, in any case.
fn is_placeholder(name: &str) -> bool {
    let name = trimmed(name);
    let rest = match name.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("new ") => &name[4..],
        _ => name,
    };
    let rest = rest.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '#' | ' ' | '-' | '_'));
    rest.len() <= LONGEST_PLACEHOLDER && PLACEHOLDER_WORDS.iter().any(|w| rest.eq_ignore_ascii_case(w))
}

/// A hash of `text` ignoring case and surrounding spaces (FNV-1a over the lower-cased
/// characters): groups names without allocating a lower-cased copy of each. ASCII text, the
/// usual case, is folded byte by byte.
fn folded_hash(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let text = trimmed(text);
    if text.is_ascii() {
        text.bytes().fold(OFFSET, |hash, b| (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(PRIME))
    } else {
        text.chars().flat_map(char::to_lowercase).fold(OFFSET, |hash, c| (hash ^ u64::from(c)).wrapping_mul(PRIME))
    }
}

/// Whether two texts are equal ignoring case and surrounding spaces.
fn folded_eq(a: &str, b: &str) -> bool {
    let (a, b) = (trimmed(a), trimmed(b));
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
    }
}

/// Groups `items` (positions, in id order) whose keys are equal and whose texts are equal
/// ignoring case, and returns the groups of two or more, ordered by their first member.
/// Sorting by a hash first keeps this n log n without a map or a lower-cased copy per item.
fn equal_groups<'t, K: Ord + Copy>(
    mut items: Vec<(K, u64, usize)>,
    text: impl Fn(usize) -> &'t str,
) -> Vec<Vec<usize>> {
    items.sort_unstable_by_key(|&(key, hash, position)| (key, hash, position));
    let mut groups = Vec::new();
    for run in items.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).filter(|run| run.len() > 1) {
        // Members of a run share a hash; split it by the texts themselves (collisions are rare).
        let mut left: Vec<usize> = run.iter().map(|&(_, _, p)| p).collect();
        while let Some(&first) = left.first() {
            let (same, other): (Vec<usize>, Vec<usize>) = left.iter().partition(|&&p| folded_eq(text(first), text(p)));
            if same.len() > 1 {
                groups.push(same);
            }
            left = other;
        }
    }
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// DFD011.
pub(super) static SHARED_NAME: Rule = Rule {
    id: "DFD011",
    severity: Severity::Warning,
    title: "Elements of one kind share a name",
    condition: "Two or more elements of the same kind have the same name (ignoring case and surrounding spaces).",
    why: "Reports and threat lists refer to elements by name; two processes both called \"API\" make every \
          threat on either of them ambiguous, and reviewers end up checking the wrong one.",
    fix: "Rename them so each name says which one it is (\"Orders API\", \"Accounts API\"), or merge them if they \
          are really one element.",
    check: shared_name,
    describe: describe_shared_name,
};

fn shared_name(index: &Index<'_>, out: &mut Vec<Finding>) {
    let named: Vec<(ElementKindTag, u64, usize)> = index
        .elements
        .iter()
        .enumerate()
        .filter(|(_, (_, el))| !is_blank(&el.name))
        .map(|(e, (_, el))| (index.kind(e), folded_hash(&el.name), e))
        .collect();
    for members in equal_groups(named, |e| index.elements[e].1.name.as_str()) {
        out.push(SHARED_NAME.finding(members.iter().map(|&e| element(index, e)).collect()));
    }
}

fn describe_shared_name(finding: &Finding, model: &Model) -> String {
    let Some(first) = element_at(&finding.subjects, 0).and_then(|id| model.elements.get(id)) else {
        return String::new();
    };
    let kind = match first.kind.tag() {
        ElementKindTag::Process => "processes",
        ElementKindTag::ExternalEntity => "external entities",
        ElementKindTag::DataStore => "data stores",
    };
    message!(
        "{} {kind} share the name \"{}\": {}",
        finding.subjects.len(),
        trimmed(&first.name),
        List(finding.subjects.iter().filter_map(super::Subject::id_str))
    )
}

/// DFD012.
pub(super) static NO_DATA: Rule = Rule {
    id: "DFD012",
    severity: Severity::Warning,
    title: "Flow does not say what data it carries",
    condition: "A data flow in scope has an empty \"data\" field.",
    why: "Which threats matter depends on what moves: session tokens, card numbers and public product \
          images call for very different protection, and a reviewer cannot judge a flow that does not say.",
    fix: "Fill in the data the flow carries, e.g. \"email and password\" or \"order lines with prices\".",
    check: no_data,
    describe: describe_no_data,
};

fn no_data(index: &Index<'_>, out: &mut Vec<Finding>) {
    for f in &index.flows {
        if !f.flow.out_of_scope && is_blank(&f.flow.data) {
            out.push(NO_DATA.finding(flow_and_ends(index, f)));
        }
    }
}

fn describe_no_data(finding: &Finding, model: &Model) -> String {
    message!("{} does not say what data it carries", Words::new(model).subject(finding.primary()).capitalised())
}

/// DFD021.
pub(super) static DUPLICATE_FLOW: Rule = Rule {
    id: "DFD021",
    severity: Severity::Hint,
    title: "Duplicate flows",
    condition: "Two or more data flows have the same source, target, direction and data (or, when no data is \
                given, the same name).",
    why: "Duplicates are usually a copy-and-paste slip; threats then get split between the copies and one of \
          them looks unexamined.",
    fix: "Delete the extra flow and move its threats to the one you keep, or say in the data field how the two \
          differ.",
    check: duplicate_flow,
    describe: describe_duplicate_flow,
};

fn duplicate_flow(index: &Index<'_>, out: &mut Vec<Finding>) {
    // What a flow carries: its data, or its name when it does not say.
    let carried = |i: usize| {
        let flow = index.flows[i].flow;
        if is_blank(&flow.data) { flow.name.as_str() } else { flow.data.as_str() }
    };
    let mut ends: Vec<((usize, usize, bool), usize)> = index
        .flows
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let (s, t) = (f.source?, f.target?);
            // A two-way flow is the same whichever end it is drawn from.
            let (s, t) = if f.flow.bidirectional && t < s { (t, s) } else { (s, t) };
            Some(((s, t, f.flow.bidirectional), i))
        })
        .collect();
    // Most flows share their ends with no other: only those that do need their text hashed.
    ends.sort_unstable();
    let keyed: Vec<((usize, usize, bool), u64, usize)> = ends
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
        .flatten()
        .map(|&(key, i)| (key, folded_hash(carried(i)), i))
        .collect();
    for members in equal_groups(keyed, carried) {
        let subjects = members.iter().map(|&i| Subject::Flow(index.flows[i].id.clone())).collect();
        out.push(DUPLICATE_FLOW.finding(subjects));
    }
}

fn describe_duplicate_flow(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let Some(first) = flow_at(&finding.subjects, 0).and_then(|id| model.flows.get(id)) else { return String::new() };
    message!(
        "{} flows go from {} to {} with the same data: {}",
        finding.subjects.len(),
        words.element(&first.source),
        words.element(&first.target),
        words.list(&finding.subjects)
    )
}

#[cfg(test)]
mod tests {
    use super::{LONGEST_PLACEHOLDER, PLACEHOLDER_WORDS, folded_eq, folded_hash, is_placeholder};

    #[test]
    fn placeholders() {
        for name in ["New process", "Process 1", "flow", "Data store #3", "new external entity", "Untitled", "Flow-2"] {
            assert!(is_placeholder(name), "{name}");
        }
        for name in ["Orders API", "Process payments", "Flow of refunds", "Store front", "New customer signup"] {
            assert!(!is_placeholder(name), "{name}");
        }
        assert!(!is_placeholder("Ünew process"), "no panic on a multi-byte start");
        assert_eq!(PLACEHOLDER_WORDS.iter().map(|w| w.len()).max(), Some(LONGEST_PLACEHOLDER));
    }

    #[test]
    fn folding_ignores_case_and_spaces() {
        assert_eq!(folded_hash(" ÄPI "), folded_hash("äpi"));
        assert_eq!(folded_hash(" API "), folded_hash("api"));
        assert!(folded_eq("Api", " API"));
        assert!(folded_eq(" ÄPI ", "äpi"));
        assert!(!folded_eq("API", "APIs"));
        assert_ne!(folded_hash("API"), folded_hash("APIs"));
    }
}
