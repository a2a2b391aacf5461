"""Time until a 2,000-node browser view is drawn and answers a click.

Usage::

    python benchmarks/bench_viz.py                          # build ../shared/corpus/politics, then measure
    python benchmarks/bench_viz.py --graph exports/graph.trig   # reuse a graph file
    python benchmarks/bench_viz.py --max-nodes 5000 -n 5

Renders the view (``graph.viz.render_html``), opens it from a file in headless
Debian chromium with every non-file request refused, and prints, per run and
as the median: ``drawn`` (navigation start -> first frame, ``window.kgReady``),
``search`` (type the most important node's name, Enter -> its panel), ``click``
(mouse click on that node -> its name in the panel) and ``interactive``
(drawn + click). Goal: interactive <= 3 s for 2,000 nodes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.viz.project import to_networkx  # noqa: E402
from graph.viz.render import render_html  # noqa: E402

POLITICS = ROOT.parent / "shared" / "corpus" / "politics"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build(corpus: Path, out: Path) -> Path:
    from graph.build.runner import build_graph

    t = time.perf_counter()
    report = build_graph([corpus], out)
    print(f"build {corpus}: {time.perf_counter() - t:.1f} s, errors {len(report.errors)}")
    return out / "graph.trig"


def until(page, expr: str, arg=None, timeout: float = 120.0) -> None:
    """Poll ``expr`` (a function of ``arg``): the page's CSP forbids the eval that Playwright's
    string predicates need."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if page.evaluate(f"(arg) => ({expr})", arg):
            return
        time.sleep(0.005)
    raise SystemExit(f"not true within {timeout} s: {expr}")


def measure(browser, html: Path) -> tuple[float, float, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    blocked = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(html.resolve().as_uri())
    until(page, "window.kgReady === true")
    drawn = page.evaluate("performance.getEntriesByName('kg-ready')[0].startTime") / 1000
    # Find the most important node with the search box (the start view of a
    # big graph shows its top left only), then click it where it is drawn.
    node = page.evaluate("kg.data.nodes.reduce((a, b) => b.value > a.value ? b : a)")
    t = time.perf_counter()
    page.fill("#search", node["label"])
    page.press("#search", "Enter")
    until(page, "(document.querySelector('#panel h2') || {}).textContent === arg", node["label"])
    search = time.perf_counter() - t
    page.evaluate("kg.network.unselectAll(); document.getElementById('panel').textContent = ''")
    xy = page.evaluate(
        """id => { const p = kg.network.canvasToDOM(kg.network.getPositions([id])[id]);
                   const r = document.getElementById('net').getBoundingClientRect();
                   return [p.x + r.left, p.y + r.top]; }""",
        node["id"],
    )
    t = time.perf_counter()
    page.mouse.click(*xy)
    until(page, "(document.querySelector('#panel h2') || {}).textContent === arg", node["label"])
    click = time.perf_counter() - t
    page.close()
    if blocked:
        raise SystemExit(f"the page asked the network for {blocked[:3]}")
    return drawn, search, click


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", type=Path, help="graph file (.trig/.nq); default: build --corpus")
    ap.add_argument("--corpus", type=Path, default=POLITICS)
    ap.add_argument("--max-nodes", type=int, default=2000)
    ap.add_argument("-n", "--runs", type=int, default=3)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        trig = args.graph or build(args.corpus, Path(tmp) / "exports")
        G = to_networkx(trig)
        print(f"graph {trig}: {G.number_of_nodes()} entities, {G.number_of_edges()} relations")
        t = time.perf_counter()
        report = render_html(trig, Path(tmp) / "view.html", max_nodes=args.max_nodes)
        size = report.path.stat().st_size / 1e6
        print(f"render: {time.perf_counter() - t:.2f} s, {report.nodes} nodes, {report.edges} edges, "
              f"{size:.1f} MB")
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for i in range(args.runs):
                drawn, search, click = measure(browser, report.path)
                rows.append((drawn, search, click, drawn + click))
                print(f"run {i + 1}: drawn {drawn:.2f} s, search {search:.2f} s, click {click:.2f} s, "
                      f"interactive {drawn + click:.2f} s")
            browser.close()
        med = [statistics.median(c) for c in zip(*rows)]
        print(f"median ({report.nodes} nodes, {report.edges} relation statements): drawn {med[0]:.2f} s, "
              f"search {med[1]:.2f} s, click {med[2]:.2f} s, interactive {med[3]:.2f} s (goal <= 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
