//! Records field by field: every record kind lists its fields by name, reads each as a
//! [`FieldValue`] and sets it from one. A compare reports "field: before → after" through this,
//! a merge takes each field from whichever side changed it, and a merge conflict stores the
//! three versions of one field so that choosing one is a plain field write.
//!
//! Names are the file format's own field names, and enum values are written as the file
//! writes them (`"high"`, `"data_store"`), so a conflict stored in a file reads like the file.

use std::fmt;

use super::diagram::{Diagram, DiagramView, ElseBranch, Fragment, FragmentKind, Message, MessageKind, Note};
use super::element::{Element, ElementKind, EntityNature};
use super::flow::DataFlow;
use super::geometry::{Point, Rect};
use super::ids::{BoundaryId, ElementId, FlowId, MessageId};
use super::methodology::{Methodology, ThreatCategory};
use super::record::RecordKind;
use super::reference::Reference;
use super::threat::{Severity, Threat, ThreatStatus};
use super::{Metadata, Model, TrustBoundary};

/// The value of one field of one record.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldValue {
    /// Text, an enum value as the file writes it, or an id (empty: none).
    Text(String),
    /// A yes/no property.
    Flag(bool),
    /// A whole number (a threat's rank).
    Number(i64),
    /// A list of texts or ids, in order.
    Texts(Vec<String>),
    /// A box on a data-flow diagram.
    Box(Rect),
    /// Bend points of a flow (never empty: a straight flow has no bends record).
    Points(Vec<Point>),
}

/// The type of a field: what [`FieldValue`] variant it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// [`FieldValue::Text`].
    Text,
    /// [`FieldValue::Flag`].
    Flag,
    /// [`FieldValue::Number`].
    Number,
    /// [`FieldValue::Texts`].
    Texts,
    /// [`FieldValue::Box`].
    Box,
    /// [`FieldValue::Points`].
    Points,
}

impl FieldValue {
    /// The value's type.
    #[must_use]
    pub const fn field_type(&self) -> FieldType {
        match self {
            Self::Text(_) => FieldType::Text,
            Self::Flag(_) => FieldType::Flag,
            Self::Number(_) => FieldType::Number,
            Self::Texts(_) => FieldType::Texts,
            Self::Box(_) => FieldType::Box,
            Self::Points(_) => FieldType::Points,
        }
    }

    /// An optional id or text as a value: `None` is the empty text.
    #[must_use]
    pub fn optional(value: Option<&str>) -> Self {
        Self::Text(value.unwrap_or_default().to_owned())
    }
}

/// How many characters of a text a one-line display shows.
const SHOWN_CHARS: usize = 80;

impl fmt::Display for FieldValue {
    /// One line: texts quoted (long ones cut with "…"), flags as yes/no, boxes as
    /// "(x, y) w×h".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn text(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
            if s.chars().count() > SHOWN_CHARS {
                let head: String = s.chars().take(SHOWN_CHARS).collect();
                write!(f, "{head:?}…")
            } else {
                write!(f, "{s:?}")
            }
        }
        match self {
            Self::Text(s) if s.is_empty() => f.write_str("(none)"),
            Self::Text(s) => text(f, s),
            Self::Flag(b) => f.write_str(if *b { "yes" } else { "no" }),
            Self::Number(n) => write!(f, "{n}"),
            Self::Texts(items) => {
                f.write_str("[")?;
                for (i, s) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    text(f, s)?;
                }
                f.write_str("]")
            }
            Self::Box(r) => write!(f, "({}, {}) {}×{}", r.x, r.y, r.w, r.h),
            Self::Points(points) => {
                for (i, p) in points.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "({}, {})", p.x, p.y)?;
                }
                Ok(())
            }
        }
    }
}

/// Why a field could not be set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot set {field}: {reason}")]
pub struct FieldError {
    /// The field.
    pub field: String,
    /// Why not.
    pub reason: String,
}

fn refuse(field: &str, reason: impl Into<String>) -> FieldError {
    FieldError { field: field.to_owned(), reason: reason.into() }
}

