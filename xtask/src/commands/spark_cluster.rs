//! `cargo xtask spark cluster up|down`: a standalone Spark cluster on 127.0.0.1, a master
//! and two workers (1 core and a bounded memory each), from the pyspark installation of the
//! Python environment that `cargo xtask spark setup` makes (`target/spark/venv`).
//!
//! Each daemon is a JVM started with pyspark's `bin/spark-class` (the master,
//! `org.apache.spark.deploy.master.Master`; the workers, `…deploy.worker.Worker`) in its own
//! process group, so that `down` stops a worker together with the executors and Python
//! workers it started. Ports are chosen free on 127.0.0.1 and recorded; everything lives in
//! the cluster directory (default `target/spark/cluster/`):
//!
//! - `cluster.json`: the master's URL, its ports and web UI, and every daemon's pid;
//! - `master.pid`, `worker-N.pid`: the pids, one per file;
//! - `master.log`, `worker-N.log`: each daemon's output; `worker-N/`: its work directory
//!   (the executors' logs);
//! - `lock`: held while `up` or `down` runs, so that two of them never race.
//!
//! `up` waits until the master counts every worker alive (its web UI's `/json/`), then prints
//! `spark://127.0.0.1:PORT`; it is a no-op that prints the URL again when the recorded
//! cluster is still up. `down` stops the recorded daemons (SIGTERM to each process group,
//! SIGKILL after 20 s) and is safe to run twice. A pid is signalled only while
//! `/proc/PID/cmdline` still names a Spark daemon, so a recycled pid is never touched.

use crate::flags::{SparkCluster, SparkClusterDown, SparkClusterUp};
use crate::spark_api::{http_get, master_status};
use crate::workspace::target_dir;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cargo xtask spark cluster up|down`.
///
/// # Errors
/// When the cluster cannot be started or stopped.
pub fn run(flags: SparkCluster) -> Result<()> {
    match flags {
        SparkCluster::Up(SparkClusterUp { dir, workers, worker_memory }) => {
            let dir = dir.unwrap_or_else(default_dir);
            let cluster = up(&dir, &venv_dir(), workers, &worker_memory)?;
            eprintln!(
                "spark cluster: {} worker(s) alive, master UI {}, state in {}",
                cluster.pids.len() - 1,
                cluster.master_ui,
                dir.display()
            );
            println!("{}", cluster.master_url);
            Ok(())
        }
        SparkCluster::Down(SparkClusterDown { dir }) => {
            let dir = dir.unwrap_or_else(default_dir);
            if down(&dir)? {
                println!("spark cluster in {} stopped", dir.display());
            } else {
                println!("no spark cluster recorded in {}: nothing to stop", dir.display());
            }
            Ok(())
        }
    }
}

/// `target/spark/cluster`.
pub fn default_dir() -> PathBuf {
    target_dir().join("spark").join("cluster")
}

/// The Python environment of `cargo xtask spark setup`: `target/spark/venv`.
pub fn venv_dir() -> PathBuf {
    target_dir().join("spark").join("venv")
}

/// A running cluster, as recorded in `cluster.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// `spark://127.0.0.1:PORT`, what `--master` takes.
    pub master_url: String,
    /// The master's web UI (`http://127.0.0.1:PORT`); `/json/` gives its status.
    pub master_ui: String,
    /// The daemons: `("master", pid)`, then `("worker-1", pid)` …
    pub pids: Vec<(String, u32)>,
}

/// The state file of a cluster directory.
fn state_file(dir: &Path) -> PathBuf {
    dir.join("cluster.json")
}

