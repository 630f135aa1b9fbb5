//! Hostile input: whatever a crawler leaves in a directory, `copytrace scan` (and `index`)
//! neither panic nor hang nor lose the rest of the corpus. Every test here puts one kind of
//! bad input next to two ordinary articles that share a passage, and checks that the pair is
//! still found and that the bad input is accounted for as documented.

use crate::{Output, TestCommand, ROOT};
use serde_json::Value;
use std::path::Path;

const SHARED: &str = "The council confirmed on Tuesday that the new bridge over the river will close for \
    repairs next month, and that buses will be diverted through the old town while the work is done.";

/// Two ordinary articles sharing [`SHARED`].
fn with_good_pair(t: &TestCommand) {
    t.write("good/a.txt", format!("Morning news.\n\n{SHARED}\n"));
    t.write("good/b.txt", format!("{SHARED}\n\nTraders are worried about the diversion.\n"));
}

fn scan_json(t: &mut TestCommand, extra: &[&str]) -> (Output, Value) {
    let out = t.args(["scan", ".", "--format", "json"]).args(extra).run();
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let v = out.json();
    (out, v)
}

/// Asserts that the good pair was found.
fn good_pair_found(report: &Value) {
    let found = report["pairs"].as_array().unwrap().iter().any(|p| p["a"] == "good/a.txt" && p["b"] == "good/b.txt");
    assert!(found, "the good pair is missing: {report:#}");
}

fn skipped_reason(report: &Value, path: &str) -> String {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == path)
        .map(|s| s["reason"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("{path} is not listed as skipped: {report:#}"))
}

