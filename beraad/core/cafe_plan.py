"""Seating for a world café: who sits at which table in each round (seed 004).

In a big room everyone still has their say by moving between small tables. Each table keeps its
host for every round; the others move on. A good plan lets as few pairs as possible sit together
twice, so each round brings new people together. This module plans and measures seatings; it
knows people only as numbers ``0..n-1`` (the café record maps them to members and spoken-for
people).

``plan_cafe`` is deterministic: the same room gives the same plan on every machine. It plans
round by round (a greedy seating that avoids earlier meetings, then swaps of two movers between
tables while a swap lowers the meetings repeated, from a few deterministic starting orders), then
improves the whole plan by swaps (simulated annealing with a fixed seed and a fixed number of
steps). Its work is bounded (``_ROUND_WORK``, ``_ANNEAL_WORK``: counted steps, not time, so
every machine stops at the same plan): a hall of 200 people at 7 tables for 12 rounds is
planned in about a second, and returns the best plan found within that work. It lowers
``plan_cost``: first that a mover never comes back to a table (moving on is the
method; a plan that parks a mover at one table can have fewer repeated pairs, but is no café),
then the pairs sitting together more than once, a pair that meets three times counting as much as
four pairs that meet twice (``plan_cost``).

**Lower bound** (``lower_bound``): counting pairs. Hosts never meet each other (each stays at its
own table). A host of table t meets ``m = Σ_rounds (size − 1)`` seats' worth of movers, but there
are only ``G`` movers: at least ``m − G`` of those meetings are repeats. The movers' pairs at all
tables over all rounds number ``P``, but only ``C(G, 2)`` different pairs exist: at least
``P − C(G, 2)`` repeats. A pair meets at most once per round, so a pair holds at most
``rounds − 1`` repeats, and the pairs meeting more than once are at least the repeats divided by
``rounds − 1``, rounded up (per host, and for the movers). Tables are as even as possible,
but which tables get the extra seats may change per round (``round_sizes``: a host alone in
one round gets a mover in the next), so the bound takes each host's cheapest share of the
extra seats (``room_bound``): it holds for every even seating, not only the plan's. The
bound is tight for many rooms (zero when there is room enough) but not for all: the planner's
result is only claimed to be at or above it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from beraad.core.messages import N_, Explained

__all__ = [
    "CafePlan",
    "PlanError",
    "excess_meetings",
    "lower_bound",
    "meetings",
    "plan_cafe",
    "plan_cost",
    "repeated_pairs",
    "room_bound",
    "round_sizes",
    "stays",
    "table_sizes",
]

Seating = tuple[tuple[int, ...], ...]  # one round: table → the people sitting there
#: Starting orders tried per round: enough to find a clean round in rooms up to 60 people in
#: well under a second, few enough to stay fast.
_STARTS = 6
#: Swaps tried when the round-by-round plan still repeats pairs: a fixed number (not a time),
#: so every machine finds the same plan.
_SWAPS = 60_000
#: The work the round-by-round planning may do for the whole plan, shared evenly by the rounds:
#: swaps weighed (one unit each; a swap made costs a unit per person). Rooms up to 60 people
#: at 10 tables never reach it; a big hall with few tables (many pairs meet again whatever
#: the plan) stops there with the best seating found so far.
_ROUND_WORK = 1_200_000
#: The work the whole-plan swaps may do: a seat looked at is a unit (a swap weighs both tables).
_ANNEAL_WORK = 2_400_000


class PlanError(Explained, ValueError):
    """The room cannot be seated as asked (more tables than people, a host twice, …)."""


class _Budget:
    """Work left, counted in steps: planning stops at the same point on every machine."""

    __slots__ = ("left", "spent")

    def __init__(self, units: int) -> None:
        self.left = units
        self.spent = 0

    def spend(self, units: int) -> bool:
        """Take ``units``; False once the budget is used up."""
        self.left -= units
        self.spent += units
        return self.left > 0


@dataclass(frozen=True, slots=True)
class CafePlan:
    rounds: tuple[Seating, ...]
    repeated: int  # pairs that sit together more than once
    bound: int  # no plan for this room can have fewer repeated pairs
    work: int = 0  # the steps planning took (bounded: see ``_ROUND_WORK``, ``_ANNEAL_WORK``)


def table_sizes(people: int, tables: int) -> tuple[int, ...]:
    """Tables as even as possible: the first ``people % tables`` get one more."""
    base, extra = divmod(people, tables)
    return tuple(base + (1 if t < extra else 0) for t in range(tables))


def meetings(rounds: Sequence[Seating]) -> dict[tuple[int, int], int]:
    """How often each pair (low, high) sat at the same table."""
    met: dict[tuple[int, int], int] = {}
    for seating in rounds:
        for table in seating:
            for pair in combinations(sorted(table), 2):
                met[pair] = met.get(pair, 0) + 1
    return met


def repeated_pairs(rounds: Sequence[Seating]) -> int:
    return sum(1 for count in meetings(rounds).values() if count > 1)


def excess_meetings(rounds: Sequence[Seating]) -> int:
    """Meetings beyond each pair's first, summed (what a repeat costs)."""
    return sum(count - 1 for count in meetings(rounds).values())


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def lower_bound(rounds: Sequence[Seating], hosts: Sequence[int]) -> int:
    """The counting bound (module docstring) for the room this plan seats: its people, its
    tables (one per host) and its rounds, whatever tables the plan made the bigger ones."""
    people = len({p for seating in rounds for table in seating for p in table})
    return room_bound(people, len(hosts), len(rounds))


