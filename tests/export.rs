//! Exports through the library: the fast PNG path against resvg's rendering of the SVG, so
//! the two cannot drift; PDF with its text; options and selections.

use std::path::{Path, PathBuf};

use resvg::tiny_skia::{ColorU8, Pixmap, PremultipliedColorU8};
use threatcanvas::export::{self, Background, ExportOptions, Picture, Theme};
use threatcanvas::format;
use threatcanvas::model::{DfdView, Diagram, DiagramId, DiagramView, Model};
use threatcanvas::scene::{self, Align, Color, FontMetrics, Item, Pos, Scene, SceneRect, Shape, Stroke, Style};

fn sample() -> Model {
    format::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")).expect("sample loads")
}

fn diagram_of_kind(model: &Model, sequence: bool) -> DiagramId {
    let found = model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Sequence(_)) == sequence);
    found.map(|d| d.id.clone()).expect("the sample has both kinds")
}

/// Where a test leaves the pictures it compared, to look at.
fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export");
    std::fs::create_dir_all(&dir).expect("out dir");
    dir
}

/// How two renderings differ.
#[derive(Debug)]
struct Difference {
    /// Mean over pixels of the largest channel difference (0 to 255).
    mean: f64,
    /// Share of pixels that differ by more than 96 in some channel from every pixel around
    /// the same place in the other picture: a shape in one and not the other, rather than an
    /// edge that rounding moved by a pixel.
    share_far: f64,
}

/// Largest channel difference between two pixels.
fn distance(p: PremultipliedColorU8, q: PremultipliedColorU8) -> u8 {
    [
        p.red().abs_diff(q.red()),
        p.green().abs_diff(q.green()),
        p.blue().abs_diff(q.blue()),
        p.alpha().abs_diff(q.alpha()),
    ]
    .into_iter()
    .max()
    .unwrap_or(0)
}

/// Compares two PNGs of the same picture (sizes may differ by the rounding of one pixel), and
/// leaves both and a map of the differences in the test's temporary folder.
fn compare(name: &str, fast: &[u8], reference: &[u8]) -> Difference {
    let ours = Pixmap::decode_png(fast).expect("fast PNG");
    let theirs = Pixmap::decode_png(reference).expect("resvg PNG");
    assert!(
        ours.width().abs_diff(theirs.width()) <= 1 && ours.height().abs_diff(theirs.height()) <= 1,
        "{name}: sizes differ"
    );
    let (width, height) = (ours.width().min(theirs.width()), ours.height().min(theirs.height()));
    let mut map = Pixmap::new(width, height).expect("diff");
    let (mut total, mut far) = (0_u64, 0_u64);
    for row in 0..height {
        for col in 0..width {
            let pixel = ours.pixel(col, row).expect("in ours");
            let here = distance(pixel, theirs.pixel(col, row).expect("in theirs"));
            total += u64::from(here);
            if here > 96 {
                let nearest = (row.saturating_sub(1)..=(row + 1).min(height - 1))
                    .flat_map(|r| (col.saturating_sub(1)..=(col + 1).min(width - 1)).map(move |c| (c, r)))
                    .map(|(c, r)| distance(pixel, theirs.pixel(c, r).expect("in theirs")))
                    .min()
                    .unwrap_or(here);
                far += u64::from(nearest > 96);
            }
            let light = 255 - here;
            map.pixels_mut()[(row * width + col) as usize] = ColorU8::from_rgba(255, light, light, 255).premultiply();
        }
    }
    let dir = out_dir();
    std::fs::write(dir.join(format!("{name}-fast.png")), fast).expect("write");
    std::fs::write(dir.join(format!("{name}-resvg.png")), reference).expect("write");
    map.save_png(dir.join(format!("{name}-diff.png"))).expect("write");
    let count = f64::from(width) * f64::from(height);
    Difference { mean: total as f64 / count, share_far: far as f64 / count }
}

/// Renders `picture` both ways at `scale` and checks they agree.
fn assert_same_picture(name: &str, picture: &Picture, scale: f32) {
    let (fast, info) = picture.png(scale).expect("fast PNG");
    assert!(!info.was_shrunk());
    let reference = export::render_png(&picture.svg(), scale).expect("resvg PNG");
    let d = compare(name, &fast, &reference);
    assert!(d.mean < 0.6 && d.share_far < 0.000_2, "{name}: the fast PNG drifted from resvg's: {d:?}");
}

#[test]
fn the_fast_png_matches_resvg_on_the_sample_dfd() {
    let model = sample();
    let picture = Picture::new(&model, &diagram_of_kind(&model, false), &ExportOptions::default()).expect("picture");
    assert_same_picture("sample-dfd", &picture, 1.0);
}

#[test]
fn the_fast_png_matches_resvg_on_the_sample_sequence_in_the_dark_with_a_legend() {
    let model = sample();
    let options = ExportOptions { theme: Theme::Dark, legend: true, ..ExportOptions::default() };
    let picture = Picture::new(&model, &diagram_of_kind(&model, true), &options).expect("picture");
    assert_same_picture("sample-sequence-dark", &picture, 1.5);
}

