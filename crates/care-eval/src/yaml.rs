//! YAML decoding: `saphyr-parser` events are built into a small tree of raw scalars (with their
//! positions), then the tree is decoded against the schema. Scalars are typed from the schema,
//! not from YAML's own resolution: a plain `010000001` where text is expected is the text
//! `"010000001"`, a plain `12000.00` where money is expected is the decimal 12000.00.
//!
//! Plain scalars `null`, `Null`, `NULL`, `~` and the empty scalar are null; a bool is `true` or
//! `false` (not `yes`, `on`, …); an int or a track key is a plain `[-+]?[0-9]+`. Quoted scalars
//! (and `!!str`) are always strings: a quoted `"3"` where an int is expected is an error, as in
//! JSON. Other tags are ignored. Anchors and aliases work, with a bound on how far aliases expand.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::issue::{Ctx, DataErrors, DataIssue, Decoded, Found, IssueKind, Location, Seg, Step};
use crate::plan::{Decoder, KeyMatch, ObjBuilder, Ty};
use crate::value::Value;

/// Deepest nesting of sequences and mappings accepted (as `serde_json` does for JSON).
const MAX_DEPTH: usize = 128;

pub(crate) enum Kind<'t> {
    Scalar { text: Cow<'t, str>, plain: bool },
    Seq(Vec<Rc<Node<'t>>>),
    Map(Vec<(Rc<Node<'t>>, Rc<Node<'t>>)>),
}

pub(crate) struct Node<'t> {
    kind: Kind<'t>,
    at: Location,
}

/// The document's text, or an error naming where it stops being UTF-8.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, DataIssue> {
    // The vectorized check first (a tenth of std's instructions on a dossier); std's again for
    // a document it refuses, whose error says where.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = 1 + String::from_utf8_lossy(valid.get(line_start..).unwrap_or_default())
            .chars()
            .count();
        DataIssue::new(IssueKind::Syntax, "", "invalid utf-8")
            .keyed("data-invalid-utf8", Vec::new())
            .at(Some(Location { line, column }))
    })
}

fn location(m: &saphyr_parser::Marker) -> Location {
    Location {
        line: m.line().max(1),
        column: m.col() + 1,
    }
}

pub(crate) fn scan_issue(e: &ScanError) -> DataIssue {
    let info = e.info();
    let mut detail = String::new();
    let mut chars = info.chars();
    if let Some(c) = chars.next() {
        detail.extend(c.to_lowercase());
        detail.push_str(chars.as_str());
    }
    DataIssue::new(IssueKind::Syntax, "", format!("invalid yaml: {detail}"))
        .keyed("data-invalid-yaml", vec![("detail", detail)])
        .at(Some(location(e.marker())))
}

fn syntax(message: &str, at: Location) -> DataIssue {
    let key = match message {
        "expected one yaml document, found several" => "data-yaml-several",
        "alias to an unknown anchor" => "data-yaml-alias",
        "nesting deeper than 128 levels" => "data-yaml-nesting",
        _ => "data-yaml-unbalanced",
    };
    DataIssue::new(IssueKind::Syntax, "", message)
        .keyed(key, Vec::new())
        .at(Some(at))
}

struct Frame<'t> {
    is_map: bool,
    anchor: usize,
    at: Location,
    items: Vec<Rc<Node<'t>>>,
}

/// The document as a tree, and how many nodes were built.
pub(crate) fn parse_tree(text: &str) -> Result<(Rc<Node<'_>>, usize), DataIssue> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut anchors: HashMap<usize, Rc<Node<'_>>> = HashMap::new();
    let mut root: Option<Rc<Node<'_>>> = None;
    let mut documents = 0usize;
    let mut nodes = 0usize;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| scan_issue(&e))?;
        let at = location(&span.start);
        let (node, anchor) = match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(syntax("expected one yaml document, found several", at));
                }
                continue;
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some(node) => (Rc::clone(node), 0),
                None => return Err(syntax("alias to an unknown anchor", at)),
            },
            Event::Scalar(text, style, anchor, tag) => {
                let is_str = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let plain = style == ScalarStyle::Plain && !is_str;
                let node = Node {
                    kind: Kind::Scalar { text, plain },
                    at,
                };
                (Rc::new(node), anchor)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax("nesting deeper than 128 levels", at));
                }
                stack.push(Frame {
                    is_map: matches!(event, Event::MappingStart(..)),
                    anchor,
                    at,
                    items: Vec::new(),
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else {
                    return Err(syntax("unbalanced yaml events", at));
                };
                let kind = if frame.is_map {
                    let mut pairs = Vec::with_capacity(frame.items.len() / 2);
                    let mut items = frame.items.into_iter();
                    while let (Some(k), Some(v)) = (items.next(), items.next()) {
                        pairs.push((k, v));
                    }
                    Kind::Map(pairs)
                } else {
                    Kind::Seq(frame.items)
                };
                (Rc::new(Node { kind, at: frame.at }), frame.anchor)
            }
        };
        nodes += 1;
        if anchor > 0 {
            anchors.insert(anchor, Rc::clone(&node));
        }
        match stack.last_mut() {
            Some(frame) => frame.items.push(node),
            None if root.is_none() => root = Some(node),
            None => return Err(syntax("expected one yaml document, found several", at)),
        }
    }
    let root = root.unwrap_or_else(|| {
        Rc::new(Node {
            kind: Kind::Scalar {
                text: Cow::Borrowed(""),
                plain: true,
            },
            at: Location { line: 1, column: 1 },
        })
    });
    Ok((root, nodes))
}

