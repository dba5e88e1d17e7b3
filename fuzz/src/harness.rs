//! What each fuzz target runs on one input, and the properties it asserts. The same file is
//! compiled into the fuzz targets (`fuzz/fuzz_targets/`) and into the workspace's test suite
//! (`crates/care-cli/tests/fuzz_regressions.rs`), which replays every input a fuzzer once found
//! (`tests/fixtures/fuzz/TARGET/`), so that a crash fixed stays fixed under `cargo test`.
//!
//! A panic here is a finding: either the code under test panicked, or a property failed.
//! Nothing here reads the disk but the real policies, once, at start; the files of a fuzzed
//! policy live in memory under a folder that does not exist.

use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use care_eval::batch::{Batch, BatchOptions, JsonlSource, OutputFormat};
use care_eval::engine::{Engine, Outcome};
use care_eval::report::Report;
use care_eval::view::{text::Style, Audience, View};
use care_eval::Format;
use care_syntax::{diagnostic, Diagnostic, FileId, Sources};
use std::path::{Path, PathBuf};

/// The folder fuzzed files are said to be in. It does not exist, so an `include` of a fuzzed
/// file can only reach the other fuzzed files.
const FOLDER: &str = "/nonexistent-care-fuzz/policy";

/// Diagnostics rendered per input: rendering is slow, and the first ones show the same paths.
const RENDERED: usize = 64;

/// Renders diagnostics in every form the CLI prints (miette once panicked on a long line).
fn render_all(diags: &[Diagnostic], sources: &Sources) {
    for d in diags.iter().take(RENDERED) {
        let human = diagnostic::render_human(d, sources, true);
        assert!(!human.is_empty(), "an empty rendering of {}", d.code);
        let _ = diagnostic::render_short(d, sources);
        let json = diagnostic::to_json(d, sources);
        let _ = serde_json::to_string(&json).expect("a diagnostic serialises");
    }
}

/// Checks the files of a workspace, renders the diagnostics, and compiles every version that
/// checked (program and decoder), as `care eval` would.
fn check_and_compile(mut ws: Workspace, roots: &[FileId]) {
    let (diags, policies) = check_workspace(&mut ws, roots);
    render_all(&diags, &ws.sources);
    let blocking = diags.iter().any(Diagnostic::is_blocking);
    if !blocking && !policies.is_empty() {
        // A version that checks clean is one `care eval` accepts: building its engine must work.
        Engine::new(policies).expect("a policy that checks clean compiles");
    }
}

/// `check_file`: one `.care` file, whatever its bytes.
pub fn check_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut ws = Workspace::new();
    let id = ws.add_text(&Path::new(FOLDER).join("2026-01-01.care"), text);
    check_and_compile(ws, &[id]);
}

/// A file name from the fuzzer's bytes: `[A-Za-z0-9_.-]` components, at most two deep, never
/// `.` or `..` (a fuzzed include may still name `../x.care`: it is refused before any read).
fn file_name(raw: &[u8], index: usize) -> PathBuf {
    let raw = String::from_utf8_lossy(raw);
    let parts: Vec<&str> = raw.trim().split('/').collect();
    let good = !raw.trim().is_empty()
        && parts.len() <= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.len() <= 40
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
        });
    if good {
        parts.iter().collect()
    } else {
        PathBuf::from(format!("f{index}.care"))
    }
}

/// Splits a folder input: files separated by a NUL byte, each `NAME\nTEXT`.
pub fn folder_files(data: &[u8]) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for (i, part) in data.split(|b| *b == 0).enumerate().take(16) {
        let (name, text) = match part.iter().position(|b| *b == b'\n') {
            Some(nl) => (&part[..nl], &part[nl + 1..]),
            None => (&b""[..], part),
        };
        let mut path = file_name(name, i);
        if files.iter().any(|(p, _)| *p == path) {
            path = PathBuf::from(format!("f{i}.care"));
        }
        files.push((path, String::from_utf8_lossy(text).into_owned()));
    }
    files
}

/// `check_folder`: a policy folder of several files (versions, amendments, modules).
pub fn check_folder(data: &[u8]) {
    let mut ws = Workspace::new();
    let roots: Vec<FileId> = folder_files(data)
        .into_iter()
        .map(|(name, text)| ws.add_text(&Path::new(FOLDER).join(name), text))
        .collect();
    check_and_compile(ws, &roots);
}

/// The comments of a text, as the formatter must keep them (each once, trailing blanks aside).
fn comment_texts(text: &str) -> Vec<String> {
    let mut texts: Vec<String> = care_syntax::lex::comments(text)
        .iter()
        .map(|c| text[c.span.start..c.span.end].trim_end().to_string())
        .collect();
    texts.sort();
    texts
}

