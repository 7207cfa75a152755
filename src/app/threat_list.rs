//! The threat list: every threat in the model in one table, sortable by element, category,
//! status, severity and title, filtered by text, status, severity, category and element.
//! Status and severity change in place (one undo step each). Clicking a row, or Enter on it,
//! selects what the threat is about and centres it on a diagram that shows it; Up and
//! Down walk the rows while the list has the keyboard, Delete deletes the threat under the cursor.
//!
//! The list keeps its own state (filters, sort, cursor, the rows it last computed) like the
//! canvas does, and proposes every change as an [`Action`].

use egui::{Key, Ui};
use egui_extras::{Column, TableBuilder};

use super::action::Action;
use super::threat_labels::{severity_color, target_kind, target_name};
use super::view::{Snapshot, threat_list_keys};
use crate::edit::commands;
use crate::model::{Model, Severity, ThreatCategory, ThreatId, ThreatStatus, ThreatTarget};

/// What the list can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThreatColumn {
    /// The name of what the threat is about, then the threat's place in its list.
    #[default]
    Element,
    /// The category label.
    Category,
    /// Open first (ascending), then mitigated, accepted, transferred, not applicable.
    Status,
    /// Unrated first (ascending) up to critical.
    Severity,
    /// The title.
    Title,
}

impl ThreatColumn {
    const ALL: [Self; 5] = [Self::Element, Self::Category, Self::Status, Self::Severity, Self::Title];

    const fn label(self) -> &'static str {
        match self {
            Self::Element => "Element",
            Self::Category => "Category",
            Self::Status => "Status",
            Self::Severity => "Severity",
            Self::Title => "Title",
        }
    }
}

/// Which threats show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreatFilter {
    /// Words the title, description, mitigation, element name, rule or references contain.
    pub text: String,
    /// Only this status.
    pub status: Option<ThreatStatus>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only this category.
    pub category: Option<ThreatCategory>,
    /// Only the threats on this element, flow or boundary.
    pub target: Option<ThreatTarget>,
}

impl ThreatFilter {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The order rows are in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    /// The column.
    pub by: ThreatColumn,
    /// Largest first.
    pub descending: bool,
}

/// The threat list's own state.
#[derive(Debug, Default)]
pub struct ThreatListState {
    filter: ThreatFilter,
    sort: Sort,
    /// The row the keyboard is on.
    cursor: Option<ThreatId>,
    /// Scroll the cursor's row into view on the next frame.
    scroll_to_cursor: bool,
    /// The rows as last computed, and for what.
    rows: Vec<ThreatId>,
    rows_for: Option<(u64, ThreatFilter, Sort)>,
}

impl ThreatListState {
    /// The threats shown, in order, as of the last frame.
    #[must_use]
    pub fn rows(&self) -> &[ThreatId] {
        &self.rows
    }

    /// The row the keyboard is on.
    #[must_use]
    pub const fn cursor(&self) -> Option<&ThreatId> {
        self.cursor.as_ref()
    }

    /// The filters in use.
    #[must_use]
    pub const fn filter(&self) -> &ThreatFilter {
        &self.filter
    }

    /// The order in use.
    #[must_use]
    pub const fn sort(&self) -> Sort {
        self.sort
    }

    /// Forgets the filters and cursor (another document opened).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    fn refresh_rows(&mut self, model: &Model, revision: u64) {
        let key = (revision, self.filter.clone(), self.sort);
        if self.rows_for.as_ref() != Some(&key) {
            self.rows = rows(model, &self.filter, self.sort);
            self.rows_for = Some(key);
        }
    }

    fn move_cursor(&mut self, step: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        let next = match self.cursor.as_ref().and_then(|c| self.rows.iter().position(|r| r == c)) {
            Some(i) => i.saturating_add_signed(step).min(last),
            None if step < 0 => last,
            None => 0,
        };
        self.cursor = Some(self.rows[next].clone());
        self.scroll_to_cursor = true;
    }
}

