//! Work is never lost: a killed window's edits come back, a file changed on disk is reloaded or
//! asked about, Save never overwrites a newer file silently, and two windows on one file are
//! warned. Recovery files and locks go to a temporary state folder.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use threatcanvas::app::{AUTOSAVE_DELAY_SECS, DISK_POLL_SECS, Editor};
use threatcanvas::document::{LockState, Owner};
use threatcanvas::model::ElementId;

use super::*;

const STATE_VAR: &str = "THREATCANVAS_TEST_STATE";
const MODEL_VAR: &str = "THREATCANVAS_TEST_MODEL";
const READY: &str = "recovery written";

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")
}

/// A copy of the sample in a fresh folder, and a fresh state folder.
fn copy_and_state() -> (tempfile::TempDir, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("model dir");
    let path = dir.path().join("model.json");
    std::fs::copy(sample(), &path).expect("copy");
    (dir, path, tempfile::tempdir().expect("state dir"))
}

/// The editor's clock advances this much per frame in kittest (its default step).
const STEP_SECS: f64 = 0.25;

/// Runs frames worth `secs` seconds of the editor's clock.
fn wait(h: &mut Harness<'_, Editor>, secs: f64) {
    let mut waited = 0.0;
    while waited <= secs {
        h.step();
        waited += STEP_SECS;
    }
}

fn delete_p1(h: &mut Harness<'_, Editor>) {
    let c = center_of(h, &ElementId::new("P1"));
    click(h, c);
    h.key_press(Key::Delete);
    h.run();
    assert!(!h.state().model().elements.contains_key(&ElementId::new("P1")));
}

/// The killed window: run by `killed_windows_edits_come_back` as a child process.
#[test]
#[ignore = "run as a child process by killed_windows_edits_come_back"]
fn child_edits_then_waits_to_be_killed() {
    let state = PathBuf::from(std::env::var_os(STATE_VAR).expect("state"));
    let editor = match std::env::var_os(MODEL_VAR) {
        Some(model) => Editor::open_for_tests(Path::new(&model)).expect("model"),
        None => Editor::new_for_tests(),
    };
    let mut h = harness(editor.keeping_work_in(Some(state)));
    if std::env::var_os(MODEL_VAR).is_some() {
        delete_p1(&mut h);
    } else {
        replace_text(&mut h, "Title", "Kept after a kill");
    }
    wait(&mut h, AUTOSAVE_DELAY_SECS);
    assert!(h.state().recovery_file().is_some(), "the recovery file is written");
    println!("{READY}");
    std::thread::sleep(std::time::Duration::from_secs(120));
    panic!("the parent should have killed this process");
}

/// Starts the child window on `model` (or an untitled model), waits for its recovery file,
/// and kills it (SIGKILL on Unix: no destructor, no clean close).
fn run_and_kill(state: &Path, model: Option<&Path>) {
    let mut command = Command::new(std::env::current_exe().expect("test binary"));
    command
        .args(["--ignored", "--exact", "safekeeping::child_edits_then_waits_to_be_killed", "--nocapture"])
        .env(STATE_VAR, state)
        .stdout(Stdio::piped());
    if let Some(model) = model {
        command.env(MODEL_VAR, model);
    }
    let mut child = command.spawn().expect("spawn the child window");
    let stdout = child.stdout.take().expect("stdout");
    let ready = std::io::BufReader::new(stdout).lines().map_while(Result::ok).any(|line| line.trim() == READY);
    child.kill().expect("kill");
    let status = child.wait().expect("wait");
    assert!(ready, "the child wrote its recovery file first ({status})");
    assert!(!status.success());
}

