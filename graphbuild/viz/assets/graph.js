// graphbuild graph view: draws the JSON in #graph-data as SVG. No dependencies, no network.
// Text from articles is only ever set with textContent, never parsed as HTML.
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("graph");
  var tip = document.getElementById("tip");
  var legendBox = document.getElementById("legend");
  var search = document.getElementById("search");

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

  // ---- scene -------------------------------------------------------------------------------
  var defs = el("defs", {}, svg);
  [["arrow", "#8a8a8a"], ["arrow-neg", "#b23b3b"], ["arrow-hi", "#222222"]].forEach(function (m) {
    var mk = el("marker", { id: m[0], viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7",
      markerHeight: "7", orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: m[1] }, mk);
  });
  var viewport = el("g", { id: "viewport" }, svg);
  var edgeLayer = el("g", { "class": "edges" }, viewport);
  var labelLayer = el("g", { "class": "edge-labels" }, viewport);
  var nodeLayer = el("g", { "class": "nodes" }, viewport);

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

  data.edges.forEach(function (e) {
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
  });

  data.nodes.forEach(function (n) {
    n.g = el("g", { "class": "node" + (n.focus ? " focus" : ""), "data-node": n.id,
      "data-type": n.type }, nodeLayer);
    n.circle = el("circle", { r: n.r, fill: n.color }, n.g);
    var title = el("title", {}, n.circle);
    title.textContent = n.name + " (" + n.type + ")";
    n.textEl = el("text", { x: n.r + 4, y: 4 }, n.g);
    n.textEl.textContent = n.label;
    n.g.addEventListener("mouseenter", function (ev) { if (!pinned) { showNode(n, ev); } });
    n.g.addEventListener("mousemove", function (ev) { if (!pinned) { place(ev); } });
    n.g.addEventListener("mouseleave", function () { if (!pinned) { hideTip(); } });
    n.g.addEventListener("pointerdown", function (ev) { startDrag(n, ev); });
  });

  // ---- geometry ------------------------------------------------------------------------------
  function edgeGeometry(e) {
    var s = e.s, t = e.t;
    if (s === t) {  // self loop above the node
      var r = s.r;
      return { d: "M" + (s.x - r * 0.6) + "," + (s.y - r * 0.8) + " C" + (s.x - 3 * r) + "," + (s.y - 4 * r) +
        " " + (s.x + 3 * r) + "," + (s.y - 4 * r) + " " + (s.x + r * 0.6) + "," + (s.y - r * 0.8),
        mx: s.x, my: s.y - 3.2 * r };
    }
    var dx = t.x - s.x, dy = t.y - s.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var nx = -dy / len, ny = dx / len;
    var cx = (s.x + t.x) / 2 + nx * e.bend, cy = (s.y + t.y) / 2 + ny * e.bend;
    // trim both ends to the circles so arrowheads stay visible
    function trim(p, q, r) {
      var ux = q.x - p.x, uy = q.y - p.y, l = Math.sqrt(ux * ux + uy * uy) || 1;
      return { x: p.x + ux / l * r, y: p.y + uy / l * r };
    }
    var c = { x: cx, y: cy };
    var a = trim(s, c, s.r + 1), b = trim(t, c, t.r + 2);
    return { d: "M" + a.x + "," + a.y + " Q" + cx + "," + cy + " " + b.x + "," + b.y,
      mx: 0.25 * a.x + 0.5 * cx + 0.25 * b.x, my: 0.25 * a.y + 0.5 * cy + 0.25 * b.y };
  }
  function drawEdge(e) {
    var g = edgeGeometry(e);
    e.path.setAttribute("d", g.d);
    e.hit.setAttribute("d", g.d);
    e.text.setAttribute("x", g.mx);
    e.text.setAttribute("y", g.my);
  }
  function drawNode(n) { n.g.setAttribute("transform", "translate(" + n.x + "," + n.y + ")"); }
  function drawAll() { data.nodes.forEach(drawNode); data.edges.forEach(drawEdge); }

  // ---- zoom and pan --------------------------------------------------------------------------
  var view = { k: 1, x: 0, y: 0 };
  function applyView() { viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")"); }
  function fit() {
    var w = svg.clientWidth || data.width, hgt = svg.clientHeight || data.height;
    var visible = data.nodes.filter(function (n) { return !n.g.classList.contains("hidden"); });
    if (!visible.length) { view = { k: 1, x: 0, y: 0 }; applyView(); return; }
    var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    visible.forEach(function (n) {
      minx = Math.min(minx, n.x - n.r); maxx = Math.max(maxx, n.x + n.r + 8 * n.label.length);
      miny = Math.min(miny, n.y - n.r - 14); maxy = Math.max(maxy, n.y + n.r + 14);
    });
    // keep clear of the legend in the top left corner
    var pad = 20, left = legendBox.offsetWidth ? legendBox.offsetWidth + 24 : pad;
    var bw = Math.max(maxx - minx, 1), bh = Math.max(maxy - miny, 1);
    var k = Math.min((w - left - pad) / bw, (hgt - 2 * pad) / bh, 2.5);
    view.k = k;
    view.x = left + (w - left - pad - k * (maxx - minx)) / 2 - k * minx;
    view.y = (hgt - k * (miny + maxy)) / 2;
    applyView();
  }
  function toGraph(ev) {
    var r = svg.getBoundingClientRect();
    return { x: (ev.clientX - r.left - view.x) / view.k, y: (ev.clientY - r.top - view.y) / view.k };
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
    var k = Math.max(0.1, Math.min(8, view.k * Math.exp(-ev.deltaY * 0.0015)));
    view.x = px - (px - view.x) * k / view.k;
    view.y = py - (py - view.y) * k / view.k;
    view.k = k;
    applyView();
  }, { passive: false });

  var drag = null;
  function startDrag(n, ev) {
    ev.stopPropagation();
    drag = { node: n, moved: false, start: toGraph(ev) };
    svg.setPointerCapture && svg.setPointerCapture(ev.pointerId);
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
      applyView();
      return;
    }
    var p = toGraph(ev), n = drag.node;
    if (!drag.moved && Math.abs(p.x - drag.start.x) + Math.abs(p.y - drag.start.y) < 3) { return; }
    drag.moved = true;
    n.x = p.x; n.y = p.y;
    drawNode(n);
    n.edges.forEach(drawEdge);
  });
  svg.addEventListener("pointerup", function () {
    svg.classList.remove("panning");
    if (drag && !drag.moved) {
      if (drag.node) { selectNode(drag.node); } else { clearSelection(); }
    }
    drag = null;
  });

  // ---- selection and highlighting ------------------------------------------------------------
  function clearSelection() {
    unpin(); hideTip();
    svg.querySelectorAll(".dim, .hi").forEach(function (x) { x.classList.remove("dim"); x.classList.remove("hi"); });
  }
  function selectNode(n) {
    clearSelection();
    data.nodes.forEach(function (m) { if (m !== n && !n.neighbours[m.id]) { m.g.classList.add("dim"); } });
    data.edges.forEach(function (e) {
      var on = e.s === n || e.t === n;
      [e.path, e.text].forEach(function (x) { x.classList.add(on ? "hi" : "dim"); });
    });
    showNode(n, null);
    pin();
  }
  function highlightEdge(e, on) {
    if (pinned) { return; }
    e.path.classList.toggle("hi", on);
    e.path.setAttribute("marker-end", "url(#" + (on ? "arrow-hi" : (e.negated ? "arrow-neg" : "arrow")) + ")");
  }

  // ---- tooltip -------------------------------------------------------------------------------
  var pinned = false;
  var lastPointer = { x: 20, y: 20 };
  function pin() { pinned = true; tip.classList.add("pinned"); }
  function unpin() { pinned = false; tip.classList.remove("pinned"); }
  function hideTip() { tip.hidden = true; }
  function place(ev) {
    if (ev) { var r = svg.getBoundingClientRect(); lastPointer = { x: ev.clientX - r.left, y: ev.clientY - r.top }; }
    var w = svg.clientWidth, x = lastPointer.x + 14, y = lastPointer.y + 14;
    if (x + 460 > w) { x = Math.max(4, lastPointer.x - 474); }
    tip.style.left = x + "px"; tip.style.top = y + "px";
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
      var ul = h("ul", null, tip);
      e.sources.forEach(function (src) { h("li", src.title ? src.title + " [" + src.id + "]" : src.id, ul); });
    }
    tip.hidden = false;
    place(ev);
  }
  function showNode(n, ev) {
    tip.replaceChildren();
    h("h2", n.name, tip);
    h("p", n.type + " \u00b7 " + n.degree + (n.degree === 1 ? " edge" : " edges") +
      (n.qid ? " \u00b7 Wikidata " + n.qid : ""), tip, "meta");
    if (n.aliases.length) { h("p", "Also: " + n.aliases.join(", "), tip); }
    var rows = n.edges.slice(0, 12).map(function (e) {
      return (e.s === n ? "\u2192 " + e.label + " " + e.t.name : "\u2190 " + e.s.name + " " + e.label);
    });
    if (rows.length) {
      var ul = h("ul", null, tip);
      rows.forEach(function (r) { h("li", r, ul); });
      if (n.edges.length > rows.length) { h("p", "\u2026 and " + (n.edges.length - rows.length) + " more", tip, "meta"); }
    }
    tip.hidden = false;
    if (ev) { place(ev); } else { lastPointer = { x: n.x * view.k + view.x, y: n.y * view.k + view.y }; place(null); }
  }

  // ---- legend: colour per class, click to hide a class ----------------------------------------
  var hiddenTypes = {};
  function applyHidden() {
    data.nodes.forEach(function (n) { n.g.classList.toggle("hidden", !!hiddenTypes[n.type || "(untyped)"]); });
    data.edges.forEach(function (e) {
      var off = e.s.g.classList.contains("hidden") || e.t.g.classList.contains("hidden");
      [e.path, e.hit, e.text].forEach(function (x) { x.classList.toggle("hidden", off); });
    });
  }
  data.legend.forEach(function (item) {
    var row = h("div", null, legendBox, "item");
    row.setAttribute("data-type", item.type);
    row.setAttribute("title", "click to hide or show");
    var sw = h("span", null, row, "swatch");
    sw.style.background = item.color;
    h("span", item.type + " (" + item.count + ")", row);
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
  h("div", "hover an edge for its evidence", legendBox, "note");

  // ---- search --------------------------------------------------------------------------------
  function norm(s) { return (s || "").toLowerCase(); }
  search.addEventListener("input", function () {
    var q = norm(search.value).trim();
    data.nodes.forEach(function (n) {
      var hit = q && [n.name, n.label].concat(n.aliases).some(function (s) { return norm(s).indexOf(q) >= 0; });
      n.g.classList.toggle("match", !!hit);
    });
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    var n = data.nodes.filter(function (m) { return m.g.classList.contains("match"); })[0];
    if (n) { selectNode(n); }
  });
  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("show-edge-labels").addEventListener("change", function (ev) {
    svg.classList.toggle("no-edge-labels", !ev.target.checked);
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clearSelection(); } });
  window.addEventListener("resize", fit);

  drawAll();
  fit();
  document.documentElement.setAttribute("data-graph-ready", String(data.nodes.length));
})();