/// `fmt_roundtrip`: a text that parses formats to a text that parses to the same tree, with the
/// same comments, and that formatting leaves as it is; a text that does not parse is refused.
pub fn fmt_roundtrip(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let before = care_syntax::parse(&text, FileId(0));
    let formatted = match care_fmt::format(&text) {
        Ok(f) => f,
        Err(errors) => {
            assert!(
                !before.errors.is_empty(),
                "format refused a text that parses"
            );
            assert!(
                !errors.is_empty(),
                "format refused a text without saying why"
            );
            return;
        }
    };
    assert!(
        before.errors.is_empty(),
        "format accepted a text that does not parse"
    );
    let after = care_syntax::parse(&formatted, FileId(0));
    assert!(
        after.errors.is_empty(),
        "the formatted text does not parse: {:?}\n--- formatted:\n{formatted}",
        after.errors
    );
    assert!(
        after.file == before.file,
        "formatting changed the syntax tree\n--- formatted:\n{formatted}"
    );
    assert_eq!(
        comment_texts(&formatted),
        comment_texts(&text),
        "formatting lost or duplicated comments\n--- formatted:\n{formatted}"
    );
    let again = care_fmt::format(&formatted).expect("the formatted text formats");
    assert_eq!(again, formatted, "formatting is not idempotent");
}

/// The real policies of the repository, checked and compiled once.
pub struct Policies {
    pub engines: Vec<(String, Engine)>,
}

impl Policies {
    /// Every folder of `policies/`, in name order; a policy that does not check clean is a
    /// broken repository, not a finding.
    pub fn load(root: &Path) -> Policies {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        let engines = dirs
            .into_iter()
            .map(|dir| {
                let report = care_check::check_paths(std::slice::from_ref(&dir))
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
                assert!(report.is_clean(), "{} does not check clean", dir.display());
                let engine = Engine::new(report.policies).expect("a real policy compiles");
                (dir.display().to_string(), engine)
            })
            .collect::<Vec<_>>();
        assert!(!engines.is_empty(), "no policy under {}", root.display());
        Policies { engines }
    }

    /// The repository's `policies/` folder, from a crate's manifest folder.
    pub fn from_repository(manifest_dir: &str, up: usize) -> Policies {
        let mut root = PathBuf::from(manifest_dir);
        for _ in 0..up {
            root.push("..");
        }
        Policies::load(&root.join("policies"))
    }
}

/// What the first byte of an `eval_dossier` or `batch_jsonl` input chooses.
struct Choice<'a> {
    engine: &'a Engine,
    /// `--version`: none (the version in force), or one of the policy's versions.
    forced: Option<String>,
    yaml: bool,
    csv: bool,
}

fn choose(policies: &Policies, byte: u8) -> Choice<'_> {
    let (_, engine) = &policies.engines[usize::from(byte & 0x0f) % policies.engines.len()];
    let versions = engine.versions();
    let pick = usize::from(byte >> 4 & 0x03);
    let forced = match pick {
        0 => None,
        n => versions
            .get((n - 1) % versions.len().max(1))
            .map(|p| p.version.to_string()),
    };
    Choice {
        engine,
        forced,
        yaml: byte & 0x40 != 0,
        csv: byte & 0x80 != 0,
    }
}

/// The decision of an outcome as JSON: outputs and failed rules (what explanations may not
/// change).
fn decision(outcome: &Outcome<'_>) -> (serde_json::Value, Vec<String>) {
    let report = Report::new(outcome);
    let outputs = serde_json::to_value(&report.outputs).expect("outputs serialise");
    (outputs, report.failed)
}

/// Renders a report in every form `care eval` prints.
fn render_report(outcome: &Outcome<'_>) {
    let report = Report::new(outcome);
    serde_json::to_string_pretty(&report).expect("a report serialises");
    let mut forms = Vec::new();
    for audience in [Audience::Instructor, Audience::Candidate] {
        let view = View::new(outcome, audience);
        forms.push(("terminal", view.text(Style::Terminal { color: true })));
        forms.push(("markdown", view.text(Style::Markdown)));
        forms.push(("html", view.html()));
    }
    // The dossier's own text is escaped: no control character but the line breaks and the
    // colours the renderer itself adds reaches the terminal.
    for (name, text) in &forms {
        let mut rest = text.as_str();
        while let Some(i) = rest.find(|c: char| c.is_control() && c != '\n') {
            let tail = &rest[i..];
            let is_colour = tail.starts_with('\u{1b}')
                && tail[1..].starts_with('[')
                && tail[2..]
                    .split_once('m')
                    .is_some_and(|(code, _)| code.bytes().all(|b| b.is_ascii_digit() || b == b';'));
            assert!(
                *name == "terminal" && is_colour,
                "a control character {:?} reaches the {name} report",
                tail.chars().next()
            );
            rest = &tail[1..];
        }
    }
}

