"""The mailbox dashboard's figures aggregated live from `tickets`: the baseline of the rollups.

`live_board(conn, periods, scope, now)` computes, for the three compared periods of a
dashboard (the period, the one before, the same a year earlier), in seven SQL statements over
`tickets` (merged duplicates left out, as the facts do) and nothing precomputed:

1. received, by period, type, entity and service (then summed by type, by entity and by
   service in Python): count, per channel, take-charge met / missed against
   `take_charge_due_at` (still waiting past the deadline counts as missed);
2. the median take-charge delay (`percentile_cont`) by period and type;
3. resolved, by period and type: count, met / missed against `resolve_due_at`, reopened,
   resolved at first contact (never reopened, at most one requester message (`inbound`) in
   `ticket_messages`, never paused in `ticket_sla_spans`), per response type, the
   post-request rating (`survey_answers` of question `satisfaction`: count, sum, 4s and 5s),
   and the median and 90th percentile (`percentile_cont`) of the resolution delay;
4.-6. the same three month by month (Paris months), for the board's trend charts: the 25
   months ending with the period's last month, without the breakdowns;
7. the open requests at the end of each period's last month (or now, for the current month),
   by age since reception (under 2, 7, 30 days, older) and overdue (a deadline passed).

Days are the DSI's (Europe/Paris midnight to midnight): each period becomes a half-open
`[lo, hi)` of naive UTC instants, as `tickets` stores them, so a request counts on the same
day as in the facts. Delays are in wall-clock hours (`taken_at` / `resolved_at` minus
`created_at`), an approximation of the business hours (net of pauses) the facts hold; met /
missed compare wall-clock instants with the stored deadlines. Only the counts are meant to
match the dashboard exactly (received, resolved, open at the end are checked by
bench/dashboards.py). A request falling in two compared periods counts in both; identical
periods (a year's previous period is the year before) are aggregated once. The slice: an
entity and everything below it (recursive CTE on `entities.parent_id`), a segment, a family
of services, a service. Nothing is cached between calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
CHANNELS = ("email", "portal", "phone", "visit")
RESPONSES = ("email", "phone", "meeting", "onsite", "remote")
TREND_MONTHS = 25  # the board's trend charts: 13 months, and the same a year earlier


@dataclass(frozen=True)
class LiveScope:
    """The slice, as the dashboard's filters give it (every value optional)."""

    entity_id: int | None = None
    segment: str | None = None
    family_id: int | None = None
    service_id: int | None = None


def instant(day: date) -> datetime:
    """Paris midnight starting this day, as the naive UTC instant `tickets` stores."""
    return datetime.combine(day, time(), PARIS).astimezone(UTC).replace(tzinfo=None)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _scope_sql(scope: LiveScope) -> tuple[str, str, dict]:
    """(WITH clause, extra WHERE conditions on t, parameters)."""
    with_, where, params = "", [], {}
    if scope.entity_id is not None:
        with_ = ("WITH RECURSIVE scoped(id) AS (SELECT id FROM entities WHERE id = %(entity)s"
                 " UNION ALL SELECT e.id FROM entities e JOIN scoped s ON e.parent_id = s.id) ")
        where.append("t.entity_id IN (SELECT id FROM scoped)")
        params["entity"] = scope.entity_id
    if scope.segment is not None:
        where.append("t.entity_id IN (SELECT id FROM entities WHERE segment = %(segment)s)")
        params["segment"] = scope.segment
    if scope.family_id is not None:
        where.append("t.service_id IN (SELECT id FROM catalog_services"
                     " WHERE family_id = %(family)s)")
        params["family"] = scope.family_id
    if scope.service_id is not None:
        where.append("t.service_id = %(service)s")
        params["service"] = scope.service_id
    return with_, "".join(f" AND {w}" for w in where), params


def _periods_sql(bounds: dict[str, tuple[datetime, datetime]], params: dict) -> str:
    rows = []
    for index, (tag, (lo, hi)) in enumerate(bounds.items()):
        params[f"tag{index}"], params[f"lo{index}"], params[f"hi{index}"] = tag, lo, hi
        rows.append(f"(%(tag{index})s::text, %(lo{index})s::timestamp, %(hi{index})s::timestamp)")
    return f"(VALUES {', '.join(rows)}) AS p(tag, lo, hi)"


