// The page's behaviour: draw the precomputed picture, then panel, search and
// filters. Text from articles only ever reaches the DOM through textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var types = data.types, articles = data.articles, sentences = data.sentences;
  var byId = data.nodes; // node ids are their index

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function fold(s) { // search key: lower case, no tone marks, đ -> d
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function articleName(i) {
    var a = articles[i];
    return a ? (a.title || a.key) : "";
  }

  document.getElementById("title").textContent = data.title;
  var shownNodes = data.nodes.length, shownEdges = data.edges.length;
  var status = document.getElementById("status");
  status.textContent = shownNodes + " of " + data.total.nodes + " entities, " +
    shownEdges + " relations stated in " + data.statements + " sentences";
  var droppedTypes = Object.keys(data.dropped);
  if (droppedTypes.length) {
    var d = document.getElementById("dropped");
    d.hidden = false;
    d.textContent = (data.overview
      ? "An overview: the " + data.nodes.length + " most important entities and their links. Left out (less mentioned and linked): "
      : "Left out (least mentioned and linked, beyond the node limit): ") +
      droppedTypes.map(function (t) { return data.dropped[t] + " " + t; }).join(", ") + ".";
  }
  // An overview lists the entities without relations instead of drawing them.
  if (data.lone_total) {
    var lone = document.getElementById("lone");
    lone.hidden = false;
    lone.appendChild(el("h3", null, "Without relations: " + data.lone_total +
                        (data.lone_total > data.lone.length ? " (the " + data.lone.length + " most mentioned)" : "")));
    var ul = el("ul", "lone");
    data.lone.forEach(function (n) {
      var li = el("li", null, n.label);
      li.appendChild(el("span", "muted", " " + (n.type || "Other") + ", " + n.mentions + " mentions"));
      li.title = n.iri;
      ul.appendChild(li);
    });
    lone.appendChild(ul);
  }

  // vis-network data: positions fixed by the build, physics off.
  // An overview names its most important entities biggest: seen whole, from afar, the
  // first 15 stay legible, the next 35 when zoomed in a little.
  var rankOf = {};
  data.nodes.slice().sort(function (a, b) { return b.value - a.value || a.id - b.id; })
    .forEach(function (n, i) { rankOf[n.id] = i; });
  function fontSize(n) { var r = rankOf[n.id]; return r < 15 ? 64 : r < 50 ? 40 : 26; }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var t = types[n.type], node = {
      id: n.id, label: n.short, x: n.x, y: n.y, value: n.value, shape: t.shape,
      color: { background: t.color, border: "#333333", highlight: { background: t.color, border: "#000000" },
               hover: { background: t.color, border: "#000000" } }
    };
    if (data.overview) node.font = { size: fontSize(n) };
    return node;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var smooth = e.parallel ? { enabled: true, type: e.parallel % 2 ? "curvedCW" : "curvedCCW",
                                roundness: 0.15 * Math.ceil(e.parallel / 2) } : false;
    var n = e.sentences.length;
    return { id: e.id, from: e.from, to: e.to, smooth: smooth,
             label: e.relation + (n > 1 ? " ×" + n : ""), width: 1 + Math.log2(Math.max(1, n)) };
  }));

  var typeOn = types.map(function () { return true; });
  var articleOn = -1;
  function nodeVisible(n) {
    var node = byId[n.id];
    return typeOn[node.type] && (articleOn < 0 || node.articles.indexOf(articleOn) >= 0);
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      var r = data.edges[e.id];
      return nodeVisible(byId[r.from]) && nodeVisible(byId[r.to]) &&
        (articleOn < 0 || r.articles.indexOf(articleOn) >= 0);
    }
  });

  var container = document.getElementById("net");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, hideEdgesOnDrag: data.nodes.length > 800, tooltipDelay: 300, multiselect: false },
    nodes: {
      borderWidth: 1,
      // an overview is seen whole, from afar: bigger shapes and names
      scaling: data.overview ? { min: 16, max: 56, label: { enabled: false, drawThreshold: 6, maxVisible: 30 } }
                             : { min: 9, max: 32, label: { enabled: true, min: 18, max: 28, drawThreshold: 5, maxVisible: 36 } },
      font: { face: "system-ui, 'Noto Sans', Arial, sans-serif", color: "#1b1b1b", strokeWidth: 4, strokeColor: "#ffffff" }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      width: data.overview ? 2.5 : 1.2, selectionWidth: 2,
      color: { color: "#8d959e", highlight: "#222222", hover: "#444444", inherit: false },
      font: { size: 13, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal" }
    }
  });

  // Small graphs: fit, with room for the labels of the outermost nodes (fit
  // sees shapes only). Big ones: start where labels are readable, centred on
  // the most mentioned and linked entity; "Show all" fits.
  var READABLE = data.overview ? 0 : 0.4;  // an overview is drawn to be seen whole
  function overview() {
    network.fit({ animation: false });
    var s = network.getScale();
    if (s >= READABLE || !data.nodes.length) {
      network.moveTo({ scale: s * 0.9, animation: false });
      return;
    }
    var top = data.nodes.reduce(function (a, b) { return b.value > a.value ? b : a; });
    network.moveTo({ position: { x: top.x, y: top.y }, scale: READABLE, animation: false });
  }
  overview();
  document.getElementById("fit").addEventListener("click", function () {
    network.fit({ animation: false });
  });

  // Panel ----------------------------------------------------------------
  var panel = document.getElementById("panel");
  function sentenceBlock(si, begin, end) {
    var s = sentences[si], text = s[1], p = el("p", "sentence");
    if (end > begin) {
      p.appendChild(document.createTextNode(text.slice(0, begin)));
      p.appendChild(el("mark", null, text.slice(begin, end)));
      p.appendChild(document.createTextNode(text.slice(end)));
    } else {
      p.textContent = text;
    }
    return p;
  }
  function typeBadge(node) {
    var t = types[node.type], b = el("span", "type", t.name + (node.subtype ? " · " + node.subtype : ""));
    b.style.background = t.color;
    return b;
  }
  function nodeLink(id) {
    var b = el("button", "link", byId[id].label);
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function relationItem(e) {
    var li = el("li");
    li.appendChild(nodeLink(e.from));
    li.appendChild(el("span", "rel", " " + e.relation + " → "));
    li.appendChild(nodeLink(e.to));
    e.sentences.slice(0, 10).forEach(function (si) {
      li.appendChild(el("div", "muted", articleName(sentences[si][0])));
      li.appendChild(sentenceBlock(si, 0, 0));
    });
    if (e.sentences.length > 10) li.appendChild(el("div", "muted", "… and " + (e.sentences.length - 10) + " more sentences."));
    return li;
  }
  function showNode(id) {
    var n = byId[id];
    clear(panel);
    panel.appendChild(el("h2", null, n.label));
    panel.appendChild(typeBadge(n));
    panel.appendChild(el("p", "iri", n.iri));
    if (n.aliases.length) {
      panel.appendChild(el("h3", null, "Also written"));
      panel.appendChild(el("p", null, n.aliases.join(" · ")));
    }
    var rels = data.edges.filter(function (e) { return e.from === id || e.to === id; });
    if (rels.length) {
      panel.appendChild(el("h3", null, "Relations (" + rels.length + ")"));
      var ul = el("ul", "rels");
      rels.forEach(function (e) { ul.appendChild(relationItem(e)); });
      panel.appendChild(ul);
    }
    panel.appendChild(el("h3", null, "Mentions: " + n.mentions + " in " + n.articles.length +
                         (n.articles.length === 1 ? " article" : " articles")));
    var lastArticle = null;
    n.evidence.forEach(function (m) {
      var a = sentences[m[0]][0];
      if (a !== lastArticle) { panel.appendChild(el("h4", null, articleName(a))); lastArticle = a; }
      panel.appendChild(sentenceBlock(m[0], m[1], m[2]));
    });
    if (n.mentions > n.evidence.length) {
      panel.appendChild(el("p", "muted", "… and " + (n.mentions - n.evidence.length) + " more mentions."));
    }
  }
  function showEdge(id) {
    var e = data.edges[id];
    clear(panel);
    panel.appendChild(el("h2", null, e.relation));
    var ul = el("ul", "rels");
    ul.appendChild(relationItem(e));
    panel.appendChild(ul);
  }
  function focusNode(id) {
    if (!nodeView.get(id)) { // hidden by a filter: show everything again
      typeOn = typeOn.map(function () { return true; });
      articleOn = -1;
      syncFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // Search ---------------------------------------------------------------
  var keys = data.nodes.map(function (n) { return [n.label].concat(n.aliases).map(fold); });
  var datalist = document.getElementById("labels");
  data.nodes.slice().sort(function (a, b) { return b.value - a.value; }).slice(0, 3000)
    .forEach(function (n) { var o = el("option"); o.value = n.label; datalist.appendChild(o); });
  function search(q) {
    var k = fold(q), best = -1, bestScore = -1;
    if (!k) return -1;
    data.nodes.forEach(function (n, i) {
      var score = -1;
      keys[i].forEach(function (key) {
        if (key === k) score = Math.max(score, 2);
        else if (key.indexOf(k) >= 0) score = Math.max(score, 1);
      });
      if (score > bestScore || (score === bestScore && score >= 0 && n.value > data.nodes[best].value)) {
        best = i; bestScore = score;
      }
    });
    return bestScore >= 0 ? best : -1;
  }
  var msg = document.getElementById("search-msg");
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("search").value, i = search(q);
    msg.textContent = i < 0 ? "Nothing matches “" + q + "”." : "";
    if (i >= 0) focusNode(i);
  });

  // Filters --------------------------------------------------------------
  var legend = document.getElementById("legend"), boxes = [];
  types.forEach(function (t, i) {
    var label = el("label"), box = el("input"), sw = el("span", "swatch " + t.shape);
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { typeOn[i] = box.checked; refresh(); });
    sw.style.background = t.color;
    label.appendChild(box); label.appendChild(sw); label.appendChild(el("span", null, t.name));
    label.appendChild(el("span", "count", data.nodes.filter(function (n) { return n.type === i; }).length));
    legend.appendChild(label); boxes.push(box);
  });
  var select = document.getElementById("article");
  articles.map(function (a, i) { return [articleName(i), i]; })
    .sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; })
    .forEach(function (p) { var o = el("option", null, p[0]); o.value = String(p[1]); select.appendChild(o); });
  select.addEventListener("change", function () { articleOn = parseInt(select.value, 10); refresh(); });
  function syncFilters() {
    boxes.forEach(function (b, i) { b.checked = typeOn[i]; });
    select.value = String(articleOn);
    refresh();
  }
  function refresh() {
    nodeView.refresh(); edgeView.refresh();
    status.textContent = nodeView.length + " of " + data.total.nodes + " entities, " +
      edgeView.length + " of " + data.edges.length + " relations shown";
    // what the filters leave is fitted to the canvas, never left off-screen
    if (nodeView.length) network.fit({ nodes: nodeView.getIds(), animation: false });
  }

  // Ready once the first frame is drawn (tests and the benchmark wait for it).
  network.once("afterDrawing", function () {
    window.kgReady = true;
    if (window.performance && performance.mark) performance.mark("kg-ready");
  });
  if (data.focus >= 0) {
    network.once("afterDrawing", function () { focusNode(data.focus); });
  }
  window.kg = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
                data: data, showNode: showNode, showEdge: showEdge, focusNode: focusNode, search: search };
})();
