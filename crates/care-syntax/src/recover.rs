//! Parsing with error recovery. pest stops at the first error; an editor needs every error of a
//! file and a tree for the rest of it. So: parse the whole file; on failure, cut it into top-level
//! pieces (at lines that start with a declaration keyword) and parse each alone. A piece that fails
//! has its offending line blanked and is parsed again, a few times, so that one garbage line costs
//! one error and not the declaration around it. A piece that cannot be mended reports its first
//! error only (the later ones would be echoes of it) and contributes no tree.

use crate::ast::{Expr, File, Item};
use crate::diagnostic::Diagnostic;
use crate::parser::{Builder, CareParser, Rule};
use crate::source::FileId;
use crate::span::{Node, Span};
use crate::ITEM_KEYWORDS;
use pest::Parser;

/// How many lines of one piece recovery may blank before it gives the piece up.
const MAX_BLANKED_LINES: usize = 16;

/// The result of parsing one file: its tree (possibly partial) and its syntax errors.
#[derive(Debug, Clone)]
pub struct Parse {
    pub file: File,
    pub errors: Vec<Diagnostic>,
}

impl Parse {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses a whole file. Never fails and never panics: errors come back as diagnostics.
pub fn parse(text: &str, file_id: FileId) -> Parse {
    if let Ok(mut pairs) = CareParser::parse(Rule::file, text) {
        let mut builder = Builder::new(0);
        let file = pairs.next().map(|p| builder.file(p)).unwrap_or_default();
        let errors = literal_errors(builder, file_id);
        return Parse { file, errors };
    }
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (start, end) in pieces(text) {
        let (piece_items, piece_errors) = parse_piece(text, start, end, file_id);
        items.extend(piece_items);
        errors.extend(piece_errors);
    }
    Parse {
        file: File { items },
        errors,
    }
}

/// Parses one expression (for tests and tools such as `care table`).
pub fn parse_expr(text: &str, file_id: FileId) -> Result<Node<Expr>, Box<Diagnostic>> {
    match CareParser::parse(Rule::expr, text) {
        Ok(mut pairs) => {
            let mut builder = Builder::new(0);
            let pair = pairs.next();
            let rest = pairs.as_str().len();
            let expr = match pair {
                Some(p)
                    if p.as_str().len() + rest == text.trim_end().len()
                        || p.as_span().end() == text.trim_end().len() =>
                {
                    builder.expr(p)
                }
                _ => {
                    let d = Diagnostic::error("E0001", "unexpected text after the expression")
                        .with_key("E0001-trailing")
                        .with_label(file_id, Span::new(0, text.len()), "");
                    return Err(Box::new(d));
                }
            };
            match literal_errors(builder, file_id).into_iter().next() {
                Some(e) => Err(Box::new(e)),
                None => Ok(expr),
            }
        }
        Err(e) => Err(Box::new(syntax_error(&e, text, 0, file_id, true))),
    }
}

fn literal_errors(builder: Builder, file_id: FileId) -> Vec<Diagnostic> {
    builder
        .errors
        .into_iter()
        .map(|e| {
            let label = match e.code {
                "E0002" => "invalid value",
                "E0004" => "too deeply nested",
                "E0005" => "too many items",
                _ => "not allowed here",
            };
            let mut d = Diagnostic::error(e.code, e.message)
                .with_key(e.key)
                .with_label(file_id, e.span, label);
            d.help = Some(e.help);
            d.args = e.args;
            d
        })
        .collect()
}

/// Byte ranges of the top-level pieces of a text: each starts at a line beginning (column 0) with
/// a declaration keyword or an annotation, annotations staying with the declaration they precede.
fn pieces(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let mut offset = 0;
    // A piece opened by annotations runs to the end of the declaration they annotate, even when
    // broken lines stand between them.
    let mut awaiting_item = false;
    for line in crate::lex::lines_inclusive(text) {
        let word: String = line
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let is_annotation = line.starts_with('@');
        let is_item = ITEM_KEYWORDS.contains(&word.as_str());
        if is_annotation && !awaiting_item {
            if offset > 0 {
                starts.push(offset);
            }
            awaiting_item = true;
        } else if is_item {
            if !awaiting_item && offset > 0 {
                starts.push(offset);
            }
            awaiting_item = false;
        }
        offset += line.len();
    }
    starts.dedup();
    let mut out = Vec::with_capacity(starts.len());
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(text.len());
        out.push((s, e));
    }
    out
}

