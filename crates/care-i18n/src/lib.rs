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
            // A phrase a site names by its entry (`phrase-a-list`, `phrase-a-list-of-type:money`)
            // is said in this catalog's language.
            if let Some(phrase) = self.phrase(value) {
                fargs.set(name.to_string(), FluentValue::from(phrase));
                continue;
            }
            // Numbers stay numbers, so that plurals are chosen by them.
            match value
                .parse::<i64>()
                .ok()
                .filter(|n| n.to_string() == *value)
            {
                Some(n) => fargs.set(name.to_string(), FluentValue::from(n)),
                None => fargs.set(name.to_string(), FluentValue::from(value.to_string())),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fargs), &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    /// The text of an argument that names a phrase entry (`phrase-…`, with its `type` after a
    /// colon).
    fn phrase(&self, value: &str) -> Option<String> {
        if !value.starts_with("phrase-") {
            return None;
        }
        let (id, ty) = value.split_once(':').unwrap_or((value, ""));
        let msg = self.bundle.get_message(id)?;
        let mut fargs = FluentArgs::new();
        fargs.set("type", FluentValue::from(ty.to_string()));
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(msg.value()?, Some(&fargs), &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    /// What the parser expected (E0001), in this language: the `expected-items` argument
    /// (entries and keywords, see `care_syntax::EXPECTED_ITEMS`) joined as a list.
    fn expected(&self, items: &str) -> String {
        let mut words: Vec<String> = items
            .split('|')
            .filter(|i| !i.is_empty() && *i != "…")
            .map(|i| {
                if i.starts_with("expected-") {
                    self.message(i, &[]).unwrap_or_else(|| i.to_string())
                } else {
                    i.to_string()
                }
            })
            .collect();
        let cut = items.ends_with("|…");
        let or = self
            .message("word-or", &[])
            .unwrap_or_else(|| "or".to_string());
        match words.len() {
            0 => String::new(),
            _ if cut => format!("{}, …", words.join(", ")),
            1 => words.remove(0),
            n => {
                let last = words.remove(n - 1);
                format!("{} {or} {last}", words.join(", "))
            }
        }
    }

    /// A dossier's problem (care-eval's `DataIssue`: its `key` and `args`) in this language;
    /// the argument `expected-type` is a type coded by the decoder (`money`, `one-of:…`,
    /// `object:Name`, `list:int`, with `|from:0:10`, `|min:0` or `|max:10` for its bounds),
    /// said as the entry `expected`.
    pub fn data_message(&self, key: &str, args: &[(&str, &str)]) -> Option<String> {
        let mut owned: Vec<(&str, String)> = Vec::new();
        for (name, value) in args {
            if *name == "expected-type" {
                owned.push(("expected", self.data_type(value)?));
            }
        }
        let mut all: Vec<(&str, &str)> = args.to_vec();
        all.extend(owned.iter().map(|(n, v)| (*n, v.as_str())));
        self.message(key, &all)
    }

    /// A coded type (see [`Catalog::data_message`]) in words.
    fn data_type(&self, code: &str) -> Option<String> {
        let (ty, bounds) = code.split_once('|').unwrap_or((code, ""));
        let mut text = match ty.split_once(':') {
            Some(("one-of", names)) => self.message("data-type-one-of", &[("names", names)])?,
            Some(("object", name)) => self.message("data-type-object", &[("name", name)])?,
            Some(("list", t)) => self.message("data-type-list", &[("type", t)])?,
            _ => self.message(&format!("data-type-{ty}"), &[])?,
        };
        let mut parts = bounds.split(':');
        let bound = match (parts.next(), parts.next(), parts.next()) {
            (Some("from"), Some(min), Some(max)) => {
                self.message("data-bounds-from", &[("min", min), ("max", max)])
            }
            (Some("min"), Some(min), None) => self.message("data-bounds-min", &[("min", min)]),
            (Some("max"), Some(max), None) => self.message("data-bounds-max", &[("max", max)]),
            _ => None,
        };
        if let Some(b) = bound {
            text = format!("{text}, {b}");
        }
        Some(text)
    }

    /// `` `path`: message (line 3, column 7) `` in this language: the line care prints for a
    /// dossier's problem.
    pub fn data_line(&self, path: &str, message: &str, location: Option<(usize, usize)>) -> String {
        let mut out = String::new();
        if !path.is_empty() {
            let colon = if self.lang == Lang::Fr { " : " } else { ": " };
            out.push_str(&format!("`{path}`{colon}"));
        }
        out.push_str(message);
        if let Some((line, column)) = location {
            let (l, c) = (line.to_string(), column.to_string());
            match self.message("data-location", &[("line", &l), ("column", &c)]) {
                Some(at) => out.push_str(&format!(" {at}")),
                None => out.push_str(&format!(" (line {line}, column {column})")),
            }
        }
        out
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
        self.translate(d)
    }

    /// The diagnostic said by this catalog's entries, whatever the language: in English, what
    /// the site printed (the test of the English catalog).
    pub fn translate(&self, d: &Diagnostic) -> Diagnostic {
        let mut out = d.clone();
        let expected = d.arg("expected-items").map(|items| self.expected(items));
        let args: Vec<(&str, &str)> = d
            .args
            .iter()
            .map(|(n, v)| match (*n, &expected) {
                ("expected", Some(e)) => (*n, e.as_str()),
                _ => (*n, v.as_str()),
            })
            .collect();
        let key = d.key.unwrap_or(d.code);
        match self.message(key, &args) {
            Some(m) if d.key.is_some() => {
                out.message = m;
                for (i, label) in out.labels.iter_mut().enumerate() {
                    let attribute = if i == 0 { "label" } else { "also" };
                    if let Some(l) = self.attribute(key, attribute, &args) {
                        label.message = l;
                    }
                }
            }
            _ => {
                if let Some(title) = self.message(d.code, &[]) {
                    out.message = format!("{title} — {}", d.message);
                }
            }
        }
        let entry_help = d
            .help_key
            .and_then(|k| self.message(k, &args))
            .or_else(|| d.key.and_then(|k| self.attribute(k, "help", &args)));
        // Found while checking a version that amends the file's: the site added a note.
        let note = d
            .arg("amending")
            .and_then(|v| self.message("help-amending", &[("version", v)]));
        out.help = match (entry_help, note) {
            (Some(h), Some(n)) => Some(format!("{h}\n{n}")),
            (Some(h), None) => Some(h),
            (None, Some(n)) => match d.help.as_deref().and_then(|h| h.rsplit_once('\n')) {
                Some((own, _)) => Some(format!("{}\n{n}", self.help(own))),
                None => Some(n),
            },
            (None, None) => d.help.as_deref().map(|h| self.help(h)),
        };
        out
    }

    /// Whether every text of the diagnostic comes from the catalog (its message, each label
    /// and its help): what a site without an entry fails. The English catalog says the same as
    /// the site; a missing entry shows as `None` here.
    pub fn missing_texts(&self, d: &Diagnostic) -> Vec<String> {
        let mut missing = Vec::new();
        let expected = d.arg("expected-items").map(|items| self.expected(items));
        let args: Vec<(&str, &str)> = d
            .args
            .iter()
            .map(|(n, v)| match (*n, &expected) {
                ("expected", Some(e)) => (*n, e.as_str()),
                _ => (*n, v.as_str()),
            })
            .collect();
        let Some(key) = d.key else {
            return vec![format!("{}: no key for `{}`", d.code, d.message)];
        };
        if self.message(key, &args).is_none() {
            missing.push(format!("{key}: no message"));
        }
        for (i, l) in d.labels.iter().enumerate() {
            let attribute = if i == 0 { "label" } else { "also" };
            if !l.message.is_empty() && self.attribute(key, attribute, &args).is_none() {
                missing.push(format!("{key}: no .{attribute} for `{}`", l.message));
            }
        }
        if let Some(h) = &d.help {
            let from_key = d.help_key.and_then(|k| self.message(k, &args));
            if from_key.is_none() && self.attribute(key, "help", &args).is_none() {
                missing.push(format!("{key}: no help entry for `{h}`"));
            }
        }
        missing
    }

    /// A help shared by many messages, recognised by its English form; others stay as written.
    fn help(&self, english: &str) -> String {
        let translated = if let Some(name) = english
            .strip_prefix("did you mean `")
            .and_then(|r| r.strip_suffix("`?"))
        {
            self.message("help-did-you-mean", &[("suggestion", name)])
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
