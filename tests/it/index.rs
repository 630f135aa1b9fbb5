//! `copytrace index`, `index --update`, `scan --against` and the CI gates.

use crate::TestCommand;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A deterministic generator of article-like text: words drawn from a vocabulary by a
/// linear congruential generator, so every sentence is unique unless copied on purpose.
struct Prose(u64);

const VOCAB: &[&str] = &[
    "minister",
    "council",
    "police",
    "report",
    "inquiry",
    "leak",
    "budget",
    "transport",
    "river",
    "school",
    "hospital",
    "strike",
    "union",
    "election",
    "party",
    "leader",
    "officials",
    "residents",
    "company",
    "shares",
    "court",
    "judge",
    "evidence",
    "witness",
    "statement",
    "government",
    "secretary",
    "defence",
    "telecoms",
    "contract",
    "village",
    "festival",
    "weather",
    "storm",
    "flood",
    "farmers",
    "prices",
    "market",
    "bank",
    "rates",
    "said",
    "told",
    "announced",
    "denied",
    "confirmed",
    "warned",
    "expected",
    "claimed",
    "agreed",
    "after",
    "before",
    "during",
    "while",
    "because",
    "although",
    "since",
    "until",
    "the",
    "a",
    "of",
    "in",
    "on",
    "for",
    "with",
    "by",
    "at",
    "from",
    "new",
    "local",
    "national",
    "former",
    "senior",
    "public",
    "private",
    "early",
    "late",
    "last",
    "next",
    "week",
    "month",
    "year",
    "morning",
    "evening",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "north",
    "south",
    "east",
    "west",
    "city",
    "county",
    "region",
    "plans",
    "changes",
    "cuts",
    "funding",
    "talks",
    "vote",
    "decision",
    "review",
    "investigation",
];

impl Prose {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn sentence(&mut self) -> String {
        let n = 12 + (self.next() % 14) as usize;
        let mut words: Vec<String> = (0..n).map(|_| VOCAB[(self.next() as usize) % VOCAB.len()].to_owned()).collect();
        let first = &mut words[0];
        *first = first[..1].to_uppercase() + &first[1..];
        words.join(" ") + "."
    }

    fn paragraph(&mut self) -> String {
        let n = 2 + (self.next() % 3) as usize;
        (0..n).map(|_| self.sentence()).collect::<Vec<_>>().join(" ")
    }
}

/// Writes an archive of `n_archive` and a batch of `n_new` articles under `root/archive`
/// and `root/new`: wire stories, outlet articles that paste wire paragraphs (some lightly
/// edited), and new articles that copy from the archive and from each other.
fn generate(root: &Path, n_archive: usize, n_new: usize, seed: u64) {
    let mut g = Prose(seed);
    let mut paragraphs: Vec<String> = Vec::new();
    let write = |dir: &str, name: String, text: String| {
        let path = root.join(dir).join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    for i in 0..n_archive + n_new {
        let mut parts: Vec<String> = Vec::new();
        let own = 2 + (g.next() % 3) as usize;
        for _ in 0..own {
            parts.push(g.paragraph());
        }
        // Copy one or two earlier paragraphs about half of the time.
        if !paragraphs.is_empty() && g.next() % 2 == 0 {
            for _ in 0..1 + (g.next() % 2) {
                let mut p = paragraphs[(g.next() as usize) % paragraphs.len()].clone();
                if g.next() % 3 == 0 {
                    // A light edit: one word replaced.
                    p = p.replacen(" the ", " this ", 1);
                }
                let at = (g.next() as usize) % (parts.len() + 1);
                parts.insert(at, p);
            }
        }
        paragraphs.extend(parts.iter().cloned());
        let day = 1 + i % 28;
        let text = format!("---\ntitle: Story {i}\ndate: 2024-03-{day:02}\n---\n{}\n", parts.join("\n\n"));
        if i < n_archive {
            write("archive", format!("{}/story-{i:03}.txt", ["a", "b", "c"][i % 3]), text);
        } else {
            write("new", format!("new-{i:03}.txt"), text);
        }
    }
}

fn json(out: &crate::Output) -> Value {
    out.json()
}

fn strip<'a>(id: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes.iter().find_map(|p| id.strip_prefix(p)).unwrap_or(id)
}