fn parse_piece(
    text: &str,
    start: usize,
    end: usize,
    file_id: FileId,
) -> (Vec<Node<crate::ast::Item>>, Vec<Diagnostic>) {
    let mut piece = text[start..end].to_string();
    let mut errors = Vec::new();
    let mut blanked = Vec::new();
    loop {
        match CareParser::parse(Rule::file, &piece) {
            Ok(mut pairs) => {
                let mut builder = Builder::new(start);
                let file = pairs.next().map(|p| builder.file(p)).unwrap_or_default();
                errors.extend(literal_errors(builder, file_id));
                return (file.items, errors);
            }
            Err(e) => {
                let diag = syntax_error(&e, &piece, start, file_id, end == text.len());
                let pos = error_position(&e);
                let Some((line_start, line_end)) = culprit_line(&piece, pos) else {
                    errors.truncate(1);
                    if errors.is_empty() {
                        errors.push(diag);
                    }
                    return (Vec::new(), errors);
                };
                let already = blanked.contains(&line_start);
                let is_blank = piece[line_start..line_end].trim().is_empty();
                if already || is_blank || blanked.len() >= MAX_BLANKED_LINES {
                    // This piece cannot be mended line by line: keep its first error only.
                    if errors.is_empty() {
                        errors.push(diag);
                    }
                    errors.truncate(1);
                    return (Vec::new(), errors);
                }
                errors.push(diag);
                blanked.push(line_start);
                let spaces = " ".repeat(line_end - line_start);
                piece.replace_range(line_start..line_end, &spaces);
            }
        }
    }
}

fn error_position(e: &pest::error::Error<Rule>) -> usize {
    match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
}

/// The line to blank for an error at `pos`: its own line, or the line before when that one
/// ends in a dangling `.` (a field access being typed, `require dossier.`: the parser only
/// fails on the next line, which is not the one to drop).
fn culprit_line(text: &str, pos: usize) -> Option<(usize, usize)> {
    let (start, end) = line_around(text, pos)?;
    if !text[start..pos].trim().is_empty() || start == 0 {
        return Some((start, end));
    }
    let before = text[..start - 1].trim_end_matches([' ', '\t', '\r']);
    if !before.ends_with('.') {
        return Some((start, end));
    }
    let prev_start = before.rfind('\n').map_or(0, |i| i + 1);
    let prev_end = text[prev_start..]
        .find('\n')
        .map_or(text.len(), |i| prev_start + i);
    Some((prev_start, prev_end))
}

/// The line containing `pos`, without its newline; for a position at the very end of a text that
/// ends with a newline, no line.
fn line_around(text: &str, pos: usize) -> Option<(usize, usize)> {
    if pos >= text.len() {
        return None;
    }
    let start = crate::lex::line_start(text, pos);
    let end = crate::lex::line_end(text, pos);
    Some((start, end))
}

