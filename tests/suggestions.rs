//! Accepting and dismissing suggestions, re-running, and the threat-list commands, through the
//! same history the app uses: re-running never proposes what was accepted or dismissed, and
//! undo restores the file byte for byte.

use std::collections::BTreeSet;
use std::path::Path;

use threatcanvas::edit::threat_list::{self, Direction};
use threatcanvas::edit::{History, commands, triage};
use threatcanvas::format;
use threatcanvas::model::{ElementId, Model, SuggestionKey, ThreatId, ThreatTarget};
use threatcanvas::threats::{Library, Scope, loader, suggest};

fn sample() -> Model {
    format::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")).expect("sample loads")
}

/// The sample without its triage: no dismissals and no threat remembering a rule.
fn untriaged() -> Model {
    let mut m = sample();
    m.dismissed.clear();
    for t in m.threats.values_mut() {
        t.rule = None;
    }
    m
}

fn bytes(m: &Model) -> String {
    format::to_canonical_string(m)
}

fn pending(m: &Model) -> Vec<SuggestionKey> {
    suggest(m, Library::shipped(), Scope::Model).iter().map(threatcanvas::threats::Suggestion::key).collect()
}

#[test]
fn accepted_and_dismissed_suggestions_are_not_proposed_again_and_undo_is_exact() {
    let mut model = untriaged();
    let mut history = History::new();
    let original = bytes(&model);
    let all = suggest(&model, Library::shipped(), Scope::Model);
    let p6 = ThreatTarget::Element(ElementId::new("P6"));
    let p7 = ThreatTarget::Element(ElementId::new("P7"));
    let for_p6: Vec<_> = all.iter().filter(|s| s.target == p6).collect();
    let for_p7: Vec<_> = all.iter().filter(|s| s.target == p7).collect();
    assert!(for_p6.len() > 3 && for_p7.len() > 3);

    // Accept all for P6: one step.
    let threats: Vec<_> = for_p6.iter().map(|s| s.threat(&model)).collect();
    let (ids, tx) = triage::accept_suggestions(&model, threats);
    assert_eq!(ids.len(), for_p6.len());
    history.execute(&mut model, tx).expect("accept");
    let after_accept = bytes(&model);
    let new = &model.threats[&ids[0]];
    assert_eq!(new.rule.as_deref(), Some(for_p6[0].rule.id.as_str()));
    assert_eq!(new.title, for_p6[0].title);
    assert!(!new.references.is_empty());
    let ranks: Vec<u32> = ids.iter().map(|id| model.threats[id].rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "accepted threats follow each other: {ranks:?}");
    let existing_max = untriaged().threats_on(&p6).map(|(_, t)| t.rank).max().unwrap_or(0);
    assert!(ranks[0] > existing_max, "after the hand-written ones");

    // Dismiss all for P7 with a reason: one step.
    let tx = triage::dismiss_suggestions(&model, for_p7.iter().map(|s| s.key()), "Training app: out of scope");
    history.execute(&mut model, tx).expect("dismiss");
    assert_eq!(model.dismissed.len(), for_p7.len());
    assert!(model.dismissed.values().all(|r| r == "Training app: out of scope"));

    // Re-run: nothing for P6 or P7, everything else still there.
    let again = pending(&model);
    assert!(again.iter().all(|k| k.target != p6 && k.target != p7));
    assert_eq!(again.len(), all.len() - for_p6.len() - for_p7.len());
    let saved = bytes(&model);
    let reloaded = format::load_bytes(saved.as_bytes(), "triaged").expect("a triaged model saves and loads");
    assert_eq!(pending(&reloaded), again, "triage survives the file");

    // Undo both: byte for byte the original; redo: the same again.
    history.undo(&mut model).expect("undo dismiss");
    history.undo(&mut model).expect("undo accept");
    assert_eq!(bytes(&model), original);
    assert_eq!(pending(&model).len(), all.len());
    history.redo(&mut model).expect("redo");
    assert_eq!(bytes(&model), after_accept);
}

