//! The text model seen from the commands: one word count everywhere, and how files that are
//! nearly all prose are read.

use crate::TestCommand;

/// Prose with the tokens word counts disagree on: numbers, dates, hyphens, apostrophes
/// (straight and curly), a URL, an e-mail address, an emoji, CJK, and a credit line that
/// the reuse engine sets apart as boilerplate. No metadata.
const TRICKY: &str = "Credit: PA\n\n\
    The well-known firm\u{2019}s shares rose 3.5% on 2019-05-04 \u{2014} don't panic, said the \
    chief (see https://example.com/a-b?x=1 or mail press@example.com). \u{1F600}\n\n\
    \u{4E2D}\u{6587}\u{6587}\u{672C} and r\u{E9}sum\u{E9}s, \u{201C}quoted\u{201D} text: \
    1,000,000 people; U.S. e-mail x-ray.\n";

const OTHER: &str = "An unrelated note about the garden, the weather and the long summer \
    evenings by the sea, with nothing in common.\n";

/// `scan` and `diff` count the words of a file without metadata alike, and as the text
/// model's one word count does (`scan` used to leave the credit line's words out).
#[test]
fn scan_and_diff_count_the_same_words() {
    let mut scan = TestCommand::new();
    let tricky = scan.write("tricky.txt", TRICKY);
    let other = scan.write("other.txt", OTHER);
    let out = scan.args(["scan", ".", "--format", "json"]).run();
    out.assert_code(0);
    let json = out.json();
    let docs = json["documents"].as_array().expect("documents");
    let scanned = docs.iter().find(|d| d["id"] == "tricky.txt").expect("tricky.txt scanned")["words"].as_u64();

    let out = TestCommand::new()
        .args(["diff".as_ref(), tricky.as_os_str(), other.as_os_str(), "--format".as_ref(), "json".as_ref()])
        .run();
    let diffed = out.json()["stats"]["old_words"].as_u64();

    let counted = copytrace_text::word_count(TRICKY) as u64;
    assert_eq!(scanned, Some(counted), "scan");
    assert_eq!(diffed, Some(counted), "diff");
}

/// The word and byte figures of `corpus/README.md`'s table are what `scan` reports.
#[test]
fn corpus_readme_figures_are_what_scan_counts() {
    let readme = std::fs::read_to_string(std::path::Path::new(crate::ROOT).join("corpus/README.md")).expect("README");
    let out = TestCommand::in_repo().args(["scan", "corpus", "--format", "json"]).run();
    let json = out.json();
    let docs = json["documents"].as_array().expect("documents");
    let mut rows = 0;
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (file, words, bytes) = (cells[1].trim_matches('`'), cells[cells.len() - 3], cells[cells.len() - 2]);
        let doc = docs.iter().find(|d| d["id"] == file).unwrap_or_else(|| panic!("{file} scanned"));
        assert_eq!(doc["words"].to_string(), words, "words of {file}");
        assert_eq!(doc["bytes"].to_string(), bytes, "bytes of {file}");
        rows += 1;
    }
    assert_eq!(rows, docs.len(), "one row a document");
}