def room_bound(people: int, tables: int, rounds: int) -> int:
    """No even seating of ``people`` at ``tables`` hosted tables for ``rounds`` rounds has
    fewer pairs sitting together more than once (module docstring). Which tables get the
    ``people % tables`` extra seats may change per round, so a host's share is chosen as
    the cheapest for the bound: ``k_t`` extra seats over the rounds, ``Σ k_t`` fixed."""
    if rounds < 2 or tables < 1 or people < tables:
        return 0
    per_pair = rounds - 1
    base, extra = divmod(people, tables)
    movers = people - tables

    def host_repeats(more: int) -> int:
        seats = rounds * (base - 1) + more
        return _ceil_div(max(0, seats - movers), per_pair)

    # cheapest split of the rounds·extra extra seats over the hosts (each at most one a round)
    infinity = math.inf
    best = [0.0] + [infinity] * (rounds * extra)
    for _ in range(tables):
        best = [
            min(
                (best[total - more] + host_repeats(more) for more in range(min(rounds, total) + 1)),
                default=infinity,
            )
            for total in range(rounds * extra + 1)
        ]
    mover_pairs = rounds * (extra * base * (base - 1) + (tables - extra) * (base - 1) * (base - 2))
    mover_pairs //= 2
    spare = mover_pairs - movers * (movers - 1) // 2
    return int(best[rounds * extra]) + _ceil_div(max(0, spare), per_pair)


def round_sizes(people: int, tables: int, number: int) -> tuple[int, ...]:
    """Round ``number``'s table sizes: as even as possible, the extra seats moving on by
    ``people % tables`` tables each round, so a small table (a host alone) is not always the
    small one and a mover can go there instead of back to the table it sat at."""
    sizes = table_sizes(people, tables)
    shift = (number * (people % tables)) % tables
    return sizes[-shift:] + sizes[:-shift] if shift else sizes


