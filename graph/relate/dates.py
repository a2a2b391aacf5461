"""Dates: of a document ("ngày 5/12/2023"), and the date a sentence states its facts for.

News dates its facts by a time adverbial ("Sáng 16/4, …", "Ngày 5/12/2023, …",
"Trong tháng 3/2025, …") that often leaves out the year. The year is then the one
that puts the date near the article's reference date: its publication date
(``Article.published``, from the text or a manifest), the date taken in the
year up to a week after it ("Chiều 28/12" in an article of 2 January is last
year's); else the latest full date the article writes that is not ahead of it
(not a plan or a deadline: "dự kiến …", "trước ngày …"; a report cites the
documents it reports on, and reports what happened since), the date taken in
the year from 60 days before it to 305 days after. Without any full date there
is no year, and no date: a date has the precision the text supports
("2025-04-16", "2025-04", "2025").

>>> parse_date("18-5-2021"), parse_date("ngày 5 tháng 12 năm 2023"), parse_date("28/12", 2023)
('2021-05-18', '2023-12-05', '2023-12-28')
>>> clock = ArticleDates("Sáng 16/4, Tỉnh ủy họp. Nghị quyết số 57-NQ/TW ngày 22/12/2024 …", None)
>>> clock.reference, clock.resolve(16, 4), clock.resolve(20, 12)
(datetime.date(2024, 12, 22), '2025-04-16', '2024-12-20')
>>> ArticleDates("Chiều 28/12, …", "2024-01-02").resolve(28, 12)
'2023-12-28'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["ArticleDates", "DATE_RE", "SentenceDate", "parse_date", "sentence_date"]

DATE_RE = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*(?:[/.-]|\s+tháng\s+)(?P<m>\d{1,2})(?:\s*(?:[/.-]|\s+năm\s+)(?P<y>(?:19|20)\d\d))?(?!\d)"
)
# words before a date that put it ahead of the article (a plan, a deadline)
_AHEAD_RE = re.compile(r"(?i:dự kiến|sẽ|trước ngày|đến ngày|tới ngày|chậm nhất|hoàn thành|thời hạn|hạn chót|kể từ ngày)")
_FULL_DATE_RE = re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d\d)(?!\d)"
                           r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d\d)")


def parse_date(text: str, default_year: int | None = None) -> str | None:
    """ISO date of "5/12/2023", "18-5-2021", "17.2.2025", "ngày 5 tháng 12 năm 2023", "28/12"."""
    m = DATE_RE.search(text)
    if not m:
        return None
    d, mo = int(m.group("d")), int(m.group("m"))
    y = int(m.group("y")) if m.group("y") else default_year
    if not (1 <= d <= 31 and 1 <= mo <= 12) or y is None:
        return None
    return _iso(y, mo, d)


def _iso(y: int, mo: int, d: int | None = None) -> str | None:
    if d is None:
        return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


class ArticleDates:
    """The year an article's dates without a year are in, and their resolution."""

    def __init__(self, text: str, published: str | None):
        self.reference: date | None = None
        self.window = (timedelta(days=-358), timedelta(days=7))  # around a publication date
        if published:
            try:
                self.reference = date.fromisoformat(published[:10])
            except ValueError:
                self.reference = None
        if self.reference is None:
            found = []
            for m in _FULL_DATE_RE.finditer(text):
                head = text[max(0, m.start() - 150):m.start()]
                head = re.split(r"[.!?\n]\s", head)[-1]  # its own sentence
                if _AHEAD_RE.search(head):
                    continue  # "Dự kiến Ngày Bầu cử … vào ngày 15/3/2026", "trước ngày 30/6": a date ahead
                value = _iso(int(m.group("y") or m.group("y2")), int(m.group("m") or m.group("m2")),
                             int(m.group("d") or m.group("d2")))
                if value:
                    found.append(date.fromisoformat(value))
            self.reference = max(found) if found else None
            self.window = (timedelta(days=-60), timedelta(days=305))  # around the latest date written

    def resolve(self, day: int | None, month: int | None, year: int | None = None) -> str | None:
        """ISO date (or year-month, or year) of a date as written, the year filled in."""
        if year is None:
            ref = self.reference
            if ref is None or month is None:
                return None
            low, high = ref + self.window[0], ref + self.window[1]
            for y in (ref.year - 1, ref.year, ref.year + 1):
                value = _iso(y, month, day)
                if value and low <= date.fromisoformat(value if day else value + "-01") <= high:
                    year = y
                    break
            if year is None:
                return None
        if month is None:
            return f"{year:04d}"
        return _iso(year, month, day)


