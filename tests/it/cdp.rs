//! A small Chrome DevTools Protocol client for the browser tests (`browser.rs`).
//!
//! Chromium is started with `--remote-debugging-pipe`: it reads commands from its file
//! descriptor 3 and writes replies and events to its descriptor 4, each message one JSON
//! object ended by a NUL byte. `sh` hands the child those two descriptors (our pipes,
//! moved off its standard input and output), so no WebSocket, TLS or generated protocol
//! bindings are needed: the protocol's few methods the tests use are called by name with
//! `serde_json` values. When the test binary exits, the pipe closes and Chromium quits.
//!
//! One reader thread routes every reply to the call waiting for its `id`, and appends every
//! event to the log of its session (one session per tab, "flat" sessions), which the tests
//! read: console messages, exceptions, log entries, network requests, page loads.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a reply, a page load or an element may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The replies still awaited, by call id, and each session's events.
#[derive(Default)]
struct Routes {
    replies: HashMap<u64, Sender<Value>>,
    events: HashMap<String, Arc<Mutex<Vec<Value>>>>,
    /// Set when the pipe closed: Chromium is gone, and no reply will come.
    closed: bool,
}

/// A running headless Chromium.
pub struct Browser {
    commands: Mutex<ChildStdin>,
    next_id: AtomicU64,
    routes: Arc<Mutex<Routes>>,
    _child: Mutex<Child>,
    /// The profile directory; Chromium's standard error is `stderr.txt` in it.
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `chromium` headless with a fresh profile and a `width`×`height` window.
    ///
    /// # Panics
    /// When Chromium cannot be started or does not answer, with its standard error.
    pub fn launch(chromium: &Path, (width, height): (u32, u32)) -> Browser {
        let profile = tempfile::tempdir().expect("a profile directory");
        let log = std::fs::File::create(profile.path().join("stderr.txt")).expect("Chromium's log file");
        // `exec` replaces the shell; the redirections give Chromium our pipes as 3 (its
        // commands) and 4 (its messages) and nothing on standard input and output.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(chromium)
            .args([
                "--headless",
                "--remote-debugging-pipe",
                // The tests run as root in CI containers, where Chromium's sandbox cannot start.
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-extensions",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--mute-audio",
            ])
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {} through sh: {e}", chromium.display()));
        let commands = child.stdin.take().expect("the command pipe");
        let messages = child.stdout.take().expect("the message pipe");
        let routes = Arc::new(Mutex::new(Routes::default()));
        let reader = Arc::clone(&routes);
        std::thread::spawn(move || read_messages(BufReader::new(messages), &reader));
        let browser = Browser {
            commands: Mutex::new(commands),
            next_id: AtomicU64::new(1),
            routes,
            _child: Mutex::new(child),
            profile,
        };
        if let Err(e) = browser.call(None, "Browser.getVersion", json!({})) {
            panic!("Chromium did not answer ({e}); its standard error:\n{}", browser.stderr());
        }
        browser
    }

    /// What Chromium wrote to its standard error so far.
    fn stderr(&self) -> String {
        std::fs::read_to_string(self.profile.path().join("stderr.txt")).unwrap_or_default()
    }

