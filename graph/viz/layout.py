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
CELL_W, CELL_H = 235.0, 85.0
#: Gap between packed blocks.
GAP = CELL_W  # labels overhang a block by half a label
#: Above this many nodes, force-directed iterations are cut: the dense
#: Fruchterman-Reingold step is O(n^2) per iteration.
BIG = 300


def _component(H: nx.Graph, seed: int) -> np.ndarray:
    """Positions for one connected component, centred, roughly SPACING apart."""
    n = len(H)
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]]) * SPACING * 1.4
    # ~2e7 pair updates in all whatever the size, at least 15 iterations.
    iterations = max(15, min(100, int(2e7 / (n * n))))
    pos = nx.spring_layout(H, seed=seed, iterations=iterations, method="force")
    xy = np.array([pos[v] for v in H])
    xy -= xy.mean(axis=0)
    # Scale so that the median edge is SPACING long.
    index = {v: i for i, v in enumerate(H)}
    lengths = [np.linalg.norm(xy[index[u]] - xy[index[v]]) for u, v in H.edges()]
    median = float(np.median(lengths)) if lengths else 1.0
    return xy * (SPACING / max(median, 1e-9))


def _grid(n: int) -> np.ndarray:
    """Cells filled row by row, the block a little wider than tall, like a screen."""
    cols = max(1, math.ceil(math.sqrt(n * CELL_H / CELL_W * 1.4)))
    return np.array([[(i % cols) * CELL_W, (i // cols) * CELL_H] for i in range(n)])


def layout(H: nx.Graph, order: list | None = None, group=None, seed: int = 7) -> dict:
    """``{node: (x, y)}`` in screen pixels for an undirected simple graph.

    ``order`` fixes the order of lone nodes in their grids (e.g. by
    importance; by default sorted), ``group`` (node -> key) splits them into
    one grid per key (e.g. per type), in order of first appearance.
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
        sub.add_edges_from(sorted(H.subgraph(comp).edges()))
        blocks.append((comp, _component(sub, seed)))
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
