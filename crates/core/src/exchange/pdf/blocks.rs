//! The Markdown a journal entry is written in, read into the blocks the printed book lays out:
//! headings, paragraphs, list items, quotes, code and pictures, each with its text in styled spans.
//!
//! This is deliberately small: it covers what the editor writes and what imports bring, so that no
//! `#`, `**` or `>` of the markup is printed. Anything it does not know stays as the text it is.

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// One block of an entry, in the order it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    Heading(Vec<Span>),
    Paragraph(Vec<Span>),
    Quote(Vec<Span>),
    /// A list item: its marker (`•`, `1.`) and how deeply it is nested.
    Item {
        marker: String,
        depth: usize,
        spans: Vec<Span>,
    },
    /// A fenced code block, line by line.
    Code(Vec<String>),
    /// `![caption](picture:<id>)`: one of the entry's pictures.
    Picture {
        id: String,
        caption: String,
    },
    Rule,
}

/// What the lines read so far make, until a blank line or another kind of line ends it.
enum Open {
    None,
    Paragraph(String),
    Quote(String),
    Item(String, usize, String),
    Code(Vec<String>),
}

/// The entry's text as blocks.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open = Open::None;
    for raw in text.lines() {
        let line = raw.replace('\t', "    ");
        if let Open::Code(lines) = &mut open {
            if line.trim_start().starts_with("```") {
                close(&mut open, &mut out);
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            close(&mut open, &mut out);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            close(&mut open, &mut out);
            open = Open::Code(Vec::new());
            continue;
        }
        // Pictures are blocks of their own, wherever their reference stands.
        let (line, pictures) = take_pictures(&line);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            close(&mut open, &mut out);
            out.extend(pictures);
            continue;
        }
        if let Some(heading) = heading(trimmed) {
            close(&mut open, &mut out);
            out.push(Block::Heading(spans(heading)));
        } else if is_rule(trimmed) {
            close(&mut open, &mut out);
            out.push(Block::Rule);
        } else if let Some(quoted) = trimmed.strip_prefix('>') {
            let quoted = quoted.trim_start_matches('>').trim();
            match &mut open {
                Open::Quote(text) => push_line(text, quoted),
                _ => {
                    close(&mut open, &mut out);
                    open = Open::Quote(quoted.to_owned());
                }
            }
        } else if let Some((marker, rest)) = list_item(trimmed) {
            close(&mut open, &mut out);
            let indent = line.len() - line.trim_start().len();
            open = Open::Item(marker, indent / 2, rest.to_owned());
        } else {
            match &mut open {
                Open::Paragraph(text) | Open::Quote(text) | Open::Item(_, _, text) => {
                    push_line(text, trimmed)
                }
                _ => open = Open::Paragraph(trimmed.to_owned()),
            }
        }
        if !pictures.is_empty() {
            close(&mut open, &mut out);
            out.extend(pictures);
        }
    }
    close(&mut open, &mut out);
    out
}

fn push_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(line);
}

fn close(open: &mut Open, out: &mut Vec<Block>) {
    match std::mem::replace(open, Open::None) {
        Open::None => {}
        Open::Paragraph(text) => out.push(Block::Paragraph(spans(&text))),
        Open::Quote(text) => out.push(Block::Quote(spans(&text))),
        Open::Item(marker, depth, text) => out.push(Block::Item {
            marker,
            depth,
            spans: spans(&text),
        }),
        Open::Code(lines) => out.push(Block::Code(lines)),
    }
}

/// `# Title` to `###### Title`: the title, without its closing hashes.
fn heading(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.starts_with(' ') {
        // `#tag` is a tag, not a heading.
        return None;
    }
    Some(rest.trim().trim_end_matches('#').trim_end())
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ["-", "*", "_"]
            .iter()
            .any(|mark| compact.chars().all(|c| c.to_string() == *mark))
}

/// `- item`, `* item`, `+ item`, `1. item`, `1) item`, and task items `- [ ] item`.
fn list_item(line: &str) -> Option<(String, &str)> {
    let (marker, rest) = if let Some(rest) = ["- ", "* ", "+ "]
        .iter()
        .find_map(|bullet| line.strip_prefix(*bullet))
    {
        ("•".to_owned(), rest)
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let after = line.get(digits..)?;
        if digits == 0 || digits > 9 || !(after.starts_with(". ") || after.starts_with(") ")) {
            return None;
        }
        (format!("{}.", &line[..digits]), &after[2..])
    };
    let rest = rest.trim_start();
    if let Some(task) = rest.strip_prefix("[ ] ") {
        return Some(("☐".to_owned(), task));
    }
    if let Some(task) = rest
        .strip_prefix("[x] ")
        .or_else(|| rest.strip_prefix("[X] "))
    {
        return Some(("☑".to_owned(), task));
    }
    Some((marker, rest))
}

/// The line without its `![caption](picture:<id>)` references, and those pictures.
fn take_pictures(line: &str) -> (String, Vec<Block>) {
    let mut rest = line;
    let mut kept = String::new();
    let mut pictures = Vec::new();
    while let Some(start) = rest.find("![") {
        let Some((caption, target, len)) = link_at(&rest[start + 1..]) else {
            kept.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        };
        match target.strip_prefix("picture:") {
            Some(id) => {
                kept.push_str(&rest[..start]);
                // The editor writes `caption|width`; the width is the window's, not the page's.
                let caption = caption.split('|').next().unwrap_or_default().trim();
                pictures.push(Block::Picture {
                    id: id.trim().to_owned(),
                    caption: caption.to_owned(),
                });
            }
            None => kept.push_str(&rest[..start + 1 + len]),
        }
        rest = &rest[start + 1 + len..];
    }
    kept.push_str(rest);
    (kept, pictures)
}

