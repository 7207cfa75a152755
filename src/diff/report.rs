//! A [`ModelDiff`] written out: plain text for a terminal and `git diff`, Markdown to paste as a
//! pull-request comment, JSON for tools. All three lead with the security-relevant changes and
//! sum layout up unless asked to list it.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Change, ChangeKind, FieldChange, LayoutCount, ModelDiff, RecordChange};
use crate::model::{FieldValue, Model, RecordId, RecordKind};

/// What to write and how.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    /// The differences.
    pub diff: &'a ModelDiff,
    /// The old model (names of what was removed, diagram names).
    pub old: &'a Model,
    /// The new model.
    pub new: &'a Model,
    /// List every layout change instead of summing them up.
    pub layout: bool,
    /// What is compared, for the heading: a path, or "old.json → new.json".
    pub title: &'a str,
}

fn diagram_name(r: &Report<'_>, record: &RecordId) -> String {
    let Some(d) = record.diagram() else { return String::new() };
    r.new.diagram(d).or_else(|| r.old.diagram(d)).map_or_else(|| d.to_string(), |x| x.name.clone())
}

/// "element box", "boundary box", "flow bends": counted nouns for the layout summary.
fn layout_noun(kind: RecordKind, count: usize) -> String {
    let (one, many) = match kind {
        RecordKind::Node => ("element", "elements"),
        RecordKind::BoundaryBox => ("boundary", "boundaries"),
        _ => ("flow", "flows"),
    };
    format!("{count} {}", if count == 1 { one } else { many })
}

fn layout_verb(kind: RecordKind, change: ChangeKind) -> &'static str {
    match (kind, change) {
        (RecordKind::Bends, ChangeKind::Added | ChangeKind::Changed) => "re-routed",
        (RecordKind::Bends, ChangeKind::Removed) => "straightened",
        (_, ChangeKind::Added) => "placed",
        (_, ChangeKind::Removed) => "taken off",
        (_, ChangeKind::Changed) => "moved or resized",
    }
}

/// "on diagram "DFD": 4 elements moved or resized, 1 boundary placed".
fn layout_lines(r: &Report<'_>) -> Vec<String> {
    let counts = r.diff.layout_counts();
    let mut lines: Vec<String> = Vec::new();
    let mut current: Option<&crate::model::DiagramId> = None;
    for LayoutCount { diagram, kind, change, count } in &counts {
        let part = format!("{} {}", layout_noun(*kind, *count), layout_verb(*kind, *change));
        if current == Some(diagram) {
            if let Some(last) = lines.last_mut() {
                let _ = write!(last, ", {part}");
            }
        } else {
            let name = diagram_name(r, &RecordId::Diagram(diagram.clone()));
            lines.push(format!("on diagram {name:?}: {part}"));
            current = Some(diagram);
        }
    }
    lines
}

fn verb(change: &Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed(_) => "changed",
    }
}

fn record_title(change: &RecordChange) -> String {
    if change.name.is_empty() { change.record.to_string() } else { format!("{} {:?}", change.record, change.name) }
}

fn value(v: Option<&FieldValue>) -> String {
    v.map_or_else(|| "(not applicable)".to_owned(), ToString::to_string)
}

fn field_line(f: &FieldChange) -> String {
    format!("{}: {} → {}", f.field, value(f.before.as_ref()), value(f.after.as_ref()))
}