#[test]
fn killed_windows_edits_come_back() {
    let (_dir, path, state) = copy_and_state();
    let before = std::fs::read(&path).expect("read");
    run_and_kill(state.path(), Some(&path));
    assert_eq!(std::fs::read(&path).expect("read"), before, "the user's file is untouched");
    let recovery: Vec<_> = std::fs::read_dir(state.path().join("recovery")).expect("recovery folder").collect();
    assert_eq!(recovery.len(), 1, "one recovery file, in the state folder");
    // A new window with the same state folder offers it, saying what it holds.
    let mut h = harness(Editor::new_for_tests().keeping_work_in(Some(state.path().to_path_buf())));
    assert!(h.query_by_label("Recover unsaved work").is_some(), "offered at start: {:?}", h.state().dialog());
    assert!(h.query_by_label_contains("model.json").is_some(), "names the file");
    let elements = threatcanvas::format::load_file(&sample()).expect("sample").elements.len() - 1;
    let holds = format!("{elements} elements");
    assert!(h.query_by_label_contains(&holds).is_some(), "says what it holds: {:?}", h.state().dialog());
    assert!(h.query_by_label_contains("UTC").is_some(), "says when it was written");
    h.get_by_label("Restore").click();
    h.run();
    let editor = h.state();
    assert!(!editor.model().elements.contains_key(&ElementId::new("P1")), "the edit is back");
    assert_eq!(editor.model().elements.len(), elements);
    assert!(editor.document().is_dirty(), "restored as unsaved");
    assert_eq!(editor.document().path(), Some(path.as_path()), "belonging to its file");
    // The killed window's lock was stale and is ours now.
    assert_eq!(threatcanvas::document::Lock::inspect(state.path(), &path), LockState::Ours);
    // Saving writes the file and the recovery file has done its job.
    shortcut(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!threatcanvas::format::load_file(&path).expect("saved").elements.contains_key(&ElementId::new("P1")));
    assert_eq!(std::fs::read_dir(state.path().join("recovery")).expect("folder").count(), 0);
}

#[test]
fn a_killed_untitled_model_comes_back_and_later_keeps_it() {
    let state = tempfile::tempdir().expect("state");
    run_and_kill(state.path(), None);
    let mut h = harness(Editor::new_for_tests().keeping_work_in(Some(state.path().to_path_buf())));
    assert!(h.query_by_label_contains("Kept after a kill (untitled)").is_some());
    // Later: nothing is lost, and the next start offers it again.
    h.get_by_label("Later").click();
    h.run();
    assert!(h.state().dialog().is_none());
    drop(h);
    let mut h = harness(Editor::new_for_tests().keeping_work_in(Some(state.path().to_path_buf())));
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().model().meta.title, "Kept after a kill");
    assert_eq!(h.state().document().path(), None);
    assert!(h.state().document().is_dirty());
    // Closing the model without saving is a clean close: the recovery file goes.
    shortcut(&mut h, Modifiers::COMMAND, Key::W);
    h.get_by_label("Don't save").click();
    h.run();
    assert_eq!(std::fs::read_dir(state.path().join("recovery")).expect("folder").count(), 0);
}

#[test]
fn autosave_waits_for_a_pause_and_never_touches_the_users_folder() {
    let (dir, path, state) = copy_and_state();
    let mut h = harness(Editor::open_for_tests(&path).expect("copy").keeping_work_in(Some(state.path().to_path_buf())));
    delete_p1(&mut h);
    wait(&mut h, AUTOSAVE_DELAY_SECS / 4.0);
    assert!(h.state().recovery_file().is_none(), "not while the user is still at it");
    wait(&mut h, AUTOSAVE_DELAY_SECS);
    let file = h.state().recovery_file().expect("written after the pause").to_path_buf();
    assert!(file.starts_with(state.path()));
    assert_eq!(std::fs::read_dir(dir.path()).expect("folder").count(), 1, "only the model beside the model");
    // Undo back to the saved state: nothing left to recover.
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    wait(&mut h, 0.1);
    assert!(!file.exists());
}

fn rewrite_title(path: &Path, title: &str) {
    let mut model = threatcanvas::format::load_file(path).expect("load");
    title.clone_into(&mut model.meta.title);
    threatcanvas::format::save_file(&model, path).expect("save");
}

