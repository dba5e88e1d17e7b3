//! `care test --mutate`: small changes to a policy, one at a time, to see whether the fixtures
//! notice. A mutant no fixture catches points at a decision no expected file pins down.
//!
//! The changes, each made in a copy in memory of the policy's files (never on disk):
//! - a number ±1 (`60 days` → `59 days`, `61 days`; `12` → `11`, `13`), a money amount ±1 €,
//!   a rate ±10 points (`80 %` → `70 %`, `90 %`), a date ±1 day, an instant ±1 minute;
//! - a comparison `<` ↔ `<=`, `>` ↔ `>=`, `==` ↔ `!=`; `and` ↔ `or`; a `not` dropped;
//! - a value cell of a table changed as above;
//! - the dates a version is in force ±1 day, a track's `choose at_least`/`at_most` ±1.
//!
//! Each mutant is checked again (one the checker refuses is caught by the checker), then every
//! fixture runs against it; the first fixture that no longer passes catches it. Mutants run in
//! parallel (rayon) and come back in a fixed order: by file, position, then change.
//!
//! A survivor a policy accepts is listed, with its reason, in `tests/mutants-accepted.txt` of the
//! policy folder (see [`Accepted`]), named by its declaration rather than its line ([`place`]);
//! an accepted line that matches no survivor is reported, so that the list never keeps stale
//! excuses.

mod declarations;
mod place;

use crate::engine::Engine;
use crate::fixtures::{run_case, Fixture, Status};
use care_check::ir::{ExprKind, Policy};
use care_check::workspace::Workspace;
use care_syntax::ast::BinaryOp;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// One change to one place of a policy file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mutant {
    /// The file as the check names it, and the byte range replaced.
    pub file: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub original: String,
    pub replacement: String,
    /// A table cell's row key and column: `[P2, plafond]`.
    pub cell: Option<String>,
    /// The declaration holding it: `table montants_par_parcours`, `amend rule POC.P1`.
    pub declaration: String,
    /// Its number among the mutants of the same declaration (and cell) making the same change,
    /// when there are several, in the order of the text.
    pub nth: Option<usize>,
}

impl Mutant {
    /// `FILE:LINE:COLUMN `ORIGINAL` -> `REPLACEMENT``: where to look.
    pub fn describe(&self) -> String {
        format!(
            "{}:{}:{} `{}` -> `{}`",
            self.file, self.line, self.column, self.original, self.replacement
        )
    }

    /// `table montants_par_parcours [P2, plafond]`, `value x #2`: the place in words.
    pub fn place(&self) -> String {
        let mut s = self.declaration.clone();
        if let Some(c) = &self.cell {
            s.push(' ');
            s.push_str(c);
        }
        if let Some(n) = self.nth {
            s.push_str(&format!(" #{n}"));
        }
        s
    }

    /// `FILE, PLACE: `ORIGINAL` -> `REPLACEMENT`` with the file named from the policy folder
    /// (`2026-03-31.care, table taux_par_rang [13.., taux]: `0 %` -> `10 %``): how
    /// `mutants-accepted.txt` names it, wherever `care test` runs from and whatever lines are
    /// added above it.
    pub fn key_in(&self, policy_dir: &Path) -> String {
        let file = Path::new(&self.file)
            .strip_prefix(policy_dir)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| self.file.clone());
        format!(
            "{file}, {}: `{}` -> `{}`",
            self.place(),
            self.original,
            self.replacement
        )
    }
}

/// What became of a mutant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// A fixture no longer passes (its file).
    Caught(String),
    /// The mutated policy does not check.
    Refused,
    /// Every fixture still passes.
    Survived,
    /// Survived, and the policy explains why (the reason).
    Accepted(String),
}

#[derive(Clone, Debug)]
pub struct MutantResult {
    pub mutant: Mutant,
    pub fate: Fate,
}

/// The policy's files as the check read them: path and text.
pub type Files = Vec<(String, Arc<str>)>;