/// Plain text, for a terminal or `git diff`.
#[must_use]
pub fn text(r: &Report<'_>) -> String {
    let mut out = String::new();
    if r.diff.is_empty() {
        let _ = writeln!(out, "{}: the models are the same", r.title);
        return out;
    }
    let _ = writeln!(out, "ThreatCanvas model changes: {}", r.title);
    if !r.diff.security.is_empty() {
        let _ = writeln!(out, "\nSecurity-relevant:");
        for s in &r.diff.security {
            let _ = writeln!(out, "  ! {}", s.text);
        }
    }
    if !r.diff.changes.is_empty() {
        let _ = writeln!(out, "\nChanges:");
        for change in &r.diff.changes {
            write_change_text(&mut out, change);
        }
    }
    if !r.diff.layout.is_empty() {
        if r.layout {
            let _ = writeln!(out, "\nLayout:");
            for change in &r.diff.layout {
                write_change_text(&mut out, change);
            }
        } else {
            let _ = writeln!(out, "\nLayout (--layout lists it):");
            for line in layout_lines(r) {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    out
}

fn write_change_text(out: &mut String, change: &RecordChange) {
    let sign = match change.change {
        Change::Added => '+',
        Change::Removed => '-',
        Change::Changed(_) => '~',
    };
    let _ = writeln!(out, "  {sign} {} {}", record_title(change), verb(&change.change));
    if let Change::Changed(fields) = &change.change {
        for f in fields {
            let _ = writeln!(out, "      {}", field_line(f));
        }
    }
}

/// `text` with Markdown's special characters escaped, on one line.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A value in an inline code span that cannot be closed early by a backtick inside it.
fn md_code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn md_record(change: &RecordChange) -> String {
    let what = change.record.kind().label();
    let id = change.record.id_str().unwrap_or_default();
    let mut title = if change.name.is_empty() { what.to_owned() } else { format!("{what} **{}**", md(&change.name)) };
    if !id.is_empty() {
        let _ = write!(title, " ({})", md_code(id));
    }
    if let Some(d) = change.record.diagram().filter(|_| change.record.kind() != RecordKind::Diagram) {
        let _ = write!(title, " on {}", md_code(d.as_str()));
    }
    title
}

/// Markdown, written to be pasted as a pull-request comment.
#[must_use]
pub fn markdown(r: &Report<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Threat model changes: {}\n", md(r.title));
    if r.diff.is_empty() {
        let _ = writeln!(out, "No changes.");
        return out;
    }
    let added = r.diff.changes.iter().filter(|c| c.change == Change::Added).count();
    let removed = r.diff.changes.iter().filter(|c| c.change == Change::Removed).count();
    let changed = r.diff.changes.len() - added - removed;
    let _ = writeln!(
        out,
        "{added} added, {removed} removed, {changed} changed; {} security-relevant.\n",
        r.diff.security.len()
    );
    if !r.diff.security.is_empty() {
        let _ = writeln!(out, "#### Security-relevant\n");
        for s in &r.diff.security {
            let _ = writeln!(out, "- :warning: {}", md(&s.text));
        }
        out.push('\n');
    }
    if !r.diff.changes.is_empty() {
        let _ = writeln!(out, "#### Changes\n");
        for change in &r.diff.changes {
            write_change_md(&mut out, change);
        }
        out.push('\n');
    }
    if !r.diff.layout.is_empty() {
        if r.layout {
            let _ = writeln!(out, "#### Layout\n");
            for change in &r.diff.layout {
                write_change_md(&mut out, change);
            }
        } else {
            let _ = writeln!(out, "<sub>Layout: {}.</sub>", md(&layout_lines(r).join("; ")));
        }
    }
    out
}

fn write_change_md(out: &mut String, change: &RecordChange) {
    let verb = match change.change {
        Change::Added => "Added",
        Change::Removed => "Removed",
        Change::Changed(_) => "Changed",
    };
    let _ = writeln!(out, "- **{verb}** {}", md_record(change));
    if let Change::Changed(fields) = &change.change {
        for f in fields {
            let _ = writeln!(
                out,
                "  - {}: {} → {}",
                md_code(f.field),
                md_code(&value(f.before.as_ref())),
                md_code(&value(f.after.as_ref()))
            );
        }
    }
}

/// A field value as JSON, as the file format writes that field.
#[must_use]
pub fn value_json(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(s) => json!(s),
        FieldValue::Flag(b) => json!(b),
        FieldValue::Number(n) => json!(n),
        FieldValue::Texts(items) => json!(items),
        FieldValue::Box(r) => json!({"x": r.x, "y": r.y, "w": r.w, "h": r.h}),
        FieldValue::Points(points) => Value::Array(points.iter().map(|p| json!({"x": p.x, "y": p.y})).collect()),
    }
}

/// A record's identity as JSON: its kind, its id and, where it has them, its diagram and rule.
#[must_use]
pub fn record_json(record: &RecordId) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("kind".into(), json!(record.kind().label()));
    if let Some(d) = record.diagram().filter(|_| record.kind() != RecordKind::Diagram) {
        map.insert("diagram".into(), json!(d.as_str()));
    }
    if let Some(id) = record.id_str() {
        map.insert("id".into(), json!(id));
    }
    if let Some(rule) = record.rule() {
        map.insert("rule".into(), json!(rule));
    }
    Value::Object(map)
}

fn change_json(change: &RecordChange) -> Value {
    let mut v = json!({
        "record": record_json(&change.record),
        "name": change.name,
        "change": verb(&change.change),
    });
    if let Change::Changed(fields) = &change.change {
        v["fields"] = Value::Array(
            fields
                .iter()
                .map(|f| {
                    json!({
                        "field": f.field,
                        "before": f.before.as_ref().map(value_json),
                        "after": f.after.as_ref().map(value_json),
                    })
                })
                .collect(),
        );
    }
    v
}

/// JSON: `{"equal", "security": [...], "changes": [...], "layout": [...]}`, every layout change
/// listed (with `--layout`) or counted.
#[must_use]
pub fn json(r: &Report<'_>) -> String {
    let security: Vec<Value> = r
        .diff
        .security
        .iter()
        .map(|s| json!({"record": record_json(&s.record), "concern": concern_name(&s.concern), "text": s.text}))
        .collect();
    let layout: Vec<Value> = if r.layout {
        r.diff.layout.iter().map(change_json).collect()
    } else {
        r.diff
            .layout_counts()
            .iter()
            .map(|c| {
                json!({
                    "diagram": c.diagram.as_str(),
                    "kind": c.kind.label(),
                    "change": match c.change { ChangeKind::Added => "added", ChangeKind::Removed => "removed", ChangeKind::Changed => "changed" },
                    "count": c.count,
                })
            })
            .collect()
    };
    let value = json!({
        "equal": r.diff.is_empty(),
        "security": security,
        "changes": r.diff.changes.iter().map(change_json).collect::<Vec<_>>(),
        "layout": layout,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn concern_name(concern: &super::Concern) -> &'static str {
    use super::Concern as C;
    match concern {
        C::NowCrosses(_) => "now_crosses",
        C::NoLongerCrosses(_) => "no_longer_crosses",
        C::LostEncryption => "lost_encryption",
        C::LostAuthentication => "lost_authentication",
        C::ScopeChanged { .. } => "scope_changed",
        C::NoThreats => "no_threats",
        C::StatusChanged(..) => "status_changed",
        C::SeverityChanged(..) => "severity_changed",
        C::NewSevereThreat(_) => "new_severe_threat",
    }
}
