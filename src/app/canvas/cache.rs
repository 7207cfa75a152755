//! The scene of the shown diagram, kept up to date: rebuilt when the diagram or theme changes
//! or when an edit may have touched anything, and otherwise brought up to date in place from
//! what the recent edits touched (one dragged box redraws that box and its flows).

use std::sync::Arc;

use crate::edit::{ChangeLog, Touch};
use crate::model::{DiagramId, Model};
use crate::scene::{self, Change, FontMetrics, Scene, Style};

/// What a cached scene was built from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    revision: u64,
    diagram: DiagramId,
    dark: bool,
}

/// The cached scene.
#[derive(Default)]
pub struct SceneCache {
    key: Option<Key>,
    /// Shared, so a frame can hold it while it proposes edits.
    scene: Option<Arc<Scene>>,
    metrics: Option<FontMetrics>,
}

/// What `touches` change on `diagram`; `None` if they may change anything.
fn change_on(diagram: &DiagramId, touches: &[&Touch]) -> Option<Change> {
    let mut change = Change::default();
    for touch in touches {
        match touch {
            Touch::Element(id) => {
                change.elements.insert(id.clone());
            }
            Touch::Flow(id) => {
                change.flows.insert(id.clone());
            }
            Touch::Node(d, id) if d == diagram => {
                change.elements.insert(id.clone());
            }
            Touch::BoundaryBox(d, id) if d == diagram => {
                change.boundary_boxes.insert(id.clone());
            }
            Touch::Bends(d, id) if d == diagram => {
                change.flows.insert(id.clone());
            }
            Touch::Node(..) | Touch::BoundaryBox(..) | Touch::Bends(..) | Touch::Metadata => {}
            Touch::Boundary(_) | Touch::Threat(_) | Touch::Message(..) | Touch::Other => return None,
        }
    }
    Some(change)
}

impl SceneCache {
    /// The scene of `diagram` at `revision`, brought up to date; `None` if there is no such
    /// diagram.
    pub fn get(
        &mut self,
        model: &Model,
        revision: u64,
        changes: &ChangeLog,
        diagram: &DiagramId,
        dark: bool,
    ) -> Option<Arc<Scene>> {
        let key = Key { revision, diagram: diagram.clone(), dark };
        if self.key.as_ref() == Some(&key) && self.scene.is_some() {
            return self.scene.clone();
        }
        let style = if dark { Style::dark() } else { Style::light() };
        let metrics = self.metrics.get_or_insert_with(FontMetrics::shipped);
        let in_place = match (&self.key, &mut self.scene) {
            (Some(old), Some(scene)) if old.diagram == key.diagram && old.dark == key.dark => changes
                .since(old.revision, revision)
                .and_then(|touches| change_on(diagram, &touches))
                .is_some_and(|change| scene::update(Arc::make_mut(scene), model, diagram, &style, metrics, &change)),
            _ => false,
        };
        if !in_place {
            self.scene = Some(Arc::new(scene::build(model, diagram, &style, metrics).ok()?));
        }
        self.key = Some(key);
        self.scene.clone()
    }

    /// The scene as last built.
    #[must_use]
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_deref()
    }

    /// The scene as last built, shared.
    #[must_use]
    pub fn shared(&self) -> Option<Arc<Scene>> {
        self.scene.clone()
    }
}
