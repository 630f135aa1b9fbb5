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

/// A crawled page: kilobytes of prose with a lost curly apostrophe as `\x19` and a stray NUL.
fn crawled_page() -> Vec<u8> {
    let para = "The regional council approved the new transport budget on Tuesday after months of \
                debate, and the minister said the delays had cost the county dearly.\n\n";
    let mut page = para.repeat(30).into_bytes();
    let at = page.windows(8).position(|w| w == b"minister").expect("minister") + 8;
    page.insert(at, 0x19); // "minister\x19s"
    page.insert(at + 1, b's');
    let nul = page.len() / 2;
    page[nul] = 0;
    page
}

/// Defect 15: prose with rare stray control bytes is read as text with a warning naming the
/// file (it used to be skipped as binary), and the bytes never reach the terminal raw.
#[test]
fn prose_with_stray_control_bytes_is_read_with_a_warning() {
    let page = crawled_page();
    let mut scan = TestCommand::new();
    let crawled = scan.write("crawled.txt", &page);
    scan.write("other.txt", OTHER);
    let out = scan.args(["scan", ".", "--format", "json"]).run();
    out.assert_code(0);
    let json = out.json();
    let ids: Vec<&str> =
        json["documents"].as_array().expect("documents").iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, ["crawled.txt", "other.txt"], "stderr: {}", out.stderr);
    assert!(
        out.stderr.lines().any(|l| l.contains("crawled.txt") && l.contains("stray control byte")),
        "stderr: {}",
        out.stderr
    );

    // Against a copy with the bytes cleaned up: found as reuse (exit 1), offsets in the file.
    let mut scan = TestCommand::new();
    scan.write("crawled.txt", &page);
    let clean: Vec<u8> = page
        .iter()
        .map(|&b| {
            if b == 0x19 {
                b'\''
            } else if b == 0 {
                b' '
            } else {
                b
            }
        })
        .collect();
    scan.write("clean.txt", &clean);
    let out = scan.args(["scan", "."]).run();
    out.assert_code(1);
    assert!(!out.stdout.iter().any(|&b| b == 0x19 || b == 0), "control bytes reached stdout");

    let out =
        TestCommand::new().args(["diff".as_ref(), crawled.as_os_str(), scan.dir().join("clean.txt").as_os_str()]).run();
    out.assert_code(1);
    assert!(out.stderr.contains("crawled.txt") && out.stderr.contains("stray control byte"), "{}", out.stderr);
    assert!(!out.stdout.iter().any(|&b| b == 0x19 || b == 0), "control bytes reached stdout");
    let out = TestCommand::new()
        .args(["diff".as_ref(), crawled.as_os_str(), crawled.as_os_str(), "--format".as_ref(), "json".as_ref()])
        .run();
    out.assert_code(0);
    assert_eq!(
        out.json()["stats"]["old_words"].as_u64(),
        Some(copytrace_text::word_count(std::str::from_utf8(&page).expect("UTF-8")) as u64)
    );
}

/// A binary file is still skipped, even when most of it is text after its signature.
#[test]
fn a_png_with_text_after_its_signature_is_still_binary() {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(OTHER.repeat(20).bytes());
    let mut scan = TestCommand::new();
    scan.write("image.png.txt", &png);
    scan.write("other.txt", OTHER);
    scan.write("third.txt", TRICKY);
    let out = scan.args(["scan", ".", "--format", "json"]).run();
    let json = out.json();
    let ids: Vec<&str> =
        json["documents"].as_array().expect("documents").iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, ["other.txt", "third.txt"]);
}
