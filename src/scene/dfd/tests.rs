//! `update` must give exactly the scene `build` gives, whatever an edit moved: an element, a
//! flow among parallel siblings, a label that others were placed around.

use super::super::{Change, FontMetrics, Scene, Style, build, fixtures, update};
use crate::model::{DiagramId, DiagramView, ElementId, FlowId, Model, Point};

fn sample() -> Model {
    crate::format::juice_shop_sample()
}

/// Moves, renames and bends applied in place give exactly the scene a fresh build gives.
#[test]
fn updating_in_place_equals_building_afresh() {
    let mut model = sample();
    let diagram = model.diagrams[0].id.clone();
    let (style, measure) = (Style::light(), FontMetrics::shipped());
    let mut scene = build(&model, &diagram, &style, &measure).expect("scene");
    let DiagramView::Dfd(view) = &mut model.diagrams[0].view else { panic!("a DFD") };
    let moved: ElementId = view.nodes.keys().nth(3).cloned().expect("an element");
    if let Some(r) = view.nodes.get_mut(&moved) {
        *r = r.translated(137, -42);
    }
    let bent = model.flows.keys().next().cloned().expect("a flow");
    if let DiagramView::Dfd(view) = &mut model.diagrams[0].view {
        view.bends.insert(bent.clone(), vec![Point::new(-300, 900)]);
    }
    let renamed = model.elements.keys().next().cloned().expect("an element");
    if let Some(e) = model.elements.get_mut(&renamed) {
        e.name = "A much longer name that wraps onto more lines than before".into();
    }
    let change = Change {
        elements: [moved, renamed].into(),
        flows: [bent].into(),
        boundary_boxes: std::collections::BTreeSet::new(),
    };
    assert!(update(&mut scene, &model, &diagram, &style, &measure, &change));
    assert_same(&scene, &model, &diagram);
}

/// Asserts that `scene`, brought up to date in place, is the scene a fresh build of `model`
/// gives, down to what the next update reads.
#[track_caller]
fn assert_same(scene: &Scene, model: &Model, diagram: &DiagramId) {
    let fresh = build(model, diagram, &Style::light(), &FontMetrics::shipped()).expect("scene");
    assert_eq!(scene.layout, fresh.layout);
    assert_eq!(scene.items, fresh.items);
    assert_eq!(scene.item_bounds, fresh.item_bounds);
    assert_eq!(scene.bounds, fresh.bounds);
    assert_eq!(scene.flows, fresh.flows);
}

fn dfd(model: &mut Model) -> &mut crate::model::DfdView {
    let DiagramView::Dfd(view) = &mut model.diagrams[0].view else { panic!("a DFD") };
    view
}

/// Applies `edit` to `model`, brings `scene` up to date with the change it reports, and
/// checks the result against a fresh build.
#[track_caller]
fn step(scene: &mut Scene, model: &mut Model, edit: impl FnOnce(&mut Model) -> Change) {
    let diagram = model.diagrams[0].id.clone();
    let change = edit(model);
    assert!(update(scene, model, &diagram, &Style::light(), &FontMetrics::shipped(), &change), "in place");
    assert_same(scene, model, &diagram);
}

fn moved(id: &str, dx: i32, dy: i32) -> impl FnOnce(&mut Model) -> Change {
    let id = ElementId::new(id);
    move |model| {
        if let Some(r) = dfd(model).nodes.get_mut(&id) {
            *r = r.translated(dx, dy);
        }
        Change { elements: [id].into(), ..Change::default() }
    }
}

fn flow_edit(id: &str, edit: impl FnOnce(&mut crate::model::DataFlow)) -> impl FnOnce(&mut Model) -> Change {
    let id = FlowId::new(id);
    move |model| {
        if let Some(f) = model.flows.get_mut(&id) {
            edit(f);
        }
        Change { flows: [id].into(), ..Change::default() }
    }
}

/// Parallel flows and the labels placed around each other stay as a fresh build draws them
/// through moves, bends, renames, reversals and flag changes.
#[test]
fn parallel_flows_and_moved_labels_update_in_place() {
    let mut model = fixtures::crowded();
    let diagram = model.diagrams[0].id.clone();
    let mut scene = build(&model, &diagram, &Style::light(), &FontMetrics::shipped()).expect("scene");
    // A pair of five flows moves: all five, and their labels, are redrawn.
    step(&mut scene, &mut model, moved("p01a", 37, -23));
    // One of them gets a bend point: it leaves the others' lanes, which close up.
    step(&mut scene, &mut model, |model| {
        let id = FlowId::new("p01f2");
        dfd(model).bends.insert(id.clone(), vec![Point::new(1_000, -200)]);
        Change { flows: [id].into(), ..Change::default() }
    });
    // A label grows and pushes the labels placed after it.
    step(
        &mut scene,
        &mut model,
        flow_edit("p01f0", |f| f.name = "A much longer name for the first flow of the pair".into()),
    );
    // A flow turns round within its pair, and another becomes bidirectional and encrypted.
    step(&mut scene, &mut model, flow_edit("p05f0", |f| std::mem::swap(&mut f.source, &mut f.target)));
    step(
        &mut scene,
        &mut model,
        flow_edit("p03f1", |f| {
            f.bidirectional = !f.bidirectional;
            f.encrypted = !f.encrypted;
            f.authenticated = !f.authenticated;
        }),
    );
    // A spoke of the hub moves onto the labels of its neighbours: their heads move under
    // labels of flows that did not change, which must make way.
    let neighbour = scene.layout.flows[&FlowId::new("s04f0")].label.expect("a label");
    let spoke = scene.layout.elements[&ElementId::new("s05")].center();
    let (dx, dy) = (neighbour.center().x - spoke.x, neighbour.center().y - spoke.y + 40.0);
    #[allow(clippy::cast_possible_truncation, reason = "a small test offset")]
    step(&mut scene, &mut model, moved("s05", dx.round() as i32, dy.round() as i32));
    let now = scene.layout.flows[&FlowId::new("s04f0")].label.expect("a label");
    assert_ne!(now, neighbour, "the move displaced a label of a flow it does not touch");
    // And back again.
    #[allow(clippy::cast_possible_truncation, reason = "a small test offset")]
    step(&mut scene, &mut model, moved("s05", -dx.round() as i32, -dy.round() as i32));
}

