//! Python spelling: identifiers, class names, string literals.

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// A valid Python identifier for a database name (unicode letters are fine in Python 3).
pub fn py_ident(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_numeric()) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `post_tags` → `PostTags`, `Order Items` → `OrderItems`.
pub fn class_name(name: &str) -> String {
    let mut out = String::new();
    for part in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    py_ident(&out)
}

/// `PostTags` / `Order Items` → `post_tags` / `order_items`.
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.extend(c.to_lowercase());
            prev_lower = false;
        } else if c.is_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    py_ident(out.trim_matches('_'))
}

/// A naive English singular, enough for table names: categories → category, posts → post.
pub fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("ies") && name.len() > 3 {
        format!("{}y", &name[..name.len() - 3])
    } else if lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
    {
        name[..name.len() - 2].to_string()
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && name.len() > 1
    {
        name[..name.len() - 1].to_string()
    } else {
        name.to_string()
    }
}

/// A Python string literal on one line (JSON's escapes are Python's too), safe wherever it
/// lands: code, a comment, a docstring. Besides JSON's escapes (quotes, backslashes, control
/// characters), every character some tool may take for a line break is escaped.
pub fn py_str(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '\u{7f}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(class_name(&singular("users")), "User");
        assert_eq!(class_name(&singular("post_tags")), "PostTag");
        assert_eq!(class_name(&singular("categories")), "Category");
        assert_eq!(class_name("InvoiceLine"), "InvoiceLine");
        assert_eq!(py_ident("class"), "class_");
        assert_eq!(py_ident("order total"), "order_total");
        assert_eq!(py_ident("1st"), "_1st");
        assert_eq!(snake("InvoiceLine"), "invoice_line");
        assert_eq!(py_str("a\"b\\n"), "\"a\\\"b\\\\n\"");
        assert_eq!(
            py_str("x\ny\r\u{2028}z\u{85}"),
            "\"x\\ny\\r\\u2028z\\u0085\""
        );
    }
}
