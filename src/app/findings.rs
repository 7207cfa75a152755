//! The live checks' results: every finding of the model as it stands, counted, and grouped by
//! the record a canvas marker points at. The editor recomputes them once per change of the
//! model (never per frame); widgets read them through the [`Snapshot`](super::Snapshot).

use std::collections::BTreeMap;

use crate::model::{Model, Subject};
use crate::rules::{self, Counts, Finding, Severity};

/// The findings of one revision of the model.
#[derive(Debug, Default)]
pub struct Findings {
    /// The revision they were found in; `None` before the first check.
    revision: Option<u64>,
    /// Every finding, suppressed ones included, in registry order.
    list: Vec<Finding>,
    /// How many of each severity.
    counts: Counts,
    /// Per record a marker shows on: the most severe unsuppressed error or warning about it,
    /// and the positions in `list` of those findings.
    marks: BTreeMap<Subject, Mark>,
}

/// A canvas marker: the findings about one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The most severe of them.
    pub severity: Severity,
    /// Their positions in [`Findings::list`].
    pub findings: Vec<usize>,
}

impl Findings {
    /// Checks `model` if it changed since the last check (`revision` says), and returns
    /// whether it did.
    pub fn refresh(&mut self, model: &Model, revision: u64) -> bool {
        if self.revision == Some(revision) {
            return false;
        }
        self.list = rules::check(model);
        self.counts = Counts::of(&self.list);
        self.marks = marks(model, &self.list);
        self.revision = Some(revision);
        true
    }

    /// Forgets the findings (another document was opened: its revisions count afresh).
    pub fn forget(&mut self) {
        *self = Self::default();
    }

    /// Every finding, suppressed ones included.
    #[must_use]
    pub fn list(&self) -> &[Finding] {
        &self.list
    }

    /// How many findings of each severity, and how many are suppressed.
    #[must_use]
    pub const fn counts(&self) -> Counts {
        self.counts
    }

    /// The markers, by the record they point at.
    #[must_use]
    pub const fn marks(&self) -> &BTreeMap<Subject, Mark> {
        &self.marks
    }

    /// The status bar's summary: "2 errors · 5 warnings".
    #[must_use]
    pub fn summary(&self) -> String {
        let Counts { errors, warnings, .. } = self.counts;
        format!("{} · {}", count(errors, "error"), count(warnings, "warning"))
    }
}

/// "1 error", "2 warnings".
#[must_use]
pub fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The record a finding's canvas marker sits on: its primary subject, or for a finding about a
/// threat the record the threat is on. A diagram or the model as a whole has no marker.
#[must_use]
pub fn marked_subject<'f>(model: &Model, finding: &'f Finding) -> Option<&'f Subject> {
    match finding.primary() {
        Subject::Element(_) | Subject::Flow(_) | Subject::Boundary(_) | Subject::Message(_) => Some(finding.primary()),
        Subject::Threat(id) => {
            let target = model.threats.get(id).map(|t| Subject::from(t.target.clone()))?;
            finding.subjects.iter().find(|s| **s == target)
        }
        Subject::Diagram(_) | Subject::Model => None,
    }
}

/// Markers for the unsuppressed errors and warnings. Hints stay in the problems panel: they
/// are reminders, and marking every record without threats would bury the canvas.
fn marks(model: &Model, list: &[Finding]) -> BTreeMap<Subject, Mark> {
    let mut marks: BTreeMap<Subject, Mark> = BTreeMap::new();
    for (i, finding) in list.iter().enumerate() {
        if finding.is_suppressed() || finding.severity < Severity::Warning {
            continue;
        }
        let Some(subject) = marked_subject(model, finding) else { continue };
        if let Some(mark) = marks.get_mut(subject) {
            mark.severity = mark.severity.max(finding.severity);
            mark.findings.push(i);
        } else {
            marks.insert(subject.clone(), Mark { severity: finding.severity, findings: vec![i] });
        }
    }
    marks
}