/// The pairs of a report as comparable values: ids without the prefixes, containment, and
/// each passage's two locations, words and similarity. (Not the direction: a full scan also
/// has the archive's own pairs as evidence of hubs and common sources.)
fn pairs(report: &Value, prefixes: &[&str], touching: impl Fn(&str) -> bool) -> BTreeMap<(String, String), Value> {
    let passages = report["passages"].as_array().unwrap();
    let mut out = BTreeMap::new();
    for p in report["pairs"].as_array().unwrap() {
        let (a, b) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
        if !touching(a) && !touching(b) {
            continue;
        }
        let loc = |l: &Value| format!("{}:{}-{}", strip(l["doc"].as_str().unwrap(), prefixes), l["start"], l["end"]);
        let ps: Vec<String> = p["passages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let x = &passages[i.as_u64().unwrap() as usize];
                format!("{} {} {} {}", loc(&x["a"]), loc(&x["b"]), x["words"], x["similarity"])
            })
            .collect();
        let value = serde_json::json!({
            "shared_words": p["shared_words"], "a_in_b": p["a_in_b"], "b_in_a": p["b_in_a"],
            "passages": ps,
        });
        out.insert((strip(a, prefixes).to_owned(), strip(b, prefixes).to_owned()), value);
    }
    out
}

fn new_documents(report: &Value, prefixes: &[&str]) -> BTreeMap<String, Value> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["id"].as_str().unwrap().starts_with("new"))
        .map(|d| {
            let mut d = d.clone();
            let id = strip(d["id"].as_str().unwrap(), prefixes).to_owned();
            // Derived shares follow from the direction (see `pairs`).
            for key in ["id", "path", "derived", "originality"] {
                d.as_object_mut().unwrap().remove(key);
            }
            (id, d)
        })
        .collect()
}

#[test]
fn scan_against_an_index_equals_a_full_scan_restricted_to_new_documents() {
    let t = TestCommand::new();
    generate(t.dir(), 60, 12, 7);
    // A Windows-1252 article in the archive, copied into a new one: offsets are file bytes.
    let cp1252: &[u8] = b"The caf\xe9 owner told the council that the festival had been a disaster for trade \
        in the old town, and that nobody had asked the traders before the road was closed.\n";
    std::fs::write(t.dir().join("archive/c/cafe.txt"), cp1252).unwrap();
    std::fs::write(
        t.dir().join("new/new-cafe.txt"),
        "Traders are angry. The caf\u{e9} owner told the council that the festival had been a disaster for \
         trade in the old town, and that nobody had asked the traders before the road was closed.\n",
    )
    .unwrap();

    let idx = t.dir().join("archive.idx");
    let out = TestCommand::new()
        .args(["index".as_ref(), t.dir().join("archive").as_os_str(), "-o".as_ref(), idx.as_os_str()])
        .run();
    out.assert_code(0);
    assert!(out.stdout().contains("61 documents indexed"), "{}", out.stdout());

    let against = TestCommand::new()
        .args(["scan".as_ref(), t.dir().join("new").as_os_str(), "--against".as_ref(), idx.as_os_str()])
        .args(["--format", "json"])
        .run();
    assert_eq!(against.code, 1, "{}", against.stderr);
    let against = json(&against);
    let full = TestCommand::new()
        .args(["scan".as_ref(), t.dir().as_os_str()])
        .args(["--format", "json", "--glob", "!*.idx"])
        .run();
    let full = json(&full);

    let got = pairs(&against, &[], |_| true);
    let want = pairs(&full, &["archive/", "new/"], |id| id.starts_with("new/"));
    assert!(want.len() >= 8, "the generated corpus should have reuse touching new documents: {}", want.len());
    assert!(want.keys().any(|(a, b)| !a.starts_with("new") && b.starts_with("new")), "archive-new pairs");
    assert!(want.keys().any(|(a, b)| a.starts_with("new") && b.starts_with("new")), "new-new pairs");
    assert!(want.contains_key(&("c/cafe.txt".to_owned(), "new-cafe.txt".to_owned())));
    assert_eq!(got, want);
    assert_eq!(new_documents(&against, &[]), new_documents(&full, &["new/"]));
    // Offsets in the Windows-1252 file are its bytes: the passage starts at byte 0.
    let cafe = &got[&("c/cafe.txt".to_owned(), "new-cafe.txt".to_owned())]["passages"][0];
    assert!(cafe.as_str().unwrap().starts_with("c/cafe.txt:0-"), "{cafe}");

    // The report lists the new documents and only the archive documents they share text with.
    let ids: Vec<&str> = against["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.iter().filter(|id| id.starts_with("new")).count(), 13);
    assert!(ids.len() < 13 + 61);
}

#[test]
fn update_adds_changes_and_removes_without_refingerprinting_and_matches_a_fresh_index() {
    let t = TestCommand::new();
    generate(t.dir(), 30, 0, 11);
    let dir = t.dir().join("archive");
    let idx = t.dir().join("a.idx");
    let run = |args: &[&std::ffi::OsStr]| TestCommand::new().args(args).run();
    run(&["index".as_ref(), dir.as_os_str(), "-o".as_ref(), idx.as_os_str()]).assert_code(0);
    // One file changed, one removed, two added (one of them a copy of an indexed file).
    let changed = dir.join("a/story-000.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nA late paragraph was added to this story by the night desk.\n");
    std::fs::write(&changed, text).unwrap();
    std::fs::remove_file(dir.join("b/story-001.txt")).unwrap();
    std::fs::write(dir.join("c/added.txt"), "An entirely new story about the harbour and its old boats.\n").unwrap();
    std::fs::copy(dir.join("c/story-002.txt"), dir.join("c/moved-copy.txt")).unwrap();
    let out = run(&["index".as_ref(), "--update".as_ref(), idx.as_os_str(), dir.as_os_str()]);
    out.assert_code(0);
    assert!(
        out.stdout().contains("31 documents (2 added, 1 changed, 1 removed, 28 unchanged; 2 fingerprinted)"),
        "{}",
        out.stdout()
    );
    // The updated index is byte for byte the index built from scratch.
    let fresh = t.dir().join("fresh.idx");
    run(&["index".as_ref(), dir.as_os_str(), "-o".as_ref(), fresh.as_os_str()]).assert_code(0);
    assert_eq!(std::fs::read(&idx).unwrap(), std::fs::read(&fresh).unwrap());
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(t.dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".copytrace-index-"))
        .collect();
    assert!(leftovers.is_empty());
    // Other settings than the index's are refused.
    let out = run(&[
        "index".as_ref(),
        "--update".as_ref(),
        idx.as_os_str(),
        dir.as_os_str(),
        "--ngram".as_ref(),
        "4".as_ref(),
    ]);
    out.assert_code(2);
    assert!(out.stderr.contains("--ngram 5"), "{}", out.stderr);
}

