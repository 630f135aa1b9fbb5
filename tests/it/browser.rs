//! The HTML reports in a real browser: Debian's `chromium`, driven over the DevTools
//! protocol by `headless_chrome`. `cargo xtask ci` installs Chromium where it is missing
//! (`cargo xtask setup browser`); without it these tests fail, they are never skipped.
//!
//! Each test writes reports with the binary, opens them from disk with their scripts
//! running, and asserts on the rendered page. Every page is also checked for console
//! errors, uncaught exceptions, Content-Security-Policy violations and network requests
//! (there must be none but the file itself). Screenshots of the main views are written to
//! `target/screenshots/` for people to look at.

use crate::{TestCommand, ROOT};
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Network, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Chromium: `$CHROME`, else `chromium` on the PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROME") {
        return PathBuf::from(path);
    }
    let found = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join("chromium")).find(|p| p.is_file()));
    found.unwrap_or_else(|| {
        panic!("Chromium is not installed: `cargo xtask setup browser` installs Debian's chromium (as `cargo xtask ci` does)")
    })
}

/// One browser for the whole test binary.
fn browser() -> &'static Browser {
    static BROWSER: OnceLock<Browser> = OnceLock::new();
    BROWSER.get_or_init(|| {
        let options = LaunchOptions::default_builder()
            .path(Some(chromium()))
            // The tests run as root in CI containers, where Chromium's sandbox cannot start.
            .sandbox(false)
            .window_size(Some((1400, 1000)))
            .idle_browser_timeout(Duration::from_secs(600))
            .build()
            .expect("launch options");
        Browser::new(options).expect("start Chromium")
    })
}

/// What a page did besides rendering: console errors, exceptions, requests.
#[derive(Default, Debug)]
struct Seen {
    errors: Vec<String>,
    requests: Vec<String>,
}

/// An open report page.
struct Opened {
    tab: Arc<Tab>,
    seen: Arc<Mutex<Seen>>,
    url: String,
}

