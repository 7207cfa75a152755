//! Find (Ctrl+F): a small bar over the canvas that searches elements, flows, boundaries and
//! threats by name and text across every diagram. Enter jumps to the next match (Shift+Enter to
//! the previous one), switching to a diagram that draws it, selecting it and centring it; Esc
//! closes the bar and gives the keyboard back to the canvas.

use crate::app::action::{Action, Reveal};
use crate::app::view::Snapshot;
use crate::edit::commands::Item;
use crate::model::{
    BoundaryId, Diagram, DiagramId, DiagramView, ElementId, ElementKind, FlowId, Model, ThreatId, ThreatTarget,
};

/// A record the search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A process, external entity or data store.
    Element(ElementId),
    /// A data flow.
    Flow(FlowId),
    /// A trust boundary.
    Boundary(BoundaryId),
    /// A threat (shown by selecting what it threatens).
    Threat(ThreatId),
}

/// Whether any of `texts` contains `needle` (already lower-case), ignoring case.
fn any_contains<'a>(needle: &str, texts: impl IntoIterator<Item = &'a str>) -> bool {
    texts.into_iter().any(|t| t.to_lowercase().contains(needle))
}

/// Everything whose name or text contains `query` (ignoring case): elements (name,
/// description, technology), flows (name, data, protocol, description), boundaries (name,
/// description), then threats (title, description), each kind in id order.
#[must_use]
pub fn matches(model: &Model, query: &str) -> Vec<Found> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (id, e) in &model.elements {
        let technology = match &e.kind {
            ElementKind::Process(p) => p.technology.as_str(),
            _ => "",
        };
        if any_contains(&needle, [e.name.as_str(), &e.description, technology]) {
            found.push(Found::Element(id.clone()));
        }
    }
    for (id, f) in &model.flows {
        if any_contains(&needle, [f.name.as_str(), &f.data, &f.protocol, &f.description]) {
            found.push(Found::Flow(id.clone()));
        }
    }
    for (id, b) in &model.boundaries {
        if any_contains(&needle, [b.name.as_str(), &b.description]) {
            found.push(Found::Boundary(id.clone()));
        }
    }
    for (id, t) in &model.threats {
        if any_contains(&needle, [t.title.as_str(), &t.description]) {
            found.push(Found::Threat(id.clone()));
        }
    }
    found
}

/// What selecting `found` on diagram `d` means, if `d` draws it.
fn shown_on(model: &Model, d: &Diagram, found: &Found) -> Option<Reveal> {
    let select = |item: Item| Reveal { diagram: Some(d.id.clone()), items: [item].into(), ..Reveal::default() };
    match (&d.view, found) {
        (DiagramView::Dfd(v), Found::Element(e)) => v.nodes.contains_key(e).then(|| select(Item::Element(e.clone()))),
        (DiagramView::Sequence(s), Found::Element(e)) => {
            s.lifelines.contains(e).then(|| select(Item::Element(e.clone())))
        }
        (DiagramView::Dfd(v), Found::Flow(f)) => model
            .flows
            .get(f)
            .filter(|x| v.nodes.contains_key(&x.source) && v.nodes.contains_key(&x.target))
            .map(|_| select(Item::Flow(f.clone()))),
        (DiagramView::Sequence(s), Found::Flow(f)) => {
            let messages: std::collections::BTreeSet<_> =
                s.messages.iter().filter(|m| m.flow.as_ref() == Some(f)).map(|m| m.id.clone()).collect();
            (!messages.is_empty()).then(|| Reveal { messages, ..select(Item::Flow(f.clone())) })
        }
        (DiagramView::Dfd(v), Found::Boundary(b)) => {
            v.boundaries.contains_key(b).then(|| select(Item::Boundary(b.clone())))
        }
        (DiagramView::Sequence(_), Found::Boundary(_)) => None,
        (_, Found::Threat(t)) => {
            let target = match &model.threats.get(t)?.target {
                ThreatTarget::Element(e) => Found::Element(e.clone()),
                ThreatTarget::Flow(f) => Found::Flow(f.clone()),
                ThreatTarget::Boundary(b) => Found::Boundary(b.clone()),
            };
            shown_on(model, d, &target)
        }
    }
}

