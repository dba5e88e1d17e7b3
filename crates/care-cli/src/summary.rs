//! The summary of a batch (`care eval --dossiers`) on standard error, in the language of the
//! messages. English keeps the outputs' identifiers and plain amounts (`grant (sum): 108000.00`);
//! French names the outputs by the labels the policy declares and writes French amounts
//! (`Subvention forfaitaire (total) : 108 000,00 €`).

use crate::ui::{lang, text};
use care_eval::batch::Summary;
use care_eval::render::money_string;
use care_eval::view::french;
use care_i18n::Lang;

pub fn batch(s: &Summary) -> String {
    let french = lang() == Lang::Fr;
    let count = |n: u64| match (french, i64::try_from(n)) {
        (true, Ok(n)) => french::int(n),
        _ => n.to_string(),
    };
    let amount = |d| {
        if french {
            french::money(d)
        } else {
            money_string(d)
        }
    };
    let name = |output: &str| -> String {
        if french {
            s.label(output).to_string()
        } else {
            output.to_string()
        }
    };
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(text(
        "cli-batch-counted",
        &[
            ("counted", &count(s.counted)),
            ("evaluated", &count(s.evaluated)),
            ("errors", &count(s.errors_total())),
        ],
    ));
    for (output, n) in &s.true_counts {
        line(text(
            "cli-batch-count",
            &[("name", &name(output)), ("count", &count(*n))],
        ));
    }
    for (output, sum) in &s.money_sums {
        let label = name(output);
        line(match sum {
            Some(d) => text(
                "cli-batch-sum",
                &[("name", &label), ("amount", &amount(*d))],
            ),
            None => text("cli-batch-sum-overflow", &[("name", &label)]),
        });
    }
    let errors: Vec<String> = s
        .errors
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| {
            let kind = text(&format!("cli-batch-kind-{}", k.as_str()), &[]);
            text(
                "cli-batch-error-count",
                &[("kind", &kind), ("count", &count(*n))],
            )
        })
        .collect();
    line(if errors.is_empty() {
        text("cli-batch-no-errors", &[])
    } else {
        text("cli-batch-errors", &[("errors", &errors.join(", "))])
    });
    if s.with_warnings > 0 {
        line(text(
            "cli-batch-warnings",
            &[("count", &count(s.with_warnings))],
        ));
    }
    out
}
