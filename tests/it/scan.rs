//! `copytrace scan` and `copytrace trace`: the seed corpus acceptance (issue 3 §4), golden
//! reports, corpus reading through the binary, exit codes and determinism.

use crate::{TestCommand, ROOT};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const FIRST: &str = "williamson-leak-first-report.txt";
const UPDATED: &str = "williamson-leak-updated-report.txt";
const OTHER: &str = "williamson-sacked-other-outlet.txt";

fn scan_json(args: &[&str]) -> (i32, Value) {
    let out = TestCommand::in_repo().args(["scan", "--format", "json"]).args(args).run();
    (out.code, out.json())
}

/// Lower-cased alphanumeric words of `bytes` (read as UTF-8, or Windows-1252 when not).
fn words(bytes: &[u8]) -> Vec<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Longest common subsequence of two word lists.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut prev = 0;
        for (j, y) in b.iter().enumerate() {
            let keep = row[j + 1];
            row[j + 1] = if x == y { prev + 1 } else { row[j + 1].max(row[j]) };
            prev = keep;
        }
    }
    row[b.len()]
}

fn slice<'a>(files: &'a std::collections::BTreeMap<String, Vec<u8>>, loc: &Value) -> &'a [u8] {
    let bytes = &files[loc["doc"].as_str().unwrap()];
    let (start, end) = (loc["start"].as_u64().unwrap() as usize, loc["end"].as_u64().unwrap() as usize);
    assert!(start < end && end <= bytes.len(), "{loc} out of bounds");
    &bytes[start..end]
}

fn read_files(dir: &Path, report: &Value) -> std::collections::BTreeMap<String, Vec<u8>> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let id = d["id"].as_str().unwrap().to_owned();
            let bytes = std::fs::read(dir.join(d["path"].as_str().unwrap())).unwrap();
            (id, bytes)
        })
        .collect()
}

/// Every passage's offsets slice the original files to text that matches the other side.
fn assert_offsets_match(dir: &Path, report: &Value) {
    let files = read_files(dir, report);
    for p in report["passages"].as_array().unwrap() {
        let a = words(slice(&files, &p["a"]));
        let b = words(slice(&files, &p["b"]));
        let common = lcs(&a, &b);
        let similarity = 2.0 * common as f64 / (a.len() + b.len()) as f64;
        assert!(similarity >= 0.5, "passage {} sides do not match ({similarity:.2}):\n{a:?}\n{b:?}", p["id"]);
        assert!(common >= 8, "passage {} shares only {common} words", p["id"]);
        assert!(a.first() == b.first() || a.last() == b.last(), "passage {} is not anchored: {a:?} / {b:?}", p["id"]);
        if p["similarity"].as_f64() == Some(1.0) {
            assert_eq!(a, b, "passage {} has similarity 1 but different words", p["id"]);
        }
    }
}