#[test]
fn the_fast_png_matches_resvg_on_a_transparent_dfd_with_a_legend() {
    let model = sample();
    let options = ExportOptions { background: Background::Transparent, legend: true, ..ExportOptions::default() };
    let picture = Picture::new(&model, &diagram_of_kind(&model, false), &options).expect("picture");
    assert_same_picture("sample-dfd-transparent", &picture, 0.75);
}

/// A scene with every shape kind and the awkward cases: radii larger than the box, see-through
/// fills and strokes, dashes, every text alignment, letters outside ASCII.
fn every_shape() -> Scene {
    let style = Style::light();
    let mut model = Model::default();
    let id = DiagramId::new("empty");
    model.diagrams.push(Diagram {
        id: id.clone(),
        name: "Every shape".into(),
        view: DiagramView::Dfd(DfdView::default()),
    });
    let mut scene = scene::build(&model, &id, &style, &FontMetrics::shipped()).expect("scene");
    let ink = style.ink;
    let see_through = Color::rgba(30, 120, 200, 90);
    let measure = FontMetrics::shipped();
    let text = |pos, text: &str, size, align| Shape::Text {
        pos,
        text: text.to_owned(),
        size,
        color: ink,
        align,
        width: scene::TextMeasure::width(&measure, text, size),
    };
    let shapes = vec![
        Shape::Rect {
            rect: SceneRect::from_min_size(Pos::new(10.0, 10.0), Pos::new(120.0, 60.0)),
            radius: 0.0,
            fill: Some(style.process_fill),
            stroke: Some(Stroke::solid(1.5, ink)),
        },
        Shape::Rect {
            rect: SceneRect::from_min_size(Pos::new(150.0, 10.0), Pos::new(120.0, 40.0)),
            radius: 60.0,
            fill: Some(see_through),
            stroke: Some(Stroke::dashed(2.0, style.boundary, 9.0, 5.0)),
        },
        Shape::Rect {
            rect: SceneRect::from_min_size(Pos::new(290.0, 10.0), Pos::new(80.0, 80.0)),
            radius: 10.0,
            fill: None,
            stroke: Some(Stroke::solid(3.0, Color::rgba(0, 0, 0, 128))),
        },
        Shape::Ellipse {
            center: Pos::new(70.0, 140.0),
            radius: Pos::new(60.0, 30.0),
            fill: Some(style.entity_fill),
            stroke: Some(Stroke::dashed(1.5, style.muted, 6.0, 4.0)),
        },
        Shape::Ellipse {
            center: Pos::new(200.0, 140.0),
            radius: Pos::new(9.0, 9.0),
            fill: Some(style.threat_badges[3]),
            stroke: None,
        },
        Shape::Line {
            points: vec![Pos::new(240.0, 110.0), Pos::new(300.0, 170.0), Pos::new(360.0, 110.0)],
            stroke: Stroke::solid(1.4, ink),
        },
        Shape::Line {
            points: vec![Pos::new(10.0, 200.0), Pos::new(360.0, 200.0)],
            stroke: Stroke::dashed(1.2, ink, 6.0, 5.0),
        },
        Shape::Polygon {
            points: vec![Pos::new(20.0, 220.0), Pos::new(80.0, 230.0), Pos::new(40.0, 280.0)],
            fill: Some(ink),
            stroke: None,
        },
        Shape::Polygon {
            points: vec![
                Pos::new(100.0, 220.0),
                Pos::new(160.0, 220.0),
                Pos::new(170.0, 230.0),
                Pos::new(170.0, 280.0),
                Pos::new(100.0, 280.0),
            ],
            fill: Some(style.note_fill),
            stroke: Some(Stroke::solid(1.0, style.muted)),
        },
        Shape::Rect {
            rect: SceneRect::from_min_size(Pos::new(180.0, 215.0), Pos::new(190.0, 70.0)),
            radius: 3.0,
            fill: Some(style.label_background),
            stroke: None,
        },
        text(Pos::new(185.0, 220.0), "Start: Customer (browser)", 12.0, Align::Start),
        text(Pos::new(275.0, 240.0), "Middle: Zahlung über SEPA", 12.0, Align::Middle),
        text(Pos::new(365.0, 260.0), "End: ÆØÅ ≠ 1", 11.0, Align::End),
        text(Pos::new(10.0, 300.0), "Large title text, 18 units", 18.0, Align::Start),
    ];
    scene.items = shapes.into_iter().map(|shape| Item { owner: None, shape }).collect();
    scene.bounds = SceneRect::from_min_size(Pos::new(0.0, 0.0), Pos::new(380.0, 330.0));
    scene
}

#[test]
fn the_fast_png_matches_resvg_on_every_shape_kind() {
    let scene = every_shape();
    let page = Some(scene.background);
    assert_same_picture("every-shape", &Picture::from_scene(scene.clone(), page), 2.0);
    assert_same_picture("every-shape-transparent", &Picture::from_scene(scene, None), 3.0);
}

#[test]
fn the_comparison_sees_a_missing_shape() {
    // The tolerance above is not so loose that a dropped shape passes.
    let scene = every_shape();
    let mut without = scene.clone();
    without.items.remove(7);
    let (fast, _) = Picture::from_scene(without, Some(scene.background)).png(2.0).expect("png");
    let reference = export::render_png(&export::to_svg(&scene), 2.0).expect("resvg");
    let d = compare("every-shape-missing", &fast, &reference);
    assert!(d.share_far > 0.01, "{d:?}");
}
