//! Escaping user text for each output format. Analysts' notes and quotes may hold
//! markup or spreadsheet formulas; nothing they write is ever run by a reader.

/// Text safe inside HTML elements and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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
pub fn csv_formula_safe(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// Text safe to print on a terminal: control characters (escape sequences that could
/// recolour, retitle or rewrite the analyst's terminal) become U+FFFD; line breaks and
/// tabs stay.
pub fn terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect::<String>()
        .into()
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
            "a\u{fffd}[31mred\u{fffd}\nb"
        );
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