/// The recorded cluster of `dir`, if any.
///
/// # Errors
/// When the state file exists but cannot be read.
pub fn recorded(dir: &Path) -> Result<Option<Cluster>> {
    let path = state_file(dir);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Starts a master and `workers` workers (1 core, `worker_memory` each, e.g. `2g`) with the
/// pyspark of `venv`, waits until every worker is registered, records the cluster in `dir`
/// and returns it. When `dir` records a cluster whose daemons all still run with every
/// worker alive, returns it as it is.
///
/// # Errors
/// When pyspark or Java is missing, a daemon exits, or the workers do not register within
/// two minutes (the error quotes the end of the logs).
pub fn up(dir: &Path, venv: &Path, workers: usize, worker_memory: &str) -> Result<Cluster> {
    if workers == 0 {
        bail!("a cluster needs at least one worker");
    }
    let _lock = lock(dir)?;
    if let Some(c) = recorded(dir)? {
        let running = c.pids.iter().all(|(_, pid)| is_spark_daemon(*pid));
        let healthy = running
            && http_get(&format!("{}/json/", c.master_ui))
                .and_then(|j| master_status(&j))
                .is_ok_and(|s| s.alive_workers + 1 == c.pids.len());
        if healthy && c.pids.len() == workers + 1 {
            return Ok(c);
        }
        eprintln!("spark cluster: the one recorded in {} is not whole; restarting it", dir.display());
        stop(dir)?;
    }
    let spark_home = spark_home(venv)?;
    let python = venv.join("bin").join("python");
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let dir = dir.canonicalize().with_context(|| format!("resolving {}", dir.display()))?;
    let (port, ui_port) = (free_port()?, free_port()?);
    let master_url = format!("spark://127.0.0.1:{port}");
    let master_ui = format!("http://127.0.0.1:{ui_port}");
    let mut cluster = Cluster { master_url: master_url.clone(), master_ui: master_ui.clone(), pids: Vec::new() };
    let start = |name: &str, args: &[String]| -> Result<u32> {
        let log = fs::File::create(dir.join(format!("{name}.log")))?;
        let mut cmd = Command::new(spark_home.join("bin").join("spark-class"));
        cmd.args(args)
            .current_dir(&dir)
            .env("SPARK_HOME", &spark_home)
            .env("SPARK_LOCAL_IP", "127.0.0.1")
            .env("SPARK_LOCAL_HOSTNAME", "127.0.0.1")
            .env("SPARK_DAEMON_MEMORY", "512m")
            .env("PYSPARK_PYTHON", &python)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            // Its own process group: not stopped by a Ctrl-C of this command, and stopped
            // with everything it starts by `down`.
            .process_group(0);
        let child = cmd.spawn().with_context(|| format!("starting the spark {name} (is Java installed?)"))?;
        fs::write(dir.join(format!("{name}.pid")), format!("{}\n", child.id()))?;
        Ok(child.id())
    };
    let result = (|| -> Result<()> {
        let pid = start(
            "master",
            &[
                "org.apache.spark.deploy.master.Master".into(),
                "--host".into(),
                "127.0.0.1".into(),
                "--port".into(),
                port.to_string(),
                "--webui-port".into(),
                ui_port.to_string(),
            ],
        )?;
        cluster.pids.push(("master".into(), pid));
        write_state(&dir, &cluster)?;
        wait_for(&dir, &cluster, Duration::from_secs(60), |s| s.status == "ALIVE", "the master to start")?;
        for i in 1..=workers {
            let name = format!("worker-{i}");
            let work = dir.join(&name);
            fs::create_dir_all(&work)?;
            let pid = start(
                &name,
                &[
                    "org.apache.spark.deploy.worker.Worker".into(),
                    "--host".into(),
                    "127.0.0.1".into(),
                    "--port".into(),
                    "0".into(),
                    "--webui-port".into(),
                    "0".into(),
                    "--cores".into(),
                    "1".into(),
                    "--memory".into(),
                    worker_memory.into(),
                    "--work-dir".into(),
                    work.display().to_string(),
                    master_url.clone(),
                ],
            )?;
            cluster.pids.push((name, pid));
            write_state(&dir, &cluster)?;
        }
        wait_for(&dir, &cluster, Duration::from_secs(120), |s| s.alive_workers >= workers, "the workers to register")
    })();
    if let Err(e) = result {
        // Started by this command a moment ago: alive is enough (a daemon caught while bash
        // execs java shows an empty command line).
        let _ = stop_with(&dir, is_alive);
        return Err(e);
    }
    Ok(cluster)
}

/// An exclusive lock on the cluster directory (`DIR/lock`), held while a cluster is started
/// or stopped, so that two commands never start or stop one cluster at once.
fn lock(dir: &Path) -> Result<fs::File> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.lock().with_context(|| format!("locking {}", path.display()))?;
    Ok(file)
}

/// Stops the cluster recorded in `dir` and removes its state and pid files (logs stay).
/// Returns whether a cluster was recorded.
///
/// # Errors
/// When the state cannot be read or a daemon survives SIGKILL.
pub fn down(dir: &Path) -> Result<bool> {
    if recorded(dir)?.is_none() {
        return Ok(false);
    }
    let _lock = lock(dir)?;
    stop(dir)
}

/// [`down`] with the lock held.
fn stop(dir: &Path) -> Result<bool> {
    stop_with(dir, is_spark_daemon)
}

