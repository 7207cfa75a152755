//! The scene of the shown diagram, rebuilt only when the model, the diagram or the theme
//! changes, with each item's bounds for culling.

use std::sync::Arc;

use crate::model::{DiagramId, Model};
use crate::scene::{self, FontMetrics, Scene, SceneRect, Style};

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
    bounds: Vec<SceneRect>,
}

impl SceneCache {
    /// The scene of `diagram` at `revision`, building it if needed; `None` if there is no such
    /// diagram.
    pub fn get(&mut self, model: &Model, revision: u64, diagram: &DiagramId, dark: bool) -> Option<Arc<Scene>> {
        let key = Key { revision, diagram: diagram.clone(), dark };
        if self.key.as_ref() != Some(&key) || self.scene.is_none() {
            let style = if dark { Style::dark() } else { Style::light() };
            let scene = scene::build(model, diagram, &style, &FontMetrics::shipped()).ok()?;
            self.bounds = scene.items.iter().map(|i| scene::geometry::shape_bounds(&i.shape)).collect();
            self.scene = Some(Arc::new(scene));
            self.key = Some(key);
        }
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

    /// The bounds of each item of the scene, in order.
    #[must_use]
    pub fn bounds(&self) -> &[SceneRect] {
        &self.bounds
    }
}