/// Every mutant of a policy (its checked versions and their files), deduplicated and sorted.
pub fn mutants(policies: &[Arc<Policy>]) -> Vec<Mutant> {
    let mut found = BTreeSet::new();
    for p in policies {
        collect(p, &mut found);
    }
    let mut texts: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for f in policies.iter().flat_map(|p| p.files.iter().flatten()) {
        texts.entry(f.path.clone()).or_insert(&f.text);
    }
    let mut all: Vec<Mutant> = found.into_iter().collect();
    place::name_places(&mut all, &texts);
    all
}

fn collect(p: &Policy, out: &mut BTreeSet<Mutant>) {
    let text_of = |origin: care_check::ir::Origin| {
        p.files
            .get(origin.file.0 as usize)
            .and_then(Option::as_ref)
            .map(|f| (f.clone(), origin.span.start, origin.span.end))
    };
    let mut add = |file: &care_syntax::SourceFile,
                   start: usize,
                   end: usize,
                   repl: String,
                   cell: Option<String>| {
        let Some(original) = file.text.get(start..end) else {
            return;
        };
        if original == repl {
            return;
        }
        let (line, column) = file.line_col(start);
        out.insert(Mutant {
            file: file.path.clone(),
            start,
            end,
            line,
            column,
            original: original.to_string(),
            replacement: repl,
            cell,
            declaration: String::new(),
            nth: None,
        });
    };
    for file in p.files.iter().flatten() {
        for (span, repl) in declarations::mutants(&file.text) {
            add(file, span.start, span.end, repl, None);
        }
    }
    for e in crate::coverage::expressions(p) {
        let Some((file, start, end)) = text_of(e.origin) else {
            continue;
        };
        match &e.kind {
            ExprKind::Const(_) => {
                if let Some(text) = file.text.get(start..end) {
                    for repl in literal_mutants(text) {
                        add(&file, start, end, repl, None);
                    }
                }
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let Some(swap) = swapped(*op) else { continue };
                if lhs.origin.file != e.origin.file || rhs.origin.file != e.origin.file {
                    continue;
                }
                let (a, b) = (lhs.origin.span.end, rhs.origin.span.start);
                let Some(gap) = file.text.get(a..b) else {
                    continue;
                };
                // The operator alone between its operands (parentheses and blanks aside).
                let symbol = op.symbol();
                let Some(at) = gap.find(symbol) else { continue };
                let rest = format!("{}{}", &gap[..at], &gap[at + symbol.len()..]);
                if rest
                    .chars()
                    .any(|c| !(c.is_whitespace() || c == '(' || c == ')'))
                {
                    continue;
                }
                add(
                    &file,
                    a + at,
                    a + at + symbol.len(),
                    swap.symbol().to_string(),
                    None,
                );
            }
            ExprKind::Not(x) => {
                if x.origin.file != e.origin.file || x.origin.span.start <= start {
                    continue;
                }
                let head = file.text.get(start..x.origin.span.start).unwrap_or("");
                if head.trim_end() == "not" {
                    add(&file, start, x.origin.span.start, String::new(), None);
                }
            }
            _ => {}
        }
    }
    for t in &p.tables {
        for row in &t.rows {
            let Some((file, start, end)) = text_of(row.origin) else {
                continue;
            };
            let Some(text) = file.text.get(start..end) else {
                continue;
            };
            // `| key | value | value |` or, with two keys, `| key | key || value |`: the value
            // cells, each alone, named by the row's keys and their column.
            let mut offset = 0;
            let mut cells = Vec::new();
            for piece in text.split('|') {
                cells.push((offset, piece));
                offset += piece.len() + 1;
            }
            let two_keys = text.contains("||");
            let mut keys = Vec::new();
            let mut values = Vec::new();
            let mut past_keys = false;
            for (i, (at, cell)) in cells.iter().enumerate() {
                // Between the two bars of `||`: an empty piece that ends the keys.
                let inner = i > 0 && i + 1 < cells.len();
                if two_keys && inner && cell.is_empty() {
                    past_keys = true;
                    continue;
                }
                if cell.trim().is_empty() {
                    continue;
                }
                if past_keys || (!two_keys && !keys.is_empty()) {
                    values.push((*at, *cell));
                } else {
                    keys.push(cell.trim());
                }
            }
            let key = keys.join(", ");
            for ((at, cell), (column, _)) in values.into_iter().zip(&t.columns) {
                let lead = cell.len() - cell.trim_start().len();
                let trimmed = cell.trim();
                let s = start + at + lead;
                for repl in literal_mutants(trimmed) {
                    let c = place::cell(&key, column);
                    add(&file, s, s + trimmed.len(), repl, Some(c));
                }
            }
        }
    }
}