impl Opened {
    /// Opens `file` (with `#fragment` if given) and waits until its script has drawn it.
    fn new(file: &Path, fragment: &str) -> Opened {
        let tab = browser().new_tab().expect("new tab");
        tab.set_default_timeout(Duration::from_secs(30));
        let seen = Arc::new(Mutex::new(Seen::default()));
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .expect("network events");
        tab.enable_log().expect("log events");
        tab.enable_runtime().expect("runtime events");
        let sink = Arc::clone(&seen);
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let mut seen = sink.lock().expect("lock");
            match event {
                Event::RuntimeConsoleAPICalled(e) => {
                    let kind = format!("{:?}", e.params.Type);
                    if kind.contains("Error") || kind.contains("Warning") || kind.contains("Assert") {
                        seen.errors.push(format!("console {kind}: {:?}", e.params.args));
                    }
                }
                Event::RuntimeExceptionThrown(e) => {
                    seen.errors.push(format!("exception: {:?}", e.params.exception_details))
                }
                Event::LogEntryAdded(e) => {
                    let level = format!("{:?}", e.params.entry.level);
                    if level.contains("Error") || level.contains("Warning") {
                        seen.errors.push(format!("log {level}: {}", e.params.entry.text));
                    }
                }
                Event::NetworkRequestWillBeSent(e) => seen.requests.push(e.params.request.url.clone()),
                _ => {}
            }
        }))
        .expect("listener");
        let url = format!("file://{}{fragment}", file.display());
        tab.navigate_to(&url).expect("navigate").wait_until_navigated().expect("loaded");
        tab.wait_for_element("body[data-ready=true]").expect("the page's script ran to the end");
        Opened { tab, seen, url }
    }

    /// Evaluates `expr` (JavaScript) and returns its value (`JSON.stringify`ed and parsed back).
    fn eval(&self, expr: &str) -> Value {
        let js = format!("JSON.stringify((function () {{ return {expr}; }})())");
        let out = self.tab.evaluate(&js, false).unwrap_or_else(|e| panic!("evaluating {expr}: {e}"));
        let text = out.value.and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_else(|| "null".to_owned());
        serde_json::from_str(&text).expect("JSON from the page")
    }

    /// Asserts the page logged no error and requested nothing but itself.
    fn assert_clean(&self) {
        // Let late events (a CSP report, a failed image) arrive.
        std::thread::sleep(Duration::from_millis(300));
        let seen = self.seen.lock().expect("lock");
        assert!(seen.errors.is_empty(), "{}: errors: {:#?}", self.url, seen.errors);
        let page = self.url.split('#').next().unwrap_or_default().to_owned();
        assert!(
            seen.requests.iter().any(|u| u.split('#').next() == Some(page.as_str())),
            "the page's own request was not seen: the network events are not reaching the test ({:?})",
            seen.requests
        );
        let others: Vec<&String> =
            seen.requests.iter().filter(|u| u.split('#').next() != Some(page.as_str())).collect();
        assert!(others.is_empty(), "{}: requests besides the page: {others:?}", self.url);
    }

    /// Writes a screenshot to `target/screenshots/NAME.png`.
    fn screenshot(&self, name: &str) {
        let png = self
            .tab
            .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
            .expect("screenshot");
        let dir = Path::new(ROOT).join("target").join("screenshots");
        std::fs::create_dir_all(&dir).expect("screenshots directory");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Clicks the element `selector` matches like a user would (scrolled into view, a mouse
    /// click at its centre); retried while the page is still laying out.
    fn click(&self, selector: &str) {
        let mut last = String::new();
        for _ in 0..5 {
            let done = self.tab.find_element(selector).and_then(|e| {
                e.scroll_into_view()?;
                e.click()?;
                Ok(())
            });
            match done {
                Ok(()) => return,
                Err(e) => last = e.to_string(),
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("could not click {selector}: {last}");
    }

    fn press(&self, key: &str) {
        self.tab.press_key(key).expect("key");
    }
}

impl Drop for Opened {
    fn drop(&mut self) {
        let _ = self.tab.close(false);
    }
}

/// Writes `copytrace ARGS --format html -o FILE` and the same run's JSON; returns the HTML
/// file's path (in `dir`) and the JSON.
fn report(dir: &Path, name: &str, args: &[&str]) -> (PathBuf, Value) {
    let file = dir.join(format!("{name}.html"));
    let out = TestCommand::in_repo().args(args).args(["--format", "html", "-o"]).arg_path(&file).run();
    assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
    let json = TestCommand::in_repo().args(args).args(["--format", "json"]).run();
    (file, json.json())
}

fn bundled_scan(dir: &Path) -> (PathBuf, Value) {
    report(dir, "scan", &["scan", "corpus"])
}

#[test]
fn the_scan_overview_names_the_top_pairs_and_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (file, json) = bundled_scan(dir.path());
    let page = Opened::new(&file, "");
    let rows = page.eval("Array.from(document.querySelectorAll('#pairs-body tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent))");
    let rows = rows.as_array().unwrap();
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(rows.len(), pairs.len().min(100));
    for (row, pair) in rows.iter().zip(pairs) {
        assert_eq!(row[0], pair["id"].to_string());
        let path_of =
            |id: &Value| json["documents"].as_array().unwrap().iter().find(|d| d["id"] == *id).unwrap()["path"].clone();
        assert_eq!(row[1], path_of(&pair["a"]));
        assert_eq!(row[2], path_of(&pair["b"]));
    }
    // The summary carries the report's figures and the definitions.
    let figures = page.eval("document.querySelector('#summary .figures').textContent");
    assert!(figures.as_str().unwrap().contains(&json["summary"]["passages"].to_string()));
    let legend = page.eval("document.querySelector('#summary .legend').textContent").as_str().unwrap().to_owned();
    assert!(legend.contains("originality") || legend.contains("original"), "{legend}");
    page.screenshot("scan-overview");
    page.assert_clean();
}

#[test]
fn passages_are_highlighted_over_exactly_the_bytes_of_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let (file, json) = bundled_scan(dir.path());
    let docs = json["documents"].as_array().unwrap();
    let bytes_of = |id: &Value| -> Vec<u8> {
        let path = &docs.iter().find(|d| d["id"] == *id).unwrap()["path"];
        std::fs::read(Path::new(ROOT).join("corpus").join(path.as_str().unwrap())).unwrap()
    };
    let mut checked = 0;
    for pair in json["pairs"].as_array().unwrap() {
        let page = Opened::new(&file, &format!("#pair-{}", pair["id"]));
        let marks = page.eval(
            "Array.from(document.querySelectorAll('#pair-view mark.p')).map(m => [Number(m.dataset.passage), m.dataset.side, Number(m.dataset.start), Number(m.dataset.end), m.textContent])",
        );
        let marks = marks.as_array().unwrap();
        let passages: Vec<&Value> = pair["passages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| &json["passages"][id.as_u64().unwrap() as usize])
            .collect();
        assert_eq!(marks.len(), 2 * passages.len(), "every passage highlighted on both sides");
        for m in marks {
            let passage = &json["passages"][m[0].as_u64().unwrap() as usize];
            let loc = &passage[m[1].as_str().unwrap()];
            assert_eq!((m[2].as_u64(), m[3].as_u64()), (loc["start"].as_u64(), loc["end"].as_u64()), "{m}");
            let bytes = bytes_of(&loc["doc"]);
            let (s, e) = (loc["start"].as_u64().unwrap() as usize, loc["end"].as_u64().unwrap() as usize);
            assert_eq!(m[4].as_str().unwrap(), String::from_utf8_lossy(&bytes[s..e]), "passage {m}");
            checked += 1;
        }
        page.assert_clean();
    }
    assert!(checked >= 2, "the bundled corpus has passages");
}

#[test]
fn a_passages_repeats_are_listed_in_its_pair_view() {
    let dir = tempfile::tempdir().unwrap();
    let (file, json) = bundled_scan(dir.path());
    let mut checked = 0;
    for p in json["passages"].as_array().unwrap() {
        let Some(alternates) = p["alternates"].as_array() else { continue };
        let page = Opened::new(&file, &format!("#pair-{}", p["pair"]));
        let items =
            page.eval("Array.from(document.querySelectorAll('#pair-view ul.alternates li')).map(li => li.textContent)");
        let items: Vec<&str> = items.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        for alt in alternates {
            let (a, b) = (&alt["a"], &alt["b"]);
            let want = format!("also bytes {}–{} of ", a["start"], a["end"]);
            let with = format!(" with {}–{} of ", b["start"], b["end"]);
            assert!(items.iter().any(|i| i.starts_with(&want) && i.contains(&with)), "{want}…{with} in {items:?}");
            checked += 1;
        }
        page.assert_clean();
    }
    assert!(checked >= 1, "the bundled corpus has a repeated sentence (see the scan_corpus_detail golden)");
}

#[test]
fn a_matrix_cell_opens_its_pair_and_a_passage_scrolls_the_other_side() {
    let dir = tempfile::tempdir().unwrap();
    let (file, json) = bundled_scan(dir.path());
    let page = Opened::new(&file, "");
    let pair = page.eval("document.querySelector('#matrix-body button[data-pair]').dataset.pair");
    let pair = pair.as_str().expect("a matrix cell").to_owned();
    page.click(&format!("#matrix-body button[data-pair='{pair}']"));
    page.tab.wait_for_element("#pair-view:not([hidden]) .sides").expect("the pair view opens");
    assert_eq!(page.eval("location.hash"), Value::from(format!("#pair-{pair}")));
    let heading = page.eval("document.querySelector('#pair-view h2').textContent");
    let p = &json["pairs"][pair.parse::<usize>().unwrap()];
    let path_of =
        |id: &Value| json["documents"].as_array().unwrap().iter().find(|d| d["id"] == *id).unwrap()["path"].clone();
    for side in ["a", "b"] {
        assert!(heading.as_str().unwrap().contains(path_of(&p[side]).as_str().unwrap()), "{heading}");
    }
    assert_eq!(page.eval("document.getElementById('summary').hidden"), Value::Bool(true), "the overview is put away");
    page.screenshot("scan-pair");
    // Selecting the last passage on side a scrolls side b to its counterpart.
    page.eval("(function () { var b = document.getElementById('side-b'); b.scrollTop = 0; return true; })()");
    let last = page.eval("Array.from(document.querySelectorAll('#side-a mark.p')).pop().id");
    page.click(&format!("#{}", last.as_str().unwrap()));
    std::thread::sleep(Duration::from_millis(200));
    let focused = page.eval("document.activeElement.id");
    assert_eq!(focused, Value::from(last.as_str().unwrap().replace("-a", "-b")), "the counterpart has the focus");
    let visible = page.eval(
        "(function () { var m = document.activeElement, s = document.getElementById('side-b'); var r = m.getBoundingClientRect(), q = s.getBoundingClientRect(); return r.top >= q.top && r.top <= q.bottom; })()",
    );
    assert_eq!(visible, Value::Bool(true), "the counterpart is scrolled into view");
    page.assert_clean();
}

#[test]
fn keys_move_between_findings_and_deep_links_survive_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let (file, json) = bundled_scan(dir.path());
    let page = Opened::new(&file, "");
    page.press("n");
    let first = page.eval("document.activeElement.getAttribute('href')");
    assert_eq!(first, Value::from(format!("#pair-{}", json["pairs"][0]["id"])));
    page.press("Enter");
    page.tab.wait_for_element("#pair-view:not([hidden]) .sides").expect("Enter opens the pair");
    page.press("n");
    let passage = page.eval("[document.activeElement.tagName, document.activeElement.dataset.side]");
    assert_eq!(passage, serde_json::json!(["MARK", "a"]), "n selects the first passage (and shows its counterpart)");
    page.press("Escape");
    page.tab.wait_for_element("#pair-view[hidden]").expect("Esc goes back to the overview");
    page.press("/");
    assert_eq!(page.eval("document.activeElement.id"), Value::from("filter"));
    page.assert_clean();
    drop(page);

    let page = Opened::new(&file, "#pair-0");
    assert_eq!(page.eval("document.getElementById('pair-view').hidden"), Value::Bool(false));
    page.tab.reload(false, None).expect("reload").wait_until_navigated().expect("reloaded");
    page.tab.wait_for_element("body[data-ready=true]").expect("drawn again");
    assert_eq!(
        page.eval("[location.hash, document.getElementById('pair-view').hidden]"),
        serde_json::json!(["#pair-0", false])
    );
    page.assert_clean();
}

#[test]
fn the_filter_keeps_the_pairs_of_matching_documents() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = bundled_scan(dir.path());
    let page = Opened::new(&file, "");
    page.press("/");
    page.tab.type_str("no-such-document").unwrap();
    assert_eq!(page.eval("document.querySelectorAll('#pairs-body tbody tr').length"), Value::from(0));
    page.eval("(function () { var f = document.getElementById('filter'); f.value = 'updated'; f.dispatchEvent(new Event('input')); return true; })()");
    assert_eq!(page.eval("document.querySelectorAll('#pairs-body tbody tr').length"), Value::from(1));
    page.assert_clean();
}

