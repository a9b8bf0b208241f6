//! Sizes as PostgreSQL's `pg_size_pretty` words them, for the engines that give bytes.

/// `8192 bytes`, `16 kB`, `25 MB`: below 10 kB in bytes, then each unit while under 20 of
/// the next, rounded half up (`pg_size_pretty`'s rule).
pub fn pretty_size(bytes: i64) -> String {
    if bytes.abs() < 10 * 1024 {
        return format!("{bytes} bytes");
    }
    // one extra bit kept for rounding, as PostgreSQL does
    let mut halves = bytes / (1 << 9);
    let units = ["kB", "MB", "GB", "TB", "PB"];
    for (i, unit) in units.iter().enumerate() {
        if halves.abs() < 20 * 1024 - 1 || i + 1 == units.len() {
            return format!("{} {unit}", half_rounded(halves));
        }
        halves /= 1 << 10;
    }
    unreachable!("the last unit returns")
}

fn half_rounded(x: i64) -> i64 {
    if x < 0 { (x - 1) / 2 } else { (x + 1) / 2 }
}

#[cfg(test)]
mod tests {
    use super::pretty_size;

    #[test]
    fn words_sizes_as_pg_size_pretty() {
        assert_eq!(pretty_size(0), "0 bytes");
        assert_eq!(pretty_size(8192), "8192 bytes");
        assert_eq!(pretty_size(10 * 1024), "10 kB");
        assert_eq!(pretty_size(16384), "16 kB");
        assert_eq!(pretty_size(1536 * 1024), "1536 kB");
        assert_eq!(pretty_size(25 * 1024 * 1024), "25 MB");
        assert_eq!(pretty_size(3 * 1024 * 1024 * 1024), "3072 MB");
        assert_eq!(pretty_size(30 * 1024 * 1024 * 1024), "30 GB");
    }
}
