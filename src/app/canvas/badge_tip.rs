//! The tooltip of a threat badge: the target's threats counted by status, and the highest open
//! severity the badge's colour stands for. Shown while the pointer rests on the badge itself.

use crate::app::threat_labels::{counts_by_status, target_name};
use crate::model::{Model, Severity, ThreatStatus, ThreatTarget};
use crate::scene::{Owner, Pos, Scene, element_badge_center, flow_badge_center};

/// How far from a badge's centre, in diagram units, the pointer still rests on it.
const REACH: f32 = 10.0;

/// The target whose badge is at `pointer`, if the record under the pointer has one there.
#[must_use]
pub fn badge_at(model: &Model, scene: &Scene, hovered: Option<&Owner>, pointer: Pos) -> Option<ThreatTarget> {
    let (target, center) = match hovered? {
        Owner::Element(id) => {
            let rect = scene.layout.elements.get(id)?;
            let kind = &model.elements.get(id)?.kind;
            (ThreatTarget::Element(id.clone()), element_badge_center(kind, rect))
        }
        Owner::Flow(id) => {
            let label = scene.layout.flows.get(id)?.label?;
            (ThreatTarget::Flow(id.clone()), flow_badge_center(&label))
        }
        _ => return None,
    };
    let open = model.threats.values().any(|t| t.status == ThreatStatus::Open && t.target == target);
    (open && center.distance(pointer) <= REACH).then_some(target)
}

/// The tooltip's lines: "Angular SPA: 3 open · 1 mitigated", "Highest open severity: High".
#[must_use]
pub fn lines(model: &Model, target: &ThreatTarget) -> [String; 2] {
    let highest = model
        .threats
        .values()
        .filter(|t| t.status == ThreatStatus::Open && &t.target == target)
        .map(|t| t.severity)
        .max()
        .unwrap_or(Severity::Unrated);
    [
        format!("{}: {}", target_name(model, target), counts_by_status(model, target)),
        format!("Highest open severity: {}", highest.label()),
    ]
}

/// Shows the tooltip when the pointer rests on a badge.
pub fn show(response: &egui::Response, model: &Model, target: &ThreatTarget) {
    let [counts, highest] = lines(model, target);
    response.clone().on_hover_ui_at_pointer(|ui| {
        ui.label(egui::RichText::new(counts).strong());
        ui.label(highest);
        ui.label(egui::RichText::new("The badge counts open threats").small().weak());
    });
}
