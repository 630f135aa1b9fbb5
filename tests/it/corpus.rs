//! How `copytrace` reads what it is given: empty runs, missing files, bad records,
//! metadata, HTML and dates (the `copytrace-corpus` crate, end to end).

use crate::TestCommand;

const ARTICLE: &str = "The council approved the new budget on Tuesday after a long debate about \
    library funding, road repairs and the future of the swimming pool in the town centre.\n";

/// `scan DIR`, `trace FILE --corpus DIR` and `index DIR` of a folder set up by `setup`:
/// each must fail with exit 2, saying `expected` on stderr and writing nothing on stdout.
fn refused_everywhere(setup: impl Fn(&TestCommand), extra: &[&str], expected: &str) {
    let runs: [&[&str]; 3] =
        [&["scan", "c"], &["trace", "article.txt", "--corpus", "c"], &["index", "c", "-o", "x.idx"]];
    for args in runs {
        let mut t = TestCommand::new();
        std::fs::create_dir_all(t.dir().join("c")).unwrap();
        t.write("article.txt", ARTICLE);
        setup(&t);
        let out = t.args(args).args(extra).run();
        out.assert_code(2);
        assert_eq!(out.stderr, format!("copytrace: error: {expected}\n"), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout());
        assert!(!t.dir().join("x.idx").exists(), "no index is written");
    }
}

#[test]
fn an_empty_folder_is_an_error_not_a_clean_run() {
    refused_everywhere(|_| {}, &[], "c: no readable document (no files)");
}