/// Turns pest's error into a diagnostic that says what was found and what was expected.
fn syntax_error(
    e: &pest::error::Error<Rule>,
    text: &str,
    base: usize,
    file_id: FileId,
    last_piece: bool,
) -> Diagnostic {
    let pos = error_position(e).min(text.len());
    let limit = crate::parser::MAX_EXPR_DEPTH;
    if let Some(at) = crate::lex::first_nesting_over(text, pos, limit) {
        // The parser gave up on a nesting deeper than the language allows: say that, where the
        // nesting first goes over the limit.
        let span = Span::new(base + at, base + at + token_at(text, at).len());
        return Diagnostic::error("E0004", "this expression is nested too deeply")
            .with_key("E0004-too-deep")
            .with_arg("depth", limit.to_string())
            .with_label(file_id, span, "too deeply nested")
            .with_help_key("E0004-too-deep-help", crate::parser::too_deep_help());
    }
    let found = token_at(text, pos);
    let span_len = if found.is_empty() { 0 } else { found.len() };
    let span = Span::new(base + pos, base + pos + span_len);
    let (expected, items) = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        pest::error::ErrorVariant::CustomError { message } => (message.clone(), String::new()),
    };
    // What the label's translation lists instead of the English `expected` (see
    // `EXPECTED_ITEMS`).
    let with_expected = |d: Diagnostic| {
        d.with_arg("expected", expected.clone())
            .with_arg("expected-items", items.clone())
    };
    if found.is_empty() && !last_piece {
        // The piece stops where the next declaration starts: this one was not closed.
        let content_end = text.trim_end().len();
        let at = Span::new(base + content_end, base + content_end);
        let (key, label) = if expected.is_empty() {
            ("E0001-not-closed", "missing here".to_string())
        } else {
            ("E0001-not-closed-expected", format!("expected {expected}"))
        };
        return with_expected(Diagnostic::error(
            "E0001",
            "this declaration is not closed before the next one starts",
        ))
        .with_key(key)
        .with_label(file_id, at, label)
        .with_help_key(
            "E0001-not-closed-help",
            "a closing `}` (or a value) is probably missing at the end of this declaration",
        );
    }
    let message = if found.is_empty() {
        "unexpected end of file".to_string()
    } else {
        format!("unexpected `{found}`")
    };
    let label = if expected.is_empty() {
        "not understood here".to_string()
    } else {
        format!("expected {expected}")
    };
    let help = if found.is_empty() {
        (
            "E0001-end-of-file-help",
            "the file ends in the middle of a declaration: is a closing `}` or a value missing?",
        )
    } else if found == "(" && line_starts_at(text, pos) && previous_line_is_let(text, pos) {
        (
            "E0001-paren-after-let-help",
            "a line that starts with `(` begins a new step: the `let` above ends with its line. To \
             continue the `let`, end its line with an operator; in a rule, say what the condition is \
             for: `require (…)`",
        )
    } else if expected.starts_with("a declaration") {
        ("E0001-declaration-help", "each declaration starts with a keyword such as `rule`, `track`, `table` or `output`; see docs/language.md")
    } else {
        (
            "help-docs",
            "see docs/language.md for what this declaration accepts",
        )
    };
    let key = match (found.is_empty(), expected.is_empty()) {
        (true, true) => "E0001-end-of-file",
        (true, false) => "E0001-end-of-file-expected",
        (false, true) => "E0001-unexpected-here",
        (false, false) => "E0001-unexpected",
    };
    let d = with_expected(Diagnostic::error("E0001", message))
        .with_key(key)
        .with_arg("found", found)
        .with_label(file_id, span, label);
    // `si … alors … sinon`, `et`, `ou`, `non`: the French word is what is unexpected, or the
    // word just before it (`require si x …` reads `si` as a name, then stops at `x`).
    let before = text[..pos.min(text.len())]
        .trim_end()
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default();
    let french = [found, before]
        .into_iter()
        .find_map(|w| crate::french_keyword(w).map(|en| (w, en)));
    if let Some((word, english)) = french {
        let key = if expected.is_empty() {
            "E0001-french-keyword-here"
        } else {
            "E0001-french-keyword"
        };
        return d
            .with_key(key)
            .with_arg("english", english)
            .with_arg("word", word)
            .with_help_key(
                "E0001-french-keyword-help",
                crate::french_keyword_help(word, english),
            );
    }
    d.with_help_key(help.0, help.1)
}

/// Is `pos` the first thing on its line (after indentation)?
fn line_starts_at(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    let line = before.rsplit(['\n', '\r']).next().unwrap_or(before);
    line.trim().is_empty() && before.contains(['\n', '\r'])
}

/// Does the last non-blank line before `pos` start with `let`?
fn previous_line_is_let(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind(['\n', '\r']).unwrap_or(0);
    text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with("let ") || l.starts_with("let\t"))
}

/// The word or symbol at `pos`: what a person would call "the thing that is wrong".
fn token_at(text: &str, pos: usize) -> &str {
    let rest = &text[pos..];
    let rest = rest.trim_start_matches([' ', '\t']);
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() {
            break;
        }
        let word_char = c.is_alphanumeric() || c == '_' || c == '.';
        if i > 0 && !word_char {
            break;
        }
        end = i + c.len_utf8();
        if !word_char {
            break;
        }
        if end >= 40 {
            break;
        }
    }
    &rest[..end]
}

