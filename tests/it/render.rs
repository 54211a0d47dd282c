//! `paperkg render` and `build --render`: real pictures from the sample graph, checked as
//! files (SVG parses and has one node per selected node, PNG has a sane size), plus the
//! Graphviz-missing, timeout and built-in-engine paths.

use super::util::{build_sample, paperkg, require_tool};
use paperkg::graph::select::{Selection, select};
use std::path::Path;

/// `<g id="nodeN" class="node">` groups in a Graphviz SVG, after checking it parses.
fn svg_nodes(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut nodes = 0;
    loop {
        match reader.read_event().expect("the SVG is well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"g" => {
                let class = e
                    .attributes()
                    .filter_map(Result::ok)
                    .find(|a| a.key.as_ref() == b"class");
                if class.is_some_and(|a| a.value.as_ref() == b"node") {
                    nodes += 1;
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    nodes
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn shared_entities_render_as_svg_with_every_selected_node() {
    if !require_tool("dot", &["-V"]) {
        return;
    }
    let dir = build_sample(&["--format", "json"]);
    let graph_json = dir.path().join("graph.json");
    let svg = dir.path().join("shared.svg");
    paperkg()
        .arg("render")
        .arg(&graph_json)
        .args(["--min-papers", "2", "-o"])
        .arg(&svg)
        .assert()
        .success();
    let graph = paperkg::export::json::read_path(&graph_json).unwrap();
    let want = select(
        &graph,
        &Selection {
            min_papers: 2,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(want.node_count() > 300, "{}", want.node_count());
    assert_eq!(svg_nodes(&svg), want.node_count());
}

#[test]
fn ego_graph_renders_as_png_of_sane_size() {
    if !require_tool("dot", &["-V"]) {
        return;
    }
    let dir = build_sample(&["--format", "json"]);
    let png = dir.path().join("ego.png");
    paperkg()
        .arg("render")
        .arg(dir.path().join("graph.json"))
        .args(["--ego", "ImageNet", "--depth", "1", "-o"])
        .arg(&png)
        .assert()
        .success()
        .stderr(predicates::str::contains("entities"));
    let (w, h) = png_size(&png);
    assert!(
        (200..=1600).contains(&w) && (100..=1600).contains(&h),
        "{w}x{h}"
    );
}

#[test]
fn build_renders_the_whole_graph_on_request() {
    if !require_tool("dot", &["-V"]) {
        return;
    }
    let dir = build_sample(&["--format", "json", "--render", "svg"]);
    assert!(svg_nodes(&dir.path().join("graph.svg")) > 1000);
}

#[test]
fn missing_graphviz_says_how_to_install_it() {
    let dir = build_sample(&["--format", "json"]);
    paperkg()
        .env("PAPERKG_GRAPHVIZ", "/nonexistent/bin/dot")
        .arg("render")
        .arg(dir.path().join("graph.json"))
        .arg("-o")
        .arg(dir.path().join("x.png"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("apt-get install graphviz"))
        .stderr(predicates::str::contains("--engine builtin"));
    assert!(!dir.path().join("x.png").exists());
}

#[cfg(unix)]
#[test]
fn a_stuck_graphviz_is_stopped_at_the_timeout() {
    use std::os::unix::fs::PermissionsExt;
    let dir = build_sample(&["--format", "json"]);
    let fake = dir.path().join("slow-dot");
    std::fs::write(&fake, "#!/bin/sh\nexec sleep 30\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let start = std::time::Instant::now();
    paperkg()
        .env("PAPERKG_GRAPHVIZ", &fake)
        .arg("render")
        .arg(dir.path().join("graph.json"))
        .args(["--timeout", "1", "-o"])
        .arg(dir.path().join("x.svg"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did not finish within 1 s"));
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn builtin_engine_draws_small_graphs_without_graphviz() {
    let dir = build_sample(&["--format", "json"]);
    let svg = dir.path().join("small.svg");
    paperkg()
        .env("PAPERKG_GRAPHVIZ", "/nonexistent/bin/dot")
        .arg("render")
        .arg(dir.path().join("graph.json"))
        .args(["--ego", "knowledge distillation", "--depth", "1"])
        .args(["--engine", "builtin", "-o"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("knowledge distillation"));
    svg_nodes(&svg); // parses
    // The whole graph is too big for it: a clear error, exit 2.
    paperkg()
        .arg("render")
        .arg(dir.path().join("graph.json"))
        .args(["--engine", "builtin", "-o"])
        .arg(dir.path().join("big.svg"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at most 150 nodes"));
}

#[test]
fn unknown_ego_names_get_suggestions() {
    let dir = build_sample(&["--format", "json"]);
    paperkg()
        .arg("render")
        .arg(dir.path().join("graph.json"))
        .args(["--ego", "ImagNet", "-o"])
        .arg(dir.path().join("x.svg"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean ImageNet"));
}
