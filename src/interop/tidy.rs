//! Making another tool's drawing readable where it is not, moving as little as possible.
//! Threat Dragon lets shapes sit on one another (a small "Local API" circle on its device's
//! circle), and a boundary curve that holds nothing becomes a box around the curve that may
//! cover another such box. Imported drawings keep their places except for these: an element
//! lying on another moves to the nearest free place (inside its own boundaries, clear of the
//! others'), and an empty boundary box lying on another box it does not nest in moves to the
//! nearest place clear of every box and element. Each move is reported, naming the record.

use std::collections::BTreeSet;

use super::summary::{Summary, WarningKind};
use crate::model::{BoundaryId, DfdView, ElementId, ElementKind, Model, Rect};
use crate::scene::{FontMetrics, Style, TextMeasure, wrap};

/// The least space kept between two things moved apart.
const GAP: i32 = 16;
/// How far a box may move to get clear of the others.
const SEARCH_RADIUS: i32 = 400;
/// The step of that search.
const SEARCH_STEP: i32 = 10;
/// Room at the top of a boundary box for its name.
const NAME_ROOM: i32 = 24;

/// Whether two boxes share any area.
fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Whether two boxes keep at least [`GAP`] between them.
fn clear(a: &Rect, b: &Rect) -> bool {
    a.x + a.w + GAP <= b.x || b.x + b.w + GAP <= a.x || a.y + a.h + GAP <= b.y || b.y + b.h + GAP <= a.y
}

/// The nearest translation of `rect` that `fits`, searching outwards in [`SEARCH_STEP`]s up to
/// [`SEARCH_RADIUS`]; `rect` itself when it fits or nothing within reach does.
fn nearest(rect: Rect, fits: impl Fn(&Rect) -> bool) -> Rect {
    if fits(&rect) {
        return rect;
    }
    let steps = SEARCH_RADIUS / SEARCH_STEP;
    let mut offsets: Vec<(i32, i32)> = Vec::new();
    for i in -steps..=steps {
        for j in -steps..=steps {
            offsets.push((i * SEARCH_STEP, j * SEARCH_STEP));
        }
    }
    offsets.sort_by_key(|(dx, dy)| (dx * dx + dy * dy, *dy, *dx));
    offsets.into_iter().map(|(dx, dy)| rect.translated(dx, dy)).find(|r| fits(r)).unwrap_or(rect)
}

/// The nearest place for `rect` (element `id`) that keeps clear of the elements `placed` so
/// far, inside its own boundaries' boxes (clear of their edges and names) and outside the
/// boxes of boundaries it is not in; `rect` itself when it is free or no place within reach is.
pub fn free_place(model: &Model, id: &ElementId, rect: Rect, placed: &[Rect], view: &DfdView) -> Rect {
    nearest(rect, |r| {
        placed.iter().all(|other| clear(r, other))
            && view.boundaries.iter().all(|(b, br)| {
                // Inside its own boundaries, clear of their edges and names.
                let inner = Rect::new(br.x + GAP, br.y + NAME_ROOM, br.w - 2 * GAP, br.h - NAME_ROOM - GAP);
                if model.boundary_contains(b, id) { inner.contains_rect(r) } else { clear(r, br) }
            })
    })
}

/// Grows elements too small for their names, then moves elements lying on other elements, and
/// empty boundary boxes lying on boxes they do not nest in, to the nearest free place; reports
/// each change.
pub fn unpile(model: &Model, view: &mut DfdView, summary: &mut Summary) {
    fit_names(model, view, summary);
    separate_empty_boundaries(model, view, summary);
    separate_elements(model, view, summary);
}