#[test]
fn accepting_twice_or_a_dismissed_suggestion_stays_consistent() {
    let mut model = untriaged();
    let mut history = History::new();
    let s = suggest(&model, Library::shipped(), Scope::Model).into_iter().next().expect("a suggestion");
    let tx = triage::dismiss_suggestions(&model, [s.key()], "");
    history.execute(&mut model, tx).expect("dismiss");
    assert_eq!(model.dismissed.get(&s.key()).map(String::as_str), Some(""), "a dismissal without a reason");
    // Accepting it anyway (from a list showing dismissed ones) takes the dismissal back.
    let (ids, tx) = triage::accept_suggestions(&model, [s.threat(&model), s.threat(&model)]);
    assert_eq!(ids.len(), 1, "the same rule and target is accepted once");
    history.execute(&mut model, tx).expect("accept");
    assert!(model.dismissed.is_empty());
    let (ids, tx) = triage::accept_suggestions(&model, [s.threat(&model)]);
    assert!(ids.is_empty() && tx.is_empty(), "already accepted");
    history.undo(&mut model).expect("undo");
    assert!(model.dismissed.contains_key(&s.key()));
}

#[test]
fn restoring_a_dismissal_proposes_it_again() {
    let mut model = untriaged();
    let mut history = History::new();
    let keys: Vec<_> = pending(&model).into_iter().take(3).collect();
    let tx = triage::dismiss_suggestions(&model, keys.clone(), "no");
    history.execute(&mut model, tx).expect("dismiss");
    assert!(pending(&model).iter().all(|k| !keys.contains(k)));
    let tx = triage::restore_suggestions(&model, keys[..2].iter().cloned());
    assert_eq!(tx.edits.len(), 2);
    history.execute(&mut model, tx).expect("restore");
    let now = pending(&model);
    assert!(now.contains(&keys[0]) && now.contains(&keys[1]) && !now.contains(&keys[2]));
}

#[test]
fn deleting_an_element_forgets_its_dismissals_in_the_same_step() {
    let mut model = untriaged();
    let mut history = History::new();
    let p7 = ThreatTarget::Element(ElementId::new("P7"));
    let keys: Vec<_> = pending(&model).into_iter().filter(|k| k.target == p7).collect();
    let tx = triage::dismiss_suggestions(&model, keys, "why");
    history.execute(&mut model, tx).expect("dismiss");
    let before = bytes(&model);
    let tx = commands::delete(&model, &[commands::Item::Element(ElementId::new("P7"))]);
    history.execute(&mut model, tx).expect("delete");
    assert!(model.dismissed.is_empty());
    format::load_bytes(bytes(&model).as_bytes(), "deleted").expect("still loads");
    history.undo(&mut model).expect("undo");
    assert_eq!(bytes(&model), before);
}

fn order(model: &Model, target: &ThreatTarget) -> Vec<ThreatId> {
    model.threats_on(target).map(|(id, _)| id.clone()).collect()
}

#[test]
fn duplicating_places_a_copy_right_below_and_undo_is_exact() {
    let mut model = sample();
    let mut history = History::new();
    let p3 = ThreatTarget::Element(ElementId::new("P3"));
    let before = order(&model, &p3);
    assert!(before.len() >= 3);
    let original = bytes(&model);
    let (copy, tx) = threat_list::duplicate_threat(&model, &before[1]).expect("a threat");
    history.execute(&mut model, tx).expect("duplicate");
    let after = order(&model, &p3);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[2], copy, "right below the original");
    assert_eq!(after[..2], before[..2]);
    assert_eq!(after[3..], before[2..]);
    let (o, c) = (&model.threats[&before[1]], &model.threats[&copy]);
    assert_eq!(c.title, format!("{} (copy)", o.title));
    assert_eq!(
        (c.category, c.status, &c.description, &c.references),
        (o.category, o.status, &o.description, &o.references)
    );
    assert_eq!(c.rule, None, "the copy does not answer for the rule");
    history.undo(&mut model).expect("undo");
    assert_eq!(bytes(&model), original);
}

