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

/// Whether an external tool may be skipped: only when PAPERKG_SKIP_EXTERNAL=1 says so, so
/// that a missing tool fails the test (and CI) instead of silently passing.
pub fn require_tool(tool: &str, probe: &[&str]) -> bool {
    let ok = std::process::Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return true;
    }
    if std::env::var("PAPERKG_SKIP_EXTERNAL").as_deref() == Ok("1") {
        eprintln!("skipping: {tool} is not available (PAPERKG_SKIP_EXTERNAL=1)");
        return false;
    }
    panic!(
        "{tool} is needed by this test (`{tool} {}` failed); install it (see .ci/run) or set PAPERKG_SKIP_EXTERNAL=1",
        probe.join(" ")
    );
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
