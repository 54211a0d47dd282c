//! The scale benchmark in one command: `cargo build --release && cargo run --release --example
//! bench_scale -- [--sizes 10k,100k,1m] [--peer-size 100k] [--no-peer] [--keep DIR]`.
//!
//! For each size it generates a corpus (the generator and seed of `gen_corpus`, so the files
//! are the same; generation is not timed), runs the release `paperkg build CORPUS -o OUT
//! --format json,csv,dot` on it, and reports wall time, abstracts/s, MB/s of input, peak RSS,
//! node and edge counts and output sizes. On one corpus (the largest requested size up to
//! `--peer-size`) it also runs the Python pipeline a user would write instead,
//! `benches/peer/spacy_pipeline.py`, and prints the two side by side with the ratios. It ends
//! with Markdown tables for the README and the machine they were measured on.
//!
//! # How a child's peak memory is measured
//!
//! `getrusage(RUSAGE_CHILDREN)` reports the largest peak RSS among a process's finished
//! children, all of them together, so one process cannot measure several runs in turn. The
//! bench therefore re-executes itself for each run in a hidden mode, `bench_scale --measure
//! -- CMD ARGS…`, whose only child is CMD: it waits for it and prints the wall time, CPU time
//! and peak RSS as one JSON line after the child's own output.

#[path = "common/corpus.rs"]
mod corpus;

use anyhow::{Context, Result, bail};
use clap::Parser;
use serde::{Deserialize, Serialize};
use std::ffi::{OsStr, OsString};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Instant, SystemTime};

/// Runs the scale benchmark: paperkg build on generated corpora of 10k, 100k and 1M papers,
/// and the spaCy peer pipeline (benches/peer) on the same 100k corpus.
///
/// Build the binary first: `cargo build --release`. Corpora and outputs go to a temporary
/// directory ($TMPDIR) and are deleted size by size; the 1M size needs about 7 GB free.
#[derive(Parser, Debug)]
#[command(name = "bench_scale")]
struct Args {
    /// Corpus sizes in papers, comma-separated; `k` = thousand, `m` = million.
    #[arg(long, value_delimiter = ',', default_value = "10k,100k,1m", value_parser = parse_size)]
    sizes: Vec<u64>,
    /// Run the spaCy peer on the largest requested size up to this one.
    #[arg(long, default_value = "100k", value_parser = parse_size, value_name = "SIZE")]
    peer_size: u64,
    /// Do not run the spaCy peer.
    #[arg(long)]
    no_peer: bool,
    /// The Python interpreter for the peer.
    #[arg(long, default_value = "python3", value_name = "PATH")]
    python: PathBuf,
    /// Keep the corpora and outputs in DIR instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
}