/// The threats of `model` that pass `filter`, in `sort` order (ties by element, place, id).
#[must_use]
pub fn rows(model: &Model, filter: &ThreatFilter, sort: Sort) -> Vec<ThreatId> {
    let words: Vec<String> = filter.text.split_whitespace().map(str::to_lowercase).collect();
    let mut names: std::collections::BTreeMap<&ThreatTarget, String> = std::collections::BTreeMap::new();
    for t in model.threats.values() {
        names.entry(&t.target).or_insert_with(|| target_name(model, &t.target).to_lowercase());
    }
    let mut rows: Vec<(&ThreatId, &crate::model::Threat, &str)> = model
        .threats
        .iter()
        .filter(|(_, t)| {
            filter.status.is_none_or(|s| t.status == s)
                && filter.severity.is_none_or(|s| t.severity == s)
                && filter.category.is_none_or(|c| t.category == c)
                && filter.target.as_ref().is_none_or(|x| &t.target == x)
        })
        .map(|(id, t)| (id, t, names.get(&t.target).map_or("", String::as_str)))
        .filter(|(_, t, name)| words.is_empty() || matches_words(t, name, &words))
        .collect();
    rows.sort_by(|a, b| {
        let by_place = || (a.2, &a.1.target, a.1.rank, a.0).cmp(&(b.2, &b.1.target, b.1.rank, b.0));
        let primary = match sort.by {
            ThreatColumn::Element => std::cmp::Ordering::Equal,
            ThreatColumn::Category => a.1.category.label().cmp(b.1.category.label()),
            ThreatColumn::Status => a.1.status.cmp(&b.1.status),
            ThreatColumn::Severity => a.1.severity.cmp(&b.1.severity),
            ThreatColumn::Title => a.1.title.to_lowercase().cmp(&b.1.title.to_lowercase()),
        };
        let order = primary.then_with(by_place);
        if sort.descending { order.reverse() } else { order }
    });
    rows.into_iter().map(|(id, _, _)| id.clone()).collect()
}

/// Whether every word appears in the threat's texts, its element's name, rule or references.
fn matches_words(t: &crate::model::Threat, target_name: &str, words: &[String]) -> bool {
    let refs: Vec<String> = t.references.iter().map(ToString::to_string).collect();
    let haystack = [t.title.as_str(), &t.description, &t.mitigation, t.rule.as_deref().unwrap_or_default(), &t.score]
        .into_iter()
        .chain(refs.iter().map(String::as_str))
        .map(str::to_lowercase)
        .chain(std::iter::once(target_name.to_owned()))
        .collect::<Vec<_>>()
        .join("\n");
    words.iter().all(|w| haystack.contains(w.as_str()))
}

const ROW_HEIGHT: f32 = 24.0;

/// Draws the threat list; returns what the user did.
pub fn show(ui: &mut Ui, state: &mut ThreatListState, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let model = snapshot.model;
    state.refresh_rows(model, snapshot.revision);
    let list_id = threat_list_keys();
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        ui.strong("Threat list");
        ui.label(format!("{} of {} threats", state.rows.len(), model.threats.len()));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close").on_hover_text("View ▸ Threat list shows it again").clicked() {
                out.push(Action::SetThreatList(false));
            }
        });
    });
    filters(ui, state, model, list_id);
    if state.rows.is_empty() {
        ui.add_space(8.0);
        ui.label(if model.threats.is_empty() {
            "No threats yet: add them in the properties panel, or use Threats ▸ Suggest threats."
        } else {
            "No threat matches the filters."
        });
        return out;
    }
    let focused = ui.memory(|m| m.has_focus(list_id));
    if focused {
        keys(ui, state, model, &mut out);
    }
    let (table, clicked) = table(ui, state, snapshot, focused, &mut out);
    // The rows take the keyboard as one widget: Tab reaches it, a click on a row gives it focus.
    let keys_area = ui.interact(table, list_id, egui::Sense::focusable_noninteractive());
    keys_area.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::ListBox, true, "Threats"));
    if clicked {
        // After the area's own interaction, which hands focus away on a click it did not get.
        keys_area.request_focus();
    }
    if keys_area.gained_focus() && state.cursor.is_none() {
        state.move_cursor(1);
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(list_id, egui::EventFilter { vertical_arrows: true, ..Default::default() });
    });
    if focused {
        ui.painter().rect_stroke(table.expand(1.0), 2.0, ui.visuals().selection.stroke, egui::StrokeKind::Outside);
    }
    out
}

