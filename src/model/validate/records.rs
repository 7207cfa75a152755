//! The records every view refers to: metadata, elements, flows, boundaries and threats; and
//! the team's dismissals and suppressions.

use std::collections::BTreeSet;

use super::{Fault, Field, Location, Report, Site};
use crate::model::limits::{MAX_NAME_CHARS, MAX_REFERENCES, MAX_TEXT_CHARS};
use crate::model::{ElementKind, Model, ParseReferenceError, Reference, quoted};

pub(super) fn check<'a>(model: &'a Model, r: &mut Report<'a>) {
    meta(model, r);
    elements(model, r);
    flows(model, r);
    boundaries(model, r);
    threats(model, r);
}

fn meta(model: &Model, r: &mut Report<'_>) {
    let m = &model.meta;
    let at = |field| Location::Meta(Field::Named(field));
    r.text(&m.title, MAX_NAME_CHARS, || at("title"));
    r.text(&m.description, MAX_TEXT_CHARS, || at("description"));
    r.text(&m.owner, MAX_NAME_CHARS, || at("owner"));
    r.text(&m.reviewer, MAX_NAME_CHARS, || at("reviewer"));
    r.text(&m.scope, MAX_TEXT_CHARS, || at("scope"));
    r.texts(&m.contributors, |i| Location::Meta(Field::Item("contributors", i)));
}

fn elements<'a>(model: &'a Model, r: &mut Report<'a>) {
    for (id, e) in &model.elements {
        let at = |field| Location::Element(id.clone(), Field::Named(field));
        r.id(id.as_str(), Site::Element(id));
        r.text(&e.name, MAX_NAME_CHARS, || at("name"));
        r.text(&e.description, MAX_TEXT_CHARS, || at("description"));
        if let ElementKind::Process(p) = &e.kind {
            r.text(&p.technology, MAX_NAME_CHARS, || at("technology"));
        }
        r.text(&e.out_of_scope_reason, MAX_TEXT_CHARS, || at("out_of_scope_reason"));
        r.texts(&e.assumptions, |i| Location::Element(id.clone(), Field::Item("assumptions", i)));
        if let Some(b) = &e.boundary
            && !model.boundaries.contains_key(b)
        {
            r.add(at("boundary"), Fault::NoSuchBoundary(b.clone()));
        }
        if r.is_full() {
            return;
        }
    }
}

fn flows<'a>(model: &'a Model, r: &mut Report<'a>) {
    for (id, f) in &model.flows {
        let at = |field| Location::Flow(id.clone(), Field::Named(field));
        r.id(id.as_str(), Site::Flow(id));
        for (field, text, limit) in [
            ("name", &f.name, MAX_NAME_CHARS),
            ("description", &f.description, MAX_TEXT_CHARS),
            ("data", &f.data, MAX_TEXT_CHARS),
            ("protocol", &f.protocol, MAX_NAME_CHARS),
            ("out_of_scope_reason", &f.out_of_scope_reason, MAX_TEXT_CHARS),
        ] {
            r.text(text, limit, || at(field));
        }
        r.texts(&f.assumptions, |i| Location::Flow(id.clone(), Field::Item("assumptions", i)));
        for (end, element) in [("source", &f.source), ("target", &f.target)] {
            if !r.is_element(element) {
                r.add(at(end), Fault::NoSuchFlowEnd { flow: id.clone(), end, element: element.clone() });
            }
        }
        if r.is_full() {
            return;
        }
    }
}

fn boundaries<'a>(model: &'a Model, r: &mut Report<'a>) {
    for (id, b) in &model.boundaries {
        let at = |field| Location::Boundary(id.clone(), Field::Named(field));
        r.id(id.as_str(), Site::Boundary(id));
        r.text(&b.name, MAX_NAME_CHARS, || at("name"));
        r.text(&b.description, MAX_TEXT_CHARS, || at("description"));
        if let Some(parent) = &b.parent
            && !model.boundaries.contains_key(parent)
        {
            r.add(at("parent"), Fault::NoSuchBoundary(parent.clone()));
        }
        if r.is_full() {
            return;
        }
    }
    for cycle in model.nesting().cycles {
        let Some(first) = cycle.first() else { continue };
        let at = Location::Boundary((*first).clone(), Field::Named("parent"));
        r.add(at, Fault::BoundaryCycle(cycle.into_iter().cloned().collect()));
    }
}

fn threats<'a>(model: &'a Model, r: &mut Report<'a>) {
    for (id, t) in &model.threats {
        let at = |field| Location::Threat(id.clone(), Field::Named(field));
        r.id(id.as_str(), Site::Threat(id));
        r.text(&t.title, MAX_NAME_CHARS, || at("title"));
        r.text(&t.description, MAX_TEXT_CHARS, || at("description"));
        r.text(&t.mitigation, MAX_TEXT_CHARS, || at("mitigation"));
        r.text(&t.score, MAX_NAME_CHARS, || at("score"));
        if let Some(rule) = &t.rule {
            r.rule(rule, || at("rule"));
        }
        if t.references.len() > MAX_REFERENCES {
            r.add(at("references"), Fault::TooManyReferences(t.references.len()));
        }
        let mut seen = BTreeSet::new();
        for (i, reference) in t.references.iter().enumerate() {
            let item = || Location::Threat(id.clone(), Field::Item("references", i));
            if !seen.insert(reference) {
                r.add(item(), Fault::RepeatedReference(reference.clone()));
            }
            if let Reference::Link(text) = reference {
                match text.parse::<Reference>() {
                    Ok(back) if back == *reference => {}
                    Ok(_) => r.add(item(), Fault::BadReference(ParseReferenceError::BadLink(quoted(text)))),
                    Err(e) => r.add(item(), Fault::BadReference(e)),
                }
            }
        }
        if !model.target_exists(&t.target) {
            r.add(at("target"), Fault::NoSuchThreatTarget { threat: id.clone(), target: t.target.clone() });
        }
        if r.is_full() {
            return;
        }
    }
}

/// Dismissed suggestions and suppressed findings: valid rule ids, targets that exist, and the
/// written reason a suppression needs.
pub(super) fn check_triage(model: &Model, r: &mut Report<'_>) {
    for (key, reason) in &model.dismissed {
        let at = |field| Location::Dismissal(key.clone(), Field::Named(field));
        r.rule(&key.rule, || at("rule"));
        r.text(reason, MAX_TEXT_CHARS, || at("reason"));
        if !model.target_exists(&key.target) {
            r.add(at("target"), Fault::NoSuchDismissalTarget(key.target.clone()));
        }
        if r.is_full() {
            return;
        }
    }
    let subjects = model.subjects();
    for (key, reason) in &model.suppressions {
        let at = |field| Location::Suppression(key.clone(), Field::Named(field));
        r.rule(&key.rule, || at("rule"));
        r.text(reason, MAX_TEXT_CHARS, || at("reason"));
        if reason.trim().is_empty() {
            r.add(at("reason"), Fault::NoReason);
        }
        if !subjects.exists(&key.subject) {
            r.add(at("target"), Fault::NoSuchSubject(key.subject.clone()));
        }
        if r.is_full() {
            return;
        }
    }
}