/// The colour of a severity's mark: red for errors, amber for warnings, blue for hints.
#[must_use]
pub const fn severity_color(severity: Severity) -> egui::Color32 {
    match severity {
        Severity::Error => egui::Color32::from_rgb(211, 47, 47),
        Severity::Warning => egui::Color32::from_rgb(230, 160, 0),
        Severity::Hint => egui::Color32::from_rgb(30, 136, 229),
    }
}

/// Paints a severity's mark centred at `center`, `radius` across in the painter's units: a
/// red disc with "!" for an error, an amber triangle with "!" for a warning, a blue disc with
/// "i" for a hint. Shapes rather than glyphs, so they look the same in every font and zoom.
pub fn paint_severity(painter: &egui::Painter, center: egui::Pos2, radius: f32, severity: Severity) {
    use egui::{Color32, Pos2, Stroke, pos2};
    let color = severity_color(severity);
    let outline = Stroke::new(radius * 0.18, Color32::WHITE);
    let (mark, mark_center) = match severity {
        Severity::Warning => {
            let points = vec![
                pos2(center.x, center.y - radius * 1.05),
                pos2(center.x + radius * 1.1, center.y + radius * 0.85),
                pos2(center.x - radius * 1.1, center.y + radius * 0.85),
            ];
            painter.add(egui::Shape::convex_polygon(points, color, outline));
            (Color32::from_rgb(40, 30, 0), pos2(center.x, center.y + radius * 0.15))
        }
        Severity::Error | Severity::Hint => {
            painter.circle(center, radius, color, outline);
            (Color32::WHITE, center)
        }
    };
    let stroke = Stroke::new(radius * 0.26, mark);
    let at = |dy: f32| Pos2::new(mark_center.x, mark_center.y + dy * radius);
    if severity == Severity::Hint {
        painter.circle_filled(at(-0.45), radius * 0.15, mark);
        painter.line_segment([at(-0.15), at(0.5)], stroke);
    } else {
        painter.line_segment([at(-0.55), at(0.15)], stroke);
        painter.circle_filled(at(0.45), radius * 0.15, mark);
    }
}

/// A severity's mark as a widget the size of a line of text, with the severity as its hover
/// text (and accessible name).
pub fn severity_icon(ui: &mut egui::Ui, severity: Severity) -> egui::Response {
    let size = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    paint_severity(ui.painter(), rect.center(), size * 0.4, severity);
    response.on_hover_text(severity.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DataFlow, Element, ElementId, ElementKindTag, FlowId};

    fn two_entities() -> Model {
        let mut m = Model::default();
        for id in ["a", "b"] {
            let kind = ElementKindTag::ExternalEntity.default_kind();
            m.elements.insert(ElementId::new(id), Element { name: id.to_uppercase(), kind, ..Element::default() });
        }
        m.flows.insert(
            FlowId::new("f"),
            DataFlow { source: ElementId::new("a"), target: ElementId::new("b"), ..DataFlow::default() },
        );
        m
    }

    #[test]
    fn checks_once_per_revision_and_marks_errors_and_warnings_only() {
        let model = two_entities();
        let mut findings = Findings::default();
        assert!(findings.refresh(&model, 3));
        assert!(!findings.refresh(&model, 3), "the same revision is not checked again");
        assert_eq!(findings.counts().errors, 1, "DFD003: flow between two external entities");
        let mark = &findings.marks()[&Subject::Flow(FlowId::new("f"))];
        assert_eq!(mark.severity, Severity::Error);
        let hints = findings.list().iter().filter(|f| f.severity == Severity::Hint).count();
        assert!(hints > 0);
        let marked: usize = findings.marks().values().map(|m| m.findings.len()).sum();
        assert_eq!(marked, findings.counts().errors + findings.counts().warnings);
        assert_eq!(findings.summary(), format!("1 error · {}", count(findings.counts().warnings, "warning")));
        findings.forget();
        assert!(findings.list().is_empty());
        assert!(findings.refresh(&model, 3), "after forgetting, the same revision number is checked");
    }
}
