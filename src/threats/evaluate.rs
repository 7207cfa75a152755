//! Evaluating compiled conditions against a model.
//!
//! A [`Test`] is a [`Condition`] compiled once per library: keywords become vocabulary numbers
//! and the parts of `all`/`any` are ordered cheapest first (properties, then texts, then
//! relations to other records), so most rules fail on a flag before any text is read. The
//! [`ModelIndex`] is built once per suggestion run: elements and flows in id order, who sends
//! to whom (as flat arrays, not maps), whether each flow crosses a boundary, and each text
//! turned into vocabulary numbers the first time a rule reads it. Evaluation is then linear in
//! the model's size times the rules that apply to each record.

use std::cell::OnceCell;

use crate::model::{DataFlow, Element, ElementId, ElementKind, EntityNature, FlowId, Model};

use super::rule::{Condition, Flag, RuleSubject, Subjects, TextField};
use super::words::{FIELD_BREAK, Keywords, Scanned, Vocabulary};

/// A compiled condition.
#[derive(Clone, Debug)]
pub(crate) enum Test {
    Always,
    All(Box<[Test]>),
    Any(Box<[Test]>),
    Not(Box<Test>),
    Kind(Subjects),
    Flag(Flag, bool),
    Nature(EntityNature),
    Words(TextField, Keywords),
    Source(Box<Test>),
    Target(Box<Test>),
    EitherEnd(Box<Test>),
    Incoming(Box<Test>),
    Outgoing(Box<Test>),
}

impl Test {
    /// Compiles `condition`, adding its keywords to `vocabulary`.
    pub(crate) fn compile(condition: &Condition, vocabulary: &mut Vocabulary) -> Self {
        let boxed = |c: &Condition, v: &mut Vocabulary| Box::new(Self::compile(c, v));
        let list = |parts: &[Condition], v: &mut Vocabulary| {
            let mut tests: Vec<Self> = parts.iter().map(|c| Self::compile(c, v)).collect();
            tests.sort_by_key(Self::cost);
            tests.into_boxed_slice()
        };
        match condition {
            Condition::Always => Self::Always,
            Condition::All(parts) => Self::All(list(parts, vocabulary)),
            Condition::Any(parts) => Self::Any(list(parts, vocabulary)),
            Condition::Not(inner) => Self::Not(boxed(inner, vocabulary)),
            Condition::Kind(kinds) => Self::Kind(Subjects::of(kinds)),
            Condition::Flag(flag, value) => Self::Flag(*flag, *value),
            Condition::Nature(nature) => Self::Nature(*nature),
            Condition::Words(field, keywords) => Self::Words(*field, Keywords::compile(keywords, vocabulary)),
            Condition::Source(inner) => Self::Source(boxed(inner, vocabulary)),
            Condition::Target(inner) => Self::Target(boxed(inner, vocabulary)),
            Condition::EitherEnd(inner) => Self::EitherEnd(boxed(inner, vocabulary)),
            Condition::Incoming(inner) => Self::Incoming(boxed(inner, vocabulary)),
            Condition::Outgoing(inner) => Self::Outgoing(boxed(inner, vocabulary)),
        }
    }

    /// A rough price: properties 0, texts 1, an end of a flow +1, every flow of an element +4.
    fn cost(&self) -> u32 {
        match self {
            Self::Always | Self::Kind(_) | Self::Flag(..) | Self::Nature(_) => 0,
            Self::Words(..) => 1,
            Self::All(parts) | Self::Any(parts) => parts.iter().map(Self::cost).max().unwrap_or(0),
            Self::Not(inner) => inner.cost(),
            Self::Source(inner) | Self::Target(inner) => 1 + inner.cost(),
            Self::EitherEnd(inner) => 2 + 2 * inner.cost(),
            Self::Incoming(inner) | Self::Outgoing(inner) => 4 + 4 * inner.cost(),
        }
    }
}

/// The texts of a record once read as vocabulary numbers, one per [`TextField`].
type Texts = [OnceCell<Scanned>; 6];

pub(crate) struct ElementEntry<'m> {
    pub(crate) id: &'m ElementId,
    pub(crate) element: &'m Element,
    texts: Texts,
}

pub(crate) struct FlowEntry<'m> {
    pub(crate) id: &'m FlowId,
    pub(crate) flow: &'m DataFlow,
    source: u32,
    target: u32,
    crosses: bool,
    texts: Texts,
}

/// Flows per element as one flat array: `flows[starts[e]..starts[e + 1]]` are element `e`'s,
/// each with whether it runs in its own direction (false: a two-way flow read backwards).
#[derive(Default)]
struct Adjacency {
    starts: Vec<u32>,
    flows: Vec<(u32, bool)>,
}