#[test]
fn a_folder_of_binary_files_is_an_error_that_names_them() {
    refused_everywhere(
        |t| {
            t.write("c/a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
            t.write("c/b.bin", b"\x00\x01\x02");
        },
        &[],
        "c: no readable document (2 files skipped: a.png binary, b.bin binary)",
    );
}

#[test]
fn a_folder_whose_only_file_is_too_large_is_an_error_naming_the_limit() {
    refused_everywhere(
        |t| {
            t.write("c/a.png", b"\x89PNG\r\n\x1a\n\x00");
            t.write("c/b.txt", ARTICLE.repeat(20));
        },
        &["--max-file-size", "1K"],
        "c: no readable document (2 files skipped: a.png binary, b.txt over --max-file-size 1K)",
    );
}

#[test]
fn tracing_a_missing_file_names_it() {
    let mut t = TestCommand::new();
    t.write("c/a.txt", ARTICLE);
    let out = t.args(["trace", "nope.txt", "--corpus", "c"]).run();
    out.assert_code(2);
    assert_eq!(out.stderr, "copytrace: error: nope.txt: no such file\n");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_bad_json_lines_record_is_named_by_file_and_line() {
    let mut t = TestCommand::new();
    let good = serde_json::json!({"id": "a", "text": ARTICLE});
    t.write("c.jsonl", format!("{good}\n\n[1, 2]\n"));
    let out = t.args(["scan", "c.jsonl", "--width", "200"]).run();
    out.assert_code(3);
    assert_eq!(out.stderr, "copytrace: warning: c.jsonl:3: not read: not a JSON object\n");
    assert!(
        out.stdout().contains("partial: c.jsonl:3 could not be read (not a JSON object); this report covers the rest"),
        "{}",
        out.stdout()
    );
    let mut t = TestCommand::new();
    t.write("c.jsonl", format!("{good}\n{{\"id\": \"b\"}}\n"));
    let out = t.args(["scan", "c.jsonl", "--width", "200"]).run();
    out.assert_code(3);
    assert!(
        out.stderr.contains("c.jsonl:2: not read: not a record with \"id\" and \"text\": missing field `text`"),
        "{}",
        out.stderr
    );
}

const PROSE: &str = "The council approved the new budget on Tuesday after a long debate about \
    library funding, road repairs and the future of the swimming pool.\n\nCouncillors said the pool \
    would stay open until the end of the year, when a review of its costs is due.\n";

/// An article with front matter dated `date`.
fn with_front_matter(date: &str) -> String {
    format!("---\ntitle: Budget passed\ndate: {date}\noutlet: Town News\n---\n\n{PROSE}")
}

#[test]
fn trace_shows_no_front_matter() {
    let mut t = TestCommand::new();
    t.write("a.md", with_front_matter("2019-05-04"));
    t.write("c/b.md", with_front_matter("2019-05-05"));
    t.write("c/x.txt", "Other text entirely, about the weather in the hills and the rain of the last week.\n");
    let out = t.args(["trace", "a.md", "--corpus", "c"]).run();
    out.assert_code(1);
    let text = out.stdout();
    for leak in ["title", "Budget passed", "Town News", "---", "\u{FFFD}"] {
        assert!(!text.contains(leak), "{leak:?} in {text}");
    }
    assert!(text.contains("\u{b6}1 line 7, bytes 65..204"), "{text}");
    let json = TestCommand::new()
        .args(["trace", "--format", "json", "--corpus"])
        .args([t.dir().join("c"), t.dir().join("a.md")])
        .run()
        .json();
    assert_eq!(json["paragraphs"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(json["paragraphs"][0]["start"], 65);
}

#[test]
fn diff_counts_the_words_scan_counts() {
    let mut t = TestCommand::new();
    t.write("c/a.md", with_front_matter("2019-05-04"));
    t.write("c/b.txt", format!("date 2019-05-06\n\n{PROSE}Added a last sentence here.\n"));
    let scan = t.args(["scan", "c", "--format", "json"]).run().json();
    let words =
        |id: &str| scan["documents"].as_array().unwrap().iter().find(|d| d["id"] == id).unwrap()["words"].clone();
    let mut t2 = TestCommand::new();
    let diff =
        t2.args(["diff", "--format", "json"]).args([t.dir().join("c/a.md"), t.dir().join("c/b.txt")]).run().json();
    assert_eq!(diff["files"]["old"]["words"], words("a.md"));
    assert_eq!(diff["files"]["new"]["words"], words("b.txt"));
    assert_eq!(words("a.md"), 45);
}

#[test]
fn files_differing_only_in_front_matter_differ_in_metadata_alone() {
    let mut t = TestCommand::new();
    t.write("a.md", with_front_matter("2019-05-04"));
    t.write("b.md", with_front_matter("2019-05-05"));
    let out = t.args(["diff", "a.md", "b.md"]).run();
    out.assert_code(1);
    let text = out.stdout();
    assert!(text.contains("\nmetadata            date 2019-05-04 \u{2192} 2019-05-05\n"), "{text}");
    assert!(text.contains("paragraphs          2 unchanged\n"), "{text}");
    assert!(!text.contains("[-") && !text.contains("{+"), "{text}");
    let mut t2 = TestCommand::new();
    let json = t2.args(["diff", "--format", "json"]).args([t.dir().join("a.md"), t.dir().join("b.md")]).run().json();
    assert_eq!(json["equal"], false);
    assert_eq!(json["metadata"], serde_json::json!([{"key": "date", "old": "2019-05-04", "new": "2019-05-05"}]));
    assert!(json["blocks"].as_array().unwrap().iter().all(|b| b["kind"] == "equal" || b["kind"] == "gap"), "{json}");
    // The same file twice: equal, no metadata line.
    let same = TestCommand::new().args(["diff"]).args([t.dir().join("a.md"), t.dir().join("a.md")]).run();
    same.assert_code(0);
    assert!(!same.stdout().contains("metadata"), "{}", same.stdout());
}

#[test]
fn diff_offsets_of_a_front_matter_file_point_at_its_bytes() {
    let mut t = TestCommand::new();
    let old = with_front_matter("2019-05-04");
    let new = with_front_matter("2019-05-04").replace("Tuesday", "Wednesday");
    t.write("a.md", &old);
    t.write("b.md", &new);
    let json = t.args(["diff", "--format", "json", "a.md", "b.md"]).run().json();
    let meta_end = new.find("\n---\n").unwrap() + 5; // the closing line; the blank line after it is a gap
    assert_eq!(json["files"]["new"]["metadata"], serde_json::json!({"start": 0, "end": meta_end}));
    let span = |v: &serde_json::Value| (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
    let mut rebuilt = String::new();
    let mut replaced = Vec::new();
    for block in json["blocks"].as_array().unwrap() {
        for op in block["ops"].as_array().unwrap() {
            let (s, e) = span(&op["new"]);
            rebuilt.push_str(&new[s..e]);
            if op["tag"] == "replace" {
                let (os, oe) = span(&op["old"]);
                replaced.push((old[os..oe].to_owned(), new[s..e].to_owned()));
            }
        }
    }
    assert_eq!(rebuilt, new[meta_end..], "the ops cover the prose, after the metadata");
    assert_eq!(replaced, [("Tuesday".to_owned(), "Wednesday".to_owned())]);
}