/// `eval_dossier`: the first byte chooses the policy, the version and the format (JSON or
/// YAML); the rest is the dossier. Evaluated with and without explanations: the decision is the
/// same, and every report renders.
pub fn eval_dossier(policies: &Policies, data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let choice = choose(policies, first);
    let format = if choice.yaml {
        Format::Yaml
    } else {
        Format::Json
    };
    let forced = choice.forced.as_deref();
    let plain = choice.engine.run(bytes, format, forced, false);
    let explained = choice.engine.run(bytes, format, forced, true);
    match (&plain, &explained) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                decision(a),
                decision(b),
                "explanations changed the decision"
            );
            render_report(b);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.kind(), b.kind(), "explanations changed the failure");
            assert_eq!(a.paths(), b.paths(), "explanations changed the failure");
            for line in b.lines() {
                assert!(!line.is_empty(), "an empty failure line");
            }
        }
        (a, b) => panic!(
            "with explanations: {}, without: {}",
            if b.is_ok() { "evaluated" } else { "failed" },
            if a.is_ok() { "evaluated" } else { "failed" },
        ),
    }
}

/// JSON decoding: the fast scanner (with `serde_json` for what it does not read) gives the
/// same values, errors and warnings as `serde_json` alone, with the decoder of every version
/// of every policy. The first byte is part of the document (JSON is all the input).
pub fn decode_json(policies: &Policies, data: &[u8]) {
    for (_, engine) in &policies.engines {
        for version in 0..engine.versions().len() {
            let Some(decoder) = engine.decoder(version) else {
                continue;
            };
            let fast = format!("{:?}", decoder.decode_json(data));
            let reference = format!("{:?}", decoder.decode_json_reference(data));
            assert_eq!(
                fast, reference,
                "the fast scanner disagrees with serde_json"
            );
        }
    }
}

/// Runs a batch on one worker thread; its output and summary.
fn run_batch(
    engine: &Engine,
    options: BatchOptions,
    data: &[u8],
) -> (Vec<u8>, care_eval::batch::Summary) {
    let batch = match Batch::new(engine, options) {
        Ok(b) => b,
        Err(e) => panic!("the batch did not start: {e}"),
    };
    let mut out = Vec::new();
    match batch.run(JsonlSource::new(data), &mut out, |_| {}) {
        Ok(summary) => (out, summary),
        Err(e) => panic!("the batch stopped: {e}"),
    }
}

/// `batch_jsonl`: the first byte chooses the policy, the version, CSV or JSON Lines and
/// explanations; the rest is a JSON Lines stream. One result line per dossier, each valid JSON
/// in JSON Lines; the same output in small chunks as in large ones.
pub fn batch_jsonl(policies: &Policies, data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let choice = choose(policies, first);
    let options = BatchOptions {
        format: if choice.csv {
            OutputFormat::Csv
        } else {
            OutputFormat::Jsonl
        },
        explain: choice.yaml && !choice.csv, // the YAML bit means explanations here
        version: choice.forced.clone(),
        threads: Some(1),
        ..BatchOptions::default()
    };
    let (out, summary) = run_batch(choice.engine, options.clone(), bytes);
    let text = std::str::from_utf8(&out).expect("batch output is UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    let header = usize::from(choice.csv);
    assert_eq!(
        lines.len() as u64,
        summary.counted + header as u64,
        "not one result line per dossier"
    );
    assert!(
        out.is_empty() || out.ends_with(b"\n"),
        "a last line unfinished"
    );
    assert_eq!(
        summary.counted,
        summary.evaluated + summary.errors_total(),
        "the summary does not add up"
    );
    if !choice.csv {
        for line in &lines {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|e| panic!("a result line is not JSON ({e}): {line}"));
        }
    }
    let small = BatchOptions {
        chunk_items: 1,
        chunk_bytes: 1,
        window: Some(1),
        ..options
    };
    let (again, summary_again) = run_batch(choice.engine, small, bytes);
    assert!(again == out, "chunking changed the output");
    assert_eq!(summary_again, summary, "chunking changed the summary");
}