impl Adjacency {
    fn build(elements: usize, pairs: &[(u32, u32, bool)]) -> Self {
        let mut starts = vec![0u32; elements + 1];
        for (e, _, _) in pairs {
            starts[*e as usize + 1] += 1;
        }
        for i in 0..elements {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut flows = vec![(0, true); pairs.len()];
        for (e, flow, forward) in pairs {
            let slot = &mut next[*e as usize];
            flows[*slot as usize] = (*flow, *forward);
            *slot += 1;
        }
        Self { starts, flows }
    }

    fn of(&self, element: u32) -> &[(u32, bool)] {
        let (Some(start), Some(end)) = (self.starts.get(element as usize), self.starts.get(element as usize + 1))
        else {
            return &[];
        };
        self.flows.get(*start as usize..*end as usize).unwrap_or(&[])
    }
}

/// Where a test is looking.
#[derive(Clone, Copy, Debug)]
pub(crate) enum At {
    Element(u32),
    /// A flow; `forward` false reads a two-way flow from its target to its source.
    Flow {
        flow: u32,
        forward: bool,
    },
}

/// A model prepared for evaluating many rules.
pub(crate) struct ModelIndex<'m> {
    vocabulary: &'m Vocabulary,
    pub(crate) elements: Vec<ElementEntry<'m>>,
    pub(crate) flows: Vec<FlowEntry<'m>>,
    incoming: Adjacency,
    outgoing: Adjacency,
}

impl<'m> ModelIndex<'m> {
    pub(crate) fn new(model: &'m Model, vocabulary: &'m Vocabulary) -> Self {
        let elements: Vec<ElementEntry<'m>> =
            model.elements.iter().map(|(id, element)| ElementEntry { id, element, texts: Texts::default() }).collect();
        let positions: rustc_hash::FxHashMap<&str, u32> =
            elements.iter().enumerate().filter_map(|(i, e)| Some((e.id.as_str(), u32::try_from(i).ok()?))).collect();
        let find = |id: &ElementId| positions.get(id.as_str()).copied();
        let mut flows = Vec::with_capacity(model.flows.len());
        let mut into = Vec::with_capacity(model.flows.len());
        let mut out_of = Vec::with_capacity(model.flows.len());
        for (id, flow) in &model.flows {
            // A dangling flow does not load; skipping it keeps a hand-built model from panicking.
            let (Some(source), Some(target)) = (find(&flow.source), find(&flow.target)) else { continue };
            let Ok(index) = u32::try_from(flows.len()) else { break };
            // Membership includes nesting, and the boundaries around an element are its
            // innermost one and that one's ancestors, so two ends sit in the same set of
            // boundaries exactly when their innermost boundary is the same (validation
            // refuses cycles). This is `Model::crossed_boundaries` being non-empty, without
            // building two sets per flow.
            let crosses = elements[source as usize].element.boundary != elements[target as usize].element.boundary;
            out_of.push((source, index, true));
            into.push((target, index, true));
            if flow.bidirectional {
                out_of.push((target, index, false));
                into.push((source, index, false));
            }
            flows.push(FlowEntry { id, flow, source, target, crosses, texts: Texts::default() });
        }
        let incoming = Adjacency::build(elements.len(), &into);
        let outgoing = Adjacency::build(elements.len(), &out_of);
        Self { vocabulary, elements, flows, incoming, outgoing }
    }

    /// What the record at `at` is.
    pub(crate) fn subject(&self, at: At) -> RuleSubject {
        match at {
            At::Flow { .. } => RuleSubject::Flow,
            At::Element(e) => self.elements.get(e as usize).map_or(RuleSubject::Flow, |e| subject_of(e.element)),
        }
    }

    /// The names a template is filled with for the record at `at`: its name and, for a flow,
    /// its source's and target's.
    pub(crate) fn names(&self, at: At) -> (&'m str, &'m str, &'m str) {
        match at {
            At::Element(e) => (self.elements[e as usize].element.name.as_str(), "", ""),
            At::Flow { flow, .. } => {
                let f = &self.flows[flow as usize];
                let name = |e: u32| self.elements[e as usize].element.name.as_str();
                (f.flow.name.as_str(), name(f.source), name(f.target))
            }
        }
    }

    pub(crate) fn eval(&self, test: &Test, at: At) -> bool {
        match test {
            Test::Always => true,
            Test::All(parts) => parts.iter().all(|t| self.eval(t, at)),
            Test::Any(parts) => parts.iter().any(|t| self.eval(t, at)),
            Test::Not(inner) => !self.eval(inner, at),
            Test::Kind(kinds) => kinds.has(self.subject(at)),
            Test::Flag(flag, value) => self.flag(*flag, at) == Some(*value),
            Test::Nature(nature) => match at {
                At::Element(e) => {
                    matches!(&self.elements[e as usize].element.kind, ElementKind::ExternalEntity(p) if p.nature == *nature)
                }
                At::Flow { .. } => false,
            },
            Test::Words(field, keywords) => self.text(*field, at).is_some_and(|text| keywords.found_in(text)),
            Test::Source(inner) => self.ends(at).is_some_and(|(from, _)| self.eval(inner, At::Element(from))),
            Test::Target(inner) => self.ends(at).is_some_and(|(_, to)| self.eval(inner, At::Element(to))),
            Test::EitherEnd(inner) => self
                .ends(at)
                .is_some_and(|(from, to)| self.eval(inner, At::Element(from)) || self.eval(inner, At::Element(to))),
            Test::Incoming(inner) => self.related(&self.incoming, at, inner),
            Test::Outgoing(inner) => self.related(&self.outgoing, at, inner),
        }
    }