#[test]
fn bad_index_files_are_refused_with_a_clear_error_and_nothing_is_written() {
    let t = TestCommand::new();
    generate(t.dir(), 5, 2, 3);
    let idx = t.dir().join("a.idx");
    TestCommand::new()
        .args(["index".as_ref(), t.dir().join("archive").as_os_str(), "-o".as_ref(), idx.as_os_str()])
        .run()
        .assert_code(0);
    let good = std::fs::read(&idx).unwrap();
    let scan = |path: &Path, extra: &[&str]| {
        TestCommand::new()
            .args(["scan".as_ref(), t.dir().join("new").as_os_str(), "--against".as_ref(), path.as_os_str()])
            .args(extra)
            .run()
    };
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("foreign.idx", b"id,text\n1,hello\n".to_vec(), "not a copytrace index"),
        ("truncated.idx", good[..good.len() / 2].to_vec(), "truncated"),
        (
            "flipped.idx",
            {
                // A byte of the document table: the head checksum fails on open.
                let mut b = good.clone();
                b[100] ^= 0x20;
                b
            },
            "checksum mismatch in the header and document table",
        ),
        (
            "newer.idx",
            {
                let mut b = good.clone();
                b[8] = 9;
                b
            },
            "newer than this copytrace reads",
        ),
        (
            // An index of the first format (offsets from the start of the file).
            "older.idx",
            {
                let mut b = good.clone();
                assert_eq!(b[8..12], 3u32.to_le_bytes(), "a fresh index is format 3");
                b[8..12].copy_from_slice(&1u32.to_le_bytes());
                b
            },
            "older.idx: written by an older copytrace (format 1); rebuild it with `copytrace index`",
        ),
        (
            // An index of the previous format (no reworded-tier data).
            "format2.idx",
            {
                let mut b = good.clone();
                b[8..12].copy_from_slice(&2u32.to_le_bytes());
                b
            },
            "format2.idx: written by an older copytrace (format 2); rebuild it with `copytrace index`",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = t.dir().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = scan(&path, &["--format", "json"]);
        out.assert_code(2);
        assert!(out.stdout.is_empty(), "no partial output");
        assert!(out.stderr.contains(name) && out.stderr.contains(message), "{name}: {}", out.stderr);
    }
    let out = scan(&idx, &["--ngram", "4"]);
    out.assert_code(2);
    assert!(out.stderr.contains("n-gram length 5") && out.stderr.contains("rebuild"), "{}", out.stderr);
    // A failed update leaves the old index as it was.
    let out = TestCommand::new()
        .args([
            "index".as_ref(),
            "--update".as_ref(),
            t.dir().join("truncated.idx").as_os_str(),
            t.dir().join("archive").as_os_str(),
        ])
        .run();
    out.assert_code(2);
    assert_eq!(std::fs::read(t.dir().join("truncated.idx")).unwrap(), good[..good.len() / 2].to_vec());
}

