"""Node positions computed once in Python, so the page draws a still picture.

Physics in the browser takes minutes on thousands of nodes and never looks
the same twice. Here each connected component gets a seeded force layout,
lone entities a grid, and the blocks are packed in rows, biggest first.

>>> import networkx as nx
>>> pos = layout(nx.Graph([("a", "b"), ("b", "c"), ("x", "y")]))
>>> sorted(pos) == ["a", "b", "c", "x", "y"]
True
>>> pos == layout(nx.Graph([("x", "y"), ("b", "c"), ("a", "b")]))
True
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

#: Pixels between linked neighbours (a 13 px label of 30 characters is ~200 px wide).
SPACING = 190.0
#: Grid cell for entities without relations: one label wide, two lines high.
CELL_W, CELL_H = 260.0, 85.0
#: Arc between two leaves fanned around their hub.
ARC = 100.0
#: Gap between packed blocks.
GAP = CELL_W  # labels overhang a block by half a label
def _spring(H: nx.Graph, seed: int) -> np.ndarray:
    """Seeded Fruchterman-Reingold, centred, the median edge 1 long."""
    n = len(H)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    # The step is O(n^2): about 3e6 pair updates in all, 10 to 50 iterations.
    iterations = max(10, min(50, int(3e6 / (n * n))))
    pos = nx.spring_layout(H, seed=seed, iterations=iterations, method="force")
    xy = np.array([pos[v] for v in H])
    xy -= xy.mean(axis=0)
    index = {v: i for i, v in enumerate(H)}
    lengths = [np.linalg.norm(xy[index[u]] - xy[index[v]]) for u, v in H.edges()]
    return xy / max(float(np.median(lengths)), 1e-9)


def _component(H: nx.Graph, seed: int) -> np.ndarray:
    """Positions for one connected component, in pixels, in ``H``'s node order.

    Entities linked to a single other one (most documents, people with one
    position) are taken out, the rest laid out by force, and each group of
    leaves fanned out around its hub, facing away from the hub's other
    links: hubs with many spokes stay readable and the layout stays fast.
    """
    leaves = {v for v in H if H.degree(v) == 1}
    core = [v for v in H if v not in leaves]
    if not core:  # a single edge
        core = [min(H)]
        leaves.discard(core[0])
    hub_leaves = {c: sorted(u for u in H[c] if u in leaves) for c in core}
    # Room for each hub's fan: about ARC px of arc per leaf.
    radius = {c: max(SPACING, len(ls) * ARC / (2 * math.pi)) for c, ls in hub_leaves.items()}
    C = nx.Graph()  # not H.subgraph(core): a view's node order is a set's (hash) order
    C.add_nodes_from(core)
    C.add_edges_from((u, v) for u, v in H.edges() if u in C and v in C)
    core_xy = _spring(C, seed)
    # Stretch until linked hubs' fans do not overlap (edges shorter than half
    # the median are not trusted to set the scale).
    index = {c: i for i, c in enumerate(C)}
    base = SPACING * 1.3
    scale = base
    for u, v in C.edges():
        length = max(0.8, float(np.linalg.norm(core_xy[index[u]] - core_xy[index[v]])))
        if hub_leaves[u] and hub_leaves[v]:
            scale = max(scale, (radius[u] + radius[v] + SPACING / 2) / length)
    scale = min(scale, base * 4)
    pos = {c: core_xy[index[c]] * scale for c in core}
    for c in core:
        ls = hub_leaves[c]
        if not ls:
            continue
        others = [pos[u] - pos[c] for u in H[c] if u in pos]
        mean = np.mean(others, axis=0) if others else np.zeros(2)
        if others and np.linalg.norm(mean) > 1e-9:
            away = math.atan2(-mean[1], -mean[0])
            fan = min(2 * math.pi * (len(ls) / (len(ls) + 1)), max(math.pi, len(ls) * ARC / radius[c]))
        else:
            away, fan = -math.pi / 2, 2 * math.pi * (len(ls) / (len(ls) + 1)) if len(ls) > 1 else 0.0
        for i, leaf in enumerate(ls):
            angle = away + (fan * (i / (len(ls) - 1) - 0.5) if len(ls) > 1 else 0.0)
            pos[leaf] = pos[c] + radius[c] * np.array([math.cos(angle), math.sin(angle)])
    return np.array([pos[v] for v in H])


def _grid(n: int) -> np.ndarray:
    """Cells filled row by row, the block a little wider than tall, like a screen."""
    cols = max(1, math.ceil(math.sqrt(n * CELL_H / CELL_W * 1.4)))
    return np.array([[(i % cols) * CELL_W, (i // cols) * CELL_H] for i in range(n)])


def layout(H: nx.Graph, order: list | None = None, group=None, seed: int = 7, compact: bool = False) -> dict:
    """``{node: (x, y)}`` in screen pixels for an undirected simple graph.

    ``order`` fixes the order of lone nodes in their grids (e.g. by
    importance; by default sorted), ``group`` (node -> key) splits them into
    one grid per key (e.g. per type), in order of first appearance.
    ``compact`` (an overview of a hundred or so entities, seen whole): each
    component is one force layout, hubs and leaves alike, its median link
    :data:`SPACING` long, so that the fitted picture keeps its names legible.
    """
    blocks: list[tuple[list, np.ndarray]] = []
    lone = []
    comps = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0]))
    for comp in comps:
        if len(comp) == 1:
            lone.append(comp[0])
            continue
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        # each edge in one orientation: a subgraph view iterates its nodes in set (hash) order
        sub.add_edges_from(sorted({tuple(sorted(e)) for e in H.subgraph(comp).edges()}))
        blocks.append((comp, _spring(sub, seed) * SPACING * 1.5 if compact else _component(sub, seed)))
    rank = {v: i for i, v in enumerate(order or [])}
    lone.sort(key=lambda v: (rank.get(v, len(rank)), v))
    grids: dict = {}
    for v in lone:
        grids.setdefault(group(v) if group else None, []).append(v)
    for nodes in grids.values():
        blocks.append((nodes, _grid(len(nodes))))
    return _pack(blocks)


def _pack(blocks: list[tuple[list, np.ndarray]]) -> dict:
    """Shelf packing: rows of blocks up to about the square root of the area."""
    boxes = []
    for nodes, xy in blocks:
        lo = xy.min(axis=0)
        size = xy.max(axis=0) - lo
        boxes.append((nodes, xy - lo, size))
    area = sum((w + GAP) * (h + GAP) for _, _, (w, h) in boxes)
    width = max([math.sqrt(area) * 1.3] + [w for _, _, (w, _) in boxes])
    pos: dict = {}
    x = y = row = 0.0
    for nodes, xy, (w, h) in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + GAP, 0.0
        for v, (px, py) in zip(nodes, xy):
            pos[v] = (round(float(px + x), 1), round(float(py + y), 1))
        x += w + GAP
        row = max(row, h)
    return pos
