#!/usr/bin/env python3
"""Deterministic personnummer test data for tests/bench/ids.sh.

Writes COUNT lines, one identifier per line, and a sidecar file with one
label per line saying what the line is meant to be:

  valid       a personnummer with a real date and a right Luhn digit
  samordning  a samordningsnummer (day + 60), valid date and Luhn digit
  bad-check   a real date, wrong Luhn digit
  bad-date    a date that does not exist (month 00/13, day 00/32, 30 Feb,
              29 Feb in a common year), right Luhn digit

Mix (by default): 94 % valid, 1 % samordning, 2.5 % bad-check, 2.5 % bad-date;
forms 40 % YYMMDD-NNNC, 15 % YYMMDDNNNC, 5 % YYMMDD+NNNC (born 1900-1926),
25 % YYYYMMDDNNNC, 15 % YYYYMMDD-NNNC. Serial numbers are 001-999 (000 is
never issued). The Luhn digit is computed over YYMMDDNNN. Ten-digit forms are
written so that they mean the intended century for REFERENCE_YEAR.

Standard library only; the same seed always gives the same bytes.

Usage: python3 tests/bench/gen_personnummer.py OUT LABELS
           [--count N] [--seed S] [--reference-year Y]
"""

from __future__ import annotations

import argparse
import calendar
import random

FORMS = (
    ("short-dash", 40),
    ("short-nosep", 15),
    ("short-plus", 5),
    ("long", 25),
    ("long-dash", 15),
)
LABELS = (
    ("valid", 940),
    ("samordning", 10),
    ("bad-check", 25),
    ("bad-date", 25),
)


def luhn_digit(digits: str) -> int:
    """The check digit to append to `digits` (doubling from the left, as
    personnummer do over their nine digits)."""
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 - i % 2)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def year_range(form: str, reference_year: int) -> tuple[int, int]:
    """Birth years that the form can express unambiguously."""
    if form == "short-plus":
        return 1900, reference_year - 100  # + means at least 100 years old
    if form.startswith("short"):
        return reference_year - 99, reference_year - 1
    return 1900, reference_year - 1


def real_date(rng: random.Random, lo: int, hi: int) -> tuple[int, int, int]:
    year = rng.randint(lo, hi)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    return year, month, day


def bad_date(rng: random.Random, lo: int, hi: int) -> tuple[int, int, int]:
    kind = rng.randrange(6)
    year, month, day = real_date(rng, lo, hi)
    if kind == 0:
        return year, 13, day
    if kind == 1:
        return year, 0, day
    if kind == 2:
        return year, month, 0
    if kind == 3:
        return year, month, 32
    if kind == 4:
        return year, 2, 30
    # 29 February in a common year within the form's range.
    common = [y for y in range(lo, hi + 1) if not calendar.isleap(y)]
    return rng.choice(common), 2, 29


def render(form: str, year: int, month: int, day: int, serial: int, check: int) -> str:
    mmdd = f"{month:02d}{day:02d}"
    tail = f"{serial:03d}{check}"
    if form == "short-dash":
        return f"{year % 100:02d}{mmdd}-{tail}"
    if form == "short-nosep":
        return f"{year % 100:02d}{mmdd}{tail}"
    if form == "short-plus":
        return f"{year % 100:02d}{mmdd}+{tail}"
    if form == "long":
        return f"{year:04d}{mmdd}{tail}"
    return f"{year:04d}{mmdd}-{tail}"


def line(rng: random.Random, form: str, label: str, reference_year: int) -> str:
    lo, hi = year_range(form, reference_year)
    if label == "bad-date":
        year, month, day = bad_date(rng, lo, hi)
    else:
        year, month, day = real_date(rng, lo, hi)
        if label == "samordning":
            day += 60
    serial = rng.randint(1, 999)
    check = luhn_digit(f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}")
    if label == "bad-check":
        check = (check + rng.randint(1, 9)) % 10
    return render(form, year, month, day, serial, check)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("labels")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--reference-year", type=int, default=2026)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    forms = [name for name, weight in FORMS for _ in range(weight)]
    labels = [name for name, weight in LABELS for _ in range(weight)]
    lines: list[str] = []
    tags: list[str] = []
    for _ in range(args.count):
        form = rng.choice(forms)
        label = rng.choice(labels)
        lines.append(line(rng, form, label, args.reference_year))
        tags.append(f"{label}\t{form}")
    with open(args.out, "w", encoding="ascii", newline="\n") as out:
        out.write("\n".join(lines))
        out.write("\n")
    with open(args.labels, "w", encoding="ascii", newline="\n") as out:
        out.write("\n".join(tags))
        out.write("\n")


if __name__ == "__main__":
    main()
