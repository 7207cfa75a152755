//! What an import did: how many records of each kind arrived, and every decision the importer
//! took on the user's behalf, each naming the cell, component or threat it concerns. The CLI
//! prints it; the app shows it after File > Import.

use std::fmt;

use crate::model::{ElementKind, Model};

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
}

/// One decision the importer took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What kind of decision.
    pub kind: WarningKind,
    /// The id of the cell, component, flow or threat in the source file, when there is one.
    pub source_id: Option<String>,
    /// The decision in words.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source_id {
            Some(id) => write!(f, "{id}: {}", self.message),
            None => f.write_str(&self.message),
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
            "{} elements ({} processes, {} external entities, {} data stores), {} flows, {} trust boundaries, \
             {} threats, {} diagrams, {} text blocks",
            self.elements(),
            self.processes,
            self.external_entities,
            self.data_stores,
            self.flows,
            self.boundaries,
            self.threats,
            self.diagrams,
            self.text_blocks
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
}

impl Summary {
    /// How many records of `kind` were left out.
    #[must_use]
    pub fn dropped(&self, kind: RecordKind) -> usize {
        self.warnings.iter().filter(|w| w.kind == WarningKind::Dropped(kind)).count()
    }

    /// Records a decision.
    pub(crate) fn warn(&mut self, kind: WarningKind, source_id: Option<&str>, message: impl Into<String>) {
        self.warnings.push(Warning { kind, source_id: source_id.map(str::to_owned), message: message.into() });
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "imported {}: {}", self.source_format, self.counts)?;
        if self.warnings.is_empty() {
            return writeln!(f, "no warnings");
        }
        writeln!(f, "{} warning{}:", self.warnings.len(), if self.warnings.len() == 1 { "" } else { "s" })?;
        for w in &self.warnings {
            writeln!(f, "  warning: {w}")?;
        }
        Ok(())
    }
}
