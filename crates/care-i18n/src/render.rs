//! A diagnostic rendered for a person in the catalog's language: care-syntax's rendering of the
//! translated diagnostic, with the words of the frame (severity, `help:`, `note:`, the `@allow`
//! advice) in that language too.

use crate::{Catalog, Lang};
use care_syntax::{Diagnostic, Sources};

pub fn render_human(catalog: &Catalog, d: &Diagnostic, sources: &Sources, color: bool) -> String {
    let local = catalog.localize(d);
    let text = care_syntax::diagnostic::render_human(&local, sources, color);
    if catalog.lang() == Lang::En {
        return text;
    }
    let word = |id: &str, english: &str| {
        catalog
            .message(id, &[])
            .unwrap_or_else(|| english.to_string())
    };
    let mut out = text;
    if let Some(lint) = d.lint.filter(|_| d.silenced.is_none()) {
        let english = format!(
            "if this is intended, write `@allow({lint}, \"reason\")` before the declaration"
        );
        if let Some(french) = catalog.message("help-allow", &[("lint", lint)]) {
            out = out.replace(&english, &french);
        }
    }
    // French puts a space before a colon.
    let code = d.code;
    for (english, id) in [("error", "severity-error"), ("warning", "severity-warning")] {
        out = out.replacen(
            &format!("{english}[{code}]: "),
            &format!("{}[{code}] : ", word(id, english)),
            1,
        );
    }
    out = out.replace("help: ", &format!("{} : ", word("word-help", "help")));
    out = out.replace("note: ", &format!("{} : ", word("word-note", "note")));
    out.replace(
        "(silenced: ",
        &format!("({} : ", word("word-silenced", "silenced")),
    )
}
