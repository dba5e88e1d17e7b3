//! `care check --format github`: GitHub Actions workflow commands, one per diagnostic, which the
//! runner turns into annotations on the pull request's lines:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`.
//!
//! Escaping follows the runner's rules: in the message `%`, CR and LF are percent-encoded; in
//! property values `:` and `,` too, as they separate properties. A warning an `@allow` silenced
//! (shown with `--show-silenced`) is a `notice`.

use care_syntax::{Diagnostic, Severity, Sources};

pub fn command(d: &Diagnostic, sources: &Sources) -> String {
    let level = match (d.severity, &d.silenced) {
        (_, Some(_)) => "notice",
        (Severity::Error, None) => "error",
        (Severity::Warning, None) => "warning",
    };
    let mut props = Vec::new();
    if let Some((f, l)) = d
        .primary()
        .and_then(|l| sources.get(l.file).map(|f| (f, l)))
    {
        let (line, col) = f.line_col(l.span.start);
        let (end_line, end_col) = f.line_col(l.span.end);
        props.push(format!("file={}", property(&f.path)));
        props.push(format!("line={line}"));
        props.push(format!("col={col}"));
        props.push(format!("endLine={end_line}"));
        props.push(format!("endColumn={end_col}"));
    }
    props.push(format!("title={}", property(d.code)));
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    format!("::{level} {}::{}", props.join(","), message(&text))
}

fn message(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(s: &str) -> String {
    message(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_reads() {
        assert_eq!(message("50% of\r\na"), "50%25 of%0D%0Aa");
        assert_eq!(property("C:\\a,b.care"), "C%3A\\a%2Cb.care");
    }
}
