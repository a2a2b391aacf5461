// The graph explorer: start from entities, grow the picture on click by asking the
// server (/api/neighbours), read the sentences behind a node or an edge.
// Names and sentences come from articles: they reach the page through textContent only.
(function () {
  "use strict";
  var TYPES = [["Organization", "Tổ chức", "#4e79a7", "dot"], ["Person", "Cá nhân", "#f28e2b", "diamond"],
               ["Document", "Văn bản", "#59a14f", "square"], ["Campaign", "Phong trào", "#b07aa1", "star"],
               ["Event", "Sự kiện", "#e15759", "triangle"], ["Place", "Địa danh", "#76b7b2", "hexagon"],
               ["", "Khác", "#9c9c9c", "dot"]];
  var RELATIONS = { holdsPosition: "giữ chức vụ tại", subOrganizationOf: "trực thuộc", issuedBy: "do … ban hành",
                    presumedIssuedBy: "được cho là do … ban hành", implements: "triển khai", organizedBy: "do … tổ chức",
                    locatedIn: "ở", authorOf: "là tác giả của" };
  var STYLE = {};
  TYPES.forEach(function (t) { STYLE[t[0]] = t; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function getJSON(url, body) {
    var opts = body === undefined ? {} : { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } };
    return fetch(url, opts).then(function (r) {
      return r.json().then(function (d) { if (!r.ok) throw new Error(d.error || r.statusText); return d; });
    });
  }
  function short(label) { return label.length > 28 ? label.slice(0, 27) + "…" : label; }
  function localHref(iri) {
    var base = "https://w3id.org/vnkg/id/";
    return iri.indexOf(base) === 0 ? "/id/" + iri.slice(base.length) : "/resource?iri=" + encodeURIComponent(iri);
  }

  var info = {};          // iri -> node from the server
  var expanded = {}, pinned = {}, hidden = {};
  var history = [];       // what undo takes back
  var typeOn = {}, relOn = {};
  TYPES.forEach(function (t) { typeOn[t[0]] = true; });
  Object.keys(RELATIONS).forEach(function (r) { relOn[r] = true; });
  var selected = null;
  var status = document.getElementById("status"), panel = document.getElementById("panel");

  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  function nodeVisible(n) {
    var i = info[n.id];
    return !hidden[n.id] && (typeOn[i.type in STYLE ? i.type : ""] || pinned[n.id]);
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return relOn[e.rel] && nodeVisible(nodes.get(e.from)) && nodeVisible(nodes.get(e.to));
    }
  });
  var network = new vis.Network(document.getElementById("net"), { nodes: nodeView, edges: edgeView }, {
    autoResize: true, physics: false, layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 300, hideEdgesOnDrag: true, hideEdgesOnZoom: false },
    nodes: { borderWidth: 1, scaling: { min: 8, max: 30, label: { enabled: true, min: 13, max: 22, drawThreshold: 6, maxVisible: 30 } },
             font: { face: "system-ui, 'Noto Sans', Arial, sans-serif", color: "#1b1b1b", strokeWidth: 4, strokeColor: "#ffffff" } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, width: 1.1, selectionWidth: 2.5, smooth: false,
             color: { color: "#9aa2ab", highlight: "#222222", hover: "#444444", inherit: false },
             font: { size: 11, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal" },
             scaling: { label: { enabled: true, drawThreshold: 9 } } }
  });

  var api = { drawn: 0, nodes: nodes, edges: edges, network: network, info: info, expanded: expanded,
              pinned: pinned, hidden: hidden };
  window.kgExplore = api;
  var big = false;
  function afterDraw() {
    // thousands of nodes: edges are left out while zooming and dragging, so the picture follows the hand
    if ((nodes.length > 1500) !== big) {
      big = nodes.length > 1500;
      network.setOptions({ interaction: { hideEdgesOnZoom: big, hideEdgesOnDrag: true } });
    }
    network.once("afterDrawing", function () { api.drawn += 1; });
    network.redraw();
  }

  function visNode(n, x, y) {
    var t = STYLE[n.type] || STYLE[""];
    return { id: n.iri, label: short(n.label), title: n.label, x: x, y: y, value: 1 + Math.log(1 + n.mentions + n.degree),
             shape: t[3], color: { background: t[2], border: "#333333", highlight: { background: t[2], border: "#000000" } } };
  }
  function edgeId(f) { return f.s + " " + f.p + " " + f.o; }
  function visEdge(f) {
    var label = f.p === "holdsPosition" && f.roles.length ? f.roles.slice(0, 2).join(", ") : f.p;
    return { id: edgeId(f), from: f.s, to: f.o, rel: f.p, label: label + (f.n > 1 ? " ×" + f.n : ""),
             width: 1 + Math.log2(Math.max(1, f.n)), fact: f };
  }

  // Where new nodes go: on rings around the node they hang from, facing away from the rest.
  function placeAround(center, fresh) {
    var c = center && nodes.get(center) ? network.getPositions([center])[center] : { x: 0, y: 0 };
    var away = 0;
    if (center && nodes.length > 1) {
      var sx = 0, sy = 0, k = 0, all = network.getPositions();
      Object.keys(all).forEach(function (id) { if (id !== center) { sx += all[id].x; sy += all[id].y; k++; } });
      if (k) away = Math.atan2(c.y - sy / k, c.x - sx / k);
    }
    var fan = nodes.length > fresh.length + 1 ? Math.PI * 1.3 : Math.PI * 2;
    var placed = [], ring = 0, i = 0;
    while (i < fresh.length) {
      var radius = 260 + ring * 170, room = Math.max(6, Math.floor(fan * radius / 95)), take = Math.min(room, fresh.length - i);
      for (var j = 0; j < take; j++, i++) {
        var a = fan >= Math.PI * 2 ? (2 * Math.PI * j) / take : away - fan / 2 + fan * (take === 1 ? 0.5 : j / (take - 1));
        placed.push([fresh[i], c.x + radius * Math.cos(a + ring * 0.3), c.y + radius * Math.sin(a + ring * 0.3)]);
      }
      ring++;
    }
    return placed;
  }

  function addGraph(center, list, facts, record) {
    var fresh = list.filter(function (n) { return !nodes.get(n.iri); });
    fresh.forEach(function (n) { info[n.iri] = n; });
    list.forEach(function (n) { if (!info[n.iri]) info[n.iri] = n; });
    if (center && !nodes.get(center) && info[center]) {
      fresh = fresh.filter(function (n) { return n.iri !== center; });
      nodes.add(visNode(info[center], 0, 0));
      record.nodes.push(center);
    }
    fresh.sort(function (a, b) { return (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || b.mentions - a.mentions; });
    var placed = placeAround(center, fresh.map(function (n) { return n.iri; }));
    nodes.add(placed.map(function (p) { return visNode(info[p[0]], p[1], p[2]); }));
    placed.forEach(function (p) { record.nodes.push(p[0]); });
    var newEdges = facts.filter(function (f) { return !edges.get(edgeId(f)) && nodes.get(f.s) && nodes.get(f.o); });
    edges.add(newEdges.map(visEdge));
    newEdges.forEach(function (f) { record.edges.push(edgeId(f)); });
    // facts between what was there and what came
    if (placed.length) {
      getJSON("/api/facts", nodes.getIds()).then(function (d) {
        var more = d.edges.filter(function (f) { return !edges.get(edgeId(f)); });
        edges.add(more.map(visEdge));
        more.forEach(function (f) { record.edges.push(edgeId(f)); });
        refreshCounts();
      });
    }
  }

  function push(action) { history.push(action); document.getElementById("undo").disabled = false; }

  function expand(iri) {
    if (expanded[iri]) return Promise.resolve();
    var t0 = performance.now();
    return getJSON("/api/neighbours?limit=60&iri=" + encodeURIComponent(iri)).then(function (d) {
      var record = { kind: "expand", iri: iri, nodes: [], edges: [] };
      addGraph(iri, d.nodes, d.edges, record);
      expanded[iri] = d;
      push(record);
      var more = d.total > d.shown ? " (" + d.shown + " of " + d.total + " neighbours: the most mentioned)" : "";
      say(info[iri].label + ": " + d.shown + " neighbours" + more + " in " + Math.round(performance.now() - t0) + " ms");
      refreshCounts();
      afterDraw();
    }).catch(function (e) { say(String(e.message || e)); });
  }
  api.expand = expand;
  api.bestToExpand = function () {
    var best = null;
    nodes.forEach(function (n) {
      var i = info[n.id];
      if (!expanded[n.id] && i.degree > 0 && (!best || i.degree > info[best].degree)) best = n.id;
    });
    return best;
  };

  function undo() {
    var a = history.pop();
    if (!a) return;
    if (a.kind === "expand" || a.kind === "add") {
      edges.remove(a.edges); nodes.remove(a.nodes);
      if (a.kind === "expand") delete expanded[a.iri];
    } else if (a.kind === "hide") {
      a.nodes.forEach(function (n) { delete hidden[n]; });
      refreshViews();
    } else if (a.kind === "pin") {
      if (a.was) pinned[a.iri] = true; else delete pinned[a.iri];
      styleNode(a.iri);
    } else if (a.kind === "clear") {
      nodes.add(a.nodeData); edges.add(a.edgeData);
      a.expanded.forEach(function (k) { expanded[k] = true; });
    }
    document.getElementById("undo").disabled = history.length === 0;
    refreshCounts(); afterDraw();
  }
  function styleNode(iri) {
    var n = nodes.get(iri);
    if (n) nodes.update({ id: iri, borderWidth: pinned[iri] ? 4 : 1, shapeProperties: { borderDashes: false } });
    document.getElementById("pin").classList.toggle("on", !!pinned[selected]);
  }

  function say(text) { status.textContent = text; }
  function refreshViews() { nodeView.refresh(); edgeView.refresh(); refreshCounts(); }

  // Panel --------------------------------------------------------------------------------
  function sentenceBlock(src) {
    var p = el("p", "sentence"), text = src.text, at = 0;
    (src.marks || []).forEach(function (m) {
      if (m[0] < at) return;
      p.appendChild(document.createTextNode(text.slice(at, m[0])));
      p.appendChild(el("mark", null, text.slice(m[0], m[1])));
      at = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(at)));
    var from = el("div", "from"), a = el("a", null, src.headline || src.article);
    a.href = "/resource?iri=" + encodeURIComponent(src.article);
    from.appendChild(a);
    var box = el("div");
    box.appendChild(p); box.appendChild(from);
    return box;
  }
  function nodeButton(iri) {
    var b = el("button", "link", info[iri] ? info[iri].label : iri);
    b.type = "button";
    b.addEventListener("click", function () { select(iri); });
    return b;
  }
  function showNode(iri) {
    var n = info[iri];
    clear(panel);
    panel.appendChild(el("h2", null, n.label));
    var t = STYLE[n.type] || STYLE[""], badge = el("span", "type t-" + (n.type || "Other"), t[1] + " · " + (n.type || "Other"));
    panel.appendChild(badge);
    var open = el("a", null, " Mở trang · Open page");
    open.href = localHref(iri);
    panel.appendChild(open);
    panel.appendChild(el("p", "iri", iri));
    var rels = edges.get({ filter: function (e) { return e.from === iri || e.to === iri; } });
    if (rels.length) {
      panel.appendChild(el("h3", null, "Quan hệ · Relations (" + rels.length + ")"));
      var ul = el("ul");
      rels.forEach(function (e) {
        var li = el("li");
        li.appendChild(nodeButton(e.from));
        li.appendChild(el("span", "muted", " " + e.rel + " → "));
        li.appendChild(nodeButton(e.to));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    var m = el("div");
    panel.appendChild(m);
    getJSON("/api/mentions?iri=" + encodeURIComponent(iri)).then(function (d) {
      if (selected !== iri) return;
      m.appendChild(el("h3", null, "Được nhắc · Mentioned " + d.mentions + " times in " + d.articles + " articles"));
      d.sample.forEach(function (s) { m.appendChild(sentenceBlock(s)); });
      api.panelReady = (api.panelReady || 0) + 1;
    }).catch(function (e) { m.appendChild(el("p", "muted", String(e.message || e))); });
  }
  function showEdge(id) {
    var e = edges.get(id), f = e.fact;
    clear(panel);
    panel.appendChild(el("h2", null, (RELATIONS[f.p] || f.p) + " · " + f.p));
    var line = el("p");
    line.appendChild(nodeButton(f.s)); line.appendChild(el("span", "muted", " → ")); line.appendChild(nodeButton(f.o));
    panel.appendChild(line);
    if (f.roles.length) panel.appendChild(el("p", null, "Chức vụ · Roles: " + f.roles.join(", ")));
    var box = el("div");
    panel.appendChild(box);
    getJSON("/api/evidence?s=" + encodeURIComponent(f.s) + "&p=" + encodeURIComponent(f.p) + "&o=" + encodeURIComponent(f.o))
      .then(function (d) {
        box.appendChild(el("h3", null, "Câu nguồn · Stated in " + d.count + " sentence" + (d.count === 1 ? "" : "s")));
        d.sentences.forEach(function (s) { box.appendChild(sentenceBlock(s)); });
        api.panelReady = (api.panelReady || 0) + 1;
      }).catch(function (err) { box.appendChild(el("p", "muted", String(err.message || err))); });
  }
  function select(iri) {
    selected = iri;
    ["pin", "hide"].forEach(function (b) { document.getElementById(b).disabled = false; });
    document.getElementById("pin").classList.toggle("on", !!pinned[iri]);
    if (nodes.get(iri)) network.selectNodes([iri]);
    showNode(iri);
  }
  api.select = select;
  api.showEdge = showEdge;

  network.on("click", function (params) {
    if (params.nodes.length) {
      select(params.nodes[0]);
      expand(params.nodes[0]);
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    }
  });
  network.on("dragEnd", function (params) {
    params.nodes.forEach(function (iri) { if (!pinned[iri]) { pinned[iri] = true; styleNode(iri); } });
  });

  // Tools --------------------------------------------------------------------------------
  document.getElementById("undo").addEventListener("click", undo);
  document.getElementById("pin").addEventListener("click", function () {
    if (!selected) return;
    push({ kind: "pin", iri: selected, was: !!pinned[selected] });
    if (pinned[selected]) delete pinned[selected]; else pinned[selected] = true;
    styleNode(selected);
  });
  document.getElementById("hide").addEventListener("click", function () {
    if (!selected) return;
    hidden[selected] = true;
    push({ kind: "hide", nodes: [selected] });
    refreshViews();
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  document.getElementById("clear").addEventListener("click", function () {
    var gone = nodes.get({ filter: function (n) { return !pinned[n.id]; } });
    var goneIds = gone.map(function (n) { return n.id; });
    var goneEdges = edges.get({ filter: function (e) { return goneIds.indexOf(e.from) >= 0 || goneIds.indexOf(e.to) >= 0; } });
    push({ kind: "clear", nodeData: gone, edgeData: goneEdges,
           expanded: Object.keys(expanded).filter(function (k) { return goneIds.indexOf(k) >= 0; }) });
    edges.remove(goneEdges.map(function (e) { return e.id; })); nodes.remove(goneIds);
    goneIds.forEach(function (k) { delete expanded[k]; });
    refreshCounts(); afterDraw();
  });

  // Path: from the selected node to an entity picked by name.
  var pathInput = document.getElementById("path-to"), pathList = document.getElementById("path-list"), pathHits = [];
  pathInput.addEventListener("input", function () {
    var q = pathInput.value.trim();
    if (q.length < 2) return;
    getJSON("/api/suggest?q=" + encodeURIComponent(q)).then(function (d) {
      pathHits = d.hits.filter(function (h) { return h.kind === "entity"; });
      clear(pathList);
      pathHits.forEach(function (h) { var o = el("option"); o.value = h.label; pathList.appendChild(o); });
    });
  });
  function findPath(from, to) {
    return getJSON("/api/path?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to)).then(function (d) {
      if (!d.path.length) { say("Không có đường đi · No path between them."); return; }
      var record = { kind: "add", nodes: [], edges: [] };
      addGraph(from, d.nodes, d.edges, record);
      push(record);
      network.selectEdges(d.edges.map(edgeId));
      say("Đường đi · Path: " + d.path.length + " entities, " + d.edges.length + " facts");
      refreshCounts(); afterDraw();
      return d;
    }).catch(function (e) { say(String(e.message || e)); });
  }
  api.findPath = findPath;
  document.getElementById("path-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var hit = pathHits.find(function (h) { return h.label === pathInput.value; }) || pathHits[0];
    if (!selected) { say("Chọn một nút trước · Select a node first."); return; }
    if (hit) findPath(selected, hit.iri);
  });

  // The search box of the page adds what is picked, instead of leaving the page.
  window.kgOnPick = function (hit) {
    if (hit.kind !== "entity") return false;
    start([hit.iri]);
    return true;
  };

  // Filters ------------------------------------------------------------------------------
  var typeBox = document.getElementById("types"), relBox = document.getElementById("relations"), counters = {};
  TYPES.forEach(function (t) {
    var label = el("label"), box = el("input"), sw = el("span", "swatch");
    box.type = "checkbox"; box.checked = true; box.value = t[0];
    box.addEventListener("change", function () { typeOn[t[0]] = box.checked; refreshViews(); });
    sw.style.background = t[2];
    label.appendChild(box); label.appendChild(sw); label.appendChild(el("span", null, t[1] + " · " + (t[0] || "Other")));
    counters["t:" + t[0]] = label.appendChild(el("span", "count", "0"));
    typeBox.appendChild(label);
  });
  Object.keys(RELATIONS).forEach(function (r) {
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = r;
    box.addEventListener("change", function () { relOn[r] = box.checked; refreshViews(); });
    label.appendChild(box); label.appendChild(el("span", null, RELATIONS[r] + " · " + r));
    counters["r:" + r] = label.appendChild(el("span", "count", "0"));
    relBox.appendChild(label);
  });
  function refreshCounts() {
    Object.keys(counters).forEach(function (k) { counters[k].textContent = "0"; });
    var tc = {}, rc = {};
    nodes.forEach(function (n) { var t = info[n.id].type in STYLE ? info[n.id].type : ""; tc[t] = (tc[t] || 0) + 1; });
    edges.forEach(function (e) { rc[e.rel] = (rc[e.rel] || 0) + 1; });
    Object.keys(tc).forEach(function (t) { if (counters["t:" + t]) counters["t:" + t].textContent = tc[t]; });
    Object.keys(rc).forEach(function (r) { if (counters["r:" + r]) counters["r:" + r].textContent = rc[r]; });
    api.shown = { nodes: nodeView.length, edges: edgeView.length, all: nodes.length };
  }

  // Start --------------------------------------------------------------------------------
  function start(iris) {
    var first = !nodes.length;
    return Promise.all(iris.map(function (iri) { return expand(iri); })).then(function () {
      if (iris.length) select(iris[0]);
      if (first) network.fit({ animation: false });
      afterDraw();
    });
  }
  var params = new URLSearchParams(location.search);
  var wanted = params.getAll("iri");
  if (params.get("query")) {
    getJSON("/api/query-graph?query=" + encodeURIComponent(params.get("query"))).then(function (d) {
      var record = { kind: "add", nodes: [], edges: [] };
      var placed = placeAround(null, d.nodes.map(function (n) { return n.iri; }));
      d.nodes.forEach(function (n) { info[n.iri] = n; });
      nodes.add(placed.map(function (p) { return visNode(info[p[0]], p[1], p[2]); }));
      edges.add(d.edges.map(visEdge));
      push(record);
      say("Kết quả truy vấn · Query result: " + d.rows + " rows, " + d.nodes.length + " entities, " + d.edges.length + " facts");
      refreshCounts(); network.fit({ animation: false }); afterDraw();
    }).catch(function (e) { say(String(e.message || e)); afterDraw(); });
  } else if (wanted.length) {
    start(wanted);
  } else {
    getJSON("/api/top?limit=1").then(function (d) { return start(d.map(function (n) { return n.iri; })); });
  }
})();
