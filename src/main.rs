//! The `paperkg` command: parses the command line, runs the library, reports.

mod cli;

use std::process::ExitCode;

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
            eprintln!("paperkg: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