/// The seed `gen_corpus` uses by default, so a corpus here equals `gen_corpus N OUT`'s.
const SEED: u64 = 7;
/// Where the measuring process's result line starts, after the measured command's output.
const MEASURE_MARK: &str = "bench_scale-measure: ";
/// The formats the benchmark writes; the README's table is for these three.
const FORMATS: &str = "json,csv,dot";

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    if argv.get(1).map(OsString::as_os_str) == Some(OsStr::new("--measure")) {
        return measure_mode(&argv[2..]);
    }
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench_scale: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<()> {
    let tools = Tools::locate(&args)?;
    let machine = Machine::describe(&tools);
    warn_if_busy(machine.cores);
    let mut sizes = args.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();
    if sizes.is_empty() {
        bail!("--sizes lists no size");
    }
    let peer_at = if args.no_peer {
        None
    } else {
        let at = sizes.iter().copied().filter(|&n| n <= args.peer_size).max();
        if at.is_none() {
            eprintln!(
                "note: the spaCy peer is skipped: no size in --sizes is at most --peer-size {}",
                size_label(args.peer_size)
            );
        }
        at
    };
    let peer = match peer_at {
        Some(_) => tools.peer_versions(),
        None => None,
    };

    // Everything goes into one directory: a kept one, or a temporary one removed at the end.
    let temp;
    let root = match &args.keep {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            dir.clone()
        }
        None => {
            temp = tempfile::Builder::new()
                .prefix("paperkg-bench-")
                .tempdir()
                .context("cannot create a temporary directory")?;
            temp.path().to_path_buf()
        }
    };

    let base = with_current_dir(Path::new(env!("CARGO_MANIFEST_DIR")), corpus::sample)?;
    let mut rows = Vec::new();
    let mut versus = None;
    let mut failure = None;
    for &n in &sizes {
        let label = size_label(n);
        let corpus = root.join(format!("corpus-{label}.jsonl"));
        let out = root.join(format!("paperkg-{label}"));
        let row = match bench_paperkg(&tools, &base, n, &corpus, &out) {
            Ok(row) => row,
            Err(err) => {
                // The sizes measured so far are still worth printing (a 1M run that runs out
                // of memory comes last).
                eprintln!("failed");
                failure = Some(err.context(format!("the {label} run")));
                remove_unless_kept(&args, &corpus);
                remove_unless_kept(&args, &out);
                break;
            }
        };

        if let Some(versions) = peer.as_ref().filter(|_| peer_at == Some(n)) {
            eprint!("{label}: spaCy peer… ");
            let out = root.join(format!("peer-{label}"));
            match run_peer(&tools, &corpus, &out) {
                Ok(result) => {
                    eprintln!(
                        "{}, {}",
                        seconds(result.run.wall_s),
                        rss(result.run.max_rss_kb)
                    );
                    if result.papers != n {
                        eprintln!(
                            "warning: the peer read {} papers of {}",
                            thousands(result.papers),
                            thousands(n)
                        );
                    }
                    versus = Some((row.clone(), result, versions.clone()));
                }
                // The paperkg numbers are still worth printing.
                Err(err) => eprintln!("failed\nwarning: the spaCy peer failed: {err:#}"),
            }
            remove_unless_kept(&args, &out);
        }
        rows.push(row);
        remove_unless_kept(&args, &corpus);
        remove_unless_kept(&args, &out);
    }

    if rows.is_empty() {
        return failure.map_or(Ok(()), Err);
    }
    println!();
    println!("{}", machine.markdown());
    println!();
    print_scale_table(&rows);
    match versus {
        Some((ours, peer, versions)) => {
            println!();
            print_versus(&ours, &peer, &versions);
        }
        None if peer_at.is_some() && peer.is_none() => {
            println!();
            println!(
                "(The spaCy peer did not run: {} cannot import spaCy and networkx. Install them \
                 with `pip install --break-system-packages 'spacy==3.8.18' 'networkx==3.6.1'`; \
                 see benches/peer/README.md.)",
                args.python.display()
            );
        }
        None => {}
    }
    if let Some(dir) = &args.keep {
        eprintln!("corpora and outputs kept in {}", dir.display());
    }
    failure.map_or(Ok(()), Err)
}

/// Generates the corpus of `n` papers (not timed) and measures `paperkg build` on it.
fn bench_paperkg(
    tools: &Tools,
    base: &[paperkg::paper::Paper],
    n: u64,
    corpus: &Path,
    out: &Path,
) -> Result<Row> {
    let label = size_label(n);
    eprint!("{label}: generating {} papers… ", thousands(n));
    let input_bytes = generate(base, n, corpus)?;
    eprintln!("{}", megabytes(input_bytes));
    eprint!("{label}: paperkg build… ");
    let measured = measure(
        &tools.paperkg,
        &[
            "build".as_ref(),
            corpus.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            FORMATS.as_ref(),
            "-q".as_ref(),
            "--no-progress".as_ref(),
        ],
    )?;
    let row = Row::read(n, input_bytes, measured, out)?;
    eprintln!("{}, {}", seconds(row.run.wall_s), rss(row.run.max_rss_kb));
    Ok(row)
}

