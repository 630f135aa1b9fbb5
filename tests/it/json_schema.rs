//! A validator of the JSON Schema (draft 2020-12) subset that `schemars` emits for the report
//! types, so `schema.rs` can check real reports against the committed schemas.
//!
//! Supported: `type` (one name or a list), `properties`, `required`, `additionalProperties`,
//! `items`, `prefixItems`, `minItems`, `maxItems`, `enum`, `const`, `anyOf`, `oneOf`,
//! `allOf`, `minimum`, `maximum`, `$ref` to `#/$defs/…`, and `format` for the names
//! `schemars` gives Rust's numbers (`uint`, `uint32`, `double`, …), checked as the ranges
//! they are. `description`, `title`, `default`, `examples`, `$schema` and `$defs` are
//! annotations. Any other keyword, format or reference makes [`Schema::new`] fail, so a
//! schema that needs more than this validator knows is refused instead of half checked.
//!
//! The tests below show each keyword rejecting a document that breaks it.

use serde_json::{Map, Value};

/// Keywords that only annotate.
const ANNOTATIONS: [&str; 6] = ["description", "title", "default", "examples", "$schema", "$defs"];

/// A schema whose every keyword this validator implements.
pub struct Schema {
    root: Value,
}

impl Schema {
    /// Checks that `root` only uses supported keywords and that its references resolve.
    ///
    /// # Errors
    /// Naming the first unsupported keyword, format or reference, with its location.
    pub fn new(root: Value) -> Result<Schema, String> {
        let schema = Schema { root };
        schema.check(&schema.root, "#")?;
        Ok(schema)
    }

    fn check(&self, schema: &Value, at: &str) -> Result<(), String> {
        let map = match schema {
            Value::Bool(_) => return Ok(()),
            Value::Object(map) => map,
            other => return Err(format!("{at}: a schema is an object or a boolean, not {other}")),
        };
        for (key, value) in map {
            let here = format!("{at}/{key}");
            match key.as_str() {
                k if ANNOTATIONS.contains(&k) && k != "$defs" => {}
                "$defs" | "properties" => {
                    let children = value.as_object().ok_or_else(|| format!("{here}: not an object"))?;
                    for (name, child) in children {
                        self.check(child, &format!("{here}/{name}"))?;
                    }
                }
                "items" | "additionalProperties" => self.check(value, &here)?,
                "prefixItems" | "anyOf" | "oneOf" | "allOf" => {
                    let list = value.as_array().filter(|l| !l.is_empty());
                    for (i, child) in list.ok_or_else(|| format!("{here}: not a non-empty list"))?.iter().enumerate() {
                        self.check(child, &format!("{here}/{i}"))?;
                    }
                }
                "type" => {
                    let names: Vec<&Value> = match value {
                        Value::Array(list) => list.iter().collect(),
                        one => vec![one],
                    };
                    for name in names {
                        let known = ["null", "boolean", "object", "array", "number", "integer", "string"];
                        if !name.as_str().is_some_and(|n| known.contains(&n)) {
                            return Err(format!("{here}: unknown type {name}"));
                        }
                    }
                }
                "required" => {
                    if !value.as_array().is_some_and(|l| l.iter().all(Value::is_string)) {
                        return Err(format!("{here}: not a list of names"));
                    }
                }
                "minItems" | "maxItems" => {
                    value.as_u64().ok_or_else(|| format!("{here}: not a count"))?;
                }
                "minimum" | "maximum" => {
                    value.as_f64().ok_or_else(|| format!("{here}: not a number"))?;
                }
                "enum" => {
                    value.as_array().ok_or_else(|| format!("{here}: not a list"))?;
                }
                "const" => {}
                "format" => {
                    let name = value.as_str().unwrap_or_default();
                    if number_format(name).is_none() {
                        return Err(format!("{here}: format {value} is not supported"));
                    }
                }
                "$ref" => {
                    let target = value.as_str().ok_or_else(|| format!("{here}: not a string"))?;
                    self.resolve(target).ok_or_else(|| format!("{here}: {target} does not resolve"))?;
                }
                _ => return Err(format!("{here}: keyword {key:?} is not supported by this validator")),
            }
        }
        Ok(())
    }

