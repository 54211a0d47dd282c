//! A deterministic force-directed layout for drawing a graph in the browser (the HTML
//! explorer) without a layout engine there.
//!
//! The model is ForceAtlas2's (Jacomy et al., 2014), simplified: every pair of nodes repels
//! with a force proportional to `(deg(a) + 1)(deg(b) + 1) / distance`, so hubs push their
//! surroundings away and leaves cluster around the hubs they hang from; every edge attracts
//! its ends linearly with distance, scaled by its weight; a gravity term pulls each node
//! towards the centre in proportion to `deg + 1` and to its distance (ForceAtlas2's "strong
//! gravity"), so that disconnected parts stay in view.
//! Repulsion is approximated with a Barnes–Hut quadtree (θ = 1.2), which makes an iteration
//! O(n log n). Instead of ForceAtlas2's adaptive speed, each step moves a node at most a
//! "temperature" that cools linearly from a tenth of the layout's width to nothing, which
//! always settles.
//!
//! Everything is computed on one thread in a fixed order from starting positions derived
//! from the node ids (a hash), so the same graph gives the same positions, bit for bit, on
//! every run and with any thread count.

/// A layout problem: `n` nodes and weighted edges between them (by node number).
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// A stable key per node (its id): the starting positions derive from it.
    pub keys: Vec<String>,
    /// Edges as `(a, b, weight)`.
    pub edges: Vec<(u32, u32, f32)>,
}

/// Layout settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Iterations (more settle better; 300 is plenty below 10,000 nodes).
    pub iterations: usize,
    /// Repulsion strength.
    pub repulsion: f64,
    /// Gravity strength.
    pub gravity: f64,
    /// Barnes–Hut opening angle: larger is faster and coarser.
    pub theta: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            iterations: 300,
            repulsion: 2.0,
            gravity: 10.0,
            theta: 1.2,
        }
    }
}

/// Positions `(x, y)` for each node, centred on the origin, scaled so the farthest node sits
/// at distance 1,000.
pub fn layout(input: &Input, settings: &Settings) -> Vec<(f32, f32)> {
    let n = input.keys.len();
    if n == 0 {
        return Vec::new();
    }
    let mut degree = vec![0f64; n];
    for &(a, b, _) in &input.edges {
        degree[a as usize] += 1.0;
        degree[b as usize] += 1.0;
    }
    let mass: Vec<f64> = degree.iter().map(|d| d + 1.0).collect();
    // Start on a disc of radius ~ sqrt(n) * 10, each node at a place fixed by its key.
    let radius = (n as f64).sqrt() * 10.0;
    let mut pos: Vec<(f64, f64)> = input
        .keys
        .iter()
        .map(|k| {
            // FNV-1a: fixed by its definition, unlike the per-process seeded table hash.
            let h = crate::paper::fnv1a64(k.as_bytes());
            let angle = (h & 0xFFFF_FFFF) as f64 / 4_294_967_296.0 * std::f64::consts::TAU;
            let r = radius * (((h >> 32) as f64) / 4_294_967_296.0).sqrt();
            (r * angle.cos(), r * angle.sin())
        })
        .collect();
    let mut force = vec![(0f64, 0f64); n];
    let start_temp = radius * 0.5;
    let mut tree = QuadTree::default();
    for it in 0..settings.iterations {
        // Repulsion, Barnes–Hut.
        tree.build(&pos, &mass);
        for (i, f) in force.iter_mut().enumerate() {
            *f = tree.repulsion(i, &pos, &mass, settings.theta, settings.repulsion);
        }
        // Attraction along edges.
        for &(a, b, w) in &input.edges {
            let (a, b) = (a as usize, b as usize);
            let dx = pos[b].0 - pos[a].0;
            let dy = pos[b].1 - pos[a].1;
            let w = f64::from(w);
            force[a].0 += dx * w;
            force[a].1 += dy * w;
            force[b].0 -= dx * w;
            force[b].1 -= dy * w;
        }
        // Gravity towards the centre, growing with distance ("strong gravity"), so that
        // small components and lone nodes stay near the rest instead of drifting off.
        for ((f, &(x, y)), m) in force.iter_mut().zip(&pos).zip(&mass) {
            let g = settings.gravity * m / radius;
            f.0 -= g * x;
            f.1 -= g * y;
        }
        // Move, each node at most the temperature (divided by its mass: hubs move slower).
        let temp = start_temp * (1.0 - it as f64 / settings.iterations as f64) + 0.01;
        for ((p, &(fx, fy)), m) in pos.iter_mut().zip(&force).zip(&mass) {
            let f = (fx * fx + fy * fy).sqrt();
            if f > 0.0 {
                let step = (f / m).min(temp);
                p.0 += fx / f * step;
                p.1 += fy / f * step;
            }
        }
    }
    // Centre and scale.
    let (cx, cy) = pos
        .iter()
        .fold((0.0, 0.0), |(sx, sy), p| (sx + p.0, sy + p.1));
    let (cx, cy) = (cx / n as f64, cy / n as f64);
    let far = pos
        .iter()
        .map(|p| ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt())
        .fold(0.0, f64::max)
        .max(1e-9);
    pos.iter()
        .map(|p| {
            (
                ((p.0 - cx) / far * 1000.0) as f32,
                ((p.1 - cy) / far * 1000.0) as f32,
            )
        })
        .collect()
}

