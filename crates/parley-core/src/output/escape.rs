//! Escaping user text for each output format. Analysts' notes and quotes may hold
//! markup or spreadsheet formulas; nothing they write is ever run by a reader.

/// Control characters other than tab and line break written out as Rust escapes
/// (`\u{1b}`), so that text from the database or from a user can never recolour,
/// retitle or clear the terminal that shows it, in any format. Parley refuses them
/// at input; rows written by other programs may still hold them. Text with none is
/// returned as it is, and escaping twice changes nothing more.
pub fn control(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c.is_control() && !matches!(c, '\n' | '\t');
    // A control character is a byte below 0x20, 0x7f, or (U+0080 to U+009F) a
    // two-byte sequence starting 0xc2: text with none of those bytes has none, which
    // a scan of its bytes finds faster than decoding its characters.
    let suspect = |b: &u8| (*b < 0x20 && !matches!(*b, b'\n' | b'\t')) || matches!(*b, 0x7f | 0xc2);
    if !text.as_bytes().iter().any(suspect) || !text.chars().any(escaped) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Text safe inside HTML elements and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in control(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text safe inside a Markdown table cell: markup characters are escaped, HTML is
/// neutralised, and line breaks stay inside the cell.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_control() && !matches!(c, '\n' | '\r' | '\t') => {
                out.extend(c.escape_unicode())
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell value that a spreadsheet will not run as a formula: a cell starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe (the OWASP
/// recommendation). Numbers are written by the caller unescaped.
/// Control characters are escaped as everywhere (see [`control`]).
pub fn csv_formula_safe(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{}", control(text)).into(),
        _ => control(text),
    }
}

/// Text safe to print on a terminal: control characters (escape sequences that could
/// recolour, retitle or rewrite the analyst's terminal) are written out escaped;
/// line breaks and tabs stay.
pub fn terminal(text: &str) -> std::borrow::Cow<'_, str> {
    control(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn markdown_keeps_a_cell_a_cell() {
        assert_eq!(
            markdown_cell("a | b\n*c* <i>"),
            "a \\| b<br>\\*c\\* &lt;i&gt;"
        );
    }

    #[test]
    fn terminal_text_carries_no_escape_sequences() {
        assert_eq!(
            terminal("a\u{1b}[31mred\u{7}\nb"),
            "a\\u{1b}[31mred\\u{7}\nb"
        );
        assert_eq!(
            control(&control("\u{1b}\u{9b}\0")),
            control("\u{1b}\u{9b}\0")
        );
        assert!(!markdown_cell("\u{1b}[2J").contains('\u{1b}'));
        assert!(!csv_formula_safe("-\u{1b}]0;title\u{7}").contains('\u{1b}'));
        assert!(!html("\u{1b}[31m").contains('\u{1b}'));
        assert_eq!(terminal("plain"), "plain");
    }

    #[test]
    fn csv_neutralises_formulas() {
        for hostile in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(csv_formula_safe(hostile).starts_with('\''), "{hostile}");
        }
        assert_eq!(csv_formula_safe("plain"), "plain");
    }
}