/// Grows (about its centre) each element whose name's longest word is wider than the box's
/// room for text, or whose wrapped name is taller, so no word is broken and no line cut off.
/// Threat Dragon draws names over the shape's edge; our shapes keep them inside. A circle stays
/// a circle.
fn fit_names(model: &Model, view: &mut DfdView, summary: &mut Summary) {
    let measure = FontMetrics::shipped();
    let size = Style::light().text_size;
    let line_height = size * measure.line_height();
    for (id, rect) in &mut view.nodes {
        let Some(e) = model.elements.get(id) else { continue };
        let circle = matches!(e.kind, ElementKind::Process(_));
        // The room the scene gives a name: most of a circle's width, a box's less its insets.
        let room = |w: f32| if circle { w * 0.74 } else { w - 16.0 };
        let word = e.name.split_whitespace().map(|w| measure.width(w, size)).fold(0.0_f32, f32::max);
        let mut w = rect.w;
        while room(to_f32(w)) < word + 2.0 && w < MAX_GROWN {
            w += 2;
        }
        let lines = wrap(&measure, &e.name, size, room(to_f32(w)).max(20.0), 1_000).len();
        let mut h = rect.h;
        // A circle needs its text a little inside the top and bottom too.
        let spare = if circle { 24.0 } else { 6.0 };
        while to_f32(h) - spare < line_height * to_f32(i32::try_from(lines).unwrap_or(i32::MAX)) && h < MAX_GROWN {
            h += 2;
        }
        if circle && rect.w == rect.h {
            (w, h) = (w.max(h), w.max(h));
        }
        if (w, h) != (rect.w, rect.h) {
            let centre = rect.center();
            let grown = Rect::new(centre.x - w / 2, centre.y - h / 2, w, h).translated(0, 0);
            summary.warn(
                WarningKind::Adjusted,
                Some(id.as_str()),
                format!("grown from {}×{} to {w}×{h} so its name fits inside it", rect.w, rect.h),
            );
            *rect = grown;
        }
    }
}

/// The most an element grows to fit its name.
const MAX_GROWN: i32 = 400;

#[allow(clippy::cast_precision_loss, reason = "box sizes are far below 2^24")]
const fn to_f32(v: i32) -> f32 {
    v as f32
}

/// Whether boundary `b` holds an element placed on `view` or has a nested boundary there.
fn holds_anything(model: &Model, view: &DfdView, b: &BoundaryId) -> bool {
    view.nodes.keys().any(|e| model.boundary_contains(b, e))
        || view.boundaries.keys().any(|o| o != b && model.ancestors(o).any(|a| a == b))
}

fn nested(model: &Model, a: &BoundaryId, b: &BoundaryId) -> bool {
    model.ancestors(a).any(|x| x == b) || model.ancestors(b).any(|x| x == a)
}

fn separate_empty_boundaries(model: &Model, view: &mut DfdView, summary: &mut Summary) {
    let ids: Vec<BoundaryId> = view.boundaries.keys().cloned().collect();
    for b in &ids {
        if holds_anything(model, view, b) {
            continue;
        }
        let Some(rect) = view.boundaries.get(b).copied() else { continue };
        let lies_on_another = view.boundaries.iter().any(|(o, r)| o != b && !nested(model, b, o) && overlap(&rect, r));
        if !lies_on_another {
            continue;
        }
        let ancestors: BTreeSet<&BoundaryId> = model.ancestors(b).collect();
        let free = nearest(rect, |r| {
            view.nodes.values().all(|n| clear(r, n))
                && view
                    .boundaries
                    .iter()
                    .filter(|(o, _)| *o != b)
                    .all(|(o, or)| if ancestors.contains(o) { or.contains_rect(r) } else { clear(r, or) })
        });
        if free != rect {
            report(summary, b.as_str(), "trust boundary", &free, &rect);
            view.boundaries.insert(b.clone(), free);
        }
    }
}

fn separate_elements(model: &Model, view: &mut DfdView, summary: &mut Summary) {
    // Large elements stay, smaller ones lying on them move: a badge drawn on its device.
    let mut order: Vec<(ElementId, Rect)> = view.nodes.iter().map(|(e, r)| (e.clone(), *r)).collect();
    order.sort_by_key(|(e, r)| (std::cmp::Reverse(i64::from(r.w) * i64::from(r.h)), e.clone()));
    let mut placed: Vec<Rect> = Vec::new();
    for (id, rect) in order {
        if placed.iter().any(|p| overlap(&rect, p)) {
            let others: Vec<Rect> = view.nodes.iter().filter(|(e, _)| **e != id).map(|(_, r)| *r).collect();
            let free = free_place(model, &id, rect, &others, view);
            if free != rect {
                report(summary, id.as_str(), "element", &free, &rect);
                view.nodes.insert(id, free);
                placed.push(free);
                continue;
            }
        }
        placed.push(rect);
    }
}

