//! What an import did: how many records of each kind arrived, and every decision the importer
//! took on the user's behalf, each naming the cell, component or threat it concerns. The CLI
//! prints it; the app shows it after File > Import.

use std::collections::BTreeSet;
use std::fmt;

use crate::model::{BoundaryId, ElementId, ElementKind, FlowId, Model, ThreatId, is_valid_id};
use crate::plural::count;

/// The kinds of record an import creates or leaves out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    /// A process, external entity or data store.
    Element,
    /// A data flow.
    Flow,
    /// A trust boundary (box, curve or trust zone).
    Boundary,
    /// A threat.
    Threat,
    /// A diagram.
    Diagram,
    /// A free-text annotation.
    TextBlock,
    /// A dismissed threat-library suggestion or a suppressed check finding.
    Triage,
    /// An unresolved merge conflict.
    Conflict,
}

impl RecordKind {
    /// The kind in words: "flow", "threat".
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Element => "element",
            Self::Flow => "flow",
            Self::Boundary => "trust boundary",
            Self::Threat => "threat",
            Self::Diagram => "diagram",
            Self::TextBlock => "text block",
            Self::Triage => "dismissal or suppression",
            Self::Conflict => "merge conflict",
        }
    }
}

/// What kind of decision a warning reports, so the app can group them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// Something in the file was left out of the model; the message says why.
    Dropped(RecordKind),
    /// A flow end given as a free point was attached to the element under that point.
    FlowEndAttached,
    /// A value we do not know (a status, a severity, a threat type, a shape) was replaced by a
    /// default, or a value we know but cannot hold exactly was replaced by the nearest one.
    UnknownValue,
    /// Trust-boundary membership the file left open was decided (which side of a curve is
    /// inside, which of two overlapping boundaries an element belongs to).
    Membership,
    /// A value was changed to fit the model: a repeated or unusable id renamed, a text cut at
    /// the length limit.
    Adjusted,
    /// A field or attribute the model has no place for was not read (one warning per field,
    /// counting the records that hold it).
    NotRead,
}

/// One decision the importer took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What kind of decision.
    pub kind: WarningKind,
    /// The id of the cell, component, flow or threat in the source file, when there is one.
    pub source_id: Option<String>,
    /// The name (or a threat's title) of the record the warning is about, when the model holds
    /// it: ids are long and opaque in most tools' files (Threat Dragon's are UUIDs), so a
    /// reader finds "Login API" where they would search for a UUID in vain. See
    /// [`name_records`].
    pub name: Option<String>,
    /// The decision in words.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.name, &self.source_id) {
            (Some(name), Some(id)) => write!(f, "{name:?} ({id}): {}", self.message),
            (Some(name), None) => write!(f, "{name:?}: {}", self.message),
            (None, Some(id)) => write!(f, "{id}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

/// How many records of each kind the imported model holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Processes.
    pub processes: usize,
    /// External entities (Threat Dragon actors, OTM clients).
    pub external_entities: usize,
    /// Data stores.
    pub data_stores: usize,
    /// Data flows.
    pub flows: usize,
    /// Trust boundaries.
    pub boundaries: usize,
    /// Threats.
    pub threats: usize,
    /// Diagrams.
    pub diagrams: usize,
    /// Free-text annotations, which became paragraphs of the model's description.
    pub text_blocks: usize,
}

impl Counts {
    /// The counts of `model`; `text_blocks` is left at 0 for the importer to fill in.
    #[must_use]
    pub fn of(model: &Model) -> Self {
        let mut counts = Self {
            flows: model.flows.len(),
            boundaries: model.boundaries.len(),
            threats: model.threats.len(),
            diagrams: model.diagrams.len(),
            ..Self::default()
        };
        for element in model.elements.values() {
            match element.kind {
                ElementKind::Process(_) => counts.processes += 1,
                ElementKind::ExternalEntity(_) => counts.external_entities += 1,
                ElementKind::DataStore(_) => counts.data_stores += 1,
            }
        }
        counts
    }

    /// Processes, external entities and data stores together.
    #[must_use]
    pub const fn elements(&self) -> usize {
        self.processes + self.external_entities + self.data_stores
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}, {}, {}), {}, {}, {}, {}, {}",
            count(self.elements(), "element", "elements"),
            count(self.processes, "process", "processes"),
            count(self.external_entities, "external entity", "external entities"),
            count(self.data_stores, "data store", "data stores"),
            count(self.flows, "flow", "flows"),
            count(self.boundaries, "trust boundary", "trust boundaries"),
            count(self.threats, "threat", "threats"),
            count(self.diagrams, "diagram", "diagrams"),
            count(self.text_blocks, "text block", "text blocks")
        )
    }
}

/// What an import brought in, and every decision it took.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The format the file was read as: "Threat Dragon v2", "OTM 0.2.0".
    pub source_format: String,
    /// Records in the imported model.
    pub counts: Counts,
    /// Every decision, in the order the file was read.
    pub warnings: Vec<Warning>,
    /// Source ids given to more than one record: the model holds the first under that id and
    /// the others renamed, so a warning naming such an id cannot say which record it means.
    pub(crate) repeated_ids: BTreeSet<String>,
    /// How many names were written over several lines and put on one (said once, at the end:
    /// Threat Dragon users break long labels by hand in nearly every name).
    pub(crate) names_joined: usize,
}