#[test]
fn a_file_changed_on_disk_is_reloaded_when_nothing_is_unsaved() {
    let (_dir, path, _state) = copy_and_state();
    let mut h = harness(Editor::open_for_tests(&path).expect("copy"));
    rewrite_title(&path, "Changed by git pull");
    wait(&mut h, DISK_POLL_SECS);
    assert_eq!(h.state().model().meta.title, "Changed by git pull");
    assert!(h.state().status().contains("Reloaded"), "{}", h.state().status());
    assert!(!h.state().document().is_dirty());
    // A touch that changes nothing is not a change.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3);
    std::fs::File::options().write(true).open(&path).expect("open").set_modified(later).expect("touch");
    wait(&mut h, DISK_POLL_SECS);
    assert!(h.state().dialog().is_none());
}

#[test]
fn a_file_changed_under_unsaved_edits_asks_and_save_never_overwrites_silently() {
    let (_dir, path, _state) = copy_and_state();
    let mut h = harness(Editor::open_for_tests(&path).expect("copy"));
    delete_p1(&mut h);
    rewrite_title(&path, "Theirs");
    wait(&mut h, DISK_POLL_SECS);
    assert!(h.query_by_label("File changed on disk").is_some(), "asks");
    h.get_by_label("Keep mine").click();
    h.run();
    assert!(!h.state().model().elements.contains_key(&ElementId::new("P1")), "mine kept");
    wait(&mut h, DISK_POLL_SECS * 2.0);
    assert!(h.state().dialog().is_none(), "asked once");
    // Save asks before overwriting their version.
    shortcut(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.query_by_label("Overwrite the newer file?").is_some());
    assert_eq!(threatcanvas::format::load_file(&path).expect("theirs").meta.title, "Theirs", "not yet");
    h.get_by_label("Overwrite").click();
    h.run();
    let saved = threatcanvas::format::load_file(&path).expect("mine");
    assert!(!saved.elements.contains_key(&ElementId::new("P1")));
    assert!(!h.state().document().is_dirty());
    // Once saved, our own save is not a change on disk.
    wait(&mut h, DISK_POLL_SECS * 2.0);
    assert!(h.state().dialog().is_none());
}

#[test]
fn reload_from_the_question_takes_the_version_on_disk() {
    let (_dir, path, _state) = copy_and_state();
    let mut h = harness(Editor::open_for_tests(&path).expect("copy"));
    delete_p1(&mut h);
    rewrite_title(&path, "Theirs");
    wait(&mut h, DISK_POLL_SECS);
    h.get_by_label("Reload").click();
    h.run();
    assert_eq!(h.state().model().meta.title, "Theirs");
    assert!(h.state().model().elements.contains_key(&ElementId::new("P1")));
    assert!(!h.state().document().is_dirty());
    assert!(h.state().status().contains("Undo gives your version back"), "{}", h.state().status());
    // The reload is one undo step: Undo gives back the unsaved work it replaced, Redo theirs.
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!h.state().model().elements.contains_key(&ElementId::new("P1")), "my deletion is back");
    assert_ne!(h.state().model().meta.title, "Theirs");
    assert!(h.state().document().is_dirty());
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(h.state().model().meta.title, "Theirs");
    assert!(!h.state().document().is_dirty(), "redone: the file's version again");
    // Undo reaches past the reload to the edits before it.
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().model().elements.contains_key(&ElementId::new("P1")), "deletion undone");
}

