#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets from tests/fixtures into OUT/<target>/.
The checked-in corpus (fuzz/corpus) is these seeds grown by fuzzing and
minimised with `cargo fuzz cmin`; run this only to start a corpus afresh:
    python3 fuzz/seed.py /tmp/seeds
"""
import pathlib, sys, zipfile

root = pathlib.Path(__file__).resolve().parent.parent
fixtures = root / "tests" / "fixtures"
out = pathlib.Path(sys.argv[1])

def write(target, name, data):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)

csvs = {
    "messy.csv": (fixtures / "messy_register.csv").read_bytes(),
    "sample.csv": (root / "web" / "sample" / "deltagarforteckning.csv").read_bytes(),
    "utf16.csv": "Personnummer\tKön\tStartdatum\r\n19811218-9876\tK\t2024-01-15\r\n".encode("utf-16"),
    "titles.csv": "Projekt X;;\r\n;;\r\nPersonnummer;Kön;Födelsedatum;O.2.3.1 Språkkurs\r\n811218-9876;man;1981-12-18;ja\r\n".encode("cp1252"),
    "fi.csv": "Henkilötunnus,Sukupuoli,Aloituspäivä,Indikaattorit\n131052-308T,nainen,15.1.2024,\"O.2.3, O.2.3.1\"\n".encode(),
    "internal.csv": "ID;Förnamn;Efternamn;Födelsedatum;Kön\nANNSAN19990801;Anna;Sandström;1999-08-01;kvinna\n".encode(),
}
for name, data in csvs.items():
    write("csv", name, data)
    write("pipeline", name, data)

books = ["register.xlsx", "register.ods", "register.xls", "messy_register.xlsx",
         "messy_register.ods", "messy_register.xls", "encrypted.xlsx", "encrypted.xls"]
for name in books:
    data = (fixtures / name).read_bytes()
    write("spreadsheet", "raw-" + name, b"\x00" + data)
    write("pipeline", name, data)

# The XML parts, so the part modes (fuzz/invariants.rs MODES) start from real content.
parts = {1: "xl/worksheets/sheet1.xml", 2: "xl/sharedStrings.xml", 3: "xl/workbook.xml"}
for book in ["register.xlsx", "messy_register.xlsx"]:
    with zipfile.ZipFile(fixtures / book) as z:
        for mode, part in parts.items():
            if part in z.namelist():
                data = bytes([mode]) + z.read(part)
                write("spreadsheet", f"part{mode}-{book}", data)
                write("pipeline", f"part{mode}-{book}", b"\xff" + data)
for book in ["register.ods", "messy_register.ods"]:
    with zipfile.ZipFile(fixtures / book) as z:
        data = b"\x04" + z.read("content.xml")
        write("spreadsheet", f"content-{book}", data)
        write("pipeline", f"content-{book}", b"\xff" + data)

ids = ["811218-9876", "19811218-9876", "811278-9873", "12-345678", "annsan19990801",
       "131052-308T", "131052A308T", "010101+123H", "556036-0793", "5560360793",
       "0737546-2", "FI07375462", "811218+9876", "  811218 - 9876 ", "", "000000-0000"]
for i, text in enumerate(ids):
    write("ids", f"id{i}", b"\x10\x70" + text.encode())
