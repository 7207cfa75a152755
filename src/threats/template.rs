//! Title, description and mitigation templates: text with `{target}` (the name of the element
//! or flow the threat is about) and, for flows, `{from}` and `{to}` (the names of its source
//! and target elements). `{{` and `}}` write a brace. Parsed once when the library loads, so
//! rendering is a copy.

use std::fmt;

/// A place holder a template may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholder {
    /// The name of the threat's target.
    Target,
    /// The name of a flow's source element.
    From,
    /// The name of a flow's target element.
    To,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Name(Placeholder),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

/// The names a template is filled with.
#[derive(Clone, Copy, Debug, Default)]
pub struct Names<'a> {
    /// The threat's target.
    pub target: &'a str,
    /// A flow's source element (empty for elements).
    pub from: &'a str,
    /// A flow's target element (empty for elements).
    pub to: &'a str,
}

impl Template {
    /// Parses `source`.
    ///
    /// # Errors
    /// What is wrong: an unknown place holder or an unmatched brace.
    pub fn parse(source: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) if name.len() < 32 => name.push(c),
                            _ => return Err("a `{` without its `}` (write `{{` for a brace)".to_owned()),
                        }
                    }
                    let placeholder = match name.as_str() {
                        "target" => Placeholder::Target,
                        "from" => Placeholder::From,
                        "to" => Placeholder::To,
                        other => {
                            return Err(format!(
                                "unknown place holder `{{{other}}}`: use {{target}}, {{from}} or {{to}}"
                            ));
                        }
                    };
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Name(placeholder));
                }
                '}' => return Err("a `}` without its `{` (write `}}` for a brace)".to_owned()),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Self { source: source.to_owned(), parts })
    }

    /// The text as written in the library.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The place holders used.
    pub fn placeholders(&self) -> impl Iterator<Item = Placeholder> + '_ {
        self.parts.iter().filter_map(|p| match p {
            Part::Name(n) => Some(*n),
            Part::Text(_) => None,
        })
    }

    /// The text with the place holders filled in.
    #[must_use]
    pub fn render(&self, names: Names<'_>) -> String {
        let mut out = String::with_capacity(self.source.len() + 32);
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Name(Placeholder::Target) => out.push_str(names.target),
                Part::Name(Placeholder::From) => out.push_str(names.from),
                Part::Name(Placeholder::To) => out.push_str(names.to),
            }
        }
        out
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_names_and_braces() {
        let t = Template::parse("{target} sends {{json}} from {from} to {to}").expect("parses");
        let names = Names { target: "F3", from: "SPA", to: "API" };
        assert_eq!(t.render(names), "F3 sends {json} from SPA to API");
        assert_eq!(t.placeholders().count(), 3);
    }

    #[test]
    fn refuses_unknown_names_and_lone_braces() {
        assert!(Template::parse("{element} is bad").expect_err("unknown").contains("{element}"));
        assert!(Template::parse("{target").is_err());
        assert!(Template::parse("target}").is_err());
    }
}