// # The programs being measured

/// The paperkg binary and the peer's interpreter and script.
struct Tools {
    paperkg: PathBuf,
    python: PathBuf,
    peer_script: PathBuf,
}

impl Tools {
    /// Finds the release binary next to this example: cargo puts examples in
    /// `target/<profile>/examples/`, binaries in `target/<profile>/`. Cargo does not build
    /// the binary for `cargo run --example`, hence the checks.
    fn locate(args: &Args) -> Result<Tools> {
        let me = std::env::current_exe().context("cannot find this program's own path")?;
        let profile_dir = me
            .parent()
            .and_then(Path::parent)
            .context("this program is not inside a cargo target directory")?;
        let paperkg = profile_dir.join(format!("paperkg{}", std::env::consts::EXE_SUFFIX));
        if !paperkg.is_file() {
            bail!(
                "{} not found: run `cargo build --release` first",
                paperkg.display()
            );
        }
        if profile_dir.file_name() != Some(OsStr::new("release")) {
            eprintln!(
                "warning: {} is not a release build; run `cargo build --release` and \
                 `cargo run --release --example bench_scale`",
                paperkg.display()
            );
        }
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        if let (Ok(built), Some(edited)) = (modified(&paperkg), newest_modified(&src))
            && edited > built
        {
            eprintln!(
                "warning: {} is older than the sources in {}; run `cargo build --release` \
                     to measure the current code",
                paperkg.display(),
                src.display()
            );
        }
        Ok(Tools {
            paperkg,
            python: args.python.clone(),
            peer_script: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("benches/peer/spacy_pipeline.py"),
        })
    }

    /// spaCy's, networkx's and Python's versions, or None (and how to install them) if the
    /// interpreter cannot import them.
    fn peer_versions(&self) -> Option<String> {
        let probe = "import sys, spacy, networkx; \
                     print(f'spaCy {spacy.__version__}, networkx {networkx.__version__}, \
                     Python {sys.version.split()[0]}')";
        let output = Command::new(&self.python).args(["-c", probe]).output();
        match output {
            Ok(o) if o.status.success() => {
                Some(String::from_utf8_lossy(&o.stdout).trim().to_string())
            }
            Ok(o) => {
                eprintln!(
                    "note: the spaCy peer is skipped: {} cannot import spacy and networkx:\n{}\n\
                     Install them with `pip install --break-system-packages 'spacy==3.8.18' \
                     'networkx==3.6.1'` (see benches/peer/README.md), or pass --no-peer.",
                    self.python.display(),
                    tail(&o.stderr, 3)
                );
                None
            }
            Err(err) => {
                eprintln!(
                    "note: the spaCy peer is skipped: cannot run {}: {err}",
                    self.python.display()
                );
                None
            }
        }
    }

    /// `paperkg --version`, e.g. "paperkg 0.1.0".
    fn paperkg_version(&self) -> Option<String> {
        let o = Command::new(&self.paperkg).arg("--version").output().ok()?;
        o.status
            .success()
            .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
    }
}

/// The peer's result line, as `spacy_pipeline.py` prints it.
#[derive(Deserialize)]
struct PeerLine {
    papers: u64,
    nodes: u64,
    edges: u64,
}

/// One run of the peer: its counts, and the measurement from outside.
struct PeerResult {
    papers: u64,
    nodes: u64,
    edges: u64,
    run: Measured,
    output: Sizes,
}

fn run_peer(tools: &Tools, corpus: &Path, out: &Path) -> Result<PeerResult> {
    let run = measure(
        &tools.python,
        &[
            tools.peer_script.as_os_str(),
            corpus.as_os_str(),
            out.as_os_str(),
        ],
    )?;
    // The result is its last line that parses; spaCy may print warnings before it.
    let line: PeerLine = run
        .stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .with_context(|| {
            format!(
                "the peer printed no result line; its output:\n{}",
                run.stdout
            )
        })?;
    Ok(PeerResult {
        papers: line.papers,
        nodes: line.nodes,
        edges: line.edges,
        output: Sizes::of_dir(out)?,
        run,
    })
}

