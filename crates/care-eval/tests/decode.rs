#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use care_eval::{
    decode_auto, decode_json, jsonl_records, peek_root_field, render, DataIssue, Decoded, Decoder,
    Format, IssueKind, Location, Value,
};
use common::*;
use rust_decimal::Decimal;

fn essms() -> Decoder {
    Decoder::new(&essms_schema()).unwrap()
}

fn all() -> Decoder {
    Decoder::new(&all_types_schema()).unwrap()
}

fn ok_json(dec: &Decoder, json: &str) -> Decoded {
    match dec.decode_json(json.as_bytes()) {
        Ok(d) => d,
        Err(e) => panic!("unexpected errors:\n{e}"),
    }
}

fn ok_yaml(dec: &Decoder, yaml: &str) -> Decoded {
    match dec.decode_yaml(yaml.as_bytes()) {
        Ok(d) => d,
        Err(e) => panic!("unexpected errors:\n{e}"),
    }
}

fn json_errors(dec: &Decoder, json: &str) -> Vec<DataIssue> {
    match dec.decode_json(json.as_bytes()) {
        Ok(_) => panic!("expected errors"),
        Err(e) => {
            said_by_the_catalog(&e.errors);
            said_by_the_catalog(&e.warnings);
            e.errors
        }
    }
}

/// Each problem that a test meets has its catalog entry: the English entry says the message word
/// for word, the French one says it otherwise.
fn said_by_the_catalog(issues: &[DataIssue]) {
    use care_i18n::{Catalog, Lang};
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    for issue in issues {
        assert!(!issue.key.is_empty(), "no key: {issue}");
        let args: Vec<(&str, &str)> = issue.args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        assert_eq!(
            en.data_message(issue.key, &args).as_deref(),
            Some(issue.message.as_str()),
            "{}",
            issue.key
        );
        let french = fr.data_message(issue.key, &args);
        assert!(french.is_some(), "{} in French", issue.key);
        if issue.key != "data-schema-problem" {
            assert_ne!(
                french.as_deref(),
                Some(issue.message.as_str()),
                "{}",
                issue.key
            );
        }
    }
}

fn yaml_errors(dec: &Decoder, yaml: &str) -> Vec<DataIssue> {
    match dec.decode_yaml(yaml.as_bytes()) {
        Ok(_) => panic!("expected errors"),
        Err(e) => {
            said_by_the_catalog(&e.errors);
            said_by_the_catalog(&e.warnings);
            e.errors
        }
    }
}

fn shown(issues: &[DataIssue]) -> Vec<String> {
    issues.iter().map(ToString::to_string).collect()
}

/// The ESSMS example with one text replacement (which must apply).
fn essms_with(from: &str, to: &str) -> String {
    assert!(ESSMS_DOSSIER.contains(from), "{from}");
    ESSMS_DOSSIER.replacen(from, to, 1)
}

/// The all-types example with one replacement.
fn all_with(from: &str, to: &str) -> String {
    assert!(ALL_TYPES_JSON.contains(from), "{from}");
    ALL_TYPES_JSON.replacen(from, to, 1)
}

fn num(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn one_error(dec: &Decoder, json: &str) -> (IssueKind, String) {
    let errors = json_errors(dec, json);
    assert_eq!(errors.len(), 1, "{:?}", shown(&errors));
    (errors[0].kind, without_location(&errors[0]))
}

/// `` `path`: message ``, without the position.
fn without_location(issue: &DataIssue) -> String {
    DataIssue {
        location: None,
        ..issue.clone()
    }
    .to_string()
}

// ---- the examples of the data contract ----

#[test]
fn contract_essms_examples_decode() {
    let dec = essms();
    let dir = essms_examples_dir();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.ends_with(".json") && !name.ends_with(".expected.json")
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let decoded = match dec.decode_json(&bytes) {
            Ok(d) => d,
            Err(e) => panic!("{}:\n{e}", path.display()),
        };
        assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
        let root = decoded.value.as_record().unwrap();
        assert_eq!(root.len(), 10);
        // `parcours` is a track: its index in the keys [1, 2, 3].
        let parcours = root[2].as_track().unwrap();
        let orientation = root[7].field(0).and_then(Value::as_track).unwrap();
        assert_eq!(parcours, orientation, "{}", path.display());
        let entities = root[5].as_list().unwrap();
        assert!(!entities.is_empty());
        for e in entities {
            let sites = e.field(7).and_then(Value::as_list).unwrap();
            assert!(!sites.is_empty());
        }
        // Also through the file-name dispatch, and as YAML (JSON is YAML).
        assert!(decode_auto(&path, &bytes, &essms_schema()).is_ok());
        let yaml = dec.decode_yaml(&bytes).unwrap();
        assert_eq!(yaml.value, decoded.value, "{}", path.display());
    }
}

#[test]
fn seven_sites_values() {
    let d = ok_json(&essms(), ESSMS_DOSSIER);
    let root = d.value.as_record().unwrap();
    assert_eq!(root[0].as_text(), Some("ESSMS-POC-p3-group-seven-sites"));
    assert_eq!(
        root[1].as_instant().unwrap().to_string(),
        "2026-05-20T08:15:00Z"
    );
    assert_eq!(root[2], Value::Track(2));
    assert_eq!(root[3], Value::Enum(0));
    let e0 = &root[5].as_list().unwrap()[0];
    let de_minimis = e0.field(6).and_then(Value::as_list).unwrap();
    assert_eq!(de_minimis[0].field(1), Some(&Value::Money(num("25000.00"))));
    let e1 = &root[5].as_list().unwrap()[1];
    let sites = e1.field(7).and_then(Value::as_list).unwrap();
    assert_eq!(sites[2].field(2), Some(&Value::Enum(1)));
    assert_eq!(root[8].as_list().unwrap()[2].as_text(), Some("POC.P3.O4.H"));
}

// ---- one error of each kind ----

