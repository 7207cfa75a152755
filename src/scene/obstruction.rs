//! A check over a built scene for things that hide each other: two flows drawn along the same
//! route (one is invisible under the other), a label over an arrow head (which way the data
//! goes is lost), two labels on top of each other (neither can be read). The scene builders
//! avoid all three; this check is how tests (and anyone drawing a diagram) can tell that they
//! did.

use std::fmt;

use super::Scene;
use super::geometry::{Pos, SceneRect, distance_to_path, path_length, point_along, triangle_meets_rect};
use crate::model::{FlowId, MessageId};

/// Two routes whose centre lines stay closer than this (diagram units) look like one line:
/// lines are 1.5 wide, so less than a line's width of paper shows between them.
pub const COINCIDENT_DISTANCE: f32 = 4.0;
/// The share of the shorter of two routes that must run along the other for them to count as
/// coinciding: a shared end or a crossing is fine, a route mostly drawn over another is not.
const COINCIDENT_SHARE: f32 = 0.5;

/// Something drawn that a reader of the diagram cannot make out.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Obstruction {
    /// Two flows drawn along (nearly) the same route: one hides the other.
    CoincidentFlows(FlowId, FlowId),
    /// A flow's label covers an arrow head of a flow (perhaps its own).
    FlowLabelOverHead {
        /// Whose label.
        label: FlowId,
        /// Whose head.
        head: FlowId,
    },
    /// Two flow labels overlap.
    FlowLabelsOverlap(FlowId, FlowId),
    /// A sequence message's label covers a message's arrow head.
    MessageLabelOverHead {
        /// Whose label.
        label: MessageId,
        /// Whose head.
        head: MessageId,
    },
    /// Two sequence message labels overlap.
    MessageLabelsOverlap(MessageId, MessageId),
}

impl fmt::Display for Obstruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CoincidentFlows(a, b) => write!(f, "flows {a} and {b} are drawn along the same route"),
            Self::FlowLabelOverHead { label, head } => {
                write!(f, "the label of flow {label} covers an arrow head of {head}")
            }
            Self::FlowLabelsOverlap(a, b) => write!(f, "the labels of flows {a} and {b} overlap"),
            Self::MessageLabelOverHead { label, head } => {
                write!(f, "the label of message {label} covers the arrow head of {head}")
            }
            Self::MessageLabelsOverlap(a, b) => write!(f, "the labels of messages {a} and {b} overlap"),
        }
    }
}

/// Everything in `scene` that hides something else, sorted. Empty for a legible diagram.
#[must_use]
pub fn obstructions(scene: &Scene) -> Vec<Obstruction> {
    let layout = &scene.layout;
    let mut found = Vec::new();
    let flows: Vec<_> = layout.flows.iter().collect();
    for (i, (a, pa)) in flows.iter().enumerate() {
        let bounds_a = route_bounds(&pa.points);
        for (b, pb) in &flows[i + 1..] {
            if bounds_a.intersects(&route_bounds(&pb.points)) && coincide(&pa.points, &pb.points) {
                found.push(Obstruction::CoincidentFlows((*a).clone(), (*b).clone()));
            }
        }
    }
    for (a, pa) in &flows {
        let Some(label) = pa.label else { continue };
        for (b, pb) in &flows {
            if pb.heads.iter().any(|head| triangle_meets_rect(head, &label)) {
                found.push(Obstruction::FlowLabelOverHead { label: (*a).clone(), head: (*b).clone() });
            }
        }
    }
    let labels: Vec<_> = flows.iter().filter_map(|(id, p)| p.label.map(|l| (*id, l))).collect();
    for (i, (a, la)) in labels.iter().enumerate() {
        for (b, lb) in &labels[i + 1..] {
            if la.expand(-0.01).intersects(&lb.expand(-0.01)) {
                found.push(Obstruction::FlowLabelsOverlap((*a).clone(), (*b).clone()));
            }
        }
    }
    for (a, la) in &layout.message_labels {
        for (b, head) in &layout.message_heads {
            if triangle_meets_rect(head, la) {
                found.push(Obstruction::MessageLabelOverHead { label: a.clone(), head: b.clone() });
            }
        }
    }
    let labels: Vec<_> = layout.message_labels.iter().collect();
    for (i, (a, la)) in labels.iter().enumerate() {
        for (b, lb) in &labels[i + 1..] {
            if la.expand(-0.01).intersects(&lb.expand(-0.01)) {
                found.push(Obstruction::MessageLabelsOverlap((*a).clone(), (*b).clone()));
            }
        }
    }
    found.sort();
    found
}

fn route_bounds(points: &[Pos]) -> SceneRect {
    points.iter().fold(SceneRect::NOTHING, |b, p| b.union(SceneRect { min: *p, max: *p })).expand(COINCIDENT_DISTANCE)
}