def plan_cafe(people: int, hosts: Sequence[int], rounds: int) -> CafePlan:
    """Seat ``people`` (0..n-1) at ``len(hosts)`` tables for ``rounds`` rounds; ``hosts[t]``
    stays at table t. Deterministic."""
    tables = len(hosts)
    if tables < 1:
        raise PlanError(N_("a café needs at least one table"))
    if people < tables:
        raise PlanError(N_("a café needs at least as many people as tables"))
    if len(set(hosts)) != tables or not all(0 <= h < people for h in hosts):
        raise PlanError(N_("each table needs its own host"))
    if rounds < 1:
        raise PlanError(N_("a café needs at least one round"))
    movers = [p for p in range(people) if p not in set(hosts)]
    met = [[0] * people for _ in range(people)]
    plan: list[Seating] = []
    work = 0
    for number in range(rounds):
        budget = _Budget(_ROUND_WORK // rounds)
        sizes = round_sizes(people, tables, number)
        seating = _best_round(number, movers, hosts, sizes, met, budget)
        work += budget.spent
        for table in seating:
            for a, b in combinations(table, 2):
                met[a][b] += 1
                met[b][a] += 1
        plan.append(seating)
    budget = _Budget(_ANNEAL_WORK)
    done = _anneal(plan, hosts, met, lower_bound(plan, hosts), budget)
    return CafePlan(
        rounds=done,
        repeated=repeated_pairs(done),
        bound=lower_bound(done, hosts),
        work=work + budget.spent,
    )


def _best_round(
    number: int,
    movers: list[int],
    hosts: Sequence[int],
    sizes: Sequence[int],
    met: list[list[int]],
    budget: _Budget,
) -> Seating:
    """The best of a few starting orders, each seated greedily then improved by swaps; the
    first start always runs, the others only while ``budget`` lasts."""
    best: list[list[int]] | None = None
    best_cost = -1
    for start in range(_STARTS if number else 1):
        if start and budget.left <= 0:
            break
        order = list(movers)
        if start:
            random.Random(number * 1_000 + start).shuffle(order)
        else:  # first try: the people who already met most are seated first
            order.sort(key=lambda p: -sum(met[p]))
        tables = _greedy(order, hosts, sizes, met)
        budget.spend(len(order) * len(met))  # each person weighs every seat taken so far
        cost = _improve(tables, hosts, met, budget)
        if best is None or cost < best_cost:
            best, best_cost = tables, cost
        if cost == 0:
            break
    assert best is not None
    return tuple(tuple(sorted(table)) for table in best)


def _greedy(
    order: list[int], hosts: Sequence[int], sizes: Sequence[int], met: list[list[int]]
) -> list[list[int]]:
    tables = [[host] for host in hosts]
    for person in order:
        row = met[person]
        choice = min(
            (t for t in range(len(tables)) if len(tables[t]) < sizes[t]),
            key=lambda t: (sum(row[x] for x in tables[t]), len(tables[t]) - sizes[t], t),
        )
        tables[choice].append(person)
    return tables


def _improve(
    tables: list[list[int]], hosts: Sequence[int], met: list[list[int]], budget: _Budget
) -> int:
    """Swap movers between tables while a swap lowers the round's repeated meetings (until
    ``budget`` runs out); returns that cost (meetings this round that happened before).

    ``load[p][t]`` is how often ``p`` met the people at table ``t`` before: weighing a swap is
    four look-ups, and only a swap made updates the loads (a unit of work per person)."""
    fixed = set(hosts)
    seated = [p for table in tables for p in table]
    load = {p: [sum(met[p][x] for x in table) for table in tables] for p in seated}
    budget.spend(len(seated) * len(seated))
    improved = True
    while improved and budget.left > 0:
        improved = False
        for t1 in range(len(tables)):
            for t2 in range(t1 + 1, len(tables)):
                if budget.left <= 0:
                    break
                one, two = tables[t1], tables[t2]
                for i in range(len(one)):
                    a = one[i]
                    if a in fixed:
                        continue
                    for j, b in enumerate(two):
                        if b in fixed:
                            continue
                        load_a, load_b, met_ab = load[a], load[b], met[a][b]
                        before = load_a[t1] + load_b[t2]
                        after = load_a[t2] - met_ab + load_b[t1] - met_ab
                        if after < before:
                            one[i], two[j] = b, a
                            for p in seated:
                                row = met[p]
                                change = row[b] - row[a]
                                load[p][t1] += change
                                load[p][t2] -= change
                            budget.spend(len(seated))
                            a = b
                            improved = True
                    budget.spend(len(two))
    return sum(met[a][b] for table in tables for a, b in combinations(table, 2))


#: What a plan costs: a mover back at a table it sat at before costs ``_STAY`` (hosts stay, the
#: others move: that is the café); a pair meeting ``m`` times costs ``_REPEAT·(m−1)²``, so two
#: pairs meeting twice are better than one pair (three people travelling together) meeting
#: three times: the new faces are spread.
_STAY = 64
_REPEAT = 8


def _pair_cost(meets: int) -> int:
    return 0 if meets <= 1 else _REPEAT * (meets - 1) ** 2


def stays(rounds: Sequence[Seating], hosts: Sequence[int]) -> int:
    """How often a mover sits at a table it sat at in an earlier round."""
    fixed = set(hosts)
    seen: set[tuple[int, int]] = set()
    count = 0
    for seating in rounds:
        for index, table in enumerate(seating):
            for person in table:
                if person in fixed:
                    continue
                count += (person, index) in seen
                seen.add((person, index))
    return count


def plan_cost(rounds: Sequence[Seating], hosts: Sequence[int]) -> int:
    """What the planner lowers: movers back at a table, and repeated meetings, spread."""
    pairs = sum(_pair_cost(m) for m in meetings(rounds).values())
    return _STAY * stays(rounds, hosts) + pairs


class _Seats:
    """The annealer's running counts: who met whom (``met``), who sat how often at which table
    (``visits``), and what one more or one fewer meeting of a pair costs (``up``, ``down``)."""

    __slots__ = ("down", "fixed", "met", "up", "visits")

    def __init__(self, plan: list[list[list[int]]], hosts: Sequence[int], met: list[list[int]]):
        self.fixed = set(hosts)
        self.met = met
        top = len(plan) + 2
        self.up = [_pair_cost(m + 1) - _pair_cost(m) for m in range(top)]
        self.down = [0] + [_pair_cost(m - 1) - _pair_cost(m) for m in range(1, top)]
        self.visits = [[0] * len(hosts) for _ in met]
        for seating in plan:
            for index, table in enumerate(seating):
                for person in table:
                    self.visits[person][index] += 1

    def change(
        self, person: int, left: list[int], joined: list[int], t1: int, t2: int, other: int
    ) -> int:
        """What ``person`` going from table ``t1`` (``left``) to ``t2`` (``joined``) costs;
        ``other`` (or -1) goes the other way, so ``person`` neither leaves nor meets them."""
        row, down, up = self.met[person], self.down, self.up
        delta = sum(down[row[x]] for x in left if x != person and x != other)
        delta += sum(up[row[y]] for y in joined if y != other)
        seen = self.visits[person]
        return delta + _STAY * ((seen[t2] >= 1) - (seen[t1] >= 2))

    def go(
        self, person: int, left: list[int], joined: list[int], t1: int, t2: int, other: int
    ) -> None:
        """Count ``person`` going from ``left`` to ``joined`` (the lists themselves stay)."""
        row, met = self.met[person], self.met
        for x in left:
            if x != person and x != other:
                row[x] -= 1
                met[x][person] -= 1
        for y in joined:
            if y != other:
                row[y] += 1
                met[y][person] += 1
        self.visits[person][t1] -= 1
        self.visits[person][t2] += 1

    def trade(
        self,
        one: list[int],
        two: list[int],
        i: int,
        j: int,
        t1: int,
        t2: int,
        rng: random.Random,
        heat: float,
    ) -> int | None:
        """Move ``one[i]`` to table ``two``, and with ``j < len(two)`` ``two[j]`` to ``one`` in
        its place, if the annealing takes it; the change in cost, or None when all stay."""
        a = one[i]
        b = two[j] if j < len(two) else -1
        if a in self.fixed or b in self.fixed:
            return None
        delta = self.change(a, one, two, t1, t2, b)
        if b >= 0:
            delta += self.change(b, two, one, t2, t1, a)
        if delta > 0 and rng.random() >= math.exp(-delta / heat):
            return None
        self.go(a, one, two, t1, t2, b)
        if b >= 0:
            self.go(b, two, one, t2, t1, a)
            one[i], two[j] = b, a
        else:
            one.pop(i)
            two.append(a)
        return delta


def _anneal(
    plan: list[Seating], hosts: Sequence[int], met: list[list[int]], bound: int, budget: _Budget
) -> tuple[Seating, ...]:
    """Swaps of two movers within one round over the whole plan (simulated annealing with a
    fixed seed) while they lower ``plan_cost``; stops once nothing is left to gain. Big tables
    make a step dear: the steps are fewer there, so the work stays within ``_ANNEAL_WORK``."""
    if len(plan) < 2:
        return tuple(plan)
    fixed = set(hosts)
    tables = [[list(table) for table in seating] for seating in plan]
    seats = _Seats(tables, hosts, met)
    cost = plan_cost(plan, hosts)
    floor = _REPEAT * bound
    if cost <= floor:
        return tuple(plan)
    choices = [
        (r, t)
        for r, seating in enumerate(tables)
        for t, table in enumerate(seating)
        if any(p not in fixed for p in table)
    ]
    rng = random.Random(len(plan) * 7_919 + len(met))
    best, best_cost = [[tuple(sorted(t)) for t in seating] for seating in tables], cost
    heat = float(_REPEAT)
    widest = max(len(table) for seating in tables for table in seating)
    # a step looks at two tables, and a swap made at them again: at most 4·widest seats
    steps = min(_SWAPS, _ANNEAL_WORK // (4 * widest))
    for step in range(steps):
        if step % 1_000 == 0:
            heat = max(0.2, _REPEAT * (1.0 - step / steps))
        r, t1 = choices[rng.randrange(len(choices))]
        t2 = rng.randrange(len(tables[r]))
        if t2 == t1:
            continue
        one, two = tables[r][t1], tables[r][t2]
        budget.spend(len(one) + len(two))
        # a bigger table may also hand a mover to a smaller one (the sizes trade places)
        i, j = rng.randrange(len(one)), rng.randrange(len(two) + (len(one) > len(two)))
        swap = j < len(two)
        traded = seats.trade(one, two, i, j, t1, t2, rng, heat)
        if traded is None:
            continue
        if swap:
            budget.spend(len(one) + len(two))
        cost += traded
        if cost < best_cost:
            best_cost = cost
            best = [[tuple(sorted(t)) for t in seating] for seating in tables]
            if cost <= floor:
                break
    return tuple(tuple(seating) for seating in best)
