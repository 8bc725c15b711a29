"""The home page's service list: the unit's services and queries under the manual's modules,
a search over titles and keywords, and the operator's most used services first (issue #12 §7).

Only what the unit's region offers is listed (``services.offer``). The search works without
script (``?q=`` filters here) and with it (the same words in ``data-search``, filtered live by
``service-search.js``); a card matches when every word of the query is in its title or keywords.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import get_language, gettext

from shebao.cases.models import Case, CaseStatus
from shebao.registry.models import Unit
from shebao.services.modules import Module
from shebao.services.offer import offered
from shebao.services.queries import queries
from shebao.services.registry import registry
from shebao.services.spec import CARD_TEXT_MAX, Mode, Review

#: How many services the 常用业务 row shows.
MOST_USED = 6
QUERY_MAX = 100


@dataclass(frozen=True)
class Card:
    code: str
    title: str
    url: str
    module: Module
    keywords: tuple[str, ...] = ()
    badges: tuple[str, ...] = ()  # 单个 / 批量 / 即时办结 / 经办机构审核 (none for a query)
    text: str = ""  # the plain line under the title (no section numbers or references)
    is_query: bool = False

    @property
    def search_text(self) -> str:
        """The title in the page's language (an English reader searches in English) and the
        keywords the spec declares."""
        return " ".join((gettext(self.title), *self.keywords)).lower()

    def matches(self, words: list[str]) -> bool:
        text = self.search_text
        return all(word in text for word in words)


@dataclass
class Group:
    module: Module
    cards: list[Card] = field(default_factory=list)


@dataclass
class ServiceGroups:
    query: str
    groups: list[Group]
    most_used: list[Card]
    total: int  # cards offered, before the search

    @property
    def shown(self) -> int:
        return sum(len(g.cards) for g in self.groups)


def card_text(spec: Any) -> str:
    """The line under the card's title, in the page's language: the spec's ``card_text`` in
    Chinese; in English the first sentence of the translated description (a Chinese sentence
    cut short has no catalogue entry)."""
    if (get_language() or "zh").startswith("zh"):
        return str(spec.card_text()) if hasattr(spec, "card_text") else _first(spec.description)
    if getattr(spec, "short_description", ""):
        return gettext(spec.short_description)
    return _first(gettext(spec.description), stop=". ")


def _first(text: str, *, stop: str = "。") -> str:
    sentence = str(text).split(stop, 1)[0]
    limit = CARD_TEXT_MAX if stop == "。" else CARD_TEXT_MAX * 2
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _service_card(spec: Any) -> Card:
    badges = []
    if Mode.SINGLE in spec.modes:
        badges.append("single")
    if Mode.BATCH in spec.modes:
        badges.append("batch")
    badges.append("auto" if spec.review == Review.AUTO else "agency")
    return Card(
        code=spec.code,
        title=str(spec.title),
        url=reverse("service_start", args=[spec.code]),
        module=spec.module,
        keywords=tuple(str(k) for k in spec.keywords),
        badges=tuple(badges),
        text=card_text(spec),
    )


def _query_card(spec: Any) -> Card:
    return Card(
        code=spec.code,
        title=str(spec.title),
        url=reverse("query_list", args=[spec.code]),
        module=spec.module,
        keywords=tuple(str(k) for k in spec.keywords),
        is_query=True,
        text=card_text(spec),
    )


def offered_cards(unit: Unit) -> list[Card]:
    """Every service and query the unit's region offers, services first, in registry order."""
    return [_service_card(s) for s in offered(registry, unit)] + [
        _query_card(q) for q in offered(queries, unit)
    ]


def most_used_codes(*, unit: Unit, operator: User, codes: list[str]) -> list[str]:
    """The services this operator declared most in this unit (drafts thrown away do not
    count), most first; one query."""
    rows = (
        Case.objects.filter(unit=unit, operator=operator, service_code__in=codes)
        .exclude(status=CaseStatus.DISCARDED)
        .values("service_code")
        .annotate(n=Count("id"))
        .order_by("-n", "service_code")[:MOST_USED]
    )
    return [row["service_code"] for row in rows]


def service_groups(*, unit: Unit, operator: User, query: str = "") -> ServiceGroups:
    cards = offered_cards(unit)
    query = query.strip()[:QUERY_MAX]
    words = query.lower().split()
    shown = [c for c in cards if c.matches(words)] if words else cards
    by_module: dict[Module, Group] = {m: Group(m) for m in Module}
    for card in shown:
        by_module[card.module].cards.append(card)
    services = {c.code: c for c in cards if not c.is_query}
    used = most_used_codes(unit=unit, operator=operator, codes=list(services))
    return ServiceGroups(
        query=query,
        groups=[g for g in by_module.values() if g.cards],
        most_used=[services[code] for code in used] if not words else [],
        total=len(cards),
    )