// # The corpus

/// Writes `gen_corpus n OUT`'s corpus (the same writer and seed) and returns its size in
/// bytes.
fn generate(base: &[paperkg::paper::Paper], n: u64, path: &Path) -> Result<u64> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let n = usize::try_from(n).context("size too large")?;
    corpus::write_jsonl(base, n, SEED, BufWriter::new(file))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Runs `f` with the working directory set to `dir` (the sample corpus is read by a relative
/// path, and cargo runs examples from wherever it was called).
fn with_current_dir<T>(dir: &Path, f: impl FnOnce() -> T) -> Result<T> {
    if !dir.join("examples/hf-papers").is_dir() {
        bail!(
            "the sample corpus {} is missing",
            dir.join("examples/hf-papers").display()
        );
    }
    let back = std::env::current_dir().context("cannot read the working directory")?;
    std::env::set_current_dir(dir).with_context(|| format!("cannot enter {}", dir.display()))?;
    let value = f();
    std::env::set_current_dir(&back)
        .with_context(|| format!("cannot return to {}", back.display()))?;
    Ok(value)
}

// # Measuring a child process

/// What the measuring process prints about its child.
#[derive(Serialize, Deserialize, Clone, Debug)]
struct Measured {
    /// Wall time from spawn to exit.
    wall_s: f64,
    /// User + system CPU time (None where getrusage is unavailable).
    cpu_s: Option<f64>,
    /// Peak resident set size in KiB (None where getrusage is unavailable).
    max_rss_kb: Option<u64>,
    /// Whether the child exited with status 0.
    success: bool,
    /// How it exited, e.g. "exit status: 2" or "signal: 9 (SIGKILL)".
    status: String,
    /// The child's standard output (filled in by the caller, not printed by the measurer).
    #[serde(skip)]
    stdout: String,
}

/// Runs `program args…` under `bench_scale --measure` and returns the measurement; fails with
/// the command's standard error if it fails.
fn measure(program: &Path, args: &[&OsStr]) -> Result<Measured> {
    let me = std::env::current_exe().context("cannot find this program's own path")?;
    let output = Command::new(me)
        .arg("--measure")
        .arg("--")
        .arg(program)
        .args(args)
        .output()
        .context("cannot start the measuring process")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let (own, result) = match stdout.rfind(MEASURE_MARK) {
        Some(at) => (&stdout[..at], &stdout[at + MEASURE_MARK.len()..]),
        None => bail!(
            "measuring {} failed ({}):\n{}",
            program.display(),
            output.status,
            tail(&output.stderr, 20)
        ),
    };
    let mut measured: Measured = serde_json::from_str(result.trim())
        .with_context(|| format!("unreadable measurement {result:?}"))?;
    if !measured.success {
        bail!(
            "{} failed ({}) after {}; its last lines of error output:\n{}",
            program.display(),
            measured.status,
            seconds(measured.wall_s),
            tail(&output.stderr, 20)
        );
    }
    measured.stdout = own.to_string();
    Ok(measured)
}

/// The hidden `--measure -- CMD ARGS…` mode: run CMD (its output passes through), then print
/// one `MEASURE_MARK` JSON line. CMD is this process's only child, so RUSAGE_CHILDREN is CMD's.
fn measure_mode(argv: &[OsString]) -> ExitCode {
    let cmd = match argv.first().map(OsString::as_os_str) {
        Some(dashes) if dashes == "--" => &argv[1..],
        _ => argv,
    };
    let Some((program, args)) = cmd.split_first() else {
        eprintln!("usage: bench_scale --measure -- CMD [ARGS…]");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let status = match Command::new(program).args(args).status() {
        Ok(status) => status,
        Err(err) => {
            eprintln!("cannot run {}: {err}", Path::new(program).display());
            return ExitCode::from(2);
        }
    };
    let wall_s = start.elapsed().as_secs_f64();
    let (cpu_s, max_rss_kb) = children_usage();
    let measured = Measured {
        wall_s,
        cpu_s,
        max_rss_kb,
        success: status.success(),
        status: status.to_string(),
        stdout: String::new(),
    };
    match serde_json::to_string(&measured) {
        Ok(json) => {
            println!("{MEASURE_MARK}{json}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("cannot print the measurement: {err}");
            ExitCode::from(2)
        }
    }
}

/// CPU seconds and peak RSS (KiB) of this process's finished children.
#[cfg(unix)]
fn children_usage() -> (Option<f64>, Option<u64>) {
    use nix::sys::resource::{UsageWho, getrusage};
    use nix::sys::time::TimeValLike;
    match getrusage(UsageWho::RUSAGE_CHILDREN) {
        Ok(usage) => {
            let micros =
                usage.user_time().num_microseconds() + usage.system_time().num_microseconds();
            // ru_maxrss is in KiB on Linux and the BSDs, in bytes on macOS.
            let rss = u64::try_from(usage.max_rss()).ok();
            let rss = if cfg!(target_os = "macos") {
                rss.map(|b| b / 1024)
            } else {
                rss
            };
            (Some(micros as f64 / 1e6), rss)
        }
        Err(_) => (None, None),
    }
}

#[cfg(not(unix))]
fn children_usage() -> (Option<f64>, Option<u64>) {
    (None, None)
}

// # What a run produced

/// One line of the scale table.
#[derive(Clone)]
struct Row {
    papers: u64,
    input_bytes: u64,
    run: Measured,
    nodes: u64,
    edges: u64,
    output: Sizes,
}

impl Row {
    /// Counts the nodes and edges in `out`'s CSV files and sizes its files.
    fn read(papers: u64, input_bytes: u64, run: Measured, out: &Path) -> Result<Row> {
        Ok(Row {
            papers,
            input_bytes,
            run,
            nodes: csv_records(&out.join("nodes.csv"))?,
            edges: csv_records(&out.join("edges.csv"))?,
            output: Sizes::of_dir(out)?,
        })
    }
}

/// Records in a CSV file with a header (a record may span lines: evidence sentences are quoted).
fn csv_records(path: &Path) -> Result<u64> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut n = 0;
    for record in reader.byte_records() {
        record.with_context(|| format!("bad CSV in {}", path.display()))?;
        n += 1;
    }
    Ok(n)
}

/// Bytes written, by format.
#[derive(Clone, Copy, Default)]
struct Sizes {
    json: u64,
    csv: u64,
    dot: u64,
    total: u64,
}

impl Sizes {
    fn of_dir(dir: &Path) -> Result<Sizes> {
        let mut sizes = Sizes::default();
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
            let meta = entry.metadata()?;
            if !meta.is_file() {
                continue;
            }
            let len = meta.len();
            match entry.path().extension().and_then(OsStr::to_str) {
                Some("json") => sizes.json += len,
                Some("csv") => sizes.csv += len,
                Some("dot") => sizes.dot += len,
                _ => {}
            }
            sizes.total += len;
        }
        Ok(sizes)
    }
}

// # The report

/// The machine the numbers come from.
struct Machine {
    cpu: String,
    cores: usize,
    ram_bytes: Option<u64>,
    paperkg: String,
}

impl Machine {
    fn describe(tools: &Tools) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
            .map_or_else(|| "unknown CPU".to_string(), |(_, m)| m.trim().to_string());
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let ram_bytes = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb * 1024);
        let mut paperkg = tools
            .paperkg_version()
            .unwrap_or_else(|| "paperkg".to_string());
        let git = Command::new("git")
            .args([
                "-C",
                env!("CARGO_MANIFEST_DIR"),
                "describe",
                "--always",
                "--dirty",
            ])
            .output()
            .ok()
            .filter(|o| o.status.success());
        if let Some(o) = git {
            paperkg += &format!(" (commit {})", String::from_utf8_lossy(&o.stdout).trim());
        }
        Machine {
            cpu,
            cores,
            ram_bytes,
            paperkg,
        }
    }

    fn markdown(&self) -> String {
        let ram = self.ram_bytes.map_or("unknown".to_string(), |b| {
            format!("{:.0} GB", b as f64 / (1u64 << 30) as f64)
        });
        format!(
            "Machine: {}, {} core{}, {ram} RAM. {}, release build.",
            self.cpu,
            self.cores,
            if self.cores == 1 { "" } else { "s" },
            self.paperkg
        )
    }
}