fn report(summary: &mut Summary, id: &str, what: &str, to: &Rect, from: &Rect) {
    summary.warn(
        WarningKind::Adjusted,
        Some(id),
        format!("the {what} lay on another; moved by ({}, {}) so both can be read", to.x - from.x, to.y - from.y),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, ElementKindTag, TrustBoundary};

    fn model(elements: &[(&str, Option<&str>)], boundaries: &[&str]) -> Model {
        let mut m = Model::default();
        for b in boundaries {
            m.boundaries.insert(BoundaryId::new(*b), TrustBoundary { name: (*b).into(), ..TrustBoundary::default() });
        }
        for (e, home) in elements {
            m.elements.insert(
                ElementId::new(*e),
                Element {
                    name: (*e).into(),
                    kind: ElementKindTag::Process.default_kind(),
                    boundary: home.map(BoundaryId::new),
                    ..Element::default()
                },
            );
        }
        m
    }

    #[test]
    fn a_small_element_on_a_large_one_moves_off_it_and_the_large_one_stays() {
        let m = model(&[("device", None), ("api", None), ("far", None)], &[]);
        let mut view = DfdView::default();
        view.nodes.insert(ElementId::new("device"), Rect::new(350, 405, 110, 120));
        view.nodes.insert(ElementId::new("api"), Rect::new(325, 390, 60, 60));
        view.nodes.insert(ElementId::new("far"), Rect::new(900, 900, 60, 60));
        let mut summary = Summary::default();
        unpile(&m, &mut view, &mut summary);
        let (device, api) = (view.nodes[&ElementId::new("device")], view.nodes[&ElementId::new("api")]);
        assert_eq!(device, Rect::new(350, 405, 110, 120), "the large one stays");
        assert!(clear(&device, &api), "{api:?}");
        assert_eq!(view.nodes[&ElementId::new("far")], Rect::new(900, 900, 60, 60), "what lies apart stays");
        assert_eq!(summary.warnings.len(), 1);
        assert_eq!(summary.warnings[0].source_id.as_deref(), Some("api"));
    }

    #[test]
    fn a_circle_too_small_for_its_longest_word_grows_about_its_centre_and_stays_round() {
        let m = model(&[("Moderation Website", None), ("Web", None)], &[]);
        let mut view = DfdView::default();
        view.nodes.insert(ElementId::new("Moderation Website"), Rect::new(0, 0, 90, 90));
        view.nodes.insert(ElementId::new("Web"), Rect::new(500, 0, 90, 90));
        let mut summary = Summary::default();
        unpile(&m, &mut view, &mut summary);
        let grown = view.nodes[&ElementId::new("Moderation Website")];
        assert!(grown.w > 90 && grown.w == grown.h, "{grown:?}");
        assert_eq!(grown.center(), Rect::new(0, 0, 90, 90).center());
        let measure = FontMetrics::shipped();
        let size = Style::light().text_size;
        assert!(to_f32(grown.w) * 0.74 >= measure.width("Moderation", size), "the word fits unbroken");
        assert_eq!(view.nodes[&ElementId::new("Web")], Rect::new(500, 0, 90, 90), "a short name keeps its box");
        assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
    }

    #[test]
    fn an_empty_boundary_box_moves_off_another_and_boxes_holding_elements_stay() {
        let m = model(&[("in", Some("full"))], &["full", "empty", "empty2"]);
        let mut view = DfdView::default();
        view.nodes.insert(ElementId::new("in"), Rect::new(120, 120, 60, 50));
        view.boundaries.insert(BoundaryId::new("full"), Rect::new(100, 80, 200, 120));
        view.boundaries.insert(BoundaryId::new("empty"), Rect::new(250, 150, 200, 100));
        view.boundaries.insert(BoundaryId::new("empty2"), Rect::new(1000, 1000, 50, 50));
        let mut summary = Summary::default();
        unpile(&m, &mut view, &mut summary);
        let b = |id: &str| view.boundaries[&BoundaryId::new(id)];
        assert_eq!(b("full"), Rect::new(100, 80, 200, 120));
        assert!(clear(&b("full"), &b("empty")), "{:?}", b("empty"));
        assert_eq!(b("empty").w, 200, "moved, not resized");
        assert_eq!(b("empty2"), Rect::new(1000, 1000, 50, 50));
        assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
    }
}
