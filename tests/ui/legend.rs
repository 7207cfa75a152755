//! View > Legend: the scene's legend in the canvas's corner, above the diagram.

use egui_kittest::kittest::Queryable;

use super::small_model::{selection, small_editor};
use super::*;

fn toggle_legend(h: &mut egui_kittest::Harness<'_, threatcanvas::app::Editor>) {
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Legend").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
}

#[test]
fn the_legend_shows_in_the_corner_and_the_pointer_over_it_reaches_nothing_under_it() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    assert!(h.state().canvas().legend_rect().is_none(), "off by default");
    toggle_legend(&mut h);
    assert!(h.state().view().legend);
    let canvas = h.state().canvas().rect_on_screen().expect("drawn");
    let legend = h.state().canvas().legend_rect().expect("the legend shows");
    assert!(legend.width() > 200.0 && legend.height() > 40.0, "{legend:?}");
    assert!(canvas.contains_rect(legend), "{legend:?} inside {canvas:?}");
    assert!(legend.left() - canvas.left() < 20.0 && canvas.bottom() - legend.bottom() < 20.0, "lower left");
    // A click on the legend leaves the selection alone; one on the empty canvas clears it.
    let accounts = center_of(&h, &ids.accounts);
    click(&mut h, accounts);
    let selected = selection(&h);
    assert!(!selected.is_empty());
    click(&mut h, legend.center());
    assert_eq!(selection(&h), selected, "the legend is not the canvas");
    toggle_legend(&mut h);
    assert!(!h.state().view().legend);
    assert!(h.state().canvas().legend_rect().is_none(), "hidden again");
}
