//! `copytrace diff`: golden reports, JSON invariants, bad input, colour and exit codes.

use crate::{TestCommand, ROOT};
use serde_json::Value;

const FIRST: &str = "corpus/williamson-leak-first-report.txt";
const UPDATED: &str = "corpus/williamson-leak-updated-report.txt";
const LICENSES: &str = "../shared/data/license-pairs";

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(format!("{ROOT}/{rel}")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn human(args: &[&str]) -> String {
    let out = TestCommand::in_repo().args(["diff", "--color", "never", "--width", "80"]).args(args).run();
    out.assert_code(1);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    out.stdout().to_owned()
}

fn json(cmd: &mut TestCommand, args: &[&str]) -> Value {
    let out = cmd.args(["diff", "--format", "json"]).args(args).run();
    assert!(out.code == 0 || out.code == 1, "exit {}: {}", out.code, out.stderr);
    let v = out.json();
    assert_eq!(v["equal"], Value::Bool(out.code == 0), "`equal` agrees with the exit code");
    v
}

fn span(v: &Value) -> (usize, usize) {
    let n = |k: &str| usize::try_from(v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"))).unwrap();
    (n("start"), n("end"))
}

/// The words (runs of alphanumeric characters) of `bytes` read as `text`.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// Checks the wire contract: every span in bounds, tags consistent with their spans, NEW
/// rebuilt from the ops in order, OLD rebuilt from the sorted `old` spans (from `old_start`,
/// where a UTF-16 byte-order mark ends, or from the end of the metadata), equal text with the same words. `decode` turns a
/// file's bytes at a span into text.
fn check_ops(report: &Value, old: &[u8], new: &[u8], old_start: usize, decode: &dyn Fn(&[u8]) -> String) {
    assert_eq!(report["version"], 1);
    assert_eq!(report["files"]["old"]["bytes"].as_u64(), Some(old.len() as u64));
    assert_eq!(report["files"]["new"]["bytes"].as_u64(), Some(new.len() as u64));
    let mut rebuilt_new = Vec::new();
    let mut old_spans = Vec::new();
    for block in report["blocks"].as_array().expect("blocks") {
        let ops = block["ops"].as_array().expect("ops");
        assert!(!ops.is_empty(), "{block}");
        for op in ops {
            let (os, oe) = span(&op["old"]);
            let (ns, ne) = span(&op["new"]);
            assert!(os <= oe && oe <= old.len(), "old span out of bounds: {op}");
            assert!(ns <= ne && ne <= new.len(), "new span out of bounds: {op}");
            match op["tag"].as_str().expect("tag") {
                "insert" => assert!(os == oe && ns < ne, "{op}"),
                "delete" => assert!(ns == ne && os < oe, "{op}"),
                "replace" => assert!(os < oe || ns < ne, "{op}"),
                "equal" | "move" => {
                    if block["kind"] != "gap" {
                        let (a, b) = (decode(&old[os..oe]), String::from_utf8_lossy(&new[ns..ne]).into_owned());
                        assert_eq!(words(&a), words(&b), "equal op with different words: {op}");
                    }
                    if op["tag"] == "move" {
                        assert_eq!(block["moved"], true, "{block}");
                    }
                }
                other => panic!("unknown tag {other}"),
            }
            rebuilt_new.extend_from_slice(&new[ns..ne]);
            old_spans.push((os, oe));
        }
    }
    // Metadata (front matter, a date prefix) is not prose: the ops cover what follows it.
    let meta_end = |side: &str| report["files"][side]["metadata"]["end"].as_u64().map_or(0, |e| e as usize);
    assert!(rebuilt_new == new[meta_end("new")..], "NEW is not rebuilt from the ops in order");
    old_spans.sort_unstable();
    let mut at = old_start.max(meta_end("old"));
    for (s, e) in old_spans {
        assert_eq!(s, at, "OLD not partitioned at byte {at}");
        at = e;
    }
    assert_eq!(at, old.len(), "OLD not covered to its end");
}

fn utf8(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("UTF-8")
}

// ---- golden reports on the seed pair ----

#[test]
fn seed_pair_human_report() {
    let out = human(&[FIRST, UPDATED]);
    insta::assert_snapshot!("seed_pair_human", out);
    // The first report's 2nd and 4th paragraphs each merge several paragraphs of the
    // updated one: both show as 1:N matches.
    for old_para in ["OLD ¶2", "OLD ¶4"] {
        let label = out
            .lines()
            .find(|l| l.starts_with("NEW ¶") && l.contains(&format!("= {old_para}  (split 1:")))
            .unwrap_or_else(|| panic!("no 1:N label for {old_para}:\n{out}"));
        let range = label.trim_start_matches("NEW ¶").split(' ').next().unwrap();
        let (a, b) = range.split_once('-').unwrap_or_else(|| panic!("not a range: {label}"));
        assert!(b.parse::<usize>().unwrap() > a.parse::<usize>().unwrap(), "{label}");
    }
    // The first report's date prefix is metadata, not prose: one line apart, never a deletion.
    assert!(out.contains("\nmetadata            date 2019-05-04 \u{2192} (none)\n"), "{out}");
    assert!(!out.contains("[-date"), "{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "line wider than --width 80: {line:?}");
    }
}

#[test]
fn seed_pair_side_by_side() {
    let out = human(&["--side-by-side", "--width", "100", FIRST, UPDATED]);
    insta::assert_snapshot!("seed_pair_side_by_side", out);
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "line wider than --width 100: {line:?}");
    }
    // Every body line has its gutter in the same column: (100 - 3) / 2 = 48 columns of OLD,
    // then " | ".
    let body = out.split_once("\n\n").expect("a header").1;
    let labels = ["NEW ¶", "inserted ", "deleted ", "... "];
    let mut rows = 0;
    for line in body.lines().filter(|l| !l.is_empty() && !labels.iter().any(|p| l.starts_with(p))) {
        assert_eq!(line.chars().nth(49), Some('|'), "{line:?}");
        rows += 1;
    }
    assert!(rows > 20, "{out}");
}

