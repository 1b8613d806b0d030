//! `amif-check ids`: one identifier per line in, one verdict per line out.

use super::{today, IdsArgs, EXIT_OK};
use amif_check::ids;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

pub(super) fn run(args: &IdsArgs) -> io::Result<i32> {
    let input: Box<dyn Read> = match &args.file {
        Some(path) if path.as_os_str() != "-" => Box::new(File::open(path).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display()))
        })?),
        _ => Box::new(io::stdin().lock()),
    };
    let reference_date = args.reference_date.unwrap_or_else(today);
    let (country, context) = (args.country.into(), args.context.into());

    let mut reader = BufReader::with_capacity(1 << 16, input);
    // A list of identifiers is text: a PDF, a workbook or an image is said to be one.
    if let Err(err) = amif_check::register::refuse_unless_text(reader.fill_buf()?) {
        let what = args
            .file
            .as_ref()
            .map_or("stdin".into(), |p| p.display().to_string());
        let kind = match err.diagnostic().param("reason") {
            Some("pdf") => "a PDF",
            Some("image") => "an image",
            _ => "not text (a workbook, an archive or another binary file)",
        };
        let text = format!("{what} is {kind}; ids reads text, one identifier per line");
        return Err(io::Error::new(io::ErrorKind::InvalidData, text));
    }
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut line = Vec::with_capacity(64);
    let mut number: u64 = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let mut text: &[u8] = &line;
        if number == 1 {
            text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        }
        let text = String::from_utf8_lossy(text);
        match ids::parse(&text, country, context, reference_date) {
            Ok(parsed) => writeln!(
                out,
                "{number}\tvalid\t{}\t{}",
                parsed.canonical,
                parsed.kind.as_str()
            )?,
            Err(err) => writeln!(out, "{number}\tinvalid\t\t{}", err.code())?,
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}
