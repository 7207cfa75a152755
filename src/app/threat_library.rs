//! The threat library the open document uses, and the model's pending suggestions, computed
//! once per model change rather than once per frame.
//!
//! The applier reads the library folders (the one I/O step, in `threats::loader`) when a
//! document opens or the user asks to reload, and refreshes the suggestions before each frame;
//! widgets read both through the snapshot.

use std::ops::Range;

use crate::edit::{ChangeLog, Touch};
use crate::model::{Model, ThreatTarget};
use crate::threats::loader::LoadReport;
use crate::threats::{Library, LibraryProblem, Rule, Scope, Suggestion, suggest};

/// A loaded library and the suggestions it makes for the model, as of one revision.
#[derive(Debug, Default)]
pub struct ThreatLibrary {
    report: LoadReport,
    /// Whole-model suggestions in target order (elements by id, then flows by id).
    suggestions: Vec<Suggestion>,
    /// The document revision `suggestions` belong to; `None` before the first refresh.
    revision: Option<u64>,
    /// How many times the suggestions were computed (the cache's own test reads it).
    computed: u64,
}

impl ThreatLibrary {
    /// The library `report` loaded; suggestions are computed on the first refresh.
    #[must_use]
    pub fn new(report: LoadReport) -> Self {
        Self { report, ..Self::default() }
    }

    /// Brings the suggestions up to `revision` of `model`. Changes that only move boxes, bend
    /// flows, edit sequence messages or the model's metadata cannot change what the library
    /// suggests, so they keep the list; anything else recomputes it.
    pub fn refresh(&mut self, model: &Model, revision: u64, changes: &ChangeLog) {
        if let Some(known) = self.revision {
            if known == revision {
                return;
            }
            if known < revision
                && changes.since(known, revision).is_some_and(|touches| touches.into_iter().all(is_layout_only))
            {
                self.revision = Some(revision);
                return;
            }
        }
        self.suggestions = suggest(model, &self.report.library, Scope::Model);
        self.revision = Some(revision);
        self.computed += 1;
    }

    /// The rules in use: shipped, user's and repository's.
    #[must_use]
    pub fn library(&self) -> &Library {
        &self.report.library
    }

    /// The rule with `id`, if the library has it.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.report.library.rule(id).map(AsRef::as_ref)
    }

    /// Library files or rules that could not be used, by file and place.
    #[must_use]
    pub fn problems(&self) -> &[LibraryProblem] {
        &self.report.problems
    }

    /// What loading said besides problems: rules that replaced shipped ones.
    #[must_use]
    pub fn notes(&self) -> Vec<String> {
        self.report.override_notes()
    }

    /// How many library files beyond the shipped ones were read.
    #[must_use]
    pub fn own_files(&self) -> usize {
        self.report.files.len()
    }

    /// Every pending suggestion for the model, in target order.
    #[must_use]
    pub fn suggestions(&self) -> &[Suggestion] {
        &self.suggestions
    }

    /// The pending suggestions for one element or flow.
    #[must_use]
    pub fn pending_on(&self, target: &ThreatTarget) -> &[Suggestion] {
        &self.suggestions[self.range_of(target)]
    }

    fn range_of(&self, target: &ThreatTarget) -> Range<usize> {
        let start = self.suggestions.partition_point(|s| &s.target < target);
        let end = start + self.suggestions[start..].partition_point(|s| &s.target == target);
        start..end
    }

    /// How many times the suggestions have been computed.
    #[must_use]
    pub const fn computations(&self) -> u64 {
        self.computed
    }
}

/// Whether a change leaves every suggestion as it was: placement on a diagram, flow bends,
/// sequence messages (their flows are records of their own) and the metadata (a suggestion's
/// category is worked out from the methodology when shown).
const fn is_layout_only(touch: &Touch) -> bool {
    matches!(touch, Touch::Node(..) | Touch::BoundaryBox(..) | Touch::Bends(..) | Touch::Message(..) | Touch::Metadata)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::commands;
    use crate::model::ElementId;
    use crate::threats::loader::LoadReport;

    fn sample() -> Model {
        crate::format::juice_shop_sample()
    }

    fn shipped() -> ThreatLibrary {
        ThreatLibrary::new(LoadReport { library: Library::shipped().clone(), ..LoadReport::default() })
    }

    /// The small shop of the UI tests, and the shipped library.
    fn fresh() -> (crate::app::Document, ThreatLibrary) {
        let text = include_str!("../../tests/data/ui/shop.json");
        let model = crate::format::load_bytes(text.as_bytes(), "shop").expect("shop loads");
        (crate::app::Document::from_model(model, None), shipped())
    }

    #[test]
    fn suggestions_are_computed_once_per_model_change_not_per_frame() {
        let (mut doc, mut lib) = fresh();
        lib.refresh(doc.model(), doc.revision(), doc.changes());
        lib.refresh(doc.model(), doc.revision(), doc.changes());
        assert_eq!(lib.computations(), 1, "the same revision is not computed again");
        assert!(!lib.suggestions().is_empty(), "the shop gets suggestions");
        let tx = commands::update_element(doc.model(), &ElementId::new("WEB"), |e| e.name = "Renamed".into());
        doc.execute(tx).expect("renamed");
        lib.refresh(doc.model(), doc.revision(), doc.changes());
        assert_eq!(lib.computations(), 2, "a changed element recomputes");
        assert_eq!(lib.suggestions(), suggest(doc.model(), Library::shipped(), Scope::Model).as_slice());
    }

    #[test]
    fn moving_a_box_keeps_the_suggestions() {
        let mut doc = crate::app::Document::from_model(sample(), None);
        let mut lib = shipped();
        lib.refresh(doc.model(), doc.revision(), doc.changes());
        let diagram = doc.model().diagrams[0].id.clone();
        let elements = [ElementId::new("P3")].into();
        let tx = commands::move_items(doc.model(), &diagram, &elements, &std::collections::BTreeSet::new(), 40, 0);
        doc.execute(tx).expect("moved");
        lib.refresh(doc.model(), doc.revision(), doc.changes());
        assert_eq!(lib.computations(), 1, "a move changes no suggestion");
    }

    #[test]
    fn pending_on_a_target_is_exactly_its_suggestions() {
        let (doc, mut lib) = fresh();
        lib.refresh(doc.model(), doc.revision(), doc.changes());
        let targets: std::collections::BTreeSet<ThreatTarget> =
            lib.suggestions().iter().map(|s| s.target.clone()).collect();
        assert!(targets.contains(&ThreatTarget::Flow(crate::model::FlowId::new("F1"))), "flows too");
        for target in targets {
            let expected: Vec<&Suggestion> = lib.suggestions().iter().filter(|s| s.target == target).collect();
            assert_eq!(lib.pending_on(&target).iter().collect::<Vec<_>>(), expected);
        }
        assert!(lib.pending_on(&ThreatTarget::Element(ElementId::new("nothing"))).is_empty());
    }
}
