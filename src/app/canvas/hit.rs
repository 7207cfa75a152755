//! Canvas-only hit-testing over the scene, in diagram space.

use crate::scene::{self, Owner, Pos, Scene};

/// The topmost record under `p`. A boundary is hit on its edge or its name, not anywhere
/// inside, so clicks inside a boundary reach the background (rubber band) or its members.
#[must_use]
pub fn hit(scene: &Scene, p: Pos, tolerance: f32) -> Option<&Owner> {
    scene.items.iter().zip(&scene.item_bounds).rev().find_map(|(item, bounds)| {
        let owner = item.owner.as_ref()?;
        if !bounds.expand(tolerance).contains(p) {
            return None;
        }
        let hit = match (&item.shape, owner) {
            (scene::Shape::Rect { rect, .. }, Owner::Boundary(_)) => {
                rect.expand(tolerance).contains(p) && !rect.expand(-tolerance).contains(p)
            }
            (shape, _) => scene::geometry::shape_contains(shape, p, tolerance),
        };
        hit.then_some(owner)
    })
}
