//! Scope: what the model covers, and what it deliberately leaves out (DFD022, DFD024).

use super::index::{Index, is_blank};
use super::structure::{element, flow_and_ends};
use super::words::Words;
use super::{Detail, Finding, Rule, Severity, Subject};
use crate::model::Model;

/// DFD022.
pub(super) static OUT_OF_SCOPE_WITHOUT_REASON: Rule = Rule {
    id: "DFD022",
    severity: Severity::Warning,
    title: "Out of scope without a reason",
    condition: "An element or data flow is marked out of scope and no reason is given.",
    why: "Leaving something out of the analysis is a decision that someone will question later; without the \
          reason, nobody can tell a deliberate choice (\"run by the payment provider\") from a forgotten part.",
    fix: "Write why it is out of scope, or bring it back into scope.",
    check: out_of_scope_without_reason,
    describe: describe_out_of_scope_without_reason,
};

fn out_of_scope_without_reason(index: &Index<'_>, out: &mut Vec<Finding>) {
    for (e, (_, el)) in index.elements.iter().enumerate() {
        if el.out_of_scope && is_blank(&el.out_of_scope_reason) {
            out.push(OUT_OF_SCOPE_WITHOUT_REASON.finding(vec![element(index, e)]));
        }
    }
    for f in &index.flows {
        if f.flow.out_of_scope && is_blank(&f.flow.out_of_scope_reason) {
            out.push(OUT_OF_SCOPE_WITHOUT_REASON.finding(flow_and_ends(index, f)));
        }
    }
}

fn describe_out_of_scope_without_reason(finding: &Finding, model: &Model) -> String {
    message!("{} is out of scope but no reason is given", Words::new(model).subject(finding.primary()).capitalised())
}

/// DFD024.
pub(super) static NO_SCOPE: Rule = Rule {
    id: "DFD024",
    severity: Severity::Hint,
    title: "Model without a description or scope",
    condition: "The model has no description, or no scope statement.",
    why: "Defining a small scope is the first step of threat modelling: it says what the system is, what is \
          being analysed and what is deliberately not, so reviewers know what \"no threats found\" covers.",
    fix: "Describe the system in a few sentences and write what is in and out of scope, in the model's \
          properties.",
    check: no_scope,
    describe: describe_no_scope,
};

fn no_scope(index: &Index<'_>, out: &mut Vec<Finding>) {
    let meta = &index.model.meta;
    let missing = match (is_blank(&meta.description), is_blank(&meta.scope)) {
        (true, true) => "no description and no scope statement",
        (true, false) => "no description",
        (false, true) => "no scope statement",
        (false, false) => return,
    };
    out.push(NO_SCOPE.finding_with(vec![Subject::Model], Detail::Words(missing)));
}

fn describe_no_scope(finding: &Finding, _: &Model) -> String {
    let missing = match finding.detail {
        Detail::Words(missing) => missing,
        Detail::None | Detail::Count(_) | Detail::Conflict(_) => "",
    };
    message!("The model has {missing}")
}