/// How to show `found`: on the current diagram if it draws it, else on the first diagram that
/// does; a record no diagram draws is selected where the user is (the panel shows it).
#[must_use]
pub fn reveal(model: &Model, current: Option<&DiagramId>, found: &Found) -> Reveal {
    let current_first = current
        .and_then(|c| model.diagram(c))
        .into_iter()
        .chain(model.diagrams.iter().filter(|d| Some(&d.id) != current));
    if let Some(shown) = current_first.into_iter().find_map(|d| shown_on(model, d, found)) {
        return shown;
    }
    let item = match found {
        Found::Element(e) => Some(Item::Element(e.clone())),
        Found::Flow(f) => Some(Item::Flow(f.clone())),
        Found::Boundary(b) => Some(Item::Boundary(b.clone())),
        Found::Threat(t) => model.threats.get(t).map(|t| match &t.target {
            ThreatTarget::Element(e) => Item::Element(e.clone()),
            ThreatTarget::Flow(f) => Item::Flow(f.clone()),
            ThreatTarget::Boundary(b) => Item::Boundary(b.clone()),
        }),
    };
    Reveal { diagram: None, items: item.into_iter().collect(), ..Reveal::default() }
}

/// The find bar's state while it is open.
#[derive(Debug, Default)]
pub struct FindBar {
    /// What is typed.
    query: String,
    /// The match last jumped to.
    current: Option<usize>,
    /// The field takes the keyboard (and selects its text) on the next frame.
    focus: bool,
    /// The matches of `query` at a model revision.
    cache: Option<(String, u64, Vec<Found>)>,
}

impl FindBar {
    /// A bar whose field takes the keyboard at once.
    #[must_use]
    pub fn opened() -> Self {
        Self { focus: true, ..Self::default() }
    }

    /// Puts the keyboard back in the field (Ctrl+F while it is open).
    pub const fn refocus(&mut self) {
        self.focus = true;
    }

    /// The matches of the typed text, recomputed when it or the model changes.
    fn results(&mut self, model: &Model, revision: u64) -> &[Found] {
        let stale = self.cache.as_ref().is_none_or(|(q, r, _)| q != &self.query || *r != revision);
        if stale {
            self.cache = Some((self.query.clone(), revision, matches(model, &self.query)));
        }
        self.cache.as_ref().map_or(&[], |(_, _, found)| found.as_slice())
    }

    /// Jumps `step` matches on (1 next, -1 previous), wrapping around.
    fn jump(&mut self, snapshot: &Snapshot<'_>, step: isize) -> Vec<Action> {
        let current = self.current;
        let results = self.results(snapshot.model, snapshot.revision);
        let n = results.len();
        if n == 0 {
            return Vec::new();
        }
        let next = match current {
            Some(i) => (i.min(n - 1) + n).saturating_add_signed(step) % n,
            None if step >= 0 => 0,
            None => n - 1,
        };
        let found = results[next].clone();
        self.current = Some(next);
        let mut out = vec![Action::Reveal(reveal(snapshot.model, snapshot.view.diagram.as_ref(), &found))];
        if matches!(found, Found::Threat(_)) {
            out.push(Action::SetPropertiesPanel(true));
        }
        out
    }

    /// "3 of 12", "12 matches", "No matches", or nothing before anything is typed.
    fn counter(&mut self, model: &Model, revision: u64) -> String {
        let current = self.current;
        let n = self.results(model, revision).len();
        match (n, current) {
            _ if self.query.trim().is_empty() => String::new(),
            (0, _) => "No matches".to_owned(),
            (n, Some(i)) if i < n => format!("{} of {n}", i + 1),
            (1, _) => "1 match".to_owned(),
            (n, _) => format!("{n} matches"),
        }
    }
}

/// What the bar asks for in one frame.
pub struct BarOutput {
    /// Jumps.
    pub actions: Vec<Action>,
    /// The user closed the bar.
    pub closed: bool,
}

