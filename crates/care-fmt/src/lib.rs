//! The formatter (to be written): one canonical layout for `.care` files.

/// Formats a file; `None` when it does not parse (a formatter never rewrites broken text).
pub fn format(text: &str) -> Option<String> {
    let parsed = care_syntax::parse(text, care_syntax::FileId(0));
    parsed.is_ok().then(|| text.to_string())
}
