"""How fast the explorer answers: search, entity pages, first draw, expanding a node; and which
drawing library stays smooth with 5,000 nodes.

Usage::

    python benchmarks/bench_explore.py --store /tmp/bulk-exports/store      # the server figures
    python benchmarks/bench_explore.py --draw --nodes 5000                   # vis-network vs sigma.js

Server figures (``kg serve`` started on a free local port over ``--store``):

* ``suggest``: the search box's suggestions (``/api/suggest``), for prefixes of
  well-known names typed letter by letter (target <= 100 ms);
* ``entity page``: ``/id/…`` as HTML for the most mentioned entities of each
  type (target <= 300 ms);
* ``first draw``: ``/explore?iri=`` opened in headless Chromium until the
  neighbourhood is drawn (target <= 1 s);
* ``expand``: a click on a node until its neighbours are drawn (target <= 300 ms).

Drawing (``--draw``): the same generated graph (``--nodes`` nodes, 1.3 edges a
node, positions given, every node labelled) drawn by vis-network and by
sigma.js + graphology in headless Chromium: time to the first frame, then the
frame times while the camera zooms and pans for two seconds. sigma.js is not
vendored (vis-network was chosen by this measurement); ``--libs DIR`` names a
folder holding ``sigma.min.js`` and ``graphology.umd.min.js``, e.g. from
``npm pack sigma@3.0.3 graphology@0.26.0`` (``package/dist/`` of each).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIZ_ASSETS = ROOT / "graph" / "viz" / "assets"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def until(page, expr: str, timeout: float = 60.0, arg=None):
    """Poll ``expr`` (a function of ``arg``): the pages' CSP forbids the eval that
    Playwright's string predicates need."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = page.evaluate(f"(arg) => ({expr})", arg)
        if value:
            return value
        time.sleep(0.01)
    raise SystemExit(f"not true within {timeout} s: {expr}")


def local_only(page, allowed: tuple[str, ...]) -> list[str]:
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return blocked


# -- drawing libraries --------------------------------------------------------------------------

