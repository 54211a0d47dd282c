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

/// The pixels of an 8-bit RGB or RGBA, non-interlaced PNG (what rsvg-convert and Graphviz
/// write) as (width, height, RGB bytes per pixel row-major).
fn png_pixels(path: &Path) -> (usize, usize, Vec<[u8; 3]>) {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
    let (mut at, mut idat) = (8, Vec::new());
    let (mut w, mut h, mut channels) = (0, 0, 0);
    while at + 8 <= bytes.len() {
        let (len, kind) = (be(at), &bytes[at + 4..at + 8]);
        let data = &bytes[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                (w, h) = (be(at + 8), be(at + 12));
                assert_eq!(data[8], 8, "bit depth");
                assert_eq!(data[12], 0, "interlaced");
                channels = match data[9] {
                    2 => 3,
                    6 => 4,
                    other => panic!("colour type {other}"),
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = w * channels;
    let mut prev = vec![0u8; stride];
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let mut cur = line[1..].to_vec();
        for x in 0..stride {
            let a = if x >= channels { cur[x - channels] } else { 0 } as i16;
            let b = prev[x] as i16;
            let c = if x >= channels { prev[x - channels] } else { 0 } as i16;
            let add = match line[0] {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("filter {f}"),
            };
            cur[x] = cur[x].wrapping_add(add as u8);
        }
        for px in cur.chunks(channels) {
            // Transparent counts as the white page.
            let alpha = if channels == 4 { px[3] } else { 255 };
            out.push(if alpha < 128 {
                [255; 3]
            } else {
                [px[0], px[1], px[2]]
            });
        }
        prev = cur;
    }
    (w, h, out)
}

#[test]
fn svg_pictures_are_not_cropped() {
    if !require_tool("dot", &["-V"]) || !require_tool("rsvg-convert", &["--version"]) {
        return;
    }
    let dir = build_sample(&["--format", "json"]);
    let svg = dir.path().join("a.svg");
    paperkg()
        .arg("render")
        .arg(dir.path().join("graph.json"))
        .args(["--kinds", "model,dataset", "--min-papers", "2", "-o"])
        .arg(&svg)
        .assert()
        .success();
    let png = dir.path().join("a.png");
    let out = std::process::Command::new("rsvg-convert")
        .arg(&svg)
        .arg("-o")
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, h, pixels) = png_pixels(&png);
    // The drawing's bounding box (pixels that are not white).
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (i, p) in pixels.iter().enumerate() {
        if p.iter().any(|&c| c < 240) {
            let (x, y) = (i % w, i / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
    }
    assert!(x1 > x0 && y1 > y0, "an empty picture");
    // Graphviz pads the drawing (0.3 in): a picture cut at the canvas reaches its edges.
    assert!(
        x0 > 5 && y0 > 5 && x1 + 5 < w && y1 + 5 < h,
        "drawing {x0},{y0}–{x1},{y1} on a {w}x{h} canvas: cropped"
    );
    // And the drawing fills the canvas rather than a corner of it.
    assert!(
        (x1 - x0) * 10 > w * 7 && (y1 - y0) * 10 > h * 7,
        "{x0},{y0}–{x1},{y1} on {w}x{h}"
    );
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

/// A selection too large to draw is refused before the layout, with advice that works:
/// drawing the top entities alone (issue 19, part 1).
#[test]
fn a_selection_too_large_is_refused_and_entities_only_draws_it() {
    if !super::util::require_tool("dot", &["-V"]) {
        return;
    }
    let dir = super::util::build_sample(&["--format", "json"]);
    let g = dir.path().join("graph.json");
    let out = dir.path().join("big.svg");
    super::util::paperkg()
        .arg("render")
        .arg(&g)
        .arg("-o")
        .arg(&out)
        .args(["--max-nodes", "500"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("more than --max-nodes 500"))
        .stderr(predicates::str::contains("--entities-only --top"));
    assert!(!out.exists());
    super::util::paperkg()
        .arg("render")
        .arg(&g)
        .arg("-o")
        .arg(&out)
        .args(["--max-nodes", "500", "--entities-only", "--top", "60"])
        .assert()
        .success()
        .stderr(predicates::str::contains("drew 0 papers, 60 entities"));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.contains("<svg") && !svg.contains("paper:"),
        "entities only"
    );
}
