"""Organisations: how Vietnamese Party, state and mass bodies are named and nested.

A name is parsed, not looked up:  ORG := SUB ["(" ABBR ")"] ORG | CORE MODIFIER*
where SUB is a body inside another ("Ban Thường vụ", "Ủy ban Kiểm tra",
"Ban cán sự Đảng", "Thường trực"), CORE a body in its own right ("Tỉnh ủy",
"Đảng ủy", "UBND", "Bộ Chính trị"), and the modifiers say which one ("Khối các
cơ quan", "tỉnh Kon Tum", "Trung ương"). Names are capitalised: "đảng ủy trực
thuộc", "các huyện ủy" are classes of bodies, not bodies.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from graph.lexicon import load
from graph.analyse.recognise.base import CAP_STOPWORDS, Words, doc_words, emit, folded_text, phrases
from graph.analyse.recognise.places import _UNITS, lookup

# National bodies, complete names (may also be the parent of a SUB).
NATIONAL = {
    "PartyCommittee": phrases(
        "Bộ Chính trị", "Ban Bí thư", "Ban Bí thư Trung ương Đảng", "Ban Bí thư Trung ương", "Ban Chấp hành Trung ương Đảng",
        "Ban Chấp hành Trung ương", "BCH Trung ương", "BCH Trung ương Đảng", "Quân ủy Trung ương",
        "Đảng ủy Quân sự Trung ương", "Đảng ủy Công an Trung ương", "Trung ương Đảng",
    ),
    "PartyOrganization": phrases("Đảng Cộng sản Việt Nam"),
    "PartyAgency": phrases(
        "Văn phòng Trung ương Đảng", "Ủy ban Kiểm tra Trung ương", "UBKT Trung ương",
        "Học viện Chính trị quốc gia Hồ Chí Minh",
    ),
    "StateBody": phrases(
        "Quốc hội", "Chính phủ", "Ủy ban Thường vụ Quốc hội", "Kiểm toán Nhà nước",
        "Thanh tra Chính phủ", "Tòa án nhân dân tối cao", "Viện Kiểm sát nhân dân tối cao",
        "Văn phòng Chủ tịch nước", "Văn phòng Quốc hội", "Văn phòng Chính phủ",
        "Ngân hàng Nhà nước", "Ngân hàng Nhà nước Việt Nam", "Ủy ban Dân tộc",
        "Bộ Công an", "Bộ Quốc phòng", "Bộ Nội vụ", "Bộ Tài chính", "Bộ Ngoại giao", "Bộ Tư pháp",
        "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Công Thương", "Bộ Xây dựng",
        "Bộ Giao thông vận tải", "Bộ Nông nghiệp và Phát triển nông thôn",
        "Bộ Nông nghiệp và Môi trường", "Bộ Tài nguyên và Môi trường", "Bộ Kế hoạch và Đầu tư",
        "Bộ Lao động - Thương binh và Xã hội", "Bộ Lao động, Thương binh và Xã hội",
        "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Thông tin và Truyền thông",
        "Bộ Khoa học và Công nghệ", "Bộ Dân tộc và Tôn giáo",
    ),
    "MassOrganization": phrases(
        "Mặt trận Tổ quốc Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Ủy ban Trung ương MTTQ Việt Nam", "UBTƯ MTTQ Việt Nam", "UBTƯ MTTQ", "Ủy ban T.Ư MTTQ Việt Nam",
        "Tổng Liên đoàn Lao động Việt Nam", "Trung ương Đoàn", "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
        "Hội Liên hiệp Phụ nữ Việt Nam", "Hội Nông dân Việt Nam", "Hội Cựu chiến binh Việt Nam",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    ),
    "MediaOutlet": phrases(
        "Thông tấn xã Việt Nam", "TTXVN", "Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam",
        "Báo Nhân Dân", "Báo Nhân dân", "Tạp chí Cộng sản", "Báo Quân đội nhân dân",
    ),
}

# Bodies that need a modifier or take one ("Tỉnh ủy Kon Tum", "UBND tỉnh", "Đảng ủy Khối").
CORE = {
    "PartyCommittee": phrases(
        "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Ban Chấp hành Đảng bộ",
    ),
    "PartyOrganization": phrases("Đảng bộ"),
    "StateBody": phrases(
        "HĐND", "Hội đồng nhân dân", "UBND", "Ủy ban nhân dân", "Tòa án nhân dân", "TAND",
        "Viện Kiểm sát nhân dân", "VKSND", "Công an", "Bộ Chỉ huy Quân sự", "Bộ Chỉ huy Bộ đội Biên phòng",
        "Đoàn đại biểu Quốc hội", "Đoàn ĐBQH", "Thanh tra",
    ),
    "MassOrganization": phrases(
        "Mặt trận Tổ quốc", "MTTQ", "Ủy ban MTTQ", "Ủy ban Mặt trận Tổ quốc", "UBMTTQ",
        "Liên đoàn Lao động", "LĐLĐ", "Hội Liên hiệp Phụ nữ", "Hội LHPN", "Hội Nông dân",
        "Hội Cựu chiến binh", "Hội CCB", "Đoàn Thanh niên", "Tỉnh đoàn", "Thành đoàn", "Huyện đoàn",
        "Hội Chữ thập đỏ", "Liên minh Hợp tác xã", "Hội Khuyến học", "Hội Người cao tuổi",
        "Hội Nhà báo", "Liên hiệp các Hội Khoa học và Kỹ thuật", "Đoàn", "Công đoàn",
    ),
    "MediaOutlet": phrases("Đài Phát thanh và Truyền hình", "Báo", "Đài Phát thanh - Truyền hình"),
}
# Cores that are only a body with a modifier ("Đoàn Khối ...", "Công đoàn Viên chức tỉnh").
NEEDS_MODIFIER = set(phrases("Đoàn", "Công đoàn", "Công an", "Thanh tra", "Báo", "Đài Phát thanh và Truyền hình",
                             "Đài Phát thanh - Truyền hình", "Tòa án nhân dân", "TAND",
                             "Viện Kiểm sát nhân dân", "VKSND", "Bộ Chỉ huy Quân sự"))
# Cores whose modifier may be a capitalised name of its own ("Công đoàn Viên chức", "Báo Kon Tum").
NAMED_CORE = set(phrases("Công đoàn", "Báo"))

# Departments and ministries named by their field: "Sở Kế hoạch và Đầu tư".
FIELDS = phrases(
    "Nội vụ", "Tài chính", "Tư pháp", "Y tế", "Giáo dục và Đào tạo", "Kế hoạch và Đầu tư",
    "Công Thương", "Công thương", "Xây dựng", "Giao thông vận tải", "Giao thông Vận tải",
    "Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Môi trường", "Tài nguyên và Môi trường",
    "Lao động - Thương binh và Xã hội", "Lao động, Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch",
    "Văn hóa - Thể thao và Du lịch", "Văn hóa và Thể thao", "Thông tin và Truyền thông",
    "Khoa học và Công nghệ", "Ngoại vụ", "Du lịch", "Dân tộc và Tôn giáo", "Ngoại giao",
    "Quốc phòng", "Công an", "Thanh tra",
)
FIELD_HEADS = phrases("Sở", "Bộ", "Ban", "Phòng")
# Bodies whose own name follows the head: "Tập đoàn Dầu khí Quốc gia Việt Nam", "Quân khu 5".
NAMED_HEADS = {
    "Company": phrases("Công ty", "Công ty cổ phần", "Công ty TNHH", "Tập đoàn", "Tổng công ty",
                       "Ngân hàng", "Nhà máy", "Hợp tác xã"),
    "StateBody": phrases("Cục", "Chi cục", "Tổng cục", "Kho bạc Nhà nước", "Quân khu", "Sư đoàn",
                         "Ủy ban Bầu cử", "Hội đồng Bầu cử", "Trường THPT", "Trường Trung học phổ thông",
                         "Trung tâm", "Vụ", "Liên Khu ủy", "Đại sứ quán",
                         "Bộ Chỉ huy Quân sự", "Bộ CHQS", "Ban Quản lý", "Bệnh viện", "Viện",
                         "Trường Đại học", "Trường Cao đẳng", "Trường Chính trị", "Học viện", "Đại học"),
    "MediaOutlet": phrases("Đài Tiếng nói Nhân dân", "Đài Truyền hình", "Báo", "Tạp chí",
                           "Cổng thông tin điện tử", "Cổng TTĐT"),
}

# Bodies within a body.
SUB = {
    "PartyCommittee": phrases(
        "Ban Thường vụ", "BTV", "Ban Chấp hành", "BCH", "Thường trực", "Thường vụ", "Đảng ủy",
        "Ban Thường trực",
    ),
    "PartyOrganization": phrases("Đảng bộ", "Chi bộ", "Ban cán sự đảng", "Ban cán sự Đảng", "Đảng đoàn"),
    "PartyAgency": phrases(
        "Ủy ban Kiểm tra", "UBKT", "Ban Tổ chức", "Ban Tuyên giáo và Dân vận", "Ban Tuyên giáo",
        "Ban Dân vận", "Ban Nội chính", "Ban Kinh tế", "Ban Đối ngoại", "Ban Khoa giáo",
        "Ban Chính sách, Chiến lược", "Ban Bảo vệ, chăm sóc sức khỏe cán bộ", "Văn phòng",
        "Trường Chính trị", "Ban Pháp chế", "Ban Kinh tế - Ngân sách", "Ban Văn hóa - Xã hội",
        "Ban Dân tộc", "Ban Văn hóa - Xã hội",
    ),
    "StateBody": phrases("Ủy ban Thường vụ"),
}
# SUBs that may take a name of their own when no body follows.
NAMED_SUB = set(phrases("Chi bộ", "Đảng ủy", "Đảng bộ", "Ban cán sự đảng", "Ban cán sự Đảng", "Đảng đoàn"))
# SUBs that name a body on their own, without a parent ("Ban Thường vụ" in a Khối article).
BARE_SUB = set(phrases("Ban Thường vụ", "Ban Chấp hành", "Ủy ban Kiểm tra", "Ban Tổ chức",
                       "Ban Tuyên giáo", "Ban Dân vận", "Đảng ủy", "Đảng bộ", "Ban Nội chính"))

_KHOI = phrases(
    "Khối", "Khối cơ quan", "Khối các cơ quan", "Khối cơ quan và doanh nghiệp",
    "Khối các cơ quan và doanh nghiệp", "Khối doanh nghiệp", "Khối cơ quan, doanh nghiệp",
    "Khối các cơ quan Trung ương", "Khối doanh nghiệp Trung ương", "Khối Dân chính Đảng",
    "Khối các cơ quan Đảng",
)
_CENTRAL = phrases("Trung ương", "Trung ương Đảng")
_NATIONWIDE = phrases("Việt Nam")
_UNIT_WORDS = tuple(p for ps in _UNITS.values() for p in ps)

# Two-syllable words that a capitalised name word begins ("Đa khoa", "Hải quan").
_COMPOUNDS = frozenset(
    "đa khoa|hải quan|quản lý|xây dựng|giao thông|chính trị|kinh tế|văn hóa|tài chính|tài nguyên|"
    "môi trường|nông nghiệp|công nghệ|khoa học|thông tin|truyền thông|lao động|thương binh|xã hội|"
    "giáo dục|đào tạo|y tế|dân số|thống kê|kiểm lâm|quân sự|quân đội|biên phòng|cảnh sát|an ninh|"
    "phát triển|điện lực|dầu khí|khoáng sản|ngân hàng|bảo hiểm|thi hành|thanh tra|đầu tư|kế hoạch|"
    "công thương|tư pháp|nội vụ|du lịch|thể thao|nhân dân|dân tộc|tôn giáo|ngoại giao|quốc phòng|"
    "công an|hậu cần|kỹ thuật|tổng hợp|pháp chế|tuyên giáo|dân vận|tổ chức|kiểm tra|kiểm sát|"
    "thi đua|khen thưởng|đối ngoại|nội chính|bảo vệ|sức khỏe|truyền hình|phát thanh|báo chí|xuất bản|"
    "giao dịch|phòng chống|cứu hộ|cứu nạn|hàng không|hàng hải|đường bộ|đường sắt|vận tải|hội nghị|đại sứ|quốc gia|ủy ban|thương mại|đầu tư".split("|")
)

# Titles that "Thường trực" completes ("Phó Bí thư Thường trực"), not a body.
_TITLE_BEFORE = re.compile(r"(?:Phó Bí thư|Phó [Cc]hủ tịch|Phó Thủ tướng|Phó [Tt]rưởng [Bb]an|Ủy viên)\s+$")

#: Words that end a "Ban Chỉ đạo ..." descriptor: the clause's verb has begun.
_STEERING_STOPS = frozenset("đã đang sẽ họp là được do với tại vào gồm để cho nhằm của".split())
_STEERING_STOP_PAIRS = frozenset(
    "tổ chức|ban hành|chỉ đạo|yêu cầu|triển khai|thông báo|kiểm tra|làm việc|nhấn mạnh|cho biết".split("|"))


#: Newspapers and broadcasters, named after "báo"/"Theo" or in parentheses ("(Dân trí)").
MEDIA = phrases("Tuổi Trẻ", "Thanh Niên", "Lao Động", "Tiền Phong", "Nhân Dân", "Dân trí", "Dân Trí",
                "VnExpress", "Vietnamnet", "VietNamNet", "Người Lao Động", "Sài Gòn Giải Phóng",
                "Pháp Luật TP.HCM", "Zing", "Zing News", "VOV", "VTV", "VTC", "Đại Đoàn Kết", "Vietnam+",
                "Công an nhân dân", "Quân đội nhân dân", "Kon Tum", "Gia Lai", "Bình Định", "Tuổi Trẻ Online")
_MEDIA_BEFORE = re.compile(r"(?:\b[Bb]áo|\bTheo|\(|\btờ)\s*$")


@Language.factory("kg_org_recognizer", default_config={"max_depth": 3})
def make_org_recognizer(nlp: Language, name: str, max_depth: int):
    return OrgRecognizer(max_depth)


class OrgRecognizer:
    def __init__(self, max_depth: int = 3):
        self.max_depth = max_depth
        self.lex = load()

    # -- grammar -----------------------------------------------------------
    def parse(self, words: Words, i: int, depth: int = 0) -> tuple | None:
        """Parse an ORG at word ``i``: (end index, subtype, national, parent) or None.

        ``parent`` is (start index, end index, SUB phrase) of the body this one is
        part of ("Đảng ủy Khối" in "Ban Thường vụ Đảng ủy Khối"), or None.
        """
        if i >= len(words) or depth > self.max_depth or not words[i].is_cap:
            return None
        best = None
        for subtype, table in NATIONAL.items():
            end, _ = words.match_any(i, table)
            if end and (best is None or end > best[0]):
                best = (end, subtype, True, None)
        for subtype, table in CORE.items():
            end, phrase = words.match_any(i, table)
            if not end:
                continue
            mend, national = self._modifiers(words, end, phrase)
            if mend == end and phrase in NEEDS_MODIFIER:
                continue
            if best is None or mend > best[0]:
                best = (mend, subtype, national, None)
        end, _ = words.match_any(i, FIELD_HEADS)
        if end:
            fend, _ = words.match_any(end, FIELDS, exact_first=False)
            if fend:
                mend, national = self._modifiers(words, fend, ("Sở",))
                head = words[i].text
                cand = (mend, "StateBody", head == "Bộ" and mend == fend, None)
                if best is None or cand[0] > best[0]:
                    best = cand
        for subtype, table in NAMED_HEADS.items():
            end, phrase = words.match_any(i, table)
            if not end:
                continue
            nend = self._name_run(words, end)
            j = nend
            if (j + 2 < len(words) and words[j].text == "(" and words[j + 2].text == ")"
                    and words[j + 1].text.isupper()):
                j += 3  # "Kho bạc Nhà nước (KBNN) tỉnh Phú Yên"
            mend, national = self._modifiers(words, j, phrase)
            if mend == j:
                mend = nend
            if mend == end:
                continue  # a head with neither a name nor a place: "Cục", "Công ty"
            cand = (mend, subtype, national, None)
            if best is None or cand[0] > best[0]:
                best = cand
        for subtype, table in SUB.items():
            end, phrase = words.match_any(i, table)
            if not end:
                continue
            j = end
            # "Ban Thường vụ (BTV) Đảng ủy Khối"
            if (j + 2 < len(words) and words[j].text == "(" and words[j + 2].text == ")"
                    and words[j + 1].text.isupper()):
                j += 3
            parent = self.parse(words, j, depth + 1)
            if parent:
                cand = (parent[0], subtype, parent[2], (j, parent[0], phrase))
            else:
                mend, national = self._modifiers(words, end, phrase)
                if mend == end and phrase in NAMED_SUB:
                    mend = self._name_run(words, end, 4)  # "Chi bộ Vạn Đức", "Đảng ủy Ngoài nước"
                if mend == end and phrase not in BARE_SUB:
                    continue
                cand = (mend, subtype, national, None)
            if best is None or cand[0] > best[0]:
                best = cand
        return best

    def _modifiers(self, words: Words, j: int, core: tuple[str, ...]) -> tuple[int, bool]:
        """Extend past the modifiers that say which body: (end index, national)."""
        national = False
        end, _ = words.match_any(j, _KHOI, exact_first=False)
        if end:
            j = end
        if core in NAMED_CORE:
            run = words.cap_run(j, 3)
            if run > j and words[j].text not in CAP_STOPWORDS and not words.match_any(j, _UNIT_WORDS)[0]:
                j = run
                # "Công đoàn Viên chức tỉnh": a lower-case word or two before the unit word
                for k in (1, 2):
                    if j + k < len(words) and words.match_any(j + k, _UNIT_WORDS)[0] and all(
                        not w.is_cap and not w.is_punct for w in words[j : j + k]
                    ):
                        j += k
                        break
        end, _ = words.match_any(j, _CENTRAL)
        if end:
            return end, True
        end, _ = words.match_any(j, _NATIONWIDE)
        if end:
            j, national = end, True
        uend, unit = words.match_any(j, _UNIT_WORDS)
        if uend:
            level = next(lv for lv, ps in _UNITS.items() if unit in ps)
            if uend < len(words):
                nend, _ = lookup(self.lex, level, words, uend, level == "Province")
                if level == "Province" and not nend:
                    nend, _ = lookup(self.lex, "District", words, uend, True)
                if nend:
                    return nend, False
            # "UBND tỉnh": the unit word alone names the article's own province
            if unit[0] in ("tỉnh", "huyện", "thành", "Thành", "xã", "phường", "quận", "TP", "Tp"):
                return uend, False
            return j, national
        nend, _ = lookup(self.lex, "Province", words, j, True)
        if nend:
            return nend, False
        nend, _ = lookup(self.lex, "District", words, j, True)
        if nend and core[0] in ("Huyện", "Quận", "Thị", "Thành"):
            return nend, False
        return j, national

    @staticmethod
    def _name_run(words: Words, j: int, limit: int = 6) -> int:
        """End of a proper name: capitalised words (or numbers), with a lower-case word
        allowed between two capitalised ones ("Dầu khí Quốc gia Việt Nam")."""
        end = j
        k = j
        while k < len(words) and k - j < limit:
            w = words[k]
            if (w.text in load().surnames and k + 2 < len(words) and words[k + 1].is_cap
                    and words[k + 2].is_cap and not words[k + 1].is_punct and not words[k + 2].is_punct):
                break  # a person's name begins: "Tổng cục Chính trị Nguyễn Chí Thanh"
            if (w.is_cap or w.text.isdigit()) and not w.is_punct and w.text not in CAP_STOPWORDS:
                k += 1
                end = k
            elif (end > j and not w.is_punct and k + 1 < len(words) and words[k + 1].is_cap
                    and not words[k + 1].is_punct and not words.match_any(k, _UNIT_WORDS)[0]):
                k += 1
            elif end == k and k > j and f"{words[k - 1].text.casefold()} {w.text}" in _COMPOUNDS:
                k += 1  # "Bệnh viện Đa khoa", "Tổng cục Hải quan": the word goes on
                end = k
            else:
                break
        return end

    # -- component -----------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        words = doc_words(doc)
        folded = folded_text(doc)
        i = 0
        while i < len(words):
            w = words[i]
            if w.text == "Đảng" and self._bare_party(words, i):
                emit(doc, w.start, w.end, "Organization", "org-party", "PartyOrganization",
                     national=True)
                i += 1
                continue
            mend, _ = words.match_any(i, MEDIA)
            if mend and _MEDIA_BEFORE.search(folded[max(0, w.start - 8) : w.start]):
                emit(doc, w.start, words[mend - 1].end, "Organization", "org-media", "MediaOutlet")
                i = mend
                continue
            # "Đoàn kiểm tra số 471 của Bộ Chính trị": a delegation of a body
            dend = words.match(i, ("Đoàn", "kiểm", "tra")) or words.match(i, ("Đoàn", "công", "tác"))
            if dend:
                j = dend
                if words.match(j, ("số",)) and j + 1 < len(words) and words[j + 1].text.isdigit():
                    j += 2
                if words.match(j, ("của",)):
                    parent = self.parse(words, j + 1)
                    if parent:
                        emit(doc, w.start, words[parent[0] - 1].end, "Organization", "org-delegation",
                             "PartyAgency", parent=(words[j + 1].start, words[parent[0] - 1].end),
                             sub_head="Đoàn kiểm tra", national=parent[2])
                        i = parent[0]
                        continue
            if words.match(i, ("Ban", "Chỉ", "đạo")):
                end = self._steering(words, i + 3)
                emit(doc, w.start, words[end - 1].end, "Organization", "org-steering",
                     "PartyAgency")
                i = end
                continue
            # "Phó Trưởng ban Thường trực Ban Tổ chức Trung ương": "ban Thường trực" is in the title
            if (words.match(i, ("Ban", "Thường", "trực"), exact_first=False)
                    and re.search(r"[Tt]rưởng\s+$", folded[max(0, w.start - 10) : w.start])):
                i += 3
                continue
            if words.match(i, ("Thường", "trực")) and (
                    _TITLE_BEFORE.search(folded[max(0, w.start - 30) : w.start])
                    or words.match(i + 2, ("Ban", "Bí", "thư"))):
                i += 2  # "Phó Bí thư Thường trực Thành ủy": part of the title
                continue
            parsed = self.parse(words, i)
            if parsed and self._not_a_body(words, i, parsed[0]):
                i = parsed[0]
                continue
            if parsed:
                end, subtype, national, parent = parsed
                fields: dict = {"national": national}
                if parent:
                    ps, pe, sub = parent
                    fields.update(parent=(words[ps].start, words[pe - 1].end), sub_head=" ".join(sub))
                emit(doc, w.start, words[end - 1].end, "Organization", "org-grammar", subtype, **fields)
                i = end
                continue
            i += 1
        return doc

    def _not_a_body(self, words: Words, i: int, end: int) -> bool:
        """"Thành ủy viên" is a title; a bare head before "cùng cấp", "các cấp", "cơ sở"
        names a class of bodies."""
        nxt = words[end].text.casefold() if end < len(words) else ""
        if nxt == "viên":
            return True
        span = tuple(w.text.casefold() for w in words[i:end])
        bare = any(span == tuple(x.casefold() for x in p) for t in (*CORE.values(), *SUB.values()) for p in t)
        if bare and nxt in ("cùng", "các", "cơ", "cấp", "quân", "địa", "trực"):
            after = " ".join(w.text.casefold() for w in words[end : end + 2])
            return after in ("cùng cấp", "các cấp", "cơ sở", "cấp xã", "cấp tỉnh", "cấp huyện",
                             "cấp cơ", "quân khu", "địa phương", "trực thuộc") or nxt == "các"
        return False

    @staticmethod
    def _bare_party(words: Words, i: int) -> bool:
        """"Đảng" alone names the Party: not "Đảng ủy", "Đảng bộ", "Đảng viên" ..."""
        nxt = words[i + 1].text.casefold() if i + 1 < len(words) else ""
        return nxt not in {"ủy", "bộ", "viên", "đoàn", "cộng"}

    @staticmethod
    def _steering(words: Words, j: int) -> int:
        """End of "Ban Chỉ đạo ...": its descriptor runs to the clause's verb."""
        end = j
        depth = 0
        while end < len(words):
            t = words[end].text
            if t in ".;:!?" and depth == 0:
                break
            # only "(2011-2025)" or "(BCĐ)" belongs to the name; other brackets end it
            if t == "(" and not re.fullmatch(r"\(\s*(?:[\d\s\-–]+|[A-ZĐ]{2,10})\s*\)",
                                            words.text[words[end].start : words.text.find(")", words[end].start) + 1]):
                break
            # a comma before a capitalised word ends it; "phòng, chống tham nhũng" goes on
            if t == "," and depth == 0 and end + 1 < len(words) and words[end + 1].is_cap:
                break
            if t == "(":
                depth += 1
            elif t == ")":
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0 and end > j and (
                    t.casefold() in _STEERING_STOPS
                    or (end + 1 < len(words) and f"{t.casefold()} {words[end + 1].text.casefold()}" in _STEERING_STOP_PAIRS)
                    # "… tiêu cực và Ban …", "… Tây Bắc Nguyễn Văn Bình": another name begins
                    or (t == "và" and end + 1 < len(words) and words[end + 1].is_cap)
                    or (t in load().surnames and end + 1 < len(words) and words[end + 1].is_cap
                        and not words[end + 1].is_punct)):
                break
            end += 1
        while end > j and words[end - 1].text in ",-–":
            end -= 1
        return max(end, j)
