#!/usr/bin/env python3
"""Writes a large fictitious participant register for benchmarks:
semicolon CSV in Windows-1252 with title rows, as Swedish Excel saves it.
Deterministic (fixed seed). About 100 bytes a row.

Usage: python3 tests/bench/gen_register.py ROWS OUT.csv
"""
import random
import sys


def luhn(digits: str) -> str:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def main() -> None:
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20212027)
    persons = max(1, rows * 2 // 3)  # a third of the rows are repeat visits
    genders = ["Man", "Kvinna", "Kvinna", "Man", "Icke-binär"]
    countries = ["Syrien", "Afghanistan", "Eritrea", "Somalia", "Irak", "SY", "AF", "statslös"]
    with open(out, "w", encoding="cp1252", newline="") as f:
        f.write("Deltagarförteckning – benchmark (påhittade uppgifter);;;;;;;;;\r\n;;;;;;;;;\r\n")
        f.write("Personnummer;Kön;Startdatum;Slutdatum;Medborgarskap;Ensamkommande barn;"
                "O.2.3 Antal deltagare;O.2.3.1 Varav språkkurser;O.2.3.2 Varav samhällsinformation;R.2.9\r\n")
        for _ in range(rows):
            p = rng.randrange(persons)
            r = random.Random(p)  # a person's facts depend only on the person
            year = 1950 + r.randrange(70)
            month, day = 1 + r.randrange(12), 1 + r.randrange(28)
            body = f"{year % 100:02}{month:02}{day:02}{r.randrange(1000):03}"
            pnr = f"{year}{month:02}{day:02}{body[6:]}{luhn(body)}"
            if rng.random() < 0.02:  # a typo in the check digit
                pnr = pnr[:-1] + str((int(pnr[-1]) + 1) % 10)
            gender = genders[r.randrange(len(genders))]
            start_year = max(year + 1, 2022)
            sm, sd = 1 + rng.randrange(12), 1 + rng.randrange(28)
            start = f"{start_year}-{sm:02}-{sd:02}"
            end = f"{start_year + 1}-{sm:02}-{sd:02}" if rng.random() < 0.5 else ""
            x = lambda q: "X" if rng.random() < q else ""
            f.write(f"{pnr};{gender};{start};{end};{countries[r.randrange(len(countries))]};Nej;"
                    f"X;{x(0.4)};{x(0.3)};{'Ja' if rng.random() < 0.5 else 'Nej'}\r\n")


if __name__ == "__main__":
    main()
