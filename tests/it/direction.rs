//! Who copied whom, end to end (issue 11, section 4): `pairs[].direction` in JSON (a source,
//! a common source, or unknown, with its basis and confidence), the human report's line,
//! wire roles from front matter, JSON Lines and `--wire-outlets`.

use crate::TestCommand;
use serde_json::Value;

/// Paragraph `k`: 40 words found in no other paragraph.
fn par(k: usize) -> String {
    (0..40).map(|i| format!("w{k}x{i}")).collect::<Vec<_>>().join(" ")
}

/// A document with front matter `meta` (lines) and the paragraphs `ks`.
fn doc(meta: &[&str], ks: &[usize]) -> String {
    let body: Vec<String> = ks.iter().map(|&k| par(k)).collect();
    format!("---\n{}\n---\n\n{}\n", meta.join("\n"), body.join("\n\n"))
}

/// `scan c ARGS` of the files `(name, content)`: (exit output JSON or text).
fn scan(files: &[(&str, String)], args: &[&str]) -> crate::Output {
    let mut t = TestCommand::new();
    for (name, content) in files {
        t.write(&format!("c/{name}"), content);
    }
    let out = t.args(["scan", "c", "--color", "never"]).args(args).run();
    out.assert_code(1);
    out
}

/// The direction of the pair `x`, `y`.
fn direction(json: &Value, x: &str, y: &str) -> Value {
    let pairs = json["pairs"].as_array().unwrap();
    let pair = pairs
        .iter()
        .find(|p| (p["a"] == x && p["b"] == y) || (p["a"] == y && p["b"] == x))
        .unwrap_or_else(|| panic!("no pair {x} {y} in {json}"));
    pair["direction"].clone()
}

/// A wire story of ten paragraphs and three outlets that each lifted one of them into text
/// of their own, all of one day (no times): the new user's corpus of issue 11.
fn same_day(wire_meta: &[&str]) -> Vec<(&'static str, String)> {
    let mut wire = vec!["date: 2024-03-11", "outlet: Wire Service"];
    wire.extend_from_slice(wire_meta);
    vec![
        ("wire.md", doc(&wire, &(0..10).collect::<Vec<_>>())),
        ("echo.md", doc(&["date: 2024-03-11", "outlet: Echo"], &[100, 101, 1, 102])),
        ("post.md", doc(&["date: 2024-03-11", "outlet: Post"], &[110, 3, 111, 112])),
        ("times.md", doc(&["date: 2024-03-11", "outlet: Times"], &[120, 121, 122, 5])),
    ]
}

#[test]
fn a_same_day_wire_story_is_not_named_the_copier_of_outlets_that_lifted_a_paragraph_each() {
    let json = scan(&same_day(&[]), &["--format", "json"]).json();
    assert_eq!(json["pairs"].as_array().unwrap().len(), 3, "{json}");
    for outlet in ["echo.md", "post.md", "times.md"] {
        let d = direction(&json, "wire.md", outlet);
        // Containment asymmetry named the wire the copier: each outlet is a larger share of
        // itself in the wire than the wire in it. The wire is the hub of the three.
        assert_eq!(d["source"], "wire.md", "{outlet}: {d}");
        assert_eq!(d["basis"], "hub", "{d}");
        assert_eq!(d["confidence"], 0.75, "{d}");
        assert!(d.get("common_source").is_none(), "{d}");
    }
    // The human report says so, with the basis.
    let out = scan(&same_day(&[]), &[]);
    // (Lines are wrapped: compare with white space collapsed.)
    let human = out.stdout().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        human.contains("direction: wire.md -> echo.md (hub: shared with more documents, confidence 0.75)"),
        "{human}"
    );
    assert!(!human.contains("-> wire.md"), "{human}");
}

#[test]
fn a_wire_role_in_front_matter_or_by_outlet_makes_the_wire_the_source() {
    let json = scan(&same_day(&["role: wire"]), &["--format", "json"]).json();
    let d = direction(&json, "wire.md", "echo.md");
    assert_eq!((d["source"].clone(), d["basis"].clone()), (Value::from("wire.md"), Value::from("wire")), "{d}");
    // 9:1 for the role and 3:1 for the hub: 27:1.
    assert_eq!(d["confidence"], 0.9643, "{d}");
    let json = scan(&same_day(&[]), &["--format", "json", "--wire-outlets", "Agency, wire service"]).json();
    let d = direction(&json, "wire.md", "echo.md");
    assert_eq!((d["source"].clone(), d["basis"].clone()), (Value::from("wire.md"), Value::from("wire")), "{d}");
    // A JSON Lines record's `role` field.
    let lines = [
        serde_json::json!({"id": "wire", "text": par(0) + "\n\n" + &par(1), "role": "wire"}),
        serde_json::json!({"id": "echo", "text": par(100) + "\n\n" + &par(1) + "\n\n" + &par(101)}),
    ];
    let mut t = TestCommand::new();
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    t.write("c.jsonl", text);
    let out = t.args(["scan", "c.jsonl", "--format", "json"]).run();
    out.assert_code(1);
    let d = direction(&out.json(), "wire", "echo");
    assert_eq!((d["source"].clone(), d["basis"].clone()), (Value::from("wire"), Value::from("wire")), "{d}");
}

#[test]
fn two_outlets_that_share_only_a_wire_story_s_text_are_both_from_the_wire() {
    let files = [
        ("wire.md", doc(&["date: 2024-03-11T08:00:00Z"], &[0, 1, 2, 3, 4, 5])),
        ("echo.md", doc(&["date: 2024-03-11T09:00:00Z"], &[10, 2, 11])),
        ("post.md", doc(&["date: 2024-03-11T10:00:00Z"], &[20, 21, 2])),
    ];
    let json = scan(&files, &["--format", "json"]).json();
    let d = direction(&json, "echo.md", "post.md");
    assert_eq!(d["source"], Value::Null, "{d}");
    assert_eq!(d["common_source"], "wire.md", "{d}");
    assert_eq!(d["basis"], "common_source", "{d}");
    assert_eq!(d["confidence"], 0.98, "{d}");
    assert_eq!(direction(&json, "wire.md", "post.md")["source"], "wire.md");
    let out = scan(&files, &[]);
    let human = out.stdout().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(human.contains("direction: both from wire.md (common source, confidence 0.98)"), "{human}");
    // Undated and without roles, nothing says who the source is: unknown.
    let files = [("a.md", doc(&["title: A"], &[0, 1, 2, 3])), ("b.md", doc(&["title: B"], &[10, 2, 11, 12]))];
    let d = direction(&scan(&files, &["--format", "json"]).json(), "a.md", "b.md");
    assert_eq!((d["source"].clone(), d["basis"].clone()), (Value::Null, Value::from("unknown")), "{d}");
}
