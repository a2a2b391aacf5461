"""Bylines and photo credits signed with a national agency ("Thống Nhất/TTXVN") are one person
of the agency across provinces; a credit without one stays a person of its province."""

from __future__ import annotations

import pytest

from graph.build.work import analyse_article, process
from graph.read.reader import article_from_text

STORY = ("Tin {p}\nTỉnh {p}: Sáng 5/6, Tỉnh ủy {p} tổ chức hội nghị tổng kết công tác năm.\n\n"
         "Quang cảnh hội nghị. Ảnh: {credit}\n")


def _credited(province: str, credit: str, name: str) -> set[str]:
    art = article_from_text(f"{province}.txt", STORY.format(p=province, credit=credit))
    result = process(analyse_article(art)).result
    found = {m.entity for m in result.mentions if m.type == "Person" and m.text == name}
    assert found, f"the credit {credit!r} must be a person"
    return found  # type: ignore[return-value]


@pytest.mark.parametrize("credit, name", [("Thống Nhất/TTXVN", "Thống Nhất"), ("VGP/Quang Hiếu", "Quang Hiếu"),
                                          ("Vũ Dũng/VOV", "Vũ Dũng")])
def test_an_agency_credit_is_one_person_across_provinces(credit, name):
    a, b = _credited("Kon Tum", credit, name), _credited("Nghệ An", credit, name)
    assert a == b and len(a) == 1
    assert "/person/kon-tum/" not in next(iter(a))


def test_a_credit_without_an_agency_stays_in_its_province():
    a, b = _credited("Kon Tum", "Thống Nhất", "Thống Nhất"), _credited("Nghệ An", "Thống Nhất", "Thống Nhất")
    assert a.isdisjoint(b)