impl Summary {
    /// How many records of `kind` were left out.
    #[must_use]
    pub fn dropped(&self, kind: RecordKind) -> usize {
        self.warnings.iter().filter(|w| w.kind == WarningKind::Dropped(kind)).count()
    }

    /// Records a decision.
    pub(crate) fn warn(&mut self, kind: WarningKind, source_id: Option<&str>, message: impl Into<String>) {
        self.warnings.push(Warning {
            kind,
            source_id: source_id.map(str::to_owned),
            name: None,
            message: message.into(),
        });
    }

    /// Adds the warnings that sum up the whole import.
    pub(crate) fn conclude(&mut self) {
        self.drop_repeats();
        if self.names_joined > 0 {
            let n = self.names_joined;
            self.warn(
                WarningKind::Adjusted,
                None,
                format!(
                    "{} written over several lines {} put on one line (names are one line here; the canvas wraps \
                     them to fit)",
                    count(n, "name", "names"),
                    if n == 1 { "was" } else { "were" }
                ),
            );
        }
    }

    /// Keeps the first of warnings that say the same about the same record (a threat used on
    /// several components is read once per use). Left-out records are all kept: each is
    /// counted.
    fn drop_repeats(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.warnings.retain(|w| {
            matches!(w.kind, WarningKind::Dropped(_)) || seen.insert((w.kind, w.source_id.clone(), w.message.clone()))
        });
    }

    /// Records a decision about a record the model will not hold (one left out), naming it as
    /// the file does, since no record of the model can lend its name.
    pub(crate) fn warn_named(&mut self, kind: WarningKind, source_id: &str, name: &str, message: impl Into<String>) {
        self.warn(kind, Some(source_id), message);
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(w) = self.warnings.last_mut()
            && !name.is_empty()
            && name != source_id
        {
            w.name = Some(name);
        }
    }

    /// Records that the record the file calls `source_id` was given the id `id`.
    pub(crate) fn renamed(&mut self, source_id: &str, id: &str) {
        if is_valid_id(source_id) {
            self.repeated_ids.insert(source_id.to_owned());
        }
        self.warn(WarningKind::Adjusted, Some(source_id), super::ids::renamed(source_id, id));
    }
}

/// Gives every warning whose id is a record of `model` that record's name (a threat its title),
/// unless the id was repeated in the file (`repeated`) and so names more than one record; a
/// warning already named (about a record left out) keeps its name.
/// Imports call it on the model they made, exports on the model they wrote, whose ids the
/// warnings carry.
pub fn name_records(warnings: &mut [Warning], model: &Model, repeated: &BTreeSet<String>) {
    for w in warnings {
        let Some(id) = w.source_id.as_deref() else { continue };
        if repeated.contains(id) {
            continue;
        }
        let name = model
            .elements
            .get(&ElementId::new(id))
            .map(|e| &e.name)
            .or_else(|| model.flows.get(&FlowId::new(id)).map(|f| &f.name))
            .or_else(|| model.boundaries.get(&BoundaryId::new(id)).map(|b| &b.name))
            .or_else(|| model.threats.get(&ThreatId::new(id)).map(|t| &t.title))
            .or_else(|| model.diagrams.iter().find(|d| d.id.as_str() == id).map(|d| &d.name));
        if let Some(name) = name.filter(|n| !n.trim().is_empty() && n.as_str() != id) {
            w.name = Some(name.clone());
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "imported {}: {}", self.source_format, self.counts)?;
        if self.warnings.is_empty() {
            return writeln!(f, "no warnings");
        }
        writeln!(f, "{}:", count(self.warnings.len(), "warning", "warnings"))?;
        for w in &self.warnings {
            writeln!(f, "  warning: {w}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Counts, Summary, WarningKind};

    #[test]
    fn counts_of_one_are_singular() {
        let one = Counts {
            processes: 1,
            external_entities: 0,
            data_stores: 0,
            flows: 1,
            boundaries: 1,
            threats: 1,
            diagrams: 1,
            text_blocks: 1,
        };
        assert_eq!(
            one.to_string(),
            "1 element (1 process, 0 external entities, 0 data stores), 1 flow, 1 trust boundary, 1 threat, \
             1 diagram, 1 text block"
        );
        let many = Counts { external_entities: 2, data_stores: 1, ..one };
        assert_eq!(
            many.to_string(),
            "4 elements (1 process, 2 external entities, 1 data store), 1 flow, 1 trust boundary, 1 threat, \
             1 diagram, 1 text block"
        );
    }

    #[test]
    fn repeated_warnings_are_said_once_but_every_left_out_record_counts() {
        let mut summary = Summary::default();
        for _ in 0..2 {
            summary.warn(WarningKind::UnknownValue, Some("t1"), "categories: read as Spoofing");
            summary.warn(WarningKind::Dropped(super::RecordKind::Flow), Some("f"), "left out");
        }
        summary.warn(WarningKind::UnknownValue, Some("t2"), "categories: read as Spoofing");
        summary.drop_repeats();
        assert_eq!(summary.warnings.len(), 4, "{:?}", summary.warnings);
        assert_eq!(summary.dropped(super::RecordKind::Flow), 2);
    }

    #[test]
    fn one_warning_is_singular() {
        let mut summary = Summary { source_format: "OTM 0.2.0".to_owned(), ..Summary::default() };
        summary.warn(WarningKind::Adjusted, Some("c1"), "renamed");
        assert!(summary.to_string().contains("\n1 warning:\n  warning: c1: renamed\n"), "{summary}");
    }
}