#[test]
fn a_reload_keeps_the_selection_and_the_diagram_shown() {
    let (_dir, path, _state) = copy_and_state();
    let mut h = harness(Editor::open_for_tests(&path).expect("copy"));
    let c = center_of(&h, &ElementId::new("P1"));
    click(&mut h, c);
    let selected = h.state().view().selection.clone();
    assert!(!selected.is_empty());
    let diagram = h.state().view().diagram.clone();
    rewrite_title(&path, "Changed by git pull");
    wait(&mut h, DISK_POLL_SECS);
    assert_eq!(h.state().model().meta.title, "Changed by git pull");
    assert_eq!(h.state().view().selection, selected, "still selected");
    assert_eq!(h.state().view().diagram, diagram);
}

#[test]
fn compare_from_the_question_keeps_mine_and_marks_what_the_disk_has_differently() {
    let (_dir, path, _state) = copy_and_state();
    let mut h = harness(Editor::open_for_tests(&path).expect("copy"));
    delete_p1(&mut h);
    rewrite_title(&path, "Theirs");
    wait(&mut h, DISK_POLL_SECS);
    h.get_by_label("Compare").click();
    h.run();
    assert!(h.state().dialog().is_none());
    assert!(!h.state().model().elements.contains_key(&ElementId::new("P1")), "mine kept");
    assert_ne!(h.state().model().meta.title, "Theirs");
    let comparison = h.state().comparison().expect("comparing with the file on disk");
    assert_eq!(comparison.against, path.display().to_string());
    let records: Vec<String> = comparison.diff.changes.iter().map(|c| format!("{c:?}")).collect();
    assert!(records.iter().any(|c| c.contains("P1")), "P1 differs: {records:#?}");
    assert!(h.state().status().contains("Save asks"), "{}", h.state().status());
    // Save still asks before overwriting their version.
    shortcut(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.query_by_label("Overwrite the newer file?").is_some());
    // Once mine is written, the file is the model: the comparison with it lists nothing.
    h.get_by_label("Overwrite").click();
    h.run();
    let comparison = h.state().comparison().expect("still comparing");
    assert!(comparison.diff.changes.is_empty() && comparison.diff.layout.is_empty(), "{:?}", comparison.diff);
}

/// A process that runs until killed, and a lock on `path` in its name.
fn live_lock(state: &Path, path: &Path) -> std::process::Child {
    let child = Command::new("sleep").arg("60").spawn().expect("spawn sleep");
    threatcanvas::document::write_lock_for_tests(state, path, Owner::process(child.id())).expect("lock");
    child
}

#[test]
fn a_file_open_in_another_window_warns_and_opens_read_only() {
    let (_dir, path, state) = copy_and_state();
    let mut other = live_lock(state.path(), &path);
    let mut h = harness(Editor::open_for_tests(&path).expect("copy").keeping_work_in(Some(state.path().to_path_buf())));
    let warned = h.query_by_label("Open in another window").is_some();
    if warned {
        h.get_by_label("Open read-only").click();
        h.run();
        assert!(h.state().is_read_only());
        assert!(h.state().title().contains("read-only"), "{}", h.state().title());
        delete_p1(&mut h);
        shortcut(&mut h, Modifiers::COMMAND, Key::S);
        assert!(h.query_by_label("Save model as").is_some(), "Save is refused: Save As instead");
        assert!(threatcanvas::format::load_file(&path).expect("load").elements.contains_key(&ElementId::new("P1")));
    }
    let _ = other.kill();
    let _ = other.wait();
    assert!(warned || !cfg!(target_os = "linux"), "a live lock warns");
}

#[test]
fn opening_a_locked_file_from_the_app_asks_and_open_anyway_opens_it() {
    let (_dir, path, state) = copy_and_state();
    let mut other = live_lock(state.path(), &path);
    let mut h = harness(Editor::new_for_tests().keeping_work_in(Some(state.path().to_path_buf())));
    shortcut(&mut h, Modifiers::COMMAND, Key::O);
    replace_text(&mut h, "File path:", &path.display().to_string());
    h.key_press(Key::Enter);
    h.run();
    let warned = h.query_by_label("Open in another window").is_some();
    if warned {
        assert_eq!(h.state().document().path(), None, "not opened before the answer");
        h.get_by_label("Open anyway").click();
        h.run();
        assert_eq!(h.state().document().path(), Some(path.as_path()));
        assert!(!h.state().is_read_only());
    }
    let _ = other.kill();
    let _ = other.wait();
    assert!(warned || !cfg!(target_os = "linux"), "a live lock warns");
}

