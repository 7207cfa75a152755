//! The first model a beginner gets from the guided start: what its questions asked (title,
//! scope, who is involved, the approach, the components by kind) and the one transaction that
//! writes it into a new model, laid out on its first data-flow diagram so Undo takes it all
//! back in one step.

use std::collections::BTreeMap;

use crate::edit::commands;
use crate::edit::{Edit, Transaction};
use crate::model::{
    DiagramView, Element, ElementId, ElementKind, ElementKindTag, EntityNature, ExternalEntityProps, MAX_NAME_CHARS,
    Methodology, Model, Rect,
};

/// The kinds of component the guided start asks for, in the order a request travels: from the
/// people who use the system, through the software they run and the services it calls, to
/// where data rests and the providers outside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    /// People who use or run the system: customers, administrators, support staff.
    Person,
    /// Software that runs on the user's side: a browser app, a mobile app, a CLI.
    ClientSoftware,
    /// Exposed API endpoints: the routes and services clients call.
    ApiEndpoint,
    /// Compiled binaries and background services: workers, daemons, scheduled jobs.
    Binary,
    /// Where data rests: databases, file systems, caches, logs, queues.
    DataStore,
    /// Systems run by someone else that we exchange data with: payment, email, identity.
    ExternalProvider,
}

impl Component {
    /// Every kind, left to right as the first diagram shows them.
    pub const ALL: [Self; 6] =
        [Self::Person, Self::ClientSoftware, Self::ApiEndpoint, Self::Binary, Self::DataStore, Self::ExternalProvider];

    /// The question's label: "People".
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Person => "People",
            Self::ClientSoftware => "Client software",
            Self::ApiEndpoint => "API endpoints",
            Self::Binary => "Binaries and services",
            Self::DataStore => "Data stores",
            Self::ExternalProvider => "External providers",
        }
    }

    /// Examples shown under the question.
    #[must_use]
    pub const fn examples(self) -> &'static str {
        match self {
            Self::Person => "Customer, Administrator",
            Self::ClientSoftware => "Web shop (browser app), Mobile app",
            Self::ApiEndpoint => "Orders API, Login endpoint",
            Self::Binary => "Invoice worker, Nightly backup job",
            Self::DataStore => "Orders database, Uploaded files",
            Self::ExternalProvider => "Payment provider, Email service",
        }
    }

    /// The DFD element kind a component of this kind is drawn as.
    #[must_use]
    pub const fn element_kind(self) -> ElementKindTag {
        match self {
            Self::Person | Self::ExternalProvider => ElementKindTag::ExternalEntity,
            Self::ClientSoftware | Self::ApiEndpoint | Self::Binary => ElementKindTag::Process,
            Self::DataStore => ElementKindTag::DataStore,
        }
    }

    /// What the element's description says it is.
    const fn description(self) -> &'static str {
        match self {
            Self::Person => "A person who uses or runs the system.",
            Self::ClientSoftware => "Client software, running on the user's side.",
            Self::ApiEndpoint => "An exposed API endpoint.",
            Self::Binary => "A compiled binary or background service.",
            Self::DataStore => "Where data rests.",
            Self::ExternalProvider => "A system run by someone else that we exchange data with.",
        }
    }

    fn element(self, name: &str) -> Element {
        let kind = match self {
            Self::Person => ElementKind::ExternalEntity(ExternalEntityProps { nature: EntityNature::Person }),
            Self::ExternalProvider => ElementKind::ExternalEntity(ExternalEntityProps { nature: EntityNature::System }),
            _ => self.element_kind().default_kind(),
        };
        Element { name: name.to_owned(), description: self.description().to_owned(), kind, ..Element::default() }
    }
}

/// What the guided start's questions asked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModelPlan {
    /// The model's title; blank keeps the new model's.
    pub title: String,
    /// What is in scope, and what is not.
    pub scope: String,
    /// Who is involved, one name per entry.
    pub contributors: Vec<String>,
    /// How threats are found and named.
    pub methodology: Methodology,
    /// Component names by kind, in the order given.
    pub components: BTreeMap<Component, Vec<String>>,
}

/// Space between columns and rows of the first diagram, in diagram units.
const COLUMN_STEP: i32 = 260;
const ROW_STEP: i32 = 130;
/// Where the first element sits.
const ORIGIN: (i32, i32) = (40, 40);

