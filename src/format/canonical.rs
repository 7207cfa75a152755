//! The canonical JSON writer: two-space indentation, keys in the order the on-disk types declare
//! them, and every box, point and bend list on one line. The same model always gives the same
//! bytes, ending in a newline.

use std::fmt::Write as _;

use serde_json::Value;

/// Writes `value` canonically.
#[must_use]
pub fn to_string(value: &Value) -> String {
    let mut out = String::with_capacity(4096);
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

/// A container written on one line: an object whose values are all numbers (a box or a point),
/// or an array of numbers and such objects (a bend list). Deciding by shape, not by length, keeps
/// a record's layout stable when a name grows.
fn is_inline(value: &Value) -> bool {
    fn numeric_object(v: &Value) -> bool {
        matches!(v, Value::Object(map) if map.values().all(Value::is_number))
    }
    match value {
        Value::Object(map) => map.is_empty() || numeric_object(value),
        Value::Array(items) => items.iter().all(|v| v.is_number() || numeric_object(v)),
        _ => true,
    }
}

fn write_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if is_inline(value) => {
            out.push('{');
            for (i, (key, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(out, key);
                out.push_str(": ");
                write_value(out, v, indent);
            }
            out.push('}');
        }
        Value::Array(items) if is_inline(value) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, v, indent);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (key, v)) in map.iter().enumerate() {
                push_indent(out, indent + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, v, indent + 1);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            push_indent(out, indent);
            out.push('}');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                push_indent(out, indent + 1);
                write_value(out, v, indent + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            push_indent(out, indent);
            out.push(']');
        }
        Value::String(s) => write_string(out, s),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

fn write_string(out: &mut String, s: &str) {
    // Most strings need no escaping: copy them straight through.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    // serde_json's escaping of a plain string cannot fail.
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("\"\""),
    }
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_and_bends_are_one_line_records_are_not() {
        let v: Value = serde_json::from_str(
            r#"{"a": {"n": {"x": 1, "y": 2, "w": 3, "h": 4}}, "b": [{"x": 1, "y": 2}], "c": ["s"], "d": {}, "e": []}"#,
        )
        .expect("test JSON");
        let text = to_string(&v);
        assert!(text.contains("\"n\": {\"x\": 1, \"y\": 2, \"w\": 3, \"h\": 4}"));
        assert!(text.contains("\"b\": [{\"x\": 1, \"y\": 2}]"));
        assert!(text.contains("\"c\": [\n    \"s\"\n  ]"));
        assert!(text.contains("\"d\": {}"));
        assert!(text.contains("\"e\": []"));
        assert!(text.ends_with("}\n"));
        let back: Value = serde_json::from_str(&text).expect("canonical output parses");
        assert_eq!(back, v);
    }

    #[test]
    fn strings_are_escaped() {
        let v = Value::String("<script>\"\n\u{1}".into());
        assert_eq!(to_string(&v), "\"<script>\\\"\\n\\u0001\"\n");
    }
}