/// Random moves, bends and flag changes, one after another, each applied in place.
#[test]
fn random_edits_update_in_place() {
    let mut model = fixtures::crowded();
    let diagram = model.diagrams[0].id.clone();
    let mut scene = build(&model, &diagram, &Style::light(), &FontMetrics::shipped()).expect("scene");
    let elements: Vec<ElementId> = model.elements.keys().cloned().collect();
    let flows: Vec<FlowId> = model.flows.keys().cloned().collect();
    let mut dice = fixtures::Dice(17);
    for _ in 0..24 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap, reason = "small test numbers")]
        match dice.roll(4) {
            0 | 1 => {
                let id = &elements[dice.roll(elements.len() as u64) as usize];
                let (dx, dy) = (dice.roll(300) as i32 - 150, dice.roll(300) as i32 - 150);
                step(&mut scene, &mut model, moved(id.as_str(), dx, dy));
            }
            2 => {
                let id = flows[dice.roll(flows.len() as u64) as usize].clone();
                let bend = (dice.flag(), Point::new(dice.roll(6_000) as i32, dice.roll(4_000) as i32));
                step(&mut scene, &mut model, |model| {
                    if bend.0 {
                        dfd(model).bends.insert(id.clone(), vec![bend.1]);
                    } else {
                        dfd(model).bends.remove(&id);
                    }
                    Change { flows: [id].into(), ..Change::default() }
                });
            }
            _ => {
                let id = &flows[dice.roll(flows.len() as u64) as usize];
                let name = fixtures::NAMES[dice.roll(fixtures::NAMES.len() as u64) as usize];
                step(
                    &mut scene,
                    &mut model,
                    flow_edit(id.as_str(), |f| {
                        f.name = name.to_owned();
                        f.encrypted = !f.encrypted;
                    }),
                );
            }
        }
    }
}

/// A flow moved to another pair of elements leaves its old siblings to be redrawn: refused.
#[test]
fn a_flow_joining_another_pair_is_refused() {
    let mut model = fixtures::crowded();
    let diagram = model.diagrams[0].id.clone();
    let (style, measure) = (Style::light(), FontMetrics::shipped());
    let mut scene = build(&model, &diagram, &style, &measure).expect("scene");
    let id = FlowId::new("p01f0");
    if let Some(f) = model.flows.get_mut(&id) {
        f.target = ElementId::new("p02a");
    }
    let change = Change { flows: [id].into(), ..Change::default() };
    assert!(!update(&mut scene, &model, &diagram, &style, &measure, &change));
}

/// A record that appears needs a fresh build.
#[test]
fn a_new_record_is_refused() {
    let mut model = sample();
    let diagram: DiagramId = model.diagrams[0].id.clone();
    let (style, measure) = (Style::light(), FontMetrics::shipped());
    let mut scene = build(&model, &diagram, &style, &measure).expect("scene");
    let id = ElementId::new("new-one");
    model.elements.insert(id.clone(), crate::model::Element::default());
    if let DiagramView::Dfd(view) = &mut model.diagrams[0].view {
        view.nodes.insert(id.clone(), crate::model::Rect::new(0, 0, 100, 60));
    }
    let change = Change { elements: [id].into(), ..Change::default() };
    assert!(!update(&mut scene, &model, &diagram, &style, &measure, &change));
}

/// A label cut short keeps the whole name in the layout, for the canvas to show on hover.
#[test]
fn a_cut_label_keeps_the_whole_name() {
    let model = fixtures::gallery();
    let scene = build(&model, &model.diagrams[0].id, &Style::light(), &FontMetrics::shipped()).expect("scene");
    let cut: Vec<_> = scene.layout.flows.iter().filter(|(_, p)| p.full_label.is_some()).collect();
    assert!(!cut.is_empty(), "the gallery's short flows have labels cut short");
    for (id, path) in cut {
        assert_eq!(path.full_label.as_deref(), Some(model.flows[id].name.as_str()));
        let owner = Some(super::super::Owner::Flow(id.clone()));
        let drawn: Vec<&str> = scene
            .items
            .iter()
            .filter(|i| i.owner == owner)
            .filter_map(
                |i| if let super::super::Shape::Text { text, .. } = &i.shape { Some(text.as_str()) } else { None },
            )
            .collect();
        assert!(drawn.iter().any(|t| t.ends_with('…')), "{id}: {drawn:?}");
    }
    let whole = scene.layout.flows.values().filter(|p| p.label.is_some() && p.full_label.is_none()).count();
    assert!(whole > 0);
}
