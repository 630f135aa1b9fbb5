//! `copytrace schema`: the committed schemas under `schemas/` are what the command prints,
//! and real reports of every JSON format validate against them.
//!
//! `COPYTRACE_UPDATE_SCHEMAS=1 cargo test --test integration schema` rewrites the committed
//! files from the command's output (read the diff before committing it).

use crate::json_schema::Schema;
use crate::{TestCommand, ROOT};
use serde_json::Value;
use std::path::PathBuf;

/// Every schema the command knows, by name.
const NAMES: [&str; 5] = ["scan", "scan-jsonl", "trace", "trace-jsonl", "diff"];

fn schema_bytes(name: &str) -> Vec<u8> {
    let out = TestCommand::new().args(["schema", name]).run();
    out.assert_code(0);
    out.stdout
}

fn committed(name: &str) -> PathBuf {
    PathBuf::from(ROOT).join("schemas").join(format!("{name}.schema.json"))
}

#[test]
fn the_committed_schemas_are_what_the_command_prints() {
    let update = std::env::var_os("COPYTRACE_UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    for name in NAMES {
        let printed = schema_bytes(name);
        assert_eq!(printed, schema_bytes(name), "{name}: two runs print different bytes");
        let path = committed(name);
        if update {
            std::fs::write(&path, &printed).unwrap();
        }
        let on_disk = std::fs::read(&path).unwrap_or_default();
        assert!(
            on_disk == printed,
            "{} differs from `copytrace schema {name}`; rerun with COPYTRACE_UPDATE_SCHEMAS=1 and review the diff",
            path.display()
        );
    }
    let listed: Vec<String> = std::fs::read_dir(PathBuf::from(ROOT).join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for file in &listed {
        let name = file.strip_suffix(".schema.json").unwrap_or(file);
        assert!(NAMES.contains(&name), "schemas/{file} is no schema the command prints");
    }
}

#[test]
fn an_unknown_report_is_a_usage_error() {
    let out = TestCommand::new().args(["schema", "index"]).run();
    out.assert_code(2);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("scan-jsonl"), "the error lists the reports: {}", out.stderr);
}

fn validator(name: &str) -> Schema {
    let schema: Value = serde_json::from_slice(&std::fs::read(committed(name)).unwrap()).unwrap();
    Schema::new(schema).unwrap_or_else(|e| panic!("{name}: not a schema this validator checks whole: {e}"))
}

/// Asserts that `value` is valid against the committed schema `name`.
#[track_caller]
fn assert_valid(name: &str, value: &Value) {
    let errors = validator(name).errors(value);
    assert!(errors.is_empty(), "{name}: the report does not validate:\n{}\n{value:#}", errors.join("\n"));
}

/// Every line of a JSON Lines output, parsed.
fn lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn the_schemas_reject_what_they_should() {
    let out = TestCommand::in_repo().args(["scan", "corpus/", "--format", "json"]).run();
    let mut report = out.json();
    assert_valid("scan", &report);
    let validator = validator("scan");
    // A missing required field, a wrong type, a value outside its set.
    let mut missing = report.clone();
    missing["passages"][0].as_object_mut().unwrap().remove("paragraphs_a");
    assert!(!validator.is_valid(&missing));
    let mut wrong = report.clone();
    wrong["passages"][0]["a"]["start"] = Value::from(-1);
    assert!(!validator.is_valid(&wrong));
    report["pairs"][0]["direction"]["basis"] = Value::from("guess");
    assert!(!validator.is_valid(&report));
}

const SHARED: &str = "The council confirmed on Tuesday that the new bridge over the river will close for \
    repairs next month, and that buses will be diverted through the old town while the work is done.";
const WIRE: &str = "Emergency crews worked through the night to clear fallen trees from the coast road \
    after the storm brought down power lines and flooded several homes near the harbour wall.";