#[test]
fn missing_required_field() {
    let json = essms_with(r#""porteur": "690000001","#, "");
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::Missing,
            "`porteur`: missing required field, expected text (a string)".to_owned()
        )
    );
    let json = essms_with(r#""name": "Site 690000102", "#, "");
    assert_eq!(
        one_error(&essms(), &json).1,
        "`legal_entities[0].sites[1].name`: missing required field, expected text (a string)"
    );
}

#[test]
fn wrong_type() {
    let json = essms_with(r#""casf_l312_1": true"#, r#""casf_l312_1": "yes""#);
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::WrongType,
            "`legal_entities[0].casf_l312_1`: expected bool (`true` or `false`), found `\"yes\"`"
                .to_owned()
        )
    );
    let json = essms_with(r#""wave": 1"#, r#""wave": 1.5"#);
    assert_eq!(
        one_error(&essms(), &json).1,
        "`legal_entities[0].dui.wave`: expected int (an integer), found `1.5`"
    );
    let json = essms_with(r#""sites": ["#, r#""sites": {}, "x": ["#);
    let errors = json_errors(&essms(), &json);
    assert_eq!(
        shown(&errors),
        ["`legal_entities[0].sites`: expected list of EntiteGeographique (an array), found an object (line 16, column 16)"]
    );
    let json = essms_with(
        r#""id": "ESSMS-POC-p3-group-seven-sites""#,
        r#""id": ["x"]"#,
    );
    assert_eq!(
        one_error(&essms(), &json).1,
        "`id`: expected text (a string), found an array"
    );
    let json = essms_with(r#""wave": 1"#, r#""wave": 99999999999999999999"#);
    assert_eq!(
        one_error(&essms(), &json).1,
        "`legal_entities[0].dui.wave`: expected int (an integer), found `1e20`"
    );
    let json = essms_with(r#""wave": 1"#, r#""wave": -9223372036854775808"#);
    assert!(essms().decode_json(json.as_bytes()).is_ok());
}

#[test]
fn unknown_enum_value() {
    let json = essms_with(
        r#""name": "Site 690000201", "activity": "medico_social""#,
        r#""name": "Site 690000201", "activity": "clinic""#,
    );
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::InvalidValue,
            "`legal_entities[1].sites[0].activity`: expected one of `medico_social`, `sanitaire`, found `\"clinic\"`"
                .to_owned()
        )
    );
    // Enum names are case-sensitive, and a number is not a variant.
    let json = essms_with(r#""grouping": "og""#, r#""grouping": "OG""#);
    assert_eq!(
        one_error(&essms(), &json).1,
        "`grouping`: expected one of `og`, `grappe`, `gcsms`, `gtsms`, `convention`, `mono_ej`, found `\"OG\"`"
    );
    let json = essms_with(r#""grouping": "og""#, r#""grouping": 0"#);
    assert_eq!(one_error(&essms(), &json).0, IssueKind::WrongType);
}

#[test]
fn malformed_date_instant_decimal() {
    let json = essms_with(
        r#""validated_on": "2026-05-12""#,
        r#""validated_on": "12/05/2026""#,
    );
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::InvalidValue,
            "`region_orientation.validated_on`: expected date (a string `YYYY-MM-DD`), found `\"12/05/2026\"`"
                .to_owned()
        )
    );
    let json = essms_with(
        r#""validated_on": "2026-05-12""#,
        r#""validated_on": "2026-02-30""#,
    );
    assert_eq!(one_error(&essms(), &json).0, IssueKind::InvalidValue);
    let json = essms_with(
        r#""submitted_at": "2026-05-20T10:15:00+02:00""#,
        r#""submitted_at": "2026-05-20T10:15:00""#,
    );
    assert_eq!(
        one_error(&essms(), &json).1,
        "`submitted_at`: expected instant (an RFC 3339 string with an offset such as `\"2026-05-20T10:15:00+02:00\"`), found `\"2026-05-20T10:15:00\"`"
    );
    for bad in ["1e3", "12,5", "", " 1", "+1", "1.", "abc"] {
        let json = all_with(r#""d": "3.140""#, &format!(r#""d": "{bad}""#));
        assert_eq!(
            one_error(&all(), &json),
            (
                IssueKind::InvalidValue,
                format!("`d`: expected decimal (a string such as `\"0.66\"`), found `\"{bad}\"`")
            ),
        );
    }
}

#[test]
fn money_rules() {
    let json = essms_with(r#""amount": "25000.00""#, r#""amount": "25000.001""#);
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::InvalidValue,
            "`legal_entities[0].de_minimis[0].amount`: money has at most two decimals, found `\"25000.001\"`"
                .to_owned()
        )
    );
    // Three decimals even when the last is zero.
    let json = essms_with(r#""amount": "25000.00""#, r#""amount": "25000.000""#);
    assert_eq!(one_error(&essms(), &json).0, IssueKind::InvalidValue);
    // A JSON number is a type error, naming the path.
    let json = essms_with(r#""amount": "25000.00""#, r#""amount": 25000.5"#);
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::WrongType,
            "`legal_entities[0].de_minimis[0].amount`: expected money (a string with at most two decimals such as `\"12000.00\"`), at least 0.00, found `25000.5`"
                .to_owned()
        )
    );
    let json = essms_with(r#""amount": "25000.00""#, r#""amount": 25000"#);
    assert_eq!(one_error(&essms(), &json).0, IssueKind::WrongType);
    // Fewer decimals are fine; the scale is kept.
    for (given, shown) in [("25000", "25000"), ("0.00", "0.00")] {
        let json = essms_with(
            r#""amount": "25000.00""#,
            &format!(r#""amount": "{given}""#),
        );
        let d = ok_json(&essms(), &json);
        let amount = d.value.as_record().unwrap()[5].as_list().unwrap()[0]
            .field(6)
            .and_then(Value::as_list)
            .unwrap()[0]
            .field(1)
            .and_then(Value::as_decimal)
            .unwrap();
        assert_eq!(amount.to_string(), shown);
    }
    // The policy declares no minimum, so its money is never negative.
    let json = essms_with(r#""amount": "25000.00""#, r#""amount": "-3.5""#);
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::InvalidValue,
            "`legal_entities[0].de_minimis[0].amount`: money cannot be negative (the policy declares no lower bound for it), found `\"-3.5\"`"
                .to_owned()
        )
    );
    // A money field without bounds (only a hand-built schema has one) reads a negative amount,
    // its scale kept.
    let json = all_with(r#""m": "12000.00""#, r#""m": "-3.5""#);
    let d = ok_json(&all(), &json);
    assert_eq!(d.value.field(4), Some(&Value::Money(num("-3.5"))));
    assert_eq!(
        d.value
            .field(4)
            .and_then(Value::as_decimal)
            .unwrap()
            .to_string(),
        "-3.5"
    );
}

#[test]
fn share_range() {
    for good in ["0", "1", "0.66", "1.000", "0.0"] {
        let json = all_with(r#""s": "0.66""#, &format!(r#""s": "{good}""#));
        ok_json(&all(), &json);
    }
    for bad in ["1.01", "-0.1", "2"] {
        let json = all_with(r#""s": "0.66""#, &format!(r#""s": "{bad}""#));
        assert_eq!(
            one_error(&all(), &json),
            (
                IssueKind::InvalidValue,
                format!("`s`: share must be from 0 to 1, found `\"{bad}\"`")
            )
        );
    }
    let json = all_with(r#""s": "0.66""#, r#""s": 0.66"#);
    assert_eq!(one_error(&all(), &json).0, IssueKind::WrongType);
}

#[test]
fn track_key_not_declared() {
    let json = essms_with(r#""parcours": 3,"#, r#""parcours": 4,"#);
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::InvalidValue,
            "`parcours`: expected one of `1`, `2`, `3`, found `4`".to_owned()
        )
    );
    let json = essms_with(r#""parcours": 3,"#, r#""parcours": "3","#);
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::WrongType,
            "`parcours`: expected one of `1`, `2`, `3`, found `\"3\"`".to_owned()
        )
    );
    let d = ok_json(
        &essms(),
        &essms_with(r#""parcours": 3,"#, r#""parcours": 1,"#),
    );
    assert_eq!(d.value.field(2), Some(&Value::Track(0)));
}

#[test]
fn null_and_absent() {
    let dec = all();
    // An optional field: null and absent are the same.
    let given = ok_json(&dec, ALL_TYPES_JSON);
    let absent = ok_json(&dec, &all_with(r#""maybe_text": null,"#, ""));
    assert_eq!(given.value.field(15), Some(&Value::Absent));
    assert_eq!(given.value, absent.value);
    // maybe_inner is absent in the example.
    assert_eq!(given.value.field(16), Some(&Value::Absent));
    let inners = given.value.field(13).and_then(Value::as_list).unwrap();
    assert_eq!(inners[0].field(1), Some(&Value::Absent));
    assert_eq!(inners[1].field(1), Some(&Value::Absent));
    // A required field given null is an error, naming what is expected.
    let json = all_with(r#""t": "010000001""#, r#""t": null"#);
    assert_eq!(
        one_error(&dec, &json),
        (
            IssueKind::WrongType,
            "`t`: expected text (a string), found `null`".to_owned()
        )
    );
    // A list element cannot be null.
    let json = all_with(r#""ints": [1, 2, 3]"#, r#""ints": [1, null]"#);
    assert_eq!(
        one_error(&dec, &json).1,
        "`ints[1]`: expected int (an integer), found `null`"
    );
}

#[test]
fn default_values() {
    let dec = all();
    let mut json = ALL_TYPES_JSON.to_owned();
    for field in [
        r#""flag": true, "#,
        r#""fee": "1.50", "#,
        r#""rate": "1", "#,
        r#""shade": "red", "#,
        r#""delay": "2 weeks","#,
        r#""track_d": 10, "#,
    ] {
        json = json.replacen(field, "", 1);
    }
    json = json.replacen(r#""note": "hello""#, r#""note": null"#, 1);
    let d = ok_json(&dec, &json);
    let r = d.value.as_record().unwrap();
    assert_eq!(r[18], Value::Bool(false));
    assert_eq!(r[19], Value::Money(num("9400.00")));
    assert_eq!(r[20], Value::Decimal(num("0.8")));
    assert_eq!(r[21], Value::Enum(2));
    assert_eq!(
        r[22].to_owned(),
        Value::Duration(care_eval::Duration::new(
            60,
            care_syntax::ast::DurationUnit::Days
        ))
    );
    assert_eq!(r[23], Value::Track(1));
    assert_eq!(r[24], Value::text("none"));
    // A null takes the default too; a given value wins.
    let d = ok_json(&dec, &all_with(r#""flag": true"#, r#""flag": null"#));
    assert_eq!(d.value.field(18), Some(&Value::Bool(false)));
    let d = ok_json(&dec, ALL_TYPES_JSON);
    assert_eq!(d.value.field(18), Some(&Value::Bool(true)));
    assert_eq!(d.value.field(23), Some(&Value::Track(0)));
}

#[test]
fn unknown_fields_are_warnings() {
    let json = essms_with(
        r#""signed": true,"#,
        r#""signed": true, "signed_on": "2026-05-01", "scan": {"pages": [1, 2]},"#,
    );
    let d = ok_json(&essms(), &json);
    let warnings: Vec<_> = d.warnings.iter().map(|w| (w.kind, w.to_string())).collect();
    assert_eq!(
        warnings,
        [
            (
                IssueKind::UnknownField,
                "`direction_commitment.signed_on`: unknown field `signed_on` is ignored".to_owned()
            ),
            (
                IssueKind::UnknownField,
                "`direction_commitment.scan`: unknown field `scan` is ignored".to_owned()
            ),
        ]
    );
    // Odd keys are quoted in paths; warnings come back with errors too.
    let json = essms_with(r#""porteur": "690000001","#, r#""porteur": 1, "a b": 1,"#);
    let e = essms().decode_json(json.as_bytes()).unwrap_err();
    assert_eq!(
        shown(&e.warnings),
        ["`[\"a b\"]`: unknown field `a b` is ignored"]
    );
    assert_eq!(e.errors.len(), 1);
}

#[test]
fn duplicate_field() {
    let json = essms_with(
        r#""porteur": "690000001","#,
        r#""porteur": "1", "porteur": "2","#,
    );
    assert_eq!(
        one_error(&essms(), &json),
        (
            IssueKind::Duplicate,
            "`porteur`: field `porteur` is given twice".to_owned()
        )
    );
}

#[test]
fn root_must_be_an_object() {
    assert_eq!(
        shown(&json_errors(&essms(), "[1, 2]")),
        ["expected Candidature (an object), found an array (line 1, column 1)"]
    );
    assert_eq!(
        shown(&json_errors(&essms(), "null")),
        ["expected Candidature (an object), found `null` (line 1, column 1)"]
    );
}

#[test]
fn all_errors_at_once() {
    let json = ESSMS_DOSSIER
        .replacen(r#""parcours": 3,"#, r#""parcours": 7,"#, 1)
        .replacen(r#""porteur": "690000001","#, "", 1)
        .replacen(r#""wave": 1"#, r#""wave": "1""#, 1)
        .replacen(r#""amount": "25000.00""#, r#""amount": 25000"#, 1)
        .replacen(r#""activity": "sanitaire""#, r#""activity": "clinic""#, 1)
        .replacen(
            r#""validated_on": "2026-05-12""#,
            r#""validated_on": "2026-13-01""#,
            1,
        )
        .replacen(r#""signed": true,"#, r#""signed": true, "extra": 1,"#, 1)
        .replacen(
            r#""already_achieved": []"#,
            r#""already_achieved": [1, "X", null]"#,
            1,
        );
    let e = essms().decode_json(json.as_bytes()).unwrap_err();
    let paths: Vec<_> = e.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "parcours",
            "legal_entities[0].dui.wave",
            "legal_entities[0].de_minimis[0].amount",
            "legal_entities[1].sites[2].activity",
            "region_orientation.validated_on",
            "already_achieved[0]",
            "already_achieved[2]",
            "porteur",
        ]
    );
    assert_eq!(
        shown(&e.warnings),
        ["`direction_commitment.extra`: unknown field `extra` is ignored"]
    );
    // Positions are found for JSON errors too (a missing field: its object).
    let at = |i: usize| e.errors[i].location.map(|l| (l.line, l.column));
    assert_eq!(at(0), Some((4, 15)));
    assert_eq!(at(3), Some((34, 72)));
    assert_eq!(at(7), Some((1, 1)));
    // Display: one error a line.
    assert_eq!(e.to_string().lines().count(), 8);
}

#[test]
fn too_many_errors_are_cut() {
    let items = vec!["\"x\""; 2000].join(",");
    let json = all_with(r#""ints": [1, 2, 3]"#, &format!(r#""ints": [{items}]"#));
    let errors = json_errors(&all(), &json);
    assert_eq!(errors.len(), care_eval::MAX_ISSUES + 1);
    assert_eq!(errors.last().unwrap().message, "1000 more errors not shown");
    assert_eq!(errors.last().unwrap().kind, IssueKind::TooMany);
}

// ---- syntax ----

#[test]
fn truncated_json_has_line_and_column() {
    let cut = &ESSMS_DOSSIER[..ESSMS_DOSSIER.find("\"direction_commitment\"").unwrap()];
    let errors = json_errors(&essms(), cut);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, IssueKind::Syntax);
    assert_eq!(errors[0].path, "");
    let lines = cut.lines().count();
    assert_eq!(
        errors[0].location,
        Some(Location {
            line: lines,
            column: 2
        })
    );
    assert_eq!(
        errors[0].to_string(),
        format!("invalid json: end of file while parsing a value (line {lines}, column 2)")
    );
    let errors = json_errors(&essms(), "{\n  \"id\": \"x\",\n  \"parcours\": 1 2\n}");
    assert_eq!(
        shown(&errors),
        ["invalid json: expected `,` or `}` (line 3, column 17)"]
    );
    let errors = json_errors(&essms(), "");
    assert_eq!(errors[0].kind, IssueKind::Syntax);
    let errors = json_errors(&essms(), "{} {}");
    assert_eq!(
        shown(&errors),
        ["invalid json: trailing characters (line 1, column 4)"]
    );
}

#[test]
fn syntax_error_hides_type_errors() {
    let errors = json_errors(&essms(), r#"{"parcours": 9, "porteur": 1, "#);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, IssueKind::Syntax);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let json = all_with(r#""ints": [1, 2, 3]"#, &format!(r#""ints": {deep}"#));
    assert_eq!(
        shown(&json_errors(&all(), &json)),
        ["`ints[0]`: expected int (an integer), found an array"]
    );
    // A recursive record: the depth is bounded by the parser, not by the stack.
    let schema = care_check::model::InputSchema {
        records: vec![record("Tree", vec![field("children", list(rec(0)))])],
        root: rec(0),
        ..Default::default()
    };
    let dec = Decoder::new(&schema).unwrap();
    let deep = format!(
        "{}{}",
        r#"{"children": ["#.repeat(50_000),
        "]}".repeat(50_000)
    );
    let errors = json_errors(&dec, &deep);
    assert_eq!(errors[0].kind, IssueKind::Syntax);
    assert!(
        errors[0].message.contains("recursion limit"),
        "{}",
        errors[0]
    );
    assert_eq!(yaml_errors(&dec, &deep)[0].kind, IssueKind::Syntax);
    let ok = format!("{}{}", r#"{"children": ["#.repeat(60), "]}".repeat(60));
    assert!(dec.decode_json(ok.as_bytes()).is_ok());
    assert!(dec.decode_yaml(ok.as_bytes()).is_ok());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let yaml = format!("ints: {deep}");
    assert_eq!(yaml_errors(&all(), &yaml)[0].kind, IssueKind::Syntax);
}

#[test]
fn json_invalid_utf8() {
    let e = essms()
        .decode_json(b"{\"id\": \"a\",\n \"porteur\": \"b\xff\"}")
        .unwrap_err();
    assert_eq!(shown(&e.errors), ["invalid utf-8 (line 2, column 15)"]);
}

#[test]
fn many_fields() {
    // More than 16 fields (looked up by hash) and more than 64 (seen-set on the heap).
    let names: Vec<String> = (0..70).map(|i| format!("f{i}")).collect();
    let schema = care_check::model::InputSchema {
        records: vec![record(
            "Wide",
            names
                .iter()
                .map(|n| field(n, care_check::types::Type::Int))
                .collect(),
        )],
        root: rec(0),
        ..Default::default()
    };
    let dec = Decoder::new(&schema).unwrap();
    // Reverse order (no hint hits), one missing, one duplicated.
    let fields: Vec<String> = (0..70)
        .rev()
        .filter(|i| *i != 65)
        .map(|i| format!("\"f{i}\": {i}"))
        .collect();
    let json = format!("{{{}, \"f3\": 0}}", fields.join(", "));
    let e = dec.decode_json(json.as_bytes()).unwrap_err();
    assert_eq!(
        e.errors.iter().map(without_location).collect::<Vec<_>>(),
        [
            "`f3`: field `f3` is given twice",
            "`f65`: missing required field, expected int (an integer)"
        ]
    );
    let json = json.replace(", \"f3\": 0}", ", \"f65\": 65}");
    let d = ok_json(&dec, &json);
    let values = d.value.as_record().unwrap();
    assert!(values
        .iter()
        .enumerate()
        .all(|(i, v)| *v == Value::Int(i as i64)));
}

/// Records of up to 64 fields without defaults look only at the fields not given (a bit
/// each): every missing required field is reported, in the fields' order, the first, the last
/// (bit 63 of a record of 64) and those between; optional ones are not.
#[test]
fn missing_fields_of_records_of_up_to_64_fields() {
    use care_check::types::Type;
    for n in [1usize, 2, 63, 64, 65] {
        let fields = (0..n)
            .map(|i| {
                let name = format!("f{i}");
                if i % 5 == 4 {
                    field(&name, opt(Type::Int))
                } else {
                    field(&name, Type::Int)
                }
            })
            .collect();
        let schema = care_check::model::InputSchema {
            records: vec![record("Large", fields)],
            root: rec(0),
            ..Default::default()
        };
        let dec = Decoder::new(&schema).unwrap();
        let absent = |i: &usize| *i == 0 || *i + 1 == n || i % 7 == 3 || i % 5 == 4;
        let given: Vec<String> = (0..n)
            .filter(|i| !absent(i))
            .map(|i| format!("\"f{i}\": {i}"))
            .collect();
        let json = format!("{{{}}}", given.join(", "));
        let expected: Vec<String> = (0..n)
            .filter(|i| absent(i) && i % 5 != 4)
            .map(|i| format!("`f{i}`: missing required field, expected int (an integer)"))
            .collect();
        let e = dec.decode_json(json.as_bytes()).unwrap_err();
        assert_eq!(
            e.errors.iter().map(without_location).collect::<Vec<_>>(),
            expected,
            "{n} fields"
        );
        let all: Vec<String> = (0..n).map(|i| format!("\"f{i}\": {i}")).collect();
        ok_json(&dec, &format!("{{{}}}", all.join(", ")));
    }
}

#[test]
fn decoder_is_shareable() {
    fn check<T: Send + Sync>() {}
    check::<Decoder>();
    check::<Value>();
}

#[test]
fn bom_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(ESSMS_DOSSIER.as_bytes());
    assert!(essms().decode_json(&bytes).is_ok());
    assert!(essms().decode_yaml(&bytes).is_ok());
}

// ---- every type ----

#[test]
fn all_types_decode() {
    let d = ok_json(&all(), ALL_TYPES_JSON);
    assert!(d.warnings.is_empty());
    let r = d.value.as_record().unwrap();
    assert_eq!(r[0], Value::Bool(true));
    assert_eq!(r[1], Value::Int(-42));
    assert_eq!(r[2].as_decimal().unwrap().to_string(), "3.140");
    assert_eq!(r[3], Value::Decimal(num("0.66")));
    assert_eq!(r[4], Value::Money(num("12000")));
    assert_eq!(r[5].as_date().unwrap().to_string(), "2026-06-04");
    assert_eq!(
        r[6].as_instant().unwrap().to_string(),
        "2026-06-04T14:00:00Z"
    );
    assert_eq!(
        r[7],
        Value::Duration(care_eval::Duration::new(
            3,
            care_syntax::ast::DurationUnit::Years
        ))
    );
    assert_eq!(r[8], Value::text("010000001"));
    assert_eq!(r[9], Value::text("POC.P1.O4.A"));
    assert_eq!(r[10], Value::Track(2));
    assert_eq!(r[11], Value::Enum(1));
    assert_eq!(r[12], Value::record(vec![Value::text("a"), Value::Int(1)]));
    assert_eq!(
        r[14],
        Value::list(vec![Value::Int(1), Value::Int(2), Value::Int(3)])
    );
    assert_eq!(
        r[17],
        Value::record(vec![
            Value::Int(5),
            Value::Date(jiff::civil::date(2026, 1, 1))
        ])
    );
    // Struct fields are checked like record fields.
    let json = all_with(
        r#""pair": { "x": 5, "y": "2026-01-01" }"#,
        r#""pair": { "y": 1 }"#,
    );
    let errors = json_errors(&all(), &json);
    assert_eq!(
        shown(&errors),
        [
            "`pair.y`: expected date (a string `YYYY-MM-DD`), found `1` (line 9, column 18)",
            "`pair.x`: missing required field, expected int (an integer) (line 9, column 11)",
        ]
    );
}

#[test]
fn strings_with_escapes() {
    let d = ok_json(
        &all(),
        &all_with(r#""t": "010000001""#, r#""t": "a\"b\u00e9\n""#),
    );
    assert_eq!(d.value.field(8), Some(&Value::text("a\"bé\n")));
    let d = ok_json(
        &all(),
        &all_with(r#""color": "green""#, r#""color": "gr\u0065en""#),
    );
    assert_eq!(d.value.field(11), Some(&Value::Enum(1)));
    let d = ok_json(&all(), &all_with(r#""b": true"#, r#""\u0062": true"#));
    assert_eq!(d.value.field(0), Some(&Value::Bool(true)));
}

// ---- YAML ----

const ESSMS_YAML: &str = "\
id: ESSMS-1
submitted_at: 2026-05-20T10:15:00+02:00
parcours: 1
grouping: mono_ej
porteur: 010000001
legal_entities:
  - finess: 010000001
    name: Association Les Tilleuls
    casf_l312_1: true
    activity: medico_social
    dui: { software: DUI Exemple, version: 5.20, segur_referenced: true, wave: 1, shared: false }
    opssims:
      done: true
      version: 2026-01-26
    de_minimis:
      - granted_on: 2024-09-01
        amount: 12000.00
        authority: Conseil régional
    sites:
      - finess: 010000011
        name: EHPAD
        activity: medico_social
direction_commitment:
  signed: true
  by_legal_representative: true
  covers: [010000001]
region_orientation: { parcours: 1, validated_on: 2026-05-12 }
a_la_carte:
  - POC.P1.O4.A
already_achieved: []
";

#[test]
fn yaml_scalars_are_typed_from_the_schema() {
    let d = ok_yaml(&essms(), ESSMS_YAML);
    assert!(d.warnings.is_empty());
    let root = d.value.as_record().unwrap();
    // Leading zeros kept: FINESS are texts.
    assert_eq!(root[4], Value::text("010000001"));
    let e0 = &root[5].as_list().unwrap()[0];
    assert_eq!(e0.field(0), Some(&Value::text("010000001")));
    // `5.20` stays the text "5.20", not the float 5.2.
    assert_eq!(
        e0.field(4).and_then(|d| d.field(1)),
        Some(&Value::text("5.20"))
    );
    // Money keeps its scale.
    let amount = e0.field(6).and_then(Value::as_list).unwrap()[0]
        .field(1)
        .and_then(Value::as_decimal)
        .unwrap();
    assert_eq!(amount.to_string(), "12000.00");
    assert_eq!(amount.scale(), 2);
    assert_eq!(
        root[6].field(2),
        Some(&Value::list(vec![Value::text("010000001")]))
    );
    assert_eq!(root[2], Value::Track(0));
}

#[test]
fn yaml_same_value_as_json() {
    let json = ok_json(&all(), ALL_TYPES_JSON);
    let yaml = ok_yaml(
        &all(),
        "\
b: true
i: -42
d: 3.140
s: '0.66'
m: \"12000.00\"
day: 2026-06-04
at: 2026-06-04T16:00:00+02:00
du: 3 years
t: 010000001
c: POC.P1.O4.A
tr: 30
color: green
inner: {name: a, n: 1}
inners:
  - name: b
  - name: c
    n: ~
ints: [1, 2, 3]
maybe_text:
pair: {x: 5, y: 2026-01-01}
flag: true
fee: 1.50
rate: 1
shade: red
delay: 2 weeks
track_d: 10
note: hello
",
    );
    assert_eq!(json.value, yaml.value);
}

#[test]
fn yaml_errors_have_paths_and_positions() {
    let yaml = ESSMS_YAML
        .replacen("parcours: 1\n", "parcours: '1'\n", 1)
        .replacen("casf_l312_1: true", "casf_l312_1: yes", 1)
        .replacen("amount: 12000.00", "amount: 12000.001", 1)
        .replacen(
            "activity: medico_social\ndirection",
            "activity: clinic\ndirection",
            1,
        )
        .replacen("        name: EHPAD\n", "", 1)
        .replacen(
            "signed: true\n",
            "signed: true\n  signed_on: 2026-05-01\n",
            1,
        );
    let e = essms().decode_yaml(yaml.as_bytes()).unwrap_err();
    assert_eq!(
        shown(&e.errors),
        [
            "`parcours`: expected one of `1`, `2`, `3`, found `\"1\"` (line 3, column 11)",
            "`legal_entities[0].casf_l312_1`: expected bool (`true` or `false`), found `yes` (line 9, column 18)",
            "`legal_entities[0].de_minimis[0].amount`: money has at most two decimals, found `12000.001` (line 17, column 17)",
            "`legal_entities[0].sites[0].activity`: expected one of `medico_social`, `sanitaire`, found `clinic` (line 21, column 19)",
            "`legal_entities[0].sites[0].name`: missing required field, expected text (a string) (line 20, column 9)",
        ]
    );
    assert_eq!(
        shown(&e.warnings),
        ["`direction_commitment.signed_on`: unknown field `signed_on` is ignored (line 24, column 3)"]
    );
}

#[test]
fn yaml_malformed_has_line_and_column() {
    let yaml = "id: x\nparcours: [1, 2\nporteur: y\n";
    let errors = yaml_errors(&essms(), yaml);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, IssueKind::Syntax);
    let loc = errors[0].location.unwrap();
    assert!(loc.line >= 2, "{loc:?}");
    assert!(
        errors[0].message.starts_with("invalid yaml: "),
        "{}",
        errors[0]
    );
    let errors = yaml_errors(&essms(), "id: x\n  bad: indentation\n");
    assert_eq!(errors[0].kind, IssueKind::Syntax);
    assert_eq!(errors[0].location.map(|l| l.line), Some(2));
    let errors = yaml_errors(&essms(), "id: \"unterminated\n");
    assert_eq!(errors[0].kind, IssueKind::Syntax);
    assert!(errors[0].location.is_some());
}

#[test]
fn yaml_one_document() {
    let errors = yaml_errors(&essms(), "id: a\n---\nid: b\n");
    assert_eq!(
        shown(&errors),
        ["expected one yaml document, found several (line 2, column 1)"]
    );
    let errors = yaml_errors(&essms(), "");
    assert_eq!(
        shown(&errors),
        ["expected Candidature (an object), found `null` (line 1, column 1)"]
    );
}

#[test]
fn yaml_scalars() {
    let dec = all();
    let base = "\
b: true\ni: 1\nd: 1\ns: 0\nm: 1\nday: 2026-01-01\nat: 2026-01-01T00:00:00Z\ndu: 1 day\nt: x\nc: y
tr: 10\ncolor: red\ninner: {name: n}\ninners: []\nints: []\npair: {x: 1}\n";
    ok_yaml(&dec, base);
    let bad = |from: &str, to: &str| {
        assert!(base.contains(from));
        let errors = yaml_errors(&dec, &base.replacen(from, to, 1));
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors[0].to_string()
    };
    assert_eq!(
        bad("b: true", "b: yes"),
        "`b`: expected bool (`true` or `false`), found `yes` (line 1, column 4)"
    );
    assert_eq!(
        bad("b: true", "b: \"true\""),
        "`b`: expected bool (`true` or `false`), found `\"true\"` (line 1, column 4)"
    );
    assert_eq!(
        bad("i: 1", "i: 1.0"),
        "`i`: expected int (an integer), found `1.0` (line 2, column 4)"
    );
    assert_eq!(
        bad("i: 1", "i: '1'"),
        "`i`: expected int (an integer), found `\"1\"` (line 2, column 4)"
    );
    assert_eq!(
        bad("t: x", "t: null"),
        "`t`: expected text (a string), found `null` (line 9, column 4)"
    );
    assert_eq!(
        bad("t: x", "t: [x]"),
        "`t`: expected text (a string), found an array (line 9, column 4)"
    );
    assert_eq!(
        bad("inner: {name: n}", "inner: {name: n, name: m}"),
        "`inner.name`: field `name` is given twice (line 13, column 18)"
    );
    // Quoted null is text, plain forms of null are null; `!!str` makes a string.
    let d = ok_yaml(&dec, &base.replacen("t: x", "t: 'null'", 1));
    assert_eq!(d.value.field(8), Some(&Value::text("null")));
    let d = ok_yaml(&dec, &base.replacen("t: x", "t: true", 1));
    assert_eq!(d.value.field(8), Some(&Value::text("true")));
    let d = ok_yaml(&dec, &base.replacen("i: 1", "i: 010", 1));
    assert_eq!(d.value.field(1), Some(&Value::Int(10)));
    let d = ok_yaml(&dec, &format!("{base}maybe_text: ~\n"));
    assert_eq!(d.value.field(15), Some(&Value::Absent));
    let d = ok_yaml(&dec, &format!("{base}maybe_text: !!str null\n"));
    assert_eq!(d.value.field(15), Some(&Value::text("null")));
    // Block scalars are texts.
    let d = ok_yaml(&dec, &base.replacen("t: x", "t: |\n  two\n  lines", 1));
    assert_eq!(d.value.field(8), Some(&Value::text("two\nlines\n")));
}

#[test]
fn yaml_anchors_and_aliases() {
    let dec = all();
    let yaml = "\
b: true\ni: 1\nd: 1\ns: 0\nm: 1\nday: 2026-01-01\nat: 2026-01-01T00:00:00Z\ndu: 1 day\nt: x\nc: y
tr: 10\ncolor: red\ninner: &a {name: n}\ninners: [*a, *a]\nints: []\npair: {x: 1}\n";
    let d = ok_yaml(&dec, yaml);
    let inner = d.value.field(12).unwrap().clone();
    assert_eq!(
        d.value.field(13),
        Some(&Value::list(vec![inner.clone(), inner]))
    );
    // Aliases cannot blow up: the expansion is bounded.
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        laughs.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    laughs.push_str("ints: *a11\n");
    let schema = {
        let mut s = all_types_schema();
        s.records[0].fields[14].ty = list(list(list(list(list(list(list(list(list(list(
            list(list(care_check::types::Type::Text)),
        ))))))))));
        s
    };
    let dec = Decoder::new(&schema).unwrap();
    let start = std::time::Instant::now();
    let errors = yaml_errors(&dec, &laughs);
    assert!(start.elapsed().as_secs() < 5);
    assert!(
        errors
            .iter()
            .any(|e| e.message == "aliases expand to too many values"),
        "{:?}",
        shown(&errors)
    );
}

#[test]
fn yaml_invalid_utf8() {
    let errors = match essms().decode_yaml(b"id: a\nporteur: b\xff\n") {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.errors,
    };
    assert_eq!(shown(&errors), ["invalid utf-8 (line 2, column 11)"]);
}

// ---- peek ----

#[test]
fn peek_root_field_json_and_yaml() {
    let bytes = ESSMS_DOSSIER.as_bytes();
    assert_eq!(
        peek_root_field(bytes, Format::Json, "submitted_at").as_deref(),
        Some("2026-05-20T10:15:00+02:00")
    );
    assert_eq!(
        peek_root_field(bytes, Format::Json, "already_achieved"),
        None
    );
    assert_eq!(peek_root_field(bytes, Format::Json, "nope"), None);
    assert_eq!(peek_root_field(bytes, Format::Json, "parcours"), None);
    // The rest of the document is not read: an error after the field does not matter.
    let broken = br#"{"a": {"submitted_at": "no"}, "submitted_at": "2026-01-01", "x": [}"#;
    assert_eq!(
        peek_root_field(broken, Format::Json, "submitted_at").as_deref(),
        Some("2026-01-01")
    );
    assert_eq!(peek_root_field(b"[1]", Format::Json, "a"), None);
    assert_eq!(peek_root_field(b"{\"a\": nul", Format::Json, "a"), None);
    let yaml = ESSMS_YAML.as_bytes();
    assert_eq!(
        peek_root_field(yaml, Format::Yaml, "submitted_at").as_deref(),
        Some("2026-05-20T10:15:00+02:00")
    );
    assert_eq!(
        peek_root_field(yaml, Format::Yaml, "porteur").as_deref(),
        Some("010000001")
    );
    assert_eq!(peek_root_field(yaml, Format::Yaml, "nope"), None);
    assert_eq!(peek_root_field(yaml, Format::Yaml, "legal_entities"), None);
    let nested = b"a: {submitted_at: no}\nb: [1, {c: 2}]\nsubmitted_at: '2026-01-01'\n";
    assert_eq!(
        peek_root_field(nested, Format::Yaml, "submitted_at").as_deref(),
        Some("2026-01-01")
    );
    assert_eq!(
        peek_root_field(b"submitted_at: ~\n", Format::Yaml, "submitted_at"),
        None
    );
    // JSON read as YAML.
    assert_eq!(
        peek_root_field(bytes, Format::Yaml, "submitted_at").as_deref(),
        Some("2026-05-20T10:15:00+02:00")
    );
}

// ---- formats ----

#[test]
fn format_detection() {
    assert_eq!(Format::from_path("a/b.json"), Some(Format::Json));
    assert_eq!(Format::from_path("b.YML"), Some(Format::Yaml));
    assert_eq!(Format::from_path("yaml"), Some(Format::Yaml));
    assert_eq!(Format::from_path(".json"), Some(Format::Json));
    assert_eq!(Format::from_path("b.txt"), None);
    assert_eq!(Format::detect("b.txt", b"  {\"a\": 1}"), Format::Json);
    assert_eq!(Format::detect("b", b"a: 1"), Format::Yaml);
    let schema = essms_schema();
    assert!(decode_auto("x.yaml", ESSMS_YAML.as_bytes(), &schema).is_ok());
    assert!(decode_auto("x", ESSMS_YAML.as_bytes(), &schema).is_ok());
    assert!(decode_json(ESSMS_DOSSIER.as_bytes(), &schema).is_ok());
    // A schema that cannot read data is reported as an error, not a panic.
    let mut bad = essms_schema();
    let care_check::types::Type::Record(root) = record_named(&bad, "Candidature") else {
        unreachable!()
    };
    bad.records[root.0 as usize].fields[0].ty = care_check::types::Type::Error;
    let e = decode_json(ESSMS_DOSSIER.as_bytes(), &bad).unwrap_err();
    assert_eq!(e.errors[0].kind, IssueKind::Schema);
    assert_eq!(
        e.errors[0].message,
        "Candidature.id: the type is unresolved"
    );
}

// ---- JSON Lines ----

#[test]
fn json_lines() {
    let one_line = ESSMS_DOSSIER.replace('\n', " ");
    let bad = one_line.replacen(r#""parcours": 3"#, r#""parcours": 5"#, 1);
    let input = format!("{one_line}\n\n{bad}\r\n{{\"id\": \n{one_line}");
    let dec = essms();
    let mut reader = jsonl_records(input.as_bytes());
    let mut results = Vec::new();
    while let Some(line) = reader.next_line() {
        let line = line.unwrap();
        results.push((
            line.number,
            line.decode(&dec).map(|_| ()).map_err(|e| shown(&e.errors)),
        ));
    }
    assert_eq!(
        results,
        [
            (1, Ok(())),
            (
                3,
                Err(vec![
                    "`parcours`: expected one of `1`, `2`, `3`, found `5` (line 3, column 106)"
                        .to_owned()
                ])
            ),
            (
                4,
                Err(vec![
                    "invalid json: end of file while parsing a value (line 4, column 7)".to_owned()
                ])
            ),
            (5, Ok(())),
        ]
    );
}

// ---- rendering ----

#[test]
fn render_all_types() {
    let schema = all_types_schema();
    let d = ok_json(&all(), ALL_TYPES_JSON);
    let out = render::render_json(&d.value, &common::rec(ALL), &schema).unwrap();
    assert_eq!(
        out,
        concat!(
            r#"{"b":true,"i":-42,"d":"3.14","s":"0.66","m":"12000.00","day":"2026-06-04","#,
            r#""at":"2026-06-04T14:00:00Z","du":"3 years","t":"010000001","c":"POC.P1.O4.A","#,
            r#""tr":30,"color":"green","inner":{"name":"a","n":1},"#,
            r#""inners":[{"name":"b","n":null},{"name":"c","n":null}],"ints":[1,2,3],"#,
            r#""maybe_text":null,"maybe_inner":null,"pair":{"x":5,"y":"2026-01-01"},"#,
            r#""flag":true,"fee":"1.50","rate":"1","shade":"red","delay":"2 weeks","#,
            r#""track_d":10,"note":"hello"}"#
        )
    );
    // The rendering reads back as the same value.
    let back = ok_json(&all(), &out);
    assert_eq!(back.value, d.value);
    let v = render::to_json_value(&d.value, &common::rec(ALL), &schema).unwrap();
    assert_eq!(v["m"], "12000.00");
}

#[test]
fn render_contract_examples() {
    use care_check::types::Type;
    let schema = essms_schema();
    let activity = enum_named(&schema, "ActiviteEJ");
    let r = |v: Value, t: Type| render::render_json(&v, &t, &schema).unwrap();
    assert_eq!(r(Value::Money(num("54520")), Type::Money), r#""54520.00""#);
    assert_eq!(r(Value::Money(num("9400.0")), Type::Money), r#""9400.00""#);
    assert_eq!(r(Value::Decimal(num("0.100")), Type::Decimal), r#""0.1""#);
    assert_eq!(r(Value::Decimal(num("0.125")), Type::Decimal), r#""0.125""#);
    assert_eq!(r(Value::Decimal(num("1.00")), Type::Share), r#""1""#);
    assert_eq!(r(Value::Bool(false), Type::Bool), "false");
    assert_eq!(r(Value::Int(7), Type::Int), "7");
    assert_eq!(r(Value::Enum(2), activity.clone()), r#""sanitaire""#);
    assert_eq!(r(Value::Track(2), Type::Track), "3");
    assert_eq!(r(Value::Absent, opt(Type::Int)), "null");
    let pairs = Type::Struct(
        vec![
            ("eligible".to_owned(), Type::Bool),
            ("grant".to_owned(), Type::Money),
        ]
        .into(),
    );
    assert_eq!(
        r(
            Value::record(vec![Value::Bool(true), Value::Money(num("9400"))]),
            pairs.clone()
        ),
        r#"{"eligible":true,"grant":"9400.00"}"#
    );
    // A value that does not fit its type is an error, not a panic.
    assert!(render::render_json(&Value::Int(1), &Type::Text, &schema).is_err());
    assert!(render::render_json(&Value::Enum(9), &activity, &schema).is_err());
    assert!(render::render_json(&Value::record(vec![]), &pairs, &schema).is_err());
}
