//! Trust-boundary membership from Threat Dragon's geometry, decided once at import and then
//! stored as explicit membership. A box holds the elements whose centres it contains; a curve
//! (an open line drawn between elements) holds the elements beside it on its smaller side, and
//! becomes a box around them; two curves holding the same elements nest. A boundary nests in the smallest box that wholly contains its own, as when the
//! user drags one into another in the editor. Over several diagrams, the first that decides
//! wins ([`Settled`]).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::super::geometry::{self, PointF};
use super::super::summary::{Summary, WarningKind};
use crate::model::{BoundaryId, ElementId, Model, Rect};

/// Room above a boundary's first member for its name.
const NAME_ROOM: i32 = 24;
/// Space between a boundary built around elements and those elements.
const MARGIN: i32 = 20;

/// The boundaries of one diagram, as drawn.
#[derive(Debug, Default)]
pub struct Regions {
    boxes: Vec<(BoundaryId, Rect, String)>,
    curves: Vec<(BoundaryId, Vec<PointF>, String)>,
}

impl Regions {
    /// A boundary box.
    pub fn add_box(&mut self, id: BoundaryId, rect: Rect, source_id: &str) {
        self.boxes.push((id, rect, source_id.to_owned()));
    }

    /// A boundary curve through `line`.
    pub fn add_curve(&mut self, id: BoundaryId, line: Vec<PointF>, source_id: &str) {
        self.curves.push((id, line, source_id.to_owned()));
    }
}

/// Membership and nesting decided by earlier diagrams of the file. An element or boundary
/// drawn on several diagrams (a ThreatCanvas export writes it once per diagram) takes the
/// first diagram that draws it inside a boundary; a later diagram that draws it inside
/// another is reported, not followed.
#[derive(Debug, Default)]
pub struct Settled {
    /// Each element's boundary, and the diagram that decided it.
    elements: BTreeMap<ElementId, (BoundaryId, String)>,
    /// Each boundary's parent, and the diagram that decided it.
    parents: BTreeMap<BoundaryId, (BoundaryId, String)>,
}

fn center_f(r: &Rect) -> PointF {
    (f64::from(r.x) + f64::from(r.w) / 2.0, f64::from(r.y) + f64::from(r.h) / 2.0)
}

/// Decides the membership of the elements (`nodes`) and the nesting of the boundaries of the
/// diagram at JSON path `diagram`, writes both into `model` where no earlier diagram decided
/// otherwise, and returns the box of every boundary.
pub fn decide(
    model: &mut Model,
    regions: &Regions,
    nodes: &BTreeMap<ElementId, Rect>,
    settled: &mut Settled,
    diagram: &str,
    summary: &mut Summary,
) -> BTreeMap<BoundaryId, Rect> {
    let mut rects: BTreeMap<BoundaryId, Rect> = BTreeMap::new();
    // Candidate boundaries of each element.
    let mut holders: BTreeMap<ElementId, BTreeSet<BoundaryId>> = BTreeMap::new();
    for (id, rect, _) in &regions.boxes {
        rects.insert(id.clone(), *rect);
        for (e, r) in nodes {
            if rect.contains(r.center()) {
                holders.entry(e.clone()).or_default().insert(id.clone());
            }
        }
    }
    let mut curve_members: BTreeMap<BoundaryId, BTreeSet<ElementId>> = BTreeMap::new();
    // The members and box of each curve so far: curves holding the same elements (two strokes
    // fencing one element in from two sides) nest, each box around the one before.
    let mut drawn: Vec<(BTreeSet<ElementId>, Rect)> = Vec::new();
    for (id, line, source_id) in &regions.curves {
        let (members, inside) = curve(model, line, nodes, summary, source_id);
        for e in &members {
            holders.entry(e.clone()).or_default().insert(id.clone());
        }
        let same = drawn.iter().rev().find(|(m, _)| !members.is_empty() && *m == members);
        let rect = match same {
            Some((_, earlier)) => geometry::enclosing(&[*earlier], MARGIN, NAME_ROOM).unwrap_or(*earlier),
            None => curve_box(line, &members, inside, nodes, &regions.boxes),
        };
        rects.insert(id.clone(), rect);
        drawn.push((members.clone(), rect));
        curve_members.insert(id.clone(), members);
    }
    let parents = nest(model, &rects, settled, diagram, summary);
    let drawn = Drawn { rects: &rects, parents: &parents, diagram };
    for (element, candidates) in &holders {
        place(model, element, candidates, &drawn, settled, summary);
    }
    report_strays(model, &rects, &curve_members, nodes, summary);
    rects
}