/// Other work on the machine slows every number down (the load average counts runnable
/// processes, averaged over a minute).
fn warn_if_busy(cores: usize) {
    let loadavg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let Some(load) = loadavg
        .split_whitespace()
        .next()
        .and_then(|l| l.parse::<f64>().ok())
    else {
        return;
    };
    if load >= 0.5 {
        eprintln!(
            "warning: load average {load:.1} on {cores} core{}: other work is running, so the \
             numbers will be slower and noisier than on an idle machine",
            if cores == 1 { "" } else { "s" }
        );
    }
}

fn print_scale_table(rows: &[Row]) {
    println!(
        "`paperkg build CORPUS -o DIR --format {FORMATS}` on generated corpora \
         (`gen_corpus`, seed {SEED}), all cores; input and output MB are 10^6 bytes, \
         RSS MB are MiB:"
    );
    println!();
    println!(
        "| papers | input | wall time | papers/s | input MB/s | peak RSS | nodes | edges \
         | json | csv | dot | output |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            thousands(r.papers),
            megabytes(r.input_bytes),
            seconds(r.run.wall_s),
            thousands(round3(r.papers as f64 / r.run.wall_s)),
            two_figures(r.input_bytes as f64 / 1e6 / r.run.wall_s),
            rss(r.run.max_rss_kb),
            thousands(r.nodes),
            thousands(r.edges),
            megabytes(r.output.json),
            megabytes(r.output.csv),
            megabytes(r.output.dot),
            megabytes(r.output.total),
        );
    }
}