/// A corpus with every kind of record: reuse with dates (direction), a cluster of three
/// documents with an origin, boilerplate label lines, skipped files (hidden, binary), a
/// warning (Windows-1252), an error (broken UTF-16) and front matter.
fn busy_corpus(t: &TestCommand) {
    t.write("a.txt", format!("---\ntitle: Bridge\ndate: 2024-03-01\noutlet: Gazette\n---\nMorning news.\n\n{SHARED}\n\n{WIRE}\n\nREAD MORE: Local elections\n"));
    t.write("b.txt", format!("2024-03-02 Traders are worried.\n\n{SHARED}\n\nREAD MORE: Local elections\n"));
    t.write("c.txt", format!("---\ndate: 2024-03-03\n---\n{WIRE}\n\nA new paragraph of our own about the harbour.\n"));
    t.write("d/e.txt", format!("{WIRE}\n\nResidents were told to stay indoors.\n"));
    // "Café" in Windows-1252: not UTF-8, read with a warning.
    t.write("latin.txt", [b"Caf\xe9 owners said ".as_slice(), SHARED.as_bytes()].concat());
    t.write(".hidden.txt", SHARED);
    t.write("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let mut broken = vec![0xFF, 0xFE];
    broken.extend("Some text".encode_utf16().flat_map(u16::to_le_bytes));
    broken.push(0x41);
    t.write("broken16.txt", broken);
}

#[test]
fn scan_reports_validate_on_the_bundled_corpus() {
    let out = TestCommand::in_repo().args(["scan", "corpus/", "--format", "json"]).run();
    assert_valid("scan", &out.json());
    let out = TestCommand::in_repo().args(["scan", "corpus/", "--format", "jsonl"]).run();
    for line in lines(out.stdout()) {
        assert_valid("scan-jsonl", &line);
    }
}

#[test]
fn scan_reports_validate_on_a_corpus_with_every_kind_of_record() {
    let mut t = TestCommand::new();
    busy_corpus(&t);
    let out = t.args(["scan", ".", "--format", "json", "--verbose"]).run();
    out.assert_code(3);
    let report = out.json();
    // The corpus does hold every kind of record, so the schema is tried on each.
    for key in ["documents", "pairs", "passages", "clusters", "boilerplate", "skipped", "warnings", "errors"] {
        assert!(!report[key].as_array().unwrap().is_empty(), "no {key} in {report:#}");
    }
    assert!(report["clusters"].as_array().unwrap().iter().any(|c| c.get("origin").is_some()), "{report:#}");
    assert!(report["documents"].as_array().unwrap().iter().any(|d| d.get("title").is_some()));
    assert_valid("scan", &report);

    let mut t = TestCommand::new();
    busy_corpus(&t);
    let out = t.args(["scan", ".", "--format", "jsonl"]).run();
    let lines = lines(out.stdout());
    let types: std::collections::BTreeSet<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    for kind in
        ["header", "document", "pair", "passage", "cluster", "boilerplate", "skipped", "warning", "error", "summary"]
    {
        assert!(types.contains(kind), "no {kind} line");
    }
    for line in &lines {
        assert_valid("scan-jsonl", line);
    }
    // A line of one type does not pass as another.
    let mut header = lines[0].clone();
    header["type"] = Value::from("document");
    assert!(!validator("scan-jsonl").is_valid(&header));
}

#[test]
fn scan_reports_of_json_lines_records_validate() {
    let mut t = TestCommand::new();
    let records = [
        serde_json::json!({"id": "wire-1", "text": format!("Wire: {SHARED}"), "date": "2019-05-04", "outlet": "Wire"}),
        serde_json::json!({"id": "paper-7", "text": format!("Our reporter adds context.\n\n{SHARED}"), "date": "2019-05-05"}),
    ];
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    t.write("c.jsonl", text);
    let out = t.args(["scan", "c.jsonl", "--format", "json"]).run();
    let report = out.json();
    assert_eq!(report["documents"][0]["offsets"], "record-text");
    assert_valid("scan", &report);
}

#[test]
fn trace_reports_validate() {
    for (corpus, file) in [("corpus/", "corpus/williamson-leak-updated-report.txt")] {
        let out = TestCommand::in_repo().args(["trace", file, "--corpus", corpus, "--format", "json"]).run();
        let report = out.json();
        assert!(!report["paragraphs"].as_array().unwrap().is_empty());
        assert_valid("trace", &report);
        let out = TestCommand::in_repo().args(["trace", file, "--corpus", corpus, "--format", "jsonl"]).run();
        for line in lines(out.stdout()) {
            assert_valid("trace-jsonl", &line);
        }
    }
    // Against a corpus with an unreadable file: `errors` and `partial`.
    let mut t = TestCommand::new();
    busy_corpus(&t);
    t.write("query.md", format!("Our own opening.\n\n{WIRE}\n\n{SHARED}\n"));
    let out = t.args(["trace", "query.md", "--corpus", ".", "--format", "json"]).run();
    out.assert_code(3);
    let report = out.json();
    assert!(!report["errors"].as_array().unwrap().is_empty());
    assert_valid("trace", &report);
    let mut t = TestCommand::new();
    busy_corpus(&t);
    t.write("query.md", format!("Our own opening.\n\n{WIRE}\n\n{SHARED}\n"));
    let out = t.args(["trace", "query.md", "--corpus", ".", "--format", "jsonl"]).run();
    let lines = lines(out.stdout());
    assert!(lines.iter().any(|l| l["type"] == "error"));
    for line in &lines {
        assert_valid("trace-jsonl", line);
    }
}

#[test]
fn diff_reports_validate() {
    let out = TestCommand::in_repo()
        .args([
            "diff",
            "--format",
            "json",
            "corpus/williamson-leak-first-report.txt",
            "corpus/williamson-leak-updated-report.txt",
        ])
        .run();
    assert_valid("diff", &out.json());
    let mut t = TestCommand::new();
    t.write("old.txt", format!("First.\n\n{SHARED}\n\n{WIRE}\n\nGone soon.\n"));
    let mut le = vec![0xFF, 0xFE];
    le.extend(format!("{WIRE}\n\nNew start.\n\n{SHARED} Added.\n").encode_utf16().flat_map(u16::to_le_bytes));
    t.write("new.txt", le);
    let out = t.args(["diff", "--format", "json", "old.txt", "new.txt"]).run();
    let report = out.json();
    assert_eq!(report["files"]["new"]["encoding"], "utf-16le");
    let tags: std::collections::BTreeSet<&str> = report["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["ops"].as_array().unwrap().iter().map(|o| o["tag"].as_str().unwrap()))
        .collect();
    assert!(tags.len() >= 3, "{tags:?}");
    assert_valid("diff", &report);
}
