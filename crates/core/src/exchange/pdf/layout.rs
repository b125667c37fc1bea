//! The book's typeface and its line breaking. The PDF writer draws glyphs but lays out nothing, so
//! lines are filled here, word by word, from the font's own advance widths.
//!
//! The typeface is DejaVu Serif (regular, bold, italic), built into the binary so an export looks
//! the same on every machine and needs no font installed: it covers accented Latin, Greek and
//! Cyrillic. Its licence is in `crates/core/assets/fonts/LICENSE-DejaVu.txt`.

use krilla::text::Font;

use super::blocks::Span;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif-Italic.ttf");

/// One of the three faces. There is no bold italic: bold wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    pub fn of(span: &Span) -> Self {
        match (span.bold, span.italic) {
            (true, _) => Face::Bold,
            (false, true) => Face::Italic,
            (false, false) => Face::Regular,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The faces, for measuring (the parsed tables) and for drawing (the writer's fonts).
pub(super) struct Fonts {
    faces: [ttf_parser::Face<'static>; 3],
    drawn: [Font; 3],
    /// Advance widths of the first 256 characters in font units, per face, to measure quickly.
    narrow: [[u16; 256]; 3],
}

impl Fonts {
    pub fn load() -> Result<Self, String> {
        let parse = |bytes: &'static [u8]| {
            ttf_parser::Face::parse(bytes, 0).map_err(|err| format!("the book's font: {err}"))
        };
        let draw = |bytes: &'static [u8]| {
            Font::new(bytes.into(), 0).ok_or_else(|| "the book's font did not load".to_owned())
        };
        let faces = [parse(REGULAR)?, parse(BOLD)?, parse(ITALIC)?];
        let mut narrow = [[0u16; 256]; 3];
        for (face, table) in faces.iter().zip(narrow.iter_mut()) {
            for (code, advance) in table.iter_mut().enumerate() {
                *advance = char::from_u32(code as u32).map_or(0, |c| advance_of(face, c));
            }
        }
        Ok(Self {
            faces,
            drawn: [draw(REGULAR)?, draw(BOLD)?, draw(ITALIC)?],
            narrow,
        })
    }

    pub fn font(&self, face: Face) -> Font {
        self.drawn[face.index()].clone()
    }

    /// The width of `text` in points at `size`.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let i = face.index();
        let units: u32 = text
            .chars()
            .map(|c| match self.narrow[i].get(c as usize) {
                Some(&advance) => u32::from(advance),
                None => u32::from(advance_of(&self.faces[i], c)),
            })
            .sum();
        units as f32 * size / f32::from(self.faces[i].units_per_em())
    }

    /// How many characters of `text` the typeface has no glyph for: they print as a box.
    pub fn missing(&self, text: &str) -> usize {
        text.chars()
            .filter(|&c| !c.is_whitespace() && self.faces[0].glyph_index(c).is_none())
            .count()
    }
}

/// A character's advance, or the missing glyph's.
fn advance_of(face: &ttf_parser::Face<'_>, c: char) -> u16 {
    let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
    face.glyph_hor_advance(glyph).unwrap_or(0)
}

/// Text in one face at a place on a line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Run {
    pub x: f32,
    pub face: Face,
    pub text: String,
}

/// The runs of one line, left to right, from its start.
pub(super) type Line = Vec<Run>;

/// `spans` broken into lines of at most `width` points at `size`: words are kept whole unless one
/// is wider than a line by itself, and then it is cut where it reaches the edge.
pub(super) fn lines(fonts: &Fonts, spans: &[Span], size: f32, width: f32) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut line: Line = Vec::new();
    let mut x = 0.0f32;
    for (word, spaced) in words(spans) {
        let word_width: f32 = word
            .iter()
            .map(|(face, text)| fonts.width(*face, size, text))
            .sum();
        // A space takes the face of the text before it, so it joins that run.
        let space_face = line.last().map_or(word[0].0, |run| run.face);
        let space = if spaced && !line.is_empty() {
            fonts.width(space_face, size, " ")
        } else {
            0.0
        };
        if !line.is_empty() && x + space + word_width > width {
            out.push(std::mem::take(&mut line));
            x = 0.0;
        } else if spaced && !line.is_empty() {
            place(&mut line, x, space_face, " ");
            x += space;
        }
        for (face, text) in word {
            if fonts.width(face, size, &text) <= width - x {
                place(&mut line, x, face, &text);
                x += fonts.width(face, size, &text);
                continue;
            }
            // Longer than what is left of an empty line (a long address): cut it.
            for c in text.chars() {
                let w = fonts.width(face, size, c.encode_utf8(&mut [0; 4]));
                if x + w > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    x = 0.0;
                }
                place(&mut line, x, face, c.encode_utf8(&mut [0; 4]));
                x += w;
            }
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// Adds `text` at `x`, joining the last run when it is in the same face.
fn place(line: &mut Line, x: f32, face: Face, text: &str) {
    match line.last_mut() {
        Some(last) if last.face == face => last.text.push_str(text),
        _ => line.push(Run {
            x,
            face,
            text: text.to_owned(),
        }),
    }
}

/// The words of `spans`, each as its pieces in their faces, and whether a space came before it.
fn words(spans: &[Span]) -> Vec<(Vec<(Face, String)>, bool)> {
    let mut out: Vec<(Vec<(Face, String)>, bool)> = Vec::new();
    let mut current: Vec<(Face, String)> = Vec::new();
    let mut spaced = false;
    for span in spans {
        let face = Face::of(span);
        for c in span.text.chars() {
            if c.is_whitespace() {
                if !current.is_empty() {
                    out.push((std::mem::take(&mut current), spaced));
                }
                spaced = true;
                continue;
            }
            if c.is_control() {
                continue;
            }
            match current.last_mut() {
                Some((last, text)) if *last == face => text.push(c),
                _ => current.push((face, c.to_string())),
            }
        }
    }
    if !current.is_empty() {
        out.push((current, spaced));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, bold: bool) -> Span {
        Span {
            text: text.into(),
            bold,
            italic: false,
        }
    }

    #[test]
    fn lines_stay_within_the_width() {
        let fonts = Fonts::load().expect("fonts");
        let text = "Ένα ταξίδι στη θάλασσα, été à Noël, и снова дома. ".repeat(8);
        let lines = lines(&fonts, &[span(&text, false)], 10.0, 200.0);
        assert!(lines.len() > 3);
        for line in &lines {
            let last = line.last().expect("a run");
            let end = last.x + fonts.width(last.face, 10.0, &last.text);
            assert!(end <= 200.5, "{end}");
        }
        assert_eq!(fonts.missing(&text), 0);
    }

    #[test]
    fn styles_make_runs_and_long_words_are_cut() {
        let fonts = Fonts::load().expect("fonts");
        let lines = lines(
            &fonts,
            &[
                span("plain ", false),
                span("strong", true),
                span(" x", false),
            ],
            10.0,
            500.0,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].len(), 3);
        assert_eq!(lines[0][0].text, "plain ");
        // A space joins the run before it.
        assert_eq!(lines[0][1].text, "strong ");
        assert_eq!(lines[0][2].text, "x");
        let long = lines_of_long(&fonts);
        assert!(long > 1);
    }

    fn lines_of_long(fonts: &Fonts) -> usize {
        lines(fonts, &[span(&"w".repeat(200), false)], 10.0, 100.0).len()
    }
}