def synthetic(n: int, seed: int = 7) -> dict:
    """Hubs with spokes, like the graph: positions on a jittered spiral of clusters."""
    rng = random.Random(seed)
    nodes, edges = [], []
    hubs = max(1, n // 25)
    for i in range(n):
        hub = i % hubs
        angle, radius = hub * 2.4, 60 * math.sqrt(hub + 1)
        cx, cy = radius * math.cos(angle) * 10, radius * math.sin(angle) * 10
        r = 0 if i < hubs else 40 + rng.random() * 120
        a = rng.random() * 2 * math.pi
        nodes.append({"id": i, "label": f"Ủy ban nhân dân {i}", "x": cx + r * math.cos(a), "y": cy + r * math.sin(a),
                      "size": 12 if i < hubs else 4})
        if i >= hubs:
            edges.append([i, hub])
    while len(edges) < int(n * 1.3):
        a, b = rng.randrange(n), rng.randrange(hubs)
        if a != b:
            edges.append([a, b])
    return {"nodes": nodes, "edges": edges}


_FRAMES = """
window.kgFrames = function (ms, step) {
  return new Promise(resolve => {
    const times = []; let last = performance.now(); const end = last + ms;
    function tick(now) {
      times.push(now - last); last = now; step((now - (end - ms)) / ms);
      if (now < end) requestAnimationFrame(tick); else resolve(times.slice(1));
    }
    requestAnimationFrame(tick);
  });
};
"""

_VIS = """
const data = JSON.parse(document.getElementById('data').textContent);
const t0 = performance.now();
const nodes = new vis.DataSet(data.nodes.map(n => ({id: n.id, label: n.label, x: n.x, y: n.y, value: n.size})));
const edges = new vis.DataSet(data.edges.map((e, i) => ({id: i, from: e[0], to: e[1]})));
const net = new vis.Network(document.getElementById('g'), {nodes, edges}, {physics: false,
  layout: {improvedLayout: false}, interaction: {hideEdgesOnDrag: true},
  nodes: {shape: 'dot', scaling: {min: 4, max: 16, label: {enabled: true, drawThreshold: 5}}},
  edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}}});
net.once('afterDrawing', () => { window.firstDraw = performance.now() - t0; });
net.fit({animation: false});
const s0 = net.getScale();
window.step = f => net.moveTo({scale: s0 * (1 + 2 * Math.sin(f * Math.PI)), position: {x: 300 * f, y: 0}, animation: false});
"""

_SIGMA = """
const data = JSON.parse(document.getElementById('data').textContent);
const t0 = performance.now();
const g = new graphology.Graph({multi: true});
data.nodes.forEach(n => g.addNode(String(n.id), {label: n.label, x: n.x, y: -n.y, size: n.size, color: '#4e79a7'}));
data.edges.forEach(e => g.addEdge(String(e[0]), String(e[1]), {size: 1, color: '#aab', type: 'arrow'}));
const r = new Sigma(g, document.getElementById('g'), {renderEdgeLabels: false, labelRenderedSizeThreshold: 6});
r.once('afterRender', () => { window.firstDraw = performance.now() - t0; });
r.refresh();
const cam = r.getCamera();
window.step = f => cam.setState({ratio: 1 / (1 + 2 * Math.sin(f * Math.PI)), x: 0.5 + 0.2 * f, y: 0.5});
"""


def draw_page(lib: str, data: dict, libs_dir: Path) -> str:
    from graph.viz.render import embed_json

    if lib == "vis-network":
        libs = [(VIZ_ASSETS / "vis-network.min.js").read_text(encoding="utf-8")]
        code = _VIS
    else:
        libs = [(libs_dir / "graphology.umd.min.js").read_text(encoding="utf-8"),
                (libs_dir / "sigma.min.js").read_text(encoding="utf-8")]
        code = _SIGMA
    scripts = "".join(f"<script>{js}</script>" for js in libs)
    return (f"<!doctype html><meta charset=utf-8><style>html,body,#g{{margin:0;width:100%;height:100%}}</style>"
            f"<div id=g></div><script type=application/json id=data>{embed_json(data)}</script>{scripts}"
            f"<script>{_FRAMES}{code}</script>")


def bench_draw(n: int, runs: int, libs_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    data = synthetic(n)
    print(f"drawing {len(data['nodes'])} nodes, {len(data['edges'])} edges, every node labelled, "
          f"1400x900 px, headless Chromium ({' '.join(ARGS[:2])})")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        for lib in ("vis-network", "sigma"):
            path = Path(tmp) / f"{lib}.html"
            path.write_text(draw_page(lib, data, libs_dir), encoding="utf-8")
            first, medians, p95s = [], [], []
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                blocked = local_only(page, ("file:", "data:"))
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function("window.firstDraw !== undefined", timeout=120_000)
                first.append(time.perf_counter() - t)
                frames = page.evaluate("kgFrames(2000, window.step)")
                medians.append(statistics.median(frames))
                p95s.append(pct(frames, 95))
                page.close()
                if blocked:
                    raise SystemExit(f"{lib}: the page asked the network for {blocked[:3]}")
            print(f"{lib:12s} first frame {statistics.median(first):.2f} s (page open to drawn), "
                  f"frames while zooming: median {statistics.median(medians):.0f} ms "
                  f"({1000 / statistics.median(medians):.0f} fps), 95th percentile {statistics.median(p95s):.0f} ms")
        browser.close()


# -- the server ---------------------------------------------------------------------------------

def bench_server(store: Path, runs: int) -> None:
    import httpx
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests" / "serve"))
    from conftest import start_server, stop_server  # the tests' way of starting kg serve

    t = time.perf_counter()
    server = start_server(["--store", str(store)], ready=300)
    try:
        with httpx.Client(base_url=server.base, timeout=120) as client:
            status = client.get("/api/status").json()
            while not status.get("index"):
                time.sleep(0.5)
                status = client.get("/api/status").json()
            print(f"kg serve --store {store}: {status['index']['entities']:,} entities, "
                  f"{status['index']['posts']:,} posts, {status['index']['facts']:,} facts in memory; "
                  f"ready {time.perf_counter() - t:.1f} s after start")
            top = client.get("/api/top", params={"limit": 5}).json()
            names = [n["label"] for n in top[:3]] + ["Bí thư Tỉnh ủy", "Ban Thường vụ Tỉnh ủy Bình Định"]
            times = []
            for name in names:
                for i in range(2, min(len(name), 24) + 1):
                    t = time.perf_counter()
                    r = client.get("/api/suggest", params={"q": name[:i]})
                    times.append(time.perf_counter() - t)
                    r.raise_for_status()
            print(f"suggest: {len(times)} requests (prefixes of {len(names)} names typed letter by letter): "
                  f"median {statistics.median(times) * 1000:.1f} ms, 95th percentile {pct(times, 95) * 1000:.1f} ms, "
                  f"max {max(times) * 1000:.1f} ms (target <= 100 ms)")
            pages = []  # (seconds, type, bytes, first request of that page or not)
            by_type = client.get("/api/top", params={"limit": 3, "per_type": 1}).json()
            for node in by_type:
                for run in range(runs):
                    t = time.perf_counter()
                    r = client.get("/resource", params={"iri": node["iri"]}, headers={"Accept": "text/html"})
                    pages.append((time.perf_counter() - t, node["type"], len(r.content), run == 0))
                    r.raise_for_status()
            worst = max(pages)
            again = [p[0] for p in pages if not p[3]] or [p[0] for p in pages]
            print(f"entity page: {len(pages)} pages ({len(by_type)} entities: the 3 most mentioned of each type, "
                  f"{runs} times each): median {statistics.median(p[0] for p in pages) * 1000:.0f} ms, "
                  f"max {worst[0] * 1000:.0f} ms ({worst[1]}, {worst[2] / 1000:.0f} kB, "
                  f"{'first' if worst[3] else 'repeated'} request); repeated requests: median "
                  f"{statistics.median(again) * 1000:.0f} ms, max {max(again) * 1000:.0f} ms (target <= 300 ms)")
        with sync_playwright() as p:
            browser = launch(p)
            firsts, expands = [], []
            for node in by_type[:4]:
                for _ in range(runs):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    blocked = local_only(page, (server.base,))
                    t = time.perf_counter()
                    page.goto(f"{server.base}/explore?" + str(httpx.QueryParams({"iri": node["iri"]})))
                    until(page, "window.kgExplore && window.kgExplore.drawn > 0")
                    firsts.append(time.perf_counter() - t)
                    # expand the neighbour with the most links that is not expanded yet
                    target = page.evaluate("() => kgExplore.bestToExpand()")
                    if target:
                        before = page.evaluate("() => kgExplore.drawn")
                        t = time.perf_counter()
                        page.evaluate("iri => { kgExplore.expand(iri); }", target)
                        until(page, "kgExplore.drawn > arg", arg=before)
                        expands.append(time.perf_counter() - t)
                    page.close()
                    if blocked:
                        raise SystemExit(f"the explorer asked the network for {blocked[:3]}")
            browser.close()
        print(f"first draw: {len(firsts)} explorer views opened: median {statistics.median(firsts):.2f} s, "
              f"max {max(firsts):.2f} s (target <= 1 s)")
        if expands:
            print(f"expand: {len(expands)} nodes expanded: median {statistics.median(expands) * 1000:.0f} ms, "
                  f"max {max(expands) * 1000:.0f} ms (target <= 300 ms)")
    finally:
        stop_server(server)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="store folder to serve (the bulk store for the targets)")
    ap.add_argument("--draw", action="store_true", help="compare the drawing libraries instead")
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("-n", "--runs", type=int, default=3)
    ap.add_argument("--libs", type=Path, default=Path("/tmp/npmx/libs"),
                    help="folder with sigma.min.js and graphology.umd.min.js (for --draw)")
    args = ap.parse_args()
    if args.draw:
        bench_draw(args.nodes, args.runs, args.libs)
    elif args.store:
        bench_server(args.store, args.runs)
    else:
        ap.error("give --store or --draw")
    return 0


if __name__ == "__main__":
    sys.exit(main())