#[test]
fn hostile_names_and_text_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let shared = "The committee met on Tuesday to discuss the proposed changes to the regional transport budget, \
                  which had been delayed twice since the spring, and </script><script>window.pwned = 1</script> \
                  <img src=x onerror=\"window.pwned = 2\"> was pasted into the minutes by someone unknown.";
    std::fs::write(corpus.join("<img src=x onerror=alert(1)>.txt"), format!("Opening words. {shared} Closing words."))
        .unwrap();
    std::fs::write(corpus.join("b\u{1b}[31m.txt"), format!("Other lead. {shared} Other end.")).unwrap();
    let file = dir.path().join("hostile.html");
    let out = TestCommand::new()
        .arg_path(Path::new("scan"))
        .arg_path(&corpus)
        .args(["--format", "html", "-o"])
        .arg_path(&file)
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(!html.contains("<img src=x"), "markup from a document reached the page");
    let page = Opened::new(&file, "#pair-0");
    assert_eq!(page.eval("typeof window.pwned"), Value::from("undefined"));
    assert_eq!(page.eval("document.querySelectorAll('img').length"), Value::from(0));
    let text = page.eval("document.getElementById('pair-view').textContent");
    assert!(text.as_str().unwrap().contains("</script><script>window.pwned = 1</script>"), "shown as text");
    page.assert_clean();
}

