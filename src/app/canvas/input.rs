//! What the canvas's interaction code reads in one frame: the snapshot, the scene it drew, and
//! the pointer, with every position in diagram space.

use crate::app::view::Snapshot;
use crate::model::DiagramId;
use crate::scene::{Pos, Scene, SceneRect};

use super::space::ScreenFromDiagram;

/// One frame of canvas input.
pub struct CanvasInput<'a> {
    /// The editor as of this frame.
    pub snapshot: &'a Snapshot<'a>,
    /// The diagram shown.
    pub diagram: &'a DiagramId,
    /// Its scene, as drawn.
    pub scene: &'a Scene,
    /// The canvas background's response (clicks and drags on it).
    pub response: &'a egui::Response,
    /// The pointer, if it is over the window.
    pub pointer_in_diagram: Option<Pos>,
    /// Where the primary button went down, for drags.
    pub press_in_diagram: Option<Pos>,
    /// The camera.
    pub transform: ScreenFromDiagram,
    /// Shift or Ctrl held: add to the selection.
    pub extend_selection: bool,
    /// The record under the pointer, if the pointer is over the canvas itself.
    pub hovered: Option<&'a crate::scene::Owner>,
    /// The part of the diagram in view.
    pub visible: SceneRect,
}

impl CanvasInput<'_> {
    /// How close, in diagram units, the pointer must be to hit a line: six screen points.
    #[must_use]
    pub fn tolerance(&self) -> f32 {
        6.0 / self.transform.zoom()
    }

    /// Screen points per diagram unit.
    #[must_use]
    pub fn zoom(&self) -> f32 {
        self.transform.zoom()
    }

    /// Whether single keys belong to the canvas now (no text field, rename or dialog has them).
    #[must_use]
    pub fn keys_are_ours(&self, ctx: &egui::Context, renaming: bool) -> bool {
        !ctx.text_edit_focused() && !renaming && !self.snapshot.modal_open
    }
}
