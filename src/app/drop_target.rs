//! Files dropped onto the window: the first one is proposed for opening (a ThreatCanvas model)
//! or importing (Threat Dragon, OTM); while files hover over the window a veil says what a drop
//! will do.

use std::path::PathBuf;

use super::action::Action;
use super::view::Snapshot;

/// Proposes opening the first file dropped this frame, and draws the veil while files hover.
pub fn show(ctx: &egui::Context, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let (hovering, dropped) = ctx.input(|i| {
        let dropped: Vec<PathBuf> = i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect();
        (!i.raw.hovered_files.is_empty(), dropped)
    });
    if hovering {
        veil(ctx, snapshot.modal_open);
    }
    if dropped.is_empty() {
        return Vec::new();
    }
    if snapshot.modal_open {
        return vec![Action::Status("Close the open dialog first, then drop the file again".to_owned())];
    }
    // A file with no local path (the web gives only a name) cannot be read here.
    let mut paths = dropped.into_iter().filter(|p| p.is_absolute());
    let Some(first) = paths.next() else {
        return vec![Action::Status("The dropped item is not a file on this computer".to_owned())];
    };
    let mut out = vec![Action::OpenOrImport(first)];
    let others = paths.count();
    if others > 0 {
        out.push(Action::Status(format!(
            "Opened the first of {} dropped files; drop the others one at a time",
            others + 1
        )));
    }
    out
}

/// A dimmed layer over the window saying what dropping will do.
fn veil(ctx: &egui::Context, modal_open: bool) {
    let text = if modal_open {
        "Close the open dialog first"
    } else {
        "Drop to open a ThreatCanvas model, or import a Threat Dragon or OTM file"
    };
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("drop_veil")));
    let screen = ctx.content_rect();
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::proportional(20.0),
        egui::Color32::WHITE,
    );
}