#[test]
fn seed_pair_json_report() {
    let v = json(&mut TestCommand::in_repo(), &[FIRST, UPDATED]);
    let mut pretty = Vec::new();
    pretty.extend_from_slice(&TestCommand::in_repo().args(["diff", "--format", "json", FIRST, UPDATED]).run().stdout);
    insta::assert_snapshot!("seed_pair_json", String::from_utf8(pretty).unwrap());
    check_ops(&v, &read(FIRST), &read(UPDATED), 0, &utf8);
    assert_eq!(v["files"]["old"]["path"], FIRST);
    assert_eq!(v["files"]["old"]["encoding"], "utf-8");
    let splits: Vec<&Value> = v["blocks"].as_array().unwrap().iter().filter(|b| b["kind"] == "split").collect();
    for old_para in [1, 3] {
        let b = splits
            .iter()
            .find(|b| b["old_paragraphs"]["start"] == old_para)
            .unwrap_or_else(|| panic!("OLD paragraph {old_para} is not split: {splits:?}"));
        assert_eq!(b["old_paragraphs"]["end"], old_para + 1);
        let (s, e) = span(&b["new_paragraphs"]);
        assert!(e - s >= 2, "{b}");
    }
    let stats = &v["stats"];
    let ratio = stats["old_kept"].as_f64().unwrap() / stats["old_words"].as_f64().unwrap();
    assert!((stats["old_in_new"].as_f64().unwrap() - ratio).abs() < 1e-4);
    assert!(ratio > 0.8, "most of the first report is kept in the updated one: {stats}");
}