#[test]
fn a_stale_lock_is_taken_over_without_a_question() {
    let (_dir, path, state) = copy_and_state();
    let mut gone = Command::new("true").spawn().expect("spawn");
    let pid = gone.id();
    gone.wait().expect("wait");
    threatcanvas::document::write_lock_for_tests(state.path(), &path, Owner::process(pid)).expect("lock");
    let h = harness(Editor::open_for_tests(&path).expect("copy").keeping_work_in(Some(state.path().to_path_buf())));
    if cfg!(target_os = "linux") {
        assert!(h.state().dialog().is_none());
        assert_eq!(threatcanvas::document::Lock::inspect(state.path(), &path), LockState::Ours);
    }
}

#[test]
fn an_assumption_longer_than_the_model_allows_is_cut_and_the_file_loads_back() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let c = center_of(&h, &ElementId::new("P1"));
    click(&mut h, c);
    let long = "a".repeat(threatcanvas::model::MAX_NAME_CHARS + 50);
    h.get_by_label("Assumptions (one per line)").focus();
    h.run();
    h.get_by_label("Assumptions (one per line)").type_text(&long);
    h.run();
    assert!(h.query_by_label_contains("the rest was cut").is_some(), "says so");
    let assumptions = &h.state().model().elements[&ElementId::new("P1")].assumptions;
    assert!(
        assumptions.iter().all(|a| a.chars().count() <= threatcanvas::model::MAX_NAME_CHARS),
        "{}",
        assumptions.len()
    );
    assert!(assumptions.iter().any(|a| a.ends_with("aaaa")), "the typing reached the model");
    let text = threatcanvas::format::to_canonical_string(h.state().model());
    threatcanvas::format::load_bytes(text.as_bytes(), "model.json").expect("what the panel allows loads back");
}

#[test]
fn discard_deletes_recovered_work_and_the_file_menu_offers_what_is_left() {
    let state = tempfile::tempdir().expect("state");
    run_and_kill(state.path(), None);
    let mut h = harness(Editor::new_for_tests().keeping_work_in(Some(state.path().to_path_buf())));
    h.get_by_label("Later").click();
    h.run();
    // Offered again from the File menu while it is kept.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Recover Unsaved Work…").click();
    h.run();
    assert!(h.query_by_label("Recover unsaved work").is_some());
    h.get_by_label("Discard").click();
    h.run();
    assert!(h.state().dialog().is_none(), "nothing left to offer");
    assert_eq!(std::fs::read_dir(state.path().join("recovery")).expect("folder").count(), 0, "deleted");
    assert_eq!(h.state().model().meta.title, "Untitled threat model", "the open model is untouched");
}

#[test]
fn quitting_without_saving_leaves_no_recovery_file_and_no_lock() {
    let (_dir, path, state) = copy_and_state();
    let mut h = harness(Editor::open_for_tests(&path).expect("copy").keeping_work_in(Some(state.path().to_path_buf())));
    delete_p1(&mut h);
    wait(&mut h, AUTOSAVE_DELAY_SECS);
    assert!(h.state().recovery_file().is_some());
    shortcut(&mut h, Modifiers::COMMAND, Key::Q);
    h.get_by_label("Don't save").click();
    h.run();
    // The window takes a moment to go: frames still run, and must not write the work again.
    wait(&mut h, AUTOSAVE_DELAY_SECS * 2.0);
    assert_eq!(std::fs::read_dir(state.path().join("recovery")).expect("folder").count(), 0);
    assert_eq!(threatcanvas::document::Lock::inspect(state.path(), &path), LockState::Free);
}