/// [`stop`], signalling the recorded pids for which `running` holds.
fn stop_with(dir: &Path, running: fn(u32) -> bool) -> Result<bool> {
    let Some(cluster) = recorded(dir)? else {
        return Ok(false);
    };
    // Workers first, so that the master does not try to reschedule on them.
    for (_, pid) in cluster.pids.iter().rev() {
        if running(*pid) {
            signal_group(*pid, "TERM");
        }
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while cluster.pids.iter().any(|(_, pid)| running(*pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    for (name, pid) in &cluster.pids {
        if running(*pid) {
            signal_group(*pid, "KILL");
            std::thread::sleep(Duration::from_millis(500));
            if running(*pid) {
                bail!("the spark {name} (pid {pid}) survived SIGKILL");
            }
        }
    }
    for (name, _) in &cluster.pids {
        let _ = fs::remove_file(dir.join(format!("{name}.pid")));
    }
    fs::remove_file(state_file(dir)).with_context(|| format!("removing {}", state_file(dir).display()))?;
    Ok(true)
}

/// Sends `SIGNAL` to the process group led by `pid` (each daemon leads its own).
fn signal_group(pid: u32, signal: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg("--")
        .arg(format!("-{pid}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Whether `pid` is a running Spark daemon (`/proc/PID/cmdline` names
/// `org.apache.spark.deploy`), not a zombie.
pub fn is_spark_daemon(pid: u32) -> bool {
    is_alive(pid) && fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| contains(&c, b"org.apache.spark.deploy."))
}

/// Whether `pid` runs (exists and is not a zombie: a daemon this command started and that
/// exited stays a zombie until the command ends).
fn is_alive(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| !rest.starts_with('Z')))
        .unwrap_or(false)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn write_state(dir: &Path, cluster: &Cluster) -> Result<()> {
    let path = state_file(dir);
    let tmp = path.with_extension("json.tmp");
    fs::write(&tmp, serde_json::to_string_pretty(cluster)? + "\n")?;
    fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))
}

/// Polls the master's `/json/` until `ready`, failing early when a daemon has exited and
/// after `timeout`, with the end of the logs in the error.
fn wait_for(
    dir: &Path,
    cluster: &Cluster,
    timeout: Duration,
    ready: impl Fn(&crate::spark_api::MasterStatus) -> bool,
    what: &str,
) -> Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(s) = http_get(&format!("{}/json/", cluster.master_ui)).and_then(|j| master_status(&j)) {
            if ready(&s) {
                return Ok(());
            }
        }
        // Alive, not "a Spark daemon": while bash execs java the command line reads empty.
        if let Some((name, pid)) = cluster.pids.iter().find(|(_, pid)| !is_alive(*pid)) {
            bail!("the spark {name} (pid {pid}) exited while waiting for {what}:\n{}", log_tail(dir, name));
        }
        if Instant::now() > deadline {
            let logs: Vec<String> = cluster.pids.iter().map(|(n, _)| log_tail(dir, n)).collect();
            bail!("timed out after {} s waiting for {what}:\n{}", timeout.as_secs(), logs.join("\n"));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The last lines of a daemon's log, for an error message.
fn log_tail(dir: &Path, name: &str) -> String {
    let path = dir.join(format!("{name}.log"));
    let text = fs::read_to_string(&path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    format!("--- {} (last lines)\n{}", path.display(), lines[lines.len().saturating_sub(15)..].join("\n"))
}

/// A port free on 127.0.0.1 now (bound, read and released; Spark binds it a moment later).
///
/// # Errors
/// When no port can be bound.
pub fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("binding a free port on 127.0.0.1")?;
    Ok(l.local_addr()?.port())
}

/// pyspark's directory in `venv` (its `bin/spark-class` starts the daemons).
///
/// # Errors
/// When the environment or pyspark is missing (the message says to run
/// `cargo xtask spark setup`).
pub fn spark_home(venv: &Path) -> Result<PathBuf> {
    let python = venv.join("bin").join("python");
    let hint = "run `cargo xtask spark setup` first";
    if !python.exists() {
        bail!("no Python environment at {}: {hint}", venv.display());
    }
    let out = Command::new(&python)
        .args(["-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"])
        .stderr(Stdio::null())
        .output()
        .with_context(|| format!("running {}", python.display()))?;
    if !out.status.success() {
        bail!("pyspark is not installed in {}: {hint}", venv.display());
    }
    let home = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if !home.join("bin").join("spark-class").is_file() {
        bail!("{} has no bin/spark-class: {hint}", home.display());
    }
    Ok(home)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_is_recorded_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(recorded(dir.path()).unwrap(), None);
        // Nothing recorded: `down` has nothing to do, twice.
        assert!(!down(dir.path()).unwrap());
        assert!(!down(dir.path()).unwrap());
        let c = Cluster {
            master_url: "spark://127.0.0.1:7077".into(),
            master_ui: "http://127.0.0.1:8080".into(),
            pids: vec![("master".into(), u32::MAX), ("worker-1".into(), u32::MAX - 1)],
        };
        write_state(dir.path(), &c).unwrap();
        assert_eq!(recorded(dir.path()).unwrap(), Some(c));
        // Recorded daemons that no longer run are not signalled; the state goes.
        assert!(down(dir.path()).unwrap());
        assert_eq!(recorded(dir.path()).unwrap(), None);
        fs::write(state_file(dir.path()), "{").unwrap();
        assert!(recorded(dir.path()).is_err());
    }

    #[test]
    fn only_spark_daemons_count_as_running() {
        // This test process is alive but no Spark daemon.
        assert!(!is_spark_daemon(std::process::id()));
        assert!(is_alive(std::process::id()) && !is_alive(u32::MAX));
        assert!(!is_spark_daemon(u32::MAX));
        assert!(contains(b"java\0-cp\0x\0org.apache.spark.deploy.worker.Worker\0", b"org.apache.spark.deploy."));
    }

    #[test]
    fn a_missing_environment_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = spark_home(dir.path()).unwrap_err().to_string();
        assert!(err.contains("cargo xtask spark setup"), "{err}");
        let err = up(dir.path(), dir.path(), 2, "1g").unwrap_err().to_string();
        assert!(err.contains("cargo xtask spark setup"), "{err}");
        assert!(up(dir.path(), dir.path(), 0, "1g").is_err());
        assert!(free_port().unwrap() > 0);
    }
}