fn swapped(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        BinaryOp::Lt => BinaryOp::Le,
        BinaryOp::Le => BinaryOp::Lt,
        BinaryOp::Gt => BinaryOp::Ge,
        BinaryOp::Ge => BinaryOp::Gt,
        BinaryOp::Eq => BinaryOp::Ne,
        BinaryOp::Ne => BinaryOp::Eq,
        BinaryOp::And => BinaryOp::Or,
        BinaryOp::Or => BinaryOp::And,
        _ => return None,
    })
}

/// The changes of a literal as written: a number with an optional unit (`€`, `%`, a duration),
/// a date, an instant. Other texts give none.
pub fn literal_mutants(text: &str) -> Vec<String> {
    let text = text.trim();
    if let Some(v) = date_mutants(text) {
        return v;
    }
    if let Some(v) = instant_mutants(text) {
        return v;
    }
    let number_end = text
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && *c == '-')))
        .map_or(text.len(), |(i, _)| i);
    let (number, unit) = text.split_at(number_end);
    let unit_word = unit.trim();
    let units_ok = matches!(
        unit_word,
        "" | "€" | "%" | "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
    );
    if number.is_empty() || !units_ok {
        return Vec::new();
    }
    let Ok(n) = number.parse::<Decimal>() else {
        return Vec::new();
    };
    let step = if unit_word == "%" {
        Decimal::from(10)
    } else {
        Decimal::ONE
    };
    let is_duration = !matches!(unit_word, "" | "€" | "%");
    let mut out = Vec::new();
    for m in [n.checked_sub(step), n.checked_add(step)]
        .into_iter()
        .flatten()
    {
        // A rate stays a rate, a duration stays a count: nothing below zero.
        if (unit_word == "%" || is_duration) && m.is_sign_negative() {
            continue;
        }
        let mut m = m;
        m.rescale(n.scale());
        out.push(format!("{m}{unit}"));
    }
    out
}

pub(crate) fn date_mutants(text: &str) -> Option<Vec<String>> {
    if text.len() != 10 || text.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    let d: jiff::civil::Date = text.parse().ok()?;
    Some(
        [d.yesterday().ok(), d.tomorrow().ok()]
            .into_iter()
            .flatten()
            .map(|d| d.to_string())
            .collect(),
    )
}

/// `2026-06-04T16:00[Europe/Paris]`, `2026-06-04T16:00:00+02:00`: one minute earlier and later
/// (within the day).
fn instant_mutants(text: &str) -> Option<Vec<String>> {
    let t = text.find('T')?;
    if t != 10 || date_mutants(text.get(..10)?).is_none() {
        return None;
    }
    if text.get(t + 3..t + 4)? != ":" {
        return None;
    }
    let hours: i32 = text.get(t + 1..t + 3)?.parse().ok()?;
    let minutes: i32 = text.get(t + 4..t + 6)?.parse().ok()?;
    let at = hours * 60 + minutes;
    let mut out = Vec::new();
    for m in [at - 1, at + 1] {
        if (0..24 * 60).contains(&m) {
            out.push(format!(
                "{}{:02}:{:02}{}",
                &text[..=t],
                m / 60,
                m % 60,
                &text[t + 6..]
            ));
        }
    }
    Some(out)
}

