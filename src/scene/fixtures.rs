//! Generated data-flow diagrams for the scene's tests: pairs of elements joined by several
//! flows (both ways, bidirectional, short and long, at every angle), and a hub with short
//! spokes, where flows and labels are most likely to hide each other.

#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "small generated coordinates")]

use crate::model::{
    DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKindTag, FlowId, Model, Point, Rect,
    Threat, ThreatCategory, ThreatId, ThreatTarget,
};

/// Flow names from empty to long enough to wrap.
pub const NAMES: [&str; 8] = [
    "",
    "q",
    "rows",
    "login response",
    "credentials, TOTP code",
    "Invoice records, delivery status",
    "Tracking / review results",
    "A rather long flow name that wraps onto more than one line of its label",
];

/// One flow of a pair.
#[derive(Clone, Debug)]
pub struct FlowSpec {
    /// 0: first to second element, 1: back, 2: bidirectional.
    pub direction: u8,
    /// Index into [`NAMES`].
    pub name: usize,
    /// Flags.
    pub encrypted: bool,
    /// Flags.
    pub authenticated: bool,
    /// Flags.
    pub out_of_scope: bool,
    /// Open threats on the flow (a badge beside the label).
    pub threats: u8,
}

/// Two elements and the flows between them.
#[derive(Clone, Debug)]
pub struct PairSpec {
    /// Kinds of the two elements.
    pub kinds: [ElementKindTag; 2],
    /// Widths and heights.
    pub sizes: [(i32, i32); 2],
    /// Direction from the first to the second, in degrees.
    pub angle_degrees: i32,
    /// Free space between the two outlines along the line between their centres.
    pub gap: i32,
    /// The flows.
    pub flows: Vec<FlowSpec>,
}

/// An empty model with one empty DFD.
#[must_use]
pub fn empty() -> Model {
    let mut model = Model::default();
    model.diagrams.push(Diagram {
        id: DiagramId::new("dfd"),
        name: "Generated".into(),
        view: DiagramView::Dfd(DfdView::default()),
    });
    model
}

fn view(model: &mut Model) -> &mut DfdView {
    match &mut model.diagrams[0].view {
        DiagramView::Dfd(view) => view,
        DiagramView::Sequence(_) => unreachable!("fixtures hold one DFD"),
    }
}

/// Places an element centred on `center`.
pub fn element(model: &mut Model, id: &str, kind: ElementKindTag, center: (i32, i32), size: (i32, i32)) -> ElementId {
    let id = ElementId::new(id);
    model.elements.insert(
        id.clone(),
        Element { name: format!("{} {id}", kind.label()), kind: kind.default_kind(), ..Element::default() },
    );
    view(model).nodes.insert(id.clone(), Rect::new(center.0 - size.0 / 2, center.1 - size.1 / 2, size.0, size.1));
    id
}

/// Adds a flow with its open threats.
pub fn flow(model: &mut Model, id: &str, source: &ElementId, target: &ElementId, spec: &FlowSpec) -> FlowId {
    let (source, target) = if spec.direction == 1 { (target, source) } else { (source, target) };
    let id = FlowId::new(id);
    model.flows.insert(
        id.clone(),
        DataFlow {
            source: source.clone(),
            target: target.clone(),
            bidirectional: spec.direction == 2,
            name: NAMES[spec.name % NAMES.len()].to_owned(),
            encrypted: spec.encrypted,
            authenticated: spec.authenticated,
            out_of_scope: spec.out_of_scope,
            ..DataFlow::default()
        },
    );
    for n in 0..spec.threats {
        model.threats.insert(
            ThreatId::new(format!("{id}-t{n}")),
            Threat::new(ThreatTarget::Flow(id.clone()), ThreatCategory::Tampering, "Tampered in transit"),
        );
    }
    id
}

/// Half the extent of a box along the unit direction `(dx, dy)`.
fn support(size: (i32, i32), dx: f64, dy: f64) -> f64 {
    f64::from(size.0) / 2.0 * dx.abs() + f64::from(size.1) / 2.0 * dy.abs()
}

