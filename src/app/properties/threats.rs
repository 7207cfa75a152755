//! The threats section of the properties panel: each threat on the selected element, flow or
//! boundary in its own collapsing section, with its fields, references (CWE and CAPEC ids and
//! links, each opening its page), score, the library rule it came from, and buttons to
//! duplicate, move up or down and delete it; then "Add threat" and the pending suggestions.
//! Every change is one undoable command; the buttons are reached with Tab like any other.

use egui::Ui;

use super::{Panel, pending};
use crate::app::action::Action;
use crate::app::threat_labels::reference_links;
use crate::edit::commands;
use crate::edit::threat_list::{Direction, duplicate_threat, move_threat};
use crate::model::{
    MAX_REFERENCES, MAX_TEXT_CHARS, Methodology, Reference, Severity, Threat, ThreatCategory, ThreatId, ThreatStatus,
    ThreatTarget,
};

/// The threats on one target, "Add threat", and the target's pending suggestions.
pub(super) fn section(p: &mut Panel<'_>, ui: &mut Ui, target: &ThreatTarget) {
    ui.add_space(8.0);
    ui.separator();
    let model = p.model;
    let threats: Vec<(&ThreatId, &Threat)> = model.threats_on(target).collect();
    let open = threats.iter().filter(|(_, t)| t.status == ThreatStatus::Open).count();
    // Say which count is which: the badge on the diagram counts open threats.
    ui.heading(format!("Threats: {open} open of {}", threats.len()));
    let methodology = model.meta.methodology;
    // A threat just added (or duplicated) opens with its title selected, ready to type over.
    let added_key = egui::Id::unique("threat_just_added");
    let just_added: Option<ThreatId> = ui.data(|d| d.get_temp(added_key));
    let owner = p.record.clone();
    let count = threats.len();
    for (place, (id, threat)) in threats.into_iter().enumerate() {
        // Headers do not wrap: keep them short so a long title cannot widen the panel.
        let mut header = format!("{} · {} · {}", threat.category.label(), threat.status.label(), threat.title);
        if header.chars().count() > 48 {
            header = header.chars().take(47).collect::<String>() + "…";
        }
        let fresh = just_added.as_ref() == Some(id);
        if fresh {
            ui.data_mut(|d| d.remove::<ThreatId>(added_key));
            p.focus = Some("Title");
        }
        let reveal = p.reveal_threat == Some(id);
        let shown = egui::CollapsingHeader::new(header)
            .id_salt(("threat", id.as_str()))
            .open((fresh || reveal).then_some(true))
            .show(ui, |ui| {
                id.as_str().clone_into(&mut p.record);
                fields(p, ui, id, threat, methodology);
                if let Some(copy) = list_buttons(p, ui, id, (place, count)) {
                    ui.data_mut(|d| d.insert_temp(added_key, copy));
                }
            });
        if reveal {
            shown.header_response.scroll_to_me(Some(egui::Align::TOP));
        }
    }
    p.record = owner;
    if ui.button("Add threat").clicked() {
        let category = methodology.categories().first().copied().unwrap_or(ThreatCategory::Spoofing);
        let (id, tx) = commands::add_threat(target.clone(), category, "New threat");
        p.apply(tx);
        ui.data_mut(|d| d.insert_temp(added_key, id));
    }
    pending::section(p, ui, target);
}