#[test]
fn scan_against_takes_the_index_settings_unless_a_flag_conflicts() {
    let t = TestCommand::new();
    generate(t.dir(), 20, 6, 11);
    let idx = t.dir().join("seven.idx");
    TestCommand::new()
        .args(["index".as_ref(), t.dir().join("archive").as_os_str(), "-o".as_ref(), idx.as_os_str()])
        .args(["--ngram", "7"])
        .run()
        .assert_code(0);
    let scan = |extra: &[&str]| {
        TestCommand::new()
            .args(["scan".as_ref(), t.dir().join("new").as_os_str(), "--against".as_ref(), idx.as_os_str()])
            .args(["--format", "json"])
            .args(extra)
            .run()
    };
    // Without --ngram the index's 7 applies: the same findings as when the flag is repeated.
    let implicit = scan(&[]);
    let explicit = scan(&["--ngram", "7"]);
    assert_eq!(implicit.code, 1, "{}", implicit.stderr);
    assert_eq!(explicit.code, 1, "{}", explicit.stderr);
    assert_eq!(json(&implicit)["pairs"], json(&explicit)["pairs"]);
    assert_eq!(json(&implicit)["passages"], json(&explicit)["passages"]);
    assert!(!json(&implicit)["pairs"].as_array().unwrap().is_empty());
    // A flag that conflicts with the index: exit 2, naming the flag and the index's value.
    let out = scan(&["--ngram", "5"]);
    out.assert_code(2);
    assert!(out.stdout.is_empty(), "no partial output");
    assert!(
        out.stderr.contains("--ngram 5") && out.stderr.contains("--ngram 7") && out.stderr.contains("rebuild"),
        "{}",
        out.stderr
    );
    let out = scan(&["--window", "3"]);
    out.assert_code(2);
    assert!(out.stderr.contains("--window 3") && out.stderr.contains("--window 4"), "{}", out.stderr);
}

/// Two outlets and a wire story; the outlet articles copy the wire's statement.
fn gate_corpus(t: &TestCommand) {
    let statement = "The police said the man was arrested at his home in the north of the city on Monday \
        evening and was being questioned on suspicion of fraud and false accounting.";
    let other = "Heavy rain is expected to continue across the region until the end of the week, with flood \
        warnings in place for the river valleys and the coast.";
    t.write("wire.txt", format!("date 2024-01-01\n{statement}\n\n{other}\n"));
    t.write(
        "outlet.txt",
        format!("date 2024-01-02\nA local story.\n\nIn other news, residents were angry.\n{statement}\n"),
    );
    t.write("fresh.txt", "date 2024-01-03\nNothing copied here at all, only original reporting on the harbour.\n");
}