/// A record read and written field by field.
pub trait Fields {
    /// Every field a record of this type may have, in display order (a field that sets what
    /// others mean, such as an element's kind, comes before them).
    const NAMES: &'static [&'static str];

    /// The value of `field`, or `None` if the field does not apply to this record (a process
    /// has no `stores_credentials`) or is unknown.
    fn get(&self, field: &str) -> Option<FieldValue>;

    /// Sets `field` to `value`. `model` resolves ids where the value alone does not say what
    /// they name (a threat's target).
    ///
    /// # Errors
    /// A [`FieldError`] if the field does not apply, the value has the wrong type or names
    /// nothing.
    fn set(&mut self, field: &str, value: &FieldValue, model: &Model) -> Result<(), FieldError>;

    /// Every field that applies, with its value.
    fn fields(&self) -> Vec<(&'static str, FieldValue)> {
        Self::NAMES.iter().filter_map(|name| self.get(name).map(|v| (*name, v))).collect()
    }
}

/// The type of `field` on records of `kind`, or `None` if there is no such field (a loaded
/// conflict is checked against this).
#[must_use]
pub fn field_type(kind: RecordKind, field: &str) -> Option<FieldType> {
    use FieldType as T;
    let names: &[&str] = match kind {
        RecordKind::Meta => Metadata::NAMES,
        RecordKind::Element => Element::NAMES,
        RecordKind::Flow => DataFlow::NAMES,
        RecordKind::Boundary => TrustBoundary::NAMES,
        RecordKind::Threat => Threat::NAMES,
        RecordKind::Dismissal | RecordKind::Suppression => String::NAMES,
        RecordKind::Diagram => Diagram::NAMES,
        RecordKind::Node | RecordKind::BoundaryBox => Rect::NAMES,
        RecordKind::Bends => <Vec<Point>>::NAMES,
        RecordKind::Lifeline => &[],
        RecordKind::Message => Message::NAMES,
        RecordKind::Fragment => Fragment::NAMES,
        RecordKind::Note => Note::NAMES,
    };
    if !names.contains(&field) {
        return None;
    }
    Some(match field {
        "privileged"
        | "authenticates_callers"
        | "stores_credentials"
        | "stores_personal_data"
        | "encrypted_at_rest"
        | "is_log"
        | "out_of_scope"
        | "bidirectional"
        | "encrypted"
        | "authenticated" => T::Flag,
        "rank" => T::Number,
        "assumptions" | "contributors" | "references" | "lifelines" | "messages" | "fragments" | "notes" => T::Texts,
        "box" => T::Box,
        "points" => T::Points,
        _ => T::Text,
    })
}

fn text<'a>(field: &str, value: &'a FieldValue) -> Result<&'a str, FieldError> {
    match value {
        FieldValue::Text(s) => Ok(s),
        other => Err(refuse(field, format!("{other} is not a text"))),
    }
}

fn flag(field: &str, value: &FieldValue) -> Result<bool, FieldError> {
    match value {
        FieldValue::Flag(b) => Ok(*b),
        other => Err(refuse(field, format!("{other} is not yes or no"))),
    }
}

fn texts<'a>(field: &str, value: &'a FieldValue) -> Result<&'a [String], FieldError> {
    match value {
        FieldValue::Texts(items) => Ok(items),
        other => Err(refuse(field, format!("{other} is not a list"))),
    }
}

/// An optional id or text: the empty text is none.
fn optional(field: &str, value: &FieldValue) -> Result<Option<String>, FieldError> {
    let s = text(field, value)?;
    Ok((!s.is_empty()).then(|| s.to_owned()))
}

/// The file's name for a unit enum value (`"not_applicable"`).
fn enum_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The unit enum value the file names `name`.
fn enum_value<T: serde::de::DeserializeOwned>(field: &str, value: &FieldValue) -> Result<T, FieldError> {
    let name = text(field, value)?;
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|_| refuse(field, format!("{name:?} is not one of its values")))
}

fn unknown(field: &str) -> FieldError {
    refuse(field, "there is no such field on this record")
}

