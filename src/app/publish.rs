//! The applier's half of publishing: pictures (SVG, PNG, PDF) with the remembered export
//! choices, the report (HTML or Markdown), and the picture copied to the clipboard for slides.
//! Runs after the UI pass, like everything in [`super::actions`].

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::Path;

use super::Editor;
use super::action::{Action, PathPurpose};
use super::picture_choices::{ExportChoices, PageChoice, SCALE_RANGE};
use crate::edit::commands::Item;
use crate::export::{Background, ExportOptions, Picture, Theme};
use crate::model::Model;
use crate::report::{self, ReportFormat};
use crate::scene::Owner;

thread_local! {
    /// The system clipboard for pictures, opened on first use and kept open: on X11 the copied
    /// picture is served by this handle until another program takes the clipboard.
    static PICTURE_CLIPBOARD: RefCell<Option<arboard::Clipboard>> = const { RefCell::new(None) };
}

/// The exporter's options for `choices`, cut to `selection` when one is given.
#[must_use]
pub fn export_options(choices: &ExportChoices, selection: Option<BTreeSet<Owner>>) -> ExportOptions {
    ExportOptions {
        scale: choices.scale.clamp(*SCALE_RANGE.start(), *SCALE_RANGE.end()),
        background: match choices.page {
            PageChoice::Theme => Background::Theme,
            PageChoice::White => Background::White,
            PageChoice::Transparent => Background::Transparent,
        },
        theme: if choices.dark { Theme::Dark } else { Theme::Light },
        legend: choices.legend,
        selection,
    }
}

/// The scene owners of the selected records and messages.
fn owners(items: &BTreeSet<Item>, messages: &BTreeSet<crate::model::MessageId>) -> BTreeSet<Owner> {
    let mut out: BTreeSet<Owner> = items
        .iter()
        .map(|i| match i {
            Item::Element(id) => Owner::Element(id.clone()),
            Item::Flow(id) => Owner::Flow(id.clone()),
            Item::Boundary(id) => Owner::Boundary(id.clone()),
        })
        .collect();
    out.extend(messages.iter().cloned().map(Owner::Message));
    out
}

/// A picture as straight RGBA pixels: width, height, bytes.
///
/// # Errors
/// The export's error, as text for the status bar.
pub fn rgba(
    model: &Model,
    diagram: &crate::model::DiagramId,
    options: &ExportOptions,
) -> Result<(usize, usize, Vec<u8>), String> {
    let picture = Picture::new(model, diagram, options).map_err(|e| e.to_string())?;
    let (png, _) = picture.png(options.scale).map_err(|e| e.to_string())?;
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().ok_or("the picture is too large to copy")?;
    let mut buffer = vec![0; size];
    let info = reader.next_frame(&mut buffer).map_err(|e| e.to_string())?;
    buffer.truncate(info.buffer_size());
    let (w, h) = (info.width as usize, info.height as usize);
    let rgba = match info.color_type {
        png::ColorType::Rgba => buffer,
        png::ColorType::Rgb => buffer.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        other => return Err(format!("unexpected picture format {other:?}")),
    };
    Ok((w, h, rgba))
}

impl Editor {
    /// Export PDF, export report, copy as image, and remembering the export choices.
    pub(super) fn apply_publish(&mut self, action: Action) {
        match action {
            Action::ExportPdf => self.ask_path(PathPurpose::ExportPdf),
            Action::ExportReport => self.ask_path(PathPurpose::ExportReport),
            Action::CopyImage => self.copy_image(),
            Action::SetExportChoices(choices) => {
                self.settings.export = choices;
                self.settings.save();
            }
            _ => {}
        }
    }

    /// The options for an export now: the remembered choices, cut to the selection when the
    /// user asked for that and something is selected.
    fn current_export_options(&self, only_selection: bool) -> ExportOptions {
        let selected = owners(&self.view.selection, &self.view.selected_messages);
        let selection = (only_selection && !selected.is_empty()).then_some(selected);
        export_options(&self.settings.export, selection)
    }

