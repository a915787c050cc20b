//! Text laid out for a terminal, measured by display width (a CJK character takes two
//! columns, a combining accent none) and wrapped at word boundaries: the report's
//! table and its indented paragraphs. A word is broken only when it is wider than
//! its column.

use std::io::IsTerminal;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The width a report is laid out for when the terminal's is unknown (output piped to
/// a file or a program, and no `COLUMNS`).
pub const DEFAULT_WIDTH: usize = 100;

/// The narrowest layout Parley attempts: below it, lines run over.
pub const MIN_WIDTH: usize = 40;

/// The width to lay text out for: the terminal's when standard output is one; else
/// `$COLUMNS` when set; else [`DEFAULT_WIDTH`].
pub fn output_width() -> usize {
    let terminal = std::io::stdout()
        .is_terminal()
        .then(|| terminal_size::terminal_size_of(std::io::stdout()))
        .flatten()
        .map(|(w, _)| usize::from(w.0));
    let columns = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
    };
    terminal
        .or_else(columns)
        .filter(|w| *w > 0)
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

/// The columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Splits text into lines no wider than `width`, at spaces; a line break in the text
/// is kept. A word wider than `width` is broken between characters (never before a
/// combining mark).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split_whitespace() {
            let word_width = word.width();
            if !line.is_empty() && line_width + 1 + word_width > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if word_width > width {
                // Too wide for any line: fill this one, then carry on with the rest.
                if !line.is_empty() {
                    line.push(' ');
                    line_width += 1;
                }
                for c in word.chars() {
                    let w = c.width().unwrap_or(0);
                    if line_width + w > width && w > 0 {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0;
                    }
                    line.push(c);
                    line_width += w;
                }
                continue;
            }
            if !line.is_empty() {
                line.push(' ');
                line_width += 1;
            }
            line.push_str(word);
            line_width += word_width;
        }
        lines.push(line);
    }
    lines
}

/// Text padded with spaces to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
    out
}

/// One cell: its text, and an optional terminal style (an SGR sequence such as
/// `\x1b[1;32m`) applied to its text, not to its padding.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub style: Option<&'static str>,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, style: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell {
            text: text.to_owned(),
            style: None,
        }
    }
}

