//! What Spark says about itself, read by the chores: the standalone master's status (the
//! JSON of its web UI, `/json/`), fetched over plain HTTP on the loopback interface
//! ([`http_get`]), and an application's stages with their shuffle bytes and task times, read
//! from its event log ([`stage_metrics`]) after it has finished.
//!
//! The event log is the record Spark itself keeps of a run (`spark.eventLog.enabled`): one
//! JSON object per line, a `SparkListenerStageCompleted` per stage with the stage's task
//! metrics summed up as accumulables (`internal.metrics.shuffle.write.bytesWritten` …). It is
//! read after the run, so a measurement never races the driver's UI closing.

use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

/// The body of an HTTP `GET` of `http://127.0.0.1:PORT/PATH` (loopback only: the chores
/// never talk to another host). HTTP/1.0, so the server closes the connection after the
/// body and sends it whole (no chunks).
///
/// # Errors
/// When the URL is not a loopback `http://` URL, the connection fails or the status is not
/// 200.
pub fn http_get(url: &str) -> Result<String> {
    let rest = url.strip_prefix("http://").with_context(|| format!("not an http:// URL: {url}"))?;
    let (authority, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let authority = authority.replace("localhost", "127.0.0.1");
    let addr: SocketAddr = authority.parse().with_context(|| format!("not a host:port: {authority}"))?;
    if !addr.ip().is_loopback() {
        bail!("refusing to fetch {url}: only loopback addresses are queried");
    }
    let timeout = Duration::from_secs(10);
    let mut stream = TcpStream::connect_timeout(&addr, timeout).with_context(|| format!("connecting to {addr}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {authority}\r\nAccept: application/json\r\n\r\n")?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).with_context(|| format!("reading the answer of {url}"))?;
    let text = String::from_utf8_lossy(&raw);
    response_body(&text).with_context(|| format!("GET {url}"))
}

/// The body of a whole HTTP response, or an error naming its status when it is not 200.
fn response_body(response: &str) -> Result<String> {
    let (head, body) = response.split_once("\r\n\r\n").context("no end of headers in the answer")?;
    let status = head.lines().next().unwrap_or("");
    let code = status.split_whitespace().nth(1).unwrap_or("");
    if code != "200" {
        bail!("the server answered {status:?}");
    }
    Ok(body.to_owned())
}

/// The standalone master's status, from its web UI's `/json/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MasterStatus {
    /// `ALIVE` once the master has been elected leader.
    pub status: String,
    /// The master's URL (`spark://127.0.0.1:PORT`).
    pub url: String,
    /// Workers in state `ALIVE`.
    pub alive_workers: usize,
}

/// Reads the master's `/json/` document.
///
/// # Errors
/// When it is not JSON or lacks the fields.
pub fn master_status(json: &str) -> Result<MasterStatus> {
    let v: serde_json::Value = serde_json::from_str(json).context("the master's status is not JSON")?;
    let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str).map(str::to_owned);
    let alive = v.get("workers").and_then(serde_json::Value::as_array).map_or(0, |w| {
        w.iter().filter(|w| w.get("state").and_then(serde_json::Value::as_str) == Some("ALIVE")).count()
    });
    Ok(MasterStatus {
        status: text("status").context("no status in the master's JSON")?,
        url: text("url").context("no url in the master's JSON")?,
        alive_workers: alive,
    })
}

/// One completed stage of an application, as its event log records it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageMetrics {
    /// Spark's stage id.
    pub id: u64,
    /// The stage's name (the call site: `parquet at job.py:120`).
    pub name: String,
    /// The description of the job it ran in, when the job set one
    /// (`SparkContext.setJobDescription`), else empty.
    pub description: String,
    /// Tasks of the stage (the partitions it ran over).
    pub tasks: u64,
    /// Bytes written to the shuffle (map side).
    pub shuffle_write: u64,
    /// Bytes read from the shuffle, local and remote.
    pub shuffle_read: u64,
    /// Records read from the input (files).
    pub input_records: u64,
    /// Bytes read from the input (files).
    pub input_bytes: u64,
    /// The tasks' run time added up, in seconds (executor run time: the work, summed over
    /// all cores).
    pub task_seconds: f64,
    /// From the stage's submission to its completion, in seconds.
    pub wall_seconds: f64,
    /// Attempt number (a stage re-run after a fault has attempt 1 or more).
    pub attempt: u64,
}