/// A Barnes–Hut quadtree over the current positions, rebuilt each iteration (its storage
/// kept).
#[derive(Default)]
struct QuadTree {
    cells: Vec<Cell>,
}

#[derive(Clone, Copy)]
struct Cell {
    /// Centre and half-width of the square.
    cx: f64,
    cy: f64,
    half: f64,
    /// Total mass and its centre.
    mass: f64,
    mx: f64,
    my: f64,
    /// First of four children (0 for a leaf), or the node it holds (`u32::MAX` if empty).
    child: u32,
    node: u32,
}

const MAX_DEPTH: usize = 40;

impl QuadTree {
    fn build(&mut self, pos: &[(f64, f64)], mass: &[f64]) {
        self.cells.clear();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in pos {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let half = ((x1 - x0).max(y1 - y0) / 2.0).max(1e-6) * 1.0001;
        self.cells
            .push(Cell::empty((x0 + x1) / 2.0, (y0 + y1) / 2.0, half));
        for i in 0..pos.len() {
            self.insert(0, i as u32, pos, mass, 0);
        }
    }

    fn insert(&mut self, cell: usize, i: u32, pos: &[(f64, f64)], mass: &[f64], depth: usize) {
        let (x, y) = pos[i as usize];
        let m = mass[i as usize];
        let c = self.cells[cell];
        // Update the cell's mass and centre of mass.
        let total = c.mass + m;
        self.cells[cell].mx = (c.mx * c.mass + x * m) / total;
        self.cells[cell].my = (c.my * c.mass + y * m) / total;
        self.cells[cell].mass = total;
        if c.child != 0 {
            let q = quadrant(&c, x, y);
            self.insert(c.child as usize + q, i, pos, mass, depth + 1);
            return;
        }
        if c.node == u32::MAX || depth >= MAX_DEPTH {
            // An empty leaf takes the node; at the depth limit (points on top of one another)
            // the leaf just accumulates mass.
            if c.node == u32::MAX {
                self.cells[cell].node = i;
            }
            return;
        }
        // Split: the leaf's node and the new one go down.
        let first = self.cells.len() as u32;
        let h = c.half / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            self.cells.push(Cell::empty(c.cx + dx, c.cy + dy, h));
        }
        self.cells[cell].child = first;
        let old = c.node;
        self.cells[cell].node = u32::MAX;
        let (ox, oy) = pos[old as usize];
        let q = quadrant(&self.cells[cell], ox, oy);
        self.insert(first as usize + q, old, pos, mass, depth + 1);
        let q = quadrant(&self.cells[cell], x, y);
        self.insert(first as usize + q, i, pos, mass, depth + 1);
    }