/// Draws the bar at the top right of the canvas (`canvas` in screen points).
pub fn show(ctx: &egui::Context, bar: &mut FindBar, snapshot: &Snapshot<'_>, canvas: egui::Rect) -> BarOutput {
    let mut out = BarOutput { actions: Vec::new(), closed: false };
    let mut step = 0;
    egui::Area::new(egui::Id::unique("find_bar"))
        .order(egui::Order::Foreground)
        .pivot(egui::Align2::RIGHT_TOP)
        .fixed_pos(canvas.right_top() + egui::vec2(-12.0, 8.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    let caption = ui.label("Find");
                    let before = bar.query.clone();
                    let output = egui::TextEdit::singleline(&mut bar.query)
                        .desired_width(220.0)
                        .hint_text("name, data, technology, threat…")
                        .char_limit(crate::model::MAX_NAME_CHARS)
                        .show(ui);
                    let field = egui::Response::clone(&output.response).labelled_by(caption.id);
                    if bar.query != before {
                        bar.current = None;
                    }
                    if std::mem::take(&mut bar.focus) {
                        field.request_focus();
                        let mut state = output.state;
                        let end = egui::text::CCursor::new(bar.query.chars().count());
                        state
                            .cursor
                            .set_char_range(Some(egui::text::CCursorRange::two(egui::text::CCursor::new(0), end)));
                        state.store(ui.ctx(), field.id);
                    }
                    let (enter, shift, escape) = ui.input(|i| {
                        (i.key_pressed(egui::Key::Enter), i.modifiers.shift, i.key_pressed(egui::Key::Escape))
                    });
                    if field.lost_focus() && escape {
                        out.closed = true;
                    } else if field.lost_focus() && enter {
                        step = if shift { -1 } else { 1 };
                        // A single-line field gives up the keyboard on Enter: keep typing.
                        field.request_focus();
                    }
                    ui.label(bar.counter(snapshot.model, snapshot.revision));
                    if ui.button("Previous").on_hover_text("Previous match (Shift+Enter)").clicked() {
                        step = -1;
                    }
                    if ui.button("Next").on_hover_text("Next match (Enter)").clicked() {
                        step = 1;
                    }
                    if ui.button("Close find").on_hover_text("Close (Esc)").clicked() {
                        out.closed = true;
                    }
                });
            });
        });
    if out.closed {
        // The canvas must not also treat this Esc as "clear the selection".
        ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    } else if step != 0 {
        out.actions = bar.jump(snapshot, step);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        crate::format::juice_shop_sample()
    }

    #[test]
    fn finds_every_kind_by_name_and_text_ignoring_case() {
        let model = sample();
        let (eid, element) = model.elements.iter().next().expect("an element");
        let found = matches(&model, &element.name.to_uppercase());
        assert!(found.contains(&Found::Element(eid.clone())), "{found:?}");
        let (fid, flow) = model.flows.iter().find(|(_, f)| !f.protocol.is_empty()).expect("a flow with a protocol");
        assert!(matches(&model, &flow.protocol).contains(&Found::Flow(fid.clone())));
        let (bid, boundary) = model.boundaries.iter().next().expect("a boundary");
        assert!(matches(&model, &boundary.name).contains(&Found::Boundary(bid.clone())));
        let (tid, threat) = model.threats.iter().next().expect("a threat");
        assert!(matches(&model, &threat.title).contains(&Found::Threat(tid.clone())));
        assert!(matches(&model, "   ").is_empty());
        assert!(matches(&model, "no such text anywhere, surely").is_empty());
    }

    #[test]
    fn reveal_prefers_the_current_diagram_then_the_first_that_draws_it() {
        let model = sample();
        let sequence = model
            .diagrams
            .iter()
            .find_map(|d| match &d.view {
                DiagramView::Sequence(s) => Some((d.id.clone(), s.clone())),
                DiagramView::Dfd(_) => None,
            })
            .expect("the sample has a sequence diagram");
        let dfd = model.diagrams[0].id.clone();
        let message = &sequence.1.messages[0];
        let flow = message.flow.clone().expect("carries a flow");
        // From the sequence diagram, a flow it carries is shown there, with its messages.
        let shown = reveal(&model, Some(&sequence.0), &Found::Flow(flow.clone()));
        assert_eq!(shown.diagram.as_ref(), Some(&sequence.0));
        assert!(shown.messages.contains(&message.id));
        assert_eq!(shown.items, [Item::Flow(flow.clone())].into());
        // From nowhere, the first diagram that draws it.
        let shown = reveal(&model, None, &Found::Flow(flow));
        assert_eq!(shown.diagram.as_ref(), Some(&dfd));
        // A boundary is never on a sequence diagram.
        let b = model.boundaries.keys().next().expect("a boundary").clone();
        assert_eq!(reveal(&model, Some(&sequence.0), &Found::Boundary(b)).diagram.as_ref(), Some(&dfd));
        // A threat shows what it threatens.
        let (t, threat) = model.threats.iter().next().expect("a threat");
        let shown = reveal(&model, Some(&dfd), &Found::Threat(t.clone()));
        let expected = match &threat.target {
            ThreatTarget::Element(e) => Item::Element(e.clone()),
            ThreatTarget::Flow(f) => Item::Flow(f.clone()),
            ThreatTarget::Boundary(b) => Item::Boundary(b.clone()),
        };
        assert_eq!(shown.items, [expected].into());
    }
}