/// The completed stages of the event log `log`, in order of completion.
///
/// # Errors
/// When the file cannot be read or a line is not JSON.
pub fn stage_metrics(log: &Path) -> Result<Vec<StageMetrics>> {
    let text = std::fs::read_to_string(log).with_context(|| format!("reading the event log {}", log.display()))?;
    parse_event_log(&text).with_context(|| format!("reading the event log {}", log.display()))
}

/// [`stage_metrics`] of an event log's text.
///
/// # Errors
/// When a line is not JSON.
pub fn parse_event_log(text: &str) -> Result<Vec<StageMetrics>> {
    use serde_json::Value;
    let mut stage_desc = std::collections::HashMap::new();
    let mut stages = Vec::new();
    // Only the events read here are parsed: others, such as a query's plan, nest deeper than
    // serde_json's recursion limit.
    let wanted = |l: &str| {
        ["SparkListenerJobStart", "SparkListenerStageCompleted"]
            .iter()
            .any(|e| l.starts_with(&format!("{{\"Event\":\"{e}\"")))
    };
    for (i, line) in text.lines().enumerate().filter(|(_, l)| wanted(l)) {
        let v: Value = serde_json::from_str(line).with_context(|| format!("line {} is not JSON", i + 1))?;
        match v.get("Event").and_then(Value::as_str) {
            Some("SparkListenerJobStart") => {
                let desc = v
                    .pointer("/Properties/spark.job.description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                for id in v.get("Stage IDs").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(id) = id.as_u64() {
                        stage_desc.insert(id, desc.clone());
                    }
                }
            }
            Some("SparkListenerStageCompleted") => {
                let info = v.get("Stage Info").context("a stage without info")?;
                let num = |k: &str| info.get(k).and_then(Value::as_u64).unwrap_or(0);
                let id = num("Stage ID");
                let mut m = StageMetrics {
                    id,
                    name: info.get("Stage Name").and_then(Value::as_str).unwrap_or_default().to_owned(),
                    description: stage_desc.get(&id).cloned().unwrap_or_default(),
                    tasks: num("Number of Tasks"),
                    attempt: num("Stage Attempt ID"),
                    ..StageMetrics::default()
                };
                #[allow(clippy::cast_precision_loss, reason = "milliseconds since 1970 are far below 2^52")]
                if let (Some(a), Some(b)) = (
                    info.get("Submission Time").and_then(Value::as_u64),
                    info.get("Completion Time").and_then(Value::as_u64),
                ) {
                    m.wall_seconds = b.saturating_sub(a) as f64 / 1000.0;
                }
                for acc in info.get("Accumulables").and_then(Value::as_array).into_iter().flatten() {
                    let name = acc.get("Name").and_then(Value::as_str).unwrap_or_default();
                    // Values are numbers, or strings holding numbers, depending on the version.
                    let value = match acc.get("Value") {
                        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
                        Some(Value::String(s)) => s.parse().unwrap_or(0),
                        _ => 0,
                    };
                    match name {
                        "internal.metrics.shuffle.write.bytesWritten" => m.shuffle_write += value,
                        "internal.metrics.shuffle.read.remoteBytesRead"
                        | "internal.metrics.shuffle.read.localBytesRead" => m.shuffle_read += value,
                        "internal.metrics.input.recordsRead" => m.input_records += value,
                        "internal.metrics.input.bytesRead" => m.input_bytes += value,
                        #[allow(clippy::cast_precision_loss, reason = "milliseconds of run time are far below 2^52")]
                        "internal.metrics.executorRunTime" => m.task_seconds += value as f64 / 1000.0,
                        _ => {}
                    }
                }
                stages.push(m);
            }
            _ => {}
        }
    }
    Ok(stages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_are_read_and_errors_named() {
        let ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\": 1}\n";
        assert_eq!(response_body(ok).unwrap(), "{\"a\": 1}\n");
        let err = response_body("HTTP/1.1 404 Not Found\r\n\r\nno").unwrap_err();
        assert!(err.to_string().contains("404"), "{err}");
        assert!(response_body("garbage").is_err());
        assert!(http_get("https://127.0.0.1:1/").is_err());
        let remote = http_get("http://192.0.2.1:80/json/").unwrap_err();
        assert!(remote.to_string().contains("loopback"), "{remote}");
    }

    #[test]
    fn the_master_status_counts_alive_workers() {
        let json = r#"{"url": "spark://127.0.0.1:7077", "status": "ALIVE", "workers": [
            {"id": "w1", "state": "ALIVE"}, {"id": "w2", "state": "DEAD"}, {"id": "w3", "state": "ALIVE"}]}"#;
        let s = master_status(json).unwrap();
        assert_eq!((s.status.as_str(), s.url.as_str(), s.alive_workers), ("ALIVE", "spark://127.0.0.1:7077", 2));
        assert_eq!(master_status(r#"{"url": "u", "status": "STANDBY", "workers": []}"#).unwrap().alive_workers, 0);
        assert!(master_status("{}").is_err());
        assert!(master_status("<html>").is_err());
    }

    #[test]
    fn stages_are_read_from_the_event_log() {
        let log = [
            r#"{"Event":"SparkListenerLogStart","Spark Version":"4.0.1"}"#,
            r#"{"Event":"SparkListenerJobStart","Job ID":0,"Stage IDs":[0,1],"Properties":{"spark.job.description":"align"}}"#,
            r#"{"Event":"SparkListenerStageCompleted","Stage Info":{"Stage ID":0,"Stage Attempt ID":0,"Stage Name":"parquet at job.py:10","Number of Tasks":4,"Submission Time":1000,"Completion Time":3500,"Accumulables":[
                {"ID":1,"Name":"internal.metrics.executorRunTime","Value":4200},
                {"ID":2,"Name":"internal.metrics.shuffle.write.bytesWritten","Value":"1024"},
                {"ID":3,"Name":"internal.metrics.input.recordsRead","Value":10},
                {"ID":4,"Name":"internal.metrics.input.bytesRead","Value":999}]}}"#,
            "",
            r#"{"Event":"SparkListenerStageCompleted","Stage Info":{"Stage ID":1,"Stage Attempt ID":1,"Stage Name":"collect","Number of Tasks":2,"Accumulables":[
                {"ID":5,"Name":"internal.metrics.shuffle.read.remoteBytesRead","Value":100},
                {"ID":6,"Name":"internal.metrics.shuffle.read.localBytesRead","Value":24}]}}"#,
            r#"{"Event":"SparkListenerStageCompleted","Stage Info":{"Stage ID":7,"Accumulables":[]}}"#,
        ]
        .map(|l| l.replace('\n', ""))
        .join("\n");
        let stages = parse_event_log(&log).unwrap();
        assert_eq!(stages.len(), 3);
        let s = &stages[0];
        assert_eq!((s.id, s.name.as_str(), s.description.as_str(), s.tasks), (0, "parquet at job.py:10", "align", 4));
        assert_eq!((s.shuffle_write, s.shuffle_read, s.input_records, s.input_bytes), (1024, 0, 10, 999));
        assert!((s.task_seconds - 4.2).abs() < 1e-9 && (s.wall_seconds - 2.5).abs() < 1e-9, "{s:?}");
        assert_eq!((stages[1].shuffle_read, stages[1].attempt, stages[1].description.as_str()), (124, 1, "align"));
        assert_eq!(stages[2].description, "");
        // Other events are not parsed (a plan may nest beyond serde_json's limit).
        let deep =
            format!("{{\"Event\":\"SparkListenerSQLExecutionStart\",\"x\":{}1{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(parse_event_log(&format!("{deep}\nnot json")).unwrap(), vec![]);
        assert!(parse_event_log("{\"Event\":\"SparkListenerJobStart\", broken").is_err());
    }
}