#[test]
fn quote_style_differences_are_unchanged() {
    // The first report with curly quotes, apostrophes and an en dash instead of the
    // straight ones: its alignment with the updated report must not change.
    let straight = utf8(&read(FIRST));
    let mut curly = String::new();
    let mut open = true;
    for c in straight.chars() {
        match c {
            '"' => {
                curly.push(if open { '\u{201C}' } else { '\u{201D}' });
                open = !open;
            }
            '\'' => curly.push('\u{2019}'),
            _ => curly.push(c),
        }
    }
    let curly = curly.replace(" - ", " \u{2013} ");
    assert_ne!(curly, straight);
    let mut cmd = TestCommand::in_repo();
    let path = cmd.write("curly.txt", &curly);
    let path = path.to_str().unwrap();
    let shape = |v: &Value| -> Vec<(Value, Value, Value, Vec<Value>)> {
        v["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                let tags = b["ops"].as_array().unwrap().iter().map(|o| o["tag"].clone()).collect();
                (b["kind"].clone(), b["old_paragraphs"].clone(), b["new_paragraphs"].clone(), tags)
            })
            .collect()
    };
    let with_curly = json(&mut cmd, &[path, UPDATED]);
    let with_straight = json(&mut TestCommand::in_repo(), &[FIRST, UPDATED]);
    assert_eq!(shape(&with_curly), shape(&with_straight));
    assert_eq!(with_curly["stats"], with_straight["stats"]);
    check_ops(&with_curly, curly.as_bytes(), &read(UPDATED), 0, &utf8);

    // Against its own straight-quoted original: equal.
    let out = TestCommand::in_repo().args(["diff", FIRST, path]).run();
    out.assert_code(0);
    assert!(out.stdout().contains("The files are equal under the chosen normalisation."));
    assert!(!out.stdout().contains("[-") && !out.stdout().contains("{+"), "{}", out.stdout());
    // With one paragraph added (so there is a change to show context around), every
    // paragraph with curly quotes is labelled unchanged, and the only change is the addition.
    let added = cmd.write("added.txt", format!("{curly}\n\nA paragraph added at the end.\n"));
    let out = TestCommand::in_repo().args(["diff", "-U", "9", FIRST, added.to_str().unwrap()]).run();
    out.assert_code(1);
    let report = out.stdout();
    assert!(report.contains("(unchanged under normalisation; typography or spacing differs)"), "{report}");
    assert_eq!(report.matches("{+").count(), 1, "{report}");
    assert!(report.contains("inserted NEW ¶7\n  {+A paragraph added at the end.+}"), "{report}");
    assert!(!report.contains("[-"), "{report}");
    // ... and different when typography is strict.
    let strict = TestCommand::in_repo().args(["diff", "--strict-typography", FIRST, path]).run();
    strict.assert_code(1);
    assert!(strict.stdout().contains("[-\"-]{+\u{201C}+}did"), "{}", strict.stdout());
}

#[test]
fn context_shows_unchanged_neighbours() {
    let folded = human(&[FIRST, UPDATED]);
    let shown = human(&["--context", "1", FIRST, UPDATED]);
    let unchanged = |s: &str| s.lines().filter(|l| l.ends_with("(unchanged)")).count();
    assert_eq!(unchanged(&folded), 0, "{folded}");
    assert!(unchanged(&shown) > 0, "{shown}");
    let hidden = |s: &str| s.lines().filter(|l| l.starts_with("... ")).count();
    assert!(hidden(&folded) > hidden(&shown));
}

// ---- licence pairs ----

fn license_pair(old: &str, new: &str) -> (String, String) {
    let (old, new) = (format!("{LICENSES}/{old}"), format!("{LICENSES}/{new}"));
    let report = human(&[&old, &new]);
    let v = json(&mut TestCommand::in_repo(), &[&old, &new]);
    check_ops(&v, &read(&old), &read(&new), 0, &utf8);
    let raw = TestCommand::in_repo().args(["diff", "--format", "json", &old, &new]).run();
    (report, raw.stdout().to_owned())
}

#[test]
fn license_pair_lgpl() {
    let (report, json) = license_pair("LGPL-2", "LGPL-2.1");
    // The library -> lesser renaming shows as word replacements, the text around unchanged.
    assert!(report.contains("GNU [-LIBRARY-]{+LESSER+} GENERAL PUBLIC LICENSE"), "{report}");
    insta::assert_snapshot!("license_lgpl_human", report);
    insta::assert_snapshot!("license_lgpl_json", json);
}

#[test]
fn license_pair_gfdl() {
    let (report, json) = license_pair("GFDL-1.2", "GFDL-1.3");
    assert!(report.contains("inserted NEW ¶"), "GFDL 1.3 adds a section:\n{report}");
    insta::assert_snapshot!("license_gfdl_human", report);
    insta::assert_snapshot!("license_gfdl_json", json);
}

// ---- bad input ----