    fn related(&self, adjacency: &Adjacency, at: At, inner: &Test) -> bool {
        let At::Element(e) = at else { return false };
        adjacency.of(e).iter().any(|(flow, forward)| self.eval(inner, At::Flow { flow: *flow, forward: *forward }))
    }

    /// The sending and receiving element of the flow at `at`.
    fn ends(&self, at: At) -> Option<(u32, u32)> {
        let At::Flow { flow, forward } = at else { return None };
        let f = &self.flows[flow as usize];
        Some(if forward { (f.source, f.target) } else { (f.target, f.source) })
    }

    fn flag(&self, flag: Flag, at: At) -> Option<bool> {
        match at {
            At::Element(e) => {
                let element = self.elements[e as usize].element;
                match (&element.kind, flag) {
                    (_, Flag::InBoundary) => Some(element.boundary.is_some()),
                    (ElementKind::Process(p), Flag::Privileged) => Some(p.privileged),
                    (ElementKind::Process(p), Flag::AuthenticatesCallers) => Some(p.authenticates_callers),
                    (ElementKind::DataStore(s), Flag::StoresCredentials) => Some(s.stores_credentials),
                    (ElementKind::DataStore(s), Flag::StoresPersonalData) => Some(s.stores_personal_data),
                    (ElementKind::DataStore(s), Flag::EncryptedAtRest) => Some(s.encrypted_at_rest),
                    (ElementKind::DataStore(s), Flag::IsLog) => Some(s.is_log),
                    _ => None,
                }
            }
            At::Flow { flow, .. } => {
                let f = &self.flows[flow as usize];
                match flag {
                    Flag::Encrypted => Some(f.flow.encrypted),
                    Flag::Authenticated => Some(f.flow.authenticated),
                    Flag::Bidirectional => Some(f.flow.bidirectional),
                    Flag::CrossesBoundary => Some(f.crosses),
                    _ => None,
                }
            }
        }
    }

    /// The text `field` of the record at `at` as vocabulary numbers, read on first use;
    /// `None` when the record has no such text.
    fn text(&self, field: TextField, at: At) -> Option<&Scanned> {
        use TextField as T;
        let (cell, element, flow) = match at {
            At::Element(e) => {
                let entry = &self.elements[e as usize];
                (&entry.texts[field.index()], Some(entry.element), None)
            }
            At::Flow { flow, .. } => {
                let entry = &self.flows[flow as usize];
                (&entry.texts[field.index()], None, Some(entry.flow))
            }
        };
        if let Some(text) = cell.get() {
            return Some(text);
        }
        // `Text` is the other fields' words (read once each) and the assumptions.
        let join = |fields: &[TextField], extra: &[String]| {
            let mut words = Vec::new();
            for f in fields {
                if let Some(scanned) = self.text(*f, at) {
                    if !words.is_empty() {
                        words.push(FIELD_BREAK);
                    }
                    words.extend_from_slice(scanned.words());
                }
            }
            for part in extra {
                words.push(FIELD_BREAK);
                self.vocabulary.scan(part, &mut words);
            }
            words
        };
        let scan = |text: &str| {
            let mut words = Vec::new();
            self.vocabulary.scan(text, &mut words);
            words
        };
        let words = match (element, flow, field) {
            (Some(e), _, T::Name) => scan(&e.name),
            (Some(e), _, T::Description) => scan(&e.description),
            (Some(e), _, T::Technology) => match &e.kind {
                ElementKind::Process(p) => scan(&p.technology),
                _ => return None,
            },
            (Some(e), _, T::Text) => join(&[T::Name, T::Description, T::Technology], &e.assumptions),
            (_, Some(f), T::Name) => scan(&f.name),
            (_, Some(f), T::Description) => scan(&f.description),
            (_, Some(f), T::Data) => scan(&f.data),
            (_, Some(f), T::Protocol) => scan(&f.protocol),
            (_, Some(f), T::Text) => join(&[T::Name, T::Description, T::Data, T::Protocol], &f.assumptions),
            _ => return None,
        };
        Some(cell.get_or_init(|| Scanned::new(words)))
    }
}

/// The subject an element is.
pub(crate) const fn subject_of(element: &Element) -> RuleSubject {
    match element.kind {
        ElementKind::Process(_) => RuleSubject::Process,
        ElementKind::ExternalEntity(_) => RuleSubject::ExternalEntity,
        ElementKind::DataStore(_) => RuleSubject::DataStore,
    }
}
