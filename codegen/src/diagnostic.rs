//! Located diagnostics for spec files, rendered with source excerpts.
//!
//! Every problem the loader or the validator finds becomes a [`Diagnostic`]: a
//! message, the byte range of the offending text, and optionally a label on that
//! range and a help line. [`SpecErrors`] carries them together with the source
//! text so they can be rendered as `file:line:col` plus an underlined excerpt.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// One problem found in a spec, located by byte range in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, in one sentence.
    pub message: String,
    /// Byte range of the offending text in the spec source.
    pub span: Range<usize>,
    /// Short text shown under the underlined span.
    pub label: Option<String>,
    /// A hint at the fix ("did you mean `category`?").
    pub help: Option<String>,
    /// Another place in the source that explains the error (e.g. the first of two
    /// colliding names), with its label.
    pub related: Option<(Range<usize>, String)>,
}

impl Diagnostic {
    /// A diagnostic with a message at a byte range.
    pub fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        Diagnostic {
            message: one_line(message.into()),
            span,
            label: None,
            help: None,
            related: None,
        }
    }

    /// Adds a label under the underlined span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(one_line(label.into()));
        self
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(one_line(help.into()));
        self
    }

    /// Points at a second, related place in the source.
    pub fn with_related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related = Some((span, one_line(label.into())));
        self
    }
}

/// Text for one line of a diagnostic: spec text quoted in it (a name that
/// spans lines, a control character) is spelled out, `\n` for a line break,
/// so every diagnostic stays one line in the summary and the rendering.
fn one_line(text: String) -> String {
    if !text.contains(char::is_control) {
        return text;
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// All problems found in one spec, with the source needed to render them.
///
/// `Display` renders every diagnostic as `error: message`, a `--> file:line:col`
/// line and an underlined excerpt of the spec.
#[derive(Clone, PartialEq, Eq)]
pub struct SpecErrors {
    /// Name of the spec as shown in messages (usually its path).
    pub origin: String,
    /// The spec source the spans point into.
    pub source: String,
    /// The problems, in the order they were found (at most
    /// [`crate::MAX_DIAGNOSTICS`]).
    pub diagnostics: Vec<Diagnostic>,
    /// How many further problems were found and not kept.
    pub suppressed: usize,
}

impl SpecErrors {
    /// The 1-based line and column (in characters) of a byte offset in the source.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.source, offset)
    }

    /// One line per diagnostic: `file:line:col: message`. Handy for logs and tests.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let (line, col) = self.line_col(d.span.start);
            out.push_str(&format!("{}:{line}:{col}: {}\n", self.origin, d.message));
        }
        out
    }
}

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let renderer = Renderer::plain();
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            let span = clamp(&self.source, &d.span);
            let mut primary = AnnotationKind::Primary.span(span);
            if let Some(label) = &d.label {
                primary = primary.label(label.as_str());
            }
            let mut snippet = Snippet::source(self.source.as_str())
                .path(self.origin.as_str())
                .annotation(primary);
            if let Some((related, label)) = &d.related {
                snippet = snippet.annotation(
                    AnnotationKind::Context
                        .span(clamp(&self.source, related))
                        .label(label.as_str()),
                );
            }
            let mut group = Level::ERROR
                .primary_title(d.message.as_str())
                .element(snippet);
            if let Some(help) = &d.help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            let report: [Group<'_>; 1] = [group];
            f.write_str(&renderer.render(&report))?;
        }
        let total = self.diagnostics.len() + self.suppressed;
        if self.suppressed > 0 {
            write!(
                f,
                "\n\nerror: {total} problems in {}; the first {} are shown",
                self.origin,
                self.diagnostics.len()
            )?;
        } else if total > 1 {
            write!(f, "\n\nerror: {total} problems in {}", self.origin)?;
        }
        Ok(())
    }
}

// Debug shows the rendered text, so `fn main() -> Result<(), Error>` in a build
// script prints a readable report rather than a struct dump.
impl fmt::Debug for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for SpecErrors {}

/// 1-based line and character column of `offset` in `source`.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Keeps a span inside the source and on character boundaries, so rendering a
/// diagnostic can never panic whatever span a caller built.
fn clamp(source: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
    start..end
}

fn floor_char_boundary(source: &str, mut i: usize) -> usize {
    while !source.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_text_with_line_breaks_stays_on_one_line() {
        let d = Diagnostic::new("undefined category `a\nb\r\tc`", 0..0)
            .with_label("x\ny")
            .with_help("use `a\u{7}`");
        assert_eq!(d.message, "undefined category `a\\nb\\r\\tc`");
        assert_eq!(d.label.as_deref(), Some("x\\ny"));
        assert_eq!(d.help.as_deref(), Some("use `a\\u{7}`"));
        assert_eq!(Diagnostic::new("plain `ok`", 0..0).message, "plain `ok`");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a: 1\nbé: x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 5), (2, 1));
        // 'x' sits after "bé: " which is 5 bytes but 4 characters.
        assert_eq!(line_col(src, 10), (2, 5));
    }

    #[test]
    fn rendering_names_file_line_and_column() {
        let errors = SpecErrors {
            origin: "spec.yaml".into(),
            source: "version: 1\ncodes:\n  Foo: {}\n".into(),
            diagnostics: vec![Diagnostic::new("bad code", 20..23)
                .with_label("here")
                .with_help("fix it")],
            suppressed: 0,
        };
        let text = errors.to_string();
        assert!(text.contains("error: bad code"), "{text}");
        assert!(text.contains("spec.yaml:3:3"), "{text}");
        assert!(text.contains("help: fix it"), "{text}");
        assert_eq!(errors.summary(), "spec.yaml:3:3: bad code\n");
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let errors = SpecErrors {
            origin: "s.yaml".into(),
            source: "é".into(),
            diagnostics: vec![Diagnostic::new("x", 1..99)],
            suppressed: 0,
        };
        assert!(errors.to_string().contains("error: x"));
    }
}
