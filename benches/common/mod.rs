//! Generated models for the benchmarks: a grid of elements with flows to their neighbours,
//! four boundaries, threats, and a sequence diagram.

#![allow(dead_code)]
// each bench uses part of this
// Grid positions of at most a few hundred thousand elements fit an i32 many times over.
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]

use threatcanvas::model::{
    BoundaryId, DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKindTag, FlowId,
    Message, MessageId, MessageKind, Model, Rect, SequenceView, Severity, Threat, ThreatCategory, ThreatId,
    ThreatTarget, TrustBoundary,
};

pub mod hostile;

const COLUMNS: usize = 100;

/// `elements` elements on a grid, `flows` flows between neighbours, all placed on one DFD.
pub fn dfd_model(elements: usize, flows: usize) -> Model {
    let mut m = Model::default();
    m.meta.title = format!("Generated: {elements} elements, {flows} flows");
    let rows = elements.div_ceil(COLUMNS);
    for (i, name) in ["North-west", "North-east", "South-west", "South-east"].iter().enumerate() {
        m.boundaries.insert(
            BoundaryId::new(format!("b{i}")),
            TrustBoundary { name: (*name).to_owned(), ..TrustBoundary::default() },
        );
    }
    let mut view = DfdView::default();
    for i in 0..elements {
        let (col, row) = (i % COLUMNS, i / COLUMNS);
        let quadrant = usize::from(col >= COLUMNS / 2) + 2 * usize::from(row >= rows / 2);
        let id = ElementId::new(format!("e{i:05}"));
        let kind = ElementKindTag::ALL[i % 3];
        m.elements.insert(
            id.clone(),
            Element {
                name: format!("{} {i} of the generated system", kind.label()),
                kind: kind.default_kind(),
                boundary: Some(BoundaryId::new(format!("b{quadrant}"))),
                ..Element::default()
            },
        );
        view.nodes.insert(id, Rect::new(col as i32 * 240, row as i32 * 160, 160, 80));
        if i % 5 == 0 {
            m.threats.insert(
                ThreatId::new(format!("t{i:05}")),
                Threat {
                    severity: Severity::Medium,
                    description: "A caller pretends to be someone else.".into(),
                    mitigation: "Authenticate callers.".into(),
                    ..Threat::new(
                        ThreatTarget::Element(ElementId::new(format!("e{i:05}"))),
                        ThreatCategory::Spoofing,
                        "Spoofed caller",
                    )
                },
            );
        }
    }
    let mut added = 0;
    let mut i = 0;
    while added < flows && elements > 1 {
        let source = i % elements;
        let target = if added % 3 == 2 { (source + COLUMNS) % elements } else { (source + 1) % elements };
        m.flows.insert(
            FlowId::new(format!("f{added:05}")),
            DataFlow {
                source: ElementId::new(format!("e{source:05}")),
                target: ElementId::new(format!("e{target:05}")),
                name: format!("Request {added}"),
                data: "Customer records".into(),
                protocol: "HTTPS".into(),
                encrypted: added % 2 == 0,
                ..DataFlow::default()
            },
        );
        added += 1;
        i += 1;
    }
    let (w, h) = (COLUMNS as i32 * 240 / 2, rows as i32 * 160 / 2);
    for (q, (x, y)) in [(0, 0), (w, 0), (0, h), (w, h)].into_iter().enumerate() {
        view.boundaries.insert(BoundaryId::new(format!("b{q}")), Rect::new(x - 40, y - 40, w - 20, h - 20));
    }
    m.diagrams.push(Diagram { id: DiagramId::new("dfd"), name: "Generated DFD".into(), view: DiagramView::Dfd(view) });
    m
}

/// A sequence diagram of `messages` messages over `lifelines` lifelines (on a model of
/// `lifelines` elements), first in the model's diagram list.
pub fn sequence_model(lifelines: usize, messages: usize) -> Model {
    let mut m = dfd_model(lifelines, lifelines);
    let ids: Vec<ElementId> = m.elements.keys().cloned().collect();
    let mut seq = SequenceView { lifelines: ids.clone(), ..SequenceView::default() };
    for k in 0..messages {
        let from = &ids[k % ids.len()];
        let to = &ids[(k * 7 + 3) % ids.len()];
        let flow = m.flows.iter().find(|(_, f)| f.carries(from, to)).map(|(id, _)| id.clone());
        seq.messages.push(Message {
            id: MessageId::new(format!("m{k:05}")),
            from: from.clone(),
            to: to.clone(),
            flow,
            kind: if k % 4 == 3 { MessageKind::Reply } else { MessageKind::Call },
            text: format!("step {k}: GET /api/items/{k}"),
        });
    }
    m.diagrams.insert(
        0,
        Diagram { id: DiagramId::new("seq"), name: "Generated sequence".into(), view: DiagramView::Sequence(seq) },
    );
    m
}