    fn repulsion(
        &self,
        i: usize,
        pos: &[(f64, f64)],
        mass: &[f64],
        theta: f64,
        k: f64,
    ) -> (f64, f64) {
        let (x, y) = pos[i];
        let mi = mass[i];
        let mut f = (0.0, 0.0);
        let mut stack = vec![0usize];
        while let Some(c) = stack.pop() {
            let cell = &self.cells[c];
            if cell.mass == 0.0 || cell.node == i as u32 && cell.child == 0 {
                continue;
            }
            let dx = x - cell.mx;
            let dy = y - cell.my;
            let d2 = dx * dx + dy * dy;
            let d = d2.sqrt();
            if cell.child == 0 || (cell.half * 2.0) < theta * d {
                let mut m = cell.mass;
                // A leaf holding this node among others at the depth limit: leave it out.
                if cell.child == 0 && cell.node == i as u32 {
                    m -= mi;
                }
                if m <= 0.0 {
                    continue;
                }
                let d2 = d2.max(1e-2);
                // F = k * mi * m / d, along the unit vector (dx, dy) / d.
                let s = k * mi * m / d2;
                f.0 += dx * s;
                f.1 += dy * s;
            } else {
                let first = cell.child as usize;
                stack.extend(first..first + 4);
            }
        }
        f
    }
}

impl Cell {
    fn empty(cx: f64, cy: f64, half: f64) -> Cell {
        Cell {
            cx,
            cy,
            half,
            mass: 0.0,
            mx: 0.0,
            my: 0.0,
            child: 0,
            node: u32::MAX,
        }
    }
}

fn quadrant(c: &Cell, x: f64, y: f64) -> usize {
    usize::from(x >= c.cx) + 2 * usize::from(y >= c.cy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(n: usize) -> Input {
        Input {
            keys: (0..n).map(|i| format!("n{i}")).collect(),
            edges: (0..n as u32)
                .map(|i| (i, (i + 1) % n as u32, 1.0))
                .collect(),
        }
    }

    #[test]
    fn same_input_same_positions() {
        let a = layout(&ring(200), &Settings::default());
        let b = layout(&ring(200), &Settings::default());
        assert_eq!(a, b);
        assert!(a.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }

    #[test]
    fn linked_nodes_end_closer_than_unlinked_ones() {
        // Two stars of 30 leaves each, not linked to each other.
        let mut input = Input::default();
        for s in 0..2 {
            input.keys.push(format!("hub{s}"));
            let hub = (input.keys.len() - 1) as u32;
            for l in 0..30 {
                input.keys.push(format!("leaf{s}-{l}"));
                input.edges.push((hub, (input.keys.len() - 1) as u32, 1.0));
            }
        }
        let p = layout(&input, &Settings::default());
        let dist =
            |a: usize, b: usize| ((p[a].0 - p[b].0).powi(2) + (p[a].1 - p[b].1).powi(2)).sqrt();
        // Each leaf is nearer its own hub than the other hub.
        for l in 1..31 {
            assert!(dist(l, 0) < dist(l, 31), "leaf {l}");
            assert!(dist(31 + l, 31) < dist(31 + l, 0), "leaf {}", 31 + l);
        }
        // Nodes are spread out: no two on top of each other.
        for a in 0..p.len() {
            for b in a + 1..p.len() {
                assert!(dist(a, b) > 1.0, "{a} {b}");
            }
        }
    }

    #[test]
    fn empty_and_single() {
        assert!(layout(&Input::default(), &Settings::default()).is_empty());
        let one = Input {
            keys: vec!["a".into()],
            edges: vec![],
        };
        let p = layout(&one, &Settings::default());
        assert_eq!(p.len(), 1);
        assert!(p[0].0.is_finite());
    }
}