#[test]
fn seed_corpus_acceptance() {
    let (code, report) = scan_json(&["corpus/"]);
    assert_eq!(code, 1, "reuse found exits 1");
    assert_eq!(report["format"], "copytrace-scan");
    assert_eq!(report["version"], 1);
    assert_eq!(report["partial"], false);
    let ids: Vec<&str> = report["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [FIRST, UPDATED, OTHER], "README.md is the corpus's description, not a document");
    let paths: Vec<&str> =
        report["documents"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ids, "paths are relative to the corpus directory");

    // The two related articles: nearly all of the shorter one is in the longer one.
    let pairs = report["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "only the two reports share passages: {pairs:#?}");
    let pair = &pairs[0];
    assert_eq!((pair["a"].as_str(), pair["b"].as_str()), (Some(FIRST), Some(UPDATED)));
    assert!(pair["a_in_b"].as_f64().unwrap() >= 0.9, "first report in updated: {}", pair["a_in_b"]);
    assert!(pair["b_in_a"].as_f64().unwrap() < 0.8, "the updated report adds text: {}", pair["b_in_a"]);
    assert_eq!(pair["direction"]["source"], FIRST, "{}", pair["direction"]);

    // Its merged paragraphs (2nd and 4th, 0-based 1 and 3) match several paragraphs of the longer one.
    let passages = report["passages"].as_array().unwrap();
    for merged in [1u64, 3] {
        let targets: BTreeSet<u64> = passages
            .iter()
            .filter(|p| p["paragraphs_a"].as_array().unwrap().iter().any(|i| i.as_u64() == Some(merged)))
            .flat_map(|p| p["paragraphs_b"].as_array().unwrap().iter().map(|i| i.as_u64().unwrap()))
            .collect();
        assert!(targets.len() >= 3, "paragraph {merged} of the first report maps to {targets:?}");
    }
    // The police statement, the caption lines and the MPs paragraph are all covered.
    let files = read_files(&Path::new(ROOT).join("corpus"), &report);
    let covered: String = passages
        .iter()
        .map(|p| String::from_utf8_lossy(slice(&files, &p["a"])).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    for phrase in [
        "Gavin Williamson was fired from his role as Defence Secretary",
        "Some MPs have called for Mr Williamson to be prosecuted",
        "I have spoken to the Cabinet Office",
        "It would be inappropriate to carry out a police investigation",
    ] {
        assert!(covered.contains(phrase), "not covered: {phrase}");
    }

    // The independent article shares no passage of eight or more words with either.
    assert!(passages.iter().all(|p| p["a"]["doc"] != OTHER && p["b"]["doc"] != OTHER));
    let other = report["documents"].as_array().unwrap().iter().find(|d| d["id"] == OTHER).unwrap();
    assert_eq!(other["shared_words"], 0);
    assert_eq!(other["originality"], 1.0);

    assert_offsets_match(&Path::new(ROOT).join("corpus"), &report);
}

#[test]
fn golden_human_report() {
    let out = TestCommand::in_repo().args(["scan", "corpus/"]).run();
    out.assert_code(1);
    insta::assert_snapshot!("scan_corpus_human", out.stdout());
}

#[test]
fn golden_human_detail_report() {
    let out = TestCommand::in_repo().args(["scan", "corpus/", "--detail", "--width", "120"]).run();
    out.assert_code(1);
    insta::assert_snapshot!("scan_corpus_detail", out.stdout());
}

#[test]
fn golden_json_report() {
    let out = TestCommand::in_repo().args(["scan", "corpus/", "--format", "json"]).run();
    out.assert_code(1);
    insta::assert_snapshot!("scan_corpus_json", out.stdout());
}

#[test]
fn output_is_deterministic() {
    for format in ["json", "jsonl", "human"] {
        let run = || TestCommand::in_repo().args(["scan", "corpus/", "--detail", "--format", format]).run().stdout;
        assert_eq!(run(), run(), "two runs of --format {format} differ");
    }
}

#[test]
fn jsonl_streams_typed_records() {
    let out = TestCommand::in_repo().args(["scan", "corpus/", "--format", "jsonl"]).run();
    out.assert_code(1);
    let lines: Vec<Value> = out.stdout().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let types: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(types.first(), Some(&"header"));
    assert_eq!(types.last(), Some(&"summary"));
    assert_eq!(types.iter().filter(|t| **t == "document").count(), 3);
    let (_, json) = scan_json(&["corpus/"]);
    assert_eq!(types.iter().filter(|t| **t == "passage").count(), json["passages"].as_array().unwrap().len());
    assert_eq!(lines.last().unwrap()["pairs"], 1);
}

const SHARED: &str = "The minister said the inquiry had found compelling evidence that the leak came from within the council, and that no further action would be taken by the police this year.";

#[test]
fn hidden_binary_and_readme_files_are_skipped_and_listed_with_verbose() {
    let mut t = TestCommand::new();
    t.write("c/a.txt", format!("Local news opening words here.\n\n{SHARED}\n"));
    t.write("c/b.txt", format!("{SHARED}\n\nA different closing paragraph entirely.\n"));
    t.write("c/.draft.txt", SHARED);
    t.write("c/.git/x.txt", SHARED);
    t.write("c/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    t.write("c/README", SHARED);
    let out = t.args(["scan", "c", "--verbose", "--format", "json"]).run();
    out.assert_code(1);
    let report = out.json();
    assert_eq!(report["summary"]["documents"], 2);
    let skipped: Vec<String> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{}: {}", s["path"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert!(skipped.iter().any(|s| s == ".draft.txt: hidden"), "{skipped:?}");
    assert!(skipped.iter().any(|s| s == ".git: hidden"), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.starts_with("logo.png: binary")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.starts_with("README: README")), "{skipped:?}");

    let human = TestCommand::new();
    human.write("c/a.txt", SHARED);
    human.write("c/logo.png", b"\x00\x01\x02");
    let quiet = TestCommand::new().args(["scan"]).args([human.dir().join("c")]).run();
    assert!(quiet.stdout().contains("1 file skipped"), "{}", quiet.stdout());
    assert!(!quiet.stdout().contains("logo.png"));
    let loud = TestCommand::new().args(["scan", "--verbose"]).args([human.dir().join("c")]).run();
    assert!(loud.stdout().contains("logo.png: binary"), "{}", loud.stdout());
}

#[test]
fn globs_include_and_exclude() {
    let mut t = TestCommand::new();
    t.write("c/a.txt", SHARED);
    t.write("c/b.txt", SHARED);
    t.write("c/notes/c.md", SHARED);
    let out = t.args(["scan", "c", "--glob", "*.txt", "--glob", "!b.txt", "--format", "json"]).run();
    out.assert_code(0);
    let report = out.json();
    let ids: Vec<&str> = report["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a.txt"]);
    assert_eq!(report["settings"]["lone_doc_freq"], 50, "the default");
    let out =
        TestCommand::new().args(["scan", "--lone-doc-freq", "7", "--format", "json"]).args([t.dir().join("c")]).run();
    assert_eq!(out.json()["settings"]["lone_doc_freq"], 7);
    let out = TestCommand::new().args(["scan", "--glob", "a[", "."]).run();
    out.assert_code(2);
    assert!(out.stderr.contains("a["), "{}", out.stderr);
}

#[test]
fn json_lines_corpus() {
    let mut t = TestCommand::new();
    let records = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"id": "wire-1", "text": format!("Wire: {SHARED}"), "date": "2019-05-04", "outlet": "Wire"}),
        serde_json::json!({"id": "paper-7", "text": format!("Our reporter adds context.\n\n{SHARED}"), "date": "2019-05-05"}),
        serde_json::json!({"id": "other", "text": "Nothing in common with the rest of these records at all."}),
    );
    let path = t.write("corpus.jsonl", &records);
    let out = t.args(["scan", "corpus.jsonl", "--format", "json"]).run();
    out.assert_code(1);
    let report = out.json();
    let doc = &report["documents"][0];
    assert_eq!(
        (doc["id"].as_str(), doc["line"].as_u64(), doc["offsets"].as_str()),
        (Some("wire-1"), Some(1), Some("record-text"))
    );
    assert_eq!(doc["outlet"], "Wire");
    let pair = &report["pairs"][0];
    assert_eq!(pair["direction"]["source"], "wire-1");
    assert_eq!(pair["direction"]["basis"], "date");
    // Offsets refer to each record's text.
    let texts: std::collections::BTreeMap<String, String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["id"].as_str().unwrap().to_owned(), v["text"].as_str().unwrap().to_owned()))
        .collect();
    for p in report["passages"].as_array().unwrap() {
        let side = |loc: &Value| {
            let text = &texts[loc["doc"].as_str().unwrap()];
            words(&text.as_bytes()[loc["start"].as_u64().unwrap() as usize..loc["end"].as_u64().unwrap() as usize])
        };
        assert_eq!(side(&p["a"]), side(&p["b"]));
        assert!(side(&p["a"]).len() >= 20);
    }
}

