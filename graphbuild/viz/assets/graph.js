// graphbuild graph view: draws the JSON in #graph-data as SVG. No dependencies, no network.
// Text from articles is only ever set with textContent, never parsed as HTML; links are only
// http(s) addresses checked when the page was written.
//
// Sizes are in screen pixels: zooming spreads the entities apart but never scales shapes or
// text. Labels are placed by priority (focus, search matches, then degree) where they overlap no
// other label or shape; the others are hidden until zooming in makes room.
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("graph");
  var tip = document.getElementById("tip");
  var legendBox = document.getElementById("legend");
  var search = document.getElementById("search");
  var summary = document.getElementById("summary");

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function h(tag, text, parent, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function link(href, text, parent) {
    var a = h("a", text, parent);
    if (/^https?:\/\//i.test(href)) { a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer"; }
    return a;
  }

  // one shape per entity class, drawn around (0, 0) with radius r
  function shapePath(shape, r) {
    function poly(n, start, scale) {
      var pts = [];
      for (var i = 0; i < n; i++) {
        var a = start + i * 2 * Math.PI / n;
        pts.push((r * scale * Math.cos(a)).toFixed(2) + "," + (r * scale * Math.sin(a)).toFixed(2));
      }
      return "M" + pts.join(" L") + " Z";
    }
    switch (shape) {
      case "square": var s = r * 0.9; return "M" + -s + "," + -s + " H" + s + " V" + s + " H" + -s + " Z";
      case "diamond": return poly(4, -Math.PI / 2, 1.15);
      case "triangle": return poly(3, -Math.PI / 2, 1.25);
      case "triangle-down": return poly(3, Math.PI / 2, 1.25);
      case "pentagon": return poly(5, -Math.PI / 2, 1.08);
      case "hexagon": return poly(6, 0, 1.05);
      default: return "M" + -r + ",0 A" + r + "," + r + " 0 1,0 " + r + ",0 A" + r + "," + r + " 0 1,0 " + -r + ",0 Z";
    }
  }

  // ---- scene -------------------------------------------------------------------------------
  var defs = el("defs", {}, svg);
  [["arrow", "#8a8a8a"], ["arrow-neg", "#b23b3b"], ["arrow-hi", "#222222"]].forEach(function (m) {
    var mk = el("marker", { id: m[0], viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7",
      markerHeight: "7", orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: m[1] }, mk);
  });
  var viewport = el("g", { id: "viewport" }, svg);
  var edgeLayer = el("g", { "class": "edges" }, viewport);
  var nodeLayer = el("g", { "class": "nodes" }, viewport);
  var labelLayer = el("g", { "class": "edge-labels" }, viewport);

  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; n.edges = []; n.neighbours = {}; });
  data.edges.forEach(function (e, i) {
    e.index = i;
    e.s = byId[e.source]; e.t = byId[e.target];
    e.s.edges.push(e); e.t.edges.push(e);
    e.s.neighbours[e.t.id] = true; e.t.neighbours[e.s.id] = true;
  });

  if (!data.nodes.length) {
    var msg = el("text", { x: 40, y: 60, "class": "empty" }, viewport);
    msg.textContent = "No entities to draw.";
  }

  // the shapes shrink a little on crowded drawings (screen pixels, whatever the zoom)
  var sizeFactor = 1;
  function shownNodes() { return data.nodes.filter(function (n) { return n.shown; }); }
  function setSizeFactor() {
    var count = shownNodes().length;
    sizeFactor = Math.max(0.45, Math.min(1, Math.sqrt(150 / Math.max(count, 1))));
    data.nodes.forEach(function (n) {
      n.rs = n.r * sizeFactor;
      if (n.shapeEl) {
        n.shapeEl.setAttribute("d", shapePath(n.shape, n.rs));
        n.textEl.setAttribute("x", n.rs + 4);
        n.box = null;  // placement offsets depend on the radius
      }
    });
  }

  function buildEdge(e) {
    if (e.path) { return; }
    var cls = "edge" + (e.negated ? " negated" : "");
    e.path = el("path", { "class": cls, "stroke-width": Math.min(1.2 + 0.8 * (e.count - 1), 5),
      "marker-end": "url(#" + (e.negated ? "arrow-neg" : "arrow") + ")", "data-edge": e.index }, edgeLayer);
    e.hit = el("path", { "class": "edge-hit", "data-edge": e.index, "data-source": e.source,
      "data-target": e.target }, edgeLayer);
    e.text = el("text", { "class": "edge-label" + (e.negated ? " negated" : ""), "text-anchor": "middle",
      dy: "-3" }, labelLayer);
    e.text.textContent = e.label;
    e.hit.addEventListener("mouseenter", function (ev) { if (!pinned) { showEdge(e, ev); } highlightEdge(e, true); });
    e.hit.addEventListener("mousemove", function (ev) { if (!pinned) { place(ev); } });
    e.hit.addEventListener("mouseleave", function () { if (!pinned) { hideTip(); } highlightEdge(e, false); });
    e.hit.addEventListener("click", function (ev) { ev.stopPropagation(); showEdge(e, ev); pin(); });
  }
  function buildNode(n) {
    if (n.g) { return; }
    n.g = el("g", { "class": "node" + (n.focus ? " focus" : ""), "data-node": n.id,
      "data-type": n.type, "data-shape": n.shape }, nodeLayer);
    n.shapeEl = el("path", { "class": "shape", d: shapePath(n.shape, n.rs || n.r), fill: n.color }, n.g);
    var title = el("title", {}, n.shapeEl);
    title.textContent = n.name + " (" + n.type + ")";
    n.textEl = el("text", { "class": "label", x: (n.rs || n.r) + 4, y: 4 }, n.g);
    n.textEl.textContent = n.label;
    n.g.addEventListener("mouseenter", function (ev) { if (!pinned) { showNode(n, ev); } });
    n.g.addEventListener("mousemove", function (ev) { if (!pinned) { place(ev); } });
    n.g.addEventListener("mouseleave", function () { if (!pinned) { hideTip(); } });
    n.g.addEventListener("pointerdown", function (ev) { startDrag(n, ev); });
    n.g.addEventListener("dblclick", function (ev) { ev.stopPropagation(); expand(n); });
  }
  function edgeShown(e) { return e.s.shown && e.t.shown; }
  function build() {
    setSizeFactor();
    // drawn in the reverse order of label priority (the focus and the best connected last, on
    // top), so a label is never painted over by a shape it was allowed to cover
    data.nodes.slice().sort(function (a, b) {
      return (a.focus - b.focus) || a.degree - b.degree || (a.id < b.id ? 1 : -1);
    })
      .forEach(function (n) { if (n.shown) { buildNode(n); } });
    data.edges.forEach(function (e) { if (edgeShown(e)) { buildEdge(e); } });
    svg.classList.toggle("crowded", data.edges.filter(edgeShown).length > 400);  // lighter lines
  }

  // ---- geometry (screen pixels) ---------------------------------------------------------------
  var view = { k: 1, x: 0, y: 0 };
  function sx(n) { return n.x * view.k + view.x; }
  function sy(n) { return n.y * view.k + view.y; }
  function edgeGeometry(e) {
    var s = { x: sx(e.s), y: sy(e.s), r: e.s.rs }, t = { x: sx(e.t), y: sy(e.t), r: e.t.rs };
    if (e.s === e.t) {  // self loop above the node
      var r = s.r;
      return { d: "M" + (s.x - r * 0.6) + "," + (s.y - r * 0.8) + " C" + (s.x - 3 * r) + "," + (s.y - 4 * r) +
        " " + (s.x + 3 * r) + "," + (s.y - 4 * r) + " " + (s.x + r * 0.6) + "," + (s.y - r * 0.8),
        mx: s.x, my: s.y - 3.2 * r };
    }
    var dx = t.x - s.x, dy = t.y - s.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var nx = -dy / len, ny = dx / len;
    var bend = e.bend * Math.min(1, len / 160);  // short edges bend less
    var cx = (s.x + t.x) / 2 + nx * bend, cy = (s.y + t.y) / 2 + ny * bend;
    function trim(p, q, rr) {  // both ends trimmed to the shapes so arrowheads stay visible
      var ux = q.x - p.x, uy = q.y - p.y, l = Math.sqrt(ux * ux + uy * uy) || 1;
      return { x: p.x + ux / l * rr, y: p.y + uy / l * rr };
    }
    var c = { x: cx, y: cy };
    var a = trim(s, c, s.r + 1), b = trim(t, c, t.r + 2);
    return { d: "M" + a.x.toFixed(1) + "," + a.y.toFixed(1) + " Q" + cx.toFixed(1) + "," + cy.toFixed(1) +
      " " + b.x.toFixed(1) + "," + b.y.toFixed(1),
      mx: 0.25 * a.x + 0.5 * cx + 0.25 * b.x, my: 0.25 * a.y + 0.5 * cy + 0.25 * b.y };
  }
  function drawEdge(e, lineOnly) {
    if (!e.path) { return; }
    var g = edgeGeometry(e);
    e.path.setAttribute("d", g.d);
    e.d = g.d; e.mx = g.mx; e.my = g.my;
    if (!lineOnly) { drawEdgeExtras(e); }
  }
  function drawEdgeExtras(e) {  // what can wait until a zoom or pan pauses
    if (!e.path || e.d === undefined) { return; }
    e.hit.setAttribute("d", e.d);
    e.text.setAttribute("x", e.mx.toFixed(1));
    e.text.setAttribute("y", e.my.toFixed(1));
  }
  function drawNode(n) {
    if (n.g) { n.g.setAttribute("transform", "translate(" + sx(n).toFixed(1) + "," + sy(n).toFixed(1) + ")"); }
  }
  function drawAll() {
    clearTimeout(placing);
    data.nodes.forEach(drawNode);
    data.edges.forEach(function (e) { drawEdge(e); });
    placeLabels();
  }
  // While zooming or panning, shapes and lines move at most once per frame and labels move with
  // their entities; the labels are placed again once the motion pauses (placing them is the
  // costly part on big drawings).
  var frame = 0, placing = 0, placed = 0;
  function redraw() {
    if (frame) { return; }
    frame = requestAnimationFrame(function () {
      frame = 0;
      svg.classList.add("moving");  // edge labels and hover targets wait (see the styles)
      data.nodes.forEach(drawNode);
      data.edges.forEach(function (e) { drawEdge(e, true); });
      clearTimeout(placing);
      placing = setTimeout(function () { data.edges.forEach(drawEdgeExtras); placeLabels(); }, 90);
    });
  }

  // ---- labels: by priority, where they overlap nothing ------------------------------------------
  var CELL = 48;
  function Grid() { this.cells = {}; }
  Grid.prototype.keys = function (b, f) {
    for (var i = Math.floor(b.x0 / CELL); i <= Math.floor(b.x1 / CELL); i++) {
      for (var j = Math.floor(b.y0 / CELL); j <= Math.floor(b.y1 / CELL); j++) { f(i + ":" + j); }
    }
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.keys(b, function (k) { (cells[k] = cells[k] || []).push(b); });
  };
  Grid.prototype.hits = function (b) {
    var cells = this.cells, hit = false;
    this.keys(b, function (k) {
      if (hit || !cells[k]) { return; }
      for (var i = 0; i < cells[k].length; i++) {
        var o = cells[k][i];
        if (o.owner !== b.owner && b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) { hit = true; return; }
      }
    });
    return hit;
  };
  function measure(n) {  // the label's box relative to its anchor, measured once
    if (!n.box) {
      n.textEl.setAttribute("x", 0); n.textEl.setAttribute("y", 0);
      n.textEl.classList.remove("label-off");
      var b = n.textEl.getBBox();
      if (!b.width) { return { x: 0, y: 0, w: 0, h: 0, empty: true }; }  // not rendered: measure later
      n.box = { x: b.x, y: b.y, w: b.width, h: b.height };
    }
    return n.box;
  }
  function priority(n) {
    return (n.focus ? 1e9 : 0) + (n.g.classList.contains("match") ? 1e8 : 0) +
      (selected && (selected === n || selected.neighbours[n.id]) ? 1e7 : 0) + n.degree;
  }
  var PAD = 1.5;  // pixels kept free around every label
  function placeLabels() {
    placing = 0;
    svg.classList.remove("moving");  // first: a label hidden while moving would measure 0 x 0
    var w = svg.clientWidth || data.width, hh = svg.clientHeight || data.height;
    var grid = new Grid();
    if (legendBox.offsetWidth) {  // no label under the legend
      var lr = legendBox.getBoundingClientRect(), sr = svg.getBoundingClientRect();
      grid.add({ x0: lr.left - sr.left, y0: lr.top - sr.top, x1: lr.right - sr.left, y1: lr.bottom - sr.top, owner: "legend" });
    }
    var visible = data.nodes.filter(function (n) { return n.g && n.shown && !n.g.classList.contains("hidden"); });
    visible.sort(function (a, b) { return priority(b) - priority(a) || (a.id < b.id ? -1 : 1); });
    // a shape is an obstacle for the labels of entities that come after it: a hub's name may
    // cover a leaf's dot, a leaf's name never covers a hub
    visible.forEach(function (n) {
      var x = sx(n), y = sy(n), r = n.rs;
      n.onScreen = x > -r && y > -r && x < w + r && y < hh + r;
      if (n.onScreen) { grid.add({ x0: x - r, y0: y - r, x1: x + r, y1: y + r, owner: n.id }); }
      var off = !n.onScreen || n.g.classList.contains("dim");
      var placed = false;
      var b = off ? null : measure(n);
      if (b && !b.empty) {
        var r = n.rs, x = sx(n), y = sy(n);
        // right, left, above, below the shape, then the corners: the first free place wins
        var up = -r - 2, down = r + 2 - b.y;
        var spots = [[r + 4, 4], [-r - 4 - b.w, 4], [-b.w / 2, -r - 4], [-b.w / 2, r + 4 - b.y],
          [r * 0.7 + 2, up], [r * 0.7 + 2, down], [-r * 0.7 - 2 - b.w, up], [-r * 0.7 - 2 - b.w, down],
          [-b.w / 2, up - b.h], [-b.w / 2, down + b.h]];  // one line further out
        for (var i = 0; i < spots.length && !placed; i++) {
          var box = { x0: x + spots[i][0] + b.x - PAD, y0: y + spots[i][1] + b.y - PAD,
            x1: x + spots[i][0] + b.x + b.w + PAD, y1: y + spots[i][1] + b.y + b.h + PAD, owner: n.id };
          if (box.x1 < 0 || box.y1 < 0 || box.x0 > w || box.y0 > hh || grid.hits(box)) { continue; }
          grid.add(box);
          n.textEl.setAttribute("x", spots[i][0].toFixed(1));
          n.textEl.setAttribute("y", spots[i][1].toFixed(1));
          placed = true;
        }
      }
      n.textEl.classList.toggle("label-off", !placed);
    });
    var showEdgeLabels = !svg.classList.contains("no-edge-labels");
    var edges = data.edges.filter(function (e) { return e.path && !e.path.classList.contains("hidden"); });
    edges.sort(function (a, b) { return b.count - a.count || a.index - b.index; });
    edges.forEach(function (e) {
      var placed = false;
      if (showEdgeLabels && !e.path.classList.contains("dim")) {
        if (!e.box) {
          e.text.classList.remove("label-off");
          var bb = e.text.getBBox();
          if (bb.width > 0) { e.box = { w: bb.width, h: bb.height, dx: bb.x - e.mx, dy: bb.y - e.my }; }
        }
        if (!e.box) { e.text.classList.add("label-off"); return; }
        var box = { x0: e.mx + e.box.dx - PAD, y0: e.my + e.box.dy - PAD, x1: e.mx + e.box.dx + e.box.w + PAD,
          y1: e.my + e.box.dy + e.box.h + PAD, owner: "e" + e.index };
        if (!(box.x1 < 0 || box.y1 < 0 || box.x0 > w || box.y0 > hh) && !grid.hits(box)) { grid.add(box); placed = true; }
      }
      e.text.classList.toggle("label-off", !placed);
    });
    placed += 1;  // scripts driving the page (tests) wait for this to change
    document.documentElement.setAttribute("data-labels-placed", String(placed));
  }

  // ---- zoom and pan --------------------------------------------------------------------------
  function fit() {
    var w = svg.clientWidth || data.width, hgt = svg.clientHeight || data.height;
    var visible = data.nodes.filter(function (n) { return n.g && n.shown && !n.g.classList.contains("hidden"); });
    if (!visible.length) { view = { k: 1, x: 0, y: 0 }; drawAll(); return; }
    var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    visible.forEach(function (n) {
      minx = Math.min(minx, n.x); maxx = Math.max(maxx, n.x); miny = Math.min(miny, n.y); maxy = Math.max(maxy, n.y);
    });
    // room for shapes and the first labels; clear of the legend in the top left corner
    var pad = 40, left = legendBox.offsetWidth ? legendBox.offsetWidth + 30 : pad, right = 110;
    var bw = Math.max(maxx - minx, 1), bh = Math.max(maxy - miny, 1);
    var k = Math.min((w - left - right) / bw, (hgt - 2 * pad) / bh, 4);
    view.k = k;
    view.x = left + (w - left - right - k * (maxx - minx)) / 2 - k * minx;
    view.y = (hgt - k * (miny + maxy)) / 2;
    drawAll();
  }
  function toGraph(ev) {
    var r = svg.getBoundingClientRect();
    return { x: (ev.clientX - r.left - view.x) / view.k, y: (ev.clientY - r.top - view.y) / view.k };
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
    var k = Math.max(0.05, Math.min(60, view.k * Math.exp(-ev.deltaY * 0.0015)));
    view.x = px - (px - view.x) * k / view.k;
    view.y = py - (py - view.y) * k / view.k;
    view.k = k;
    redraw();
  }, { passive: false });

  var drag = null;
  function startDrag(n, ev) {
    ev.stopPropagation();
    drag = { node: n, moved: false, start: toGraph(ev) };
    if (svg.setPointerCapture) { svg.setPointerCapture(ev.pointerId); }
  }
  svg.addEventListener("pointerdown", function (ev) {
    drag = { pan: true, moved: false, x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
    svg.classList.add("panning");
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    if (drag.pan) {
      view.x = drag.vx + ev.clientX - drag.x; view.y = drag.vy + ev.clientY - drag.y;
      drag.moved = drag.moved || Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3;
      redraw();
      return;
    }
    var p = toGraph(ev), n = drag.node;
    if (!drag.moved && Math.abs(p.x - drag.start.x) * view.k + Math.abs(p.y - drag.start.y) * view.k < 3) { return; }
    drag.moved = true;
    n.x = p.x; n.y = p.y;
    drawNode(n);
    n.edges.forEach(function (e) { drawEdge(e); });
    redraw();
  });
  svg.addEventListener("pointerup", function () {
    svg.classList.remove("panning");
    if (drag && !drag.moved) {
      if (drag.node) { selectNode(drag.node); } else { clearSelection(); }
    }
    drag = null;
  });

  // ---- expanding: hidden neighbours come in on request ------------------------------------------
  function hiddenNeighbours(n) {
    return Object.keys(n.neighbours).map(function (id) { return byId[id]; }).filter(function (m) { return !m.shown; });
  }
  function expand(n) {
    var fresh = hiddenNeighbours(n);
    if (!fresh.length) { return 0; }
    fresh.forEach(function (m) { m.shown = true; });
    build();
    applyHidden();
    updateSummary();
    drawAll();
    if (selected === n) { selectNode(n); }
    return fresh.length;
  }
  window.graphbuildExpand = function (label) {  // for scripts driving the page (tests, notebooks)
    var n = data.nodes.filter(function (m) { return m.label === label || m.name === label; })[0];
    return n ? expand(n) : -1;
  };

  // ---- selection and highlighting ------------------------------------------------------------
  var selected = null;
  function clearSelection() {
    selected = null;
    unpin(); hideTip();
    svg.querySelectorAll(".dim, .hi").forEach(function (x) { x.classList.remove("dim"); x.classList.remove("hi"); });
    redraw();
  }
  function selectNode(n) {
    clearSelection();
    selected = n;
    data.nodes.forEach(function (m) { if (m.g && m !== n && !n.neighbours[m.id]) { m.g.classList.add("dim"); } });
    data.edges.forEach(function (e) {
      if (!e.path) { return; }
      var on = e.s === n || e.t === n;
      [e.path, e.text].forEach(function (x) { x.classList.add(on ? "hi" : "dim"); });
    });
    showNode(n, null);
    pin();
    redraw();
  }
  function highlightEdge(e, on) {
    if (pinned) { return; }
    e.path.classList.toggle("hi", on);
    e.path.setAttribute("marker-end", "url(#" + (on ? "arrow-hi" : (e.negated ? "arrow-neg" : "arrow")) + ")");
  }

  // ---- cards ---------------------------------------------------------------------------------
  var pinned = false;
  var lastPointer = { x: 20, y: 20 };
  function pin() { pinned = true; tip.classList.add("pinned"); }
  function unpin() { pinned = false; tip.classList.remove("pinned"); }
  function hideTip() { tip.hidden = true; }
  function place(ev) {
    if (ev) { var r = svg.getBoundingClientRect(); lastPointer = { x: ev.clientX - r.left, y: ev.clientY - r.top }; }
    var w = svg.clientWidth, hgt = svg.clientHeight, x = lastPointer.x + 14, y = lastPointer.y + 14;
    if (x + 480 > w) { x = Math.max(4, lastPointer.x - 494); }
    if (y + tip.offsetHeight > hgt) { y = Math.max(4, hgt - tip.offsetHeight - 4); }
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function sourceItem(src, parent) {
    var li = h("li", null, parent, "source");
    if (src.date) { h("span", src.date + " ", li, "date"); }
    if (src.url) { link(src.url, src.title || src.url, li); } else { h("span", src.title || src.id, li); }
    if (src.title || src.url) { h("span", " [" + src.id + "]", li, "doc-id"); }
  }
  function showEdge(e, ev) {
    tip.replaceChildren();
    h("h2", e.s.name + " \u2014 " + e.label + " \u2192 " + e.t.name, tip);
    var meta = e.predicate + (e.group ? " (" + e.group + ")" : "") + " \u00b7 " + e.count +
      (e.count === 1 ? " article" : " articles") + " \u00b7 confidence " + e.confidence;
    if (e.negated) { meta = "NEGATED \u00b7 " + meta; }
    if (e.reviewed) { meta += " \u00b7 reviewed: " + e.reviewed; }
    h("p", meta, tip, "meta");
    e.evidence.forEach(function (s) { h("blockquote", s, tip); });
    if (e.sources.length) {
      h("strong", "Sources", tip);
      var ul = h("ul", null, tip, "sources");
      e.sources.forEach(function (src) { sourceItem(src, ul); });
    }
    tip.hidden = false;
    place(ev);
  }
  function showNode(n, ev) {
    tip.replaceChildren();
    h("h2", n.name, tip);
    var meta = h("p", n.type + " \u00b7 " + n.degree + (n.degree === 1 ? " edge" : " edges"), tip, "meta");
    if (n.qid) {
      meta.appendChild(document.createTextNode(" \u00b7 Wikidata "));
      link("https://www.wikidata.org/wiki/" + n.qid, n.qid, meta).className = "qid";
    }
    if (n.aliases.length) { h("p", "Also: " + n.aliases.join(", "), tip); }
    var more = hiddenNeighbours(n);
    if (more.length) {
      var b = h("button", "Show " + more.length + " hidden neighbour" + (more.length === 1 ? "" : "s"), tip, "expand");
      b.type = "button";
      b.addEventListener("click", function (ev2) { ev2.stopPropagation(); expand(n); });
    }
    // every edge, grouped by predicate; the card scrolls. A row opens the edge's own card.
    var groups = {}, order = [];
    n.edges.slice().sort(function (a, b) { return b.count - a.count || a.index - b.index; }).forEach(function (e) {
      if (!groups[e.label]) { groups[e.label] = []; order.push(e.label); }
      groups[e.label].push(e);
    });
    var list = h("div", null, tip, "edge-list");
    order.forEach(function (label) {
      h("h3", label + " (" + groups[label].length + ")", list);
      var ul = h("ul", null, list);
      groups[label].forEach(function (e) {
        var other = e.s === n ? e.t : e.s;
        var li = h("li", (e.s === n ? "\u2192 " : "\u2190 ") + other.name + (e.count > 1 ? " \u00b7 " + e.count + " articles" : ""),
          ul, "edge-row" + (other.shown ? "" : " not-drawn"));
        li.addEventListener("click", function (ev2) { ev2.stopPropagation(); showEdge(e, null); pin(); });
      });
    });
    tip.hidden = false;
    if (ev) { place(ev); } else { lastPointer = { x: sx(n), y: sy(n) }; place(null); }
  }
  tip.addEventListener("pointerdown", function (ev) { ev.stopPropagation(); });
  tip.addEventListener("wheel", function (ev) { ev.stopPropagation(); });

  // ---- legend: colour and shape per class, click to hide a class -------------------------------
  var hiddenTypes = {};
  function applyHidden() {
    data.nodes.forEach(function (n) { if (n.g) { n.g.classList.toggle("hidden", !!hiddenTypes[n.type || "(untyped)"]); } });
    data.edges.forEach(function (e) {
      if (!e.path) { return; }
      var off = e.s.g.classList.contains("hidden") || e.t.g.classList.contains("hidden");
      [e.path, e.hit, e.text].forEach(function (x) { x.classList.toggle("hidden", off); });
    });
    redraw();
  }
  data.legend.forEach(function (item) {
    var row = h("div", null, legendBox, "item");
    row.setAttribute("data-type", item.type);
    row.setAttribute("title", "click to hide or show");
    var sw = el("svg", { width: 14, height: 14, viewBox: "-7 -7 14 14", "class": "swatch" }, row);
    el("path", { d: shapePath(item.shape, 5.5), fill: item.color }, sw);
    h("span", item.type, row);
    row.addEventListener("click", function () {
      hiddenTypes[item.type] = !hiddenTypes[item.type];
      row.classList.toggle("off", !!hiddenTypes[item.type]);
      applyHidden();
    });
  });
  if (data.edges.some(function (e) { return e.negated; })) {
    var neg = h("div", null, legendBox, "item");
    h("span", null, neg, "line negated");
    h("span", "negated (\u201cnot \u2026\u201d)", neg);
  }
  h("div", "hover an edge for its evidence; double-click an entity to expand it", legendBox, "note");

  function updateSummary() {
    var shown = shownNodes(), edges = data.edges.filter(edgeShown).length;
    var text = shown.length.toLocaleString("en") + " entities, " + edges.toLocaleString("en") + " edges";
    if (data.within) { text += " " + data.within; }
    var inScope = shown.filter(function (n) { return n.scope !== false; }).length;
    var hidden = Math.max(0, (data.total || inScope) - inScope);
    if (hidden) { text += "; " + hidden.toLocaleString("en") + " less connected entities hidden (click one to show its neighbours)"; }
    if (data.filters) { text += " \u00b7 " + data.filters; }
    summary.textContent = text;
    summary.setAttribute("data-hidden", String(hidden));
    legendBox.querySelectorAll(".item[data-type]").forEach(function (row) {
      var type = row.getAttribute("data-type");
      var count = shown.filter(function (n) { return (n.type || "(untyped)") === type; }).length;
      row.lastChild.textContent = type + " (" + count + ")";
      row.hidden = count === 0 && !hiddenTypes[type];  // a class comes in when an expansion draws one
    });
  }

  // ---- search --------------------------------------------------------------------------------
  function norm(s) { return (s || "").toLowerCase(); }
  search.addEventListener("input", function () {
    var q = norm(search.value).trim();
    data.nodes.forEach(function (n) {
      if (!n.g) { return; }
      var hit = q && [n.name, n.label].concat(n.aliases).some(function (s) { return norm(s).indexOf(q) >= 0; });
      n.g.classList.toggle("match", !!hit);
    });
    redraw();
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    var n = data.nodes.filter(function (m) { return m.g && m.g.classList.contains("match"); })[0];
    if (n) { selectNode(n); }
  });
  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("show-edge-labels").addEventListener("change", function (ev) {
    svg.classList.toggle("no-edge-labels", !ev.target.checked);
    redraw();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clearSelection(); } });
  window.addEventListener("resize", fit);

  build();
  updateSummary();
  fit();
  document.documentElement.setAttribute("data-graph-ready", String(shownNodes().length));
})();
