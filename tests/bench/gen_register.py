#!/usr/bin/env python3
"""Writes a large fictitious participant register for benchmarks:
semicolon CSV in Windows-1252 with title rows, as Swedish Excel saves it,
with the columns a real register has (names, birth date, municipality).
Deterministic (fixed seed). About 100 bytes a row; 2 % of the rows have a
wrong check digit, a third are repeat visits of a person.

Usage: python3 tests/bench/gen_register.py ROWS OUT.csv
       python3 tests/bench/gen_register.py ROWS OUT.xlsx   (needs xlsxwriter)
"""
import random
import sys

HEADER = ["Personnummer", "Förnamn", "Efternamn", "Kön", "Födelsedatum", "Kommun", "Aktivitet",
          "Startdatum", "Slutdatum", "Medborgarskap", "Ensamkommande barn",
          "O.2.3 Antal deltagare", "O.2.3.1 Varav språkkurser",
          "O.2.3.2 Varav samhällsinformation", "R.2.9"]
TITLE = "Deltagarförteckning – benchmark (påhittade uppgifter)"
FIRST = ["Amina", "Mohammed", "Fatima", "Ahmad", "Sara", "Yonas", "Hodan", "Ali",
         "Leyla", "Omar", "Åsa", "Björn", "Zainab", "Mustafa", "Mariam", "Khalid"]
LAST = ["Hassan", "Mohammadi", "Tesfaye", "Abdullahi", "Karimi", "Haile", "Osman",
        "Ahmadi", "Nilsson", "Öberg", "Rahimi", "Yusuf", "Berhane", "Jama", "Hosseini"]
TOWNS = ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Örebro", "Västerås",
         "Linköping", "Borås", "Södertälje", "Norrköping", "Eskilstuna"]
GENDERS = ["Man", "Kvinna", "Kvinna", "Man", "Icke-binär"]
ACTIVITIES = ["Samhällsorientering", "Språkcafé", "Arbetsmarknadsstöd", "Studiebesök"]
COUNTRIES = ["Syrien", "Afghanistan", "Eritrea", "Somalia", "Irak", "SY", "AF", "statslös"]


def luhn(digits: str) -> str:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def rows(count: int):
    """The data rows as lists of cell texts."""
    rng = random.Random(20212027)
    persons = max(1, count * 2 // 3)  # a third of the rows are repeat visits
    for _ in range(count):
        p = rng.randrange(persons)
        r = random.Random(p)  # a person's facts depend only on the person
        year = 1950 + r.randrange(70)
        month, day = 1 + r.randrange(12), 1 + r.randrange(28)
        body = f"{year % 100:02}{month:02}{day:02}{r.randrange(1000):03}"
        pnr = f"{year}{month:02}{day:02}{body[6:]}{luhn(body)}"
        if rng.random() < 0.02:  # a typo in the check digit
            pnr = pnr[:-1] + str((int(pnr[-1]) + 1) % 10)
        first, last = FIRST[r.randrange(len(FIRST))], LAST[r.randrange(len(LAST))]
        gender = GENDERS[r.randrange(len(GENDERS))]
        town = TOWNS[r.randrange(len(TOWNS))]
        activity = ACTIVITIES[rng.randrange(len(ACTIVITIES))]
        country = COUNTRIES[r.randrange(len(COUNTRIES))]
        start_year = max(year + 1, 2022)
        sm, sd = 1 + rng.randrange(12), 1 + rng.randrange(28)
        start = f"{start_year}-{sm:02}-{sd:02}"
        end = f"{start_year + 1}-{sm:02}-{sd:02}" if rng.random() < 0.5 else ""
        x = lambda q: "X" if rng.random() < q else ""
        yield [pnr, first, last, gender, f"{year}-{month:02}-{day:02}", town, activity, start, end,
               country, "Nej", "X", x(0.4), x(0.3), "Ja" if rng.random() < 0.5 else "Nej"]


def write_csv(count: int, out: str) -> None:
    empty = ";" * (len(HEADER) - 1)
    with open(out, "w", encoding="cp1252", newline="") as f:
        f.write(f"{TITLE}{empty}\r\n{empty}\r\n")
        f.write(";".join(HEADER) + "\r\n")
        for row in rows(count):
            f.write(";".join(row) + "\r\n")


def write_xlsx(count: int, out: str) -> None:
    """As Excel saves it: shared strings, dates as date cells."""
    import datetime
    import xlsxwriter  # only the XLSX benchmark needs it

    dates = {HEADER.index(h) for h in ("Födelsedatum", "Startdatum", "Slutdatum")}
    book = xlsxwriter.Workbook(out)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("Deltagare")
    sheet.write_string(0, 0, TITLE)
    sheet.write_row(2, 0, HEADER)
    for i, row in enumerate(rows(count), start=3):
        for j, value in enumerate(row):
            if not value:  # empty cells are absent, as Excel writes them
                continue
            if j in dates:
                sheet.write_datetime(i, j, datetime.date.fromisoformat(value), date_format)
            else:
                sheet.write_string(i, j, value)
    book.close()


def main() -> None:
    count, out = int(sys.argv[1]), sys.argv[2]
    (write_xlsx if out.endswith(".xlsx") else write_csv)(count, out)


if __name__ == "__main__":
    main()