/// Up, Down, Home, End walk the rows; Enter goes to the threat's element; Delete deletes it.
fn keys(ui: &Ui, state: &mut ThreatListState, model: &Model, out: &mut Vec<Action>) {
    let pressed = |key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    if pressed(Key::ArrowDown) {
        state.move_cursor(1);
    }
    if pressed(Key::ArrowUp) {
        state.move_cursor(-1);
    }
    if pressed(Key::Home) {
        state.cursor = None;
        state.move_cursor(1);
    }
    if pressed(Key::End) {
        state.cursor = None;
        state.move_cursor(-1);
    }
    let Some(cursor) = state.cursor.clone() else { return };
    if pressed(Key::Enter) && model.threats.contains_key(&cursor) {
        out.push(Action::ShowThreat(cursor.clone()));
    }
    if pressed(Key::Delete) {
        let i = state.rows.iter().position(|r| r == &cursor);
        out.push(Action::Apply(commands::delete_threat(model, &cursor)));
        // Stay in place: the next row (or the one before the last) takes the cursor.
        state.cursor =
            i.and_then(|i| state.rows.get(i + 1).or_else(|| i.checked_sub(1).and_then(|j| state.rows.get(j))).cloned());
    }
}

/// Text, status, severity, category and element filters, and a way to clear them.
fn filters(ui: &mut Ui, state: &mut ThreatListState, model: &Model, list_id: egui::Id) {
    let filter = &mut state.filter;
    ui.horizontal_wrapped(|ui| {
        let caption = ui.label("Filter");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut filter.text)
                    .hint_text("title, element, CWE…")
                    .desired_width(180.0)
                    .id_salt("threat_list_text"),
            )
            .labelled_by(caption.id);
        if field.has_focus() && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowDown)) {
            ui.memory_mut(|m| m.request_focus(list_id));
        }
        choose(ui, "Status", &mut filter.status, ThreatStatus::ALL.iter().map(|s| (*s, s.label().to_owned())));
        choose(ui, "Severity", &mut filter.severity, Severity::ALL.iter().map(|s| (*s, s.label().to_owned())));
        let mut categories: Vec<ThreatCategory> = model.meta.methodology.categories().to_vec();
        for t in model.threats.values() {
            if !categories.contains(&t.category) {
                categories.push(t.category);
            }
        }
        choose(ui, "Category", &mut filter.category, categories.into_iter().map(|c| (c, c.label().to_owned())));
        let mut targets: Vec<(ThreatTarget, String)> = Vec::new();
        for t in model.threats.values() {
            if !targets.iter().any(|(x, _)| x == &t.target) {
                let label =
                    format!("{} ({})", target_name(model, &t.target), target_kind(model, &t.target).to_lowercase());
                targets.push((t.target.clone(), label));
            }
        }
        targets.sort_by_key(|a| a.1.to_lowercase());
        choose(ui, "Element", &mut filter.target, targets.into_iter());
        if ui.add_enabled(!filter.is_empty(), egui::Button::new("Clear filters")).clicked() {
            *filter = ThreatFilter::default();
        }
    });
}