#[test]
fn binary_files_are_skipped_and_the_rest_is_scanned() {
    let mut t = TestCommand::new();
    with_good_pair(&t);
    t.write("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00");
    t.write("random.bin", (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect::<Vec<u8>>());
    let (out, report) = scan_json(&mut t, &[]);
    out.assert_code(1);
    good_pair_found(&report);
    assert!(skipped_reason(&report, "logo.png").starts_with("binary"));
    assert!(skipped_reason(&report, "random.bin").starts_with("binary"));
    assert_eq!(report["partial"], false);
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_with_a_warning() {
    let mut t = TestCommand::new();
    with_good_pair(&t);
    // UTF-8 with one stray Latin-1 byte in the middle.
    let mut bytes = format!("Caf{}", "\u{e9} is fine; ").into_bytes();
    bytes.extend_from_slice(b"but na\xefve bytes break it. ");
    bytes.extend_from_slice(SHARED.as_bytes());
    t.write("mixed.txt", &bytes);
    let (out, report) = scan_json(&mut t, &[]);
    out.assert_code(1);
    good_pair_found(&report);
    let doc = report["documents"].as_array().unwrap().iter().find(|d| d["id"] == "mixed.txt").unwrap();
    assert_eq!(doc["encoding"], "windows-1252");
    assert!(out.stderr.contains("mixed.txt: not valid UTF-8; read as Windows-1252"), "{}", out.stderr);
    // The shared passage is found in it, at its bytes in the file.
    let p = report["passages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["a"]["doc"] == "good/a.txt" && p["b"]["doc"] == "mixed.txt")
        .expect("a passage with mixed.txt");
    let (s, e) = (p["b"]["start"].as_u64().unwrap() as usize, p["b"]["end"].as_u64().unwrap() as usize);
    assert_eq!(&bytes[s..e], SHARED.trim_end_matches('.').as_bytes());
}

#[test]
fn windows_1252_files_of_the_clough_stevenson_corpus() {
    // Answers written on Windows, with 0x91-0x94 smart quotes: not UTF-8.
    let texts = Path::new(ROOT).join("../shared/data/clough-stevenson-2011/texts");
    let mut t = TestCommand::new();
    for name in ["g1pB_taska.txt", "g2pA_taska.txt", "g3pA_taska.txt", "orig_taska.txt"] {
        let bytes = std::fs::read(texts.join(name)).expect("the shared Clough & Stevenson corpus");
        t.write(name, bytes);
    }
    let (out, report) = scan_json(&mut t, &[]);
    assert_eq!(report["partial"], false);
    // The three answers are annotated "non" (written without the source) in the corpus's
    // corpus-final09.csv, and share no passage with it or each other: no reuse, exit 0.
    out.assert_code(0);
    assert!(report["pairs"].as_array().unwrap().is_empty(), "{report:#}");
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 4);
    for name in ["g1pB_taska.txt", "g2pA_taska.txt", "g3pA_taska.txt"] {
        let d = docs.iter().find(|d| d["id"] == name).unwrap();
        assert_eq!(d["encoding"], "windows-1252", "{name}");
        assert!(out.stderr.contains(&format!("{name}: not valid UTF-8")), "{}", out.stderr);
    }
    // Every passage starts and ends on a word, in the file's own bytes.
    for p in report["passages"].as_array().unwrap() {
        for side in ["a", "b"] {
            let loc = &p[side];
            let bytes = std::fs::read(t.dir().join(loc["doc"].as_str().unwrap())).unwrap();
            let (s, e) = (loc["start"].as_u64().unwrap() as usize, loc["end"].as_u64().unwrap() as usize);
            assert!(s < e && e <= bytes.len());
            assert!(bytes[s].is_ascii_alphanumeric() && bytes[e - 1].is_ascii_alphanumeric(), "{loc}");
        }
    }
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded_and_offsets_are_file_bytes() {
    let mut t = TestCommand::new();
    with_good_pair(&t);
    let text = format!("Headline\n\n{SHARED}\n");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    t.write("le.txt", &le);
    t.write("be.txt", &be);
    // A broken UTF-16 file (odd length) is an error for that file only.
    let mut broken = le.clone();
    broken.push(0x41);
    t.write("broken16.txt", &broken);
    let (out, report) = scan_json(&mut t, &[]);
    out.assert_code(3);
    good_pair_found(&report);
    assert!(report["errors"].as_array().unwrap().iter().any(|e| e["path"] == "broken16.txt"));
    // The identical UTF-16 files share everything from the first byte after the BOM.
    let find = |a: &str, b: &str| {
        report["passages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["a"]["doc"] == a && p["b"]["doc"] == b)
            .unwrap_or_else(|| panic!("no passage {a} {b}"))
            .clone()
    };
    assert_eq!(find("be.txt", "le.txt")["a"]["start"].as_u64(), Some(2));
    // With an UTF-8 article, the passage starts after the headline: 2 bytes of BOM and 2
    // bytes per UTF-16 code unit.
    let start = 2 + 2 * "Headline\n\n".len() as u64;
    let end = start + 2 * SHARED.trim_end_matches('.').len() as u64;
    for p in [find("be.txt", "good/a.txt")["a"].clone(), find("good/a.txt", "le.txt")["b"].clone()] {
        assert_eq!((p["start"].as_u64(), p["end"].as_u64()), (Some(start), Some(end)), "{p}");
    }
}

#[test]
fn empty_and_white_space_only_files_are_skipped() {
    let mut t = TestCommand::new();
    with_good_pair(&t);
    t.write("empty.txt", "");
    t.write("blank.txt", " \n\t\r\n   \n");
    t.write("bom-only.txt", "\u{FEFF}");
    t.write("front-matter-only.txt", "---\ntitle: Nothing\n---\n");
    let (out, report) = scan_json(&mut t, &[]);
    out.assert_code(1);
    good_pair_found(&report);
    for name in ["empty.txt", "blank.txt", "bom-only.txt", "front-matter-only.txt"] {
        assert!(skipped_reason(&report, name).starts_with("no text"), "{name}");
    }
    assert_eq!(report["summary"]["documents"], 2);
}

/// 100 MiB of words on one line, no newline.
fn write_huge_line(path: &Path) {
    use std::io::Write;
    let words = ["alpha ", "beta ", "gamma ", "delta ", "epsilon ", "zeta ", "eta ", "theta "];
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let (mut written, mut x) = (0usize, 1u32);
    let target = 100 * 1024 * 1024;
    while written < target {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let w = words[(x % 8) as usize];
        let w = &w[..w.len().min(target - written)];
        f.write_all(w.as_bytes()).unwrap();
        written += w.len();
    }
}

#[test]
fn a_100_mib_line_is_skipped_by_default_and_read_when_the_limit_allows() {
    let mut t = TestCommand::new();
    with_good_pair(&t);
    write_huge_line(&t.dir().join("huge.txt"));
    assert_eq!(std::fs::metadata(t.dir().join("huge.txt")).unwrap().len(), 100 * 1024 * 1024);
    // The default limit (64 MiB) skips it with a warning; the scan is complete.
    let (out, report) = scan_json(&mut t, &[]);
    out.assert_code(1);
    good_pair_found(&report);
    assert!(skipped_reason(&report, "huge.txt").contains("larger than --max-file-size"));
    assert!(out.stderr.contains("huge.txt: skipped: larger than --max-file-size"), "{}", out.stderr);
    assert_eq!(report["partial"], false);
    // Raised, the file is read as one document.
    let mut t2 = TestCommand::new();
    with_good_pair(&t2);
    std::fs::rename(t.dir().join("huge.txt"), t2.dir().join("huge.txt")).unwrap();
    let (out, report) = scan_json(&mut t2, &["--max-file-size", "200M"]);
    out.assert_code(1);
    good_pair_found(&report);
    let huge = report["documents"].as_array().unwrap().iter().find(|d| d["id"] == "huge.txt").expect("read");
    assert_eq!(huge["bytes"], 100 * 1024 * 1024);
    assert!(huge["words"].as_u64().unwrap() > 15_000_000);
}

#[test]
fn a_hundred_thousand_tiny_files() {
    // 100,000 files of a few words in 100 folders, two of them sharing a passage. Runs in
    // a few seconds in the test profile (most of it creating the files).
    let mut t = TestCommand::new();
    for i in 0..100_000u32 {
        let dir = t.dir().join(format!("d{:02}", i % 100));
        if i < 100 {
            std::fs::create_dir(&dir).unwrap();
        }
        let text = match i {
            4_242 | 97_531 => format!("Note {i}. {SHARED}\n"),
            _ => format!("note {i} here\n"),
        };
        std::fs::write(dir.join(format!("f{i:06}.txt")), text).unwrap();
    }
    let (out, report) = scan_json(&mut t, &[]);
    out.assert_code(1);
    assert_eq!(report["summary"]["documents"], 100_000);
    let pairs = report["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!((pairs[0]["a"].as_str(), pairs[0]["b"].as_str()), (Some("d31/f097531.txt"), Some("d42/f004242.txt")));
}

#[test]
fn deeply_nested_folders() {
    let mut t = TestCommand::new();
    with_good_pair(&t);
    let mut rel = String::new();
    for i in 0..300 {
        rel.push_str(&format!("n{}/", i % 10));
    }
    t.write(&format!("{rel}deep.txt"), format!("From the depths. {SHARED}\n"));
    let (out, report) = scan_json(&mut t, &[]);
    out.assert_code(1);
    good_pair_found(&report);
    let id = format!("{rel}deep.txt");
    assert!(report["documents"].as_array().unwrap().iter().any(|d| d["id"] == id.as_str()));
    assert!(report["pairs"].as_array().unwrap().iter().any(|p| p["b"] == id.as_str() || p["a"] == id.as_str()));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_with_follow() {
    let mut t = TestCommand::new();
    with_good_pair(&t);
    std::os::unix::fs::symlink("..", t.dir().join("good/up")).unwrap();
    std::os::unix::fs::symlink(".", t.dir().join("self")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", t.dir().join("dangling.txt")).unwrap();
    let (out, report) = scan_json(&mut t, &["--follow"]);
    out.assert_code(1);
    good_pair_found(&report);
    assert!(skipped_reason(&report, "good/up").contains("loop"));
    assert!(skipped_reason(&report, "self").contains("loop"));
    assert!(skipped_reason(&report, "dangling.txt").contains("broken symbolic link"));
    assert_eq!(report["summary"]["documents"], 2);
}

/// Makes `name` unreadable: permission bits when they stop this process (not root); as root,
/// where they do not, a link to `/proc/self/mem`, a regular file whose reading at offset 0
/// fails (EIO) for everyone. Returns whether the scan needs `--follow`.
#[cfg(unix)]
fn unreadable(t: &TestCommand, name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let path = t.write(name, "You cannot read this article.\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_err() {
        return false;
    }
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", &path).unwrap();
    assert!(std::fs::read(&path).is_err(), "no way to make an unreadable file on this machine");
    true
}

#[cfg(unix)]
#[test]
fn unreadable_files_make_the_result_partial_and_the_rest_is_reported() {
    let mut t = TestCommand::new();
    with_good_pair(&t);
    let follow = unreadable(&t, "locked.txt");
    let extra: &[&str] = if follow { &["--follow"] } else { &[] };
    let (out, report) = scan_json(&mut t, extra);
    out.assert_code(3);
    good_pair_found(&report);
    assert_eq!(report["partial"], true);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], "locked.txt");
    assert!(out.stderr.contains("locked.txt: not read"), "{}", out.stderr);
    // The human summary and the CI summary say so too.
    let mut t2 = TestCommand::new();
    with_good_pair(&t2);
    let follow = unreadable(&t2, "locked.txt");
    let human = t2.args(["scan", "."]).args(if follow { &["--follow"][..] } else { &[][..] }).run();
    human.assert_code(3);
    assert!(human.stdout().contains("partial"), "{}", human.stdout());
    let mut t3 = TestCommand::new();
    with_good_pair(&t3);
    let follow = unreadable(&t3, "locked.txt");
    let ci = t3.args(["scan", ".", "--format", "ci"]).args(if follow { &["--follow"][..] } else { &[][..] }).run();
    ci.assert_code(3);
    assert!(ci.stderr.contains("partial"), "{}", ci.stderr);
    assert_eq!(ci.stdout().lines().count(), 1, "the good pair's finding: {}", ci.stdout());
    // Indexing such a directory writes the rest and says it is partial.
    let mut t4 = TestCommand::new();
    with_good_pair(&t4);
    let follow = unreadable(&t4, "locked.txt");
    let idx = t4.dir().join("x.idx");
    let mut args = vec!["index".to_owned(), ".".to_owned(), "-o".to_owned(), idx.to_string_lossy().into_owned()];
    if follow {
        args.push("--follow".to_owned());
    }
    let out = t4.args(&args).run();
    out.assert_code(3);
    assert!(out.stdout().contains("2 documents indexed"), "{}", out.stdout());
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_scanned_and_indexed() {
    use std::os::unix::ffi::OsStrExt;
    let mut t = TestCommand::new();
    with_good_pair(&t);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-\xff.txt");
    std::fs::write(t.dir().join(name), format!("Latin-1 name. {SHARED}\n")).unwrap();
    let (out, report) = scan_json(&mut t, &[]);
    out.assert_code(1);
    good_pair_found(&report);
    let id = "caf\\xE9-\\xFF.txt";
    assert!(report["documents"].as_array().unwrap().iter().any(|d| d["id"] == id), "{report:#}");
    // Through an index: the name survives as bytes and the document is found again.
    let idx = t.dir().join("../names.idx");
    let build = TestCommand::new().args(["index".as_ref(), t.dir().as_os_str(), "-o".as_ref(), idx.as_os_str()]).run();
    build.assert_code(0);
    let mut n = TestCommand::new();
    n.write("new.txt", format!("Copied again. {SHARED}\n"));
    let out = n
        .args([
            "scan".as_ref(),
            ".".as_ref(),
            "--against".as_ref(),
            idx.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])
        .run();
    out.assert_code(1);
    let report = out.json();
    assert!(report["pairs"].as_array().unwrap().iter().any(|p| p["a"] == id), "{report:#}");
    let _ = std::fs::remove_file(idx);
}

#[test]
fn a_file_that_changes_while_it_is_read() {
    // A writer rewrites one file continuously (growing and shrinking) while the scan and
    // the index run: whatever state they see, they finish, keep the rest of the corpus,
    // and account for the file (read, skipped as too large, or reported).
    let t = TestCommand::new();
    with_good_pair(&t);
    let path = t.dir().join("live.txt");
    std::fs::write(&path, "start\n").unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, path) = (stop.clone(), path.clone());
        std::thread::spawn(move || {
            let mut i = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let text = format!("Version {i}. {}\n", "more words here ".repeat(i % 5000));
                let _ = std::fs::write(&path, text);
                i += 1;
            }
        })
    };
    for _ in 0..3 {
        let mut c = TestCommand::new();
        let out = c
            .args([
                "scan".as_ref(),
                t.dir().as_os_str(),
                "--format".as_ref(),
                "json".as_ref(),
                "--max-file-size".as_ref(),
                "40K".as_ref(),
            ])
            .run();
        // The good pair is reuse (1), unless live.txt changed while it was read: then the
        // run is partial (3), and only then. Which one depends on the writer's timing.
        assert!(matches!(out.code, 1 | 3), "{}", out.stderr);
        let report = out.json();
        assert_eq!(report["partial"], out.code == 3, "{}", out.stderr);
        good_pair_found(&report);
        let idx = t.dir().join("../live.idx");
        let out =
            TestCommand::new().args(["index".as_ref(), t.dir().as_os_str(), "-o".as_ref(), idx.as_os_str()]).run();
        assert!(matches!(out.code, 0 | 3), "{}", out.stderr);
        assert!(!out.stderr.contains("panicked"));
        if out.code == 3 {
            assert!(out.stderr.contains("live.txt"), "{}", out.stderr);
        }
        let _ = std::fs::remove_file(idx);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}
