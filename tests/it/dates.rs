//! Publication dates end to end (defect 16 of issue 10): RFC 3339 date-times keep their time
//! and zone, compare as instants, and a date that cannot be read is named.

use crate::TestCommand;
use serde_json::Value;

const PROSE: &str = "The council approved the new budget on Tuesday after a long debate about \
    library funding, road repairs and the future of the swimming pool.\n\nCouncillors said the pool \
    would stay open until the end of the year, when a review of its costs is due.\n";

/// An article with front matter dated `date`; `more` adds a sentence, so that the other
/// copy is wholly contained in this one (containment alone would call the other the source).
fn article(date: &str, more: bool) -> String {
    let tail = if more { "A last sentence was added by the second outlet.\n" } else { "" };
    format!("---\ntitle: Budget passed\ndate: {date}\n---\n\n{PROSE}{tail}")
}

/// `scan c --format json` of the files `(name, content)`.
fn scan(files: &[(&str, String)]) -> (Value, String) {
    let mut t = TestCommand::new();
    for (name, content) in files {
        t.write(&format!("c/{name}"), content);
    }
    let out = t.args(["scan", "c", "--format", "json"]).run();
    out.assert_code(1);
    (out.json(), out.stderr.clone())
}

fn date_of(json: &Value, id: &str) -> Value {
    json["documents"].as_array().unwrap().iter().find(|d| d["id"] == id).unwrap()["date"].clone()
}

/// The only pair's direction: (source, basis).
fn direction(json: &Value) -> (Value, Value) {
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{json}");
    (pairs[0]["direction"]["source"].clone(), pairs[0]["direction"]["basis"].clone())
}

#[test]
fn a_front_matter_date_time_keeps_its_time_and_zone_in_json() {
    let (json, stderr) =
        scan(&[("a.md", article("2024-03-11T08:00:00Z", false)), ("b.md", article("2024-03-11T09:00:00+01:00", true))]);
    assert_eq!(date_of(&json, "a.md"), "2024-03-11T08:00:00Z");
    assert_eq!(date_of(&json, "b.md"), "2024-03-11T09:00:00+01:00", "the offset as written");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn two_documents_of_one_day_are_ordered_by_their_times() {
    // b.md contains all of a.md: containment alone would make a.md the source.
    let (json, _) =
        scan(&[("a.md", article("2024-03-11T09:00:00Z", false)), ("b.md", article("2024-03-11T08:00:00Z", true))]);
    assert_eq!(direction(&json), (Value::from("b.md"), Value::from("date")));
    let clusters = json["clusters"].as_array().unwrap();
    assert!(clusters.iter().all(|c| c["origin"] == "b.md"), "{clusters:?}");
}

#[test]
fn date_times_in_different_zones_compare_as_instants() {
    // 08:00 in Paris is 07:00 UTC, half an hour before 07:30 UTC (as text it sorts after).
    let (json, _) =
        scan(&[("a.md", article("2024-03-11T07:30:00Z", false)), ("b.md", article("2024-03-11T08:00:00+01:00", true))]);
    assert_eq!(direction(&json), (Value::from("b.md"), Value::from("date")));
}

#[test]
fn a_day_and_a_time_on_that_day_are_not_ordered_by_date() {
    for (da, db) in [("2024-03-11", "2024-03-11T08:00:00Z"), ("2024-03-11T23:00:00-05:00", "2024-03-11")] {
        let (json, _) = scan(&[("a.md", article(da, false)), ("b.md", article(db, true))]);
        let (source, basis) = direction(&json);
        assert_ne!(basis, "date", "{da} {db}: {json}");
        // Containment decides instead: a.md is wholly in b.md.
        assert_eq!(source, "a.md", "{da} {db}");
        assert!(json["clusters"].as_array().unwrap().iter().all(|c| c["origin"].is_null()), "{json}");
    }
    // Different days are ordered, whatever the time.
    let (json, _) = scan(&[("a.md", article("2024-03-12", false)), ("b.md", article("2024-03-11T23:00:00Z", true))]);
    assert_eq!(direction(&json), (Value::from("b.md"), Value::from("date")));
}

#[test]
fn a_date_that_cannot_be_read_is_named_with_its_file() {
    let (json, stderr) = scan(&[("a.md", article("11/03/2024", false)), ("b.md", article("2024-03-11", true))]);
    assert_eq!(
        stderr,
        "copytrace: warning: a.md: \"11/03/2024\" is not a date (YYYY-MM-DD or RFC 3339 date-time); ignored\n"
    );
    assert!(date_of(&json, "a.md").is_null());
}

#[test]
fn json_lines_records_are_dated_by_date_or_published() {
    let mut t = TestCommand::new();
    let records = [
        serde_json::json!({"id": "late", "text": PROSE, "date": "2024-03-11T07:30:00Z"}),
        serde_json::json!({"id": "early", "text": format!("{PROSE} More."), "published": "2024-03-11T08:00:00+01:00"}),
        serde_json::json!({"id": "bad", "text": "Unrelated words about the weather and the rain.", "published": "soon"}),
    ];
    let lines: String = records.iter().map(|r| format!("{r}\n")).collect();
    t.write("c.jsonl", lines);
    let out = t.args(["scan", "c.jsonl", "--format", "json"]).run();
    out.assert_code(1);
    let json = out.json();
    assert_eq!(date_of(&json, "early"), "2024-03-11T08:00:00+01:00");
    assert_eq!(direction(&json), (Value::from("early"), Value::from("date")));
    assert_eq!(
        out.stderr,
        "copytrace: warning: c.jsonl:3: \"soon\" is not a date (YYYY-MM-DD or RFC 3339 date-time); ignored\n"
    );
}