/// Nests each boundary in the smallest strictly larger box wholly containing its own, as when
/// the user drags one into another; returns this diagram's nesting.
fn nest(
    model: &mut Model,
    rects: &BTreeMap<BoundaryId, Rect>,
    settled: &mut Settled,
    diagram: &str,
    summary: &mut Summary,
) -> BTreeMap<BoundaryId, BoundaryId> {
    let mut parents = BTreeMap::new();
    for (id, rect) in rects {
        let Some(parent) = rects
            .iter()
            .filter(|(other, r)| *other != id && r.contains_rect(rect) && geometry::area(r) > geometry::area(rect))
            .min_by_key(|(other, r)| (geometry::area(r), (*other).clone()))
            .map(|(other, _)| other.clone())
        else {
            continue;
        };
        parents.insert(id.clone(), parent.clone());
        if let Some((earlier, by)) = settled.parents.get(id) {
            if *earlier != parent {
                summary.warn(
                    WarningKind::Membership,
                    Some(id.as_str()),
                    format!(
                        "{diagram} draws this boundary inside {parent}, {by} inside {earlier}; it stays in {earlier}"
                    ),
                );
            }
            continue;
        }
        // Diagrams may disagree so much that following this one would close a circle.
        if model.ancestors(&parent).any(|a| a == id) {
            summary.warn(
                WarningKind::Membership,
                Some(id.as_str()),
                format!(
                    "{diagram} draws this boundary inside {parent}, which an earlier diagram nests in it; not nested"
                ),
            );
            continue;
        }
        if let Some(b) = model.boundaries.get_mut(id) {
            b.parent = Some(parent.clone());
            settled.parents.insert(id.clone(), (parent, diagram.to_owned()));
        }
    }
    parents
}

/// The boundaries of one diagram as drawn: their boxes and nesting.
struct Drawn<'a> {
    rects: &'a BTreeMap<BoundaryId, Rect>,
    parents: &'a BTreeMap<BoundaryId, BoundaryId>,
    /// The diagram's JSON path, for messages.
    diagram: &'a str,
}

/// Puts `element` in the innermost of the boundaries drawn around it (`candidates`), unless an
/// earlier diagram put it elsewhere.
fn place(
    model: &mut Model,
    element: &ElementId,
    candidates: &BTreeSet<BoundaryId>,
    drawn: &Drawn<'_>,
    settled: &mut Settled,
    summary: &mut Summary,
) {
    let Drawn { rects, parents, diagram } = *drawn;
    let Some(innermost) =
        candidates.iter().min_by_key(|b| (rects.get(*b).map_or(i64::MAX, geometry::area), (*b).clone())).cloned()
    else {
        return;
    };
    let mut enclosing = Vec::new();
    let mut next = parents.get(&innermost);
    while let Some(p) = next.filter(|p| !enclosing.contains(*p)) {
        enclosing.push(p.clone());
        next = parents.get(p);
    }
    let outside: Vec<&str> =
        candidates.iter().filter(|b| **b != innermost && !enclosing.contains(b)).map(BoundaryId::as_str).collect();
    if !outside.is_empty() {
        summary.warn(
            WarningKind::Membership,
            Some(element.as_str()),
            format!(
                "the element lies inside trust boundaries {innermost} and {}, which do not nest; it is placed in \
                 {innermost} only",
                outside.join(", ")
            ),
        );
    }
    if let Some((earlier, by)) = settled.elements.get(element) {
        if *earlier != innermost {
            summary.warn(
                WarningKind::Membership,
                Some(element.as_str()),
                format!("{diagram} draws the element inside {innermost}, {by} inside {earlier}; it stays in {earlier}"),
            );
        }
        return;
    }
    if let Some(e) = model.elements.get_mut(element) {
        e.boundary = Some(innermost.clone());
        settled.elements.insert(element.clone(), (innermost, diagram.to_owned()));
    }
}

/// Says where the box drawn for a curve covers elements from the other side of the curve.
fn report_strays(
    model: &Model,
    rects: &BTreeMap<BoundaryId, Rect>,
    curve_members: &BTreeMap<BoundaryId, BTreeSet<ElementId>>,
    nodes: &BTreeMap<ElementId, Rect>,
    summary: &mut Summary,
) {
    for (id, members) in curve_members {
        let Some(rect) = rects.get(id) else { continue };
        let strays: Vec<&str> = nodes
            .iter()
            .filter(|(e, r)| rect.contains(r.center()) && !members.contains(*e))
            .filter(|(e, _)| !model.boundaries_containing(e).contains(id))
            .map(|(e, _)| e.as_str())
            .collect();
        if !strays.is_empty() {
            summary.warn(
                WarningKind::Membership,
                Some(id.as_str()),
                format!(
                    "the box drawn for this curve also covers {}, which lie on the other side of the curve and \
                     are not members: move them, or run auto-layout",
                    strays.join(", ")
                ),
            );
        }
    }
}

