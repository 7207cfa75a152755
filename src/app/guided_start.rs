//! The guided start: "where do I start?" answered inside the editor. Nine steps, grouped by
//! the four questions of the Threat Modeling Manifesto, each ticked off from the model's own
//! state (never from a checkbox the user ticks), each with a short explanation and one button
//! that starts it.

use super::action::Action;
use super::findings::Findings;
use super::view::{Snapshot, Tool};
use crate::model::{DiagramView, ElementKindTag, Model, Subject, ThreatTarget};
use crate::plural::count;

/// One step of the guided start, as the model stands.
pub struct Step {
    /// "Who is involved".
    pub title: &'static str,
    /// What the step is about and why, in a few sentences.
    pub explanation: &'static str,
    /// Whether the model shows the step done.
    pub done: bool,
    /// Where the model stands on it: "2 of 5 flows say their protocol and data".
    pub progress: String,
    /// The button that starts (or continues) the step, and what it does.
    pub action: Option<(String, Vec<Action>)>,
}

/// The four questions, and the steps (by position) each one covers.
const QUESTIONS: [(&str, std::ops::Range<usize>); 4] = [
    ("What are we working on?", 0..6),
    ("What can go wrong?", 6..7),
    ("What are we going to do about it?", 7..8),
    ("Did we do a good enough job?", 8..9),
];

/// Whether `text` has something other than white space.
fn written(text: &str) -> bool {
    !text.trim().is_empty()
}

/// Opens the model's properties (nothing selected), where steps 1-3 are written.
fn model_properties(what: &str) -> Vec<Action> {
    vec![
        Action::Select(std::collections::BTreeSet::new()),
        Action::SetPropertiesPanel(true),
        Action::Status(format!("{what} in the model's properties, on the right")),
    ]
}

/// Picks a tool, on a data-flow diagram: the shown one, else the first, else a new one.
fn dfd_tool(model: &Model, shown: Option<&crate::model::DiagramId>, tool: Tool, hint: &str) -> Vec<Action> {
    let is_dfd = |d: &crate::model::Diagram| matches!(d.view, DiagramView::Dfd(_));
    let mut out = Vec::new();
    if shown.and_then(|id| model.diagram(id)).is_none_or(|d| !is_dfd(d)) {
        match model.diagrams.iter().find(|d| is_dfd(d)) {
            Some(d) => out.push(Action::SwitchDiagram(d.id.clone())),
            None => out.push(Action::NewDiagram(false)),
        }
    }
    out.push(Action::SetTool(tool));
    out.push(Action::Status(hint.to_owned()));
    out
}

/// Shows a record with its properties.
fn reveal(subject: Subject) -> Vec<Action> {
    vec![Action::GoTo(subject), Action::SetPropertiesPanel(true)]
}

/// The nine steps as `model` (checked into `findings`) stands, with `shown` the diagram on
/// screen.
#[must_use]
pub fn steps(model: &Model, findings: &Findings, shown: Option<&crate::model::DiagramId>) -> Vec<Step> {
    vec![
        who(model),
        approach(model),
        scope(model),
        components(model, shown),
        flows(model, shown),
        boundaries(model, shown),
        threats(model),
        decisions(model),
        review(model, findings),
    ]
}

fn who(model: &Model) -> Step {
    let people = &model.meta.contributors;
    Step {
        title: "Who is involved",
        explanation: "Bring the people who know the system: lead developers, an architect, DevOps, someone who \
                      knows the business and, for a first model, an experienced threat modeler to guide. Name \
                      them as the model's contributors.",
        done: people.iter().any(|p| written(p)),
        progress: if people.is_empty() { "Nobody named yet".to_owned() } else { people.join(", ") },
        action: Some(("Name the people involved".to_owned(), model_properties("Name them under Contributors"))),
    }
}

fn approach(model: &Model) -> Step {
    let methodology = model.meta.methodology;
    Step {
        title: "Pick an approach",
        explanation: "The approach sets the threat categories you are offered. STRIDE per element is the \
                      default and a good first choice; LINDDUN looks at privacy; CIA makes a quick pass.",
        done: true,
        progress: format!("{} ({} categories)", methodology.label(), methodology.categories().len()),
        action: Some(("Change the approach".to_owned(), model_properties("Pick it under Methodology"))),
    }
}

