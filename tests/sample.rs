//! The Juice Shop sample says what Juice Shop's code does. Each test is one of the claims the
//! code contradicted (or one of the facts the sample missed), checked against the whole file's
//! text or the threat it concerns, so that an edit bringing a wrong claim back fails here.

use std::path::Path;

use threatcanvas::format;
use threatcanvas::model::{Model, ThreatId, ThreatStatus};

fn path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")
}

fn model() -> Model {
    format::load_file(&path()).expect("sample loads")
}

/// Every string of the file, lower-cased, one per line: what a reader of the model sees.
fn texts() -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.to_lowercase()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let bytes = std::fs::read(path()).expect("sample reads");
    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("sample is JSON");
    let mut out = Vec::new();
    walk(&json, &mut out);
    out
}

fn mentions(needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    texts().into_iter().filter(|t| t.contains(&needle)).collect()
}

fn says(needle: &str) {
    assert!(!mentions(needle).is_empty(), "the sample should say {needle:?}");
}

fn never_says(needle: &str) {
    let found = mentions(needle);
    assert!(found.is_empty(), "the sample should not say {needle:?}: {found:#?}");
}

fn threat(model: &Model, id: &str) -> threatcanvas::model::Threat {
    model.threats.get(&ThreatId::new(id)).cloned().unwrap_or_else(|| panic!("{id} is in the sample"))
}

#[test]
fn tokens_never_expire() {
    for wrong in ["valid 6 hours", "valid for 6 hours", "expires after 6", "6-hour expiry", "expire after 6"] {
        never_says(wrong);
    }
    says("never expire");
    says("expiresinminutes");
}

#[test]
fn tokens_can_be_forged_so_the_setup_token_threat_is_open() {
    says("alg none");
    says("/encryptionkeys/jwt.pub");
    let model = model();
    let setup = threat(&model, "T-P3-4");
    assert!(setup.title.contains("setupToken can be forged"), "{}", setup.title);
    assert_eq!(setup.status, ThreatStatus::Open);
    assert!(
        model.threats.values().filter(|t| t.status == ThreatStatus::Mitigated).all(|t| !t.title.contains("setupToken")),
        "no setupToken threat is mitigated"
    );
}

#[test]
fn the_upload_parses_xml_with_external_entities_and_its_checks_never_reject() {
    says("libxml2-wasm (external entities and dtd loading on)");
    let model = model();
    assert_eq!(threat(&model, "T-P6-XML-001").status, ThreatStatus::Open);
    says("only multer's 200 kb limit rejects");
    never_says("invoice-like");
    says("uploads/complaints/");
    says("other files get a 204");
}

#[test]
fn the_only_log_is_the_public_http_access_log() {
    never_says("log viewer for admin");
    never_says("log read for admin");
    never_says("access & audit log");
    says("there is no admin log viewer");
    says("morgan");
    says("public directory listing at /support/logs");
}

#[test]
fn admins_see_users_and_feedback_and_delete_feedback_only() {
    says("admins can delete feedback");
    never_says("admin views (users, logs)");
}

#[test]
fn the_nosql_sleep_is_on_product_reviews() {
    let dos = threat(&model(), "T-DS2-2");
    assert!(dos.description.contains("GET /rest/products/:id/reviews"), "{}", dos.description);
    assert!(!dos.description.contains("track"), "{}", dos.description);
}

#[test]
fn the_chatbot_talks_to_a_local_model_trusts_unverified_tokens_and_hands_out_coupons() {
    says("http://localhost:11434/v1");
    says("decodes the caller's jwt without verifying it");
    says("generatecoupon");
    says("the 10% cap exists only in the system prompt");
    never_says("llm cost");
}

#[test]
fn the_login_query_and_the_code_page_are_described_as_the_code_has_them() {
    says("deletedat is null");
    says("sqlite has no md5()");
    says("/2fa/enter");
    never_says("dialog");
    says("put /api/products/:id");
    says("about 54 ms");
    says("two factor authentication");
    says("only the jwt private key is inline");
}

#[test]
fn the_missing_facts_are_modelled() {
    says("no rate limit at all");
    says("whole user row");
    says("stays in localstorage after a successful 2fa login");
    says("data/static/users.yml");
    says("/accounting");
}