class Periods:
    """Where a statement's rows come from: the compared periods, or consecutive months.

    `over(column)` gives the FROM clause over `tickets t`, the expression naming each row's
    period (its tag, or its Paris month) and the conditions on `column` (created_at or
    resolved_at), adding its values to params.
    """

    def __init__(self, bounds: dict[str, tuple[datetime, datetime]] | None = None,
                 months: tuple[date, date] | None = None):
        self.bounds, self.months = bounds, months

    def over(self, column: str, params: dict) -> tuple[str, str, str]:
        if self.months is not None:
            first, last = self.months
            params |= {"m_lo": instant(first), "m_hi": instant(next_month(last))}
            local = f"date_trunc('month', timezone('Europe/Paris', timezone('UTC', t.{column})))"
            return ("tickets t", f"{local}::date",
                    f"t.{column} >= %(m_lo)s AND t.{column} < %(m_hi)s")
        rows = []
        for index, (tag, (lo, hi)) in enumerate(self.bounds.items()):
            params[f"tag{index}"], params[f"lo{index}"], params[f"hi{index}"] = tag, lo, hi
            rows.append(f"(%(tag{index})s::text, %(lo{index})s::timestamp, "
                        f"%(hi{index})s::timestamp)")
        return (f"tickets t JOIN (VALUES {', '.join(rows)}) AS p(tag, lo, hi)"
                f" ON t.{column} >= p.lo AND t.{column} < p.hi", "p.tag", "TRUE")


def _received(source: Periods, scope: LiveScope, now: datetime,
              by: tuple[str, ...]) -> tuple[str, dict]:
    """Received-side counts per period and the `by` columns of `tickets`."""
    with_, where, params = _scope_sql(scope)
    params["now"] = now
    tables, tag, within = source.over("created_at", params)
    channels = ", ".join(f"count(*) FILTER (WHERE t.channel = '{c}') AS ch_{c}"
                         for c in CHANNELS)
    groups = "".join(f", t.{column}" for column in by)
    sql = f"""{with_}
SELECT {tag} AS tag{groups}, count(*) AS received, {channels},
       count(*) FILTER (WHERE t.taken_at <= t.take_charge_due_at) AS take_met,
       count(*) FILTER (WHERE t.taken_at > t.take_charge_due_at
                        OR (t.taken_at IS NULL AND t.take_charge_due_at < %(now)s))
           AS take_missed
FROM {tables}
WHERE {within} AND t.merged_into_id IS NULL{where}
GROUP BY 1{groups}"""
    return sql, params


def _take_delay(source: Periods, scope: LiveScope, by: tuple[str, ...]) -> tuple[str, dict]:
    """The median take-charge delay per period and the `by` columns."""
    with_, where, params = _scope_sql(scope)
    tables, tag, within = source.over("created_at", params)
    groups = "".join(f", t.{column}" for column in by)
    sql = f"""{with_}
SELECT {tag} AS tag{groups}, percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM t.taken_at - t.created_at) / 3600) AS take_median_h
FROM {tables}
WHERE {within} AND t.merged_into_id IS NULL AND t.taken_at IS NOT NULL{where}
GROUP BY 1{groups}"""
    return sql, params


def _resolved(source: Periods, scope: LiveScope, by: tuple[str, ...]) -> tuple[str, dict]:
    """Resolved-side measures per period and the `by` columns."""
    with_, where, params = _scope_sql(scope)
    tables, tag, within = source.over("resolved_at", params)
    groups = "".join(f", t.{column}" for column in by)
    responses = ", ".join(f"count(*) FILTER (WHERE t.response_type = '{r}') AS resp_{r}"
                          for r in RESPONSES)
    sql = f"""{with_}
SELECT {tag} AS tag{groups}, count(*) AS resolved,
       count(*) FILTER (WHERE t.resolved_at <= t.resolve_due_at) AS resolve_met,
       count(*) FILTER (WHERE t.resolved_at > t.resolve_due_at) AS resolve_missed,
       count(*) FILTER (WHERE t.reopen_count > 0) AS reopened,
       count(*) FILTER (WHERE t.reopen_count = 0 AND requester.n <= 1 AND NOT EXISTS (
           SELECT 1 FROM ticket_sla_spans s WHERE s.ticket_id = t.id AND s.paused))
           AS first_contact,
       {responses},
       count(r.score) AS rated, coalesce(sum(r.score), 0) AS rated_sum,
       count(*) FILTER (WHERE r.score >= 4) AS rated_satisfied,
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
           ORDER BY extract(epoch FROM t.resolved_at - t.created_at) / 3600) AS resolve_h
FROM {tables}
CROSS JOIN LATERAL (SELECT count(*) AS n FROM ticket_messages m
                    WHERE m.ticket_id = t.id AND m.kind = 'inbound') AS requester
LEFT JOIN (SELECT DISTINCT ON (sr.ticket_id) sr.ticket_id, a.score
           FROM survey_responses sr
           JOIN surveys sv ON sv.id = sr.survey_id AND sv.kind = 'post_request'
           JOIN survey_answers a ON a.response_id = sr.id AND a.score IS NOT NULL
           JOIN survey_questions q ON q.id = a.question_id AND q.code = 'satisfaction'
           WHERE sr.ticket_id IS NOT NULL
           ORDER BY sr.ticket_id, sr.submitted_at DESC) AS r ON r.ticket_id = t.id
WHERE {within} AND t.merged_into_id IS NULL{where}
GROUP BY 1{groups}"""
    return sql, params


