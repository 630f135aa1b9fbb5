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
    let out = t.args(["scan", "c.jsonl"]).run();
    out.assert_code(3);
    assert_eq!(out.stderr, "copytrace: warning: c.jsonl:3: not read: not a JSON object\n");
    assert!(
        out.stdout().contains("partial: c.jsonl:3 could not be read (not a JSON object); this report covers the rest"),
        "{}",
        out.stdout()
    );
    let mut t = TestCommand::new();
    t.write("c.jsonl", format!("{good}\n{{\"id\": \"b\"}}\n"));
    let out = t.args(["scan", "c.jsonl"]).run();
    out.assert_code(3);
    assert!(
        out.stderr.contains("c.jsonl:2: not read: not a record with \"id\" and \"text\": missing field `text`"),
        "{}",
        out.stderr
    );
}