    /// Calls `method` with `params` (in `session`, or on the browser) and waits for the reply:
    /// its `result`, or the protocol's error message.
    pub fn call(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        {
            let mut routes = self.routes.lock().expect("routes");
            if routes.closed {
                return Err(format!("{method}: Chromium has exited; its standard error:\n{}", self.stderr()));
            }
            routes.replies.insert(id, tx);
        }
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = Value::from(session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("a JSON message");
        bytes.push(0);
        {
            let mut pipe = self.commands.lock().expect("command pipe");
            pipe.write_all(&bytes)
                .and_then(|()| pipe.flush())
                .map_err(|e| format!("{method}: writing to Chromium: {e}"))?;
        }
        let reply = match rx.recv_timeout(TIMEOUT) {
            Ok(reply) => reply,
            Err(RecvTimeoutError::Timeout) => return Err(format!("{method}: no reply in {TIMEOUT:?}")),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(format!("{method}: Chromium has exited; its standard error:\n{}", self.stderr()))
            }
        };
        match reply.get("error") {
            Some(error) => Err(format!("{method}: {}", error["message"].as_str().unwrap_or("error"))),
            None => Ok(reply.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Opens a new tab on `about:blank`, attached in its own session, with the runtime,
    /// log, network and page events on.
    pub fn new_tab(&'static self) -> Tab {
        let created = self.call(None, "Target.createTarget", json!({ "url": "about:blank" })).expect("a new tab");
        let target = created["targetId"].as_str().expect("a target id").to_owned();
        let attached = self
            .call(None, "Target.attachToTarget", json!({ "targetId": target, "flatten": true }))
            .expect("attach to the tab");
        let session = attached["sessionId"].as_str().expect("a session id").to_owned();
        let events = Arc::clone(self.routes.lock().expect("routes").events.entry(session.clone()).or_default());
        let tab = Tab { browser: self, target, session, events };
        for domain in ["Runtime", "Log", "Network", "Page"] {
            tab.call(&format!("{domain}.enable"), json!({}));
        }
        tab
    }
}

/// Reads NUL-ended messages until the pipe closes: replies to their callers, events to
/// their session's log.
fn read_messages(mut pipe: impl BufRead, routes: &Mutex<Routes>) {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match pipe.read_until(0, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if buf.last() == Some(&0) {
            buf.pop();
        }
        let Ok(message) = serde_json::from_slice::<Value>(&buf) else { continue };
        let mut routes = routes.lock().expect("routes");
        if let Some(id) = message.get("id").and_then(Value::as_u64) {
            if let Some(tx) = routes.replies.remove(&id) {
                let _ = tx.send(message);
            }
        } else if let Some(session) = message.get("sessionId").and_then(Value::as_str) {
            let log = Arc::clone(routes.events.entry(session.to_owned()).or_default());
            log.lock().expect("event log").push(message);
        }
    }
    let mut routes = routes.lock().expect("routes");
    routes.closed = true;
    // Dropping the senders wakes every waiting call with an error.
    routes.replies.clear();
}

/// One tab (a page target) and its session.
pub struct Tab {
    browser: &'static Browser,
    target: String,
    session: String,
    events: Arc<Mutex<Vec<Value>>>,
}

impl Tab {
    /// Calls `method` in this tab's session and returns its result.
    ///
    /// # Panics
    /// When the call fails.
    pub fn call(&self, method: &str, params: Value) -> Value {
        self.try_call(method, params).unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_call(&self, method: &str, params: Value) -> Result<Value, String> {
        self.browser.call(Some(&self.session), method, params)
    }

    /// Every event of this tab so far, in order (`method` and `params` of each).
    pub fn events(&self) -> Vec<Value> {
        self.events.lock().expect("event log").clone()
    }

    fn loads(&self) -> usize {
        self.events.lock().expect("event log").iter().filter(|e| e["method"] == "Page.loadEventFired").count()
    }

    fn wait_for_load_after(&self, before: usize, what: &str) {
        let start = Instant::now();
        while self.loads() <= before {
            assert!(start.elapsed() < TIMEOUT, "{what}: the page did not load in {TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Navigates to `url` and waits for the page's load event.
    pub fn navigate(&self, url: &str) {
        let before = self.loads();
        let done = self.call("Page.navigate", json!({ "url": url }));
        if let Some(error) = done.get("errorText") {
            panic!("navigating to {url}: {error}");
        }
        self.wait_for_load_after(before, url);
    }

    /// Reloads the page and waits for its load event.
    pub fn reload(&self) {
        let before = self.loads();
        self.call("Page.reload", json!({}));
        self.wait_for_load_after(before, "reload");
    }

    /// Evaluates the JavaScript expression `js` (awaiting it when it is a promise) and
    /// returns its value (`null` for `undefined`).
    ///
    /// # Errors
    /// The exception the expression threw.
    pub fn evaluate(&self, js: &str) -> Result<Value, String> {
        let out = self
            .try_call("Runtime.evaluate", json!({ "expression": js, "returnByValue": true, "awaitPromise": true }))?;
        if let Some(details) = out.get("exceptionDetails") {
            let thrown = details["exception"]["description"].as_str().or(details["text"].as_str());
            return Err(thrown.unwrap_or("an exception").to_owned());
        }
        Ok(out["result"].get("value").cloned().unwrap_or(Value::Null))
    }

    /// Waits until an element matches `selector`.
    ///
    /// # Panics
    /// When none does within the timeout.
    pub fn wait_for(&self, selector: &str) {
        let js = format!("document.querySelector({}) !== null", json!(selector));
        let start = Instant::now();
        while self.evaluate(&js) != Ok(Value::Bool(true)) {
            assert!(start.elapsed() < TIMEOUT, "no element matches {selector} after {TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot_png(&self) -> Vec<u8> {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png", "fromSurface": true }));
        let data = shot["data"].as_str().expect("screenshot data");
        data_encoding::BASE64.decode(data.as_bytes()).expect("base64 screenshot")
    }

    /// Clicks the element `selector` matches like a user: scrolled to the middle of the view
    /// unless wholly visible, then a mouse press and release at the middle of its first box.
    ///
    /// # Errors
    /// When no element matches or it has no box on screen.
    pub fn click(&self, selector: &str) -> Result<(), String> {
        let js = format!(
            "(async function () {{
                var el = document.querySelector({});
                if (!el) return 'no element matches';
                var ratio = await new Promise(function (resolve) {{
                    var o = new IntersectionObserver(function (e) {{ resolve(e[0].intersectionRatio); o.disconnect(); }});
                    o.observe(el);
                }});
                if (ratio !== 1) el.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }});
                var r = el.getClientRects()[0];
                if (!r || r.width === 0 || r.height === 0) return 'the element has no box on screen';
                return [r.left + r.width / 2, r.top + r.height / 2];
            }})()",
            json!(selector)
        );
        let point = self.evaluate(&js)?;
        let (Some(x), Some(y)) = (point[0].as_f64(), point[1].as_f64()) else {
            return Err(format!("{selector}: {point}"));
        };
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            let mut event = json!({ "type": kind, "x": x, "y": y });
            if kind != "mouseMoved" {
                event["button"] = Value::from("left");
                event["clickCount"] = Value::from(1);
            }
            self.try_call("Input.dispatchMouseEvent", event)?;
        }
        Ok(())
    }

    /// Presses and releases `key` (a character, `Enter` or `Escape`) as a US keyboard would.
    pub fn press(&self, key: &str) {
        let (code, key_code, text) = key_definition(key).unwrap_or_else(|| panic!("no key definition for {key:?}"));
        let mut down = json!({
            "type": if text.is_some() { "keyDown" } else { "rawKeyDown" },
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": key_code,
            "nativeVirtualKeyCode": key_code,
        });
        if let Some(text) = text {
            down["text"] = Value::from(text);
        }
        self.call("Input.dispatchKeyEvent", down.clone());
        down["type"] = Value::from("keyUp");
        if let Some(fields) = down.as_object_mut() {
            fields.remove("text");
        }
        self.call("Input.dispatchKeyEvent", down);
    }

    /// Types `text` key by key; characters without a key definition are inserted as text.
    pub fn type_str(&self, text: &str) {
        for c in text.chars() {
            let key = c.to_string();
            if key_definition(&key).is_some() {
                self.press(&key);
            } else {
                self.call("Input.insertText", json!({ "text": key }));
            }
        }
    }

    /// Closes the tab.
    pub fn close(&self) {
        let _ = self.browser.call(None, "Target.closeTarget", json!({ "targetId": self.target }));
        self.browser.routes.lock().expect("routes").events.remove(&self.session);
    }
}

/// A key of a US keyboard: its `code`, its Windows key code and the text it types.
fn key_definition(key: &str) -> Option<(String, u32, Option<String>)> {
    let named = match key {
        "Enter" => Some(("Enter", 13, Some("\r"))),
        "Escape" => Some(("Escape", 27, None)),
        "/" => Some(("Slash", 191, Some("/"))),
        "-" => Some(("Minus", 189, Some("-"))),
        " " => Some(("Space", 32, Some(" "))),
        _ => None,
    };
    if let Some((code, key_code, text)) = named {
        return Some((code.to_owned(), key_code, text.map(str::to_owned)));
    }
    let mut chars = key.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return None };
    let upper = c.to_ascii_uppercase();
    if c.is_ascii_alphabetic() {
        Some((format!("Key{upper}"), u32::from(upper), Some(key.to_owned())))
    } else if c.is_ascii_digit() {
        Some((format!("Digit{c}"), u32::from(c), Some(key.to_owned())))
    } else {
        None
    }
}
