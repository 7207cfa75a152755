//! `threatcanvas export FILE [--diagram NAME | --all] [--format svg|png|pdf] [--scale N]
//! [--background B] [--theme T] [--legend] -o OUT`
//!
//! Every error names the file it concerns. Into a folder, the export is all or nothing: every
//! picture is drawn into a temporary file beside its final name first, and only when all of
//! them are drawn are they renamed into place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{BackgroundArg, EXIT_ERROR, EXIT_OK, ExportArgs, ExportFormat, Stdout, ThemeArg, report_error};
use crate::export::{self, Background, ExportOptions, Picture, Theme};
use crate::model::{Diagram, DiagramId, Model, ThreatTarget};
use crate::scene::Owner;

pub(super) fn run(args: &ExportArgs, out: &mut Stdout) -> u8 {
    match export(args) {
        Ok(written) => {
            for path in written {
                out.line(format_args!("{}", path.display()));
            }
            EXIT_OK
        }
        Err(Failure { message, hint }) => {
            report_error(&message, hint.as_deref());
            EXIT_ERROR
        }
    }
}

/// An error to report, already naming its file.
struct Failure {
    message: String,
    hint: Option<String>,
}

impl Failure {
    fn new(message: String) -> Self {
        Self { message, hint: None }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Checks the arguments, draws every chosen diagram and writes the files; returns their paths.
fn export(args: &ExportArgs) -> Result<Vec<PathBuf>, Failure> {
    let out = &args.output;
    let into_folder = args.all || out.is_dir();
    let format = checked_format(args, into_folder)?;
    let model = crate::format::load_file(&args.file).map_err(|e| {
        let hint = super::foreign::convert_hint(&args.file, &e);
        Failure { message: e.to_string(), hint }
    })?;
    let chosen = choose(args, &model)?;
    let options = ExportOptions {
        scale: args.scale,
        background: match args.background {
            BackgroundArg::Transparent => Background::Transparent,
            BackgroundArg::White => Background::White,
            BackgroundArg::Theme => Background::Theme,
        },
        theme: match args.theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        },
        legend: args.legend,
        selection: selection(&args.file, &model, &args.only)?,
    };
    let targets: Vec<PathBuf> = if into_folder {
        export::file_names(chosen.iter().map(|d| d.name.as_str()), format.extension())
            .into_iter()
            .map(|name| out.join(name))
            .collect()
    } else {
        vec![out.clone()]
    };
    let model_file = std::fs::canonicalize(&args.file).ok();
    for target in &targets {
        if model_file.is_some() && std::fs::canonicalize(target).ok() == model_file {
            return Err(Failure::new(format!(
                "{}: refusing to write the picture over the model itself",
                target.display()
            ))
            .hint("choose another -o"));
        }
        if target.is_dir() {
            return Err(Failure::new(format!("{}: a folder is in the way of the picture", target.display())));
        }
    }
    if !into_folder {
        let [diagram] = chosen.as_slice() else {
            return Err(Failure::new(format!("{}: one file can hold only one diagram", out.display())));
        };
        let bytes = draw(&args.file, &model, diagram, format, &options, out, Vec::new())?;
        crate::format::write_atomically(out, &bytes).map_err(|e| Failure::new(e.to_string()))?;
        return Ok(targets);
    }
    std::fs::create_dir_all(out)
        .map_err(|e| Failure::new(format!("{}: cannot create the folder: {e}", out.display())))?;
    let drawn = chosen.iter().zip(&targets).map(|(diagram, target)| {
        let cannot = |e: std::io::Error| Failure::new(format!("{}: cannot write: {e}", target.display()));
        let temp = temporary_in(out).map_err(cannot)?;
        let file = draw(&args.file, &model, diagram, format, &options, target, std::io::BufWriter::new(temp))?;
        let temp = file.into_inner().map_err(|e| cannot(e.into_error()))?;
        temp.as_file().sync_all().map_err(cannot)?;
        Ok((temp, target))
    });
    place_all(drawn.collect::<Result<Vec<_>, Failure>>()?)?;
    Ok(targets)
}

/// The format to write, from --format and the output's extension, once the arguments are
/// known to agree with each other and with where the output goes.
fn checked_format(args: &ExportArgs, into_folder: bool) -> Result<ExportFormat, Failure> {
    let out = &args.output;
    let named = out.extension().map(|e| e.to_string_lossy());
    let extension = named.as_deref().and_then(ExportFormat::from_extension);
    // Without --format, a file's extension is the only word on what to write: one we do not
    // write (x.jpg) would otherwise get SVG text under a name that promises something else.
    if let Some(named) = &named
        && extension.is_none()
        && args.format.is_none()
        && !into_folder
    {
        return Err(Failure::new(format!(
            "{}: export does not write .{named} files; it writes .svg, .png and .pdf",
            out.display()
        ))
        .hint("end -o in .svg, .png or .pdf, or name the format with --format to write it under this name"));
    }
    let format = args.format.or(extension).unwrap_or(ExportFormat::Svg);
    if let Some(ext) = extension {
        if args.all {
            return Err(Failure::new(format!(
                "{}: --all writes one file per diagram into a folder, but this looks like a file",
                out.display()
            ))
            .hint("give a folder, e.g. -o out/"));
        }
        if ext != format {
            return Err(Failure::new(format!(
                "{} ends in .{} but the format is {}",
                out.display(),
                ext.extension(),
                format.extension()
            ))
            .hint(format!("use -o with .{} or --format {}", format.extension(), ext.extension())));
        }
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
        && !args.all
    {
        return Err(Failure::new(format!("{}: the folder {} does not exist", out.display(), parent.display())));
    }
    if !(args.scale.is_finite() && args.scale > 0.0 && args.scale <= 16.0) {
        return Err(Failure::new(format!("{}: --scale {} is out of range", out.display(), args.scale))
            .hint("use a number above 0 and up to 16, e.g. --scale 2"));
    }
    Ok(format)
}

/// Renames every drawn temporary file into place. Should a rename fail, the ones already
/// placed are taken back, so the folder holds all of this export or none of it.
fn place_all(staged: Vec<(tempfile::NamedTempFile, &PathBuf)>) -> Result<(), Failure> {
    let mut placed: Vec<&PathBuf> = Vec::new();
    for (temp, target) in staged {
        if let Err(e) = temp.persist(target) {
            for done in placed {
                let _ = std::fs::remove_file(done);
            }
            return Err(
                Failure::new(format!("{}: cannot write: {}", target.display(), e.error)).hint("nothing was exported")
            );
        }
        placed.push(target);
    }
    Ok(())
}

/// The records `--only` names, or `None` without it; an id the model does not hold is an error.
fn selection(file: &Path, model: &Model, only: &[String]) -> Result<Option<BTreeSet<Owner>>, Failure> {
    if only.is_empty() {
        return Ok(None);
    }
    only.iter()
        .map(|id| {
            model
                .resolve_target(id)
                .map(|target| match target {
                    ThreatTarget::Element(e) => Owner::Element(e),
                    ThreatTarget::Flow(f) => Owner::Flow(f),
                    ThreatTarget::Boundary(b) => Owner::Boundary(b),
                })
                .ok_or_else(|| {
                    Failure::new(format!(
                        "{}: --only {id}: there is no element, flow or boundary with that id",
                        file.display()
                    ))
                })
        })
        .collect::<Result<BTreeSet<_>, _>>()
        .map(Some)
}

/// The diagrams the arguments ask for.
fn choose<'m>(args: &ExportArgs, model: &'m Model) -> Result<Vec<&'m Diagram>, Failure> {
    let names = || model.diagrams.iter().map(|d| format!("\"{}\"", d.name)).collect::<Vec<_>>().join(", ");
    let file = args.file.display();
    if args.all {
        if model.diagrams.is_empty() {
            return Err(Failure::new(format!("{file}: the model has no diagrams")));
        }
        return Ok(model.diagrams.iter().collect());
    }
    if let Some(wanted) = &args.diagram {
        let found = model
            .diagrams
            .iter()
            .find(|d| d.name == *wanted)
            .or_else(|| model.diagram(&DiagramId::new(wanted.as_str())))
            .or_else(|| {
                // Typed in another case: taken when only one diagram's name matches so.
                let wanted = wanted.to_lowercase();
                let mut same = model.diagrams.iter().filter(|d| d.name.to_lowercase() == wanted);
                same.next().filter(|_| same.next().is_none())
            });
        return found.map(|d| vec![d]).ok_or_else(|| {
            Failure::new(format!("{file}: there is no diagram \"{wanted}\""))
                .hint(format!("its diagrams are: {}", names()))
        });
    }
    match model.diagrams.as_slice() {
        [only] => Ok(vec![only]),
        [] => Err(Failure::new(format!("{file}: the model has no diagrams")).hint("add a diagram in the editor first")),
        several => Err(Failure::new(format!("{file}: the model has {} diagrams", several.len()))
            .hint(format!("name one with --diagram or use --all; its diagrams are: {}", names()))),
    }
}