fn scope(model: &Model) -> Step {
    let scope = model.meta.scope.trim();
    Step {
        title: "Define a small scope",
        explanation: "Start small: one feature, one service, one change. You do not need to cover everything on \
                      day one. Say what is in, and what deliberately is not, so reviewers know what the model \
                      covers.",
        done: !scope.is_empty(),
        progress: if scope.is_empty() {
            "No scope written yet".to_owned()
        } else {
            scope.lines().next().unwrap_or_default().chars().take(80).collect()
        },
        action: Some(("Write the scope".to_owned(), model_properties("Write it under Scope"))),
    }
}

fn components(model: &Model, shown: Option<&crate::model::DiagramId>) -> Step {
    let of = |kind| model.elements.values().filter(|e| e.kind.tag() == kind).count();
    let (entities, processes, stores) =
        (of(ElementKindTag::ExternalEntity), of(ElementKindTag::Process), of(ElementKindTag::DataStore));
    let (label, kind) = if entities == 0 {
        ("Add your first external entity", ElementKindTag::ExternalEntity)
    } else if processes == 0 {
        ("Add your first process", ElementKindTag::Process)
    } else if stores == 0 {
        ("Add a data store", ElementKindTag::DataStore)
    } else {
        ("Add a process", ElementKindTag::Process)
    };
    let hint = format!("Click on the diagram to place the {}, then type its name", kind.label().to_lowercase());
    Step {
        title: "Enumerate the components",
        explanation: "List what the system is made of: the people and outside systems it talks to (external \
                      entities), the client software, binaries and API endpoints that run (processes), and where \
                      data rests (data stores).",
        done: entities > 0 && processes > 0,
        progress: format!(
            "{}, {}, {}",
            count(entities, "external entity", "external entities"),
            count(processes, "process", "processes"),
            count(stores, "data store", "data stores")
        ),
        action: Some((label.to_owned(), dfd_tool(model, shown, Tool::Place(kind), &hint))),
    }
}

fn flows(model: &Model, shown: Option<&crate::model::DiagramId>) -> Step {
    let in_scope: Vec<_> = model.flows.iter().filter(|(_, f)| !f.out_of_scope).collect();
    let described = |f: &crate::model::DataFlow| written(&f.data) && written(&f.protocol);
    let next = in_scope.iter().find(|(_, f)| !described(f));
    let action = match (in_scope.is_empty(), next) {
        (true, _) => Some((
            "Draw your first data flow".to_owned(),
            dfd_tool(model, shown, Tool::Connect, "Drag from one element to the one its data goes to"),
        )),
        (false, Some((id, _))) => Some(("Describe the next flow".to_owned(), reveal(Subject::Flow((*id).clone())))),
        (false, None) => None,
    };
    Step {
        title: "Draw the data flows",
        explanation: "Which data moves between which components, over which transport, and how each side knows \
                      who is on the other end. Say what each flow carries and its protocol, and mark it encrypted \
                      and authenticated where it is.",
        done: !in_scope.is_empty() && next.is_none(),
        progress: if in_scope.is_empty() {
            "No flows yet".to_owned()
        } else {
            format!(
                "{} of {} say their data and protocol",
                in_scope.iter().filter(|(_, f)| described(f)).count(),
                count(in_scope.len(), "flow", "flows")
            )
        },
        action,
    }
}