/// The survivors a policy accepts: `tests/mutants-accepted.txt`, one a line,
/// `FILE, PLACE: `ORIGINAL` -> `REPLACEMENT`: reason` (FILE from the policy folder, PLACE the
/// declaration as [`Mutant::place`] names it: `2026-03-31.care, table taux_par_rang [13.., taux]:
/// `0 %` -> `10 %`: raison`); blank lines and lines starting with `#` are comments.
#[derive(Clone, Debug, Default)]
pub struct Accepted {
    /// The mutant's key ([`Mutant::key_in`]) and the reason.
    pub entries: Vec<(String, String)>,
}

const ACCEPTED_FORM: &str = "FILE, DECLARATION: `ORIGINAL` -> `REPLACEMENT`: reason";

impl Accepted {
    pub fn parse(text: &str) -> Result<Accepted, String> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let split = line.find("` -> `").and_then(|arrow| {
                let close = line[arrow + 6..].find("`: ")? + arrow + 6;
                Some((&line[..=close], &line[close + 3..]))
            });
            let Some((what, reason)) = split else {
                return Err(format!("line {}: expected {ACCEPTED_FORM}", n + 1));
            };
            let head = what.split('`').next().unwrap_or("");
            if !head.contains(", ") {
                return Err(format!(
                    "line {}: `{}` names the mutant by its line; expected {ACCEPTED_FORM}, as `care test --mutate` prints it after \"accept with\"",
                    n + 1,
                    head.trim()
                ));
            }
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(format!(
                    "line {}: an accepted survivor needs a reason",
                    n + 1
                ));
            }
            entries.push((what.to_string(), reason.to_string()));
        }
        Ok(Accepted { entries })
    }

    /// Reads `tests/mutants-accepted.txt` of a policy folder (none: nothing accepted).
    pub fn read(policy_dir: &Path) -> Result<Accepted, String> {
        let path = policy_dir.join("tests").join("mutants-accepted.txt");
        match std::fs::read_to_string(&path) {
            Ok(text) => Accepted::parse(&text).map_err(|e| format!("`{}`, {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Accepted::default()),
            Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
        }
    }

    fn reason(&self, m: &Mutant, policy_dir: &Path) -> Option<&str> {
        let d = m.key_in(policy_dir);
        self.entries
            .iter()
            .find(|(what, _)| *what == d)
            .map(|(_, r)| r.as_str())
    }
}

/// A whole mutation run.
#[derive(Clone, Debug)]
pub struct Run {
    pub results: Vec<MutantResult>,
    /// Accepted lines that match no survivor (stale).
    pub stale: Vec<String>,
}

impl Run {
    pub fn count(&self, f: impl Fn(&Fate) -> bool) -> usize {
        self.results.iter().filter(|r| f(&r.fate)).count()
    }

    pub fn survivors(&self) -> impl Iterator<Item = &MutantResult> {
        self.results.iter().filter(|r| r.fate == Fate::Survived)
    }
}

/// Runs every mutant of a policy (its files as checked, its versions) against the fixtures,
/// which must all pass on the policy as it is.
pub fn run(
    policy_dir: &Path,
    files: &Files,
    policies: &[Arc<Policy>],
    fixtures: &[Fixture],
    accepted: &Accepted,
) -> Run {
    let mutants = mutants(policies);
    let expected_versions = policies.len();
    let results: Vec<MutantResult> = mutants
        .into_par_iter()
        .map(|mutant| {
            let fate = fate(files, expected_versions, fixtures, &mutant);
            let fate = match fate {
                Fate::Survived => match accepted.reason(&mutant, policy_dir) {
                    Some(r) => Fate::Accepted(r.to_string()),
                    None => Fate::Survived,
                },
                f => f,
            };
            MutantResult { mutant, fate }
        })
        .collect();
    let stale = accepted
        .entries
        .iter()
        .filter(|(what, _)| {
            !results.iter().any(|r| {
                matches!(r.fate, Fate::Accepted(_)) && r.mutant.key_in(policy_dir) == *what
            })
        })
        .map(|(what, _)| what.clone())
        .collect();
    Run { results, stale }
}

/// The policy's files checked again, in memory, with one of them changed.
pub fn check_mutated(files: &Files, mutant: &Mutant) -> Option<Vec<Arc<Policy>>> {
    let mut ws = Workspace::in_memory();
    for (path, text) in files {
        let text = if *path == mutant.file {
            let (Some(a), Some(b)) = (text.get(..mutant.start), text.get(mutant.end..)) else {
                return None;
            };
            format!("{a}{}{b}", mutant.replacement)
        } else {
            text.to_string()
        };
        ws.add_text(Path::new(path), text);
    }
    let roots: Vec<_> = ws.files().collect();
    let (diagnostics, policies) = care_check::loader::check_workspace(&mut ws, &roots);
    if diagnostics.iter().any(|d| d.is_error()) {
        return None;
    }
    Some(policies)
}

fn fate(files: &Files, versions: usize, fixtures: &[Fixture], mutant: &Mutant) -> Fate {
    let Some(policies) = check_mutated(files, mutant) else {
        return Fate::Refused;
    };
    if policies.len() != versions {
        return Fate::Refused;
    }
    let Ok(engine) = Engine::new(policies) else {
        return Fate::Refused;
    };
    for f in fixtures {
        if run_case(&engine, f).status != Status::Passed {
            return Fate::Caught(f.file.display().to_string());
        }
    }
    Fate::Survived
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(literal_mutants("60 days"), ["59 days", "61 days"]);
        assert_eq!(literal_mutants("80 %"), ["70 %", "90 %"]);
        assert_eq!(literal_mutants("0 %"), ["10 %"]);
        assert_eq!(literal_mutants("300000 €"), ["299999 €", "300001 €"]);
        assert_eq!(literal_mutants("9400.00 €"), ["9399.00 €", "9401.00 €"]);
        assert_eq!(literal_mutants("2026-03-01"), ["2026-02-28", "2026-03-02"]);
        assert_eq!(
            literal_mutants("2026-06-04T16:00[Europe/Paris]"),
            [
                "2026-06-04T15:59[Europe/Paris]",
                "2026-06-04T16:01[Europe/Paris]"
            ]
        );
        assert_eq!(
            literal_mutants("2026-06-04T00:00:00+02:00"),
            ["2026-06-04T00:01:00+02:00"]
        );
        assert_eq!(literal_mutants("12"), ["11", "13"]);
        assert!(literal_mutants("\"texte\"").is_empty());
        assert!(literal_mutants("P1").is_empty());
    }

    #[test]
    fn accepted_lines() {
        let a =
            Accepted::parse("# comment\n\np/a.care, value x #2: `1` -> `2`: parce que\n").unwrap();
        assert_eq!(
            a.entries,
            [(
                "p/a.care, value x #2: `1` -> `2`".to_string(),
                "parce que".to_string()
            )]
        );
        assert!(Accepted::parse("p/a.care, value x: `1` -> `2`: \n").is_err());
        let not = Accepted::parse("a.care, rule r: `not ` -> ``: raison : `x`\n").unwrap();
        assert_eq!(not.entries[0].0, "a.care, rule r: `not ` -> ``");
        assert!(Accepted::parse("nonsense\n").is_err());
        // The line-numbered form of earlier versions: refused, saying what to write instead.
        let old = Accepted::parse("a.care:3:5 `1` -> `2`: raison\n").unwrap_err();
        assert!(old.contains("names the mutant by its line"), "{old}");
    }
}
