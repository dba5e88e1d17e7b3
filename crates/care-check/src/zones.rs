//! Time zones of policies and instant literals, always from the copy of the IANA database built
//! into care, never from the host: a decision must not depend on the machine that makes it
//! (`"localtime"` in the host's database is the machine's own zone, and its tzdata may be older).

use jiff::tz::{TimeZone, TimeZoneDatabase};
use std::sync::OnceLock;

/// The built-in database, loaded once.
pub fn database() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// Why a name is not accepted as a policy's time zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZoneError {
    /// Not in the database; the closest name when there is one.
    Unknown { closest: Option<String> },
    /// In the database under another spelling (`europe/paris`).
    Spelling { canonical: String },
    /// A name that stands for no place (`Factory`).
    NotAPlace,
}

/// Names the database has that are no place's time: they would make dates mean nothing.
const NOT_PLACES: &[&str] = &["Factory"];

/// The zone of an IANA name written exactly as the database spells it (`Europe/Paris`).
pub fn named_zone(name: &str) -> Result<TimeZone, ZoneError> {
    if NOT_PLACES.contains(&name) {
        return Err(ZoneError::NotAPlace);
    }
    match database().get(name) {
        Ok(zone) => match zone.iana_name() {
            Some(canonical) if canonical == name => Ok(zone),
            Some(canonical) => Err(ZoneError::Spelling {
                canonical: canonical.to_string(),
            }),
            None => Err(ZoneError::Unknown { closest: None }),
        },
        Err(_) => {
            let names: Vec<String> = database()
                .available()
                .map(|n| n.as_str().to_string())
                .filter(|n| !NOT_PLACES.contains(&n.as_str()))
                .collect();
            // `Paris` is the last part of `Europe/Paris`; else the closest spelling.
            let lower = name.to_lowercase();
            let closest = names
                .iter()
                .find(|n| {
                    n.rsplit('/')
                        .next()
                        .is_some_and(|last| last.to_lowercase() == lower)
                })
                .map(String::as_str)
                .or_else(|| crate::ctx::suggest(name, names.iter().map(String::as_str)))
                .map(str::to_string);
            Err(ZoneError::Unknown { closest })
        }
    }
}

/// How a civil date and time falls in a zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Civil {
    /// One instant.
    Exact(jiff::Timestamp),
    /// Clocks went forward over it: the time never happened there.
    Gap {
        before: jiff::tz::Offset,
        after: jiff::tz::Offset,
    },
    /// Clocks went back over it: it happened twice.
    Fold {
        first: jiff::tz::Offset,
        second: jiff::tz::Offset,
    },
}

/// An offset as RFC 3339 writes it: `+02:00`.
pub fn offset_text(offset: jiff::tz::Offset) -> String {
    let s = offset.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let s = s.unsigned_abs();
    format!("{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)
}

/// Where a civil date and time (without an offset) falls in a zone.
pub fn civil_in_zone(dt: jiff::civil::DateTime, zone: &TimeZone) -> Option<Civil> {
    use jiff::tz::AmbiguousOffset;
    let ambiguous = zone.to_ambiguous_timestamp(dt);
    Some(match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } => Civil::Exact(ambiguous.compatible().ok()?),
        AmbiguousOffset::Gap { before, after } => Civil::Gap { before, after },
        AmbiguousOffset::Fold { before, after } => Civil::Fold {
            first: before,
            second: after,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_place_names_spelled_as_the_database_spells_them() {
        assert!(named_zone("Europe/Paris").is_ok());
        assert!(named_zone("UTC").is_ok());
        assert!(named_zone("America/Guadeloupe").is_ok());
        for host in ["localtime", "posixrules", "/etc/localtime", ""] {
            assert!(
                matches!(named_zone(host), Err(ZoneError::Unknown { .. })),
                "{host}"
            );
        }
        assert_eq!(named_zone("Factory").err(), Some(ZoneError::NotAPlace));
        assert_eq!(
            named_zone("europe/paris").err(),
            Some(ZoneError::Spelling {
                canonical: "Europe/Paris".to_string()
            })
        );
        assert_eq!(
            named_zone("Europe/Pariss").err(),
            Some(ZoneError::Unknown {
                closest: Some("Europe/Paris".to_string())
            })
        );
    }

    #[test]
    fn a_city_alone_suggests_its_zone() {
        assert_eq!(
            named_zone("Paris").err(),
            Some(ZoneError::Unknown {
                closest: Some("Europe/Paris".to_string())
            })
        );
    }

    #[test]
    fn gaps_and_folds_are_told_apart() {
        let paris = named_zone("Europe/Paris").unwrap();
        let at = |s: &str| civil_in_zone(s.parse().unwrap(), &paris).unwrap();
        assert!(matches!(at("2026-06-04T16:00"), Civil::Exact(_)));
        assert!(matches!(at("2026-03-29T02:30"), Civil::Gap { .. }));
        assert!(matches!(at("2026-10-25T02:30"), Civil::Fold { .. }));
    }
}
