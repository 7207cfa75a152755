//! Where a record sits in the file as written: its JSON path (`$.flows[3]`) and its line and
//! column, so a finding can be shown on the line of a pull request that introduced it.
//!
//! The path is read from the file itself rather than worked out from the canonical order, so it
//! is right for a file that has not been through `threatcanvas fmt` too.

use std::collections::HashMap;

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged as _;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::model::DiagramId;
use crate::rules::Subject;

/// A record's place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Place {
    /// JSON path, e.g. `$.elements[3]`.
    pub path: String,
    /// 1-based line of the record's first character.
    pub line: usize,
    /// 1-based column, in UTF-16 code units (SARIF's default).
    pub column: usize,
    /// 1-based line of the record's last character.
    pub end_line: usize,
    /// 1-based column just after the record's last character.
    pub end_column: usize,
}

/// The kinds of record found at the top level, by the name of their array.
const ARRAYS: [(&str, &str); 5] = [
    ("elements", "element"),
    ("flows", "flow"),
    ("boundaries", "boundary"),
    ("threats", "threat"),
    ("diagrams", "diagram"),
];

/// The places of every record of one file, found in one pass.
pub(super) struct Places {
    /// (kind, id) → place; messages are keyed by "message" and "diagram-id/message-id".
    by_record: HashMap<(&'static str, String), Place>,
    model: Option<Place>,
}

impl Places {
    /// Indexes `text`, a file that already loaded as a model. A file the span parser cannot
    /// read gives no places, and findings then point at the file as a whole.
    pub fn new(text: &str) -> Self {
        let mut places = Self { by_record: HashMap::new(), model: None };
        let Ok(parsed) = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()) else {
            return places;
        };
        let Some(Value::Object(root)) = parsed.value else { return places };
        let lines = LineStarts::new(text);
        if let Some(model) = root.get("model") {
            places.model = Some(lines.place("$.model".to_owned(), model.value.range()));
        }
        for (array, kind) in ARRAYS {
            let Some(Value::Array(items)) = root.get(array).map(|p| &p.value) else { continue };
            for (i, item) in items.elements.iter().enumerate() {
                let Value::Object(record) = item else { continue };
                let Some(id) = id_of(record) else { continue };
                let path = format!("$.{array}[{i}]");
                if kind == "diagram" {
                    places.messages(&lines, record, &path, &id);
                }
                places.by_record.insert((kind, id), lines.place(path, record.range));
            }
        }
        places
    }

    fn messages(&mut self, lines: &LineStarts, diagram: &Object<'_>, diagram_path: &str, diagram_id: &str) {
        let Some(Value::Array(messages)) = diagram.get("messages").map(|p| &p.value) else { return };
        for (j, item) in messages.elements.iter().enumerate() {
            let Value::Object(message) = item else { continue };
            let Some(id) = id_of(message) else { continue };
            let place = lines.place(format!("{diagram_path}.messages[{j}]"), message.range);
            self.by_record.insert(("message", format!("{diagram_id}/{id}")), place);
        }
    }

    /// Where `subject` is written; a message is looked up in `diagram` (the finding's diagram).
    pub fn of(&self, subject: &Subject, diagram: Option<&DiagramId>) -> Option<&Place> {
        let key = match subject {
            Subject::Model => return self.model.as_ref(),
            Subject::Message(id) => ("message", format!("{}/{id}", diagram?.as_str())),
            other => (other.kind(), other.id_str().unwrap_or_default().to_owned()),
        };
        self.by_record.get(&key)
    }
}

/// The value of a record's `"id"` property.
fn id_of(record: &Object<'_>) -> Option<String> {
    record.get_string("id").map(|s| s.value.to_string())
}

/// Byte offsets where each line starts, to turn offsets into lines and columns.
struct LineStarts<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineStarts<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { text, starts }
    }

    /// 1-based line and UTF-16 column of byte `offset`.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.text.get(start..offset).map_or(0, |s| s.encode_utf16().count()) + 1;
        (line, column)
    }

    fn place(&self, path: String, range: jsonc_parser::common::Range) -> Place {
        let (line, column) = self.line_column(range.start);
        let (end_line, end_column) = self.line_column(range.end);
        Place { path, line, column, end_line, end_column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ElementId, FlowId, MessageId};

    #[test]
    fn finds_records_where_they_are_written() {
        let text = "{\n  \"format\": \"threatcanvas\",\n  \"model\": {\"title\": \"é\"},\n  \"elements\": [\n    {\"id\": \"B\"},\n    {\"id\": \"A\", \"name\": \"ü\"}\n  ],\n  \"flows\": [{\"id\": \"F\"}],\n  \"diagrams\": [{\"id\": \"D\", \"messages\": [{\"id\": \"m1\"}]}]\n}\n";
        let places = Places::new(text);
        let a = places.of(&Subject::Element(ElementId::new("A")), None).expect("A");
        assert_eq!((a.path.as_str(), a.line, a.column), ("$.elements[1]", 6, 5));
        assert_eq!((a.end_line, a.end_column), (6, 29), "columns count UTF-16 units, not bytes");
        let f = places.of(&Subject::Flow(FlowId::new("F")), None).expect("F");
        assert_eq!((f.path.as_str(), f.line), ("$.flows[0]", 8));
        let m = places.of(&Subject::Message(MessageId::new("m1")), Some(&DiagramId::new("D"))).expect("m1");
        assert_eq!(m.path, "$.diagrams[0].messages[0]");
        assert!(places.of(&Subject::Message(MessageId::new("m1")), None).is_none());
        assert_eq!(places.of(&Subject::Model, None).map(|p| p.line), Some(3));
        assert!(places.of(&Subject::Element(ElementId::new("Z")), None).is_none());
        assert!(Places::new("not json").of(&Subject::Model, None).is_none());
    }
}
