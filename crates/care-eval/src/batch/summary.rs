//! The counts of a batch: per worker (`Tally`), merged into the `Summary` written at the end.

use std::fmt;

use rust_decimal::Decimal;

use super::*;
use crate::render::money_string;

/// Counts of a part of a batch, merged into the [`Summary`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    pub(crate) counted: u64,
    pub(crate) evaluated: u64,
    pub(crate) warned: u64,
    pub(crate) errors: [u64; 4],
    pub(crate) trues: Vec<u64>,
    /// `None` once a sum overflows.
    pub(crate) sums: Vec<Option<Decimal>>,
}

impl Tally {
    pub(crate) fn new(bools: usize, money: usize) -> Tally {
        Tally {
            trues: vec![0; bools],
            sums: vec![Some(Decimal::ZERO); money],
            ..Tally::default()
        }
    }

    pub(crate) fn merge(&mut self, other: &Tally) {
        self.counted += other.counted;
        self.evaluated += other.evaluated;
        self.warned += other.warned;
        for (a, b) in self.errors.iter_mut().zip(other.errors) {
            *a += b;
        }
        for (a, b) in self.trues.iter_mut().zip(&other.trues) {
            *a += b;
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            *a = match (*a, b) {
                (Some(x), Some(y)) => x.checked_add(*y),
                _ => None,
            };
        }
    }

    pub(crate) fn reset(&mut self) {
        self.counted = 0;
        self.evaluated = 0;
        self.warned = 0;
        self.errors = [0; 4];
        self.trues.iter_mut().for_each(|t| *t = 0);
        self.sums.iter_mut().for_each(|s| *s = Some(Decimal::ZERO));
    }
}

/// What a batch did: written on stderr at the end.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Dossiers read (evaluated or not).
    pub counted: u64,
    pub evaluated: u64,
    /// Dossiers evaluated with warnings (unknown fields).
    pub with_warnings: u64,
    /// Dossiers with no result, by kind.
    pub errors: Vec<(ErrorKind, u64)>,
    /// For the policy's `decision` output when it names one, else for each bool output: how
    /// many dossiers have it true.
    pub true_counts: Vec<(String, u64)>,
    /// For each money output: the sum over the evaluated dossiers (`None`: it overflowed).
    pub money_sums: Vec<(String, Option<Decimal>)>,
    /// The label of each of these outputs that declares one (`grant` → `Subvention
    /// forfaitaire`), for what people read in their language.
    pub labels: Vec<(String, String)>,
}

impl Summary {
    pub fn errors_total(&self) -> u64 {
        self.errors.iter().map(|(_, n)| n).sum()
    }

    /// An output's label, else its name.
    pub fn label<'a>(&'a self, name: &'a str) -> &'a str {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .map_or(name, |(_, l)| l.as_str())
    }

    /// Dossiers with errors of one kind.
    pub fn errors_of(&self, kind: ErrorKind) -> u64 {
        self.errors
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "counted: {} dossiers ({} evaluated, {} with errors)",
            self.counted,
            self.evaluated,
            self.errors_total()
        )?;
        for (name, n) in &self.true_counts {
            writeln!(f, "{name}: {n}")?;
        }
        for (name, sum) in &self.money_sums {
            match sum {
                Some(d) => writeln!(f, "{name} (sum): {}", money_string(*d))?,
                None => writeln!(f, "{name} (sum): overflow")?,
            }
        }
        let errors: Vec<String> = self
            .errors
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{} {n}", k.as_str()))
            .collect();
        if errors.is_empty() {
            writeln!(f, "errors: none")?;
        } else {
            writeln!(f, "errors: {}", errors.join(", "))?;
        }
        if self.with_warnings > 0 {
            writeln!(f, "warnings: {} dossiers", self.with_warnings)?;
        }
        Ok(())
    }
}

/// Where a batch is, after each chunk written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub dossiers: u64,
    /// Input bytes behind the dossiers written.
    pub bytes: u64,
}
