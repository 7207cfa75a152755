//! Reviewing versions in the app: resolving merge conflicts from the conflicts panel, and
//! View ▸ Compare with… marking and listing what changed.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::app::{Document, Editor, Settings};
use threatcanvas::diff::ChangeKind;
use threatcanvas::edit::History;
use threatcanvas::edit::commands::{self, Item};
use threatcanvas::model::{ConflictKey, Model, RecordId, Rect};

use super::small_model::{selection, small_model};
use super::*;

fn renamed(model: &Model, id: &threatcanvas::model::ElementId, name: &str) -> Model {
    let mut m = model.clone();
    let tx = commands::update_element(&m, id, |e| name.clone_into(&mut e.name));
    History::new().execute(&mut m, tx).expect("rename");
    m
}

#[test]
fn choosing_theirs_resolves_a_conflict_in_one_undoable_step() {
    let (base, ids) = small_model();
    let ours = renamed(&base, &ids.web, "Shop front");
    let theirs = renamed(&base, &ids.web, "Storefront");
    let merged = threatcanvas::merge::merge(&base, &ours, &theirs).expect("merges");
    let key = ConflictKey { record: RecordId::Element(ids.web.clone()), field: Some("name".into()) };
    assert!(merged.conflicts.contains_key(&key), "{:?}", merged.conflicts);
    let mut h = harness(Editor::new(Document::from_model(merged, None), Settings::default()));
    assert!(h.query_by_label("Merge conflicts (1)").is_some(), "the panel lists the conflict");
    assert!(h.query_by_label("\"Storefront\"").is_some(), "with their value");

    h.get_by_role_and_label(Role::Button, "Theirs").click();
    h.run();
    assert!(h.state().model().conflicts.is_empty());
    assert_eq!(h.state().model().elements[&ids.web].name, "Storefront");
    assert!(h.query_by_label("Merge conflicts (1)").is_none(), "the panel is gone");

    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().model().conflicts.contains_key(&key), "undo brings the conflict back");
    assert_eq!(h.state().model().elements[&ids.web].name, "Shop front", "and our value");
}

#[test]
fn compare_marks_a_moved_and_a_renamed_element_lists_them_and_leaves_no_trace() {
    let (old, ids) = small_model();
    let dir = tempfile::tempdir().expect("temp dir");
    let old_path = dir.path().join("before.json");
    threatcanvas::format::save_file(&old, &old_path).expect("saved");
    let mut now = renamed(&old, &ids.mailer, "Notifier");
    let tx = commands::set_node(&ids.dfd, &ids.accounts, Rect::new(300, 520, 180, 70));
    History::new().execute(&mut now, tx).expect("move");
    let mut h = harness(Editor::new(Document::from_model(now, None), Settings::default()));
    let before = bytes(&h);

    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Compare with…").click();
    h.run();
    let field = "File path, or a git revision of this file (HEAD, main~1, a commit id):";
    replace_text(&mut h, field, "no-such-file-or-revision");
    h.get_by_role_and_label(Role::Button, "Compare").click();
    h.run();
    assert!(h.state().comparison().is_none());
    assert!(
        h.query_by_label_contains("never been saved").is_some(),
        "an unsaved model has no git history, and the dialog says so"
    );
    replace_text(&mut h, field, &old_path.display().to_string());
    h.get_by_role_and_label(Role::Button, "Compare").click();
    h.run();
    assert!(h.state().dialog().is_none(), "{:?}", h.state().dialog());

    let comparison = h.state().comparison().expect("comparing");
    let marks = comparison.marks_on(&ids.dfd);
    assert_eq!(marks.get(&RecordId::Element(ids.accounts.clone())), Some(&ChangeKind::Changed), "moved: {marks:?}");
    assert_eq!(marks.get(&RecordId::Element(ids.mailer.clone())), Some(&ChangeKind::Changed), "renamed");
    assert_eq!(marks.len(), 2, "nothing else is marked: {marks:?}");

    // The panel lists the rename; clicking it selects and centres the element.
    h.get_by_label_contains("“Notifier” changed").click();
    h.run();
    assert_eq!(selection(&h), vec![Item::Element(ids.mailer.clone())]);
    assert!(h.query_by_label_contains("moved").is_some(), "the move is listed under layout");

    h.get_by_label("Close compare").click();
    h.run();
    assert!(h.state().comparison().is_none());
    assert_eq!(bytes(&h), before, "the model never held any of it");
    assert!(!h.state().document().is_dirty());
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git").current_dir(dir).args(args).output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn compare_with_a_git_revision_of_the_open_file_and_a_clear_error_for_a_bad_one() {
    let (old, ids) = small_model();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("model.json");
    threatcanvas::format::save_file(&old, &path).expect("saved");
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.name", "Test"],
        &["config", "user.email", "test@example.com"],
        &["config", "commit.gpgsign", "false"],
        &["add", "model.json"],
        &["commit", "-q", "-m", "first"],
    ] {
        git(dir.path(), args);
    }
    threatcanvas::format::save_file(&renamed(&old, &ids.web, "Storefront"), &path).expect("saved");
    let mut h = harness(Editor::open_for_tests(&path).expect("opens"));
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Compare with…").click();
    h.run();
    // The field starts at HEAD.
    h.get_by_role_and_label(Role::Button, "Compare").click();
    h.run();
    let comparison = h.state().comparison().expect("comparing with HEAD");
    assert_eq!(comparison.against, "HEAD:model.json");
    let marks = comparison.marks_on(&ids.dfd);
    assert_eq!(marks.into_iter().collect::<Vec<_>>(), vec![(RecordId::Element(ids.web.clone()), ChangeKind::Changed)]);

    h.get_by_label("Close compare").click();
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Compare with…").click();
    h.run();
    let field = "File path, or a git revision of this file (HEAD, main~1, a commit id):";
    replace_text(&mut h, field, "no-such-revision");
    h.get_by_role_and_label(Role::Button, "Compare").click();
    h.run();
    assert!(h.state().comparison().is_none());
    assert!(
        h.query_by_label_contains("git cannot show model.json at revision no-such-revision").is_some(),
        "the dialog says what was tried: {:?}",
        h.state().dialog()
    );
}