#[test]
fn the_trace_page_links_each_paragraph_to_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let (file, json) =
        report(dir.path(), "trace", &["trace", "corpus/williamson-leak-updated-report.txt", "--corpus", "corpus"]);
    let page = Opened::new(&file, "");
    let traced: Vec<&Value> = json["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["sources"].as_array().unwrap().is_empty())
        .collect();
    assert!(!traced.is_empty());
    for para in &traced {
        let names = page.eval(&format!(
            "Array.from(document.querySelectorAll('#para-{} .source h3')).map(h => h.textContent)",
            para["index"]
        ));
        for (hit, name) in para["sources"].as_array().unwrap().iter().zip(names.as_array().unwrap()) {
            assert!(name.as_str().unwrap().starts_with(hit["path"].as_str().unwrap()), "{name}");
        }
        // Each excerpt names its passage's tier, as the JSON gives it.
        let tiers = page.eval(&format!(
            "Array.from(document.querySelectorAll('#para-{} .excerpt span.tier')).map(s => s.textContent)",
            para["index"]
        ));
        let want: Vec<Value> =
            para["sources"].as_array().unwrap().iter().flat_map(|h| h["tiers"].as_array().unwrap().clone()).collect();
        assert_eq!(tiers.as_array().unwrap(), &want, "paragraph {}", para["index"]);
    }
    // A highlighted passage links to its source's excerpt, and the excerpt back.
    let link = page
        .eval("(function () { var a = document.querySelector('a.pmark'); return [a.id, a.getAttribute('href')]; })()");
    let target = link[1].as_str().unwrap().trim_start_matches('#').to_owned();
    page.click(&format!("#{}", link[0].as_str().unwrap()));
    assert_eq!(page.eval("location.hash"), Value::from(format!("#{target}")));
    assert_eq!(
        page.eval(&format!("document.getElementById('{target}').getAttribute('href')")),
        Value::from(format!("#{}", link[0].as_str().unwrap()))
    );
    page.press("n");
    assert_eq!(page.eval("document.activeElement.className"), Value::from("pmark"));
    page.screenshot("trace");
    page.assert_clean();
}