/// A labelled filter combo box: "All" or one value.
fn choose<T: Clone + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    options: impl Iterator<Item = (T, String)>,
) {
    let caption = ui.label(label);
    let options: Vec<(T, String)> = options.collect();
    let shown = value
        .as_ref()
        .and_then(|v| options.iter().find(|(o, _)| o == v).map(|(_, l)| l.clone()))
        .unwrap_or_else(|| "All".to_owned());
    let combo = egui::ComboBox::from_id_salt(("threat_list_filter", label)).selected_text(shown).show_ui(ui, |ui| {
        ui.selectable_value(value, None, "All");
        for (o, l) in options {
            ui.selectable_value(value, Some(o), l);
        }
    });
    combo.response.labelled_by(caption.id);
}

/// The table; returns the rect its rows cover, and whether a row was clicked.
fn table(
    ui: &mut Ui,
    state: &mut ThreatListState,
    snapshot: &Snapshot<'_>,
    focused: bool,
    out: &mut Vec<Action>,
) -> (egui::Rect, bool) {
    let model = snapshot.model;
    let selected_targets = super::threat_labels::targets_of(&snapshot.view.selection);
    let mut builder = TableBuilder::new(ui)
        .id_salt("threat_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .auto_shrink(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(180.0).at_least(60.0).clip(true))
        .column(Column::initial(150.0).at_least(60.0).clip(true))
        .column(Column::initial(130.0).at_least(80.0))
        .column(Column::initial(110.0).at_least(80.0))
        .column(Column::remainder().at_least(120.0).clip(true));
    if std::mem::take(&mut state.scroll_to_cursor)
        && let Some(i) = state.cursor.as_ref().and_then(|c| state.rows.iter().position(|r| r == c))
    {
        builder = builder.scroll_to_row(i, None);
    }
    let mut clicked: Option<ThreatId> = None;
    let output = builder
        .header(22.0, |mut header| {
            for column in ThreatColumn::ALL {
                header.col(|ui| {
                    let arrow = match (state.sort.by == column, state.sort.descending) {
                        (true, false) => " ▲",
                        (true, true) => " ▼",
                        (false, _) => "",
                    };
                    let button = egui::Button::new(egui::RichText::new(format!("{}{arrow}", column.label())).strong())
                        .frame(false);
                    let hint = format!("Sort by {}", column.label().to_lowercase());
                    if ui.add(button).on_hover_text(hint).clicked() {
                        state.sort = if state.sort.by == column {
                            Sort { by: column, descending: !state.sort.descending }
                        } else {
                            // Most severe first; everything else from A.
                            Sort { by: column, descending: column == ThreatColumn::Severity }
                        };
                    }
                });
            }
        })
        .body(|body| {
            let rows = &state.rows;
            body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                let id = &rows[row.index()];
                let Some(t) = model.threats.get(id) else { return };
                let on_cursor = state.cursor.as_ref() == Some(id);
                row.set_selected(
                    on_cursor || (!focused && state.cursor.is_none() && selected_targets.contains(&t.target)),
                );
                row.col(|ui| {
                    cell_text(ui, &target_name(model, &t.target)).on_hover_text(target_kind(model, &t.target));
                });
                row.col(|ui| {
                    cell_text(ui, t.category.label());
                });
                row.col(|ui| status_cell(ui, model, id, t, out));
                row.col(|ui| severity_cell(ui, model, id, t, out));
                row.col(|ui| {
                    cell_text(ui, &t.title).on_hover_text(&t.title);
                });
                if row.response().clicked() {
                    clicked = Some(id.clone());
                }
            });
        });
    let was_clicked = clicked.is_some();
    if let Some(id) = clicked {
        if model.threats.contains_key(&id) {
            out.push(Action::ShowThreat(id.clone()));
        }
        state.cursor = Some(id);
    }
    (output.inner_rect, was_clicked)
}

/// A one-line cell label that lets clicks through to its row.
fn cell_text(ui: &mut Ui, text: &str) -> egui::Response {
    ui.add(egui::Label::new(text).selectable(false).truncate())
}