@dataclass(frozen=True)
class SentenceDate:
    """A date a sentence states: where, its ISO value, and what it marks."""

    start: int
    end: int
    value: str  # "2025-04-16", "2025-04" or "2025"
    marks: str  # "on" (the time of the facts), "from" ("từ ngày …"), "until" ("đến ngày …")


# A time adverbial: "Sáng 16/4", "Ngày 5/12/2023", "chiều thứ Sáu (28/12)", "hôm nay (16/4)",
# "ngày 5 tháng 12 năm 2023", "tháng 3/2025", "tháng 3 năm 2025", "từ ngày 1/7/2025".
_ADVERBIAL_RE = re.compile(
    r"(?P<mark>(?:[Tt]ừ|[Kk]ể từ|[Đđ]ến|[Tt]ới|[Tt]rước|[Ss]au)\s+)?"
    r"(?:(?P<part>[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Nn]gày|[Hh]ôm(?:\s+nay|\s+qua)?|[Ss]áng\s+nay|[Cc]hiều\s+nay)"
    r"(?:\s+(?:thứ\s+\w+|[Cc]hủ\s+nhật))?\s*[(,]?\s*"
    r"(?P<d>\d{1,2})\s*(?:[/.]|-(?=\d{1,2}\s*-\s*(?:19|20)\d\d)|\s+tháng\s+)(?P<m>\d{1,2})"
    r"(?:\s*(?:[/.-]|\s+năm\s+)(?P<y>(?:19|20)\d\d))?\)?"
    r"|(?P<month_word>[Tt]háng)\s+(?P<m2>\d{1,2})(?:\s*/\s*|\s+năm\s+)(?P<y2>(?:19|20)\d\d))"
    r"(?![\d/])"
)
# A year that opens the sentence: "Năm 2016, …", "Trong năm 2023, …"
_LEAD_YEAR_RE = re.compile(r"\s*(?:[Tt]rong\s+)?[Nn]ăm\s+(?P<y>(?:19|20)\d\d)\s*,")


def sentence_date(text: str, start: int, end: int, clock: ArticleDates,
                  skip: list[tuple[int, int]] = ()) -> list[SentenceDate]:
    """The dates the sentence ``text[start:end]`` states, in order (not those in ``skip``:
    the dates of documents and of names).

    >>> clock = ArticleDates("", "2025-04-20")
    >>> s = "Sáng 16/4, tại Hà Nội, Bộ Chính trị tổ chức Hội nghị."
    >>> sentence_date(s, 0, len(s), clock)
    [SentenceDate(start=0, end=9, value='2025-04-16', marks='on')]
    >>> s = "Từ ngày 1/7/2025, ông giữ chức Bí thư."
    >>> [(d.value, d.marks) for d in sentence_date(s, 0, len(s), clock)]
    [('2025-07-01', 'from')]
    """
    out = []
    lead = _LEAD_YEAR_RE.match(text, start, end)
    if lead:
        out.append(SentenceDate(lead.start("y"), lead.end("y"), lead.group("y"), "on"))
    for m in _ADVERBIAL_RE.finditer(text, start, end):
        if any(a <= m.start("d" if m.group("d") else "m2") < b for a, b in skip):
            continue
        mark = (m.group("mark") or "").strip().lower()
        marks = "from" if mark in ("từ", "kể từ", "sau") else "until" if mark in ("đến", "tới", "trước") else "on"
        if m.group("d"):
            d, mo = int(m.group("d")), int(m.group("m"))
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue
            value = clock.resolve(d, mo, int(m.group("y")) if m.group("y") else None)
        else:
            value = clock.resolve(None, int(m.group("m2")), int(m.group("y2")))
        if value:
            out.append(SentenceDate(m.start(), m.end(), value, marks))
    return out