#[test]
fn a_bad_record_makes_the_result_partial() {
    let mut t = TestCommand::new();
    let records = format!(
        "{}\nnot json\n{}\n",
        serde_json::json!({"id": "a", "text": SHARED}),
        serde_json::json!({"id": "b", "text": "Something else entirely, with no shared words worth a passage."})
    );
    t.write("c.jsonl", records);
    let out = t.args(["scan", "c.jsonl"]).run();
    out.assert_code(3);
    assert!(out.stdout().contains("partial: c.jsonl:2 could not be read (not JSON: "), "{}", out.stdout());
    assert!(out.stderr.contains("c.jsonl:2"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_fatal() {
    let mut t = TestCommand::new();
    t.write("c/a.txt", SHARED);
    t.write("c/sub/b.txt", SHARED);
    std::os::unix::fs::symlink(t.dir().join("c"), t.dir().join("c/sub/back")).unwrap();
    let out = t.args(["scan", "c", "--follow", "--format", "json"]).run();
    out.assert_code(1);
    assert!(out.stderr.contains("sub/back: skipped: symbolic link loop"), "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["summary"]["documents"], 2);
    assert_eq!(report["partial"], false);
    let plain = TestCommand::new().args(["scan", "--format", "json"]).args([t.dir().join("c")]).run();
    assert_eq!(plain.json()["skipped"][0]["reason"], "symbolic link, not followed (use --follow)");
}

#[test]
fn exit_codes() {
    let mut clean = TestCommand::new();
    clean.write("c/a.txt", SHARED);
    clean.write("c/b.txt", "An unrelated article about the weather over the bank holiday weekend in the north.");
    clean.args(["scan", "c"]).run().assert_code(0);
    let out = TestCommand::new().args(["scan", "no-such-dir"]).run();
    out.assert_code(2);
    assert!(out.stderr.contains("no-such-dir: no such file or directory"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn trace_says_likeliest_source_once() {
    // (Wide enough that no line wraps.)
    let out = TestCommand::in_repo()
        .args(["--width", "200", "trace", &format!("corpus/{UPDATED}"), "--corpus", "corpus/"])
        .run();
    out.assert_code(1);
    let likeliest: Vec<&str> = out.stdout().lines().filter(|l| l.trim_start().starts_with("=>")).collect();
    assert!(!likeliest.is_empty(), "{}", out.stdout());
    for line in likeliest {
        // "likeliest source, a source of the article" said the same thing twice.
        // (The passages' tiers follow.)
        assert!(line.contains(" words, likeliest source, ") && !line.contains("a source of the article"), "{line}");
        assert!(
            line.ends_with(", verbatim)") || line.ends_with(", edited)") || line.ends_with(" and edited)"),
            "{line}"
        );
    }
}

#[test]
fn trace_names_the_likeliest_source_per_paragraph() {
    let out = TestCommand::in_repo()
        .args(["trace", &format!("corpus/{UPDATED}"), "--corpus", "corpus/", "--format", "json"])
        .run();
    out.assert_code(1);
    let report = out.json();
    assert_eq!(report["format"], "copytrace-trace");
    assert_eq!(report["documents"], 2, "the traced article is left out of its own corpus");
    let paragraphs = report["paragraphs"].as_array().unwrap();
    assert!(paragraphs[0]["sources"].as_array().unwrap().is_empty(), "the new headline is original");
    assert_eq!(paragraphs[1]["likeliest"], FIRST, "the caption comes from the first report");
    assert!(paragraphs.iter().all(|p| p["sources"].as_array().unwrap().iter().all(|s| s["doc"] != OTHER)));
    let updated = std::fs::read(Path::new(ROOT).join("corpus").join(UPDATED)).unwrap();
    let caption = &paragraphs[1];
    let text = &updated[caption["start"].as_u64().unwrap() as usize..caption["end"].as_u64().unwrap() as usize];
    assert!(text.starts_with(b"Gavin Williamson was fired"));
    assert_eq!(caption["line"], 3);
    // Passages are clipped to the paragraph they are listed under, on both sides: the
    // first report's one long passage is listed under a dozen paragraphs of the updated one,
    // each time as the part that paragraph holds.
    let first = std::fs::read(Path::new(ROOT).join("corpus").join(FIRST)).unwrap();
    let at = |loc: &serde_json::Value| (loc["start"].as_u64().unwrap() as usize, loc["end"].as_u64().unwrap() as usize);
    let mut first_sides = Vec::new();
    for p in paragraphs {
        let (start, end) = (p["start"].as_u64().unwrap() as usize, p["end"].as_u64().unwrap() as usize);
        for s in p["sources"].as_array().unwrap() {
            let tiers = s["tiers"].as_array().unwrap();
            assert_eq!(tiers.len(), s["passages"].as_array().unwrap().len(), "one tier per passage: {s}");
            assert!(tiers.iter().all(|t| ["verbatim", "edited", "reworded"].contains(&t.as_str().unwrap())), "{s}");
            for pair in s["passages"].as_array().unwrap() {
                let (ms, me) = at(&pair[0]);
                assert!(start <= ms && me <= end, "article side {ms}..{me} outside its paragraph {start}..{end}");
                first_sides.push(at(&pair[1]));
            }
        }
    }
    let sacked = paragraphs.iter().position(|p| updated[at(p).0..].starts_with(b"Mr Williamson was sacked")).unwrap();
    let pair = &paragraphs[sacked]["sources"][0]["passages"][0];
    let (s, e) = at(&pair[1]);
    assert_eq!(
        std::str::from_utf8(&first[s..e]).unwrap(),
        "Williamson was sacked by Theresa May after she was handed \"compelling evidence\" he was behind the leak - something he has denied"
    );
    first_sides.sort_unstable();
    first_sides.dedup();
    assert!(first_sides.len() >= 10, "each paragraph gets its own part of the source: {first_sides:?}");
}

/// `SHARED` with curly quotes, for encodings that have them.
const CURLY: &str = "The minister said the \u{201C}inquiry\u{201D} had found compelling evidence that the leak came from within the council, and that no further action would be taken by the police this year.";

#[test]
fn other_encodings_are_read_and_offsets_refer_to_the_file_bytes() {
    let mut t = TestCommand::new();
    let cp1252: Vec<u8> = CURLY
        .chars()
        .map(|c| match c {
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            c => u8::try_from(u32::from(c)).unwrap(),
        })
        .collect();
    let mut latin = b"Caf\xe9 owners were told on Monday.\n\n".to_vec();
    latin.extend_from_slice(&cp1252);
    t.write("c/latin.txt", &latin);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(format!("Opening words of a wire story.\n\n{CURLY}").encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    t.write("c/utf16.txt", &utf16);
    t.write("c/utf8.txt", format!("date 2019-05-04 {CURLY}"));
    t.write("c/empty.txt", "");
    t.write("c/blank.txt", "  \n\t\n");
    let out = t.args(["scan", "c", "--format", "json"]).run();
    out.assert_code(1);
    assert!(out.stderr.contains("latin.txt: not valid UTF-8; read as Windows-1252"), "{}", out.stderr);
    let report = out.json();
    let ids: Vec<&str> = report["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["latin.txt", "utf16.txt", "utf8.txt"], "empty and blank files are skipped");
    let encodings: Vec<&str> =
        report["documents"].as_array().unwrap().iter().map(|d| d["encoding"].as_str().unwrap()).collect();
    assert_eq!(encodings, ["windows-1252", "utf-16le", "utf-8"]);
    assert_eq!(report["summary"]["pairs"], 3, "the passage is found whatever the encoding");
    let files: std::collections::BTreeMap<&str, Vec<u8>> = [
        ("latin.txt", latin.clone()),
        ("utf16.txt", utf16.clone()),
        ("utf8.txt", format!("date 2019-05-04 {CURLY}").into_bytes()),
    ]
    .into_iter()
    .collect();
    let decode = |doc: &str, bytes: &[u8]| -> String {
        match doc {
            "latin.txt" => bytes.iter().map(|&b| if b == 0x93 || b == 0x94 { '"' } else { char::from(b) }).collect(),
            "utf16.txt" => {
                String::from_utf16(&bytes.chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect::<Vec<_>>())
                    .unwrap()
            }
            _ => String::from_utf8(bytes.to_vec()).unwrap(),
        }
    };
    for p in report["passages"].as_array().unwrap() {
        let side = |loc: &Value| {
            let doc = loc["doc"].as_str().unwrap();
            let (s, e) = (loc["start"].as_u64().unwrap() as usize, loc["end"].as_u64().unwrap() as usize);
            words(decode(doc, &files[doc][s..e]).as_bytes())
        };
        assert_eq!(side(&p["a"]), side(&p["b"]), "passage {}", p["id"]);
        assert_eq!(side(&p["a"]).first().map(String::as_str), Some("the"));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_are_escaped_in_ids() {
    use std::os::unix::ffi::OsStrExt;
    let t = TestCommand::new();
    std::fs::create_dir(t.dir().join("c")).unwrap();
    std::fs::write(t.dir().join("c").join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")), SHARED).unwrap();
    std::fs::write(t.dir().join("c/plain.txt"), SHARED).unwrap();
    let out = TestCommand::new().args(["scan", "--format", "json"]).args([t.dir().join("c")]).run();
    out.assert_code(1);
    let report = out.json();
    assert_eq!(report["documents"][0]["id"], "caf\\xE9.txt");
    assert_eq!(report["pairs"][0]["a"], "caf\\xE9.txt");
}

#[test]
fn warnings_on_stderr_are_capped_without_verbose() {
    let t = TestCommand::new();
    for i in 0..25 {
        let mut latin = b"Caf\xe9 number ".to_vec();
        latin.extend_from_slice(format!("{i} opened on Monday morning.").as_bytes());
        t.write(&format!("c/{i:02}.txt"), latin);
    }
    let dir = t.dir().join("c");
    let quiet = TestCommand::new().args(["scan", "--format", "json"]).args([&dir]).run();
    quiet.assert_code(0);
    assert_eq!(quiet.stderr.lines().filter(|l| l.contains("read as Windows-1252")).count(), 20, "{}", quiet.stderr);
    assert!(quiet.stderr.contains("5 more warnings (--verbose lists them)"), "{}", quiet.stderr);
    assert_eq!(quiet.json()["warnings"].as_array().unwrap().len(), 25, "the report lists every warning");
    let loud = TestCommand::new().args(["scan", "--format", "json", "--verbose"]).args([&dir]).run();
    assert_eq!(loud.stderr.lines().filter(|l| l.contains("read as Windows-1252")).count(), 25);
}

#[test]
fn golden_trace_report() {
    let out = TestCommand::in_repo().args(["trace", &format!("corpus/{UPDATED}"), "--corpus", "corpus/"]).run();
    out.assert_code(1);
    insta::assert_snapshot!("trace_updated_report_human", out.stdout());
}

#[test]
fn a_statement_quoted_by_several_outlets_is_one_cluster_with_its_text_and_origin() {
    let mut t = TestCommand::new();
    let own = [
        "Heavy rain is expected to continue across the region until the end of the week, with flood warnings in place along the river.",
        "The council has opened three new libraries this year, and a fourth is planned for the spring if the budget allows it.",
        "Local businesses reported a busy weekend as the summer festival drew visitors from across the county and beyond.",
    ];
    t.write(
        "c/wire.txt",
        format!("---\ndate: 2021-03-01\noutlet: Wire\n---\nOpening words of the wire story.\n\n{SHARED}\n"),
    );
    for (i, text) in own.iter().enumerate() {
        t.write(&format!("c/outlet-{i}.txt"), format!("---\ndate: 2021-03-0{}\n---\n{text}\n\n{SHARED}\n", i + 2));
    }
    let out = t.args(["scan", "c", "--format", "json"]).run();
    out.assert_code(1);
    let report = out.json();
    let clusters = report["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    let c = &clusters[0];
    assert_eq!(c["documents"].as_array().unwrap().len(), 4, "{c}");
    assert_eq!(c["origin"], "wire.txt", "the earliest dated member: {c}");
    assert!(SHARED.contains(c["text"].as_str().unwrap()) && c["words"].as_u64().unwrap() >= 20, "{c}");
    let human = TestCommand::new().args(["scan".as_ref(), t.dir().join("c").as_os_str()]).run();
    assert!(human.stdout().contains("4 documents, likely from wire.txt"), "{}", human.stdout());
    assert!(human.stdout().contains("\"The minister said the inquiry"), "{}", human.stdout());

    // --top limits what the human report lists, never the JSON.
    let top =
        TestCommand::new().args(["scan".as_ref(), t.dir().join("c").as_os_str(), "--top".as_ref(), "2".as_ref()]).run();
    let listed = top.stdout().lines().filter(|l| l.contains(" words shared in ")).count();
    assert_eq!(listed, 2, "{}", top.stdout());
    assert!(top.stdout().contains("... 4 more pairs (--top 0 lists all)"), "{}", top.stdout());
    let all =
        TestCommand::new().args(["scan".as_ref(), t.dir().join("c").as_os_str(), "--top".as_ref(), "0".as_ref()]).run();
    assert_eq!(all.stdout().lines().filter(|l| l.contains(" words shared in ")).count(), 6, "{}", all.stdout());
    assert!(!all.stdout().contains("more pairs"));
    assert_eq!(report["pairs"].as_array().unwrap().len(), 6);

    // Without dates there is no origin to name.
    let mut u = TestCommand::new();
    for (i, text) in own.iter().enumerate() {
        u.write(&format!("c/outlet-{i}.txt"), format!("{text}\n\n{SHARED}\n"));
    }
    let report = u.args(["scan", "c", "--format", "json"]).run().json();
    let c = &report["clusters"][0];
    assert!(c.get("origin").is_none() && c["documents"].as_array().unwrap().len() == 3, "{c}");
}

// ---- width ----

/// Lines of `text` wider than `width` display columns.
fn too_wide(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    text.lines().filter(|l| l.width() > width).map(|l| format!("{} columns: {l}", l.width())).collect()
}

#[test]
fn every_human_report_fits_the_width() {
    // A corpus whose file names are longer than any line: one wide (CJK) name, a deep path.
    let t = TestCommand::new();
    let long = format!("{}-{}.txt", "a-very-long-file-name-about-the-leak-inquiry".repeat(3), "first");
    let deep = format!("{}/report-updated.txt", ["outlet-archive-section"; 4].join("/"));
    let wide = "調査報告書の長いファイル名はここにあります調査報告書の長いファイル名.txt";
    let first = std::fs::read_to_string(Path::new(ROOT).join("corpus").join(FIRST)).unwrap();
    let updated = std::fs::read_to_string(Path::new(ROOT).join("corpus").join(UPDATED)).unwrap();
    t.write(&format!("c/{long}"), &first);
    t.write(&format!("c/{deep}"), &updated);
    t.write(&format!("c/{wide}"), first.replace("Huawei", "the company"));
    let dir = t.dir().to_owned();
    for width in ["40", "60", "100"] {
        let w: usize = width.parse().unwrap();
        let runs: Vec<(String, crate::Output)> = vec![
            ("scan corpus/".into(), TestCommand::in_repo().args(["--width", width, "scan", "corpus/"]).run()),
            (
                "scan corpus/ --detail".into(),
                TestCommand::in_repo().args(["--width", width, "scan", "corpus/", "--detail"]).run(),
            ),
            (
                "trace".into(),
                TestCommand::in_repo()
                    .args(["--width", width, "trace", &format!("corpus/{UPDATED}"), "--corpus", "corpus/"])
                    .run(),
            ),
            (
                "diff".into(),
                TestCommand::in_repo()
                    .args(["--width", width, "diff", &format!("corpus/{FIRST}"), &format!("corpus/{UPDATED}")])
                    .run(),
            ),
            (
                "long names: scan --detail".into(),
                TestCommand::new().args(["--width", width, "scan", "--detail"]).arg_path(&dir.join("c")).run(),
            ),
            (
                "long names: trace".into(),
                TestCommand::new()
                    .args(["--width", width, "trace"])
                    .arg_path(&dir.join("c").join(&deep))
                    .args(["--corpus"])
                    .arg_path(&dir.join("c"))
                    .run(),
            ),
            (
                "long names: diff".into(),
                TestCommand::new()
                    .args(["--width", width, "diff"])
                    .arg_path(&dir.join("c").join(&long))
                    .arg_path(&dir.join("c").join(&deep))
                    .run(),
            ),
        ];
        for (what, out) in runs {
            out.assert_code(1);
            let wide_lines = too_wide(out.stdout(), w);
            assert!(wide_lines.is_empty(), "{what} at --width {width}:\n{}", wide_lines.join("\n"));
        }
    }
    // A long name is shortened in the middle, its start and end kept.
    let out = TestCommand::new().args(["--width", "60", "scan"]).arg_path(&dir.join("c")).run();
    assert!(out.stdout().contains('…'), "{}", out.stdout());
    assert!(out.stdout().lines().any(|l| l.contains("a-very-long") && l.contains("…") && l.ends_with("first.txt")));
}

/// A made-up article of `sentences` sentences of ten distinct invented words each (every
/// word unique in the text), with `edit(k)` giving sentence `k`'s own text when it differs.
fn invented_article(sentences: usize, edit: impl Fn(usize, &[String]) -> Option<String>) -> String {
    const SYLLABLES: [&str; 12] = ["ba", "ko", "ri", "mel", "tu", "san", "vo", "dre", "lin", "pa", "zu", "gor"];
    let word = |n: usize| {
        let mut w: String = [SYLLABLES[n % 12], SYLLABLES[(n / 12) % 12], SYLLABLES[(n / 144) % 12]].concat();
        w.push_str(["", "n", "s"][n / 1728 % 3]);
        w
    };
    let mut text = String::new();
    for k in 0..sentences {
        let words: Vec<String> = (0..10).map(|i| word(k * 10 + i + 5)).collect();
        let sentence = edit(k, &words).unwrap_or_else(|| format!("{}.", words.join(" ")));
        text.push_str(&sentence);
        text.push(' ');
    }
    text.push('\n');
    text
}

/// Defect 6: `scan --detail` at `--width 80` on a 300-word passage edited all through. Its
/// two columns stay aligned at every unchanged stretch (they were wrapped independently and
/// drifted), no line is wider than 80 columns, the marks hug punctuation, and each column
/// is the text `diff --side-by-side` shows for the same edits.
#[test]
fn detail_columns_stay_aligned_and_mark_as_diff_does() {
    let old = invented_article(34, |k, w| match k % 8 {
        2 => Some(format!("{} {} £38 million, {}.", w[0], w[1], w[2..].join(" "))),
        4 => Some(format!("{} confirmed on Monday.", w.join(" "))),
        6 => Some(format!("{} said: {}.", w[..5].join(" "), w[5..].join(" "))),
        _ => None,
    });
    let new = invented_article(34, |k, w| match k % 8 {
        2 => Some(format!("{} {} £38m, {}.", w[0], w[1], w[2..].join(" "))),
        4 => Some(format!("{} confirmed.", w.join(" "))),
        6 => Some(format!("{} said earlier on Saturday: {}.", w[..5].join(" "), w[5..].join(" "))),
        _ => None,
    });
    assert!(old.split_whitespace().count() >= 300);
    let cmd = TestCommand::new();
    cmd.write("news/a-old.txt", &old);
    cmd.write("news/b-new.txt", &new);
    let dir = cmd.dir().to_owned();
    let out = TestCommand::new().args(["scan", "--detail", "--width", "80"]).arg_path(&dir.join("news")).run();
    out.assert_code(1);
    let report = out.stdout();
    assert!(report.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80), "{report}");

    // The one passage's rows, split at the divider (column 8 + 34).
    let rows: Vec<(String, String)> = report
        .lines()
        .filter(|l| l.starts_with("        ") && l.chars().nth(42) == Some(' ') && l.chars().nth(43) == Some('|'))
        .map(|l| {
            let at = l.char_indices().nth(42).unwrap().0;
            (l[..at].trim().to_owned(), l[at + 2..].trim().to_owned())
        })
        .collect();
    assert!(rows.len() > 40, "{report}");
    let row_of = |word: &str, right: bool| {
        rows.iter().position(|(l, r)| {
            let side = if right { r } else { l };
            side.split(|c: char| !c.is_alphanumeric()).any(|w| w == word)
        })
    };
    // The word after each edit starts an unchanged stretch: it is on the same row on both
    // sides.
    let sentence = |k: usize| old.split(". ").nth(k).unwrap().split_whitespace().collect::<Vec<_>>();
    let starts: Vec<&str> = (0..34)
        .filter_map(|k| match k % 8 {
            2 => Some(sentence(k)[4]),
            4 if k + 1 < 34 => Some(sentence(k + 1)[0]),
            6 => Some(sentence(k)[6]),
            _ => None,
        })
        .collect();
    assert!(starts.len() >= 10);
    for word in &starts {
        let (l, r) = (row_of(word, false), row_of(word, true));
        assert!(l.is_some() && l == r, "{word}: left row {l:?}, right row {r:?}\n{report}");
    }

    // The marks hug the punctuation, as in `diff`.
    let left: String = rows.iter().map(|(l, _)| l.as_str()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    let right: String = rows.iter().map(|(_, r)| r.as_str()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    assert!(left.contains(" £[-38 million-], ") && right.contains(" £{+38m+}, "), "{report}");
    assert!(left.contains(" confirmed [-on Monday-]. ") && right.contains(" confirmed. "), "{report}");
    assert!(right.contains(" said {+earlier on Saturday+}: "), "{report}");
    for artefact in [" ,", " .", " :", "[- ", "{+ "] {
        assert!(!left.contains(artefact) && !right.contains(artefact), "{artefact:?} in\n{report}");
    }

    // The same edits through `diff --side-by-side` (column 34 too): the same marked text.
    let out = TestCommand::new()
        .args(["diff", "--side-by-side", "--width", "71"])
        .arg_path(&dir.join("news/a-old.txt"))
        .arg_path(&dir.join("news/b-new.txt"))
        .run();
    out.assert_code(1);
    let body: Vec<&str> = out.stdout().lines().skip_while(|l| !l.starts_with("NEW ¶1")).skip(1).collect();
    let side = |right: bool| {
        let parts = body.iter().map(|l| {
            let at = l.char_indices().nth(34).map_or(l.len(), |(i, _)| i);
            if right {
                l.get(at + 3..).unwrap_or("").trim()
            } else {
                l[..at].trim()
            }
        });
        parts.filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
    };
    // (The passage is most of the file: its text is a stretch of diff's.)
    let (old_side, new_side) = (side(false), side(true));
    assert!(old_side.contains(&left), "scan:\n{left}\ndiff:\n{old_side}");
    assert!(new_side.contains(&right), "scan:\n{right}\ndiff:\n{new_side}");
}

/// A wire story and an outlet's rewrite of it (synonyms, clauses reordered, no run of
/// five equal words), with a verbatim paragraph at the end.
const TIER_WIRE: &str = "The regional water board agreed on Thursday to replace the ageing pumps at the northern reservoir before next summer. \
    Inspectors found last month that two of the four pumps had failed during the heatwave and that the others were close to breaking down. \
    The replacement will cost around six million pounds, paid from the board's reserves rather than higher bills. \
    Residents in the valley had complained about low pressure and brown water for most of August.\n\n\
    Board members will meet again in March to review the contract and choose a supplier for the new equipment.\n";
const TIER_OUTLET: &str = "Readers have written to us all week about their taps.\n\n\
    On Thursday the water board for the region voted to swap out the old pumps at the reservoir in the north ahead of the summer. \
    Last month inspectors discovered that during the heatwave two out of four pumps broke, and the remaining ones were near to failing. \
    Replacing them is expected to cost roughly six million pounds, taken from reserves held by the board instead of raising bills. \
    For most of August valley residents complained of brown water and weak pressure.\n\n\
    Board members will meet again in March to review the contract and choose a supplier for the new equipment.\n";

#[test]
fn passages_carry_their_tier_and_tiers_choose_what_is_reported_and_gated() {
    let t = TestCommand::new();
    t.write("c/wire.txt", TIER_WIRE);
    t.write("c/outlet.txt", TIER_OUTLET);
    let scan = |extra: &[&str]| {
        let mut cmd = TestCommand::new();
        let out = cmd.args(["scan", "--format", "json"]).arg_path(&t.dir().join("c")).args(extra).run();
        (out.code, out.json())
    };
    let (code, all) = scan(&[]);
    assert_eq!(code, 1);
    let tiers: Vec<&str> = all["passages"].as_array().unwrap().iter().map(|p| p["tier"].as_str().unwrap()).collect();
    assert_eq!(tiers, ["reworded", "verbatim"], "{all:#}");
    // Only the word alignment's tiers: the rewrite is not reported, and counts nowhere.
    let (_, words_only) = scan(&["--tiers", "verbatim,edited"]);
    let tiers: Vec<&str> =
        words_only["passages"].as_array().unwrap().iter().map(|p| p["tier"].as_str().unwrap()).collect();
    assert_eq!(tiers, ["verbatim"]);
    assert!(words_only["pairs"][0]["a_in_b"].as_f64() < all["pairs"][0]["a_in_b"].as_f64());
    // Gated on the reworded tier only: one finding, and it names the tier.
    let mut cmd = TestCommand::new();
    let out = cmd.args(["scan", "--format", "ci", "--fail-tiers", "reworded"]).arg_path(&t.dir().join("c")).run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout().lines().count(), 1, "{}", out.stdout());
    assert!(out.stdout().contains("(reworded, similarity"), "{}", out.stdout());
    // A gate on a long passage that only a reworded passage trips, with reworded not gated: clean.
    let mut cmd = TestCommand::new();
    let out = cmd
        .args(["scan", "--format", "ci", "--fail-tiers", "verbatim,edited", "--fail-passage-words", "25"])
        .arg_path(&t.dir().join("c"))
        .run();
    assert_eq!(out.code, 0, "{}", out.stdout());
    // A tier that does not exist is a usage error naming the choices.
    let mut cmd = TestCommand::new();
    let out = cmd.args(["scan", "--tiers", "fuzzy"]).arg_path(&t.dir().join("c")).run();
    assert_eq!(out.code, 2);
}