fn status_cell(ui: &mut Ui, model: &Model, id: &ThreatId, t: &crate::model::Threat, out: &mut Vec<Action>) {
    let mut status = t.status;
    egui::ComboBox::from_id_salt(("threat_list_status", id.as_str()))
        .selected_text(status.label())
        .width(110.0)
        .show_ui(ui, |ui| {
            for s in ThreatStatus::ALL {
                ui.selectable_value(&mut status, s, s.label());
            }
        })
        .response
        .on_hover_text(format!("Status of \u{201c}{}\u{201d}", t.title));
    if status != t.status {
        let mut tx = commands::update_threat(model, id, |x| x.status = status);
        tx.label = format!("Set status to {}", status.label().to_lowercase());
        out.push(Action::Apply(tx));
    }
}

fn severity_cell(ui: &mut Ui, model: &Model, id: &ThreatId, t: &crate::model::Threat, out: &mut Vec<Action>) {
    let mut severity = t.severity;
    let text = egui::RichText::new(severity.label()).color(severity_color(ui, severity)).strong();
    egui::ComboBox::from_id_salt(("threat_list_severity", id.as_str()))
        .selected_text(text)
        .width(90.0)
        .show_ui(ui, |ui| {
            for s in Severity::ALL {
                ui.selectable_value(&mut severity, s, s.label());
            }
        })
        .response
        .on_hover_text(format!("Severity of \u{201c}{}\u{201d}", t.title));
    if severity != t.severity {
        let mut tx = commands::update_threat(model, id, |x| x.severity = severity);
        tx.label = format!("Set severity to {}", severity.label().to_lowercase());
        out.push(Action::Apply(tx));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        crate::format::juice_shop_sample()
    }

    #[test]
    fn filters_combine_and_every_row_passes_them() {
        let model = sample();
        let all = rows(&model, &ThreatFilter::default(), Sort::default());
        assert_eq!(all.len(), model.threats.len());
        let filter = ThreatFilter { status: Some(ThreatStatus::Accepted), ..ThreatFilter::default() };
        let accepted = rows(&model, &filter, Sort::default());
        assert!(!accepted.is_empty() && accepted.len() < all.len());
        assert!(accepted.iter().all(|id| model.threats[id].status == ThreatStatus::Accepted));
        let filter = ThreatFilter { text: "cwe-79".into(), ..ThreatFilter::default() };
        let xss = rows(&model, &filter, Sort::default());
        assert!(!xss.is_empty());
        let mentions = |id: &ThreatId| {
            let t = &model.threats[id];
            let refs = t.references.iter().map(|r| r.to_string().to_lowercase());
            refs.chain([t.title.to_lowercase(), t.description.to_lowercase(), t.mitigation.to_lowercase()])
                .any(|x| x.contains("cwe-79"))
        };
        assert!(xss.iter().all(mentions));
        assert!(xss.iter().any(|id| model.threats[id].references.contains(&crate::model::Reference::Cwe(79))));
    }

    #[test]
    fn sorting_by_severity_descending_puts_the_worst_first() {
        let model = sample();
        let sorted = rows(&model, &ThreatFilter::default(), Sort { by: ThreatColumn::Severity, descending: true });
        let severities: Vec<Severity> = sorted.iter().map(|id| model.threats[id].severity).collect();
        assert!(severities.windows(2).all(|w| w[0] >= w[1]), "{severities:?}");
        assert_ne!(severities.first(), severities.last(), "the sample has several severities");
    }

    #[test]
    fn the_element_filter_and_the_text_match_element_names() {
        let model = sample();
        let target = model.threats.values().next().map(|t| t.target.clone()).expect("a threat");
        let filter = ThreatFilter { target: Some(target.clone()), ..ThreatFilter::default() };
        let on = rows(&model, &filter, Sort::default());
        assert_eq!(on.len(), model.threats_on(&target).count());
        let name = target_name(&model, &target);
        let filter = ThreatFilter { text: name.to_uppercase(), ..ThreatFilter::default() };
        assert!(rows(&model, &filter, Sort::default()).iter().any(|id| model.threats[id].target == target));
    }
}
