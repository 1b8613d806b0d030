#!/usr/bin/env python3
"""python-stdnum comparator for tests/bench/ids.sh.

Reads FILE (one personnummer candidate per line), validates each line with
stdnum.se.personnummer.validate and writes one line per input line to
standard output, like `amif-check ids`:

  <line>\tvalid\t<stdnum compact form>\tpersonnummer
  <line>\tinvalid\t\t<stdnum exception name>

Usage: VENV/bin/python tests/bench/stdnum_ids.py FILE > OUT
"""

import sys

from stdnum.exceptions import ValidationError
from stdnum.se import personnummer


def main() -> None:
    validate = personnummer.validate
    write = sys.stdout.write
    with open(sys.argv[1], encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            # stdnum's clean() keeps the newline; amif-check drops white space.
            try:
                canonical = validate(line.strip())
            except ValidationError as err:
                write(f"{number}\tinvalid\t\t{type(err).__name__}\n")
            else:
                write(f"{number}\tvalid\t{canonical}\tpersonnummer\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
