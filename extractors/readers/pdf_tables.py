"""Ruled tables: find grids in a page's ruling lines, and give each word its cell.

A table is a connected set of horizontal and vertical rules with at least two columns.
Cells are the grid's boxes merged wherever no rule separates them, so a heading row that
spans the table stays one cell. A tall row whose columns hold several items separated by
blank lines (a common layout in performance work statements) is cut into sub-rows.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from statistics import median

from extractors.readers.pdf_objects import Edge, Word

SNAP = 2.0  # points: rules closer than this are one rule
TOUCH = 3.0  # points: how far apart a horizontal and a vertical rule may be and still meet
MIN_CELL = 6.0  # points: no column or row is thinner than this


@dataclass
class Table:
    xs: list[float]
    ys: list[float]
    x0: float
    top: float
    x1: float
    bottom: float
    # cell id of each grid box, indexed [row][col]
    cell_of: list[list[int]] = field(default_factory=list)
    words: dict[int, list[Word]] = field(default_factory=dict)

    def contains(self, w: Word) -> bool:
        return self.x0 - 1 <= w.cx <= self.x1 + 1 and self.top - 1 <= w.cy <= self.bottom + 1

    def add(self, w: Word) -> None:
        r = min(max(bisect_right(self.ys, w.cy) - 1, 0), len(self.ys) - 2)
        c = min(max(bisect_right(self.xs, w.cx) - 1, 0), len(self.xs) - 2)
        self.words.setdefault(self.cell_of[r][c], []).append(w)


@dataclass
class TableRow:
    cells: list[list[Word]]  # words of each cell, in column order
    x0: float
    top: float
    x1: float
    bottom: float


def find_tables(edges: list[Edge]) -> list[Table]:
    hs = _merge([e for e in edges if e.horizontal])
    vs = _merge([e for e in edges if not e.horizontal])
    tables = []
    for group_h, group_v in _connected(hs, vs):
        table = _grid(group_h, group_v)
        if table:
            tables.append(table)
    return tables


def table_rows(table: Table) -> list[TableRow]:
    """Rows of the table in order. A cell merged down several rows ("Severity 1 Service
    Requests" over its 50% and 100% rows) speaks for each of them, so its words go to
    every row it spans that has words of its own; a row holding nothing of its own is
    no row."""
    rows = []
    n_rows, n_cols = len(table.ys) - 1, len(table.xs) - 1
    # Spacer columns (narrow gutters between rules) hold no text in any row: drop them.
    used = [c for c in range(n_cols) if any(table.cell_of[r][c] in table.words for r in range(n_rows))]
    seen: set[int] = set()
    for r in range(n_rows):
        ids = []
        for c in used:
            cid = table.cell_of[r][c]
            if not ids or ids[-1] != cid:
                ids.append(cid)
        own = [cid for cid in ids if cid not in seen and cid in table.words]
        cells = [table.words.get(cid, []) for cid in ids]
        seen.update(ids)
        if own:
            rows.extend(_split_tall_row(cells, table.x0, table.ys[r], table.x1, table.ys[r + 1]))
    return rows


def _merge(edges: list[Edge]) -> list[Edge]:
    """Snap rules at nearly the same position together and join overlapping pieces."""
    edges = sorted(edges, key=lambda e: (e.pos, e.a0))
    bands: list[list[Edge]] = []
    for e in edges:
        if bands and e.pos - bands[-1][0].pos <= SNAP:
            bands[-1].append(e)
        else:
            bands.append([e])
    merged = []
    for band in bands:
        pos = median(e.pos for e in band)
        for e in sorted(band, key=lambda e: e.a0):
            if merged and merged[-1].pos == pos and e.a0 <= merged[-1].a1 + TOUCH:
                merged[-1].a1 = max(merged[-1].a1, e.a1)
            else:
                merged.append(Edge(e.horizontal, pos, e.a0, e.a1))
    return merged


def _meets(h: Edge, v: Edge) -> bool:
    return h.a0 - TOUCH <= v.pos <= h.a1 + TOUCH and v.a0 - TOUCH <= h.pos <= v.a1 + TOUCH


def _connected(hs: list[Edge], vs: list[Edge]):
    parent = list(range(len(hs) + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _meets(h, v):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Edge], list[Edge]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _positions(values: list[float], min_gap: float) -> list[float]:
    """Distinct rule positions; double rules and borders a few points apart count once."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > min_gap:
            out.append(v)
    return out


def _grid(hs: list[Edge], vs: list[Edge]) -> Table | None:
    x0, x1 = min(h.a0 for h in hs), max(h.a1 for h in hs)
    top, bottom = min(v.a0 for v in vs), max(v.a1 for v in vs)
    xs = _positions([v.pos for v in vs] + [x0, x1], MIN_CELL)
    ys = _positions([h.pos for h in hs] + [top, bottom], MIN_CELL)
    xs = [x for x in xs if x0 - SNAP <= x <= x1 + SNAP]
    ys = [y for y in ys if top - SNAP <= y <= bottom + SNAP]
    if len(xs) < 3 or len(ys) < 2:  # one column: a box around text, not a table
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < n_cols and not _ruled(vs, xs[c + 1], ymid):
                parent[find(r * n_cols + c)] = find(r * n_cols + c + 1)
            if r + 1 < n_rows and not _ruled(hs, ys[r + 1], xmid):
                parent[find(r * n_cols + c)] = find((r + 1) * n_cols + c)
    cell_of = [[find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
    if all(len(set(row)) < 2 for row in cell_of):
        return None
    return Table(xs, ys, x0, top, x1, bottom, cell_of)


def _ruled(edges: list[Edge], pos: float, at: float) -> bool:
    return any(abs(e.pos - pos) <= MIN_CELL and e.a0 - TOUCH <= at <= e.a1 + TOUCH for e in edges)


def _lines(words: list[Word]) -> list[tuple[float, float]]:
    """Vertical extents of the text lines in one cell."""
    spans: list[list[float]] = []
    for w in sorted(words, key=lambda w: w.top):
        if spans and w.cy <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], w.bottom)
        else:
            spans.append([w.top, w.bottom])
    return [(a, b) for a, b in spans]


def _split_tall_row(cells, x0, top, x1, bottom) -> list[TableRow]:
    """Cut a tall row into its items: at blank bands shared by every column that holds
    several items. Columns of one running paragraph (a description beside the items)
    are cut along with them, as plain extraction would read them."""
    lines = [_lines(c) for c in cells]
    heights = [b - a for ls in lines for a, b in ls]
    if not heights:
        return [TableRow(cells, x0, top, x1, bottom)]
    line_h = median(heights)
    itemised = [ls for ls in lines if any(b0 - a1 >= 0.7 * line_h for (_, a1), (b0, _) in zip(ls, ls[1:]))]
    if bottom - top < 4 * line_h or len(itemised) < 2:
        return [TableRow(cells, x0, top, x1, bottom)]
    cuts = [y for y in _shared_gaps(itemised, top, bottom, line_h) if _splits(y, itemised) >= 2]
    if not cuts:
        return [TableRow(cells, x0, top, x1, bottom)]
    bounds = [top, *cuts, bottom]
    rows = []
    for a, b in zip(bounds, bounds[1:]):
        part = [[w for w in c if a <= w.cy < b] for c in cells]
        if any(part):
            rows.append(TableRow(part, x0, a, x1, b))
    return rows


def _shared_gaps(columns, top: float, bottom: float, line_h: float) -> list[float]:
    """Middles of the bands, at least a third of a line high, where no column has text."""
    covered = sorted((a, b) for ls in columns for a, b in ls)
    gaps, reach = [], top
    for a, b in covered:
        if a - reach >= line_h / 3 and reach > top:
            gaps.append((reach + a) / 2)
        reach = max(reach, b)
    return gaps


def _splits(y: float, columns) -> int:
    """How many columns have text both above and below y."""
    return sum(1 for ls in columns if any(b <= y for _, b in ls) and any(a >= y for a, _ in ls))
