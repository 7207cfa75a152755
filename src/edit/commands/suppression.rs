//! Suppressing a check finding on one record with a written reason, and lifting it again.
//! The suppression lives in the model, so it travels with the file, shows in `check` output
//! and reports, and undoes like any other edit.

use crate::edit::{CommandError, Edit, Transaction};
use crate::model::{MAX_TEXT_CHARS, Model, Subject, SuppressionKey, is_valid_rule_id};

/// Suppresses the finding of check `rule` (e.g. "DFD013") on `subject` with `reason`, or
/// changes the reason of an existing suppression. Empty when it is already suppressed with that
/// reason. The reason is stored trimmed.
///
/// # Errors
/// [`CommandError`] if the reason is blank or too long, the rule id is malformed, or the subject
/// is not in the model: each would make the file fail to load.
pub fn suppress_finding(
    model: &Model,
    rule: &str,
    subject: &Subject,
    reason: &str,
) -> Result<Transaction, CommandError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CommandError::NoReason);
    }
    if reason.chars().count() > MAX_TEXT_CHARS {
        return Err(CommandError::TooLong { what: "reason", limit: MAX_TEXT_CHARS });
    }
    if !is_valid_rule_id(rule) {
        return Err(CommandError::BadRuleId(rule.to_owned()));
    }
    if !model.subject_exists(subject) {
        return Err(CommandError::NoSubject(subject.to_string()));
    }
    let key = SuppressionKey { rule: rule.to_owned(), subject: subject.clone() };
    let mut tx = Transaction::new(format!("Suppress {rule}"));
    if model.suppressions.get(&key).map(String::as_str) != Some(reason) {
        tx.push(Edit::Suppression(key, Some(reason.to_owned())));
    }
    Ok(tx)
}

/// Lifts the suppression of check `rule` on `subject`, so the finding counts again. Empty when
/// there is none.
#[must_use]
pub fn unsuppress_finding(model: &Model, rule: &str, subject: &Subject) -> Transaction {
    let key = SuppressionKey { rule: rule.to_owned(), subject: subject.clone() };
    let mut tx = Transaction::new(format!("Lift suppression of {rule}"));
    if model.suppressions.contains_key(&key) {
        tx.push(Edit::Suppression(key, None));
    }
    tx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::{Element, ElementId};

    fn model() -> Model {
        let mut m = Model::default();
        m.elements.insert(ElementId::new("P1"), Element::default());
        m
    }

    #[test]
    fn suppress_then_undo_and_lift() {
        let mut m = model();
        let subject = Subject::Element(ElementId::new("P1"));
        let mut history = History::new();
        let tx = suppress_finding(&m, "DFD008", &subject, "  kept for the next release  ").expect("valid");
        history.execute(&mut m, tx).expect("applies");
        let key = SuppressionKey { rule: "DFD008".into(), subject: subject.clone() };
        assert_eq!(m.suppressions.get(&key).map(String::as_str), Some("kept for the next release"));
        assert!(suppress_finding(&m, "DFD008", &subject, "kept for the next release").expect("valid").is_empty());
        history.undo(&mut m).expect("undoes");
        assert!(m.suppressions.is_empty());
        history.redo(&mut m).expect("redoes");
        let lift = unsuppress_finding(&m, "DFD008", &subject);
        history.execute(&mut m, lift).expect("applies");
        assert!(m.suppressions.is_empty());
        assert!(unsuppress_finding(&m, "DFD008", &subject).is_empty());
    }

    #[test]
    fn refuses_what_would_not_load_back() {
        let m = model();
        let subject = Subject::Element(ElementId::new("P1"));
        assert_eq!(suppress_finding(&m, "DFD008", &subject, " "), Err(CommandError::NoReason));
        assert_eq!(suppress_finding(&m, "DFD 8", &subject, "why"), Err(CommandError::BadRuleId("DFD 8".into())));
        let ghost = Subject::Element(ElementId::new("ghost"));
        assert_eq!(suppress_finding(&m, "DFD008", &ghost, "why"), Err(CommandError::NoSubject("ghost".into())));
        assert!(suppress_finding(&m, "DFD024", &Subject::Model, "a sketch").is_ok());
    }
}
