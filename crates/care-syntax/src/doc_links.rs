//! Where each diagnostic code is documented: its section of `docs/diagnostics.md`, read from the
//! document itself at build time so that a new section needs no code. The editor links codes to
//! it (LSP `codeDescription`), and so do CI reports (SARIF `helpUri`).

/// The documentation's sections, one per code.
pub struct DocLinks {
    /// Code, title of its section (`unknown name`), GitHub anchor of the section.
    entries: Vec<(String, String, String)>,
}

impl Default for DocLinks {
    fn default() -> Self {
        Self::new()
    }
}

impl DocLinks {
    pub fn new() -> Self {
        Self::from_markdown(include_str!("../../../docs/diagnostics.md"))
    }

    /// The sections of a document whose `## CODE — title` headings name the codes.
    pub fn from_markdown(doc: &str) -> Self {
        let entries = doc
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .filter_map(|h| {
                let code = h.split_whitespace().next()?;
                let title = h[code.len()..]
                    .trim_start()
                    .trim_start_matches('—')
                    .trim()
                    .to_string();
                is_code(code).then(|| (code.to_string(), title, slug(h)))
            })
            .collect();
        DocLinks { entries }
    }

    /// The address of a code's section, in the repository's published documentation.
    pub fn href(&self, code: &str) -> Option<String> {
        let (_, _, anchor) = self.entries.iter().find(|(c, _, _)| c == code)?;
        let base = env!("CARGO_PKG_REPOSITORY");
        Some(format!("{base}/blob/main/docs/diagnostics.md#{anchor}"))
    }

    /// The title of a code's section (`unknown name`).
    pub fn title(&self, code: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(c, _, _)| c == code)
            .map(|(_, t, _)| t.as_str())
    }

    /// Every documented code, in the document's order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(c, _, _)| c.as_str())
    }
}

/// `E0101`, `W0002`: a letter and four digits.
pub fn is_code(code: &str) -> bool {
    code.len() == 5
        && (code.starts_with('E') || code.starts_with('W'))
        && code[1..].chars().all(|c| c.is_ascii_digit())
}

/// GitHub's anchor of a heading: lowercase, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_follow_github() {
        assert_eq!(slug("E0101 — unknown name"), "e0101--unknown-name");
        assert_eq!(slug("W0001 — missing_source"), "w0001--missing_source");
        let links = DocLinks::new();
        let href = links.href("E0101").unwrap_or_default();
        assert!(
            href.ends_with("docs/diagnostics.md#e0101--unknown-name"),
            "{href}"
        );
        assert_eq!(links.title("E0101"), Some("unknown name"));
        assert_eq!(links.href(&format!("E{}", 9999)), None);
    }
}