/// The size a new element of `kind` gets (the palette's sizes).
const fn size(kind: ElementKindTag) -> (i32, i32) {
    match kind {
        ElementKindTag::Process => (160, 90),
        ElementKindTag::ExternalEntity => (160, 70),
        ElementKindTag::DataStore => (180, 70),
    }
}

/// Cleans a list typed one name per line: trimmed, blanks dropped, each cut to the longest
/// name the model allows.
#[must_use]
pub fn names(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| l.chars().take(MAX_NAME_CHARS).collect()).collect()
}

/// The one transaction that writes `plan` into `model` (a new model with one empty data-flow
/// diagram): the title, scope, contributors and methodology, and an element per component,
/// one column per kind on the first DFD. Without a DFD the elements are added unplaced.
#[must_use]
pub fn transaction(model: &Model, plan: &ModelPlan) -> Transaction {
    let mut tx = commands::update_meta(model, |meta| {
        let title = plan.title.trim();
        if !title.is_empty() {
            title.chars().take(MAX_NAME_CHARS).collect::<String>().clone_into(&mut meta.title);
        }
        plan.scope.trim().clone_into(&mut meta.scope);
        meta.contributors.clone_from(&plan.contributors);
        meta.methodology = plan.methodology;
    });
    "New model from the guided start".clone_into(&mut tx.label);
    let diagram = model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Dfd(_))).map(|d| d.id.clone());
    let columns =
        Component::ALL.iter().filter_map(|c| plan.components.get(c).filter(|n| !n.is_empty()).map(|n| (*c, n)));
    for (column, (component, names)) in (0..).zip(columns) {
        let kind = component.element_kind();
        let (w, h) = size(kind);
        for (row, name) in (0..).zip(names) {
            let id = ElementId::generate();
            tx.push(Edit::Element(id.clone(), Some(Box::new(component.element(name)))));
            if let Some(diagram) = &diagram {
                // Centred in its column and row, so kinds of different sizes line up.
                let x = ORIGIN.0 + column * COLUMN_STEP + (180 - w) / 2;
                let y = ORIGIN.1 + row * ROW_STEP + (90 - h) / 2;
                tx.push(Edit::Node(diagram.clone(), id, Some(Rect::new(x, y, w, h))));
            }
        }
    }
    tx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::{DfdView, Diagram, DiagramId};

    fn new_model() -> Model {
        let mut m = Model::default();
        m.diagrams.push(Diagram {
            id: DiagramId::new("d"),
            name: "DFD".into(),
            view: DiagramView::Dfd(DfdView::default()),
        });
        m
    }

    #[test]
    fn one_step_creates_the_components_in_columns_by_kind() {
        let mut model = new_model();
        let before = model.clone();
        let plan = ModelPlan {
            title: "  Shop ".into(),
            scope: "Checkout only".into(),
            contributors: vec!["Ana".into(), "Bo".into()],
            methodology: Methodology::Linddun,
            components: [
                (Component::Person, names("Customer\n\n  Admin ")),
                (Component::DataStore, names("Orders DB")),
                (Component::ClientSoftware, Vec::new()),
            ]
            .into(),
        };
        let tx = transaction(&model, &plan);
        let mut history = History::new();
        history.execute(&mut model, tx).expect("applies");
        assert_eq!(model.meta.title, "Shop");
        assert_eq!((model.meta.scope.as_str(), model.meta.methodology), ("Checkout only", Methodology::Linddun));
        assert_eq!(model.meta.contributors, ["Ana", "Bo"]);
        let by_name = |n: &str| model.elements.iter().find(|(_, e)| e.name == n).expect(n);
        let (customer, c) = by_name("Customer");
        let (admin, _) = by_name("Admin");
        let (store, s) = by_name("Orders DB");
        assert_eq!(c.kind, ElementKind::ExternalEntity(ExternalEntityProps { nature: EntityNature::Person }));
        assert_eq!(s.kind.tag(), ElementKindTag::DataStore);
        let DiagramView::Dfd(view) = &model.diagrams[0].view else { panic!("a DFD") };
        let (pc, pa, ps) = (view.nodes[customer], view.nodes[admin], view.nodes[store]);
        assert_eq!(pc.x, pa.x, "one column per kind");
        assert!(pa.y > pc.y, "in the order given");
        let centre = |r: Rect| r.x + r.w / 2;
        assert_eq!(centre(ps), centre(pc) + COLUMN_STEP, "empty kinds leave no gap");
        history.undo(&mut model).expect("undo");
        assert_eq!(model, before, "one undo step takes it all back");
    }
}