/// A new hidden temporary file in `folder`, readable like any file the user creates.
fn temporary_in(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".threatcanvas-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

/// Draws `diagram` in `format` into `sink` and returns it; `target` is the file the picture is
/// for, named in every message. A PNG too large for the requested scale is drawn at the
/// largest scale that fits, with a note saying so.
fn draw<W: std::io::Write>(
    model_file: &Path,
    model: &Model,
    diagram: &Diagram,
    format: ExportFormat,
    options: &ExportOptions,
    target: &Path,
    mut sink: W,
) -> Result<W, Failure> {
    let failed = |e: export::ExportError| {
        Failure::new(format!("{}: diagram \"{}\" of {}: {e}", target.display(), diagram.name, model_file.display()))
    };
    let picture = Picture::new(model, &diagram.id, options).map_err(failed)?;
    let cannot = |e: std::io::Error| Failure::new(format!("{}: cannot write: {e}", target.display()));
    match format {
        ExportFormat::Svg => sink.write_all(picture.svg().as_bytes()).map_err(cannot)?,
        ExportFormat::Pdf => sink.write_all(&picture.pdf().map_err(failed)?).map_err(cannot)?,
        ExportFormat::Png => {
            let info = picture.write_png(options.scale, &mut sink).map_err(failed)?;
            if info.was_shrunk() {
                let (w, h) = info.requested_size(&picture);
                eprintln!(
                    "note: {}: at scale {} the picture would be {w}×{h} pixels, past the limit of {} a side; drawn at scale {} ({}×{} pixels) instead",
                    target.display(),
                    info.requested_scale,
                    export::MAX_PNG_SIDE,
                    info.scale,
                    info.width,
                    info.height
                );
            }
        }
    }
    sink.flush().map_err(cannot)?;
    Ok(sink)
}