fn fields(p: &mut Panel<'_>, ui: &mut Ui, id: &ThreatId, threat: &Threat, methodology: Methodology) {
    let update = |p: &mut Panel<'_>, change: &dyn Fn(&mut Threat)| {
        let tx = commands::update_threat(p.model, id, change);
        p.apply(tx);
    };
    if let Some(v) = p.text(ui, "Title", &threat.title, false) {
        update(p, &move |t| t.title.clone_from(&v));
    }
    let mut category = threat.category;
    egui::ComboBox::new(("category", id.as_str()), "Category").selected_text(category.label()).show_ui(ui, |ui| {
        for c in methodology.categories() {
            ui.selectable_value(&mut category, *c, c.label());
        }
    });
    let mut status = threat.status;
    let mut severity = threat.severity;
    ui.horizontal(|ui| {
        egui::ComboBox::new(("status", id.as_str()), "Status").selected_text(status.label()).show_ui(ui, |ui| {
            for s in ThreatStatus::ALL {
                ui.selectable_value(&mut status, s, s.label());
            }
        });
        egui::ComboBox::new(("severity", id.as_str()), "Severity").selected_text(severity.label()).show_ui(ui, |ui| {
            for s in Severity::ALL {
                ui.selectable_value(&mut severity, s, s.label());
            }
        });
    });
    if (category, status, severity) != (threat.category, threat.status, threat.severity) {
        update(p, &move |t| {
            t.category = category;
            t.status = status;
            t.severity = severity;
        });
    }
    if let Some(v) = p.text(ui, "Score", &threat.score, false) {
        update(p, &move |t| t.score.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "How it works", &threat.description, true) {
        update(p, &move |t| t.description.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "Mitigation", &threat.mitigation, true) {
        update(p, &move |t| t.mitigation.clone_from(&v));
    }
    if let Some(v) = references(p, ui, id, &threat.references) {
        let mut tx = commands::update_threat(p.model, id, move |t| t.references = v);
        "Edit references".clone_into(&mut tx.label);
        p.apply(tx);
    }
    rule_line(p, ui, threat);
}

/// Which library rule suggested the threat, read-only: its id and title.
fn rule_line(p: &Panel<'_>, ui: &mut Ui, threat: &Threat) {
    let text = match &threat.rule {
        Some(rule) => match p.library.rule(rule) {
            Some(r) => format!("From library rule {rule}: {}", r.title.source()),
            None => format!("From library rule {rule} (not in the loaded library)"),
        },
        None => "Written by the team (no library rule)".to_owned(),
    };
    ui.label(egui::RichText::new(text).small().weak());
}

/// Duplicate, Move up, Move down, Delete threat; returns the copy's id after Duplicate.
fn list_buttons(p: &mut Panel<'_>, ui: &mut Ui, id: &ThreatId, (place, count): (usize, usize)) -> Option<ThreatId> {
    let mut copy = None;
    ui.horizontal_wrapped(|ui| {
        if ui.button("Duplicate").on_hover_text("A copy right below, with no library rule").clicked()
            && let Some((new_id, tx)) = duplicate_threat(p.model, id)
        {
            p.apply(tx);
            copy = Some(new_id);
        }
        if ui.add_enabled(place > 0, egui::Button::new("Move up")).clicked() {
            p.apply(move_threat(p.model, id, Direction::Up));
        }
        if ui.add_enabled(place + 1 < count, egui::Button::new("Move down")).clicked() {
            p.apply(move_threat(p.model, id, Direction::Down));
        }
        if ui.button("Delete threat").clicked() {
            p.apply(commands::delete_threat(p.model, id));
        }
    });
    copy
}

/// A reference line that does not read: which line, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
struct BadLine {
    line: usize,
    fault: String,
}

/// The references in `text`, one per line (blank lines skipped, repeats dropped), and the
/// lines that are not references.
fn parse_references(text: &str) -> (Vec<Reference>, Vec<BadLine>) {
    let mut refs = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match line.parse::<Reference>() {
            Ok(_) if refs.len() == MAX_REFERENCES => {
                bad.push(BadLine { line: i + 1, fault: format!("a threat holds at most {MAX_REFERENCES} references") });
            }
            Ok(r) if !refs.contains(&r) => refs.push(r),
            Ok(_) => {}
            Err(e) => bad.push(BadLine { line: i + 1, fault: e.to_string() }),
        }
    }
    (refs, bad)
}

/// The references field: one per line, shown as typed while it has focus (with what does not
/// read and why), the model getting the lines that read; links to each reference below.
/// Returns the new list when it changed.
fn references(p: &mut Panel<'_>, ui: &mut Ui, id: &ThreatId, current: &[Reference]) -> Option<Vec<Reference>> {
    let draft_id = egui::Id::unique(("references_draft", id.as_str()));
    let draft: Option<String> = ui.data(|d| d.get_temp(draft_id));
    let mut text = draft.unwrap_or_else(|| current.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    let caption = ui.label("References (one per line)");
    let edit = egui::TextEdit::multiline(&mut text)
        .desired_rows(2)
        .desired_width(f32::INFINITY)
        .char_limit(MAX_TEXT_CHARS)
        .hint_text("CWE-79, CAPEC-66 or an https:// link")
        .id_salt((p.record.as_str(), "References"));
    let response = ui.add(edit).labelled_by(caption.id);
    if response.gained_focus() {
        p.out.push(Action::BeginGesture("Edit references".to_owned()));
    }
    let escaped = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape));
    let (parsed, bad) = parse_references(&text);
    let mut result = None;
    if response.changed() {
        ui.data_mut(|d| d.insert_temp(draft_id, text.clone()));
        if parsed != current {
            result = Some(parsed);
        }
    }
    if response.has_focus() {
        let warn = ui.visuals().warn_fg_color;
        for b in &bad {
            ui.label(egui::RichText::new(format!("Line {}: {}", b.line, b.fault)).small().color(warn));
        }
    }
    if response.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(draft_id));
        if escaped {
            ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
            p.out.push(Action::CancelGesture);
            return None;
        }
        p.out.push(Action::EndGesture);
    }
    reference_links(ui, current, false);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_one_per_line_and_say_which_line_is_wrong() {
        let (refs, bad) = parse_references("CWE-79\n\n capec-66 \nCWE-79\nCWE-x\nhttps://owasp.org/Top10/\nnot one");
        assert_eq!(
            refs,
            vec![Reference::Cwe(79), Reference::Capec(66), Reference::Link("https://owasp.org/Top10/".into())]
        );
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), vec![5, 7]);
        assert!(bad[0].fault.contains("CWE"), "{}", bad[0].fault);
    }

    #[test]
    fn no_more_references_than_a_threat_holds() {
        let text: Vec<String> = (1..=MAX_REFERENCES + 2).map(|n| format!("CWE-{n}")).collect();
        let (refs, bad) = parse_references(&text.join("\n"));
        assert_eq!(refs.len(), MAX_REFERENCES);
        assert_eq!(bad.len(), 2);
    }
}
