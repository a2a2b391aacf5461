"""Campaigns: movements, models, contests, awards and yearly themes.

Known national movements are spaCy ``Matcher`` patterns with their spelling
variants (``graph/rules/patterns/campaigns_known.jsonl``); others are the quoted
name after a word that introduces one (``rules/campaigns.tsv``: phong trào, mô
hình, chủ đề, cuộc thi …), and awards are "Giải …"
(``patterns/campaigns.jsonl``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import filter_spans
from spacy.vocab import Vocab

from graph.analyse.recognise.base import emit, emit_simple, folded_text, regex, simple_patterns
from graph.rules import load, patterns

__all__ = ["CampaignRecognizer"]


@Language.factory(
    "kg_campaign_recognizer",
    assigns=["doc._.kg_candidates"],
    requires=["doc._.kg_folded", "token.norm"],
    default_config={"triggers": {"@misc": "kg.rules.v1", "name": "campaigns"}},
)
def make_campaign_recognizer(nlp: Language, name: str, triggers):
    return CampaignRecognizer(nlp, triggers)


class CampaignRecognizer:
    """Finds campaigns; :meth:`initialize` builds the Matcher and the regexes once."""

    def __init__(self, nlp: Language | None = None, triggers=None):
        self.nlp = nlp
        self.triggers_loader = triggers or (lambda: load("campaigns"))
        self.ready = False

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Add the known movements to a Matcher; compile the trigger and award patterns."""
        nlp = nlp or self.nlp
        triggers = self.triggers_loader()
        self.matcher = Matcher(nlp.vocab)
        self.labels: dict[int, str] = {}
        known = patterns("campaigns_known")
        for n, rule in enumerate(known):
            key = f"campaign-known-{n}"
            self.matcher.add(key, [rule["pattern"]])
            self.labels[nlp.vocab.strings[key]] = rule["label"]
        self.openings = _openings([rule["pattern"] for rule in known], nlp.vocab)
        self.classes = {r["name"]: r["class"] for r in triggers}
        self.open_quote = frozenset(triggers.names("flags", "open_quote"))
        alt = "|".join(sorted((re.escape(t) + "|" + re.escape(t.capitalize()) for t in self.classes),
                              key=len, reverse=True))
        rules = {p["name"]: p for p in patterns("campaigns")}
        trig = rules["campaign-trigger"]
        self.trigger_re = regex(trig["regex"], TRIGGERS=alt)
        self.quote_re = re.compile(trig["quote"])
        self.list_re = re.compile(trig["list"])
        self.open_quote_re = re.compile(trig["open_quote"], re.M)
        award = rules["campaign-award"]
        self.award_re = regex(award["regex"], STOP=award["stop"])
        self.simple = simple_patterns(patterns("campaigns"))
        self.ready = True

    def __call__(self, doc: Doc) -> Doc:
        if not self.ready:
            self.initialize(nlp=self.nlp)
        text = folded_text(doc)
        found = self.matcher(doc) if self._may_match(doc) else []
        labels = {(s, e): self.labels[k] for k, s, e in found}
        for span in filter_spans([doc[s:e] for _, s, e in found]):
            emit(doc, span.start_char, span.end_char, "Campaign", "campaign-known", labels[(span.start, span.end)])
        for m in self.trigger_re.finditer(text):
            trigger = m.group("trigger").casefold()
            sub = self.classes[trigger]
            q = self.quote_re.match(text, m.end() - 1)
            if q and q.group("title")[:1].islower() and _clause_between(m.group("between")):
                continue  # "chương trình phát triển vũ khí … “nguy hiểm”": scare quotes later in the clause
            if q:
                end = q.end()
                emit(doc, q.start("title"), q.end("title"), "Campaign", "campaign-quoted", sub)
                # a list of quoted names after one trigger: mô hình “A”, “B”
                while (nxt := self.list_re.match(text, end)):
                    emit(doc, nxt.start("title"), nxt.end("title"), "Campaign", "campaign-quoted", sub)
                    end = nxt.end()
            elif trigger in self.open_quote:
                o = self.open_quote_re.match(text, m.end() - 1)
                if o and len(o.group("title").split()) >= 3:
                    emit(doc, o.start("title"), o.end("title"), "Campaign", "campaign-open-quote", sub)
        for m in self.award_re.finditer(text):
            emit(doc, m.start(), m.end(), "Campaign", "campaign-award", "Award")
        emit_simple(doc, "Campaign", self.simple)
        return doc

    def _may_match(self, doc: Doc) -> bool:
        """Whether the doc holds the first two words of a known movement's pattern: the
        Matcher reads every token, and most articles name no movement."""
        if self.openings is None:
            return True
        # both tokens' attributes: an opening may be {"NORM": …} then {"ORTH": …}
        columns = {attr: doc.to_array(attr) for attr in {a for a1, _, a2, _ in self.openings for a in (a1, a2)}}
        return any(((columns[a1][:-1] == v1) & (columns[a2][1:] == v2)).any()
                   for a1, v1, a2, v2 in self.openings)


def _openings(token_patterns: list[list[dict]], vocab: Vocab) -> list[tuple[str, int, str, int]] | None:
    """The first two tokens of every pattern as (attribute, hash) pairs, when each is one plain
    value ({"NORM": "học"}, {"ORTH": "Người"}); None (no shortcut) if a pattern opens otherwise."""
    out = []
    for pattern in token_patterns:
        if len(pattern) < 2 or any(len(token) != 1 for token in pattern[:2]):
            return None
        (a1, v1), (a2, v2) = (next(iter(token.items())) for token in pattern[:2])
        if not {a1, a2} <= {"NORM", "ORTH"} or not (isinstance(v1, str) and isinstance(v2, str)):
            return None
        out.append((a1, vocab.strings.add(v1), a2, vocab.strings.add(v2)))
    return list(dict.fromkeys(out))  # spelling variants share their opening


def _clause_between(between: str) -> bool:
    """Whether the words between a trigger and a quote are a clause of their own (a comma, or
    more than two words: "chương trình H1B có thể làm tổn hại đến ngành …"), not the trigger's
    qualifier ("phong trào thi đua “…”", "mô hình “…”"): a quoted name in lower case then is
    no campaign's name.

    >>> _clause_between(" thi đua "), _clause_between(" phát triển vũ khí hạt nhân "), _clause_between(" này, ")
    (False, True, True)
    """
    return "," in between or len(between.split()) > 2