impl Fields for Metadata {
    const NAMES: &'static [&'static str] =
        &["title", "description", "owner", "contributors", "reviewer", "scope", "methodology"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        Some(match field {
            "title" => FieldValue::Text(self.title.clone()),
            "description" => FieldValue::Text(self.description.clone()),
            "owner" => FieldValue::Text(self.owner.clone()),
            "contributors" => FieldValue::Texts(self.contributors.clone()),
            "reviewer" => FieldValue::Text(self.reviewer.clone()),
            "scope" => FieldValue::Text(self.scope.clone()),
            "methodology" => FieldValue::Text(enum_name(self.methodology)),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        match field {
            "title" => text(field, value)?.clone_into(&mut self.title),
            "description" => text(field, value)?.clone_into(&mut self.description),
            "owner" => text(field, value)?.clone_into(&mut self.owner),
            "contributors" => self.contributors = texts(field, value)?.to_vec(),
            "reviewer" => text(field, value)?.clone_into(&mut self.reviewer),
            "scope" => text(field, value)?.clone_into(&mut self.scope),
            "methodology" => self.methodology = enum_value::<Methodology>(field, value)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

/// The file's names of the element kinds.
const ELEMENT_KINDS: [(&str, super::ElementKindTag); 3] = [
    ("process", super::ElementKindTag::Process),
    ("external_entity", super::ElementKindTag::ExternalEntity),
    ("data_store", super::ElementKindTag::DataStore),
];

impl Fields for Element {
    const NAMES: &'static [&'static str] = &[
        "kind",
        "name",
        "description",
        "boundary",
        "technology",
        "privileged",
        "authenticates_callers",
        "nature",
        "stores_credentials",
        "stores_personal_data",
        "encrypted_at_rest",
        "is_log",
        "out_of_scope",
        "out_of_scope_reason",
        "assumptions",
    ];

    fn get(&self, field: &str) -> Option<FieldValue> {
        use FieldValue::{Flag, Text};
        Some(match (field, &self.kind) {
            ("kind", kind) => {
                let tag = kind.tag();
                Text(ELEMENT_KINDS.iter().find(|(_, t)| *t == tag).map(|(n, _)| *n).unwrap_or_default().to_owned())
            }
            ("name", _) => Text(self.name.clone()),
            ("description", _) => Text(self.description.clone()),
            ("boundary", _) => FieldValue::optional(self.boundary.as_ref().map(BoundaryId::as_str)),
            ("technology", ElementKind::Process(p)) => Text(p.technology.clone()),
            ("privileged", ElementKind::Process(p)) => Flag(p.privileged),
            ("authenticates_callers", ElementKind::Process(p)) => Flag(p.authenticates_callers),
            ("nature", ElementKind::ExternalEntity(x)) => Text(
                match x.nature {
                    EntityNature::Person => "person",
                    EntityNature::System => "system",
                }
                .to_owned(),
            ),
            ("stores_credentials", ElementKind::DataStore(s)) => Flag(s.stores_credentials),
            ("stores_personal_data", ElementKind::DataStore(s)) => Flag(s.stores_personal_data),
            ("encrypted_at_rest", ElementKind::DataStore(s)) => Flag(s.encrypted_at_rest),
            ("is_log", ElementKind::DataStore(s)) => Flag(s.is_log),
            ("out_of_scope", _) => Flag(self.out_of_scope),
            ("out_of_scope_reason", _) => Text(self.out_of_scope_reason.clone()),
            ("assumptions", _) => FieldValue::Texts(self.assumptions.clone()),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        let kind_label = self.kind.tag().label().to_lowercase();
        let wrong_kind = || refuse(field, format!("a {kind_label} has no such property"));
        match (field, &mut self.kind) {
            ("kind", kind) => {
                let name = text(field, value)?;
                let Some((_, tag)) = ELEMENT_KINDS.iter().find(|(n, _)| *n == name) else {
                    return Err(refuse(field, format!("{name:?} is not an element kind")));
                };
                if kind.tag() != *tag {
                    *kind = tag.default_kind();
                }
            }
            ("name", _) => text(field, value)?.clone_into(&mut self.name),
            ("description", _) => text(field, value)?.clone_into(&mut self.description),
            ("boundary", _) => self.boundary = optional(field, value)?.map(BoundaryId::new),
            ("technology", ElementKind::Process(p)) => text(field, value)?.clone_into(&mut p.technology),
            ("privileged", ElementKind::Process(p)) => p.privileged = flag(field, value)?,
            ("authenticates_callers", ElementKind::Process(p)) => p.authenticates_callers = flag(field, value)?,
            ("nature", ElementKind::ExternalEntity(x)) => {
                x.nature = match text(field, value)? {
                    "person" => EntityNature::Person,
                    "system" => EntityNature::System,
                    other => return Err(refuse(field, format!("{other:?} is not person or system"))),
                };
            }
            ("stores_credentials", ElementKind::DataStore(s)) => s.stores_credentials = flag(field, value)?,
            ("stores_personal_data", ElementKind::DataStore(s)) => s.stores_personal_data = flag(field, value)?,
            ("encrypted_at_rest", ElementKind::DataStore(s)) => s.encrypted_at_rest = flag(field, value)?,
            ("is_log", ElementKind::DataStore(s)) => s.is_log = flag(field, value)?,
            ("out_of_scope", _) => self.out_of_scope = flag(field, value)?,
            ("out_of_scope_reason", _) => text(field, value)?.clone_into(&mut self.out_of_scope_reason),
            ("assumptions", _) => self.assumptions = texts(field, value)?.to_vec(),
            (name, _) if Self::NAMES.contains(&name) => return Err(wrong_kind()),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Fields for DataFlow {
    const NAMES: &'static [&'static str] = &[
        "source",
        "target",
        "bidirectional",
        "name",
        "description",
        "data",
        "protocol",
        "encrypted",
        "authenticated",
        "out_of_scope",
        "out_of_scope_reason",
        "assumptions",
    ];

    fn get(&self, field: &str) -> Option<FieldValue> {
        use FieldValue::{Flag, Text};
        Some(match field {
            "source" => Text(self.source.as_str().to_owned()),
            "target" => Text(self.target.as_str().to_owned()),
            "bidirectional" => Flag(self.bidirectional),
            "name" => Text(self.name.clone()),
            "description" => Text(self.description.clone()),
            "data" => Text(self.data.clone()),
            "protocol" => Text(self.protocol.clone()),
            "encrypted" => Flag(self.encrypted),
            "authenticated" => Flag(self.authenticated),
            "out_of_scope" => Flag(self.out_of_scope),
            "out_of_scope_reason" => Text(self.out_of_scope_reason.clone()),
            "assumptions" => FieldValue::Texts(self.assumptions.clone()),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        let id = |v| -> Result<ElementId, FieldError> {
            optional(field, v)?.map(ElementId::new).ok_or_else(|| refuse(field, "a flow needs both ends"))
        };
        match field {
            "source" => self.source = id(value)?,
            "target" => self.target = id(value)?,
            "bidirectional" => self.bidirectional = flag(field, value)?,
            "name" => text(field, value)?.clone_into(&mut self.name),
            "description" => text(field, value)?.clone_into(&mut self.description),
            "data" => text(field, value)?.clone_into(&mut self.data),
            "protocol" => text(field, value)?.clone_into(&mut self.protocol),
            "encrypted" => self.encrypted = flag(field, value)?,
            "authenticated" => self.authenticated = flag(field, value)?,
            "out_of_scope" => self.out_of_scope = flag(field, value)?,
            "out_of_scope_reason" => text(field, value)?.clone_into(&mut self.out_of_scope_reason),
            "assumptions" => self.assumptions = texts(field, value)?.to_vec(),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Fields for TrustBoundary {
    const NAMES: &'static [&'static str] = &["name", "description", "parent"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        Some(match field {
            "name" => FieldValue::Text(self.name.clone()),
            "description" => FieldValue::Text(self.description.clone()),
            "parent" => FieldValue::optional(self.parent.as_ref().map(BoundaryId::as_str)),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        match field {
            "name" => text(field, value)?.clone_into(&mut self.name),
            "description" => text(field, value)?.clone_into(&mut self.description),
            "parent" => self.parent = optional(field, value)?.map(BoundaryId::new),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Fields for Threat {
    const NAMES: &'static [&'static str] = &[
        "target",
        "rank",
        "title",
        "category",
        "status",
        "severity",
        "score",
        "description",
        "mitigation",
        "references",
        "rule",
    ];

    fn get(&self, field: &str) -> Option<FieldValue> {
        use FieldValue::Text;
        Some(match field {
            "target" => Text(self.target.id_str().to_owned()),
            "rank" => FieldValue::Number(i64::from(self.rank)),
            "title" => Text(self.title.clone()),
            "category" => Text(enum_name(self.category)),
            "status" => Text(enum_name(self.status)),
            "severity" => Text(enum_name(self.severity)),
            "score" => Text(self.score.clone()),
            "description" => Text(self.description.clone()),
            "mitigation" => Text(self.mitigation.clone()),
            "references" => FieldValue::Texts(self.references.iter().map(ToString::to_string).collect()),
            "rule" => FieldValue::optional(self.rule.as_deref()),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: &FieldValue, model: &Model) -> Result<(), FieldError> {
        match field {
            "target" => {
                let id = text(field, value)?;
                self.target = model
                    .resolve_target(id)
                    .ok_or_else(|| refuse(field, format!("{id:?} is not an element, flow or boundary")))?;
            }
            "rank" => match value {
                FieldValue::Number(n) => {
                    self.rank = u32::try_from(*n).map_err(|_| refuse(field, format!("{n} is not a rank")))?;
                }
                other => return Err(refuse(field, format!("{other} is not a number"))),
            },
            "title" => text(field, value)?.clone_into(&mut self.title),
            "category" => self.category = enum_value::<ThreatCategory>(field, value)?,
            "status" => self.status = enum_value::<ThreatStatus>(field, value)?,
            "severity" => self.severity = enum_value::<Severity>(field, value)?,
            "score" => text(field, value)?.clone_into(&mut self.score),
            "description" => text(field, value)?.clone_into(&mut self.description),
            "mitigation" => text(field, value)?.clone_into(&mut self.mitigation),
            "references" => {
                self.references = texts(field, value)?
                    .iter()
                    .map(|s| s.parse::<Reference>().map_err(|e| refuse(field, e.to_string())))
                    .collect::<Result<_, _>>()?;
            }
            "rule" => self.rule = optional(field, value)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

/// A dismissal's or a suppression's reason.
impl Fields for String {
    const NAMES: &'static [&'static str] = &["reason"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        (field == "reason").then(|| FieldValue::Text(self.clone()))
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        if field != "reason" {
            return Err(unknown(field));
        }
        text(field, value)?.clone_into(self);
        Ok(())
    }
}

/// A box on a data-flow diagram.
impl Fields for Rect {
    const NAMES: &'static [&'static str] = &["box"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        (field == "box").then_some(FieldValue::Box(*self))
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        match (field, value) {
            ("box", FieldValue::Box(r)) => *self = *r,
            ("box", other) => return Err(refuse(field, format!("{other} is not a box"))),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

/// A flow's bend points on a data-flow diagram.
impl Fields for Vec<Point> {
    const NAMES: &'static [&'static str] = &["points"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        (field == "points").then(|| FieldValue::Points(self.clone()))
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        match (field, value) {
            ("points", FieldValue::Points(p)) => p.clone_into(self),
            ("points", other) => return Err(refuse(field, format!("{other} is not a list of points"))),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Fields for Diagram {
    /// The name, and for a sequence diagram the order of its parts (as lists of ids).
    const NAMES: &'static [&'static str] = &["name", "lifelines", "messages", "fragments", "notes"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        let ids = |items: Vec<&str>| Some(FieldValue::Texts(items.into_iter().map(str::to_owned).collect()));
        match (field, &self.view) {
            ("name", _) => Some(FieldValue::Text(self.name.clone())),
            ("lifelines", DiagramView::Sequence(s)) => ids(s.lifelines.iter().map(ElementId::as_str).collect()),
            ("messages", DiagramView::Sequence(s)) => ids(s.messages.iter().map(|m| m.id.as_str()).collect()),
            ("fragments", DiagramView::Sequence(s)) => ids(s.fragments.iter().map(|g| g.id.as_str()).collect()),
            ("notes", DiagramView::Sequence(s)) => ids(s.notes.iter().map(|n| n.id.as_str()).collect()),
            _ => None,
        }
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        match (field, &mut self.view) {
            ("name", _) => text(field, value)?.clone_into(&mut self.name),
            ("lifelines", DiagramView::Sequence(s)) => {
                reorder(&mut s.lifelines, ElementId::as_str, texts(field, value)?);
            }
            ("messages", DiagramView::Sequence(s)) => reorder(&mut s.messages, |m| m.id.as_str(), texts(field, value)?),
            ("fragments", DiagramView::Sequence(s)) => {
                reorder(&mut s.fragments, |g| g.id.as_str(), texts(field, value)?);
            }
            ("notes", DiagramView::Sequence(s)) => reorder(&mut s.notes, |n| n.id.as_str(), texts(field, value)?),
            (name, DiagramView::Dfd(_)) if Self::NAMES.contains(&name) => {
                return Err(refuse(field, "a data-flow diagram has no such list"));
            }
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

/// Puts the items of `list` named in `wanted` in `wanted`'s order, in the places those items
/// held; items not named stay where they are, and names of no item are ignored. So applying an
/// order taken from another version of the list keeps what this version added in place.
pub fn reorder<T>(list: &mut Vec<T>, id: impl Fn(&T) -> &str, wanted: &[String]) {
    let rank: std::collections::BTreeMap<&str, usize> =
        wanted.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let slots: Vec<usize> = list.iter().enumerate().filter(|(_, t)| rank.contains_key(id(t))).map(|(i, _)| i).collect();
    let mut taken: Vec<Option<T>> = std::mem::take(list).into_iter().map(Some).collect();
    let mut moving: Vec<T> = slots.iter().filter_map(|i| taken[*i].take()).collect();
    moving.sort_by_key(|t| rank.get(id(t)).copied().unwrap_or(usize::MAX));
    let mut moving = moving.into_iter();
    for (i, slot) in taken.iter_mut().enumerate() {
        if slots.binary_search(&i).is_ok() {
            *slot = moving.next();
        }
    }
    *list = taken.into_iter().flatten().collect();
}

impl Fields for Message {
    const NAMES: &'static [&'static str] = &["from", "to", "flow", "kind", "text"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        Some(match field {
            "from" => FieldValue::Text(self.from.as_str().to_owned()),
            "to" => FieldValue::Text(self.to.as_str().to_owned()),
            "flow" => FieldValue::optional(self.flow.as_ref().map(FlowId::as_str)),
            "kind" => FieldValue::Text(enum_name(self.kind)),
            "text" => FieldValue::Text(self.text.clone()),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        let end = |v| -> Result<ElementId, FieldError> {
            optional(field, v)?.map(ElementId::new).ok_or_else(|| refuse(field, "a message needs both ends"))
        };
        match field {
            "from" => self.from = end(value)?,
            "to" => self.to = end(value)?,
            "flow" => self.flow = optional(field, value)?.map(FlowId::new),
            "kind" => self.kind = enum_value::<MessageKind>(field, value)?,
            "text" => text(field, value)?.clone_into(&mut self.text),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Fields for Fragment {
    const NAMES: &'static [&'static str] = &["kind", "guard", "first", "last", "else_first", "else_guard"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        Some(match field {
            "kind" => FieldValue::Text(enum_name(self.kind)),
            "guard" => FieldValue::Text(self.guard.clone()),
            "first" => FieldValue::Text(self.first.as_str().to_owned()),
            "last" => FieldValue::Text(self.last.as_str().to_owned()),
            "else_first" => FieldValue::optional(self.else_branch.as_ref().map(|e| e.first.as_str())),
            "else_guard" => FieldValue::Text(self.else_branch.as_ref()?.guard.clone()),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        let message = |v| -> Result<MessageId, FieldError> {
            optional(field, v)?.map(MessageId::new).ok_or_else(|| refuse(field, "a fragment needs its first and last"))
        };
        match field {
            "kind" => self.kind = enum_value::<FragmentKind>(field, value)?,
            "guard" => text(field, value)?.clone_into(&mut self.guard),
            "first" => self.first = message(value)?,
            "last" => self.last = message(value)?,
            "else_first" => match optional(field, value)?.map(MessageId::new) {
                None => self.else_branch = None,
                Some(first) => match &mut self.else_branch {
                    Some(e) => e.first = first,
                    None => self.else_branch = Some(ElseBranch { first, guard: String::new() }),
                },
            },
            "else_guard" => match &mut self.else_branch {
                Some(e) => text(field, value)?.clone_into(&mut e.guard),
                None => return Err(refuse(field, "the fragment has no else branch")),
            },
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Fields for Note {
    const NAMES: &'static [&'static str] = &["lifeline", "after", "text"];

    fn get(&self, field: &str) -> Option<FieldValue> {
        Some(match field {
            "lifeline" => FieldValue::Text(self.lifeline.as_str().to_owned()),
            "after" => FieldValue::optional(self.after.as_ref().map(MessageId::as_str)),
            "text" => FieldValue::Text(self.text.clone()),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: &FieldValue, _: &Model) -> Result<(), FieldError> {
        match field {
            "lifeline" => {
                self.lifeline = optional(field, value)?
                    .map(ElementId::new)
                    .ok_or_else(|| refuse(field, "a note needs a lifeline"))?;
            }
            "after" => self.after = optional(field, value)?.map(MessageId::new),
            "text" => text(field, value)?.clone_into(&mut self.text),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ElementKindTag, ThreatTarget};

    /// Every field each record type lists reads back what it was set to, through the model's
    /// own values (so a name in `NAMES` without a getter or setter fails here).
    fn round_trip<T: Fields + Clone + PartialEq + std::fmt::Debug>(record: &T, model: &Model) {
        for (name, value) in record.fields() {
            let mut copy = record.clone();
            copy.set(name, &value, model).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(&copy, record, "{name}");
        }
    }

    #[test]
    fn every_field_reads_and_writes_itself() {
        let mut model = Model::default();
        model.elements.insert(ElementId::new("e"), Element::default());
        for tag in ElementKindTag::ALL {
            round_trip(&Element { kind: tag.default_kind(), ..Element::default() }, &model);
        }
        round_trip(
            &DataFlow { source: ElementId::new("a"), target: ElementId::new("b"), ..DataFlow::default() },
            &model,
        );
        round_trip(&TrustBoundary { parent: Some(BoundaryId::new("p")), ..TrustBoundary::default() }, &model);
        let mut threat = Threat::new(ThreatTarget::Element(ElementId::new("e")), ThreatCategory::Tampering, "t");
        threat.references = vec![Reference::Cwe(79)];
        threat.rule = Some("TC-1".into());
        round_trip(&threat, &model);
        round_trip(&Metadata::default(), &model);
    }

    #[test]
    fn setting_a_field_that_does_not_apply_is_refused() {
        let model = Model::default();
        let mut store = Element { kind: ElementKindTag::DataStore.default_kind(), ..Element::default() };
        assert!(store.set("technology", &FieldValue::Text("x".into()), &model).is_err());
        assert!(store.set("nonsense", &FieldValue::Text("x".into()), &model).is_err());
        assert!(store.set("name", &FieldValue::Flag(true), &model).is_err());
        store.set("kind", &FieldValue::Text("process".into()), &model).expect("kind");
        store.set("technology", &FieldValue::Text("Rust".into()), &model).expect("now a process");
        assert_eq!(store.get("technology"), Some(FieldValue::Text("Rust".into())));
        let mut threat = Threat::new(ThreatTarget::Element(ElementId::new("e")), ThreatCategory::Tampering, "t");
        assert!(threat.set("target", &FieldValue::Text("ghost".into()), &model).is_err());
        assert!(threat.set("status", &FieldValue::Text("closed".into()), &model).is_err());
        threat.set("status", &FieldValue::Text("not_applicable".into()), &model).expect("status");
        assert_eq!(threat.status, ThreatStatus::NotApplicable);
    }

    #[test]
    fn the_type_table_knows_every_listed_field() {
        let model = Model::default();
        let element = Element::default();
        for (name, value) in element.fields() {
            assert_eq!(field_type(RecordKind::Element, name), Some(value.field_type()), "{name}");
        }
        for name in Element::NAMES {
            assert!(field_type(RecordKind::Element, name).is_some(), "{name}");
        }
        assert_eq!(field_type(RecordKind::Flow, "encrypted"), Some(FieldType::Flag));
        assert_eq!(field_type(RecordKind::Bends, "points"), Some(FieldType::Points));
        assert_eq!(field_type(RecordKind::Lifeline, "name"), None);
        assert_eq!(field_type(RecordKind::Element, "encrypted"), None);
        let _ = model;
    }

    #[test]
    fn reorder_moves_the_named_items_within_their_own_places() {
        let mut list: Vec<String> = ["a", "x", "b", "c"].iter().map(|s| (*s).to_owned()).collect();
        let wanted: Vec<String> = ["c", "a", "b", "gone"].iter().map(|s| (*s).to_owned()).collect();
        reorder(&mut list, String::as_str, &wanted);
        assert_eq!(list, ["c", "x", "a", "b"]);
    }

    #[test]
    fn values_display_on_one_line() {
        assert_eq!(FieldValue::Text(String::new()).to_string(), "(none)");
        assert_eq!(FieldValue::Flag(true).to_string(), "yes");
        assert_eq!(FieldValue::Box(Rect::new(1, 2, 3, 4)).to_string(), "(1, 2) 3×4");
        assert_eq!(FieldValue::Texts(vec!["a".into(), "b".into()]).to_string(), "[\"a\", \"b\"]");
        assert!(FieldValue::Text("x".repeat(200)).to_string().ends_with('…'));
    }
}