/// Whether most of the shorter route runs within [`COINCIDENT_DISTANCE`] of the other.
fn coincide(a: &[Pos], b: &[Pos]) -> bool {
    let (short, long) = if path_length(a) <= path_length(b) { (a, b) } else { (b, a) };
    let length = path_length(short);
    if length <= f32::EPSILON {
        return distance_to_path(short.first().copied().unwrap_or_default(), long) < COINCIDENT_DISTANCE;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a few thousand samples at most")]
    let samples = ((length / 2.0).ceil() as usize).clamp(16, 4_000);
    let near = (0..=samples)
        .filter(|i| {
            let (p, _) = point_along(short, *i as f32 / samples as f32);
            distance_to_path(p, long) < COINCIDENT_DISTANCE
        })
        .count();
    near as f32 / (samples + 1) as f32 >= COINCIDENT_SHARE
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::fixtures::{self, FlowSpec, PairSpec};
    use super::super::{FontMetrics, Style, build};
    use super::*;
    use crate::model::{ElementKindTag, Model};

    fn obstructions_in(model: &Model, diagram: usize) -> Vec<String> {
        let id = model.diagrams[diagram].id.clone();
        let scene = build(model, &id, &Style::light(), &FontMetrics::shipped()).expect("scene");
        obstructions(&scene).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_sample_hides_nothing() {
        let model = crate::format::juice_shop_sample();
        for diagram in 0..model.diagrams.len() {
            let found = obstructions_in(&model, diagram);
            assert!(found.is_empty(), "{}: {found:#?}", model.diagrams[diagram].name);
        }
    }

    /// The sample as a new user draws it: no bend points to keep a flow and its reply apart.
    #[test]
    fn the_sample_without_bend_points_hides_nothing() {
        let mut model = crate::format::juice_shop_sample();
        let crate::model::DiagramView::Dfd(view) = &mut model.diagrams[0].view else { panic!("a DFD") };
        view.bends.clear();
        let found = obstructions_in(&model, 0);
        assert!(found.is_empty(), "{found:#?}");
    }

    /// Message texts long enough to wrap, between neighbouring lifelines, both ways.
    #[test]
    fn long_messages_leave_arrow_heads_clear() {
        use crate::model::{Diagram, DiagramId, DiagramView, Message, MessageId, MessageKind, SequenceView};
        let mut model = fixtures::empty();
        let kinds = [ElementKindTag::ExternalEntity, ElementKindTag::Process, ElementKindTag::DataStore];
        let ids: Vec<_> = (0..3)
            .map(|i| {
                fixtures::element(
                    &mut model,
                    &format!("e{i}"),
                    kinds[i],
                    (i32::try_from(i).unwrap() * 300, 0),
                    (100, 50),
                )
            })
            .collect();
        let texts = [
            "POST /rest/user/login {email, password} with a body long enough to wrap",
            "401 totp_token_required {tmpToken}",
            "SELECT * FROM Users WHERE email = ? AND password = md5(?) (concatenated)",
            "ok",
            "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdGF0dXMiOiJzdWNjZXNzIiwiZGF0YSI6eyJpZCI6MX19",
        ];
        let mut messages = Vec::new();
        for (k, text) in texts.iter().cycle().take(15).enumerate() {
            let (from, to) = (&ids[k % 3], &ids[(k + 1 + k / 3) % 3]);
            messages.push(Message {
                id: MessageId::new(format!("m{k:02}")),
                from: from.clone(),
                to: to.clone(),
                flow: None,
                kind: [MessageKind::Call, MessageKind::Reply, MessageKind::Async][k % 3],
                text: (*text).to_owned(),
            });
        }
        model.diagrams.push(Diagram {
            id: DiagramId::new("seq"),
            name: "Sequence".into(),
            view: DiagramView::Sequence(SequenceView { lifelines: ids, messages, ..SequenceView::default() }),
        });
        let found = obstructions_in(&model, 1);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn the_gallery_hides_nothing() {
        let found = obstructions_in(&fixtures::gallery(), 0);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn crowded_pairs_and_short_spokes_hide_nothing() {
        let found = obstructions_in(&fixtures::crowded(), 0);
        assert!(found.is_empty(), "{} found: {found:#?}", found.len());
    }

    fn kind() -> impl Strategy<Value = ElementKindTag> {
        prop::sample::select(ElementKindTag::ALL.to_vec())
    }

    fn flow_spec() -> impl Strategy<Value = FlowSpec> {
        (0..3_u8, 0..fixtures::NAMES.len(), any::<bool>(), any::<bool>(), prop::bool::weighted(0.15), 0..3_u8).prop_map(
            |(direction, name, encrypted, authenticated, out_of_scope, threats)| FlowSpec {
                direction,
                name,
                encrypted,
                authenticated,
                out_of_scope,
                threats,
            },
        )
    }

    fn pair_spec() -> impl Strategy<Value = PairSpec> {
        (
            [kind(), kind()],
            [(60..240_i32, 30..120_i32), (60..240_i32, 30..120_i32)],
            0..360_i32,
            prop::sample::select(vec![16, 24, 40, 60, 100, 200, 400]),
            prop::collection::vec(flow_spec(), 1..6),
        )
            .prop_map(|(kinds, sizes, angle_degrees, gap, flows)| PairSpec {
                kinds,
                sizes,
                angle_degrees,
                gap,
                flows,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any number of flows either way between two elements, at any angle and distance:
        /// every flow and label stays visible.
        #[test]
        fn flows_between_two_elements_hide_nothing(spec in pair_spec()) {
            let mut model = fixtures::empty();
            fixtures::pair(&mut model, "p", (0, 0), &spec);
            let found = obstructions_in(&model, 0);
            prop_assert!(found.is_empty(), "{:#?}", found);
        }
    }

    #[test]
    fn routes_coincide_when_one_runs_along_the_other() {
        let a = [Pos::new(0.0, 0.0), Pos::new(100.0, 0.0)];
        let reversed = [Pos::new(100.0, 1.0), Pos::new(0.0, 1.0)];
        let apart = [Pos::new(0.0, 12.0), Pos::new(100.0, 12.0)];
        let crossing = [Pos::new(50.0, -50.0), Pos::new(50.0, 50.0)];
        let sharing_an_end = [Pos::new(0.0, 0.0), Pos::new(100.0, 60.0)];
        assert!(coincide(&a, &reversed));
        assert!(!coincide(&a, &apart));
        assert!(!coincide(&a, &crossing));
        assert!(!coincide(&a, &sharing_an_end));
    }
}
