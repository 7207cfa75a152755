//! Threat suggestions from a library of rules kept as data.
//!
//! A rule says what it is about (processes, external entities, data stores or flows), when it
//! applies (a declarative condition over properties, keywords in texts, the ends of a flow,
//! the flows of an element and trust-boundary crossings: never code), and the threat it
//! proposes (title, description and mitigation templates, categories per methodology,
//! default severity, CWE and CAPEC references). The shipped rules live in
//! `assets/threats/*.toml`; teams add their own files ([`loader`]).
//!
//! Everything here is pure except [`loader`], which reads library folders.
//!
//! ```text
//! library files ──spec::parse_file──▶ Rule ──Library::layered──▶ Library (compiled tests)
//!                                                                   │
//!                          Model ──────────────────────────▶ suggest(model, library, scope)
//!                                                                   │
//!                                                          Vec<Suggestion> ──▶ accept / dismiss
//! ```

mod evaluate;
mod library;
pub mod loader;
mod rule;
mod spec;
mod suggest;
mod template;
#[cfg(test)]
mod tests;
mod words;

pub use library::{Library, RuleOverride, SHIPPED_FILES};
pub use rule::{Condition, Flag, Origin, Rule, RuleSubject, TextField};
pub use spec::{LibraryProblem, MAX_LIBRARY_BYTES, parse_file};
pub use suggest::{Scope, Suggestion, by_target, suggest};
pub use template::{Names, Placeholder, Template};