/// A table with a header row, drawn in box characters within a total width.
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// The column widths for a total width: each column gets at least its longest
    /// word (so that words are not broken) while they fit, then the room left is
    /// shared out in proportion to how much more each column's text would take.
    pub fn widths(&self, total: usize) -> Vec<usize> {
        let n = self.header.len();
        // "│ " + " ┆ " between columns + " │"
        let chrome = 3 * n + 1;
        let room = total.saturating_sub(chrome).max(n);
        let mut longest_word = vec![1usize; n];
        let mut longest_line = vec![1usize; n];
        let texts = std::iter::once(self.header.iter().map(String::as_str).collect::<Vec<_>>())
            .chain(
                self.rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.text.as_str()).collect()),
            );
        for row in texts {
            for (i, text) in row.into_iter().enumerate().take(n) {
                for line in text.split('\n') {
                    longest_line[i] = longest_line[i].max(line.width());
                    for word in line.split_whitespace() {
                        longest_word[i] = longest_word[i].max(word.width());
                    }
                }
            }
        }
        if longest_line.iter().sum::<usize>() <= room {
            return longest_line;
        }
        // Start from each column's longest word; when even those do not fit, from an
        // equal share, capped by what the column needs.
        let mut widths: Vec<usize> = if longest_word.iter().sum::<usize>() <= room {
            longest_word.clone()
        } else {
            let share = (room / n).max(1);
            longest_word.iter().map(|w| (*w).min(share)).collect()
        };
        let mut left = room.saturating_sub(widths.iter().sum::<usize>());
        // Share out what is left in proportion to each column's unmet need.
        let wants: Vec<usize> = (0..n)
            .map(|i| longest_line[i].saturating_sub(widths[i]))
            .collect();
        let total_want: usize = wants.iter().sum();
        if total_want > 0 && left > 0 {
            let budget = left;
            for i in 0..n {
                let extra = (wants[i] * budget / total_want).min(wants[i]);
                widths[i] += extra;
                left -= extra;
            }
            // Rounding leaves a few columns over: give them to the neediest.
            while left > 0 {
                let Some(i) = (0..n)
                    .filter(|&i| widths[i] < longest_line[i])
                    .max_by_key(|&i| longest_line[i] - widths[i])
                else {
                    break;
                };
                widths[i] += 1;
                left -= 1;
            }
        }
        widths
    }

    /// The table, no wider than `total` columns (given at least four columns of room
    /// per cell).
    pub fn render(&self, total: usize) -> String {
        let widths = self.widths(total);
        let rule = |left: &str, fill: &str, mid: &str, right: &str| {
            let parts: Vec<String> = widths.iter().map(|w| fill.repeat(w + 2)).collect();
            format!("{left}{}{right}\n", parts.join(mid))
        };
        let mut out = rule("┌", "─", "┬", "┐");
        let header: Vec<Cell> = self.header.iter().map(|h| Cell::from(h.as_str())).collect();
        self.row(&mut out, &header, &widths);
        out.push_str(&rule("╞", "═", "╪", "╡"));
        for row in &self.rows {
            self.row(&mut out, row, &widths);
        }
        out.push_str(&rule("└", "─", "┴", "┘"));
        out
    }

    fn row(&self, out: &mut String, cells: &[Cell], widths: &[usize]) {
        let wrapped: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                cells
                    .get(i)
                    .map_or_else(|| vec![String::new()], |c| wrap(&c.text, *w))
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            out.push('│');
            for (i, w) in widths.iter().enumerate() {
                let text = wrapped[i].get(line).map_or("", String::as_str);
                out.push(' ');
                match cells.get(i).and_then(|c| c.style) {
                    Some(style) if !text.is_empty() => {
                        out.push_str(style);
                        out.push_str(text);
                        out.push_str("\x1b[0m");
                        out.push_str(&" ".repeat(w.saturating_sub(text.width())));
                    }
                    _ => out.push_str(&pad(text, *w)),
                }
                out.push_str(if i + 1 == widths.len() {
                    " │"
                } else {
                    " ┆"
                });
            }
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wide_and_combining_characters_are_measured_by_display_width() {
        assert_eq!(width("Україна"), 7);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("e\u{301}"), 1, "e and a combining acute accent");
        let lines = wrap("日本語 日本語 日本語", 13);
        assert_eq!(lines, ["日本語 日本語", "日本語"]);
    }

    #[test]
    fn words_are_kept_whole_when_they_fit() {
        assert_eq!(
            wrap("Economic stabilization and reconstruction", 16),
            ["Economic", "stabilization", "and", "reconstruction"]
        );
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("one\ntwo", 10), ["one", "two"]);
    }

    #[test]
    fn a_table_uses_the_width_it_is_given() {
        let grid = Grid {
            header: vec!["Agenda item".into(), "Note".into()],
            rows: vec![vec![
                "Economic stabilization and reconstruction".into(),
                "Talks touched on reconstruction planning: international investment, anti-corruption safeguards".into(),
            ]],
        };
        let wide = grid.render(200);
        assert_eq!(wide.lines().count(), 5, "one line per row at 200:\n{wide}");
        let narrow = grid.render(60);
        assert!(narrow.lines().all(|l| width(l) <= 60), "{narrow}");
        assert!(narrow.contains("reconstruction"), "{narrow}");
    }

    proptest! {
        /// Every line fits, and no word that fits a line is broken.
        #[test]
        fn wrapped_lines_fit_and_keep_words(
            words in proptest::collection::vec("[a-zé日本\u{301}]{1,6}", 0..30),
            width in 12usize..80,
        ) {
            let text = words.join(" ");
            let lines = wrap(&text, width);
            for line in &lines {
                prop_assert!(super::width(line) <= width, "{line:?} is wider than {width}");
            }
            let rejoined: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).filter(|w| !w.is_empty()).collect();
            let original: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
            prop_assert_eq!(rejoined, original);
        }

        #[test]
        fn a_table_never_exceeds_its_width(
            cells in proptest::collection::vec("[a-z日 ]{0,40}", 12),
            total in 40usize..220,
        ) {
            let grid = Grid {
                header: (0..4).map(|i| format!("Column {i}")).collect(),
                rows: cells.chunks(4).map(|r| r.iter().map(|c| Cell::from(c.as_str())).collect()).collect(),
            };
            for line in grid.render(total).lines() {
                prop_assert!(super::width(line) <= total, "{line:?} is wider than {total}");
            }
        }
    }
}