fn print_versus(ours: &Row, peer: &PeerResult, versions: &str) {
    println!(
        "Against the spaCy peer (`benches/peer/spacy_pipeline.py`; {versions}), on the same \
         {}-paper corpus; paperkg also writes graph.dot, the peer runs on one core:",
        thousands(ours.papers)
    );
    println!();
    println!("| pipeline | wall time | CPU time | peak RSS | nodes | edges | json+csv |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let row = |name: &str, run: &Measured, nodes: u64, edges: u64, output: &Sizes| {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            seconds(run.wall_s),
            cpu(run.cpu_s),
            rss(run.max_rss_kb),
            thousands(nodes),
            thousands(edges),
            megabytes(output.json + output.csv),
        );
    };
    row(
        "paperkg build",
        &ours.run,
        ours.nodes,
        ours.edges,
        &ours.output,
    );
    row(
        "spaCy + networkx",
        &peer.run,
        peer.nodes,
        peer.edges,
        &peer.output,
    );
    let time = peer.run.wall_s / ours.run.wall_s;
    let memory = match (peer.run.max_rss_kb, ours.run.max_rss_kb) {
        (Some(p), Some(o)) if o > 0 => Some(p as f64 / o as f64),
        _ => None,
    };
    let memory_cell = memory.map_or("n/a".to_string(), |m| format!("{m:.1}×"));
    let cpu_cell = match (peer.run.cpu_s, ours.run.cpu_s) {
        (Some(p), Some(o)) if o > 0.0 => format!("{:.1}×", p / o),
        _ => "n/a".to_string(),
    };
    println!("| peer ÷ paperkg | {time:.1}× | {cpu_cell} | {memory_cell} | | | |");
    println!();
    match memory {
        Some(m) => println!(
            "The peer took {time:.1} times paperkg's wall time and {m:.1} times its peak memory."
        ),
        None => println!("The peer took {time:.1} times paperkg's wall time."),
    }
}