/// The box drawn for a curve: around its members and the boxes on its inside, or around the
/// curve itself when it holds nothing.
fn curve_box(
    line: &[PointF],
    members: &BTreeSet<ElementId>,
    inside: i8,
    nodes: &BTreeMap<ElementId, Rect>,
    boxes: &[(BoundaryId, Rect, String)],
) -> Rect {
    let mut covered: Vec<Rect> = members.iter().filter_map(|e| nodes.get(e).copied()).collect();
    if !members.is_empty() {
        let inside_boxes =
            boxes.iter().filter(|(_, r, _)| geometry::side_within_reach(line, center_f(r)) == Some(inside));
        covered.extend(inside_boxes.map(|(_, r, _)| *r));
    }
    geometry::enclosing(&covered, MARGIN, NAME_ROOM).unwrap_or_else(|| {
        let points: Vec<Rect> =
            line.iter().map(|p| Rect::new(geometry::coord(p.0), geometry::coord(p.1), 1, 1)).collect();
        geometry::enclosing(&points, MARGIN, 0).unwrap_or(Rect::new(0, 0, 40, 40))
    })
}

/// The members of a curve and the sign of its inside. Only elements beside the curve count
/// (not those past its ends, which an open stroke says nothing about); of those, the inside
/// is the side with fewer, and on a tie the side whose members' box would cover no other
/// element, then the side the curve bends around.
fn curve(
    model: &Model,
    line: &[PointF],
    nodes: &BTreeMap<ElementId, Rect>,
    summary: &mut Summary,
    source_id: &str,
) -> (BTreeSet<ElementId>, i8) {
    let sides: BTreeMap<&ElementId, i8> =
        nodes.iter().filter_map(|(e, r)| geometry::side_within_reach(line, center_f(r)).map(|s| (e, s))).collect();
    let on =
        |s: i8| -> BTreeSet<ElementId> { sides.iter().filter(|(_, v)| **v == s).map(|(e, _)| (*e).clone()).collect() };
    let (plus, minus) = (on(1), on(-1));
    let covers_only = |members: &BTreeSet<ElementId>| {
        let rects: Vec<Rect> = members.iter().filter_map(|e| nodes.get(e).copied()).collect();
        geometry::enclosing(&rects, MARGIN, NAME_ROOM)
            .is_some_and(|r| nodes.iter().all(|(e, n)| members.contains(e) || !r.contains(n.center())))
    };
    let inside = match plus.len().cmp(&minus.len()) {
        Ordering::Less => 1,
        Ordering::Greater => -1,
        Ordering::Equal => match (covers_only(&plus), covers_only(&minus)) {
            (true, false) => 1,
            (false, true) => -1,
            // The side the curve bends around, where the midpoint of its chord lies.
            _ => match (line.first(), line.last()) {
                (Some(a), Some(b)) => match geometry::side(line, (f64::midpoint(a.0, b.0), f64::midpoint(a.1, b.1))) {
                    0 => 1,
                    s => s,
                },
                _ => 1,
            },
        },
    };
    let members = if inside == 1 { plus } else { minus };
    report_curve(model, &members, summary, source_id);
    (members, inside)
}

/// Says what a curve was taken to hold.
fn report_curve(model: &Model, members: &BTreeSet<ElementId>, summary: &mut Summary, source_id: &str) {
    if members.is_empty() {
        summary.warn(
            WarningKind::Membership,
            Some(source_id),
            "no element lies beside this boundary curve on its smaller side: the trust boundary holds nothing, and \
             is drawn as a box around the curve",
        );
        return;
    }
    let names: Vec<String> = members
        .iter()
        .map(|e| model.elements.get(e).map_or_else(|| e.to_string(), |x| format!("{:?}", x.name)))
        .collect();
    let (what, them) = if members.len() == 1 {
        ("the one element".to_owned(), "it")
    } else {
        (format!("the {} elements", members.len()), "them")
    };
    summary.warn(
        WarningKind::Membership,
        Some(source_id),
        format!(
            "boundary curve: {what} beside it on its smaller side ({}) taken as inside it, and the boundary is \
             drawn as a box around {them}",
            names.join(", "),
        ),
    );
}