fn boundaries(model: &Model, shown: Option<&crate::model::DiagramId>) -> Step {
    let crossing = model.flows.values().filter(|f| !model.crossed_boundaries(f).is_empty()).count();
    let action = if model.boundaries.is_empty() || crossing == 0 {
        let hint = "Drag a rectangle around the elements that share one level of trust";
        Some(("Draw a trust boundary".to_owned(), dfd_tool(model, shown, Tool::PlaceBoundary, hint)))
    } else {
        None
    };
    Step {
        title: "Add trust boundaries",
        explanation: "Where does control or trust change: the user's device, the server, a third party? Draw a \
                      boundary around each, then ask \"what if\": this component is compromised, this network is \
                      hostile, this user is malicious. Flows that cross a boundary are where to look first.",
        done: !model.boundaries.is_empty() && crossing > 0,
        progress: if model.boundaries.is_empty() {
            "No boundaries yet".to_owned()
        } else {
            format!(
                "{}; {} cross one",
                count(model.boundaries.len(), "boundary", "boundaries"),
                count(crossing, "flow", "flows")
            )
        },
        action,
    }
}

fn threats(model: &Model) -> Step {
    let threatened = |target: ThreatTarget| model.threats.values().any(|t| t.target == target);
    let records: Vec<Subject> = model
        .elements
        .iter()
        .filter(|(_, e)| !e.out_of_scope)
        .map(|(id, _)| Subject::Element(id.clone()))
        .chain(model.flows.iter().filter(|(_, f)| !f.out_of_scope).map(|(id, _)| Subject::Flow(id.clone())))
        .collect();
    let open: Vec<&Subject> = records
        .iter()
        .filter(|s| match s {
            Subject::Element(id) => !threatened(ThreatTarget::Element(id.clone())),
            Subject::Flow(id) => !threatened(ThreatTarget::Flow(id.clone())),
            _ => false,
        })
        .collect();
    Step {
        title: "Ask what can go wrong",
        explanation: "Go element by element with the approach you picked: STRIDE per element says which \
                      categories apply to each kind. Write down every threat you find, even the ones already \
                      handled; the properties panel lists and suggests them.",
        done: !records.is_empty() && open.is_empty(),
        progress: if records.is_empty() {
            "Nothing drawn yet".to_owned()
        } else {
            format!(
                "{} of {} have threats",
                records.len() - open.len(),
                count(records.len(), "element or flow", "elements and flows")
            )
        },
        action: open.first().map(|s| ("Show the next one without threats".to_owned(), reveal((*s).clone()))),
    }
}

fn decisions(model: &Model) -> Step {
    let undecided = model.threats.iter().find(|(_, t)| !written(&t.mitigation));
    let decided = model.threats.values().filter(|t| written(&t.mitigation)).count();
    Step {
        title: "Decide what to do about it",
        explanation: "For each threat: mitigate it, accept it, transfer it, or mark it not applicable, and write \
                      the plan or the reason in its mitigation, so the decision can be reviewed.",
        done: !model.threats.is_empty() && undecided.is_none(),
        progress: if model.threats.is_empty() {
            "No threats yet".to_owned()
        } else {
            format!("{decided} of {} have a decision written", count(model.threats.len(), "threat", "threats"))
        },
        action: undecided
            .map(|(id, _)| ("Show the next threat to decide".to_owned(), reveal(Subject::Threat(id.clone())))),
    }
}

fn review(model: &Model, findings: &Findings) -> Step {
    let counts = findings.counts();
    let clean = counts.errors == 0 && counts.warnings == 0;
    let reviewer = written(&model.meta.reviewer);
    let action = if clean && !reviewer && !model.elements.is_empty() {
        ("Name the reviewer".to_owned(), model_properties("Name them under Reviewer"))
    } else {
        ("Run the checks".to_owned(), vec![Action::SetProblemsPanel(true)])
    };
    Step {
        title: "Did we do a good job?",
        explanation: "Run the checks and fix or suppress, with a reason, what they find; review the open threats \
                      with someone who did not draw the model; export the report and check the model into git \
                      next to the code.",
        done: clean && reviewer && !model.elements.is_empty(),
        progress: format!(
            "{} · {}",
            findings.summary(),
            if reviewer { format!("reviewed by {}", model.meta.reviewer.trim()) } else { "no reviewer yet".to_owned() }
        ),
        action: Some(action),
    }
}

