"""Properties of growth's pure rules, over many generated cases (hypothesis): the webhook address
rule, signatures, backoff, growth rates and gazelles, matching scores and list windows."""

import ipaddress
import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from growth.domain.bounds import KST
from growth.domain.matching import Need, rank
from growth.domain.offers import LeapStartup
from growth.domain.outcomes import GAZELLE_YEARLY_GROWTH, KpiFigures, growth_rates
from growth.domain.targets import refusal
from growth.domain.webhooks import backoff_s, sign, verify
from growth.repository.filters import ListFilter

NOT_PUBLIC = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "::1/128",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
]
# Ranges that are public unicast throughout (Google, Cloudflare, Quad9 and Korean ISPs' space).
PUBLIC = ["8.8.0.0/16", "1.1.1.0/24", "9.9.9.0/24", "211.0.0.0/8", "2001:4860::/32"]


def carried_in_ipv6(address: ipaddress.IPv4Address) -> list[ipaddress.IPv6Address]:
    """The same IPv4 address as IPv6 forms a resolver may answer: mapped, 6to4 and NAT64."""
    value = int(address)
    return [
        ipaddress.IPv6Address((0xFFFF << 32) | value),
        ipaddress.IPv6Address((0x2002 << 112) | (value << 80)),
        ipaddress.IPv6Address((0x64FF9B << 96) | value),
    ]


@given(st.sampled_from(NOT_PUBLIC).flatmap(lambda network: st.ip_addresses(network=network)))
def test_no_address_off_the_public_internet_is_ever_a_webhook_target(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    assert refusal(address) is not None
    if isinstance(address, ipaddress.IPv4Address):
        assert all(refusal(form) is not None for form in carried_in_ipv6(address))


@given(st.sampled_from(PUBLIC).flatmap(lambda network: st.ip_addresses(network=network)))
def test_a_public_unicast_address_is_a_webhook_target(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    assert refusal(address) is None


@given(
    secret=st.text(min_size=16, max_size=64),
    body=st.binary(max_size=512),
    timestamp=st.integers(min_value=1_600_000_000, max_value=2_000_000_000),
    drift=st.integers(min_value=-300, max_value=300),
)
def test_a_signed_delivery_verifies_and_any_changed_byte_does_not(
    secret: str, body: bytes, timestamp: int, drift: int
) -> None:
    signature = sign(secret, timestamp, body)
    assert verify(secret, str(timestamp), body, signature, now=timestamp + drift, tolerance_s=300)
    assert not verify(
        secret, str(timestamp), body + b" ", signature, now=timestamp, tolerance_s=300
    )


@given(
    base=st.floats(min_value=0.01, max_value=60),
    cap=st.floats(min_value=0.01, max_value=3600),
    failures=st.integers(min_value=1, max_value=200),
)
def test_backoff_never_shrinks_and_never_passes_its_cap(
    base: float, cap: float, failures: int
) -> None:
    wait, next_wait = (backoff_s(n, base_s=base, cap_s=cap) for n in (failures, failures + 1))
    assert 0 < wait <= next_wait <= cap


def snapshot(day: date, employees: int, revenue: int, operating: bool = True) -> KpiFigures:
    return KpiFigures(
        as_of=day,
        employees=employees,
        revenue_krw=revenue,
        investment_raised_krw=0,
        ip_registered=0,
        exports_krw=0,
        operating=operating,
    )


snapshots = st.lists(
    st.builds(
        snapshot,
        day=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
        employees=st.integers(min_value=0, max_value=10_000),
        revenue=st.integers(min_value=0, max_value=2**63 - 1),
        operating=st.booleans(),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda s: s.as_of,
)


@given(snapshots, st.randoms())
def test_growth_depends_on_the_history_not_its_order_and_a_gazelle_grows_while_operating(
    history: list[KpiFigures], shuffler: random.Random
) -> None:
    current, earlier = history[0], history[1:]
    rates = growth_rates(current, earlier)
    shuffled = list(earlier)
    shuffler.shuffle(shuffled)
    assert growth_rates(current, shuffled) == rates
    if rates.gazelle:
        assert current.operating
        yearly = [r for r in (rates.revenue_yearly, rates.employees_yearly) if r is not None]
        assert max(yearly) >= GAZELLE_YEARLY_GROWTH
    if rates.yearly_base_as_of is not None:
        assert (current.as_of - rates.yearly_base_as_of).days >= 365


terms = st.lists(st.sampled_from(["ai", "iot", "edge_ai", "vision", "bio", "retail"]), max_size=4)


@given(
    wanted=terms.filter(bool),
    sectors=terms,
    startups=st.lists(st.tuples(terms, st.sampled_from(["ai", "bio", "retail"])), max_size=6),
)
def test_every_score_lies_between_0_and_100_and_the_ranking_is_best_first(
    wanted: list[str], sectors: list[str], startups: list[tuple[list[str], str]]
) -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    need = Need(
        need_id="n", firm_id="f", title="t", technologies=wanted, sectors=sectors, published_at=now
    )
    leap = [
        LeapStartup(
            leap_id=f"sba:{n}",
            agency_id="sba",
            startup_id=f"s{n}",
            handoff_id=f"h{n}",
            district_id="gwanak",
            company_name=f"Company {n}",
            sector=sector,
            needs=[],
            accepted_at=now,
            technologies=technologies,
        )
        for n, (technologies, sector) in enumerate(startups)
    ]
    ranked = rank(need, leap)
    assert all(0 <= match.score <= 100 for match in ranked)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    for match in ranked:
        assert match.score == round(sum(field.points for field in match.explanation), 2)


@given(
    since=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 30)),
    days=st.integers(min_value=0, max_value=400),
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 30), timezones=st.just(UTC)
    ),
)
def test_a_window_of_days_holds_exactly_the_moments_whose_korean_day_is_in_it(
    since: date, days: int, moment: datetime
) -> None:
    until = min(since + timedelta(days=days), date(2100, 12, 31))
    window = ListFilter(since=since, until=until).query("raised_at")["raised_at"]
    inside = window["$gte"] <= moment < window["$lt"]
    assert inside == (since <= moment.astimezone(KST).date() <= until)
