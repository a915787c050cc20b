//! The table a person reads: drawn directly when it fits (or is piped), row by row
//! after one pass to measure the columns; wrapped by comfy-table when it is wider
//! than the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use unicode_width::UnicodeWidthStr;

use super::Cell;

/// A table. Piped or redirected, each row stays on one line; on a terminal too when
/// the table fits its width (a column per cell, as comfy-table would lay it out),
/// drawn directly, in one pass to measure and one to write. Wider than the terminal,
/// comfy-table wraps the cells to its width.
pub(super) fn write_table<'a, R>(
    columns: &[String],
    rows: &'a [R],
    cells: impl Fn(&'a R, &mut Vec<Cell<'a>>),
    out: &mut dyn Write,
) -> io::Result<()> {
    let widths = column_widths(columns, rows, &cells);
    let drawn = widths.iter().sum::<usize>() + 3 * widths.len() + 1;
    if !crate::output::stdout_is_terminal() || drawn <= crate::output::grid::output_width() {
        return unwrapped_table(columns, rows, cells, &widths, out);
    }
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(columns)
        .set_content_arrangement(ContentArrangement::Dynamic);
    let mut row = Vec::with_capacity(columns.len());
    for record in rows {
        row.clear();
        cells(record, &mut row);
        table.add_row(row.iter().map(|c| c.terminal().into_owned()));
    }
    writeln!(out, "{table}")
}

/// Each column's width in a table that does not wrap: its widest line, header
/// included, measured on the cells themselves (no cell is copied); at least 1.
pub(super) fn column_widths<'a, R>(
    columns: &[String],
    rows: &'a [R],
    cells: &impl Fn(&'a R, &mut Vec<Cell<'a>>),
) -> Vec<usize> {
    let mut row = Vec::with_capacity(columns.len());
    let mut widths: Vec<usize> = columns.iter().map(|c| widest_line(c).max(1)).collect();
    for record in rows {
        row.clear();
        cells(record, &mut row);
        for (width, cell) in widths.iter_mut().zip(&row) {
            *width = (*width).max(cell_width(*cell));
        }
    }
    widths
}

/// A table with no wrapping, columns `widths` wide (see [`column_widths`]), exactly as comfy-table draws one with the
/// `UTF8_FULL_CONDENSED` preset and its content arrangement disabled (tested): a line
/// break in a cell starts another line of its row. comfy-table copies every cell into
/// lines of its own before laying them out (0.15 s for the 10,000 rows of `round list`
/// at 1M records); here each row is written from its cells as it comes.
pub(super) fn unwrapped_table<'a, R>(
    columns: &[String],
    rows: &'a [R],
    cells: impl Fn(&'a R, &mut Vec<Cell<'a>>),
    widths: &[usize],
    out: &mut dyn Write,
) -> io::Result<()> {
    // One row's lines at a time; box-drawing characters take three bytes each.
    let line = widths.iter().sum::<usize>() + 3 * widths.len() + 1;
    let mut text = String::with_capacity(line + 2 * widths.len() + 2);
    let rule = |text: &mut String, [left, fill, mid, right]: [char; 4]| {
        text.push(left);
        for (i, width) in widths.iter().enumerate() {
            if i > 0 {
                text.push(mid);
            }
            text.extend(std::iter::repeat_n(fill, width + 2));
        }
        text.push(right);
        text.push('\n');
    };
    rule(&mut text, ['┌', '─', '┬', '┐']);
    write_row(&mut text, columns, widths);
    rule(&mut text, ['╞', '═', '╪', '╡']);
    out.write_all(text.as_bytes())?;
    let mut row = Vec::with_capacity(columns.len());
    let mut shown: Vec<Cow<'a, str>> = Vec::with_capacity(widths.len());
    for record in rows {
        row.clear();
        cells(record, &mut row);
        text.clear();
        if !write_simple_row(&mut text, &row, widths) {
            shown.clear();
            shown.extend(row.iter().map(|c| c.terminal()));
            text.clear();
            write_row(&mut text, &shown, widths);
        }
        out.write_all(text.as_bytes())?;
    }
    text.clear();
    rule(&mut text, ['└', '─', '┴', '┘']);
    out.write_all(text.as_bytes())
}

/// The display width of a cell's widest line, as the table shows it. Most cells are
/// one line of printable ASCII, measured by their length without escaping or
/// splitting them (10,000 rows of 11 cells at 1M records).
fn cell_width(cell: Cell<'_>) -> usize {
    match cell {
        Cell::Text(s) if is_printable_ascii(s) => s.len(),
        Cell::Int(n) => {
            let digits = n
                .unsigned_abs()
                .checked_ilog10()
                .map_or(1, |l| l as usize + 1);
            digits + usize::from(n < 0)
        }
        other => widest_line(&other.terminal()),
    }
}

/// Whether a text is printable ASCII alone: no line break, nothing to escape, as wide
/// as it is long.
fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// The display width of a text's widest line.
fn widest_line(text: &str) -> usize {
    text.split('\n').map(display_width).max().unwrap_or(0)
}

/// The columns a line takes on a terminal: its length when it is printable ASCII (as
/// most cells are), else as unicode-width measures it (which comfy-table uses too).
fn display_width(line: &str) -> usize {
    if is_printable_ascii(line) {
        line.len()
    } else {
        line.width()
    }
}

/// One row of an unwrapped table: as many lines as its tallest cell.
fn write_row(out: &mut String, cells: &[impl AsRef<str>], widths: &[usize]) {
    let height = cells
        .iter()
        .map(|c| c.as_ref().bytes().filter(|&b| b == b'\n').count() + 1)
        .max()
        .unwrap_or(1);
    for line in 0..height {
        out.push('│');
        for (i, width) in widths.iter().enumerate() {
            if i > 0 {
                out.push('┆');
            }
            let text = match cells.get(i).map(AsRef::as_ref) {
                Some(cell) if height == 1 => cell,
                Some(cell) => cell.split('\n').nth(line).unwrap_or(""),
                None => "",
            };
            out.push(' ');
            out.push_str(text);
            pad(out, width.saturating_sub(display_width(text)) + 1);
        }
        out.push('│');
        out.push('\n');
    }
}

/// A row as [`write_row`] writes it, when each of its cells is a number, empty, or one
/// line of printable ASCII (nothing to escape, as wide as it is long), as most rows
/// are: written as it is read, with no cell escaped, copied or measured again (10,000
/// rows at 1M records). `false` for any other row, with `out` to be cleared.
fn write_simple_row(out: &mut String, cells: &[Cell<'_>], widths: &[usize]) -> bool {
    if cells.len() != widths.len() {
        return false;
    }
    out.push('│');
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            out.push('┆');
        }
        out.push(' ');
        let start = out.len();
        match *cell {
            Cell::Null => {}
            Cell::Int(n) => write!(out, "{n}").expect("writing to a String"),
            Cell::Text(text) if is_printable_ascii(text) => out.push_str(text),
            _ => return false,
        }
        let written = out.len() - start;
        pad(out, width.saturating_sub(written) + 1);
    }
    out.push('│');
    out.push('\n');
    true
}

/// `n` spaces.
fn pad(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let run = n.min(SPACES.len());
        out.push_str(&SPACES[..run]);
        n -= run;
    }
}
