//! Names and data: things that cannot be discussed because they have no name, share one, or do
//! not say what they carry (DFD010–DFD012, DFD021).

use std::collections::HashMap;

use super::index::{Index, join};
use super::structure::{capitalised, element, flow_and_ends};
use super::{Finding, Rule, Severity, Subject};
use crate::model::ElementKindTag;

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
};

fn unnamed(index: &Index<'_>, out: &mut Vec<Finding>) {
    for (e, (_, el)) in index.elements.iter().enumerate() {
        if let Some(what) = naming_problem(&el.name) {
            let message = format!("{} {what}", capitalised(&index.describe_element(e)));
            out.push(UNNAMED.finding(vec![element(index, e)], message));
        }
    }
    for f in &index.flows {
        if let Some(what) = naming_problem(&f.flow.name) {
            let message = format!("{} {what}", capitalised(&Index::describe_flow(f)));
            out.push(UNNAMED.finding(flow_and_ends(index, f), message));
        }
    }
}

/// What is wrong with a name, if anything.
fn naming_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
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

/// "New process", "Process 1", "Flow", "data store #3", "Untitled": a kind word with an
/// optional "new" in front and an optional number after it.
fn is_placeholder(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let rest = lower.strip_prefix("new ").unwrap_or(&lower);
    let rest = rest.trim_end_matches(|c: char| c.is_ascii_digit() || c == '#' || c == ' ' || c == '-' || c == '_');
    PLACEHOLDER_WORDS.contains(&rest)
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
};

fn shared_name(index: &Index<'_>, out: &mut Vec<Finding>) {
    let mut groups: HashMap<(ElementKindTag, String), Vec<usize>> = HashMap::new();
    for (e, (_, el)) in index.elements.iter().enumerate() {
        let name = el.name.trim();
        if !name.is_empty() {
            groups.entry((index.kind(e), name.to_lowercase())).or_default().push(e);
        }
    }
    // Report each group once, at its first element (in id order), so the output order does not
    // depend on the hash map's.
    let mut first_of_group = vec![None; index.elements.len()];
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let first = members[0];
        first_of_group[first] = Some(members);
    }
    for members in first_of_group.into_iter().flatten() {
        let kind = match index.kind(members[0]) {
            ElementKindTag::Process => "processes",
            ElementKindTag::ExternalEntity => "external entities",
            ElementKindTag::DataStore => "data stores",
        };
        let message = format!(
            "{} {kind} share the name \"{}\": {}",
            members.len(),
            index.elements[members[0]].1.name.trim(),
            join(members.iter().map(|&e| index.elements[e].0.to_string()).collect())
        );
        out.push(SHARED_NAME.finding(members.iter().map(|&e| element(index, e)).collect(), message));
    }
}

/// DFD012.
pub(super) static NO_DATA: Rule = Rule {
    id: "DFD012",
    severity: Severity::Warning,
    title: "Flow does not say what data it carries",
    condition: "A data flow's \"data\" field is empty.",
    why: "Which threats matter depends on what moves: session tokens, card numbers and public product \
          images call for very different protection, and a reviewer cannot judge a flow that does not say.",
    fix: "Fill in the data the flow carries, e.g. \"email and password\" or \"order lines with prices\".",
    check: no_data,
};

fn no_data(index: &Index<'_>, out: &mut Vec<Finding>) {
    for f in &index.flows {
        if f.flow.data.trim().is_empty() {
            let message = format!("{} does not say what data it carries", capitalised(&Index::describe_flow(f)));
            out.push(NO_DATA.finding(flow_and_ends(index, f), message));
        }
    }
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
};

fn duplicate_flow(index: &Index<'_>, out: &mut Vec<Finding>) {
    let mut groups: HashMap<(usize, usize, bool, String), Vec<usize>> = HashMap::new();
    for (i, f) in index.flows.iter().enumerate() {
        let (Some(s), Some(t)) = (f.source, f.target) else { continue };
        // A two-way flow is the same whichever end it is drawn from.
        let (s, t) = if f.flow.bidirectional && t < s { (t, s) } else { (s, t) };
        let data = f.flow.data.trim();
        let what = if data.is_empty() { f.flow.name.trim() } else { data };
        groups.entry((s, t, f.flow.bidirectional, what.to_lowercase())).or_default().push(i);
    }
    let mut first_of_group = vec![None; index.flows.len()];
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let first = members[0];
        first_of_group[first] = Some(members);
    }
    for members in first_of_group.into_iter().flatten() {
        let first = &index.flows[members[0]];
        let (Some(s), Some(t)) = (first.source, first.target) else { continue };
        let message = format!(
            "{} flows go from {} to {} with the same data: {}",
            members.len(),
            index.describe_element(s),
            index.describe_element(t),
            join(members.iter().map(|&i| Index::describe_flow(&index.flows[i])).collect())
        );
        let subjects = members.iter().map(|&i| Subject::Flow(index.flows[i].id.clone())).collect();
        out.push(DUPLICATE_FLOW.finding(subjects, message));
    }
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders() {
        for name in ["New process", "Process 1", "flow", "Data store #3", "new external entity", "Untitled", "Flow-2"] {
            assert!(is_placeholder(name), "{name}");
        }
        for name in ["Orders API", "Process payments", "Flow of refunds", "Store front", "New customer signup"] {
            assert!(!is_placeholder(name), "{name}");
        }
    }
}
