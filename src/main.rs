//! The `paperkg` command: parses the command line, runs the library, reports.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction makes many small short-lived strings,
/// and a large build allocates gigabytes; mimalloc is faster at both (see README,
/// "Performance"). The library leaves the choice to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`paperkg extract … | head`) is not an error.
            if err.chain().any(|e| {
                let pipe = std::io::ErrorKind::BrokenPipe;
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == pipe)
                    || e.downcast_ref::<serde_json::Error>()
                        .and_then(|e| e.io_error_kind())
                        == Some(pipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // Ignoring failure: a closed stderr must not turn an error into a panic.
            use std::io::Write;
            let _ = writeln!(std::io::stderr().lock(), "paperkg: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