/// Adds the two elements and flows of `spec`, the first centred on `origin`; ids start with
/// `tag`. Returns the two elements.
pub fn pair(model: &mut Model, tag: &str, origin: (i32, i32), spec: &PairSpec) -> (ElementId, ElementId) {
    let angle = f64::from(spec.angle_degrees).to_radians();
    let (dx, dy) = (angle.cos(), angle.sin());
    let distance = support(spec.sizes[0], dx, dy) + support(spec.sizes[1], dx, dy) + f64::from(spec.gap);
    let other = (origin.0 + (dx * distance).round() as i32, origin.1 + (dy * distance).round() as i32);
    let a = element(model, &format!("{tag}a"), spec.kinds[0], origin, spec.sizes[0]);
    let b = element(model, &format!("{tag}b"), spec.kinds[1], other, spec.sizes[1]);
    for (i, f) in spec.flows.iter().enumerate() {
        flow(model, &format!("{tag}f{i}"), &a, &b, f);
    }
    (a, b)
}

/// Sets the bend points of a flow.
pub fn bend(model: &mut Model, flow: &FlowId, points: &[(i32, i32)]) {
    view(model).bends.insert(flow.clone(), points.iter().map(|(x, y)| Point::new(*x, *y)).collect());
}

/// A small deterministic sequence of numbers, so generated diagrams are the same every run.
pub struct Dice(pub u64);

impl Dice {
    pub fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % sides
    }

    pub fn flag(&mut self) -> bool {
        self.roll(2) == 1
    }
}

/// Thirty-six pairs with one to five flows each, at every angle and at gaps from very short
/// to long; a hub with twelve short spokes of one to three flows; and two flows sharing the
/// same bend points.
#[must_use]
pub fn crowded() -> Model {
    let mut model = empty();
    let mut dice = Dice(9);
    let kinds = ElementKindTag::ALL;
    for i in 0..36_i32 {
        let flows = (0..=dice.roll(5))
            .map(|_| FlowSpec {
                direction: dice.roll(3) as u8,
                name: dice.roll(NAMES.len() as u64) as usize,
                encrypted: dice.flag(),
                authenticated: dice.flag(),
                out_of_scope: dice.roll(6) == 0,
                threats: if dice.roll(3) == 0 { 1 + dice.roll(3) as u8 } else { 0 },
            })
            .collect();
        let spec = PairSpec {
            kinds: [kinds[dice.roll(3) as usize], kinds[dice.roll(3) as usize]],
            sizes: [
                (100 + dice.roll(120) as i32, 40 + dice.roll(60) as i32),
                (100 + dice.roll(120) as i32, 40 + dice.roll(60) as i32),
            ],
            angle_degrees: i * 10 + dice.roll(10) as i32,
            gap: [16, 30, 50, 80, 140, 260][(i % 6) as usize],
            flows,
        };
        pair(&mut model, &format!("p{i:02}"), ((i % 6) * 900, (i / 6) * 900), &spec);
    }
    let hub = element(&mut model, "hub", ElementKindTag::Process, (6_000, 1_000), (160, 90));
    for s in 0..12_i32 {
        let angle = f64::from(s * 30 + 7).to_radians();
        let reach = 170.0 + f64::from(s % 3) * 40.0;
        let center = (6_000 + (angle.cos() * reach * 1.6) as i32, 1_000 + (angle.sin() * reach) as i32);
        let spoke = element(&mut model, &format!("s{s:02}"), kinds[s as usize % 3], center, (110, 44));
        for k in 0..=dice.roll(3) {
            let spec = FlowSpec {
                direction: dice.roll(3) as u8,
                name: 1 + dice.roll(NAMES.len() as u64 - 1) as usize,
                encrypted: dice.flag(),
                authenticated: dice.flag(),
                out_of_scope: false,
                threats: u8::from(dice.roll(4) == 0),
            };
            flow(&mut model, &format!("s{s:02}f{k}"), &hub, &spoke, &spec);
        }
    }
    let (a, b) = pair(
        &mut model,
        "bent",
        (6_000, 2_200),
        &PairSpec {
            kinds: [ElementKindTag::ExternalEntity, ElementKindTag::Process],
            sizes: [(140, 60), (140, 80)],
            angle_degrees: 0,
            gap: 400,
            flows: Vec::new(),
        },
    );
    let spec = |direction, name| FlowSpec {
        direction,
        name,
        encrypted: true,
        authenticated: false,
        out_of_scope: false,
        threats: 0,
    };
    let there = flow(&mut model, "bentf0", &a, &b, &spec(0, 4));
    let back = flow(&mut model, "bentf1", &a, &b, &spec(1, 3));
    let own = flow(&mut model, "bentf2", &a, &b, &spec(0, 2));
    bend(&mut model, &there, &[(6_270, 2_050)]);
    bend(&mut model, &back, &[(6_270, 2_050)]);
    bend(&mut model, &own, &[(6_270, 2_350)]);
    model
}

