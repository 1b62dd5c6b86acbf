"""Write a realistic synthetic dataset of any size, deterministically for a seed.

    python benchmarks/generate.py --people 10000 --seed 1 --out /tmp/orgmap-10k

People hold a career of dated roles in bodies nested several levels deep
(`part_of`), sit on committees and speak at events; bodies have nameplates,
predecessors, supervisors and registrations; documents are issued by bodies
and cited, with a locator, on every edge. Names come in English and Chinese,
dates are years, months or days with `as_of` attestations, in proportions
close to hand-curated data (about 20 edges per person, so 10,000 people give
some 200,000 edges and 37 MB of YAML). The YAML is written as text in the
same style people write by hand, which is also far faster than dumping it.
The result passes `orgmap validate` without errors or warnings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from vocabulary import (
    CONCEPT_FORMS,
    DOCUMENT_FORMS,
    EVENT_FORMS,
    EVENT_ROLES,
    FOREIGN_FIRST,
    FOREIGN_LAST,
    GIVEN,
    LEVELS,
    LOCATOR_FORMS,
    MEMBER_ROLES,
    ROOT_FORMS,
    SURNAMES,
    TITLES,
    TOPICS,
    UNITS,
)

TODAY = dt.date(2024, 6, 30).toordinal()
_PLAIN = re.compile(r"^[A-Za-z0-9\u3400-\u9fff][^:#\[\]{}\"'\n]*$")
_WORD = re.compile(r"[A-Za-z]+")
_UNSAFE_PLAIN = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def scalar(text: str) -> str:
    """The text as a YAML scalar: plain when that reads back as the same text, else quoted."""
    if _PLAIN.match(text) and text.lower() not in _UNSAFE_PLAIN and not text[0].isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)


def day_text(day: int, precision: str) -> str:
    """The partial date holding `day`, to the year, month or day."""
    date = dt.date.fromordinal(day)
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


@dataclass
class Body:
    """An organization or event that people can hold roles in."""

    id: str
    name: str
    name_zh: str
    category: str
    depth: int
    root: int
    kind: str = "organization"
    start: str | None = None
    end: str | None = None
    day: int = 0  # for event sessions: the day it was held
    parent: str | None = None
    slugs: tuple[str, ...] = ()  # unit slugs from the root down


@dataclass
class Generator:
    """Accumulates entity and edge text; one instance writes one dataset."""

    rng: random.Random
    #: Entity text by kind, written out bodies first and documents last.
    entities: dict[str, list[str]] = field(default_factory=dict)
    edges: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    identities: set[tuple] = field(default_factory=set)
    documents: list[str] = field(default_factory=list)
    edge_count: int = 0

    # -- helpers -------------------------------------------------------------

    def unique_id(self, base: str) -> str:
        base = re.sub(r"[^a-z0-9._-]+", "-", base.lower()).strip("-")[:56].rstrip("-")
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.ids.add(candidate)
        return candidate

    def precision(self, cut_year: float, cut_month: float) -> str:
        roll = self.rng.random()
        return "year" if roll < cut_year else "month" if roll < cut_month else "day"

    def date_value(self, text: str) -> str:
        """Years mostly bare (YAML reads an int), sometimes quoted as hand-written data is."""
        if len(text) == 4 and self.rng.random() < 0.05:
            return f'"{text}"'
        return text

    def locator(self) -> str:
        n = self.rng.randint(1, 240)
        form = self.rng.choice(LOCATOR_FORMS)
        return form.format(n=n, m=n + self.rng.randint(1, 6), k=self.rng.randint(1, 9))

    def citations(self, ref: str | None = None) -> str:
        """A `sources:` block: one cited document with a locator, in the usual styles."""
        rng = self.rng
        ref = ref or rng.choice(self.documents)
        roll = rng.random()
        if roll < 0.60:
            return f'  sources: [{{ref: {ref}, locator: "{self.locator()}"}}]\n'
        if roll < 0.80:
            return f"  sources:\n    - ref: {ref}\n      locator: {self.locator()}\n"
        if roll < 0.87:
            other = rng.choice(self.documents)
            return (f'  sources: [{{ref: {ref}, locator: "{self.locator()}"}}, '
                    f'{{ref: {other}, locator: "{self.locator()}"}}]\n')
        if roll < 0.97:
            return f"  sources: [{ref}]\n"
        return (f"  sources:\n    - url: https://example.org/news/{rng.randint(2000, 2024)}/"
                f"{rng.randint(10000, 99999)}.html\n      locator: para. {rng.randint(1, 30)}\n")

    def entity(self, kind: str, ident: str, name: str, name_zh: str | None = None, *,
               category: str | None = None, start: str | None = None, end: str | None = None,
               extra: str = "") -> None:
        lines = [f"- id: {ident}\n  kind: {kind}\n  name: {scalar(name)}\n"]
        if name_zh:
            lines.append(f"  name_zh: {scalar(name_zh)}\n")
        if category:
            lines.append(f"  category: {category}\n")
        if start:
            lines.append(f"  start: {self.date_value(start)}\n")
        if end:
            lines.append(f"  end: {self.date_value(end)}\n")
        lines.append(extra)
        self.entities.setdefault(kind, []).append("".join(lines))

    def edge(self, source: str, target: str, kind: str, *, role: str | None = None,
             role_zh: str | None = None, start: str | None = None, end: str | None = None,
             as_of: tuple[str, ...] = (), note: str | None = None,
             cite: str | None = None) -> bool:
        """Write one edge unless an identical one (same ends, type, role, dates) exists."""
        ends = (source, target) if kind != "nameplate" else tuple(sorted((source, target)))
        identity = (*ends, kind, role, start, end, as_of)
        if identity in self.identities:
            return False
        self.identities.add(identity)
        lines = [f"- from: {source}\n  to: {target}\n  type: {kind}\n"]
        if role:
            lines.append(f"  role: {scalar(role)}\n")
        if role_zh:
            lines.append(f"  role_zh: {scalar(role_zh)}\n")
        if start:
            lines.append(f"  start: {self.date_value(start)}\n")
        if end:
            lines.append(f"  end: {self.date_value(end)}\n")
        if len(as_of) == 1:
            lines.append(f"  as_of: {as_of[0]}\n")
        elif as_of:
            lines.append(f"  as_of: [{', '.join(as_of)}]\n")
        if note:
            lines.append(f"  note: {scalar(note)}\n")
        self.edge_count += 1
        if self.rng.random() < 0.005:
            lines.append(f"  id: e{self.edge_count}\n")
        lines.append(self.citations(cite))
        self.edges.append("".join(lines))
        return True

    def dated(self, start_day: int | None, end_day: int | None) -> dict[str, object]:
        """Partial start, end and as_of for a relation in force from start_day to end_day."""
        rng = self.rng
        start = end = None
        if start_day is not None and rng.random() >= 0.12:
            start = day_text(start_day, self.precision(0.35, 0.65))
        if end_day is not None and rng.random() >= 0.10:
            end = day_text(end_day, self.precision(0.35, 0.65))
        as_of: tuple[str, ...] = ()
        low = start_day if start_day is not None else (end_day or TODAY) - 3000
        high = min(end_day if end_day is not None else TODAY, TODAY)
        if high > low and (rng.random() < 0.18 or (start is None and end is None)):
            count = 2 if rng.random() < 0.25 else 1
            days = sorted(rng.randint(low, high) for _ in range(count))
            as_of = tuple(dict.fromkeys(day_text(d, self.precision(0.2, 0.7)) for d in days))
        return {"start": start, "end": end, "as_of": as_of}


def write_bodies(gen: Generator, people: int) -> list[Body]:
    """Top-level bodies and their units, nested up to five levels, with their structure edges."""
    rng = gen.rng
    pairs = [(form, topic) for form in ROOT_FORMS for topic in TOPICS]
    rng.shuffle(pairs)
    roots: list[Body] = []
    for index in range(max(4, people // 250)):
        (en, zh, category), (topic, topic_zh, _slug) = pairs[index % len(pairs)]
        name = en.format(t=topic) + (f" No. {index // len(pairs) + 1}" if index >= len(pairs)
                                     else "")
        acronym = "".join(w[0] for w in _WORD.findall(name) if w not in ("of", "and", "for"))
        body = Body(gen.unique_id(acronym), name, zh.format(z=topic_zh), category, 0, index)
        if rng.random() < 0.6:
            body.start = str(rng.randint(1949, 2018))
        roots.append(body)
    bodies = list(roots)
    queue = list(roots)
    target = max(20, people // 5)
    while queue and len(bodies) < target:
        parent = queue.pop(0)
        if parent.depth >= len(LEVELS):
            continue
        for unit, unit_zh, slug in rng.sample(UNITS, rng.randint(2, 6)):
            level, level_zh, _ = rng.choice(LEVELS[parent.depth])
            # Ids name the root and the last two units, as people abbreviate deep units.
            stem = roots[parent.root].id + "".join(f"-{s}" for s in [*parent.slugs[-1:], slug])
            child = Body(gen.unique_id(stem), f"{unit} {level}, {parent.name}",
                         f"{parent.name_zh}{unit_zh}{level_zh}", parent.category,
                         parent.depth + 1, parent.root, parent=parent.id,
                         slugs=(*parent.slugs, slug))
            bodies.append(child)
            queue.append(child)
    return bodies


def write_events(gen: Generator, people: int) -> list[Body]:
    """Event series with yearly sessions (`part_of` the series)."""
    rng = gen.rng
    sessions: list[Body] = []
    series_list: list[Body] = []
    for index in range(max(2, people // 1000)):
        en, zh = EVENT_FORMS[index % len(EVENT_FORMS)]
        topic, topic_zh, _ = TOPICS[(index * 7) % len(TOPICS)]
        name = en.format(t=topic) + (f" No. {index // len(EVENT_FORMS) + 1}"
                                     if index >= len(EVENT_FORMS) else "")
        series = Body(gen.unique_id("".join(w[0] for w in _WORD.findall(name)) + "-series"),
                      name, zh.format(z=topic_zh), "event", 0, index, kind="event")
        series_list.append(series)
        first = rng.randint(2005, 2016)
        for year in range(first, min(2024, first + rng.randint(4, 10))):
            day = dt.date(year, rng.randint(3, 11), rng.randint(1, 28)).toordinal()
            sessions.append(Body(gen.unique_id(f"{series.id.removesuffix('-series')}-{year}"),
                                 f"{year} {name}", f"{year}年{series.name_zh}", "event", 1,
                                 index, kind="event", start=day_text(day, "day"), day=day,
                                 parent=series.id))
    for body in series_list + sessions:
        gen.entity("event", body.id, body.name, body.name_zh, category="event", start=body.start)
    return series_list + sessions


def write_documents(gen: Generator, people: int) -> list[tuple[str, int]]:
    """Source documents: (id, day published)."""
    rng = gen.rng
    documents = []
    for index in range(max(20, people // 4)):
        en, zh = DOCUMENT_FORMS[rng.randrange(len(DOCUMENT_FORMS))]
        topic, topic_zh, slug = rng.choice(TOPICS)
        day = rng.randint(dt.date(1995, 1, 1).toordinal(), TODAY)
        year = dt.date.fromordinal(day).year
        ident = gen.unique_id(f"{slug}-{year}-{index}")
        extra = ""
        if rng.random() < 0.4:
            extra = f"  url: https://example.org/{slug}/{year}/{index}.html\n"
        gen.entity("document", ident, en.format(t=topic, y=year), zh.format(z=topic_zh, y=year),
                   category="document", start=day_text(day, gen.precision(0.1, 0.5)), extra=extra)
        documents.append((ident, day))
    gen.documents = [ident for ident, _ in documents]
    return documents


def write_structure(gen: Generator, bodies: list[Body]) -> list[Body]:
    """Body entities with part_of, nameplate, succession, supervision and registration edges.

    Returns every body people can hold posts in: nameplate twins and predecessors too.
    """
    rng = gen.rng
    everything = list(bodies)
    for body in bodies:
        if body.depth <= 1 and rng.random() < 0.05:
            twin = Body(gen.unique_id(f"{body.id}-office"), f"Office of the {body.name}",
                        f"{body.name_zh}办公室", body.category, body.depth, body.root)
            everything.append(twin)
            gen.edge(body.id, twin.id, "nameplate")
        if rng.random() < 0.05:
            year = rng.randint(1990, 2020)
            old = Body(gen.unique_id(f"{body.id}-former"), f"Former {body.name}",
                       f"原{body.name_zh}", body.category, body.depth, body.root,
                       parent=body.parent, end=str(year))
            everything.append(old)
            gen.edge(old.id, body.id, "succeeded_by", start=str(year))
    for body in everything:
        description = ""
        if rng.random() < 0.3:
            what = body.name.split(",")[0]
            description = f"  description: {scalar(f'Handles the work of the {what}.')}\n"
        gen.entity("organization", body.id, body.name, body.name_zh, category=body.category,
                   start=body.start, end=body.end, extra=description)
        if body.parent:
            gen.edge(body.id, body.parent, "part_of", end=body.end)
    roots = [b for b in bodies if b.depth == 0]
    state = [b for b in roots if b.category == "state"] or roots
    for body in roots:
        if body.category in ("central-committee", "ccp"):
            for other in rng.sample(state, min(len(state), rng.randint(1, 3))):
                if other is not body:
                    gen.edge(body.id, other.id, "supervises")
        elif body.category in ("quasi-state", "academic"):
            other = rng.choice(state)
            if other is not body:
                gen.edge(body.id, other.id, "registered_with",
                         start=str(rng.randint(1980, 2020)) if rng.random() < 0.5 else None)
    return everything


def write_event_edges(gen: Generator, events: list[Body], roots: list[Body]) -> None:
    """Sessions are part of their series; bodies organize and co-organize them."""
    rng = gen.rng
    for event in events:
        if event.parent:
            gen.edge(event.id, event.parent, "part_of")
            for other in rng.sample(roots, min(len(roots), rng.randint(0, 2))):
                gen.edge(other.id, event.id, "co_organizes")
        else:
            gen.edge(rng.choice(roots).id, event.id, "organizes",
                     start=str(rng.randint(2000, 2014)) if rng.random() < 0.3 else None)


def write_issuers(gen: Generator, documents: list[tuple[str, int]], bodies: list[Body],
                  events: list[Body], people: list[str], people_count: int) -> None:
    """Every document is issued by a body (or an event or a person); bodies issue programmes."""
    rng = gen.rng
    for ident, day in documents:
        roll = rng.random()
        issuer = (rng.choice(events).id if roll < 0.05 and events
                  else rng.choice(people) if roll < 0.08 else rng.choice(bodies).id)
        gen.edge(issuer, ident, "issued", start=day_text(day, "day") if roll > 0.5 else None,
                 cite=ident)
    for index in range(max(3, people_count // 100)):
        en, zh = CONCEPT_FORMS[index % len(CONCEPT_FORMS)]
        topic, topic_zh, slug = TOPICS[index % len(TOPICS)]
        ident = gen.unique_id(f"{slug}-{en.split()[-1]}-concept")
        gen.entity("concept", ident, en.format(t=topic), zh.format(z=topic_zh),
                   category="policy-program")
        gen.edge(rng.choice(bodies).id, ident, "issued", start=str(rng.randint(2010, 2023)))
        for person in rng.sample(people, min(len(people), 3)):
            gen.edge(person, ident, "affiliated", note="advocated the programme in speeches")


def person_name(rng: random.Random, weights: list[float]) -> tuple[str, str | None]:
    """English and Chinese name; common surnames more often, a few foreign names."""
    if rng.random() < 0.05:
        return f"{rng.choice(FOREIGN_FIRST)} {rng.choice(FOREIGN_LAST)}", None
    surname, surname_zh = rng.choices(SURNAMES, cum_weights=weights)[0]
    syllables = rng.sample(GIVEN, 1 if rng.random() < 0.3 else 2)
    given = "".join(p for p, _ in syllables)
    return f"{surname} {given.capitalize()}", surname_zh + "".join(h for _, h in syllables)


def write_people(gen: Generator, count: int, bodies: list[Body], events: list[Body]) -> list[str]:
    """People, each with a career of posts, committee seats and event appearances."""
    rng = gen.rng
    weights, total = [], 0.0
    for rank in range(len(SURNAMES)):
        total += 1 / (rank + 1) ** 0.9
        weights.append(total)
    by_root: dict[int, list[list[Body]]] = {}
    for body in bodies:
        by_root.setdefault(body.root, [[] for _ in TITLES])[body.depth].append(body)
    seats = [b for b in bodies if b.depth <= 1]
    sessions = [e for e in events if e.parent]
    ids = []
    for _ in range(count):
        name, name_zh = person_name(rng, weights)
        ident = gen.unique_id(name)
        ids.append(ident)
        extra = ""
        if rng.random() < 0.3:
            cited = rng.choice(gen.documents)
            extra = f'  sources: [{{ref: {cited}, locator: "{gen.locator()}"}}]\n'
        gen.entity("person", ident, name, name_zh, extra=extra)
        career_posts(gen, ident, name_zh is not None, by_root[rng.choice(list(by_root))], bodies)
        for _ in range(rng.randint(3, 11)):
            seat = rng.choice(seats)
            first = rng.randint(dt.date(1985, 1, 1).toordinal(), TODAY)
            last = first + rng.randint(700, 1900) if rng.random() < 0.7 else None
            role = rng.choice(MEMBER_ROLES) if rng.random() < 0.6 else (None, None)
            gen.edge(ident, seat.id, "member", role=role[0],
                     role_zh=role[1] if name_zh else None,
                     **gen.dated(first, last if last and last < TODAY else None))
        for _ in range(rng.randint(0, 3) if sessions else 0):
            session = rng.choice(sessions)
            role, role_zh = rng.choice(EVENT_ROLES)
            gen.edge(ident, session.id, "role", role=role, role_zh=role_zh if name_zh else None,
                     as_of=(session.start,) if rng.random() < 0.7 else ())
    return ids


def career_posts(gen: Generator, person: str, chinese: bool, home: list[list[Body]],
                 bodies: list[Body]) -> None:
    """Several dated posts, from junior units of one system up to its leadership.

    Posts overlap now and then (concurrent titles); the latest may still be held.
    """
    rng = gen.rng
    born = rng.randint(1940, 1985)
    first = dt.date(born + rng.randint(22, 28), rng.randint(1, 12), rng.randint(1, 28)).toordinal()
    last = min(TODAY, first + 365 * rng.randint(25, 40))
    posts = rng.randint(6, 16)
    step = max(200, (last - first) // posts)
    for index in range(posts):
        depth = max(0, 3 - index * 4 // posts)
        pool = (home[depth] or home[0]) if rng.random() < 0.75 else None
        body = rng.choice(pool) if pool else rng.choice(bodies)
        begin = first + index * step + rng.randint(0, step // 3)
        if begin >= TODAY:
            break
        end = begin + int(step * rng.uniform(0.7, 1.6))
        title, title_zh = rng.choice(TITLES[min(body.depth, len(TITLES) - 1)])
        note = "concurrent post" if rng.random() < 0.03 else None
        title_zh = title_zh if chinese and rng.random() < 0.6 else None
        gen.edge(person, body.id, "role", role=title, role_zh=title_zh, note=note,
                 **gen.dated(begin, end if end < TODAY else None))


def generate(people: int, seed: int) -> tuple[str, str]:
    """The text of entities.yaml and edges.yaml."""
    gen = Generator(random.Random(seed))
    documents = write_documents(gen, people)
    bodies = write_bodies(gen, people)
    roots = [b for b in bodies if b.depth == 0]
    events = write_events(gen, people)
    hosts = write_structure(gen, bodies)
    write_event_edges(gen, events, roots)
    person_ids = write_people(gen, people, hosts, events)
    write_issuers(gen, documents, hosts, events, person_ids, people)
    header = (f"# Synthetic benchmark data: {people} people, seed {seed}. "
              "Generated by benchmarks/generate.py; not real.\n")
    order = ("organization", "event", "person", "concept", "document")
    entities = header + "\n".join(t for kind in order for t in gen.entities.get(kind, []))
    return entities, header + "\n".join(gen.edges)


def write_atomic(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temp, path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000, help="number of people")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    entities, edges = generate(args.people, args.seed)
    write_atomic(args.out / "entities.yaml", entities)
    write_atomic(args.out / "edges.yaml", edges)
    print(f"{args.out}: {entities.count(chr(10) + '- id:')} entities, "
          f"{edges.count(chr(10) + '- from:')} edges, "
          f"{(len(entities.encode()) + len(edges.encode())) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