#[test]
fn the_diff_page_switches_views_and_lists_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let (file, json) = report(
        dir.path(),
        "diff",
        &["diff", "corpus/williamson-leak-first-report.txt", "corpus/williamson-leak-updated-report.txt"],
    );
    let page = Opened::new(&file, "");
    let changed = json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] != "gap" && (b["kind"] != "equal" || b["moved"] == true))
        .count();
    assert_eq!(page.eval("document.querySelectorAll('#side-view [data-finding]').length"), Value::from(changed));
    assert_eq!(page.eval("document.querySelectorAll('#inline-view [data-finding]').length"), Value::from(changed));
    // Deleted and inserted text, as the JSON's ops say.
    let deleted = page.eval("document.querySelectorAll('#side-view td.old del').length").as_u64().unwrap();
    let ops_deleting = json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["ops"].as_array().unwrap())
        .filter(|o| o["tag"] == "delete" || o["tag"] == "replace")
        .count();
    assert_eq!(deleted as usize, ops_deleting);
    page.screenshot("diff-side-by-side");
    page.press("v");
    assert_eq!(
        page.eval("[document.getElementById('side-view').hidden, document.getElementById('inline-view').hidden]"),
        serde_json::json!([true, false])
    );
    page.press("n");
    assert_eq!(page.eval("document.activeElement.id.startsWith('inline-')"), Value::Bool(true));
    page.screenshot("diff-inline");
    page.assert_clean();
}

/// The checks of every page can fail: a console error, an exception and a request made by a
/// script are all seen.
#[test]
fn console_errors_exceptions_and_requests_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = bundled_scan(dir.path());
    let page = Opened::new(&file, "");
    page.eval("(function () { console.error('probe'); setTimeout(function () { throw new Error('thrown'); }, 0); var i = new Image(); i.src = 'https://example.invalid/x.png'; return true; })()");
    std::thread::sleep(Duration::from_millis(500));
    let seen = page.seen.lock().unwrap();
    let all = format!("{:?}", seen.errors);
    assert!(all.contains("probe"), "{all}");
    assert!(all.contains("thrown"), "{all}");
    // The policy blocks the image (img-src data: only) and says so.
    assert!(all.contains("Content Security Policy") || all.contains("Content-Security-Policy"), "{all}");
}