/// A flow spec in short: direction, name, encrypted, authenticated.
fn spec(direction: u8, name: usize, encrypted: bool, authenticated: bool) -> FlowSpec {
    FlowSpec { direction, name, encrypted, authenticated, out_of_scope: false, threats: 0 }
}

/// A small diagram to look at: a request and its reply, three and five flows between a pair,
/// short flows both ways, flows sharing a bend, and flows into a trust boundary with and
/// without encryption.
#[must_use]
pub fn gallery() -> Model {
    use crate::model::{BoundaryId, TrustBoundary};
    let mut model = empty();
    let (process, entity, store) = (ElementKindTag::Process, ElementKindTag::ExternalEntity, ElementKindTag::DataStore);
    let pair_at = |model: &mut Model, tag: &str, at, kinds, angle_degrees, gap, flows| {
        pair(model, tag, at, &PairSpec { kinds, sizes: [(150, 70), (150, 70)], angle_degrees, gap, flows })
    };
    pair_at(
        &mut model,
        "login",
        (100, 60),
        [entity, process],
        0,
        180,
        vec![spec(0, 4, true, true), spec(1, 3, true, false)],
    );
    pair_at(
        &mut model,
        "three",
        (700, 60),
        [process, store],
        90,
        120,
        vec![spec(0, 2, true, false), spec(2, 6, false, false), spec(1, 5, true, true)],
    );
    let mut five = vec![
        spec(0, 1, false, false),
        spec(1, 2, true, false),
        spec(2, 3, false, true),
        spec(0, 4, true, true),
        spec(1, 7, false, false),
    ];
    five[4].out_of_scope = true;
    five[1].threats = 2;
    pair_at(&mut model, "five", (1_050, 60), [process, process], 35, 160, five);
    pair_at(&mut model, "shortx", (100, 420), [entity, store], 0, 24, vec![spec(0, 5, false, false)]);
    pair_at(
        &mut model,
        "shorty",
        (500, 380),
        [process, entity],
        90,
        20,
        vec![spec(0, 3, true, false), spec(1, 4, false, true)],
    );
    let (a, b) = pair_at(&mut model, "bent", (100, 700), [entity, process], 0, 300, Vec::new());
    let there = flow(&mut model, "bentf0", &a, &b, &spec(0, 4, true, false));
    let back = flow(&mut model, "bentf1", &a, &b, &spec(1, 3, true, false));
    bend(&mut model, &there, &[(340, 600)]);
    bend(&mut model, &back, &[(340, 600)]);
    let inside = BoundaryId::new("inside");
    model.boundaries.insert(inside.clone(), TrustBoundary { name: "Server".into(), ..TrustBoundary::default() });
    let (outside, server) = pair_at(
        &mut model,
        "edge",
        (820, 620),
        [entity, process],
        0,
        200,
        vec![spec(0, 6, false, false), spec(1, 3, true, false), spec(0, 1, false, true)],
    );
    let _ = outside;
    if let Some(e) = model.elements.get_mut(&server) {
        e.boundary = Some(inside.clone());
    }
    if let Some(r) = view(&mut model).nodes.get(&server).copied() {
        view(&mut model).boundaries.insert(inside, Rect::new(r.x - 40, r.y - 60, r.w + 80, r.h + 120));
    }
    model
}
