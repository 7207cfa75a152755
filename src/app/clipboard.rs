//! Clipboard text for copy and paste. The clipboard carries a complete ThreatCanvas file
//! holding the copied records, so it pastes into another diagram, another model or another
//! running ThreatCanvas, and other tools can read it. What a copy takes and how a paste lands
//! (new ids, remapping, offset) is [`crate::edit::clipboard`]; this only turns the part into
//! text and back.

use std::collections::BTreeSet;

use crate::edit::Transaction;
use crate::edit::clipboard::{copy_part, paste_part};
use crate::edit::commands::Item;
use crate::format;
use crate::model::{DiagramId, Model};

/// How far a paste is shifted from the original, so the copy is visible.
pub const PASTE_OFFSET: i32 = 30;

/// The clipboard text for `items` of `diagram` (see [`copy_part`]); `None` when nothing is
/// copied.
#[must_use]
pub fn copy(model: &Model, diagram: &DiagramId, items: &BTreeSet<Item>) -> Option<String> {
    copy_part(model, diagram, items).map(|part| format::to_canonical_string(&part))
}

/// The transaction that pastes clipboard `text` into `diagram` of `model`, shifted by
/// `offset`, and the items it adds (to select them). `None` if the text is not a model, or
/// holds nothing to paste.
#[must_use]
pub fn paste(model: &Model, diagram: &DiagramId, text: &str, offset: i32) -> Option<(Transaction, BTreeSet<Item>)> {
    let part = format::load_bytes(text.as_bytes(), "<clipboard>").ok()?;
    paste_part(model, diagram, &part, offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{History, commands};
    use crate::model::{ElementKindTag, Rect};

    #[test]
    fn copied_text_pastes_back_and_other_text_does_not() {
        let mut model = Model::default();
        let mut history = History::new();
        let (d, tx) = commands::add_diagram(&model, "d", false);
        history.execute(&mut model, tx).expect("diagram");
        let (a, tx) = commands::add_element(ElementKindTag::Process, "A", None, Some((&d, Rect::new(0, 0, 100, 60))));
        history.execute(&mut model, tx).expect("a");
        let text = copy(&model, &d, &[Item::Element(a)].into()).expect("copied");
        let (tx, added) = paste(&model, &d, &text, PASTE_OFFSET).expect("pastes");
        history.execute(&mut model, tx).expect("paste applies");
        assert_eq!((model.elements.len(), added.len()), (2, 1));
        assert!(paste(&model, &d, "not a model", 0).is_none());
    }
}
