//! Threats: where none have been considered, which lack a mitigation, and which are filed on a
//! part of the model their category does not apply to (DFD019, DFD020, DFD023).

use super::applicability::{CategoryTarget, category_applies};
use super::index::{Index, is_blank};
use super::words::{Named, Words};
use super::{Finding, Rule, Severity, Subject};
use crate::model::{ElementKind, Model, ThreatId, ThreatStatus, ThreatTarget};

/// DFD019.
pub(super) static NO_THREATS: Rule = Rule {
    id: "DFD019",
    severity: Severity::Hint,
    title: "No threats considered yet",
    condition: "An element, data flow or trust boundary that is in scope has no threats attached.",
    why: "A reminder of where the analysis has not been yet. STRIDE per element says where to start: spoofing \
          and repudiation for external entities; all six for processes; tampering, disclosure and denial of \
          service for stores and flows.",
    fix: "Walk the categories that apply and add the threats you find, including ones you accept or that are \
          already mitigated; mark the record out of scope, with a reason, if it is not part of the analysis.",
    check: no_threats,
    describe: describe_no_threats,
};

fn no_threats(index: &Index<'_>, out: &mut Vec<Finding>) {
    for (e, (id, element)) in index.elements.iter().enumerate() {
        if !element.out_of_scope && !index.element_threatened(e) {
            out.push(NO_THREATS.finding(vec![Subject::Element((*id).clone())]));
        }
    }
    for (i, f) in index.flows.iter().enumerate() {
        if !f.flow.out_of_scope && !index.flow_threatened(i) {
            out.push(NO_THREATS.finding(vec![Subject::Flow(f.id.clone())]));
        }
    }
    for (b, (id, _)) in index.boundaries.iter().enumerate() {
        if !index.boundary_threatened(b) {
            out.push(NO_THREATS.finding(vec![Subject::Boundary((*id).clone())]));
        }
    }
}

fn describe_no_threats(finding: &Finding, model: &Model) -> String {
    message!("No threats are recorded for {}", Words::new(model).subject(finding.primary()))
}

/// DFD020.
pub(super) static UNMITIGATED_THREAT: Rule = Rule {
    id: "DFD020",
    severity: Severity::Warning,
    title: "Serious open threat without a mitigation",
    condition: "An open threat of high or critical severity has no mitigation text.",
    why: "A threat model exists to drive mitigations; a serious threat that nobody has planned anything for is \
          the finding most worth acting on, and the report should say what will be done.",
    fix: "Write the mitigation you plan (or have), or change the status: accepted or transferred with the reason \
          in the mitigation text, not applicable if it does not apply.",
    check: unmitigated_threat,
    describe: describe_unmitigated_threat,
};

fn unmitigated_threat(index: &Index<'_>, out: &mut Vec<Finding>) {
    for (id, threat) in &index.model.threats {
        let serious = threat.severity >= crate::model::Severity::High;
        if threat.status == ThreatStatus::Open && serious && is_blank(&threat.mitigation) {
            let subjects = vec![Subject::Threat(id.clone()), target_subject(&threat.target)];
            out.push(UNMITIGATED_THREAT.finding(subjects));
        }
    }
}

fn describe_unmitigated_threat(finding: &Finding, model: &Model) -> String {
    let Some((id, threat)) = threat_of(finding, model) else { return String::new() };
    message!(
        "Open {} {} on {} has no mitigation",
        threat.severity.label().to_lowercase(),
        Named::new("threat", &threat.title, id.as_str()),
        describe_target(model, &threat.target)
    )
}

/// The threat a finding is about (its primary subject), if the model has it.
fn threat_of<'a>(finding: &'a Finding, model: &'a Model) -> Option<(&'a ThreatId, &'a crate::model::Threat)> {
    let Subject::Threat(id) = finding.primary() else { return None };
    model.threats.get(id).map(|threat| (id, threat))
}

/// DFD023.
pub(super) static MISFILED_THREAT: Rule = Rule {
    id: "DFD023",
    severity: Severity::Warning,
    title: "Threat category does not apply to its target",
    condition: "A threat's category does not apply to the element, flow or boundary it is attached to under the \
                model's methodology (STRIDE or LINDDUN per element), or belongs to another methodology.",
    why: "Categories per element are what make the analysis systematic. Elevation of privilege on a data flow \
          or repudiation on a store that is not a log usually means the threat is attached to the wrong part \
          of the model, so the part it really concerns looks unexamined.",
    fix: "Attach the threat to the element the attack really targets (often the process at one end of the \
          flow), or pick the category that describes it; mark a store that keeps logs or audit trails as a log.",
    check: misfiled_threat,
    describe: describe_misfiled_threat,
};