// # Small helpers

/// "10k" → 10,000; "1m" → 1,000,000; "2500" → 2,500.
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim().to_ascii_lowercase();
    let (digits, scale) = match s.strip_suffix('k') {
        Some(d) => (d, 1_000),
        None => match s.strip_suffix('m') {
            Some(d) => (d, 1_000_000),
            None => (s.as_str(), 1),
        },
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size like 10k, 100k, 1m or 2500"))?;
    match n.checked_mul(scale) {
        Some(n) if n > 0 => Ok(n),
        _ => Err(format!("{s:?} is out of range")),
    }
}

/// 10,000 → "10k", 1,000,000 → "1m", 2,500 → "2500": for file names and messages.
fn size_label(n: u64) -> String {
    if n.is_multiple_of(1_000_000) {
        format!("{}m", n / 1_000_000)
    } else if n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

/// 1234567 → "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Three significant figures: the VM's speed varies by about 30% from run to run.
fn round3(x: f64) -> u64 {
    if !x.is_finite() || x < 1.0 {
        return 0;
    }
    let scale = 10f64.powi((x.log10().floor() as i32 - 2).max(0));
    ((x / scale).round() * scale) as u64
}

/// 17.4 → "17", 6.04 → "6.0".
fn two_figures(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// 0.654 → "0.65 s", 6.83 → "6.8 s", 87.2 → "87 s".
fn seconds(s: f64) -> String {
    match s {
        s if s < 10.0 => format!("{s:.2} s"),
        s if s < 100.0 => format!("{s:.1} s"),
        s => format!("{s:.0} s"),
    }
}

/// CPU time, or "n/a" where it could not be measured.
fn cpu(s: Option<f64>) -> String {
    s.map_or("n/a".to_string(), seconds)
}

/// Bytes as "47 MB", "4.9 GB" (10^6 and 10^9 bytes).
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if mb >= 1000.0 {
        format!("{:.1} GB", mb / 1000.0)
    } else if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// Peak RSS in KiB as "74 MB", "5.4 GB" (MiB and GiB, as `/usr/bin/time` and the peer report).
fn rss(kb: Option<u64>) -> String {
    match kb {
        None => "n/a".to_string(),
        Some(kb) if kb >= 1024 * 1024 => format!("{:.1} GB", kb as f64 / (1024.0 * 1024.0)),
        Some(kb) => format!("{:.0} MB", kb as f64 / 1024.0),
    }
}

/// The last `lines` lines of a process's output.
fn tail(bytes: &[u8], lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let all: Vec<&str> = text.trim_end().lines().collect();
    if all.is_empty() {
        return "(none)".to_string();
    }
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Deletes a corpus or an output directory once measured, unless `--keep` was given (a 1M
/// run writes about 6 GB).
fn remove_unless_kept(args: &Args, path: &Path) {
    if args.keep.is_some() {
        return;
    }
    let removed = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    if let Err(err) = removed
        && err.kind() != std::io::ErrorKind::NotFound
    {
        eprintln!("warning: cannot remove {}: {err}", path.display());
    }
}

fn modified(path: &Path) -> std::io::Result<SystemTime> {
    std::fs::metadata(path)?.modified()
}

/// The latest modification time of any file under `dir`.
fn newest_modified(dir: &Path) -> Option<SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest_modified(&path)
        } else {
            modified(&path).ok()
        };
        newest = newest.max(time);
    }
    newest
}