/// What the parser expected, in English, and the same list for a translation: each phrase's
/// entry (`expected-name`, see [`EXPECTED_ITEMS`]) or, for a keyword in backticks, the keyword,
/// separated by `|`, with `…` last when the list is cut.
fn describe_expected(rules: &[Rule]) -> (String, String) {
    let mut names: Vec<&'static str> = Vec::new();
    let mut declaration = false;
    for rule in rules {
        if item_keyword(*rule).is_some() {
            declaration = true;
            continue;
        }
        if let Some(name) = describe_rule(*rule) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if declaration {
        names.insert(0, "a declaration (`rule`, `track`, `table`, `output`, …)");
    }
    let english = match names.len() {
        0 => String::new(),
        1 => names[0].to_string(),
        n if n <= 6 => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
        _ => format!("{}, …", names[..6].join(", ")),
    };
    let mut items: Vec<&str> = names
        .iter()
        .take(6)
        .map(|n| {
            EXPECTED_ITEMS
                .iter()
                .find(|(_, english)| english == n)
                .map_or(*n, |(id, _)| *id)
        })
        .collect();
    if names.len() > 6 {
        items.push("…");
    }
    (english, items.join("|"))
}

/// The phrases of [`describe_rule`] that are words, not keywords, by their catalog entry
/// (`crates/care-i18n/locales/*.ftl`).
pub const EXPECTED_ITEMS: &[(&str, &str)] = &[
    (
        "expected-declaration",
        "a declaration (`rule`, `track`, `table`, `output`, …)",
    ),
    ("expected-end-of-file", "the end of the file"),
    ("expected-text", "a text in double quotes"),
    ("expected-name", "a name"),
    ("expected-policy-id", "a policy id such as `essms-poc`"),
    ("expected-code", "a code such as `POC.P1.O1.1`"),
    ("expected-rule-name", "a rule code or name"),
    ("expected-whole-number", "a whole number"),
    ("expected-number", "a number"),
    ("expected-date", "a date (YYYY-MM-DD)"),
    ("expected-instant", "an instant (2026-06-04T16:00:00+02:00)"),
    ("expected-expression", "an expression"),
    ("expected-comparison", "a comparison"),
    ("expected-operator", "an operator"),
    ("expected-type", "a type"),
    ("expected-field", "a field (`name: type`)"),
    ("expected-variant", "a variant name"),
    ("expected-cell", "a cell value"),
    (
        "expected-table-header",
        "the table's header row (`| key | value |`)",
    ),
    ("expected-table-row", "a table row"),
    ("expected-section", "a section (§…)"),
    ("expected-section-kind", "`mandatory` or `a_la_carte`"),
    ("expected-bound", "`at_least`, `at_most` or `exactly`"),
    ("expected-rule-kind", "`rule` or `prerequisite`"),
    ("expected-body", "a body in braces"),
    ("expected-param", "a parameter (`name: type`)"),
    ("expected-item-kind", "a kind of declaration"),
    ("expected-comprehension", "`:` or `by`"),
    ("expected-record-entry", "a `key: value` entry"),
];

fn item_keyword(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_policy => "policy",
        Rule::kw_include => "include",
        Rule::kw_document => "document",
        Rule::kw_enum => "enum",
        Rule::kw_record => "record",
        Rule::kw_input => "input",
        Rule::kw_track => "track",
        Rule::kw_function => "function",
        Rule::kw_value => "value",
        Rule::kw_output => "output",
        Rule::kw_amend => "amend",
        Rule::kw_remove => "remove",
        Rule::kw_replace => "replace",
        Rule::kw_table => "table",
        Rule::annotation => "@allow",
        _ => return None,
    })
}