/// `[text](target)` at the start of `s`: the text, the target and the length of the whole.
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let text = s.get(1..close)?;
    let after = &s[close + 2..];
    let end = after.find(')')?;
    Some((text, &after[..end], close + 2 + end + 1))
}

/// The inline markup of one block's text: bold, italic, code, links and escapes.
pub(super) fn spans(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut i = 0;
    let push = |out: &mut Vec<Span>, s: &str, bold: bool, italic: bool| match out.last_mut() {
        Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(s),
        _ if s.is_empty() => {}
        _ => out.push(Span {
            text: s.to_owned(),
            bold,
            italic,
        }),
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let rest = || chars[i..].iter().collect::<String>();
        if c == '\\' && next.is_some_and(|n| n.is_ascii_punctuation()) {
            push(
                &mut out,
                &next.unwrap_or_default().to_string(),
                bold,
                italic,
            );
            i += 2;
        } else if c == '`' {
            match chars[i + 1..].iter().position(|&c| c == '`') {
                Some(len) => {
                    let code: String = chars[i + 1..i + 1 + len].iter().collect();
                    push(&mut out, &code, bold, italic);
                    i += len + 2;
                }
                None => {
                    push(&mut out, "`", bold, italic);
                    i += 1;
                }
            }
        } else if (c == '*' || c == '_') && next == Some(c) {
            let marker: String = [c, c].iter().collect();
            if bold || rest()[2..].contains(&marker) {
                bold = !bold;
            } else {
                push(&mut out, &marker, bold, italic);
            }
            i += 2;
        } else if c == '~' && next == Some('~') {
            i += 2;
        } else if (c == '*' || c == '_') && emphasis_edge(&chars, i, italic) {
            italic = !italic;
            i += 1;
        } else if c == '[' {
            let rest = rest();
            match link_at(&rest) {
                Some((label, _, len)) => {
                    push(&mut out, label, bold, italic);
                    i += rest[..len].chars().count();
                }
                None => {
                    push(&mut out, "[", bold, italic);
                    i += 1;
                }
            }
        } else if c == '!' && next == Some('[') {
            // A picture from elsewhere: its caption stands for it.
            let rest = rest();
            match link_at(&rest[1..]) {
                Some((label, _, len)) => {
                    push(&mut out, label, bold, !italic);
                    i += 1 + rest[1..1 + len].chars().count();
                }
                None => {
                    push(&mut out, "!", bold, italic);
                    i += 1;
                }
            }
        } else {
            push(&mut out, &c.to_string(), bold, italic);
            i += 1;
        }
    }
    out
}

/// Whether the `*` or `_` at `i` opens (or, when `open`, closes) italics: an opener is followed by
/// text and has a closer later on the line; `_` only at a word's edge, so `snake_case` stays.
fn emphasis_edge(chars: &[char], i: usize, open: bool) -> bool {
    let c = chars[i];
    let before = i.checked_sub(1).map(|b| chars[b]);
    let after = chars.get(i + 1).copied();
    if open {
        return before.is_some_and(|b| !b.is_whitespace())
            && (c == '*' || !after.is_some_and(char::is_alphanumeric));
    }
    if after.is_none_or(char::is_whitespace) {
        return false;
    }
    if c == '_' && before.is_some_and(char::is_alphanumeric) {
        return false;
    }
    chars[i + 1..]
        .iter()
        .enumerate()
        .any(|(k, &d)| d == c && k > 0 && !chars[i + k].is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn markup_does_not_show() {
        let spans = spans("A **bold** and *slanted* `code` [link](https://x) snake_case 2 * 3");
        assert_eq!(
            plain(&spans),
            "A bold and slanted code link snake_case 2 * 3"
        );
        assert!(spans.iter().any(|s| s.bold && s.text == "bold"));
        assert!(spans.iter().any(|s| s.italic && s.text == "slanted"));
    }

    #[test]
    fn unmatched_markers_stay() {
        assert_eq!(plain(&spans("**not closed")), "**not closed");
    }

    #[test]
    fn blocks_of_an_entry() {
        let text =
            "# Title\n\nOne\nline.\n\n- a\n- b\n\n> said\n\n![Sea|300](picture:p1)\n\n#tag here";
        let blocks = blocks(text);
        assert!(matches!(&blocks[0], Block::Heading(s) if plain(s) == "Title"));
        assert!(matches!(&blocks[1], Block::Paragraph(s) if plain(s) == "One line."));
        assert!(matches!(&blocks[2], Block::Item { marker, .. } if marker == "•"));
        assert!(matches!(&blocks[4], Block::Quote(s) if plain(s) == "said"));
        assert_eq!(
            blocks[5],
            Block::Picture {
                id: "p1".into(),
                caption: "Sea".into()
            }
        );
        assert!(matches!(&blocks[6], Block::Paragraph(s) if plain(s) == "#tag here"));
    }
}