/// The longest text an `analysis_edits` input may grow a file to, and the most steps it runs:
/// every step parses the file twice (the host's incremental parse and the full one it is
/// compared with), so 64 steps on a 30 KB list literal passed libFuzzer's 10 s (a timeout of
/// the harness, linear in the text, not of the host).
const EDITED_MAX: usize = 16 * 1024;
const EDIT_STEPS: usize = 32;

/// The char boundary at or before `at` in `text`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `analysis_edits`: the editor's host under a sequence of edits. The input is a start text,
/// then after a NUL byte a program: each step is an op byte, a position byte pair and, for an
/// insertion, the bytes up to the next `0x01` (inserted text). The op's low bits choose the file
/// (two versions and a module of one folder, a file of another folder), insert, delete a range,
/// remove the file, or ask every query at the position. After every step the host's
/// incremental parse is the same tree as a full parse, and every query answers without a panic.
pub fn analysis_edits(data: &[u8]) {
    use care_analysis::AnalysisHost;
    let (start, mut program) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let paths = [
        Path::new(FOLDER).join("2026-01-01.care"),
        Path::new(FOLDER).join("2026-06-01.care"),
        Path::new(FOLDER).join("module.care"),
        Path::new(FOLDER).join("../other/2026-01-01.care"),
    ];
    let mut texts: Vec<String> = vec![String::from_utf8_lossy(start).into_owned(); 1];
    texts.extend(std::iter::repeat_n(String::new(), paths.len() - 1));
    let mut host = AnalysisHost::new();
    host.set_file(&paths[0], texts[0].as_str());
    let mut steps = 0;
    while let [op, hi, lo, rest @ ..] = program {
        steps += 1;
        if steps > EDIT_STEPS {
            break;
        }
        let file = usize::from(op & 0x03);
        let path = &paths[file];
        let at = usize::from(*hi) << 8 | usize::from(*lo);
        program = rest;
        match op >> 2 & 0x07 {
            0..=2 => {
                let end = program
                    .iter()
                    .position(|b| *b == 1)
                    .unwrap_or(program.len());
                let insert = String::from_utf8_lossy(&program[..end]).into_owned();
                program = program.get(end + 1..).unwrap_or(&[]);
                let text = &mut texts[file];
                if text.len() + insert.len() > EDITED_MAX {
                    continue;
                }
                let at = boundary(text, at);
                text.insert_str(at, &insert);
                host.set_file(path, text.as_str());
            }
            3 | 4 => {
                let text = &mut texts[file];
                let from = boundary(text, at);
                let to = boundary(text, from + usize::from(op >> 5) * 7 + 1);
                text.replace_range(from..to, "");
                host.set_file(path, text.as_str());
            }
            5 => {
                host.remove_file(path);
                texts[file].clear();
            }
            _ => query_all(&mut host, path, &texts[file], at),
        }
        let analysis = host.analysis();
        if let Some(data) = analysis.file(path) {
            let full = care_syntax::parse(data.text(), FileId(0));
            assert!(
                *data.ast == full.file,
                "the incremental parse differs from a full parse\n--- text:\n{}",
                data.text()
            );
            assert_eq!(
                data.parse_errors.len(),
                full.errors.len(),
                "the incremental parse reports other errors"
            );
        }
    }
    let last = paths[0].clone();
    let text = texts[0].clone();
    query_all(&mut host, &last, &text, text.len() / 2);
}

/// Every query of the host at one position of a file (as the editor asks them), and over the
/// whole file.
fn query_all(host: &mut care_analysis::AnalysisHost, path: &Path, text: &str, at: usize) {
    let analysis = host.analysis();
    let at = boundary(text, at);
    let diags = analysis.diagnostics(path);
    for folder in analysis.folders() {
        let _ = folder.schema();
    }
    let _ = diags.len();
    let _ = analysis.hover(path, at);
    let _ = analysis.completions(path, at);
    let _ = analysis.definition(path, at);
    let _ = analysis.references(path, at, true);
    let _ = analysis.highlights(path, at);
    if analysis.prepare_rename(path, at).is_ok() {
        let _ = analysis.rename(path, at, "renomme");
    }
    let _ = analysis.document_symbols(path);
    let _ = analysis.workspace_symbols("a", 50);
    let _ = analysis.semantic_tokens(path);
    let _ = analysis.folding_ranges(path);
    let _ = analysis.inlay_hints(path, 0, text.len());
    let end = boundary(text, at + 16);
    let _ = analysis.code_actions(path, care_syntax::Span::new(at, end));
    if let Some(formatted) = analysis.format(path) {
        let again = care_fmt::format(&formatted);
        assert!(
            again.is_ok(),
            "the host formatted to a text that does not format"
        );
    }
}