    /// Writes the shown diagram to `path` as `purpose` says (SVG, PNG or PDF), with the
    /// remembered choices.
    pub(super) fn export_picture(&mut self, purpose: &PathPurpose, path: &Path) -> Result<(), String> {
        let Some(diagram) = self.view.diagram.clone() else {
            return Err("There is no diagram to export.".to_owned());
        };
        let options = self.current_export_options(self.settings.export.selection_only);
        let picture = Picture::new(self.doc.model(), &diagram, &options).map_err(|e| e.to_string())?;
        let mut note = String::new();
        let bytes = match purpose {
            PathPurpose::ExportPng => {
                let (bytes, info) = picture.png(options.scale).map_err(|e| e.to_string())?;
                if info.was_shrunk() {
                    note = format!(
                        " at scale {} ({}×{} pixels), the largest that fits",
                        info.scale, info.width, info.height
                    );
                }
                bytes
            }
            PathPurpose::ExportPdf => picture.pdf().map_err(|e| e.to_string())?,
            _ => picture.svg().into_bytes(),
        };
        crate::format::write_atomically(path, &bytes).map_err(|e| e.to_string())?;
        self.status = format!("Exported {}{note}", path.display());
        Ok(())
    }

    /// Writes the report to `path`: Markdown for `.md`, else HTML.
    pub(super) fn export_report(&mut self, path: &Path) -> Result<(), String> {
        let format = report::files::format_of(path).unwrap_or(ReportFormat::Html);
        let written = report::files::write(self.doc.model(), format, path).map_err(|e| e.to_string())?;
        self.status = match written.len() {
            1 => format!("Wrote the report {}", path.display()),
            n => format!(
                "Wrote the report {} and {} diagram file{} beside it",
                path.display(),
                n - 1,
                if n == 2 { "" } else { "s" }
            ),
        };
        Ok(())
    }

    /// Copies the shown diagram, or just the selection, to the clipboard as a picture, with
    /// the remembered choices; says so, or why not, in the status bar.
    fn copy_image(&mut self) {
        let Some(diagram) = self.view.diagram.clone() else {
            "There is no diagram to copy".clone_into(&mut self.status);
            return;
        };
        let options = self.current_export_options(true);
        let what = if options.selection.is_some() { "the selection" } else { "the diagram" };
        let (width, height, bytes) = match rgba(self.doc.model(), &diagram, &options) {
            Ok(image) => image,
            Err(e) => {
                self.status = format!("Could not copy {what} as a picture: {e}");
                return;
            }
        };
        let copied = PICTURE_CLIPBOARD.with_borrow_mut(|slot| {
            if slot.is_none() {
                *slot = Some(arboard::Clipboard::new()?);
            }
            let Some(clipboard) = slot.as_mut() else { return Err(arboard::Error::ClipboardNotSupported) };
            clipboard.set_image(arboard::ImageData { width, height, bytes: bytes.into() })
        });
        self.status = match copied {
            Ok(()) => format!("Copied {what} as a {width}×{height} picture"),
            Err(e) => format!("Could not copy {what} as a picture: no clipboard is available here ({e})"),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DiagramId, ElementId};

    #[test]
    fn a_copied_selection_is_a_smaller_picture_than_the_whole_diagram() {
        let model = crate::format::load_file(Path::new("samples/juice-shop.json")).expect("sample");
        let dfd = &model.diagrams[0].id;
        let choices = ExportChoices { scale: 1.0, ..ExportChoices::default() };
        let (w, h, all) = rgba(&model, dfd, &export_options(&choices, None)).expect("whole");
        assert_eq!(all.len(), w * h * 4);
        let only = BTreeSet::from([Owner::Element(ElementId::new("P1"))]);
        let (sw, sh, part) = rgba(&model, dfd, &export_options(&choices, Some(only))).expect("part");
        assert_eq!(part.len(), sw * sh * 4);
        assert!(sw < w && sh < h, "{sw}×{sh} within {w}×{h}");
        assert!(rgba(&model, &DiagramId::new("nope"), &export_options(&choices, None)).is_err());
    }
}
