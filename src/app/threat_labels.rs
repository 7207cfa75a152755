//! How threats and what they are about read on screen, the same in the properties panel, the
//! suggestions review and the threat list: the target's name and kind, severity colours,
//! references as links. A leaf module: it reads the model and draws, and proposes nothing.

use std::collections::BTreeSet;

use crate::edit::commands::Item;
use crate::model::{Model, Reference, Severity, ThreatStatus, ThreatTarget};
use crate::scene::Style;

/// The name of what a threat is about: an element's or boundary's name, a flow's name (or
/// "source → target" for an unnamed flow); the id when the record is gone.
#[must_use]
pub fn target_name(model: &Model, target: &ThreatTarget) -> String {
    let element = |id| model.elements.get(id).map_or_else(|| id.to_string(), |e| e.name.clone());
    let name = match target {
        ThreatTarget::Element(id) => element(id),
        ThreatTarget::Flow(id) => match model.flows.get(id) {
            Some(f) if f.name.is_empty() => format!("{} → {}", element(&f.source), element(&f.target)),
            Some(f) => f.name.clone(),
            None => id.to_string(),
        },
        ThreatTarget::Boundary(id) => model.boundaries.get(id).map_or_else(|| id.to_string(), |b| b.name.clone()),
    };
    if name.trim().is_empty() { format!("({})", target.id_str()) } else { name }
}

/// What kind of record a target is: "Process", "Data flow", "Trust boundary".
#[must_use]
pub fn target_kind(model: &Model, target: &ThreatTarget) -> &'static str {
    match target {
        ThreatTarget::Element(id) => model.elements.get(id).map_or("Element", |e| e.kind.tag().label()),
        ThreatTarget::Flow(_) => "Data flow",
        ThreatTarget::Boundary(_) => "Trust boundary",
    }
}

/// Whether the target is marked out of scope (boundaries never are).
#[must_use]
pub fn out_of_scope(model: &Model, target: &ThreatTarget) -> bool {
    match target {
        ThreatTarget::Element(id) => model.elements.get(id).is_some_and(|e| e.out_of_scope),
        ThreatTarget::Flow(id) => model.flows.get(id).is_some_and(|f| f.out_of_scope),
        ThreatTarget::Boundary(_) => false,
    }
}

/// The selection item that is a threat's target.
#[must_use]
pub fn item_of(target: &ThreatTarget) -> Item {
    match target {
        ThreatTarget::Element(id) => Item::Element(id.clone()),
        ThreatTarget::Flow(id) => Item::Flow(id.clone()),
        ThreatTarget::Boundary(id) => Item::Boundary(id.clone()),
    }
}

/// The threat targets a selection names: "suggest for selection" works on these.
#[must_use]
pub fn targets_of(selection: &BTreeSet<Item>) -> BTreeSet<ThreatTarget> {
    selection
        .iter()
        .map(|item| match item {
            Item::Element(id) => ThreatTarget::Element(id.clone()),
            Item::Flow(id) => ThreatTarget::Flow(id.clone()),
            Item::Boundary(id) => ThreatTarget::Boundary(id.clone()),
        })
        .collect()
}

/// The colour a severity is shown in: the canvas badge's colour for it.
#[must_use]
pub fn severity_color(ui: &egui::Ui, severity: Severity) -> egui::Color32 {
    let style = if ui.visuals().dark_mode { Style::dark() } else { Style::light() };
    let c = style.badge_color(severity);
    egui::Color32::from_rgb(c.r, c.g, c.b)
}

/// A severity as a small coloured tag.
pub fn severity_tag(ui: &mut egui::Ui, severity: Severity) -> egui::Response {
    let text = egui::RichText::new(severity.label()).small().strong().color(egui::Color32::WHITE);
    ui.add(egui::Button::new(text).fill(severity_color(ui, severity)).sense(egui::Sense::hover()).small())
}

/// References as links ("CWE-79" opens MITRE's page), in one wrapping row; `small` for a
/// line of small print.
pub fn reference_links(ui: &mut egui::Ui, references: &[Reference], small: bool) {
    if references.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 8.0;
        for r in references {
            let label = match r {
                Reference::Link(url) => short_link(url),
                other => other.to_string(),
            };
            let text = if small { egui::RichText::new(label).small() } else { egui::RichText::new(label) };
            ui.hyperlink_to(text, r.url()).on_hover_text(r.url());
        }
    });
}

/// A link shortened for a row of links: its host and the start of its path.
fn short_link(url: &str) -> String {
    const SHOWN: usize = 40;
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest).trim_end_matches('/');
    if bare.chars().count() > SHOWN {
        bare.chars().take(SHOWN - 1).collect::<String>() + "…"
    } else {
        bare.to_owned()
    }
}

/// "3 open · 1 mitigated", or "no threats", for a target's threats.
#[must_use]
pub fn counts_by_status(model: &Model, target: &ThreatTarget) -> String {
    let mut counts = [0_usize; ThreatStatus::ALL.len()];
    for (_, t) in model.threats_on(target) {
        if let Some(i) = ThreatStatus::ALL.iter().position(|s| *s == t.status) {
            counts[i] += 1;
        }
    }
    let parts: Vec<String> = ThreatStatus::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.label().to_lowercase()))
        .collect();
    if parts.is_empty() { "no threats".to_owned() } else { parts.join(" · ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_links_are_shortened_for_a_row_and_short_ones_kept() {
        assert_eq!(short_link("https://owasp.org/"), "owasp.org");
        let long = "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html";
        let short = short_link(long);
        assert!(short.starts_with("cheatsheetseries.owasp.org/") && short.ends_with('…'), "{short}");
        assert_eq!(short.chars().count(), 40);
    }
}
