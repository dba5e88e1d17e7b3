//! care's messages in the reader's language: English (the language of the sources) or French,
//! for the policy authors of the agency.
//!
//! The catalog is Fluent (`locales/en.ftl`, `locales/fr.ftl`, compiled in). A diagnostic's
//! English message is written where the checker finds the problem and printed as it is: English
//! output never goes through the catalog, so it cannot change. A translation is made from the
//! diagnostic's code, its key (`E0101-unknown-name`, when the site names one) and its named
//! arguments alone; a diagnostic whose site gives no key is translated as the title of its code,
//! followed by the English detail.

use care_syntax::Diagnostic;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::collections::BTreeSet;

mod render;
pub use render::render_human;

pub const ENGLISH_FTL: &str = include_str!("../locales/en.ftl");
pub const FRENCH_FTL: &str = include_str!("../locales/fr.ftl");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// A language tag or a POSIX locale (`fr`, `fr_FR.UTF-8`, `fr-CA`, `en_US`, `C`): French for
    /// any `fr…`, English for anything else that names a language.
    pub fn from_locale(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase();
        if lower == "fr"
            || lower.starts_with("fr_")
            || lower.starts_with("fr-")
            || lower.starts_with("fr.")
        {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// The language the environment asks for, as POSIX orders it: `LC_ALL`, then `LC_MESSAGES`,
    /// then `LANG`; the first one set and not empty decides. English when none is.
    pub fn from_env() -> Lang {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }
}

/// The messages of one language.
pub struct Catalog {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    /// The entries' identifiers, in the file's order.
    ids: Vec<String>,
}

impl Catalog {
    pub fn new(lang: Lang) -> Catalog {
        let (text, tag) = match lang {
            Lang::En => (ENGLISH_FTL, "en"),
            Lang::Fr => (FRENCH_FTL, "fr"),
        };
        let tag: unic_langid::LanguageIdentifier = tag.parse().unwrap_or_default();
        // A catalog that does not parse is a bug the tests catch; what parses is still used.
        let resource = match FluentResource::try_new(text.to_string()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        let ids = resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        let mut bundle = FluentBundle::new(vec![tag]);
        // No Unicode isolation marks around arguments: terminals and logs would show them.
        bundle.set_use_isolating(false);
        let _ = bundle.add_resource(resource);
        Catalog { lang, bundle, ids }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Every entry's identifier.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// An entry's value with these arguments; `None` when the entry is missing or an argument it
    /// uses is not given.
    pub fn message(&self, id: &str, args: &[(&str, &str)]) -> Option<String> {
        let msg = self.bundle.get_message(id)?;
        self.format(msg.value()?, args)
    }

    /// An attribute (`label`, `help`) of an entry, as [`Catalog::message`].
    pub fn attribute(&self, id: &str, attribute: &str, args: &[(&str, &str)]) -> Option<String> {
        let msg = self.bundle.get_message(id)?;
        self.format(msg.get_attribute(attribute)?.value(), args)
    }

    /// The names of an entry's attributes.
    pub fn attributes(&self, id: &str) -> Vec<String> {
        self.bundle
            .get_message(id)
            .map(|m| m.attributes().map(|a| a.id().to_string()).collect())
            .unwrap_or_default()
    }

    fn format(
        &self,
        pattern: &fluent_syntax::ast::Pattern<&str>,
        args: &[(&str, &str)],
    ) -> Option<String> {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            // Numbers stay numbers, so that plurals are chosen by them.
            match value.parse::<i64>() {
                Ok(n) => fargs.set(name.to_string(), FluentValue::from(n)),
                Err(_) => fargs.set(name.to_string(), FluentValue::from(value.to_string())),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fargs), &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    /// The variables an entry uses, in its value and its attributes.
    pub fn variables(&self, id: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if let Some(m) = self.bundle.get_message(id) {
            if let Some(v) = m.value() {
                pattern_variables(v, &mut out);
            }
            for a in m.attributes() {
                pattern_variables(a.value(), &mut out);
            }
        }
        out
    }

    /// The diagnostic in this catalog's language (English: unchanged).
    pub fn localize(&self, d: &Diagnostic) -> Diagnostic {
        if self.lang == Lang::En {
            return d.clone();
        }
        let mut out = d.clone();
        let args: Vec<(&str, &str)> = d.args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let key = d.key.unwrap_or(d.code);
        match self.message(key, &args) {
            Some(m) if d.key.is_some() => {
                out.message = m;
                if let (Some(l), Some(first)) =
                    (self.attribute(key, "label", &args), out.labels.first_mut())
                {
                    first.message = l;
                }
                if let Some(h) = self.attribute(key, "help", &args) {
                    out.help = Some(h);
                }
            }
            _ => {
                if let Some(title) = self.message(d.code, &[]) {
                    out.message = format!("{title} — {}", d.message);
                }
            }
        }
        if out.help == d.help {
            out.help = d.help.as_deref().map(|h| self.help(h));
        }
        out
    }

    /// A help shared by many messages, recognised by its English form; others stay as written.
    fn help(&self, english: &str) -> String {
        let translated = if let Some(name) = english
            .strip_prefix("did you mean `")
            .and_then(|r| r.strip_suffix("`?"))
        {
            self.message("help-did-you-mean", &[("name", name)])
        } else if english == "see docs/language.md for what this declaration accepts" {
            self.message("help-docs", &[])
        } else {
            None
        };
        translated.unwrap_or_else(|| english.to_string())
    }
}

fn pattern_variables(p: &fluent_syntax::ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
        if let InlineExpression::VariableReference { id } = e {
            out.insert(id.name.to_string());
        }
    }
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            match expression {
                Expression::Inline(e) => inline(e, out),
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        pattern_variables(&v.value, out);
                    }
                }
            }
        }
    }
}