#[test]
fn gates_exit_codes_ci_lines_and_baselines() {
    let mut t = TestCommand::new();
    gate_corpus(&t);
    let out = t.args(["scan", ".", "--format", "ci"]).run();
    out.assert_code(1);
    let lines: Vec<&str> = out.stdout().lines().collect();
    assert_eq!(lines.len(), 1, "{}", out.stdout());
    // The copy is flagged, at its line and column (characters), pointing to the source.
    assert!(lines[0].starts_with("./outlet.txt:5:1: 30 words shared with ./wire.txt:2:1"), "{}", lines[0]);
    // Without thresholds no gate trips: any reuse is the finding; one finding is singular.
    assert_eq!(out.stderr, "copytrace: reuse found: 1 finding\n");

    let run = |args: &[&str]| {
        let mut c = TestCommand::new();
        gate_corpus(&c);
        c.args(["scan", "."]).args(args).run()
    };
    // Thresholds: a passage of 30 words trips 25 but not 35.
    let out = run(&["--fail-passage-words", "25", "--format", "ci"]);
    out.assert_code(1);
    assert_eq!(out.stderr, "copytrace: gate tripped: 1 finding\n");
    let out = run(&["--fail-passage-words", "35", "--format", "ci"]);
    out.assert_code(0);
    assert_eq!(out.stderr, "copytrace: clean: 0 findings\n");
    // Containment: most of outlet.txt is the statement.
    let out = run(&["--fail-containment", "0.6", "--format", "ci"]);
    out.assert_code(1);
    assert!(out.stdout().contains("of this document is found in wire.txt"), "{}", out.stdout());
    run(&["--fail-containment", "0.95", "--format", "ci"]).assert_code(0);
    // Originality of the copy is low (the wire is earlier).
    let out = run(&["--fail-originality", "0.5", "--format", "ci"]);
    out.assert_code(1);
    assert!(out.stdout().contains("./outlet.txt:") && out.stdout().contains("originality"), "{}", out.stdout());
    // Human and JSON reports keep the same exit codes; gate lines go to stderr.
    let out = run(&["--fail-passage-words", "25", "--format", "json"]);
    out.assert_code(1);
    assert!(out.stderr.contains("gate:"), "{}", out.stderr);
    let _ = out.json();
}

#[test]
fn baselines_accept_known_reuse_through_edits_and_moves_but_not_new_reuse() {
    let t = TestCommand::new();
    gate_corpus(&t);
    // An allow-list entry for the pair, and a JSON report as a baseline.
    t.write("allow.txt", "# licensed wire copy\noutlet.txt wire.txt\n");
    let out = TestCommand::new().args(["scan".as_ref(), t.dir().as_os_str()]).args(["--format", "json"]).run();
    out.assert_code(1);
    std::fs::write(t.dir().join("baseline.json"), &out.stdout).unwrap();
    let scan = |extra: &[&str]| {
        TestCommand::new()
            .args([
                "scan".as_ref(),
                t.dir().as_os_str(),
                "--glob".as_ref(),
                "*.txt".as_ref(),
                "--glob".as_ref(),
                "!allow.txt".as_ref(),
            ])
            .args(extra)
            .args(["--format", "ci"])
            .run()
    };
    let allow = t.dir().join("allow.txt");
    let baseline = t.dir().join("baseline.json");
    let out = scan(&["--baseline", allow.to_str().unwrap()]);
    out.assert_code(0);
    assert_eq!(out.stderr, "copytrace: clean: 0 findings, 1 passage accepted by the baseline (1 entry)\n");
    scan(&["--baseline", baseline.to_str().unwrap()]).assert_code(0);
    // The outlet is edited: a paragraph inserted before the copy (offsets move) and a word
    // changed inside it. Still accepted.
    let outlet = std::fs::read_to_string(t.dir().join("outlet.txt")).unwrap();
    let edited = outlet
        .replace("A local story.", "A local story.\n\nA new first paragraph moves everything down the page.")
        .replace("questioned on suspicion", "questioned under suspicion");
    std::fs::write(t.dir().join("outlet.txt"), edited).unwrap();
    scan(&["--baseline", baseline.to_str().unwrap()]).assert_code(0);
    // New reuse between the same two documents is not accepted by the JSON baseline.
    let mut more = std::fs::read_to_string(t.dir().join("outlet.txt")).unwrap();
    more.push_str(
        "\nHeavy rain is expected to continue across the region until the end of the week, with flood \
        warnings in place for the river valleys and the coast.\n",
    );
    std::fs::write(t.dir().join("outlet.txt"), more).unwrap();
    let out = scan(&["--baseline", baseline.to_str().unwrap()]);
    out.assert_code(1);
    assert_eq!(out.stdout().lines().count(), 1, "{}", out.stdout());
    // The rain paragraph follows the accepted statement, so the engine reports one longer
    // passage: more words than were accepted, and so not covered by the baseline.
    let words: usize = out.stdout().split(": ").nth(1).and_then(|m| m.split(' ').next()).unwrap().parse().unwrap();
    assert!(words > 45 && out.stdout().contains("wire.txt:2:1"), "{}", out.stdout());
    // ... but the pair-wide allow-list entry accepts everything between them.
    scan(&["--baseline", allow.to_str().unwrap()]).assert_code(0);
    // A broken baseline is an error.
    t.write("bad.txt", "only-one-field\n");
    let out = scan(&["--baseline", t.dir().join("bad.txt").to_str().unwrap()]);
    out.assert_code(2);
    assert!(out.stderr.contains("bad.txt: line 1"), "{}", out.stderr);
}