def _backlog(ends: dict[str, datetime], scope: LiveScope) -> tuple[str, dict]:
    with_, where, params = _scope_sql(scope)
    rows = []
    for index, (tag, at) in enumerate(ends.items()):
        params[f"tag{index}"], params[f"at{index}"] = tag, at
        rows.append(f"(%(tag{index})s::text, %(at{index})s::timestamp)")
    age = "(e.at - t.created_at)"
    sql = f"""{with_}
SELECT e.tag, count(*) AS open,
       count(*) FILTER (WHERE {age} < interval '2 days') AS age_2,
       count(*) FILTER (WHERE {age} >= interval '2 days' AND {age} < interval '7 days') AS age_7,
       count(*) FILTER (WHERE {age} >= interval '7 days' AND {age} < interval '30 days')
           AS age_30,
       count(*) FILTER (WHERE {age} >= interval '30 days') AS age_older,
       count(*) FILTER (WHERE t.resolve_due_at < e.at OR (t.take_charge_due_at < e.at
                        AND (t.taken_at IS NULL OR t.taken_at > t.take_charge_due_at)))
           AS overdue
FROM (VALUES {', '.join(rows)}) AS e(tag, at)
JOIN tickets t ON t.created_at < e.at AND (t.resolved_at IS NULL OR t.resolved_at >= e.at)
WHERE t.merged_into_id IS NULL{where}
GROUP BY e.tag"""
    return sql, params


def _fetch(conn, sql: str, params: dict) -> list[dict]:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        names = [column.name for column in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _by(rows: list[dict], *keys: str, measures=("received",)) -> dict:
    out = {}
    for row in rows:
        line = out.setdefault(tuple(row[k] for k in keys), dict.fromkeys(measures, 0))
        for m in measures:
            line[m] += row[m]
    return out


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def live_board(conn, periods: dict, scope: LiveScope, now: datetime,
               months: int = TREND_MONTHS) -> dict:
    """Every figure of the mailbox dashboard for these periods, aggregated from `tickets`.

    periods: tag -> an object with `start`, `end` (dates, both included) and `months()`, e.g.
    indicators.queries.compared(period). now: naive UTC. A period equal to an earlier one
    (a year's previous period is also the year before) is aggregated once and copied.
    Returns the figures of each statement and the totals per tag (received, resolved, open
    at the end) used to check the dashboard.
    """
    same, bounds = {}, {}
    for tag, p in periods.items():
        key = (instant(p.start), instant(p.end + timedelta(days=1)))
        first = next((t for t, b in bounds.items() if b == key), None)
        if first is None:
            bounds[tag] = key
        else:
            same[tag] = first
    compared = Periods(bounds)
    counts = _fetch(conn, *_received(compared, scope, now, ("type", "entity_id", "service_id")))
    measures = ("received", *(f"ch_{c}" for c in CHANNELS), "take_met", "take_missed")
    received = {"type": _by(counts, "tag", "type", measures=measures),
                "entity": _by(counts, "tag", "entity_id"),
                "service": _by(counts, "tag", "service_id"),
                "take_median_h": _fetch(conn, *_take_delay(compared, scope, ("type",)))}
    resolved = _fetch(conn, *_resolved(compared, scope, ("type",)))
    last = periods["current"].months()[-1]
    trend = Periods(months=(_add_months(last, 1 - months), last))
    monthly = {"received": _fetch(conn, *_received(trend, scope, now, ())),
               "take_median_h": _fetch(conn, *_take_delay(trend, scope, ())),
               "resolved": _fetch(conn, *_resolved(trend, scope, ()))}
    ends = {tag: min(instant(next_month(p.months()[-1])), now) for tag, p in periods.items()}
    backlog = _fetch(conn, *_backlog(ends, scope))
    totals = {tag: {"received": 0, "resolved": 0, "open": 0} for tag in periods}
    for tag, source in [(tag, tag) for tag in bounds] + list(same.items()):
        totals[tag]["received"] = sum(row["received"] for row in counts if row["tag"] == source)
        totals[tag]["resolved"] = sum(row["resolved"] for row in resolved
                                      if row["tag"] == source)
    for row in backlog:
        totals[row["tag"]]["open"] = row["open"]
    return {"received": received, "resolved": resolved, "monthly": monthly,
            "backlog": backlog, "totals": totals, "same_as": same}