/// Draws the guided start when it is open; `canvas` is where the canvas was last frame, to
/// open beside the diagram rather than over the panels.
pub fn show(ctx: &egui::Context, snapshot: &Snapshot<'_>, canvas: Option<egui::Rect>) -> Vec<Action> {
    const WIDTH: f32 = 320.0;
    let mut out = Vec::new();
    if !snapshot.view.panels.guided_start {
        return out;
    }
    let at =
        canvas.map_or(egui::pos2(170.0, 90.0), |c| egui::pos2((c.max.x - WIDTH - 24.0).max(c.min.x), c.min.y + 8.0));
    // Tall enough to show all nine steps at once on a laptop screen.
    let height = canvas.map_or(600.0, |c| (c.height() - 40.0).clamp(300.0, 700.0));
    let steps = steps(snapshot.model, snapshot.findings, snapshot.view.diagram.as_ref());
    let mut open = true;
    egui::Window::new("Guided start")
        .open(&mut open)
        .default_pos(at)
        .default_width(WIDTH)
        .default_height(height)
        .vscroll(true)
        .show(ctx, |ui| {
            let done = steps.iter().filter(|s| s.done).count();
            ui.label(format!("Where to start: nine steps, each ticked off when the model shows it. {done} of 9 done."));
            if ui.button("New model from guided start…").clicked() {
                out.push(Action::NewGuidedModel);
            }
            let current = steps.iter().position(|s| !s.done);
            for (question, range) in QUESTIONS {
                ui.add_space(4.0);
                ui.label(egui::RichText::new(question).strong().size(14.0));
                for i in range {
                    out.extend(step_ui(ui, i + 1, &steps[i], current == Some(i)));
                }
            }
        });
    if !open {
        out.push(Action::SetGuidedStart(false));
    }
    out
}

/// One step on a line or two: its tick or number, title and progress, and the button of a step
/// not done yet. The step to do next is framed and explains itself; the others explain
/// themselves on hover, so all nine fit without scrolling.
fn step_ui(ui: &mut egui::Ui, number: usize, step: &Step, current: bool) -> Vec<Action> {
    let mut out = Vec::new();
    let frame = if current {
        egui::Frame::group(ui.style()).stroke(egui::Stroke::new(2.0, ui.visuals().selection.stroke.color))
    } else {
        egui::Frame::NONE.inner_margin(egui::Margin::symmetric(6, 2))
    };
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            tick(ui, number, step.done);
            let title = ui.label(egui::RichText::new(step.title).strong());
            if !current {
                title.on_hover_text(step.explanation);
            }
            ui.label(egui::RichText::new(&step.progress).weak());
        });
        if current {
            ui.label(step.explanation);
        }
        if let Some((label, actions)) = step.action.as_ref().filter(|_| current || !step.done)
            && ui.button(label.as_str()).clicked()
        {
            out.clone_from(actions);
        }
    });
    out
}

