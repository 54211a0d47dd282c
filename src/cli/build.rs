//! `paperkg build`: read papers, extract entities, build the graph, write the exports; with
//! `--incremental` also save the links, with `--append` start from the ones saved before.

use super::args::{FormatArg, InputArgs, LexiconArgs, formats, path_list};
use super::{Ui, load_and_extract, set_threads};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use paperkg::export;
use paperkg::incremental::{self, Saved};
use paperkg::{EntityKind, graph};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Output directory (created if missing) [default: output, or the --append directory].
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Formats to write, comma-separated.
    #[arg(short, long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Json, FormatArg::Csv, FormatArg::Dot])]
    format: Vec<FormatArg>,
    /// Also write every merge of a written name into an entity, and the rule that made it,
    /// to this TSV file (entity, canonical, merged, rule, paper, note): also retypings,
    /// thesaurus actions, and the entities kept apart and why.
    #[arg(long, value_name = "FILE")]
    merge_log: Option<PathBuf>,
    /// Also draw the whole graph into DIR/graph.svg, .png or .pdf (with Graphviz; `paperkg
    /// render` draws selections).
    #[arg(long, value_enum, value_name = "FORMAT")]
    render: Option<PictureFormat>,
    /// Also save every paper's entities to DIR/paperkg-links.jsonl, so that papers can be
    /// added later with --append without extracting these again.
    #[arg(long)]
    incremental: bool,
    /// Add the INPUT papers to the graph an earlier `build --incremental` wrote to DIR: papers
    /// already in it are not extracted again, and the graph written is the one a single build
    /// of all the inputs, old first, would give. Writes to DIR (unless -o names another
    /// directory) and saves the links again, so appends can chain. Use the --lexicon and
    /// --stoplist of the first build.
    #[arg(long, value_name = "DIR")]
    append: Option<PathBuf>,
    /// Worker threads for extraction (0 = one per core). The output does not depend on it.
    #[arg(short = 'j', long, default_value_t = 0)]
    threads: usize,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum PictureFormat {
    Svg,
    Png,
    Pdf,
}

