//! The records of a dossier by the names people know them by, and its fields by their labels.
//!
//! Convention (docs/reports.md): a record is named by its field `name` (or `nom`, `label`,
//! `libelle`, `raison_sociale`) and identified by its field `finess` (or `siret`, `siren`, `id`,
//! `code`, `reference`), both texts: `EHPAD Les Tilleuls (FINESS 750000011)`. A record with
//! neither is named by its type's label and its rank in its list (`Aide de minimis déjà perçue
//! n° 2`), or, nested in a named record, by its field's label (`Dossier usager informatisé —
//! Association Les Tilleuls (FINESS 750000001)`).

use crate::printable::{data, prose};
use crate::value::Value;
use care_check::model::{InputSchema, RecordDef};
use care_check::types::{RecordId, Type};
use std::collections::HashMap;

const NAME_FIELDS: [&str; 5] = ["name", "nom", "label", "libelle", "raison_sociale"];
const ID_FIELDS: [&str; 6] = ["finess", "siret", "siren", "id", "code", "reference"];

/// Where a record of the dossier sits and what it is called.
#[derive(Clone, Debug)]
pub struct Place {
    pub record: RecordId,
    /// The name people read: its own, or built from its place.
    pub name: String,
}

/// Every record of one dossier, by the address of its fields (as the trace knows them).
pub struct Names<'a> {
    schema: &'a InputSchema,
    places: HashMap<usize, Place>,
    by_path: HashMap<String, usize>,
}

fn text_field(def: &RecordDef, fields: &[Value], names: &[&str]) -> Option<(String, String)> {
    names.iter().find_map(|n| {
        let k = def.fields.iter().position(|f| f.name == *n)?;
        if !matches!(def.fields[k].ty.required(), Type::Text | Type::Code) {
            return None;
        }
        let t = fields.get(k)?.as_text()?;
        (!t.is_empty()).then(|| (n.to_string(), data(t)))
    })
}

/// `EHPAD Les Tilleuls (FINESS 750000011)`, `FINESS 750000011`, `Les Tilleuls`.
fn own_name(def: &RecordDef, fields: &[Value]) -> Option<String> {
    let name = text_field(def, fields, &NAME_FIELDS).map(|(_, v)| v);
    let id = text_field(def, fields, &ID_FIELDS).map(|(f, v)| {
        let word = match f.as_str() {
            "finess" | "siret" | "siren" => f.to_uppercase(),
            _ => "réf.".to_string(),
        };
        format!("{word} {v}")
    });
    match (name, id) {
        (Some(n), Some(i)) => Some(format!("{n} ({i})")),
        (n, i) => n.or(i),
    }
}

impl<'a> Names<'a> {
    pub fn new(input: &Value, schema: &'a InputSchema) -> Names<'a> {
        let mut names = Names {
            schema,
            places: HashMap::new(),
            by_path: HashMap::new(),
        };
        names.walk(input, &schema.root, String::new(), None, None);
        names
    }

    /// `parent`: the nearest named ancestor's name; `field`: the label of the field holding it.
    fn walk(
        &mut self,
        v: &Value,
        ty: &Type,
        path: String,
        parent: Option<&str>,
        field: Option<(&str, Option<usize>)>,
    ) {
        match (v, ty) {
            (_, Type::Optional(inner)) => self.walk(v, inner, path, parent, field),
            (Value::Record(fields), Type::Record(id)) => {
                let Some(def) = self.schema.record(*id) else {
                    return;
                };
                let own = own_name(def, fields);
                let name = match (&own, field, parent) {
                    (Some(n), _, _) => n.clone(),
                    (None, Some((label, Some(i))), _) => format!("{label} n° {}", i + 1),
                    (None, Some((label, None)), Some(p)) => format!("{label} — {p}"),
                    (None, Some((label, None)), None) => label.to_string(),
                    (None, None, _) => prose(def.label.as_deref().unwrap_or(&def.name)),
                };
                let key = fields.as_ptr() as usize;
                self.by_path.insert(path.clone(), key);
                self.places.insert(
                    key,
                    Place {
                        record: *id,
                        name: name.clone(),
                    },
                );
                let parent = if path.is_empty() {
                    None
                } else {
                    Some(name.as_str())
                };
                for (f, def) in fields.iter().zip(def.fields.iter()) {
                    let sub = if path.is_empty() {
                        def.name.clone()
                    } else {
                        format!("{path}.{}", def.name)
                    };
                    let label = prose(def.label.as_deref().unwrap_or(&def.name));
                    let item_label = match def.ty.required() {
                        Type::List(inner) => match inner.required() {
                            Type::Record(r) => self
                                .schema
                                .record(*r)
                                .map(|r| prose(r.label.as_deref().unwrap_or(&r.name)))
                                .unwrap_or_else(|| label.clone()),
                            _ => label.clone(),
                        },
                        _ => label.clone(),
                    };
                    match (f, def.ty.required()) {
                        (Value::List(items), Type::List(inner)) => {
                            for (i, item) in items.iter().enumerate() {
                                self.walk(
                                    item,
                                    inner,
                                    format!("{sub}[{i}]"),
                                    parent,
                                    Some((&item_label, Some(i))),
                                );
                            }
                        }
                        _ => self.walk(f, &def.ty, sub, parent, Some((&label, None))),
                    }
                }
            }
            _ => {}
        }
    }

    /// The place of a record value of the dossier.
    pub fn of(&self, v: &Value) -> Option<&Place> {
        match v {
            Value::Record(fields) => self.places.get(&(fields.as_ptr() as usize)),
            _ => None,
        }
    }

    pub fn at(&self, path: &str) -> Option<&Place> {
        self.by_path.get(path).and_then(|k| self.places.get(k))
    }

    /// A field read at `path` (`legal_entities[0].sites[1].activity`): its label, and the name of
    /// the record it belongs to (none for a field of the dossier itself).
    pub fn field(&self, path: &str) -> (String, Option<String>) {
        let (owner, field) = match path.rsplit_once('.') {
            Some((o, f)) => (o, f),
            None => ("", path),
        };
        let field_name = field.split('[').next().unwrap_or(field);
        let Some(place) = self.at(owner) else {
            return (data(path), None);
        };
        let label = self
            .schema
            .record(place.record)
            .and_then(|r| r.fields.iter().find(|f| f.name == field_name))
            .and_then(|f| f.label.as_deref())
            .map(prose)
            .unwrap_or_else(|| data(field_name));
        let owner = (!owner.is_empty()).then(|| place.name.clone());
        (label, owner)
    }
}