#[test]
fn trace_in_ci_format_has_one_line_per_traced_paragraph() {
    let file = "corpus/williamson-leak-first-report.txt";
    let json = TestCommand::in_repo().args(["trace", file, "--corpus", "corpus", "--format", "json"]).run();
    let report = json.json();
    let traced: Vec<&Value> = report["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["sources"].as_array().unwrap().is_empty())
        .collect();
    assert!(!traced.is_empty());
    let ci = TestCommand::in_repo().args(["trace", file, "--corpus", "corpus", "--format", "ci"]).run();
    assert_eq!(ci.code, json.code);
    let lines: Vec<&str> = ci.stdout().lines().collect();
    assert_eq!(lines.len(), traced.len(), "{}", ci.stdout());
    for (line, p) in lines.iter().zip(traced) {
        assert!(
            line.starts_with(&format!("{file}:{}:1: paragraph {} (", p["line"], p["index"].as_u64().unwrap() + 1)),
            "{line}"
        );
        assert!(line.contains("williamson-leak-updated-report.txt"), "{line}");
    }
}

/// An archive of two articles, indexed, for `scan --against` of files that are already in it.
fn archive_with_article(t: &TestCommand) -> std::path::PathBuf {
    t.write("archive/a.txt", format!("date 2024-02-01\n{STATEMENT}\n\n{WEATHER}\n"));
    t.write("archive/b.txt", "date 2024-02-02\nThe festival opens on Friday with a parade through the old town.\n");
    let idx = t.dir().join("a.idx");
    TestCommand::new()
        .args(["index".as_ref(), t.dir().join("archive").as_os_str(), "-o".as_ref(), idx.as_os_str()])
        .run()
        .assert_code(0);
    idx
}

const STATEMENT: &str = "The police said the man was arrested at his home in the north of the city on Monday \
    evening and was being questioned on suspicion of fraud and false accounting.";
const WEATHER: &str = "Heavy rain is expected to continue across the region until the end of the week, with flood \
    warnings in place for the river valleys and the coast.";

#[test]
fn a_file_already_in_the_index_is_not_reported_as_a_copy_of_itself() {
    let t = TestCommand::new();
    let idx = archive_with_article(&t);
    // The same file (same path relative to the scanned directory, same bytes) scanned again.
    std::fs::create_dir_all(t.dir().join("new")).unwrap();
    std::fs::copy(t.dir().join("archive/a.txt"), t.dir().join("new/a.txt")).unwrap();
    let out = TestCommand::new()
        .args(["scan".as_ref(), t.dir().join("new").as_os_str(), "--against".as_ref(), idx.as_os_str()])
        .args(["--format", "json"])
        .run();
    out.assert_code(0);
    assert!(
        out.stderr.contains(
            "a.txt: already in the index (same path and content); compared as the new copy, the archived copy left out"
        ),
        "{}",
        out.stderr
    );
    let report = out.json();
    assert_eq!(report["pairs"].as_array().unwrap().len(), 0, "{report:#}");
    assert_eq!(report["passages"].as_array().unwrap().len(), 0, "{report:#}");
    let ids: Vec<&str> = report["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["a.txt"], "the new copy only, under its own id");
    assert_eq!(report["documents"][0]["originality"].as_f64(), Some(1.0), "{report:#}");
}

#[test]
fn an_edited_file_is_compared_with_its_archived_version_under_distinct_ids() {
    let t = TestCommand::new();
    let idx = archive_with_article(&t);
    let edited = format!(
        "date 2024-02-03\n{}\n\nA new closing paragraph about something else.\n",
        STATEMENT.replace("Monday", "Tuesday")
    );
    t.write("new/a.txt", edited);
    let out = TestCommand::new()
        .args(["scan".as_ref(), t.dir().join("new").as_os_str(), "--against".as_ref(), idx.as_os_str()])
        .args(["--format", "json"])
        .run();
    out.assert_code(1);
    assert!(
        out.stderr.contains(
            "a.txt: also in the index with other content; the archived copy is reported as \"archive:a.txt\""
        ),
        "{}",
        out.stderr
    );
    let report = out.json();
    let pairs = report["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{report:#}");
    let mut ids = [pairs[0]["a"].as_str().unwrap(), pairs[0]["b"].as_str().unwrap()];
    ids.sort_unstable();
    assert_eq!(ids, ["a.txt", "archive:a.txt"]);
    assert!(!report.to_string().contains("#2"), "{report:#}");
    // The human report names both, the archived one as such.
    let out = TestCommand::new()
        .args(["scan".as_ref(), t.dir().join("new").as_os_str(), "--against".as_ref(), idx.as_os_str()])
        .run();
    out.assert_code(1);
    assert!(out.stdout().contains("archive:a.txt"), "{}", out.stdout());
}

#[test]
fn accepted_reuse_is_marked_in_the_reports_with_its_baseline_entry() {
    let t = TestCommand::new();
    gate_corpus(&t);
    // Other reuse of the wire story, not in the baseline.
    t.write(
        "rain.txt",
        "date 2024-01-04\nHeavy rain is expected to continue across the region until the end of the week, with flood \
         warnings in place for the river valleys and the coast.\n",
    );
    t.write("allow.txt", "# licensed wire copy\n\noutlet.txt wire.txt\n");
    let scan = |extra: &[&str]| {
        TestCommand::new()
            .args(["scan".as_ref(), t.dir().as_os_str(), "--glob".as_ref(), "!allow.txt".as_ref()])
            .args(["--baseline", t.dir().join("allow.txt").to_str().unwrap()])
            .args(extra)
            .run()
    };
    let out = scan(&["--format", "json"]);
    out.assert_code(1); // rain.txt's reuse is not accepted
    let report = out.json();
    let pairs = report["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2, "{report:#}");
    let pair_of = |doc: &str| pairs.iter().find(|p| p["a"] == doc || p["b"] == doc).unwrap();
    let passage = |i: &Value| &report["passages"][i.as_u64().unwrap() as usize];
    // The accepted pair and its passage name the entry: the first (0), on line 3.
    let accepted = serde_json::json!({"entry": 0, "line": 3});
    let outlet = pair_of("outlet.txt");
    assert_eq!(outlet["accepted"], accepted, "{report:#}");
    for i in outlet["passages"].as_array().unwrap() {
        assert_eq!(passage(i)["accepted"], accepted, "{report:#}");
    }
    // The other pair and its passage are not accepted: no marker.
    let rain = pair_of("rain.txt");
    assert!(rain.get("accepted").is_none(), "{report:#}");
    for i in rain["passages"].as_array().unwrap() {
        assert!(passage(i).get("accepted").is_none(), "{report:#}");
    }
    // The human report marks the pair and, with --detail, the passage; the headline counts
    // the accepted passages apart.
    let out = scan(&["--detail", "--width", "200"]);
    out.assert_code(1);
    let text = out.stdout();
    assert!(text.contains("in 2 passages (1 accepted by the baseline)"), "{text}");
    let marked: Vec<&str> = text.lines().filter(|l| l.contains("accepted (baseline line 3)")).collect();
    assert_eq!(marked.len(), 2, "the pair line and the passage line: {text}");
    assert!(marked[0].contains("shared in 1 passage") && marked[1].contains("passage "), "{marked:?}");
    // A JSON report as the baseline: entries are its passages, no line.
    let earlier = TestCommand::new()
        .args(["scan".as_ref(), t.dir().as_os_str(), "--glob".as_ref(), "!allow.txt".as_ref()])
        .args(["--format", "json"])
        .run();
    std::fs::write(t.dir().join("allow.txt"), &earlier.stdout).unwrap();
    let out = scan(&["--format", "json"]);
    out.assert_code(0);
    let report = out.json();
    for p in report["passages"].as_array().unwrap() {
        let entry = &p["accepted"];
        assert!(entry["entry"].is_u64() && entry.get("line").is_none(), "{report:#}");
    }
}
