// paperkg explorer: draws the graph embedded in this page and lets you search and select.
// Every string from the data is inserted with textContent (never as HTML).
'use strict';
(function () {
  const D = JSON.parse(document.getElementById('paperkg-data').textContent);
  const P = D.papers.length;
  const E = D.entities.length;
  const KINDS = D.kinds;
  const COLORS = D.colors;
  const INTRODUCES = D.rels.indexOf('introduces');
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas');
  const ctx = canvas.getContext('2d');

  // ---- Indexes ------------------------------------------------------------------------
  // entityLinks[e]: [paper, relation, evidence, …]; the papers' lists are D.links.
  const entityLinks = Array.from({ length: E }, () => []);
  D.links.forEach((l, p) => {
    for (let i = 0; i < l.length; i += 3) entityLinks[l[i]].push(p, l[i + 1], l[i + 2]);
  });
  // Drawn nodes: ref (paper p, or P + entity e), position, kind, radius.
  let ref = [], X = [], Y = [], kindOf = [], radius = [];
  const nodeOfRef = new Map();
  function addNode(r, x, y) {
    const k = ref.length;
    ref.push(r); X.push(x); Y.push(y);
    const isPaper = r < P;
    kindOf.push(isPaper ? 0 : D.entities[r - P][2]);
    radius.push(isPaper ? 3 + Math.min(3, D.links[r].length / 9) : 3 + 2 * Math.sqrt(D.entities[r - P][3]));
    nodeOfRef.set(r, k);
    return k;
  }
  D.nodes.forEach(([r, x, y]) => addNode(r, x, y));
  let edges = D.edges.slice();
  const baseNodes = ref.length, baseEdges = edges.length;
  let adj = [];
  function buildAdj() {
    adj = Array.from({ length: ref.length }, () => []);
    for (let i = 0; i < edges.length; i += 2) { adj[edges[i]].push(edges[i + 1]); adj[edges[i + 1]].push(edges[i]); }
  }
  buildAdj();
  const paperYear = (p) => D.papers[p][2];
  const entityName = (e) => D.entities[e][1];
  const label = (k) => { const r = ref[k]; return r < P ? short(D.papers[r][1] || D.papers[r][0]) : entityName(r - P); };
  const short = (t) => (t.length > 42 ? t.slice(0, 40) + '…' : t);

  // ---- Filters ------------------------------------------------------------------------
  const shownKind = KINDS.map(() => true);
  let minPapers = 1, yearFrom = null, yearTo = null;
  let visible = new Uint8Array(ref.length);
  function refilter() {
    visible = new Uint8Array(ref.length);
    for (let k = 0; k < ref.length; k++) {
      const r = ref[k];
      if (!shownKind[kindOf[k]]) continue;
      if (r < P) {
        const y = paperYear(r);
        if (y != null && ((yearFrom != null && y < yearFrom) || (yearTo != null && y > yearTo))) continue;
      } else if (D.entities[r - P][3] < minPapers) continue;
      visible[k] = 1;
    }
    labelCache = null;
    redraw();
  }
  const kindsBox = $('kinds');
  KINDS.forEach((kind, i) => {
    const lab = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox'; box.checked = true; box.dataset.kind = kind;
    box.addEventListener('change', () => { shownKind[i] = box.checked; refilter(); });
    const dot = document.createElement('span');
    dot.className = 'dot'; dot.style.background = COLORS[i];
    lab.append(box, dot, document.createTextNode(kind));
    kindsBox.append(lab);
  });
  const numberOf = (el) => (el.value === '' ? null : Number(el.value));
  $('min-papers').addEventListener('input', (e) => { minPapers = Math.max(1, numberOf(e.target) || 1); refilter(); });
  $('year-from').addEventListener('input', (e) => { yearFrom = numberOf(e.target); refilter(); });
  $('year-to').addEventListener('input', (e) => { yearTo = numberOf(e.target); refilter(); });

  // ---- View ---------------------------------------------------------------------------
  let W = 0, H = 0, dpr = 1;
  const view = { k: 1, x: 0, y: 0 }; // screen = world * k + (x, y)
  function resize() {
    const rect = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    W = rect.width; H = rect.height;
    canvas.width = Math.max(1, Math.round(W * dpr));
    canvas.height = Math.max(1, Math.round(H * dpr));
    redraw();
  }
  function fit() {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0; k < ref.length; k++) {
      x0 = Math.min(x0, X[k]); y0 = Math.min(y0, Y[k]); x1 = Math.max(x1, X[k]); y1 = Math.max(y1, Y[k]);
    }
    if (!isFinite(x0)) { x0 = y0 = -1; x1 = y1 = 1; }
    view.k = Math.min(W / (x1 - x0 + 60), H / (y1 - y0 + 60)) || 1;
    view.x = W / 2 - ((x0 + x1) / 2) * view.k;
    view.y = H / 2 - ((y0 + y1) / 2) * view.k;
    redraw();
  }
  // Frames a selection: the node and its neighbours fill most of the view (zooming in at
  // most to 6×, so a lone node is not blown up).
  function frame(nodes) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const k of nodes) {
      x0 = Math.min(x0, X[k]); y0 = Math.min(y0, Y[k]); x1 = Math.max(x1, X[k]); y1 = Math.max(y1, Y[k]);
    }
    view.k = Math.min(6, W / (x1 - x0 + 120), H / (y1 - y0 + 120)) || view.k;
    view.x = W / 2 - ((x0 + x1) / 2) * view.k;
    view.y = H / 2 - ((y0 + y1) / 2) * view.k;
    redraw();
  }
  // Node size grows slowly with zoom so that a zoomed-out hairball stays readable.
  const size = (k) => radius[k] * Math.min(2.5, Math.max(0.6, Math.sqrt(view.k)));

  // ---- Drawing ------------------------------------------------------------------------
  let pending = false, hovered = -1, labelCache = null;
  let selected = -1, second = -1; // node numbers; second: the other entity of a "shared by" view
  let focus = new Set();          // nodes highlighted with the selection
  function redraw() {
    if (!pending) { pending = true; requestAnimationFrame(draw); }
  }
  function draw() {
    pending = false;
    const t0 = performance.now();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const { k: s, x: ox, y: oy } = view;
    const dim = focus.size > 0;
    // Edges, one path for all, then the selection's on top.
    ctx.lineWidth = 1;
    ctx.strokeStyle = dim ? 'rgba(120,130,140,0.08)' : 'rgba(120,130,140,0.25)';
    ctx.beginPath();
    for (let i = 0; i < edges.length; i += 2) {
      const a = edges[i], b = edges[i + 1];
      if (!visible[a] || !visible[b]) continue;
      ctx.moveTo(X[a] * s + ox, Y[a] * s + oy);
      ctx.lineTo(X[b] * s + ox, Y[b] * s + oy);
    }
    ctx.stroke();
    if (dim) {
      ctx.strokeStyle = 'rgba(9,105,218,0.55)';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (let i = 0; i < edges.length; i += 2) {
        const a = edges[i], b = edges[i + 1];
        if (!visible[a] || !visible[b] || !(focus.has(a) && focus.has(b))) continue;
        if (a !== selected && b !== selected && a !== second && b !== second) continue;
        ctx.moveTo(X[a] * s + ox, Y[a] * s + oy);
        ctx.lineTo(X[b] * s + ox, Y[b] * s + oy);
      }
      ctx.stroke();
    }
    // Nodes, one path per kind.
    for (let kind = 0; kind < KINDS.length; kind++) {
      if (!shownKind[kind]) continue;
      for (const lit of dim ? [false, true] : [true]) {
        ctx.beginPath();
        for (let k = 0; k < ref.length; k++) {
          if (kindOf[k] !== kind || !visible[k] || (dim && focus.has(k) !== lit)) continue;
          const x = X[k] * s + ox, y = Y[k] * s + oy, r = size(k);
          if (x < -r || y < -r || x > W + r || y > H + r) continue;
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 2 * Math.PI);
        }
        ctx.globalAlpha = lit ? 1 : 0.25;
        ctx.fillStyle = COLORS[kind];
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.strokeStyle = 'rgba(0,0,0,0.35)';
        ctx.lineWidth = 0.5;
        ctx.stroke();
      }
    }
    for (const k of [selected, second, hovered]) {
      if (k < 0 || !visible[k]) continue;
      ctx.beginPath();
      ctx.arc(X[k] * s + ox, Y[k] * s + oy, size(k) + 3, 0, 2 * Math.PI);
      ctx.strokeStyle = '#0969da'; ctx.lineWidth = 2.5; ctx.stroke();
    }
    drawLabels();
    window.paperkg.lastFrameMs = performance.now() - t0;
  }
  // Labels: the selection, the hovered node and their neighbours first, then the largest
  // nodes, each only where it overlaps no label already placed.
  const byRadius = () => Array.from(ref.keys()).sort((a, b) => radius[b] - radius[a] || a - b);
  let order = byRadius();
  function drawLabels() {
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const placed = [];
    const overlaps = (x0, y0, x1, y1) => placed.some((b) => x0 < b[2] && x1 > b[0] && y0 < b[3] && y1 > b[1]);
    const want = [];
    for (const k of [selected, second, hovered]) if (k >= 0) want.push(k);
    if (selected >= 0 && adj[selected].length <= 40) want.push(...adj[selected]);
    if (hovered >= 0 && adj[hovered].length <= 20) want.push(...adj[hovered]);
    const { k: s, x: ox, y: oy } = view;
    let tried = 0;
    const place = (k, forced) => {
      if (!visible[k]) return;
      const x = X[k] * s + ox + size(k) + 3, y = Y[k] * s + oy;
      if (x > W || y < 0 || y > H || x < -200) return;
      const text = label(k);
      const w = ctx.measureText(text).width;
      const box = [x - 1, y - 8, x + w + 1, y + 8];
      if (!forced && overlaps(...box)) return;
      placed.push(box);
      ctx.lineWidth = 3; ctx.strokeStyle = 'rgba(255,255,255,0.85)';
      ctx.strokeText(text, x, y);
      ctx.fillStyle = '#1f2328';
      ctx.fillText(text, x, y);
    };
    want.forEach((k, i) => place(k, i < 3));
    for (const k of order) {
      if (placed.length >= 120 || tried++ > 3000) break;
      if (ref[k] < P && s < 1.5) continue; // paper titles only when zoomed in
      place(k, false);
    }
  }

  // ---- Hit testing and pointer --------------------------------------------------------
  function nodeAt(px, py) {
    let best = -1, bestD = Infinity;
    for (let k = 0; k < ref.length; k++) {
      if (!visible[k]) continue;
      const dx = X[k] * view.k + view.x - px, dy = Y[k] * view.k + view.y - py;
      const d = dx * dx + dy * dy, r = size(k) + 4;
      if (d <= r * r && d < bestD) { best = k; bestD = d; }
    }
    return best;
  }
  const pointers = new Map();
  let moved = 0, pinch = null;
  const local = (e) => { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, local(e));
    moved = 0;
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = { d: Math.hypot(a[0] - b[0], a[1] - b[1]), k: view.k };
    }
    canvas.classList.add('dragging');
  });
  canvas.addEventListener('pointermove', (e) => {
    const p = local(e);
    if (!pointers.has(e.pointerId)) {
      const k = nodeAt(p[0], p[1]);
      if (k !== hovered) { hovered = k; canvas.title = k >= 0 ? fullLabel(k) : ''; redraw(); }
      return;
    }
    const last = pointers.get(e.pointerId);
    pointers.set(e.pointerId, p);
    if (pointers.size === 2 && pinch) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      zoomAt((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (pinch.k * d) / pinch.d / view.k);
      return;
    }
    moved += Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]);
    view.x += p[0] - last[0];
    view.y += p[1] - last[1];
    redraw();
  });
  const release = (e) => {
    const p = pointers.get(e.pointerId);
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    canvas.classList.remove('dragging');
    if (p && e.type === 'pointerup' && moved < 5 && pointers.size === 0) {
      const k = nodeAt(p[0], p[1]);
      if (k < 0) clearSelection();
      else if (e.shiftKey && selected >= 0 && ref[selected] >= P && ref[k] >= P && k !== selected) selectShared(ref[selected] - P, ref[k] - P);
      else selectNode(k);
    }
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', () => { if (hovered >= 0) { hovered = -1; redraw(); } });
  function zoomAt(px, py, factor) {
    const k = Math.min(50, Math.max(0.02, view.k * factor));
    view.x = px - ((px - view.x) * k) / view.k;
    view.y = py - ((py - view.y) * k) / view.k;
    view.k = k;
    redraw();
  }
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const [px, py] = local(e);
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    zoomAt(px, py, Math.exp(-e.deltaY * unit * (e.ctrlKey ? 0.01 : 0.0015)));
  }, { passive: false });
  const fullLabel = (k) => { const r = ref[k]; return r < P ? D.papers[r][1] || D.papers[r][0] : entityName(r - P); };

  // ---- Search -------------------------------------------------------------------------
  const search = $('search'), results = $('results');
  const entityNames = D.entities.map((e) => [e[1], ...e[4]].map((n) => n.toLowerCase()));
  const paperTitles = D.papers.map((p) => (p[1] || '').toLowerCase());
  let matches = [], active = 0;
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    const out = [];
    for (let e = 0; e < E; e++) {
      let score = 0;
      for (const n of entityNames[e]) {
        if (n === q) score = Math.max(score, 1000);
        else if (n.startsWith(q)) score = Math.max(score, 500);
        else if (n.includes(q)) score = Math.max(score, 100);
      }
      if (score) out.push([score + Math.min(400, D.entities[e][3]), P + e]);
    }
    for (let p = 0; p < P; p++) {
      const t = paperTitles[p];
      if (t === q) out.push([1300, p]);
      else if (t.startsWith(q)) out.push([400, p]);
      else if (t.includes(q)) out.push([50, p]);
      else if (D.papers[p][0].toLowerCase() === q) out.push([1300, p]);
    }
    out.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return out.slice(0, 12).map((x) => x[1]);
  }
  function showResults() {
    results.replaceChildren();
    matches.forEach((r, i) => {
      const li = document.createElement('li');
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === active));
      const name = document.createElement('span');
      name.className = 'name';
      const what = document.createElement('span');
      what.className = 'what';
      if (r < P) { name.textContent = D.papers[r][1] || D.papers[r][0]; what.textContent = 'paper' + (paperYear(r) ? ' · ' + paperYear(r) : ''); }
      else { const e = D.entities[r - P]; name.textContent = e[1]; what.textContent = KINDS[e[2]] + ' · ' + e[3] + ' papers'; }
      li.append(name, what);
      li.addEventListener('mousedown', (ev) => { ev.preventDefault(); choose(i, ev.shiftKey); });
      results.append(li);
    });
    search.setAttribute('aria-expanded', String(matches.length > 0));
  }
  function choose(i, shift) {
    const r = matches[i];
    if (r === undefined) return;
    matches = []; showResults();
    search.value = r < P ? D.papers[r][1] : entityName(r - P);
    if (shift && r >= P && selected >= 0 && ref[selected] >= P) selectShared(ref[selected] - P, r - P);
    else selectRef(r);
  }
  search.addEventListener('input', () => { matches = find(search.value); active = 0; showResults(); });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { active = Math.min(matches.length - 1, active + 1); showResults(); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { active = Math.max(0, active - 1); showResults(); e.preventDefault(); }
    else if (e.key === 'Enter') { if (!matches.length) matches = find(search.value); choose(active, e.shiftKey); e.preventDefault(); }
    else if (e.key === 'Escape') { matches = []; showResults(); }
  });
  search.addEventListener('blur', () => { matches = []; showResults(); });

  // ---- Selection and the panel --------------------------------------------------------
  const panel = $('panel');
  const el = (tag, text, cls) => { const x = document.createElement(tag); if (text != null) x.textContent = text; if (cls) x.className = cls; return x; };
  function linkButton(text, onClick) {
    const b = el('button', text, 'link');
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }
  const paperButton = (p) => linkButton(D.papers[p][1] || D.papers[p][0], () => selectRef(p));
  const entityButton = (e) => linkButton(entityName(e), () => selectRef(P + e));
  // In an overview, a selected paper (or entity) not drawn is added for as long as it is
  // selected, placed among its drawn neighbours.
  function ensureDrawn(r) {
    if (nodeOfRef.has(r)) return nodeOfRef.get(r);
    const near = [];
    const others = r < P ? linksOf(r).map((x) => P + x[0]) : entityLinks[r - P].filter((_, i) => i % 3 === 0);
    for (const o of others) if (nodeOfRef.has(o)) near.push(nodeOfRef.get(o));
    let x = 0, y = 0;
    near.forEach((k) => { x += X[k]; y += Y[k]; });
    if (near.length) { x /= near.length; y /= near.length; }
    const jitter = ((r * 2654435761) % 1000) / 1000;
    const k = addNode(r, x + 15 * Math.cos(jitter * 6.283), y + 15 * Math.sin(jitter * 6.283));
    near.forEach((n) => edges.push(k, n));
    buildAdj();
    visible = Uint8Array.from([...visible, 1]);
    order = byRadius();
    return k;
  }
  function resetExtra() {
    if (ref.length === baseNodes) return;
    for (const r of ref.slice(baseNodes)) nodeOfRef.delete(r);
    ref.length = X.length = Y.length = kindOf.length = radius.length = baseNodes;
    edges.length = baseEdges;
    buildAdj();
    visible = visible.slice(0, baseNodes);
    order = byRadius();
  }
  const linksOf = (p) => { const l = D.links[p], out = []; for (let i = 0; i < l.length; i += 3) out.push([l[i], l[i + 1], l[i + 2]]); return out; };
  function selectRef(r, keepHash) {
    resetExtra();
    second = -1;
    const k = ensureDrawn(r);
    select(k, keepHash);
  }
  function selectNode(k) { selectRef(ref[k]); }
  function select(k, keepHash) {
    selected = k;
    focus = new Set([k, ...adj[k]]);
    if (!visible[k]) { visible[k] = 1; }
    const r = ref[k];
    if (r < P) showPaper(r); else showEntity(r - P);
    if (!keepHash) setHash(r < P ? 'p=' + encodeURIComponent(D.papers[r][0]) : 'e=' + encodeURIComponent(D.entities[r - P][0]));
    frame(focus);
  }
  function clearSelection() {
    resetExtra();
    selected = second = -1;
    focus = new Set();
    showOverview();
    setHash('');
    redraw();
  }
  function showEntity(e) {
    const [id, name, kind, papers, aliases] = D.entities[e];
    const links = entityLinks[e];
    const intro = [], used = [];
    for (let i = 0; i < links.length; i += 3) (links[i + 1] === INTRODUCES ? intro : used).push([links[i], links[i + 1], links[i + 2]]);
    const parts = [el('h2', name), el('div', KINDS[kind] + ' · ' + papers + ' papers · ' + id, 'meta')];
    if (aliases.length) parts.push(el('div', 'Also: ' + aliases.join(', '), 'meta'));
    for (const [title, list] of [['Introduced by', intro], ['Used by', used]]) {
      if (!list.length) continue;
      parts.push(el('h3', title + ' (' + list.length + ')'));
      const ul = el('ul');
      ul.dataset.list = title === 'Used by' ? 'used' : 'introduced';
      for (const [p, rel, ev] of list) {
        const li = el('li');
        li.append(paperButton(p), el('span', ' · ' + D.rels[rel].replace('_', ' '), 'meta'));
        if (ev >= 0) li.append(el('span', D.evidence[ev], 'evidence'));
        ul.append(li);
      }
      parts.push(ul);
    }
    neighboursSection(parts, P + e);
    parts.push(el('p', 'Shift-click another entity (or Shift+Enter on it in the search) to list the papers that use both.', 'hint'));
    panel.replaceChildren(...parts);
    panel.dataset.showing = 'entity';
  }
  function showPaper(p) {
    const [id, title, year] = D.papers[p];
    const parts = [el('h2', title || id), el('div', 'paper · ' + id + (year ? ' · ' + year : ''), 'meta')];
    const links = linksOf(p);
    if (links.length) {
      parts.push(el('h3', 'Entities (' + links.length + ')'));
      const ul = el('ul');
      ul.dataset.list = 'entities';
      links.sort((a, b) => D.entities[a[0]][2] - D.entities[b[0]][2] || entityName(a[0]).localeCompare(entityName(b[0])));
      for (const [e, rel, ev] of links) {
        const li = el('li');
        const dot = el('span', null, 'dot'); dot.style.background = COLORS[D.entities[e][2]];
        li.append(dot, document.createTextNode(' '), entityButton(e), el('span', ' · ' + KINDS[D.entities[e][2]] + ', ' + D.rels[rel].replace('_', ' '), 'meta'));
        if (ev >= 0) li.append(el('span', D.evidence[ev], 'evidence'));
        ul.append(li);
      }
      parts.push(ul);
      // Related papers: those sharing entities, rarer entities weighing more.
      const score = new Map(), shared = new Map();
      for (const [e] of links) {
        const others = entityLinks[e];
        const w = 1 / Math.log(2 + others.length / 3);
        for (let i = 0; i < others.length; i += 3) {
          const q = others[i];
          if (q === p) continue;
          score.set(q, (score.get(q) || 0) + w);
          shared.set(q, (shared.get(q) || 0) + 1);
        }
      }
      const related = [...score.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10);
      if (related.length) {
        parts.push(el('h3', 'Most related papers'));
        const rl = el('ul');
        rl.dataset.list = 'related';
        for (const [q] of related) {
          const li = el('li');
          li.append(paperButton(q), el('span', ' · ' + shared.get(q) + ' shared', 'meta'));
          rl.append(li);
        }
        parts.push(rl);
      }
    }
    neighboursSection(parts, p);
    panel.replaceChildren(...parts);
    panel.dataset.showing = 'paper';
  }
  // For a projection (no paper → entity links), the drawn neighbours.
  function neighboursSection(parts, r) {
    if (D.links.some((l) => l.length)) return;
    const k = nodeOfRef.get(r);
    if (k === undefined || !adj[k].length) return;
    parts.push(el('h3', 'Linked to (' + adj[k].length + ')'));
    const ul = el('ul');
    for (const n of adj[k]) {
      const li = el('li');
      li.append(ref[n] < P ? paperButton(ref[n]) : entityButton(ref[n] - P));
      ul.append(li);
    }
    parts.push(ul);
  }
  function selectShared(a, b, keepHash) {
    resetExtra();
    const ka = ensureDrawn(P + a), kb = ensureDrawn(P + b);
    selected = ka; second = kb;
    const pa = new Set(entityLinks[a].filter((_, i) => i % 3 === 0));
    const both = [...new Set(entityLinks[b].filter((_, i) => i % 3 === 0))].filter((p) => pa.has(p)).sort((x, y) => x - y);
    focus = new Set([ka, kb]);
    for (const p of both) if (nodeOfRef.has(p)) focus.add(nodeOfRef.get(p));
    const parts = [el('h2', 'Papers using both'), el('div', entityName(a) + ' and ' + entityName(b), 'meta'), el('h3', both.length + ' papers')];
    const ul = el('ul');
    ul.dataset.list = 'both';
    for (const p of both) { const li = el('li'); li.append(paperButton(p)); ul.append(li); }
    parts.push(ul);
    panel.replaceChildren(...parts);
    panel.dataset.showing = 'shared';
    if (!keepHash) setHash('e=' + encodeURIComponent(D.entities[a][0]) + '&and=' + encodeURIComponent(D.entities[b][0]));
    frame(focus);
  }
  function showOverview() {
    const parts = [el('h2', D.mode === 'full' ? 'The whole graph' : 'Overview')];
    parts.push(el('p', P + ' papers and ' + E + ' entities. ' + (D.mode === 'full'
      ? 'Every paper and entity is drawn.'
      : 'Drawn: the ' + (baseNodes) + ' entities most papers use, linked when papers use both; a selected paper is drawn with its entities.'), 'hint'));
    parts.push(el('p', 'Search above, or click a node. Drag to pan; scroll, pinch or use a trackpad to zoom.', 'hint'));
    const top = [...Array(E).keys()].sort((a, b) => D.entities[b][3] - D.entities[a][3] || a - b).slice(0, 15);
    if (top.length) {
      parts.push(el('h3', 'Most used entities'));
      const ul = el('ul');
      for (const e of top) { const li = el('li'); li.append(entityButton(e), el('span', ' · ' + KINDS[D.entities[e][2]] + ', ' + D.entities[e][3] + ' papers', 'meta')); ul.append(li); }
      parts.push(ul);
    }
    panel.replaceChildren(...parts);
    panel.dataset.showing = 'overview';
  }

  // ---- The URL fragment keeps the selection ------------------------------------------
  let ownHash = null;
  function setHash(h) {
    ownHash = h;
    if (location.hash.slice(1) !== h) location.hash = h;
  }
  const entityById = new Map(D.entities.map((e, i) => [e[0], i]));
  const paperById = new Map(D.papers.map((p, i) => [p[0], i]));
  function readHash() {
    const h = location.hash.slice(1);
    if (h === ownHash) return;
    ownHash = h;
    const q = new URLSearchParams(h);
    const e = entityById.get(q.get('e')), and = entityById.get(q.get('and')), p = paperById.get(q.get('p'));
    if (e !== undefined && and !== undefined) selectShared(e, and, true);
    else if (e !== undefined) selectRef(P + e, true);
    else if (p !== undefined) selectRef(p, true);
    else clearSelection();
  }
  window.addEventListener('hashchange', readHash);

  // ---- Start --------------------------------------------------------------------------
  window.paperkg = {
    visibleCount: () => visible.reduce((a, b) => a + b, 0),
    drawnCount: () => ref.length,
    selectedId: () => (selected < 0 ? null : ref[selected] < P ? D.papers[ref[selected]][0] : D.entities[ref[selected] - P][0]),
    pan: (dx, dy) => { view.x += dx; view.y += dy; draw(); return window.paperkg.lastFrameMs; },
    lastFrameMs: 0,
  };
  $('status').textContent = P + ' papers · ' + E + ' entities · ' + (D.mode === 'full' ? 'whole graph' : 'overview of ' + baseNodes + ' entities');
  window.addEventListener('resize', () => { resize(); });
  refilter();
  resize();
  fit();
  showOverview();
  if (location.hash.length > 1) readHash();
  document.body.dataset.ready = '1';
})();
