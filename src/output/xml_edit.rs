//! Small edits to XML parts as written: finding tags, reading and setting
//! one attribute, inserting before a tag. Everything not edited stays as
//! it was, byte for byte (a reader and writer pair would normalise it).
//! Only what package parts use is understood: elements, attributes in
//! single or double quotes, comments, processing instructions and CDATA
//! passed over.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagKind {
    Start,
    Empty,
    End,
}

/// A tag found in a text: where it lies and its local name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag<'x> {
    pub(crate) start: usize,
    /// Just past its `>`.
    pub(crate) end: usize,
    pub(crate) kind: TagKind,
    /// The name as written, prefix included.
    pub(crate) name: &'x str,
    /// The whole tag, `<` to `>`.
    pub(crate) text: &'x str,
}

impl Tag<'_> {
    /// The name without its namespace prefix.
    pub(crate) fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(self.name)
    }

    /// The namespace prefix with its colon (`x:`), empty without one.
    pub(crate) fn prefix(&self) -> &str {
        self.name.strip_suffix(self.local()).unwrap_or_default()
    }

    pub(crate) fn attribute(&self, name: &str) -> Option<Cow<'_, str>> {
        attribute(self.text, name)
    }
}

/// The next tag at or after `from`; `None` at the end or on damage.
pub(crate) fn next_tag(xml: &str, from: usize) -> Option<Tag<'_>> {
    let mut at = from;
    loop {
        let start = at + xml.get(at..)?.find('<')?;
        let rest = xml.get(start..)?;
        // Comments, processing instructions, CDATA and declarations.
        for (open, close) in [
            ("<!--", "-->"),
            ("<?", "?>"),
            ("<![CDATA[", "]]>"),
            ("<!", ">"),
        ] {
            if rest.starts_with(open) {
                at = start + rest.find(close)? + close.len();
                break;
            }
        }
        if at > start {
            continue;
        }
        let end = start + tag_end(rest)?;
        let text = xml.get(start..end)?;
        let (kind, inner) = if let Some(name) = text.strip_prefix("</") {
            (TagKind::End, name.strip_suffix('>')?)
        } else if let Some(inner) = text.strip_suffix("/>") {
            (TagKind::Empty, inner.get(1..)?)
        } else {
            (TagKind::Start, text.get(1..text.len() - 1)?)
        };
        let name_end = inner
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(inner.len());
        return Some(Tag {
            start,
            end,
            kind,
            name: inner.get(..name_end)?.trim(),
            text,
        });
    }
}

/// The length of the tag `text` starts with, up to and with its `>`
/// (a `>` inside a quoted attribute value does not end it).
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Where each attribute of a start tag lies: (name, value's range in `tag`).
fn attributes(tag: &str) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> {
    let mut at = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    std::iter::from_fn(move || {
        let rest = tag.get(at..)?;
        let name_start = at + rest.find(|c: char| !c.is_whitespace())?;
        let eq = name_start + tag.get(name_start..)?.find('=')?;
        let name = tag.get(name_start..eq)?.trim();
        let after = tag.get(eq + 1..)?;
        let open = eq + 1 + after.find(['"', '\''])?;
        let quote = tag.get(open..open + 1)?;
        let close = open + 1 + tag.get(open + 1..)?.find(quote)?;
        at = close + 1;
        Some((name, open + 1..close))
    })
}

/// An attribute's value with the five entity references resolved.
pub(crate) fn attribute<'t>(tag: &'t str, name: &str) -> Option<Cow<'t, str>> {
    attributes(tag)
        .find(|(n, _)| *n == name)
        .and_then(|(_, range)| tag.get(range))
        .map(unescape)
}

/// `tag` with attribute `name` set to `value` (escaped here): replaced
/// where it is, else added before the tag's end.
pub(crate) fn with_attribute(tag: &str, name: &str, value: &str) -> String {
    let value = escape(value);
    if let Some((_, range)) = attributes(tag).find(|(n, _)| *n == name) {
        return format!(
            "{}{value}{}",
            tag.get(..range.start).unwrap_or_default(),
            tag.get(range.end..).unwrap_or_default()
        );
    }
    let cut = if tag.ends_with("/>") {
        tag.len() - 2
    } else {
        tag.len() - 1
    };
    let (head, tail) = tag.split_at(cut);
    format!("{} {name}=\"{value}\"{tail}", head.trim_end())
}

pub(crate) fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let tail = rest.get(at..).unwrap_or_default();
        let Some(end) = tail.find(';') else {
            out.push_str(tail);
            return Cow::Owned(out);
        };
        let entity = tail.get(1..end).unwrap_or_default();
        let resolved = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match resolved {
            Some(c) => out.push(c),
            None => out.push_str(tail.get(..=end).unwrap_or_default()),
        }
        rest = tail.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Cow::Owned(out)
}

pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Every tag of local name `name`, in order.
pub(crate) fn tags<'x>(xml: &'x str, name: &'x str) -> impl Iterator<Item = Tag<'x>> + 'x {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let tag = next_tag(xml, at)?;
        at = tag.end;
        if tag.local() == name {
            return Some(tag);
        }
    })
}

/// `xml` with `insert` put in at byte `at`.
pub(crate) fn inserted(xml: &str, at: usize, insert: &str) -> String {
    let (head, tail) = xml.split_at(at.min(xml.len()));
    let mut out = String::with_capacity(xml.len() + insert.len());
    out.push_str(head);
    out.push_str(insert);
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn tags_attributes_and_edits() {
        let xml = r#"<?xml version="1.0"?><!-- a > b --><x:row r="2" spans='1:3'><x:c r="A2" s="3" t="s"><v>1&gt;0</v></x:c><c r="B2"/></x:row>"#;
        let names: Vec<(&str, TagKind)> = {
            let mut at = 0;
            std::iter::from_fn(|| {
                let tag = next_tag(xml, at)?;
                at = tag.end;
                Some((tag.name, tag.kind))
            })
            .collect()
        };
        assert_eq!(
            names,
            [
                ("x:row", TagKind::Start),
                ("x:c", TagKind::Start),
                ("v", TagKind::Start),
                ("v", TagKind::End),
                ("x:c", TagKind::End),
                ("c", TagKind::Empty),
                ("x:row", TagKind::End)
            ]
        );
        let c = tags(xml, "c").next().unwrap();
        assert_eq!((c.local(), c.prefix()), ("c", "x:"));
        assert_eq!(c.attribute("s").as_deref(), Some("3"));
        assert_eq!(attribute(r#"<a b='x&amp;y'>"#, "b").as_deref(), Some("x&y"));
        assert_eq!(
            with_attribute(c.text, "s", "7"),
            r#"<x:c r="A2" s="7" t="s">"#
        );
        assert_eq!(
            with_attribute(r#"<c r="B2"/>"#, "s", "7"),
            r#"<c r="B2" s="7"/>"#
        );
        assert_eq!(
            with_attribute(r#"<c r="B2">"#, "s", "1"),
            r#"<c r="B2" s="1">"#
        );
        assert_eq!(attribute(r#"<a b=">" c="2">"#, "c").as_deref(), Some("2"));
        assert_eq!(unescape("&#228;&#xE4;&lt;&bogus;"), "ää<&bogus;");
    }

    #[test]
    fn damage_ends_the_search() {
        assert!(next_tag("<a b=\"unclosed>", 0).is_none());
        assert!(next_tag("<!-- never closed", 0).is_none());
        assert!(next_tag("no tags", 0).is_none());
    }
}