/// Where the value at `steps` is, or the deepest value on the way.
pub(crate) fn locate(root: &Node<'_>, steps: &[Step]) -> Location {
    let mut node = root;
    for step in steps {
        let next = match (step, &node.kind) {
            (Step::Field(name), Kind::Map(pairs)) => pairs
                .iter()
                .rev()
                .find(|(k, _)| matches!(&k.kind, Kind::Scalar { text, .. } if **text == **name))
                .map(|(_, v)| &**v),
            (Step::Index(i), Kind::Seq(items)) => items.get(*i).map(|n| &**n),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node.at
}

pub(crate) fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

pub(crate) fn decode(dec: &Decoder, bytes: &[u8]) -> Result<Decoded, DataErrors> {
    let text = utf8(crate::json::strip_bom(bytes)).map_err(DataErrors::one)?;
    let (root, nodes) = parse_tree(text).map_err(DataErrors::one)?;
    let mut ctx = Ctx::new();
    let mut walker = Walker {
        dec,
        ctx: &mut ctx,
        // Aliases may repeat a node; bound the expansion (a "billion laughs" document).
        budget: nodes.saturating_mul(8).saturating_add(100_000),
        exhausted: false,
    };
    let value = walker.node(&root, &dec.root);
    ctx.finish(value)
}

struct Walker<'a, 'p> {
    dec: &'p Decoder,
    ctx: &'a mut Ctx<'p>,
    budget: usize,
    exhausted: bool,
}

impl<'p> Walker<'_, 'p> {
    fn node(&mut self, node: &Node<'_>, ty: &'p Ty) -> Value {
        if self.budget == 0 {
            if !self.exhausted {
                self.exhausted = true;
                self.ctx.error(
                    IssueKind::InvalidValue,
                    ("data-aliases", Vec::new()),
                    "aliases expand to too many values".to_owned(),
                    Some(node.at),
                );
            }
            return Value::Absent;
        }
        self.budget -= 1;
        let at = Some(node.at);
        let dec = self.dec;
        match &node.kind {
            Kind::Scalar { text, plain } => {
                let text: &str = text;
                if !*plain {
                    return dec.on_str(ty, text, Found::Str(text), self.ctx, at);
                }
                if is_null(text) {
                    return dec.on_null(ty, self.ctx, at);
                }
                let found = Found::Plain(text);
                match ty.plain() {
                    Ty::Bool => match text {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        _ => dec.mismatch(ty, found, self.ctx, at),
                    },
                    Ty::Int | Ty::Track => match crate::scalar::parse_int(text) {
                        Some(i) => dec.on_int(ty, i, found, self.ctx, at),
                        None => dec.mismatch(ty, found, self.ctx, at),
                    },
                    _ => dec.on_str(ty, text, found, self.ctx, at),
                }
            }
            Kind::Seq(items) => {
                let Ty::List(elem) = ty.required() else {
                    return dec.mismatch(ty, Found::Array, self.ctx, at);
                };
                let base = self.ctx.stack.len();
                for (i, item) in items.iter().enumerate() {
                    self.ctx.path.push(Seg::Index(i));
                    let v = self.node(item, elem);
                    self.ctx.stack.push(v);
                    self.ctx.path.pop();
                }
                Value::List(self.ctx.take_from(base))
            }
            Kind::Map(pairs) => {
                let obj = match ty.required() {
                    Ty::Obj(o) => dec.obj(*o),
                    _ => None,
                };
                let Some(obj) = obj else {
                    return dec.mismatch(ty, Found::Object, self.ctx, at);
                };
                let mut record = ObjBuilder::record(obj);
                let mut builder = ObjBuilder::new(obj, &mut record);
                for (key, value) in pairs {
                    let Kind::Scalar { text: name, .. } = &key.kind else {
                        self.ctx.error(
                            IssueKind::WrongType,
                            ("data-complex-key", Vec::new()),
                            "expected a field name, found a complex mapping key".to_owned(),
                            Some(key.at),
                        );
                        continue;
                    };
                    match builder.key(name) {
                        KeyMatch::Field(i, field) => {
                            self.ctx.path.push(Seg::Field(&field.name));
                            let v = self.node(value, &field.ty);
                            self.ctx.path.pop();
                            builder.set(i, v);
                        }
                        KeyMatch::Duplicate(field) => {
                            self.ctx.duplicate_field(&field.name, Some(key.at));
                        }
                        KeyMatch::Unknown => self.ctx.unknown_field(name, Some(key.at)),
                    }
                }
                builder.finish(self.ctx, dec, at);
                Value::Record(record)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::utf8;

    /// The vectorized check accepts exactly what std accepts: valid texts of every length
    /// around its 32- and 64-byte blocks, each with one byte broken at every place.
    #[test]
    fn utf8_as_std() {
        let pieces = ["a", "é", "€", "😀", "\u{7f}", "\u{10ffff}"];
        for len in 0..80 {
            let text: String = (0..len).map(|i| pieces[i % pieces.len()]).collect();
            assert_eq!(utf8(text.as_bytes()).ok(), Some(text.as_str()));
            for at in 0..text.len() {
                for bad in [0x80, 0xc0, 0xff, 0xed] {
                    let mut bytes = text.clone().into_bytes();
                    bytes[at] = bad;
                    let std = std::str::from_utf8(&bytes).is_ok();
                    assert_eq!(utf8(&bytes).is_ok(), std, "{bytes:?}");
                }
            }
        }
    }
}
