#!/usr/bin/env python3
"""Writes a synthetic ebb JSON export (the format `ebb import` reads) to standard output.

Seeded and deterministic: the same arguments give the same bytes. A person in Europe/Berlin
logs several substances (alcohol most evenings, cannabis, nicotine, now and then MDMA or
cocaine on weekends), urges with outcomes, and a daily mood, with one plan.

    gen.py --days 365 --entries 10000 --end 2026-11-22T12:00:00+01:00 [--seed 7]
"""
import argparse
import datetime as dt
import json
import random
import sys
from zoneinfo import ZoneInfo

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ZONE = "Europe/Berlin"

# substance, class, unit, amount choices, relative weight, weekend-only
USES = [
    ("alcohol", "alcohol", "drink", [1, 1, 2, 2, 3, 4], 40, False),
    ("cannabis", "cannabinoid", "g", [0.1, 0.2, 0.25, 0.3, 0.5], 25, False),
    ("nicotine", "nicotine", "cigarette", [1, 1, 1, 2, 3], 30, False),
    ("mdma", "empathogen", "mg", [60, 80, 100, 120], 2, True),
    ("cocaine", "stimulant", "g", [0.1, 0.2, 0.3], 3, True),
]
ROUTES = {"alcohol": "oral", "cannabis": "smoked", "nicotine": "smoked", "mdma": "oral",
          "cocaine": "insufflated"}
PLACES = ["home", "home", "home", "bar", "friend's place", "park", "club"]
WHO = ["", "", "Sam", "Lea", "friends", "work people"]
TRIGGERS = ["stress", "boredom", "after work", "seeing friends", "tired", "lonely"]
FEELINGS = ["calm", "anxious", "tired", "happy", "restless", "sad", "content", "irritable"]
OUTCOMES = ["rode_out", "rode_out", "used", "other"]

PLAN = """why = "I want to sleep well and be there for Lea."
when_urge = "text Sam, make tea"
[alcohol]
goal = "reduce"
max_per_day = "3 drinks"
max_per_week = "10 drinks"
days_off = ["tue", "wed"]
[cannabis]
max_use_days_per_week = 4
"""


def ulid(ms, rng):
    """26 Crockford base32 characters: 48 bits of milliseconds, 80 random bits."""
    n = (ms << 80) | rng.getrandbits(80)
    return "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(26)))


def rfc3339(t, offset_s):
    sign = "+" if offset_s >= 0 else "-"
    o = abs(offset_s)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{o // 3600:02d}:{o % 3600 // 60:02d}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--days", type=int, required=True)
    p.add_argument("--entries", type=int, required=True)
    p.add_argument("--end", required=True, help="RFC 3339, the last moment of the history")
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()

    rng = random.Random(a.seed)
    zone = ZoneInfo(ZONE)
    end = dt.datetime.fromisoformat(a.end).astimezone(dt.timezone.utc)
    start = end - dt.timedelta(days=a.days)
    span_s = int((end - start).total_seconds()) - 60
    # Times sorted so ids grow with time like real ULIDs; skewed to evenings.
    times = []
    for _ in range(a.entries):
        day = rng.randrange(max(a.days, 1))
        hour = rng.choice([8, 12, 13, 17, 18, 19, 20, 20, 21, 21, 22, 22, 23, 0, 1])
        s = min(day * 86400 + hour * 3600 + rng.randrange(3600), span_s)
        times.append(s)
    times.sort()

    weights = [u[4] for u in USES]
    out = sys.stdout
    out.write('{"ebb_export": 1, "exported_at": "%s", "entries": [\n' % rfc3339(end, 0))
    for i, s in enumerate(times):
        utc = start + dt.timedelta(seconds=s)
        local = utc.astimezone(zone)
        off = int(local.utcoffset().total_seconds())
        ms = int(utc.timestamp() * 1000) + rng.randrange(1000)
        stamp = rfc3339(utc, 0)
        e = {"id": ulid(ms, rng), "at": rfc3339(local, off), "zone": ZONE,
             "created_at": stamp, "updated_at": stamp}
        r = rng.random()
        if r < 0.70:
            weekend = local.weekday() >= 4
            while True:
                u = rng.choices(USES, weights)[0]
                if weekend or not u[5]:
                    break
            e.update(kind="use", substance=u[0], **{"class": u[1]}, amount=rng.choice(u[3]),
                     unit=u[2], route=ROUTES[u[0]], where=rng.choice(PLACES))
            who = rng.choice(WHO)
            if who:
                e["with_whom"] = who
            e["alone"] = not who
            if rng.random() < 0.3:
                e["cost"] = round(rng.uniform(2, 40), 2)
            if u[0] in ("mdma", "cocaine"):
                e["tested"] = rng.random() < 0.6
        elif r < 0.85:
            u = rng.choice(USES[:3])
            e.update(kind="urge", substance=u[0], **{"class": u[1]},
                     intensity=rng.randint(2, 10), trigger=rng.choice(TRIGGERS),
                     outcome=rng.choice(OUTCOMES), minutes=rng.randint(5, 90))
        else:
            e.update(kind="mood", score=rng.randint(2, 9),
                     feelings=rng.sample(FEELINGS, rng.randint(1, 3)),
                     energy=rng.randint(1, 10))
        if rng.random() < 0.1:
            e["note"] = rng.choice(["long day", "good talk with Lea", "slept badly", "ok"])
        if rng.random() < 0.1:
            e["tags"] = [rng.choice(["weekend", "work", "party", "family"])]
        out.write(json.dumps(e, separators=(",", ":")))
        out.write(",\n" if i + 1 < len(times) else "\n")
    saved = rfc3339(start, 0)
    plans = [{"version": 1, "saved_at": saved, "text": PLAN}]
    out.write('], "plans": %s}\n' % json.dumps(plans))


if __name__ == "__main__":
    main()
