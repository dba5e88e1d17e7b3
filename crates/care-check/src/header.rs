//! The policy header: id, version dates, time zone, reference input.

use crate::ctx::Ctx;
use crate::ir;
use crate::types::Type;
use jiff::civil::Date;

pub struct HeaderInfo {
    pub id: String,
    pub title: String,
    pub version: Date,
    pub amends: Option<Date>,
    pub in_force_from: Date,
    pub in_force_until: Option<Date>,
    pub timezone: String,
    pub notes: Vec<String>,
}

pub fn check_header(cx: &mut Ctx) -> Option<HeaderInfo> {
    let decls = cx.decls;
    let h = &decls.header;
    let file = h.file;
    let id = h.id.as_ref()?.node.clone();
    let Some(version) = h.version.as_ref() else {
        cx.error(
            "E0306",
            format!("policy `{id}` has no version"),
            file,
            h.span,
            "no `version` in this header",
        )
        .keyed("E0306-no-version", &[("id", &id.to_string())]);
        cx.help(
            "E0306-no-version-help",
            &[],
            "give the date the version comes into force: `version 2026-03-31`",
        );
        return None;
    };
    if let Some(amends) = &h.amends {
        if amends.node >= version.node {
            cx.error(
                "E0312",
                format!(
                    "version `{}` amends a version that is not earlier (`{}`)",
                    version.node, amends.node
                ),
                file,
                amends.span,
                "not an earlier version",
            )
            .keyed(
                "E0312-not-earlier",
                &[
                    ("version", &version.node.to_string()),
                    ("amends", &amends.node.to_string()),
                ],
            );
            cx.help(
                "E0312-not-earlier-help",
                &[],
                "a version amends the version in force before it",
            );
        }
    }
    let (from, until) = match &h.in_force {
        Some((from, until)) => {
            if let Some(u) = until {
                if u.node < from.node {
                    cx.error(
                        "E0304",
                        format!(
                            "the period in force ends (`{}`) before it starts (`{}`)",
                            u.node, from.node
                        ),
                        file,
                        u.span,
                        "ends before it starts",
                    )
                    .keyed(
                        "E0304-in-force",
                        &[
                            ("until", &u.node.to_string()),
                            ("from", &from.node.to_string()),
                        ],
                    );
                    cx.also(file, from.span, "starts here");
                    cx.help("E0304-in-force-help", &[], "swap the two dates, or remove `until` to stay in force until the next version");
                }
            }
            (from.node, until.as_ref().map(|u| u.node))
        }
        None => (version.node, None),
    };
    let timezone = match &h.timezone {
        Some(tz) => match crate::zones::named_zone(&tz.node) {
            Ok(zone) => {
                cx.tz = zone;
                tz.node.clone()
            }
            Err(e) => {
                cx.error(
                    "E0306",
                    format!("unknown time zone `{}`", tz.node),
                    file,
                    tz.span,
                    "not an IANA time zone",
                )
                .keyed("E0306-unknown-zone", &[("value", &tz.node)]);
                let (key, args, help) = zone_help(&e);
                let args: Vec<(&'static str, &str)> =
                    args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                cx.help(key, &args, help);
                return None;
            }
        },
        None => {
            cx.error(
                "E0306",
                format!("policy `{id}` declares no time zone"),
                file,
                h.span,
                "no `timezone` in this header",
            )
            .keyed("E0306-no-timezone", &[("id", &id.to_string())]);
            cx.help("E0306-no-timezone-help", &[], "dates and deadlines are read in the policy's time zone: `timezone \"Europe/Paris\"`");
            return None;
        }
    };
    let metas = crate::ctx::metas(&h.meta);
    let _ = cx.citation(&metas);
    let notes = crate::ctx::notes(&metas);
    Some(HeaderInfo {
        id,
        title: h.title.as_ref().map(|t| t.node.clone()).unwrap_or_default(),
        version: version.node,
        amends: h.amends.as_ref().map(|a| a.node),
        in_force_from: from,
        in_force_until: until,
        timezone,
        notes,
    })
}

/// `chosen_objectives`: a list of codes, computed like a value.
pub fn check_chosen(cx: &mut Ctx) -> Option<ir::Body> {
    let decls = cx.decls;
    let h = &decls.header;
    let e = h.chosen_objectives.as_ref()?;
    let mut env = crate::env::Env::new();
    let checked = crate::typeck::expr(cx, e, h.file, &mut env, Some(&Type::list(Type::Code)));
    if !matches!(
        checked.ty.element(),
        Some(Type::Code | Type::Text | Type::Error)
    ) && !checked.ty.is_error()
    {
        let msg = format!(
            "the chosen objectives are a list of codes, not `{}`",
            cx.type_name(&checked.ty)
        );
        let found = cx.type_name(&checked.ty);
        cx.error("E0201", msg, h.file, e.span, "not a list of codes")
            .keyed("E0201-chosen", &[("found", &found)]);
        cx.help(
            "E0201-chosen-help",
            &[],
            "for example `chosen_objectives union(dossier.parcours.mandatory, dossier.a_la_carte)`",
        );
        return None;
    }
    Some(ir::Body {
        lets: Vec::new(),
        expr: checked,
        locals: env.slots(),
    })
}

/// The `reference` input: an instant or a date read from the input only.
pub fn check_reference(cx: &mut Ctx) -> Option<ir::Expr> {
    let decls = cx.decls;
    let h = &decls.header;
    let e = h.reference.as_ref()?;
    let mut env = crate::env::Env::new();
    let checked = crate::typeck::expr(cx, e, h.file, &mut env, None);
    if !checked.ty.is_error() && root_field(&checked).is_none() {
        // Version selection reads the reference before the dossier is decoded (versions may
        // declare different inputs): only a field of the input's root can be read so.
        cx.error(
            "E0320",
            "the reference date must be a field of the input".to_string(),
            h.file,
            e.span,
            "not a field of the input",
        )
        .keyed("E0320-not-a-field", &[]);
        cx.help(
            "E0320-not-a-field-help",
            &[],
            "the version that judges a dossier is chosen before its data is read: name a field of the input, such as `reference dossier.submitted_at`, and compute other dates in rules",
        );
        return None;
    }
    match checked.ty.required() {
        Type::Instant | Type::Date | Type::Error => Some(checked),
        other => {
            let msg = format!(
                "the reference date must be an instant or a date, not `{}`",
                cx.type_name(other)
            );
            let found = cx.type_name(other);
            cx.error("E0201", msg, h.file, e.span, "not a date")
                .keyed("E0201-reference", &[("found", &found)]);
            cx.help(
                "E0201-reference-help",
                &[],
                "name the input that dates the dossier, such as `reference dossier.submitted_at`",
            );
            None
        }
    }
}

/// The index of the root field an expression reads (`dossier.submitted_at`).
pub fn root_field(e: &ir::Expr) -> Option<u32> {
    match &e.kind {
        ir::ExprKind::Field { base, index } if matches!(base.kind, ir::ExprKind::Input) => {
            Some(*index)
        }
        _ => None,
    }
}

/// `identifier`: a text or code field of the input's root, the dossier's own name.
pub fn check_identifier(cx: &mut Ctx) -> Option<u32> {
    let decls = cx.decls;
    let h = &decls.header;
    let e = h.identifier.as_ref()?;
    let mut env = crate::env::Env::new();
    let checked = crate::typeck::expr(cx, e, h.file, &mut env, None);
    if checked.ty.is_error() {
        return None;
    }
    let field = root_field(&checked);
    match (field, checked.ty.required()) {
        (Some(i), Type::Text | Type::Code) => Some(i),
        (Some(_), other) => {
            let found = cx.type_name(other);
            let msg = format!("the identifier of a dossier must be a text, not `{found}`");
            cx.error("E0319", msg, h.file, e.span, "not a text")
                .keyed("E0319-identifier-type", &[("found", &found)]);
            cx.help(
                "E0319-identifier-type-help",
                &[],
                "name the text field that identifies a dossier, such as `identifier dossier.id`",
            );
            None
        }
        (None, _) => {
            cx.error(
                "E0319",
                "the identifier of a dossier must be a field of the input".to_string(),
                h.file,
                e.span,
                "not a field of the input",
            )
            .keyed("E0319-identifier-field", &[]);
            cx.help(
                "E0319-identifier-field-help",
                &[],
                "it is read before the dossier is decoded, so that a refused dossier is named too: name a field of the input, such as `identifier dossier.id`",
            );
            None
        }
    }
}

/// `decision`: a bool output, the one a batch summary counts.
pub fn check_decision(cx: &mut Ctx) -> Option<u32> {
    let decls = cx.decls;
    let h = &decls.header;
    let e = h.decision.as_ref()?;
    let mut env = crate::env::Env::new();
    let checked = crate::typeck::expr(cx, e, h.file, &mut env, None);
    if checked.ty.is_error() {
        return None;
    }
    match (&checked.kind, checked.ty.required()) {
        (ir::ExprKind::Output(i), Type::Bool) => Some(*i),
        (ir::ExprKind::Output(_), other) => {
            let found = cx.type_name(other);
            let msg = format!("the decision must be a bool output, not `{found}`");
            cx.error("E0319", msg, h.file, e.span, "not a bool")
                .keyed("E0319-decision-type", &[("found", &found)]);
            cx.help(
                "E0319-decision-type-help",
                &[],
                "name the output that says whether a dossier is accepted, such as `decision eligible`",
            );
            None
        }
        _ => {
            cx.error(
                "E0319",
                "the decision must be an output of the policy".to_string(),
                h.file,
                e.span,
                "not an output",
            )
            .keyed("E0319-decision-output", &[]);
            cx.help(
                "E0319-decision-output-help",
                &[],
                "name the bool output that says whether a dossier is accepted, such as `decision eligible`",
            );
            None
        }
    }
}

/// What to write instead of a time zone name that is refused.
/// The help, its catalog entry and the arguments the entry uses (`zone`: the name meant).
pub fn zone_help(
    e: &crate::zones::ZoneError,
) -> (&'static str, Vec<(&'static str, String)>, String) {
    use crate::zones::ZoneError;
    let why = "the zone must be a place of the IANA database, so that no machine's own setting decides a date";
    match e {
        ZoneError::Spelling { canonical } => (
            "help-zone-spelling",
            vec![("zone", canonical.clone())],
            format!("write it `{canonical}`, as the IANA database spells it"),
        ),
        ZoneError::Unknown { closest: Some(c) } => (
            "help-zone-closest",
            vec![("zone", c.clone())],
            format!("did you mean `{c}`? {why}"),
        ),
        ZoneError::Unknown { closest: None } | ZoneError::NotAPlace => (
            "help-zone-iana",
            Vec::new(),
            format!("use an IANA name such as `Europe/Paris`: {why}"),
        ),
    }
}
