//! `threatcanvas export FILE [--diagram NAME | --all] [--format svg|png] [--scale N] -o OUT`

use std::path::{Path, PathBuf};

use super::{EXIT_ERROR, EXIT_OK, ExportArgs, ExportFormat, load, report_error, slug};
use crate::export;
use crate::model::{Diagram, DiagramId, Model};

pub(super) fn run(args: &ExportArgs) -> u8 {
    let Some(model) = load(&args.file) else {
        return EXIT_ERROR;
    };
    let format = args.format.unwrap_or_else(|| match args.output.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("png") => ExportFormat::Png,
        _ => ExportFormat::Svg,
    });
    let extension = args.output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if let Some(ext) = extension.as_deref().filter(|e| matches!(*e, "svg" | "png")) {
        if args.all {
            report_error(
                &format!(
                    "--all writes one file per diagram into a folder, but {} looks like a file",
                    args.output.display()
                ),
                Some("give a folder, e.g. -o out/"),
            );
            return EXIT_ERROR;
        }
        if ext != format.extension() {
            report_error(
                &format!("{} ends in .{ext} but the format is {}", args.output.display(), format.extension()),
                Some(&format!("use -o with .{} or --format {ext}", format.extension())),
            );
            return EXIT_ERROR;
        }
    }
    if let Some(parent) = args.output.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
        && !args.all
    {
        report_error(&format!("{}: the folder {} does not exist", args.output.display(), parent.display()), None);
        return EXIT_ERROR;
    }
    if !(args.scale.is_finite() && args.scale > 0.0 && args.scale <= 16.0) {
        report_error(
            &format!("--scale {} is out of range", args.scale),
            Some("use a number above 0 and up to 16, e.g. --scale 2"),
        );
        return EXIT_ERROR;
    }
    let names = || model.diagrams.iter().map(|d| format!("\"{}\"", d.name)).collect::<Vec<_>>().join(", ");
    let chosen: Vec<&Diagram> = if args.all {
        model.diagrams.iter().collect()
    } else if let Some(wanted) = &args.diagram {
        let found = model
            .diagrams
            .iter()
            .find(|d| d.name == *wanted)
            .or_else(|| model.diagram(&DiagramId::new(wanted.as_str())));
        let Some(found) = found else {
            report_error(
                &format!("{}: there is no diagram \"{wanted}\"", args.file.display()),
                Some(&format!("its diagrams are: {}", names())),
            );
            return EXIT_ERROR;
        };
        vec![found]
    } else if model.diagrams.len() == 1 {
        model.diagrams.iter().collect()
    } else {
        let hint = if model.diagrams.is_empty() {
            "add a diagram in the editor first".to_owned()
        } else {
            format!("name one with --diagram or use --all; its diagrams are: {}", names())
        };
        report_error(&format!("{}: the model has {} diagrams", args.file.display(), model.diagrams.len()), Some(&hint));
        return EXIT_ERROR;
    };
    if chosen.is_empty() {
        report_error(&format!("{}: the model has no diagrams", args.file.display()), None);
        return EXIT_ERROR;
    }
    let into_folder = args.all || args.output.is_dir();
    if into_folder && let Err(e) = std::fs::create_dir_all(&args.output) {
        report_error(&format!("{}: cannot create the folder: {e}", args.output.display()), None);
        return EXIT_ERROR;
    }
    let mut used = Vec::new();
    let model_file = std::fs::canonicalize(&args.file).ok();
    for diagram in chosen {
        let path = if into_folder {
            unique_path(&args.output, &slug(&diagram.name), format.extension(), &mut used)
        } else {
            args.output.clone()
        };
        if model_file.is_some() && std::fs::canonicalize(&path).ok() == model_file {
            report_error(
                &format!("{}: refusing to write the picture over the model itself", path.display()),
                Some("choose another -o"),
            );
            return EXIT_ERROR;
        }
        if let Err(message) = write(&model, diagram, format, args.scale, &path) {
            report_error(&message, None);
            return EXIT_ERROR;
        }
        println!("{}", path.display());
    }
    EXIT_OK
}

fn unique_path(folder: &Path, stem: &str, ext: &str, used: &mut Vec<String>) -> PathBuf {
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    used.push(name.clone());
    folder.join(name)
}

fn write(model: &Model, diagram: &Diagram, format: ExportFormat, scale: f32, path: &Path) -> Result<(), String> {
    let bytes = match format {
        ExportFormat::Svg => export::diagram_svg(model, &diagram.id).map(String::into_bytes),
        ExportFormat::Png => export::diagram_png(model, &diagram.id, scale),
    }
    .map_err(|e| format!("diagram \"{}\": {e}", diagram.name))?;
    crate::format::write_atomically(path, &bytes).map_err(|e| e.to_string())
}