#[test]
fn moving_up_and_down_reorders_and_stops_at_the_ends() {
    let mut model = sample();
    let mut history = History::new();
    let p3 = ThreatTarget::Element(ElementId::new("P3"));
    let before = order(&model, &p3);
    let original = bytes(&model);
    assert!(threat_list::move_threat(&model, &before[0], Direction::Up).is_empty());
    let last = before.last().expect("last");
    assert!(threat_list::move_threat(&model, last, Direction::Down).is_empty());
    let tx = threat_list::move_threat(&model, &before[0], Direction::Down);
    history.execute(&mut model, tx).expect("down");
    let after = order(&model, &p3);
    assert_eq!((after[0].clone(), after[1].clone()), (before[1].clone(), before[0].clone()));
    assert_eq!(after[2..], before[2..]);
    let tx = threat_list::move_threat(&model, &before[0], Direction::Up);
    history.execute(&mut model, tx).expect("up");
    assert_eq!(order(&model, &p3), before);
    history.undo(&mut model).expect("undo up");
    history.undo(&mut model).expect("undo down");
    assert_eq!(bytes(&model), original);
}

#[test]
fn a_library_folder_loads_overrides_and_reports_broken_files() {
    let dir = tempfile::tempdir().expect("dir");
    let rule = |id: &str, title: &str| {
        format!(
            "[[rule]]\nid = \"{id}\"\napplies_to = \"flow\"\nstride = \"tampering\"\nseverity = \"low\"\ncwe = [20]\ntitle = \"{title}\"\ndescription = \"d\"\nmitigation = \"m\"\n"
        )
    };
    std::fs::write(dir.path().join("a.toml"), rule("TC-FLOW-001", "{target}: ours")).expect("write");
    std::fs::write(dir.path().join("b.toml"), rule("ACME-2", "{target} from {from} to {to}")).expect("write");
    std::fs::write(dir.path().join("c.toml"), "[[rule]]\nid = \"ACME-3\"\napplies_to = \"boat\"\n").expect("write");
    let report = loader::load(&[loader::Folder { path: dir.path().to_path_buf(), must_exist: true }]);
    assert_eq!(report.library.len(), Library::shipped().len() + 1);
    let ours = report.library.rule("TC-FLOW-001").expect("overridden rule");
    assert_eq!(ours.title.source(), "{target}: ours");
    assert_eq!(report.overrides.len(), 1);
    assert!(report.override_notes()[0].contains("a.toml replaces the one in the shipped library (transport.toml)"));
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let problem = &report.problems[0];
    assert!(problem.file.ends_with("c.toml"));
    assert!(problem.place.starts_with("rule[0].applies_to"), "{problem}");
    assert!(problem.fault.contains("boat"), "{problem}");
    assert_eq!(report.files.len(), 3);
}

#[test]
fn the_repository_folder_is_found_walking_up_to_the_repository_root() {
    let root = tempfile::tempdir().expect("root");
    let repo = root.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect(".git");
    std::fs::create_dir_all(repo.join("docs/models/deep")).expect("folders");
    let model = repo.join("docs/models/deep/m.json");
    assert_eq!(loader::repository_folder(&model), None);
    std::fs::create_dir_all(root.path().join(".threatcanvas/threats")).expect("above the repository");
    assert_eq!(loader::repository_folder(&model), None, "the walk stops at the repository root");
    std::fs::create_dir_all(repo.join(".threatcanvas/threats")).expect("at the root");
    assert_eq!(loader::repository_folder(&model), Some(repo.join(".threatcanvas/threats")));
    std::fs::create_dir_all(repo.join("docs/.threatcanvas/threats")).expect("nearer");
    assert_eq!(loader::repository_folder(&model), Some(repo.join("docs/.threatcanvas/threats")));
    let folders: BTreeSet<_> = loader::folders_for(Some(&model), &[]).into_iter().map(|f| f.path).collect();
    assert!(folders.contains(&repo.join("docs/.threatcanvas/threats")));
}