pub fn run(args: BuildArgs, ui: &Ui) -> Result<super::ExitStatus> {
    let start = Instant::now();
    if let Some(dir) = args.append.as_ref().filter(|d| d.is_file()) {
        anyhow::bail!(
            "{}: is a file; --append takes the output directory of an earlier build",
            dir.display()
        );
    }
    let output = match (&args.output, &args.append) {
        (Some(dir), _) | (None, Some(dir)) => dir.clone(),
        (None, None) => PathBuf::from("output"),
    };
    if output.is_file() {
        anyhow::bail!("{}: is a file; -o takes a directory", output.display());
    }
    set_threads(args.threads)?;
    let extractors = args.lexicon.extractors()?;
    // Read first: a bad thesaurus line stops the build before any work.
    let thesaurus = args.lexicon.thesaurus()?;
    let base = match &args.append {
        Some(dir) => read_saved(dir, &extractors)?,
        None => Saved::default(),
    };
    let old_papers = base.corpus.len();
    let loaded = load_and_extract(&args.input, &extractors, ui, base)?;
    if loaded.corpus.is_empty() {
        anyhow::bail!(
            "no papers could be read from {} ({} bad records and {} unusable files skipped)",
            super::args::path_list(&args.input.inputs),
            loaded.skipped,
            loaded.files_skipped
        );
    }
    let extracted_at = start.elapsed();
    let (papers, duplicates) = (loaded.corpus.len(), loaded.corpus.duplicates);
    let without_abstract = loaded.without_abstract();
    let (records, files, skipped, files_skipped, skipped_any) = (
        loaded.records,
        loaded.files,
        loaded.skipped,
        loaded.files_skipped,
        loaded.skipped_any(),
    );
    // An append saves the links again, so that appends chain.
    let save_links = args.incremental || args.append.is_some();
    let links_file = incremental::path_in(&output);
    // One run's files replace the old ones together: the output directory is locked, and
    // the links file and merge log are staged (written to temporaries) and renamed into place
    // with the graph's files, only when every one of them was written.
    let lock = export::DirLock::acquire(&output)
        .with_context(|| format!("cannot write to {}", output.display()))?;
    let mut staged = Vec::new();
    if save_links {
        // Written before the graph is built, which takes the papers and links over.
        staged.push(
            export::stage(&links_file, |out| {
                incremental::write(
                    out,
                    &extractors,
                    &loaded.corpus.papers,
                    &loaded.links,
                    &loaded.had_abstract,
                )
            })
            .with_context(|| format!("cannot save the links to {}", links_file.display()))?,
        );
    }
    let options = graph::BuildOptions {
        merge_log: args.merge_log.is_some(),
        thesaurus: thesaurus.as_ref(),
        link_nodes: false,
    };
    let graph::Built {
        graph,
        merges,
        link_nodes: _,
    } = loaded.build(&options)?;
    let built_at = start.elapsed();
    if let Some(path) = &args.merge_log {
        staged.push(
            export::stage(path, |out| {
                writeln!(out, "entity\tcanonical\tmerged\trule\tpaper\tnote")?;
                for m in &merges {
                    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        m.entity,
                        clean(&m.canonical),
                        clean(&m.merged),
                        m.rule.as_str(),
                        clean(&m.paper),
                        clean(&m.note)
                    )?;
                }
                Ok(())
            })
            .with_context(|| format!("cannot write the merge log {}", path.display()))?,
        );
    }
    let formats = formats(&args.format);
    let mut written = export::write_dir_locked(&lock, &graph, &formats, staged)
        .with_context(|| format!("cannot write the graph to {}", output.display()))?;
    // The staged files come last in `written`; the summary names the graph's files and the
    // links file (the merge log is named below).
    if args.merge_log.is_some() {
        written.pop();
    }
    let written_at = start.elapsed();
    let removed = if save_links {
        false
    } else {
        remove_stale(&links_file)?
    };

    let per_kind: Vec<String> = EntityKind::ALL
        .iter()
        .map(|&k| format!("{} {}", graph.entity_count(k), k))
        .collect();
    let read_papers = match &args.append {
        Some(dir) => {
            ui.info(format!(
                "appending to {}: {old_papers} papers saved by an earlier build",
                dir.display()
            ));
            format!("{} new papers, {papers} in all", papers - old_papers)
        }
        None => format!("{papers} papers"),
    };
    let mut files_skipped = match files_skipped {
        0 => String::new(),
        n => format!(
            ", {n} unusable file{} skipped",
            if n == 1 { "" } else { "s" }
        ),
    };
    if without_abstract > 0 {
        files_skipped.push_str(&format!(
            ", {without_abstract} with an empty abstract, read from the title alone"
        ));
    }
    ui.info(format!(
        "read {} records from {} file{}: {read_papers} ({} duplicates merged, {} bad records \
         skipped{files_skipped})",
        records,
        files,
        if files == 1 { "" } else { "s" },
        duplicates,
        skipped
    ));
    ui.info(format!("entities: {}", per_kind.join(", ")));
    ui.info(format!("edges: {}", graph.edge_count()));
    ui.info(format!("wrote {}", path_list(&written)));
    if removed {
        ui.info(format!(
            "removed {}: it described an earlier graph, not this one (keep one with \
             --incremental)",
            links_file.display()
        ));
    }
    if let Some(format) = args.render {
        let ext = match format {
            PictureFormat::Svg => "svg",
            PictureFormat::Png => "png",
            PictureFormat::Pdf => "pdf",
        };
        let path = output.join(format!("graph.{ext}"));
        super::render::draw(&graph, &Default::default(), &path, ui)?;
    }
    if let Some(path) = &args.merge_log {
        ui.info(format!(
            "merge log: {} merges in {}",
            merges.len(),
            path.display()
        ));
    }
    ui.info(format!(
        "done in {:.2?} (reading and extracting {:.2?}, graph {:.2?}, writing {:.2?})",
        start.elapsed(),
        extracted_at,
        built_at - extracted_at,
        written_at - built_at
    ));
    // The process is about to exit, which frees everything at once: dropping a million-paper
    // graph piece by piece first would take most of a second.
    std::mem::forget(graph);
    Ok(if skipped_any {
        super::ExitStatus::Skipped
    } else {
        super::ExitStatus::Success
    })
}

/// The links an earlier `build --incremental` saved in `dir`.
fn read_saved(dir: &Path, extractors: &paperkg::Extractors) -> Result<Saved> {
    match incremental::read(&incremental::path_in(dir), extractors) {
        Err(paperkg::Error::NotFound { .. }) => anyhow::bail!(
            "cannot append to {}: it has no {} (build it once with --incremental, then \
             append)",
            dir.display(),
            incremental::FILE_NAME
        ),
        other => other.with_context(|| format!("cannot append to {}", dir.display())),
    }
}

/// Removes the links file a build without --incremental would leave behind, describing a
/// graph this build replaced (appending to it would silently rebuild that graph). Returns
/// whether there was one.
fn remove_stale(links_file: &Path) -> Result<bool> {
    match std::fs::remove_file(links_file) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", links_file.display())),
    }
}