/// A green disc with a tick when done, else a ring with the step's number.
fn tick(ui: &mut egui::Ui, number: usize, done: bool) {
    let size = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let painter = ui.painter();
    let c = rect.center();
    let r = size * 0.48;
    if done {
        let green = egui::Color32::from_rgb(46, 160, 67);
        painter.circle_filled(c, r, green);
        let stroke = egui::Stroke::new(r * 0.28, egui::Color32::WHITE);
        let points =
            [c + egui::vec2(-0.45 * r, 0.0), c + egui::vec2(-0.1 * r, 0.38 * r), c + egui::vec2(0.5 * r, -0.35 * r)];
        painter.line_segment([points[0], points[1]], stroke);
        painter.line_segment([points[1], points[2]], stroke);
    } else {
        let color = ui.visuals().text_color();
        painter.circle_stroke(c, r - 0.5, egui::Stroke::new(1.0, color));
        painter.text(c, egui::Align2::CENTER_CENTER, number.to_string(), egui::FontId::proportional(size * 0.6), color);
    }
    response.on_hover_text(if done { "Done" } else { "Not done yet" });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        BoundaryId, DataFlow, Element, ElementId, FlowId, Threat, ThreatCategory, ThreatId, TrustBoundary,
    };

    fn done(model: &Model) -> Vec<bool> {
        let mut findings = Findings::default();
        findings.refresh(model, 0);
        steps(model, &findings, None).iter().map(|s| s.done).collect()
    }

    #[test]
    fn each_step_is_done_when_the_model_shows_it() {
        let mut m = Model::default();
        assert_eq!(done(&m), [false, true, false, false, false, false, false, false, false]);
        m.meta.contributors = vec!["Ana".into()];
        m.meta.scope = "Checkout".into();
        m.meta.description = "A shop".into();
        let user = ElementId::new("user");
        let api = ElementId::new("api");
        m.elements.insert(
            user.clone(),
            Element {
                name: "Customer".into(),
                kind: ElementKindTag::ExternalEntity.default_kind(),
                ..Element::default()
            },
        );
        assert!(!done(&m)[3], "an external entity but no process yet");
        m.elements.insert(api.clone(), Element { name: "Orders API".into(), ..Element::default() });
        assert_eq!(done(&m)[..4], [true, true, true, true]);
        let flow = |s: &ElementId, t: &ElementId, data: &str| DataFlow {
            source: s.clone(),
            target: t.clone(),
            name: format!("{s} to {t}"),
            data: data.into(),
            protocol: "HTTPS".into(),
            encrypted: true,
            authenticated: true,
            ..DataFlow::default()
        };
        m.flows.insert(FlowId::new("f1"), flow(&user, &api, ""));
        m.flows.insert(FlowId::new("f2"), flow(&api, &user, "order status"));
        assert!(!done(&m)[4], "a flow does not say its data");
        m.flows.get_mut(&FlowId::new("f1")).expect("f1").data = "order".into();
        assert!(done(&m)[4]);
        assert!(!done(&m)[5]);
        m.boundaries.insert(BoundaryId::new("server"), TrustBoundary { name: "Server".into(), ..Default::default() });
        m.elements.get_mut(&api).expect("api").boundary = Some(BoundaryId::new("server"));
        assert!(done(&m)[5], "flows cross the boundary");
        for (i, target) in
            [ThreatTarget::Element(user.clone()), ThreatTarget::Element(api.clone())].into_iter().enumerate()
        {
            m.threats.insert(ThreatId::new(format!("t{i}")), Threat::new(target, ThreatCategory::Spoofing, "Spoofed"));
        }
        assert!(!done(&m)[6], "the flows have no threats yet");
        for f in ["f1", "f2"] {
            let target = ThreatTarget::Flow(FlowId::new(f));
            m.threats
                .insert(ThreatId::new(format!("t-{f}")), Threat::new(target, ThreatCategory::Tampering, "Tampered"));
        }
        assert!(done(&m)[6]);
        assert!(!done(&m)[7]);
        for t in m.threats.values_mut() {
            t.mitigation = "TLS and signed sessions".into();
        }
        assert!(done(&m)[7]);
        assert!(!done(&m)[8], "no reviewer yet");
        m.meta.reviewer = "Bo".into();
        assert_eq!(done(&m), [true; 9], "{:?}", {
            let mut f = Findings::default();
            f.refresh(&m, 0);
            f.list().iter().map(|x| x.message(&m)).collect::<Vec<_>>()
        });
    }

    #[test]
    fn the_first_steps_buttons_start_them() {
        let m = Model::default();
        let findings = Findings::default();
        let steps = steps(&m, &findings, None);
        let (label, actions) = steps[3].action.as_ref().expect("a button");
        assert_eq!(label, "Add your first external entity");
        assert!(matches!(actions[0], Action::NewDiagram(false)), "no diagram yet: make one first");
        assert!(actions.iter().any(|a| matches!(a, Action::SetTool(Tool::Place(ElementKindTag::ExternalEntity)))));
        let (label, actions) = steps[5].action.as_ref().expect("a button");
        assert_eq!(label, "Draw a trust boundary");
        assert!(actions.iter().any(|a| matches!(a, Action::SetTool(Tool::PlaceBoundary))));
        let (label, actions) = steps[8].action.as_ref().expect("a button");
        assert_eq!(label, "Run the checks");
        assert!(matches!(actions[..], [Action::SetProblemsPanel(true)]));
    }
}