#[test]
fn missing_file_is_an_error_naming_it() {
    let mut cmd = TestCommand::new();
    cmd.write("b.txt", "text");
    let out = cmd.args(["diff", "missing.txt", "b.txt"]).run();
    out.assert_code(2);
    assert_eq!(out.stderr, "copytrace: error: missing.txt: no such file\n");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_directory_is_an_error() {
    let mut cmd = TestCommand::new();
    cmd.write("b.txt", "text");
    std::fs::create_dir(cmd.dir().join("sub")).unwrap();
    let out = cmd.args(["diff", "b.txt", "sub"]).run();
    out.assert_code(2);
    assert_eq!(out.stderr, "copytrace: error: sub: is a directory, not a file\n");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_binary_file_is_refused() {
    let mut cmd = TestCommand::new();
    cmd.write("a.txt", "text");
    cmd.write("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    let out = cmd.args(["diff", "a.txt", "image.png"]).run();
    out.assert_code(2);
    assert!(
        out.stderr.starts_with("copytrace: error: image.png: binary file, not text (a PNG signature at byte 0)"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn large_files_read_at_once_report_the_first_failing_file() {
    // From 1 MiB on, OLD and NEW are read on two threads; the error is still the one of
    // the first file that fails, and a good large pair is still diffed.
    let text = "A paragraph of words that repeats.\n\n".repeat(40_000);
    let mut binary = text.clone().into_bytes();
    binary[5..7].copy_from_slice(&[0, 0]);
    let mut cmd = TestCommand::new();
    cmd.write("old.txt", &text);
    cmd.write("new.txt", format!("{text}One more paragraph at the end."));
    cmd.write("old.bin", &binary);
    cmd.write("new.bin", &binary);
    let out = cmd.args(["diff", "--format", "json", "old.txt", "new.txt"]).run();
    out.assert_code(1);
    assert_eq!(out.json()["stats"]["new_words"], 40_000 * 6 + 6);
    for (old, new, named) in [("old.txt", "new.bin", "new.bin"), ("old.bin", "new.bin", "old.bin")] {
        let out = TestCommand::new()
            .args(["diff", &cmd.dir().join(old).to_string_lossy(), &cmd.dir().join(new).to_string_lossy()])
            .run();
        out.assert_code(2);
        assert!(out.stderr.contains(&format!("{named}: binary file")), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let mut cmd = TestCommand::new();
    cmd.write("a.txt", "short");
    cmd.write("b.txt", "a little longer than the limit");
    let out = cmd.args(["diff", "--max-file-size", "16", "a.txt", "b.txt"]).run();
    out.assert_code(2);
    assert!(
        out.stderr.starts_with("copytrace: error: b.txt: file too large (30 bytes; the limit is 16 bytes"),
        "{}",
        out.stderr
    );
    let bad = TestCommand::new().args(["diff", "--max-file-size", "lots", "a.txt", "b.txt"]).run();
    bad.assert_code(2);
    assert!(bad.stderr.contains("invalid size"), "{}", bad.stderr);
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_with_offsets_into_the_file() {
    let mut cmd = TestCommand::new();
    let old: &[u8] = b"Caf\xe9 cr\xe8me br\xfbl\xe9e \x96 \x93sweet\x94.\n\nSecond paragraph here.\n";
    let new = "Café crème brûlée – “sweet”.\n\nSecond paragraph changed.\n";
    cmd.write("old.txt", old);
    cmd.write("new.txt", new);
    let out = cmd.args(["diff", "--format", "json", "old.txt", "new.txt"]).run();
    out.assert_code(1);
    assert_eq!(
        out.stderr,
        "copytrace: warning: old.txt: not valid UTF-8; read as Windows-1252 (byte offsets still refer to the file's bytes)\n"
    );
    let v = out.json();
    assert_eq!(v["files"]["old"]["encoding"], "windows-1252");
    let cp1252 = |b: &[u8]| -> String {
        b.iter()
            .map(|&c| match c {
                0x93 => '\u{201C}',
                0x94 => '\u{201D}',
                0x96 => '\u{2013}',
                c => char::from(c),
            })
            .collect()
    };
    check_ops(&v, old, new.as_bytes(), 0, &cp1252);
    let ops: Vec<&Value> = v["blocks"].as_array().unwrap().iter().flat_map(|b| b["ops"].as_array().unwrap()).collect();
    let replace = ops.iter().find(|o| o["tag"] == "replace").expect("a replace op");
    let (os, oe) = span(&replace["old"]);
    let (ns, ne) = span(&replace["new"]);
    assert_eq!(&old[os..oe], b"here", "old span in the file's bytes, not the decoded text's");
    assert_eq!(&new.as_bytes()[ns..ne], b"changed");
    // The first paragraph is equal: typography folded, accents the same letters.
    let first = &v["blocks"].as_array().unwrap().iter().find(|b| b["kind"] != "gap").unwrap();
    assert_eq!(first["kind"], "equal", "{first}");
    assert_eq!(span(&first["ops"][0]["old"]), (0, old.iter().position(|&b| b == b'\n').unwrap()));
}

#[test]
fn utf16_with_a_bom_is_decoded_with_offsets_into_the_file() {
    let mut cmd = TestCommand::new();
    let text = "h\u{e9}llo w\u{f6}rld.\n\nbye now.\n";
    let old: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    cmd.write("old.txt", &old);
    cmd.write("new.txt", "h\u{e9}llo w\u{f6}rld.\n\nbye then.\n");
    let out = cmd.args(["diff", "--format", "json", "old.txt", "new.txt"]).run();
    out.assert_code(1);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["files"]["old"]["encoding"], "utf-16le");
    let utf16 = |b: &[u8]| -> String {
        let units: Vec<u16> = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).unwrap()
    };
    check_ops(&v, &old, "h\u{e9}llo w\u{f6}rld.\n\nbye then.\n".as_bytes(), 2, &utf16);
    let ops: Vec<&Value> = v["blocks"].as_array().unwrap().iter().flat_map(|b| b["ops"].as_array().unwrap()).collect();
    let replace = ops.iter().find(|o| o["tag"] == "replace").expect("a replace op");
    let (os, oe) = span(&replace["old"]);
    assert_eq!(utf16(&old[os..oe]), "now");
}

#[test]
fn empty_files() {
    let cmd = TestCommand::new();
    cmd.write("empty1.txt", "");
    cmd.write("empty2.txt", "");
    cmd.write("blank.txt", " \n\n \n");
    cmd.write("text.txt", "Some words.\n");
    let both = TestCommand::new().args(["diff"]).run();
    both.assert_code(2);
    let run = |a: &str, b: &str, fmt: &str| {
        let dir = cmd.dir().to_owned();
        TestCommand::new().args(["diff", "--format", fmt]).args([dir.join(a), dir.join(b)]).run()
    };
    let out = run("empty1.txt", "empty2.txt", "human");
    out.assert_code(0);
    assert!(out.stdout().contains("none (both files are empty)"), "{}", out.stdout());
    assert!(out.stdout().contains("The files are equal"), "{}", out.stdout());
    run("empty1.txt", "blank.txt", "human").assert_code(0);
    let out = run("empty1.txt", "text.txt", "human");
    out.assert_code(1);
    assert!(out.stdout().contains("inserted NEW ¶1\n  {+Some words.+}"), "{}", out.stdout());
    let out = run("text.txt", "empty1.txt", "json");
    out.assert_code(1);
    let v = out.json();
    check_ops(&v, b"Some words.\n", b"", 0, &utf8);
    assert_eq!(v["stats"]["new_from_old"], 1.0);
    assert_eq!(v["stats"]["old_in_new"], 0.0);
}

#[test]
fn identical_files_are_equal() {
    let mut cmd = TestCommand::in_repo();
    let out = cmd.args(["diff", FIRST, FIRST]).run();
    out.assert_code(0);
    assert!(out.stdout().contains("The files are equal under the chosen normalisation."));
    assert!(out.stdout().contains("OLD kept in NEW     100.0%"), "{}", out.stdout());
    let v = json(&mut TestCommand::in_repo(), &[FIRST, FIRST]);
    assert_eq!(v["equal"], true);
    assert!(v["blocks"].as_array().unwrap().iter().all(|b| b["kind"] == "equal" || b["kind"] == "gap"));
}

#[test]
fn crlf_against_lf_is_equal() {
    let lf = utf8(&read(UPDATED));
    let crlf = lf.replace('\n', "\r\n");
    let mut cmd = TestCommand::new();
    cmd.write("lf.txt", &lf);
    cmd.write("crlf.txt", &crlf);
    let out = cmd.args(["diff", "--format", "json", "crlf.txt", "lf.txt"]).run();
    out.assert_code(0);
    check_ops(&out.json(), crlf.as_bytes(), lf.as_bytes(), 0, &utf8);
}

#[test]
fn standard_input_is_read_for_dash() {
    let mut cmd = TestCommand::new();
    cmd.write("b.txt", "one two three four five six\n");
    let out = cmd.args(["diff", "-", "b.txt"]).stdin(b"one 2 three four five six\n").run();
    out.assert_code(1);
    assert!(out.stdout().starts_with("OLD  <stdin>  (6 words, 1 paragraph)\n"), "{}", out.stdout());
    assert!(out.stdout().contains("one [-2-]{+two+} three"), "{}", out.stdout());
}

#[test]
fn standard_input_cannot_be_both_sides() {
    // Reading stdin twice gave an empty NEW: every paragraph of OLD reported as deleted.
    // (No bytes are fed: the refusal comes before any reading, and writing to a process
    // that has already exited would fail the harness, not copytrace.)
    let out = TestCommand::new().args(["diff", "-", "-"]).run();
    out.assert_code(2);
    assert!(out.stdout.is_empty(), "no report: {}", out.stdout());
    assert_eq!(out.stderr, "copytrace: error: both OLD and NEW are standard input (`-`); give at least one file\n");
}

// ---- colour ----

fn colored(configure: impl FnOnce(&mut TestCommand)) -> bool {
    let mut cmd = TestCommand::in_repo();
    configure(&mut cmd);
    let out = cmd.args(["diff", FIRST, UPDATED]).run();
    out.assert_code(1);
    out.stdout.contains(&0x1b)
}

#[test]
fn colour_follows_the_option_and_the_environment() {
    assert!(colored(|c| {
        c.args(["--color", "always"]);
    }));
    assert!(!colored(|c| {
        c.args(["--color", "never"]);
    }));
    assert!(!colored(|_| {}), "auto: stdout is not a terminal here");
    assert!(!colored(|c| {
        c.env("NO_COLOR", "1");
    }));
    assert!(colored(|c| {
        c.env("CLICOLOR_FORCE", "1");
    }));
    assert!(!colored(|c| {
        c.env("CLICOLOR_FORCE", "0");
    }));
    assert!(!colored(|c| {
        c.env("NO_COLOR", "1").env("CLICOLOR_FORCE", "1");
    }));
    assert!(colored(|c| {
        c.env("NO_COLOR", "1").args(["--color", "always"]);
    }));
    assert!(!colored(|c| {
        c.env("CLICOLOR_FORCE", "1").args(["--color", "never"]);
    }));
}

#[test]
fn coloured_output_has_no_markers_and_the_same_text() {
    let plain = human(&[FIRST, UPDATED]);
    let out = TestCommand::in_repo().args(["diff", "--color", "always", "--width", "80", FIRST, UPDATED]).run();
    let coloured = out.stdout();
    assert!(coloured.contains("\x1b[31;9m"), "deletions red and struck through");
    assert!(coloured.contains("\x1b[32m"), "insertions green");
    // Stripping the escapes gives the plain report without its markers (wrapping may
    // differ, as markers take room in plain mode): compare the words.
    let strip = |s: &str| -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    let unmarked = plain.replace("[-", "").replace("-]", "").replace("{+", "").replace("+}", "");
    assert_eq!(words(&strip(coloured)), words(&unmarked));
}

// ---- exit codes, help, determinism, docs ----

#[test]
fn usage_errors_exit_2_and_help_explains_exit_codes() {
    let out = TestCommand::new().args(["diff", "only-one.txt"]).run();
    out.assert_code(2);
    assert!(out.stderr.contains("NEW"), "{}", out.stderr);
    TestCommand::new().args(["frobnicate"]).run().assert_code(2);
    TestCommand::new().args(["diff", "a", "b", "--color", "sometimes"]).run().assert_code(2);
    let help = TestCommand::new().args(["diff", "--help"]).run();
    help.assert_code(0);
    for needle in ["Exit status:", "0  equal", "1  different", "2  error", "--ignore-case", "--side-by-side"] {
        assert!(help.stdout().contains(needle), "{needle} missing from --help:\n{}", help.stdout());
    }
    TestCommand::new().args(["--version"]).run().assert_code(0);
}

#[test]
fn output_is_deterministic() {
    let run = |fmt: &str| TestCommand::in_repo().args(["diff", "--format", fmt, FIRST, UPDATED]).run().stdout;
    assert_eq!(run("json"), run("json"));
    assert_eq!(run("human"), run("human"));
}

#[test]
fn normalisation_options_change_what_is_equal() {
    let cmd = TestCommand::new();
    cmd.write("a.txt", "The Quick fox, it ran.\n");
    cmd.write("b.txt", "the quick fox it ran\n");
    let run = |extra: &[&str]| {
        let dir = cmd.dir().to_owned();
        TestCommand::new().args(["diff"]).args(extra).args([dir.join("a.txt"), dir.join("b.txt")]).run().code
    };
    assert_eq!(run(&[]), 1);
    assert_eq!(run(&["--ignore-case"]), 1);
    assert_eq!(run(&["--ignore-punctuation"]), 1);
    assert_eq!(run(&["--ignore-case", "--ignore-punctuation"]), 0);
}

/// The example of `copytrace diff --format json` in the report crate's docs is real output.
#[test]
fn the_json_doc_example_is_current() {
    let source = std::fs::read_to_string(format!("{ROOT}/crates/report/src/lib.rs")).unwrap();
    let doc: String = source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let example = doc.split("## Example\n").nth(1).expect("an Example section");
    let json = example.split("```json\n").nth(1).and_then(|s| s.split("\n```").next()).expect("a json block");
    let mut cmd = TestCommand::new();
    cmd.write("old.txt", "\"Old\" text.\n\nSecond para.\n");
    cmd.write("new.txt", "Second para.\n\n\u{201C}Old\u{201D} text, edited.\n");
    let out = cmd.args(["diff", "--format", "json", "old.txt", "new.txt"]).run();
    out.assert_code(1);
    assert_eq!(out.stdout().trim_end(), json);
}

#[test]
fn coloured_lines_respect_the_width_and_close_their_escapes() {
    let out = TestCommand::in_repo().args(["diff", "--color", "always", "--width", "40", FIRST, UPDATED]).run();
    out.assert_code(1);
    let (header, body) = out.stdout().split_once("\n\n").expect("a header");
    assert!(header.lines().count() >= 5, "{header}");
    // Header lines hold file paths and are not wrapped; everything below is.
    for line in body.lines() {
        // Visible width without the escape sequences.
        let mut visible = 0;
        let mut open = 0i32;
        let mut rest = line;
        while let Some(at) = rest.find('\x1b') {
            visible += rest[..at].chars().count();
            let end = rest[at..].find('m').expect("escape sequence ends on the line") + at;
            if &rest[at..=end] == "\x1b[0m" {
                open -= 1;
            } else {
                open += 1;
            }
            rest = &rest[end + 1..];
        }
        visible += rest.chars().count();
        assert_eq!(open, 0, "unbalanced escapes in {line:?}");
        assert!(visible <= 40, "wider than 40 columns: {line:?}");
    }
}

#[test]
fn escape_sequences_in_a_file_do_not_reach_the_terminal() {
    let mut cmd = TestCommand::new();
    cmd.write("a.txt", "A plain sentence with several words in it.\n");
    cmd.write("b.txt", "A plain sentence with \x1b[2J several words in it.\n");
    let out = cmd.args(["diff", "--color", "never", "a.txt", "b.txt"]).run();
    out.assert_code(1);
    assert!(!out.stdout.contains(&0x1b), "{}", out.stdout());
    assert!(out.stdout().contains("{+\u{FFFD}[2J+}"), "{}", out.stdout());
}

#[test]
fn coloured_report_styles() {
    let mut cmd = TestCommand::new();
    cmd.write(
        "a.txt",
        "Kept paragraph, the same.\n\nThe quick brown fox jumps over the lazy dog.\n\nGone entirely now.\n",
    );
    cmd.write(
        "b.txt",
        "Kept paragraph, the same.\n\nThe quick red fox jumps over the dog today.\n\nBrand new words here.\n",
    );
    let out = cmd.args(["diff", "--color", "always", "a.txt", "b.txt"]).run();
    out.assert_code(1);
    // Escapes made visible, so the snapshot pins every style.
    insta::assert_snapshot!("small_pair_colored", out.stdout().replace('\x1b', "␛"));
}

#[test]
fn a_utf8_byte_order_mark_is_not_a_change() {
    let mut cmd = TestCommand::new();
    cmd.write("bom.txt", "\u{FEFF}One paragraph of text.\n\nAnother one.\n");
    cmd.write("plain.txt", "One paragraph of text.\n\nAnother one.\n");
    let out = cmd.args(["diff", "--format", "json", "bom.txt", "plain.txt"]).run();
    out.assert_code(0);
    let v = out.json();
    assert_eq!(v["files"]["old"]["encoding"], "utf-8-bom");
    check_ops(
        &v,
        "\u{FEFF}One paragraph of text.\n\nAnother one.\n".as_bytes(),
        b"One paragraph of text.\n\nAnother one.\n",
        0,
        &utf8,
    );
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let cmd = TestCommand::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let path = cmd.dir().join(name);
    std::fs::write(&path, "Some text in a file with an odd name.\n").unwrap();
    cmd.write("b.txt", "Some text in a file with an odd name.\n");
    let out = TestCommand::new().args(["diff".as_ref(), path.as_os_str(), cmd.dir().join("b.txt").as_os_str()]).run();
    out.assert_code(0);
    assert!(out.stdout().contains("caf\u{FFFD}.txt"), "{}", out.stdout());
    let gone = TestCommand::new().args(["diff".as_ref(), name, name]).run();
    gone.assert_code(2);
    assert_eq!(gone.stderr, "copytrace: error: caf\u{FFFD}.txt: no such file\n");
}

/// Seven distinct paragraphs of some length, so each pairs only with itself.
fn paragraphs7() -> Vec<String> {
    ["river", "mountain", "harbour", "railway", "orchard", "library", "market"]
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!("Paragraph {} talks about the {w} and what the {w} means to the town people today.", i + 1)
        })
        .collect()
}

#[test]
fn context_folds_like_diff_u() {
    let old = paragraphs7();
    let mut new = old.clone();
    new[3] = new[3].replace("town people", "whole town");
    let cmd = TestCommand::new();
    cmd.write("a.txt", old.join("\n\n"));
    cmd.write("b.txt", new.join("\n\n"));
    let run = |context: &str| {
        let out = TestCommand::new()
            .args(["diff", "--context", context])
            .args([cmd.dir().join("a.txt"), cmd.dir().join("b.txt")])
            .run();
        out.assert_code(1);
        out.stdout().to_owned()
    };
    let r0 = run("0");
    assert!(r0.contains("... 3 unchanged paragraphs (NEW ¶1-3) ..."), "{r0}");
    assert!(r0.contains("... 3 unchanged paragraphs (NEW ¶5-7) ..."), "{r0}");
    assert!(r0.contains("NEW ¶4 = OLD ¶4  (edited, "), "{r0}");
    let r2 = run("2");
    assert!(r2.contains("... 1 unchanged paragraph (NEW ¶1) ..."), "{r2}");
    assert!(r2.contains("... 1 unchanged paragraph (NEW ¶7) ..."), "{r2}");
    for shown in [2, 3, 5, 6] {
        assert!(r2.contains(&format!("NEW ¶{shown} = OLD ¶{shown}  (unchanged)")), "{r2}");
    }
    let r3 = run("3");
    assert!(!r3.contains("... "), "{r3}");
    assert_eq!(r3.matches("(unchanged)").count(), 6, "{r3}");
}

#[test]
fn a_moved_paragraph_is_a_move_not_a_deletion_and_insertion() {
    let old = paragraphs7();
    let mut new = old.clone();
    let moved = new.remove(1);
    new.push(moved);
    let mut cmd = TestCommand::new();
    cmd.write("a.txt", old.join("\n\n"));
    cmd.write("b.txt", new.join("\n\n"));
    let out = TestCommand::new().args(["diff"]).args([cmd.dir().join("a.txt"), cmd.dir().join("b.txt")]).run();
    out.assert_code(1);
    let report = out.stdout();
    assert!(report.contains("NEW ¶7 moved from OLD ¶2  (unchanged)"), "{report}");
    // The summary counts the seven paragraphs once; the move is said apart.
    assert!(report.contains("paragraphs          7 unchanged; 1 of them moved\n"), "{report}");
    assert!(!report.contains("deleted") && !report.contains("inserted") && !report.contains("[-"), "{report}");
    let v = json(&mut cmd, &["a.txt", "b.txt"]);
    let moved: Vec<&Value> = v["blocks"].as_array().unwrap().iter().filter(|b| b["moved"] == true).collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0]["old_paragraphs"], serde_json::json!({"start": 1, "end": 2}));
    assert_eq!(moved[0]["new_paragraphs"], serde_json::json!({"start": 6, "end": 7}));
    assert!(moved[0]["ops"].as_array().unwrap().iter().all(|o| o["tag"] == "move"), "{}", moved[0]);
    check_ops(&v, old.join("\n\n").as_bytes(), new.join("\n\n").as_bytes(), 0, &utf8);
}
