//! Shared helpers: the binary, temporary directories, the sample corpus, external tools.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The sample corpus directory.
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hf-papers")
}

/// The gold file of the sample corpus.
pub fn dev_gold() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev.jsonl")
}

/// The second gold file: ML papers of 2016–2019 and arXiv papers of 2024–2026.
pub fn dev2_gold() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev2.jsonl")
}

/// `paperkg` with progress bars off.
pub fn paperkg() -> Command {
    let mut cmd = Command::cargo_bin("paperkg").expect("the binary is built");
    cmd.arg("--no-progress");
    cmd
}

/// What to do when something a test drives is not installed: with
/// `PAPERKG_REQUIRE_EXTERNAL=1` (which `.ci/run` sets) the test fails with `what` and how to
/// install it; otherwise it is skipped, and the first skip of each kind says so on stderr
/// (written past the test harness's capture, so `cargo test` shows it). Returns `false`, for
/// `if !… { return }`.
pub fn missing(what: &str) -> bool {
    missing_with(what, "`bash .ci/setup` installs it")
}

/// [`missing`], with how to get `what`.
pub fn missing_with(what: &str, how: &str) -> bool {
    use std::io::Write;
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    if std::env::var("PAPERKG_REQUIRE_EXTERNAL").as_deref() == Ok("1") {
        panic!(
            "{what} is needed by this test: run `bash .ci/setup` (it installs what the tests drive)"
        );
    }
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if !said.iter().any(|w| w == what) {
        said.push(what.to_owned());
        let _ = writeln!(
            std::io::stderr(),
            "paperkg tests: skipping the tests that need {what}: not found ({how})"
        );
    }
    false
}

/// Whether `tool probe…` runs; if not, see [`missing`].
pub fn require_tool(tool: &str, probe: &[&str]) -> bool {
    let ok = std::process::Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    ok || missing(&format!("`{tool} {}`", probe.join(" ")))
}

/// A file of the project's shared folder beside the repository (`../shared/…`), if there.
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if path.is_file() {
        Some(path)
    } else {
        missing_with(
            &path.display().to_string(),
            "it is in the project's shared folder, which sits beside the repository",
        );
        None
    }
}

/// Builds the sample corpus graph into a fresh temporary directory.
pub fn build_sample(extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    paperkg()
        .arg("build")
        .arg(sample_corpus())
        .arg("-o")
        .arg(dir.path())
        .args(extra)
        .assert()
        .success();
    dir
}

/// Parses a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The paper nodes of a graph.json, each with the attribute `key` as text (`id`, `label`,
/// `paper_id`, …), in file order.
pub fn paper_attr(graph_json: &Path, key: &str) -> Vec<String> {
    read_json(graph_json)["nodes"]
        .as_array()
        .expect("graph.json has nodes")
        .iter()
        .filter(|n| n["kind"] == "paper")
        .map(|n| n[key].as_str().unwrap_or_default().to_owned())
        .collect()
}