fn misfiled_threat(index: &Index<'_>, out: &mut Vec<Finding>) {
    let methodology = index.model.meta.methodology;
    for (id, threat) in &index.model.threats {
        let Some(target) = category_target(index.model, &threat.target) else { continue };
        if category_applies(methodology, threat.category, target) {
            continue;
        }
        out.push(MISFILED_THREAT.finding(vec![Subject::Threat(id.clone()), target_subject(&threat.target)]));
    }
}

fn describe_misfiled_threat(finding: &Finding, model: &Model) -> String {
    let Some((id, threat)) = threat_of(finding, model) else { return String::new() };
    let methodology = model.meta.methodology;
    let why = match category_target(model, &threat.target) {
        Some(target) if methodology.categories().contains(&threat.category) => {
            message!("does not apply to {} under {}", kind_words(target), methodology.label())
        }
        _ => message!("is not a {} category", methodology.label()),
    };
    message!(
        "{} is filed as {} on {}, which {why}",
        Named::new("threat", &threat.title, id.as_str()).capitalised(),
        threat.category.label().to_lowercase(),
        describe_target(model, &threat.target)
    )
}

/// What decides which categories apply to the target, if it exists.
fn category_target(model: &Model, target: &ThreatTarget) -> Option<CategoryTarget> {
    match target {
        ThreatTarget::Element(id) => model.elements.get(id).map(|e| match &e.kind {
            ElementKind::Process(_) => CategoryTarget::Process,
            ElementKind::ExternalEntity(_) => CategoryTarget::ExternalEntity,
            ElementKind::DataStore(s) => CategoryTarget::DataStore { is_log: s.is_log },
        }),
        ThreatTarget::Flow(id) => model.flows.contains_key(id).then_some(CategoryTarget::Flow),
        ThreatTarget::Boundary(id) => model.boundaries.contains_key(id).then_some(CategoryTarget::Boundary),
    }
}

/// "external entities", "data stores that are not logs", ...
const fn kind_words(target: CategoryTarget) -> &'static str {
    match target {
        CategoryTarget::ExternalEntity => "external entities",
        CategoryTarget::Process => "processes",
        CategoryTarget::DataStore { is_log: false } => "data stores that are not logs",
        CategoryTarget::DataStore { is_log: true } => "data stores",
        CategoryTarget::Flow => "data flows",
        CategoryTarget::Boundary => "trust boundaries",
    }
}

/// The threat's target in words: `process "API" (P2)`, or `missing element P2` if it is gone.
fn describe_target<'m>(model: &'m Model, target: &'m ThreatTarget) -> Target<'m> {
    match target {
        ThreatTarget::Element(id) => model.elements.contains_key(id).then(|| Words::new(model).element(id)),
        ThreatTarget::Flow(id) => model.flows.get(id).map(|f| Named::new("flow", &f.name, id.as_str())),
        ThreatTarget::Boundary(id) => {
            model.boundaries.get(id).map(|b| Named::new("trust boundary", &b.name, id.as_str()))
        }
    }
    .map_or(Target::Missing(target), Target::Found)
}

/// A threat's target, found or not.
enum Target<'m> {
    Found(Named<'m>),
    Missing(&'m ThreatTarget),
}

impl std::fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Found(named) => named.fmt(f),
            Self::Missing(ThreatTarget::Element(id)) => write!(f, "missing element {id}"),
            Self::Missing(ThreatTarget::Flow(id)) => write!(f, "missing flow {id}"),
            Self::Missing(ThreatTarget::Boundary(id)) => write!(f, "missing trust boundary {id}"),
        }
    }
}

/// The subject for a threat's target.
fn target_subject(target: &ThreatTarget) -> Subject {
    match target {
        ThreatTarget::Element(id) => Subject::Element(id.clone()),
        ThreatTarget::Flow(id) => Subject::Flow(id.clone()),
        ThreatTarget::Boundary(id) => Subject::Boundary(id.clone()),
    }
}