fn describe_rule(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "the end of the file",
        Rule::string | Rule::string_inner => "a text in double quotes",
        Rule::ident | Rule::field_name => "a name",
        Rule::policy_id => "a policy id such as `essms-poc`",
        Rule::code => "a code such as `POC.P1.O1.1`",
        Rule::rule_name => "a rule code or name",
        Rule::int_lit => "a whole number",
        Rule::decimal_lit => "a number",
        Rule::date_lit => "a date (YYYY-MM-DD)",
        Rule::instant_lit => "an instant (2026-06-04T16:00:00+02:00)",
        Rule::expr
        | Rule::if_expr
        | Rule::not_op
        | Rule::neg
        | Rule::paren
        | Rule::name
        | Rule::call_args
        | Rule::list_lit
        | Rule::record_lit
        | Rule::number_lit => "an expression",
        Rule::op_eq
        | Rule::op_ne
        | Rule::op_lt
        | Rule::op_le
        | Rule::op_gt
        | Rule::op_ge
        | Rule::op_in
        | Rule::op_not_in => "a comparison",
        Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div
        | Rule::op_or
        | Rule::op_and
        | Rule::op_otherwise
        | Rule::op_range => "an operator",
        Rule::type_expr | Rule::named_type | Rule::list_type | Rule::record_type => "a type",
        Rule::record_type_field => "a field (`name: type`)",
        Rule::field_decl => "a field (`name: type`)",
        Rule::variant => "a variant name",
        Rule::cell | Rule::range_cmp => "a cell value",
        Rule::range_bound => "a number bounding the range",
        Rule::range_below => "`<` or `<=`",
        Rule::range_op => "a comparison (`<`, `<=`, `>`, `>=`)",
        Rule::key_end => "`|` or `||`",
        Rule::table_header => "the table's header row (`| key | value |`)",
        Rule::table_row => "a table row",
        Rule::section => "a section (§…)",
        Rule::p_version => "`version`",
        Rule::p_amends => "`amends`",
        Rule::p_in_force => "`in_force`",
        Rule::p_timezone => "`timezone`",
        Rule::p_reference => "`reference`",
        Rule::p_chosen => "`chosen_objectives`",
        Rule::p_key => "`key`",
        Rule::source_prop | Rule::kw_source => "`source`",
        Rule::note_prop | Rule::kw_note => "`note`",
        Rule::section_decl | Rule::section_kind => "`mandatory` or `a_la_carte`",
        Rule::choose_prop => "`choose`",
        Rule::bound | Rule::bound_kind => "`at_least`, `at_most` or `exactly`",
        Rule::theme_decl => "`theme`",
        Rule::objective_decl | Rule::kw_objective => "`objective`",
        Rule::scope_prop => "`scope`",
        Rule::evidence_prop => "`evidence`",
        Rule::achieved_prop => "`achieved when`",
        Rule::when_prop => "`when`",
        Rule::for_prop => "`for each`",
        Rule::let_binding => "`let`",
        Rule::require_prop => "`require`",
        Rule::fix_prop => "`fix`",
        Rule::rule_kind | Rule::kw_rule | Rule::kw_prerequisite => "`rule` or `prerequisite`",
        Rule::body => "a body in braces",
        Rule::param => "a parameter (`name: type`)",
        Rule::item_kind => "a kind of declaration",
        Rule::kw_then => "`then`",
        Rule::kw_else => "`else`",
        Rule::kw_in => "`in`",
        Rule::kw_of => "`of`",
        Rule::kw_from => "`from`",
        Rule::kw_when => "`when`",
        Rule::kw_each => "`each`",
        Rule::kw_candidate => "`candidate`",
        Rule::any_of => "`any_of`",
        Rule::comp_body | Rule::comp_key => "`:` or `by`",
        Rule::record_entry => "a `key: value` entry",
        _ => return None,
    })
}

/// Declarations parsed before, by the text of their piece (spans from the piece's start): what
/// [`parse_reusing`] takes instead of parsing again.
#[derive(Clone, Debug, Default)]
pub struct Reuse {
    pieces: std::collections::HashMap<std::sync::Arc<str>, std::sync::Arc<Vec<Node<Item>>>>,
}

impl Reuse {
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// [`parse`] for an editor: the file is cut into its top-level pieces (as recovery cuts it), and
/// a piece whose text was parsed before is taken from `reuse` (its spans moved to where it is
/// now) instead of being parsed again, so that an edit costs the parse of the declaration it
/// touches. The result is the same as [`parse`]'s: when any piece does not parse alone, the
/// whole file is parsed by [`parse`]. Returns the pieces of this text, for the next edit.
pub fn parse_reusing(text: &str, file_id: FileId, reuse: &Reuse) -> (Parse, Reuse) {
    use crate::shift::Shift;
    let mut next = Reuse::default();
    let mut items = Vec::new();
    let mut whole = false;
    for (start, end) in pieces(text) {
        let piece = &text[start..end];
        let parsed = match reuse.pieces.get(piece) {
            Some(p) => Some(p.clone()),
            None if whole => None,
            None => match CareParser::parse(Rule::file, piece) {
                Ok(mut pairs) => {
                    let mut builder = Builder::new(0);
                    let file = pairs.next().map(|p| builder.file(p)).unwrap_or_default();
                    builder
                        .errors
                        .is_empty()
                        .then(|| std::sync::Arc::new(file.items))
                }
                Err(_) => None,
            },
        };
        match parsed {
            Some(p) => {
                if !whole {
                    items.extend(p.iter().cloned().map(|mut i| {
                        i.shift(start);
                        i
                    }));
                }
                next.pieces.insert(piece.into(), p);
            }
            // A piece that does not parse alone (a syntax error, a literal out of range, or a
            // cut inside a text): the whole file goes through recovery, its errors as usual.
            None => whole = true,
        }
    }
    if whole {
        return (parse(text, file_id), next);
    }
    (
        Parse {
            file: File { items },
            errors: Vec::new(),
        },
        next,
    )
}
