//! Image snapshots of the two sample diagrams, rendered by wgpu on Mesa's software Vulkan
//! driver (lavapipe). Vulkan only, so a missing driver fails loudly instead of silently
//! rendering with another backend.

use egui_kittest::Harness;
use threatcanvas::app::Editor;

fn snapshot_of(diagram: usize, name: &str) {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let editor = Editor::open_for_tests(&sample).expect("sample");
    let id = editor.model().diagrams[diagram].id.clone();
    let editor = editor.showing(id).without_properties_panel();
    let mut setup = eframe::egui_wgpu::WgpuSetupCreateNew::without_display_handle();
    setup.instance_descriptor.backends = eframe::egui_wgpu::wgpu::Backends::VULKAN;
    let mut h = Harness::builder()
        .with_size(egui::vec2(900.0, 620.0))
        .wgpu_setup(eframe::egui_wgpu::WgpuSetup::CreateNew(setup))
        .build_ui_state(|ui, e: &mut Editor| e.ui(ui), editor);
    h.run();
    h.snapshot(name);
}

#[test]
fn juice_shop_dfd() {
    snapshot_of(0, "juice_shop_dfd");
}

#[test]
fn totp_sequence() {
    snapshot_of(1, "totp_sequence");
}
