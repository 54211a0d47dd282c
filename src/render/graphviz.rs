//! Running Graphviz (with a time limit) and the built-in fallback.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Who lays the picture out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Graphviz's `dot` program (any layout, SVG/PNG/PDF).
    Graphviz,
    /// The pure-Rust `layout-rs` (hierarchical layout, SVG only, small graphs).
    Builtin,
}

/// The largest graph the built-in engine takes: its layout time grows about cubically.
pub const BUILTIN_MAX_NODES: usize = 150;

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Graphviz is not installed.
    #[error(
        "Graphviz is not installed (`{program}` was not found). Install it: `apt-get install graphviz` (Debian, Ubuntu), `dnf install graphviz` (Fedora), `brew install graphviz` (macOS), `choco install graphviz` (Windows); or draw a small graph without it with `--engine builtin` (SVG, up to {BUILTIN_MAX_NODES} nodes), or write `--format dot` and lay it out elsewhere"
    )]
    GraphvizMissing {
        /// The program looked for.
        program: String,
    },
    /// Graphviz ran longer than allowed.
    #[error(
        "Graphviz ({layout}) did not finish within {seconds} s; draw fewer nodes (--min-papers, --top, --kinds, --ego) or allow more time (--timeout)"
    )]
    Timeout {
        /// The layout engine.
        layout: String,
        /// The limit.
        seconds: u64,
    },
    /// Graphviz failed.
    #[error("Graphviz ({layout}) failed: {message}")]
    Failed {
        /// The layout engine.
        layout: String,
        /// Its error output.
        message: String,
    },
    /// The graph is too big for the built-in engine.
    #[error(
        "the built-in engine draws at most {BUILTIN_MAX_NODES} nodes and this selection has {nodes}; select fewer (--min-papers, --top, --kinds, --ego) or install Graphviz"
    )]
    TooBig {
        /// Nodes in the selection.
        nodes: usize,
    },
    /// The built-in engine could not read its input.
    #[error("built-in layout failed: {0}")]
    Builtin(String),
    /// Running the program failed otherwise.
    #[error("running {program}: {source}")]
    Io {
        /// The program.
        program: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

/// The Graphviz program to run: `$PAPERKG_GRAPHVIZ` if set (a path to `dot`), else `dot`.
pub fn graphviz_program() -> String {
    std::env::var("PAPERKG_GRAPHVIZ").unwrap_or_else(|_| "dot".to_owned())
}

/// Lays out `dot` with `layout` and returns the picture in `format` (`svg`, `png`, `pdf`),
/// killing Graphviz if it runs longer than `timeout`.
pub fn render_graphviz(
    dot: &str,
    layout: &str,
    format: &str,
    timeout: Duration,
) -> Result<Vec<u8>, RenderError> {
    let program = graphviz_program();
    let io = |source| RenderError::Io {
        program: program.clone(),
        source,
    };
    let mut command = Command::new(&program);
    command
        .arg(format!("-K{layout}"))
        .arg(format!("-T{format}"));
    // Pixels for a raster picture: 96 per inch, as screens count them. Not for SVG, where a
    // dpi other than 72 makes Graphviz scale the drawing but not its viewBox (a cropped
    // picture), nor for PDF, which is sized in points.
    if format == "png" {
        command.arg("-Gdpi=96");
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                RenderError::GraphvizMissing {
                    program: program.clone(),
                }
            } else {
                io(e)
            }
        })?;
    // Feed stdin and drain stdout/stderr on their own threads, so no pipe fills up while
    // this thread watches the clock.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let err_reader = std::thread::spawn(move || {
        let mut buf = String::new();
        let _ = stderr.read_to_string(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(io)? {
            break status;
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RenderError::Timeout {
                layout: layout.to_owned(),
                seconds: timeout.as_secs(),
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    let picture = reader.join().unwrap_or_default();
    let message = err_reader.join().unwrap_or_default();
    if !status.success() || picture.is_empty() {
        return Err(RenderError::Failed {
            layout: layout.to_owned(),
            message: if message.trim().is_empty() {
                format!("exit status {status}")
            } else {
                message.trim().to_owned()
            },
        });
    }
    Ok(picture)
}

/// Lays out `dot` (from [`super::builtin_dot`]) with `layout-rs` and returns SVG text.
pub fn render_builtin(dot: &str, nodes: usize) -> Result<String, RenderError> {
    if nodes > BUILTIN_MAX_NODES {
        return Err(RenderError::TooBig { nodes });
    }
    // layout-rs is young; a panic inside it must not take the program down.
    std::panic::catch_unwind(|| {
        let mut parser = layout::gv::DotParser::new(dot);
        let ast = parser.process()?;
        let mut builder = layout::gv::GraphBuilder::new();
        builder.visit_graph(&ast);
        let mut graph = builder.get();
        let mut svg = layout::backends::svg::SVGWriter::new();
        graph.do_it(false, false, false, &mut svg);
        Ok(svg.finalize())
    })
    .unwrap_or_else(|_| Err("the layout engine panicked".to_owned()))
    .map_err(RenderError::Builtin)
}

/// The picture format a file name asks for.
pub fn format_of(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "svg" => Some("svg"),
        "png" => Some("png"),
        "pdf" => Some("pdf"),
        _ => None,
    }
}