    /// The schema a `$ref` names: only references into this document's `$defs`.
    fn resolve(&self, reference: &str) -> Option<&Value> {
        let name = reference.strip_prefix("#/$defs/")?;
        if name.contains('/') || name.contains('~') {
            return None;
        }
        self.root.get("$defs")?.get(name)
    }

    /// Every way `value` breaks the schema, each with the JSON Pointer of the value at fault.
    pub fn errors(&self, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.validate(&self.root, value, "", &mut errors);
        errors
    }

    /// Whether `value` is valid.
    pub fn is_valid(&self, value: &Value) -> bool {
        self.errors(value).is_empty()
    }

    fn validate(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let map = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return errors.push(format!("{at}: no value is allowed here")),
            Value::Object(map) => map,
            _ => unreachable!("checked by Schema::new"),
        };
        for (key, rule) in map {
            match key.as_str() {
                "type" => {
                    let fits = match rule {
                        Value::Array(names) => names.iter().any(|n| is_type(value, n.as_str().unwrap_or_default())),
                        name => is_type(value, name.as_str().unwrap_or_default()),
                    };
                    if !fits {
                        errors.push(format!("{at}: {value} is not of type {rule}"));
                    }
                }
                "properties" => {
                    if let (Some(fields), Some(rules)) = (value.as_object(), rule.as_object()) {
                        for (name, sub) in rules {
                            if let Some(field) = fields.get(name) {
                                self.validate(sub, field, &pointer(at, name), errors);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if let Some(fields) = value.as_object() {
                        let declared = map.get("properties").and_then(Value::as_object);
                        for (name, field) in fields {
                            if !declared.is_some_and(|d| d.contains_key(name)) {
                                self.validate(rule, field, &pointer(at, name), errors);
                            }
                        }
                    }
                }
                "required" => {
                    if let Some(fields) = value.as_object() {
                        for name in rule.as_array().into_iter().flatten().filter_map(Value::as_str) {
                            if !fields.contains_key(name) {
                                errors.push(format!("{at}: the required property {name:?} is missing"));
                            }
                        }
                    }
                }
                "prefixItems" => {
                    if let Some(items) = value.as_array() {
                        for (i, (sub, item)) in rule.as_array().into_iter().flatten().zip(items).enumerate() {
                            self.validate(sub, item, &pointer(at, &i.to_string()), errors);
                        }
                    }
                }
                "items" => {
                    if let Some(items) = value.as_array() {
                        let skip = map.get("prefixItems").and_then(Value::as_array).map_or(0, Vec::len);
                        for (i, item) in items.iter().enumerate().skip(skip) {
                            self.validate(rule, item, &pointer(at, &i.to_string()), errors);
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let (Some(items), Some(bound)) = (value.as_array(), rule.as_u64()) {
                        let len = items.len() as u64;
                        if (key == "minItems" && len < bound) || (key == "maxItems" && len > bound) {
                            errors.push(format!("{at}: {len} items breaks {key} {bound}"));
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let (Some(number), Some(bound)) = (value.as_f64(), rule.as_f64()) {
                        if (key == "minimum" && number < bound) || (key == "maximum" && number > bound) {
                            errors.push(format!("{at}: {value} breaks {key} {rule}"));
                        }
                    }
                }
                "format" => {
                    let (low, high) = number_format(rule.as_str().unwrap_or_default()).expect("checked by Schema::new");
                    if let Some(number) = value.as_f64() {
                        let integral = low.is_some();
                        if (integral && !is_type(value, "integer"))
                            || low.is_some_and(|l| number < l)
                            || high.is_some_and(|h| number > h)
                        {
                            errors.push(format!("{at}: {value} is not a {rule}"));
                        }
                    }
                }
                "enum" if !rule.as_array().into_iter().flatten().any(|allowed| same(allowed, value)) => {
                    errors.push(format!("{at}: {value} is not one of {rule}"));
                }
                "const" if !same(rule, value) => errors.push(format!("{at}: {value} is not {rule}")),
                "anyOf" | "oneOf" | "allOf" => {
                    let branches = rule.as_array().map(Vec::as_slice).unwrap_or_default();
                    let passing = branches.iter().filter(|b| self.sub_errors(b, value, at).is_empty()).count();
                    let ok = match key.as_str() {
                        "anyOf" => passing >= 1,
                        "oneOf" => passing == 1,
                        _ => passing == branches.len(),
                    };
                    if !ok {
                        errors.push(format!("{at}: {passing} of {} {key} branches match", branches.len()));
                    }
                }
                "$ref" => {
                    let target = self.resolve(rule.as_str().unwrap_or_default()).expect("checked by Schema::new");
                    self.validate(target, value, at, errors);
                }
                _ => {}
            }
        }
    }

    fn sub_errors(&self, schema: &Value, value: &Value, at: &str) -> Vec<String> {
        let mut errors = Vec::new();
        self.validate(schema, value, at, &mut errors);
        errors
    }
}

/// The range a `schemars` number format stands for: `(Some(low), high)` for integers,
/// `(None, None)` for floating point; `None` for a format this validator does not know.
fn number_format(name: &str) -> Option<(Option<f64>, Option<f64>)> {
    let range = |low: f64, high: f64| Some((Some(low), Some(high)));
    match name {
        "uint" | "uint64" => range(0.0, u64::MAX as f64),
        "uint8" => range(0.0, f64::from(u8::MAX)),
        "uint16" => range(0.0, f64::from(u16::MAX)),
        "uint32" => range(0.0, f64::from(u32::MAX)),
        "int" | "int64" => range(i64::MIN as f64, i64::MAX as f64),
        "int8" => range(f64::from(i8::MIN), f64::from(i8::MAX)),
        "int16" => range(f64::from(i16::MIN), f64::from(i16::MAX)),
        "int32" => range(f64::from(i32::MIN), f64::from(i32::MAX)),
        "float" | "double" => Some((None, None)),
        _ => None,
    }
}

/// Whether `value` is of the JSON Schema type `name` (an integer is a number with no
/// fraction, `1.0` included).
fn is_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0),
        "string" => value.is_string(),
        _ => false,
    }
}

/// JSON Schema equality: numbers by value (`1` equals `1.0`), objects regardless of order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => same_fields(x, y),
        _ => a == b,
    }
}

fn same_fields(x: &Map<String, Value>, y: &Map<String, Value>) -> bool {
    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
}

/// `at` extended by one JSON Pointer segment.
fn pointer(at: &str, segment: &str) -> String {
    format!("{at}/{}", segment.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    use super::Schema;
    use serde_json::{json, Value};

    fn schema(s: Value) -> Schema {
        Schema::new(s).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A schema shaped like the ones `schemars` writes: `$defs`, references, nullable
    /// types, number formats, enums, constants, tagged alternatives.
    fn report_like() -> Schema {
        schema(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Report",
            "type": "object",
            "properties": {
                "kind": { "const": "report" },
                "count": { "type": "integer", "format": "uint", "minimum": 0 },
                "score": { "type": "number", "format": "double" },
                "small": { "type": "integer", "format": "uint32", "minimum": 0 },
                "name": { "type": ["string", "null"] },
                "tier": { "type": "string", "enum": ["verbatim", "edited"] },
                "span": { "$ref": "#/$defs/Span" },
                "pair": { "type": "array", "prefixItems": [{ "type": "integer" }, { "type": "string" }], "minItems": 2, "maxItems": 2 },
                "spans": { "type": "array", "items": { "$ref": "#/$defs/Span" } },
                "line": { "oneOf": [
                    { "type": "object", "properties": { "type": { "const": "a" } }, "required": ["type"] },
                    { "type": "object", "properties": { "type": { "const": "b" } }, "required": ["type"] }
                ] },
                "either": { "anyOf": [{ "type": "string" }, { "type": "integer", "minimum": 10 }] }
            },
            "required": ["kind", "count"],
            "$defs": {
                "Span": {
                    "description": "A byte range.",
                    "type": "object",
                    "properties": { "start": { "type": "integer", "format": "uint", "minimum": 0 }, "end": { "type": "integer", "format": "uint", "minimum": 0 } },
                    "required": ["start", "end"]
                }
            }
        }))
    }

    fn valid() -> Value {
        json!({
            "kind": "report", "count": 3, "score": 0.5, "small": 7, "name": null, "tier": "edited",
            "span": { "start": 0, "end": 4 }, "pair": [1, "x"], "spans": [{ "start": 1, "end": 2 }],
            "line": { "type": "b" }, "either": 12, "extra": "allowed: no additionalProperties"
        })
    }

    #[test]
    fn a_valid_document_passes() {
        let s = report_like();
        assert_eq!(s.errors(&valid()), Vec::<String>::new());
        // Integers written with a fraction of zero are integers.
        let mut v = valid();
        v["count"] = json!(3.0);
        assert!(s.is_valid(&v));
    }

    #[test]
    fn each_keyword_rejects_what_breaks_it() {
        let s = report_like();
        let cases: [(&str, Value); 18] = [
            ("/kind", json!("other")),
            ("/count", json!(-1)),
            ("/count", json!(1.5)),
            ("/count", json!("3")),
            ("/score", json!("high")),
            ("/small", json!(5_000_000_000_u64)),
            ("/name", json!(3)),
            ("/tier", json!("reworded")),
            ("/span", json!({ "start": 0 })),
            ("/span", json!({ "start": 0, "end": -4 })),
            ("/pair", json!([1])),
            ("/pair", json!([1, "x", 2])),
            ("/pair", json!(["x", 1])),
            ("/spans", json!([{ "start": 1, "end": 2 }, { "end": 2 }])),
            ("/line", json!({ "type": "c" })),
            ("/line", json!({})),
            ("/either", json!(3)),
            ("/either", json!(null)),
        ];
        for (field, bad) in cases {
            let mut v = valid();
            v[&field[1..]] = bad.clone();
            let errors = s.errors(&v);
            assert!(!errors.is_empty(), "{field} = {bad} passed");
            assert!(errors.iter().all(|e| e.starts_with(field)), "{field} = {bad}: {errors:?}");
        }
        let mut v = valid();
        v.as_object_mut().unwrap().remove("count");
        assert_eq!(s.errors(&v), [": the required property \"count\" is missing"]);
        assert!(!s.is_valid(&json!([valid()])), "not an object");
    }

    #[test]
    fn one_of_rejects_a_value_matching_two_branches() {
        let s = schema(json!({ "oneOf": [{ "type": "integer" }, { "type": "number" }] }));
        assert!(!s.is_valid(&json!(1)));
        assert!(s.is_valid(&json!(1.5)));
    }

    #[test]
    fn additional_properties_and_boolean_schemas() {
        let s = schema(json!({ "properties": { "a": true }, "additionalProperties": false }));
        assert!(s.is_valid(&json!({ "a": [1, 2] })));
        assert_eq!(s.errors(&json!({ "a": 1, "b/c": 2 })), ["/b~1c: no value is allowed here"]);
    }

    #[test]
    fn enum_and_const_compare_numbers_by_value() {
        let s = schema(json!({ "enum": [1, { "x": [2.0] }] }));
        assert!(s.is_valid(&json!(1.0)));
        assert!(s.is_valid(&json!({ "x": [2] })));
        assert!(!s.is_valid(&json!({ "x": [2], "y": 1 })));
        assert!(!s.is_valid(&json!(2)));
    }

    #[test]
    fn what_the_validator_does_not_know_is_refused() {
        for unknown in [
            json!({ "pattern": "^a" }),
            json!({ "type": "object", "properties": { "a": { "uniqueItems": true } } }),
            json!({ "format": "date-time" }),
            json!({ "$ref": "#/$defs/Missing", "$defs": {} }),
            json!({ "$ref": "https://example.invalid/schema" }),
            json!({ "type": "date" }),
            json!({ "anyOf": [] }),
        ] {
            assert!(Schema::new(unknown.clone()).is_err(), "{unknown} was accepted");
        }
    }
}
