//! Counts in words. English plurals are not all an added "s" ("1 boundary", "4 boundaries"),
//! so callers give both forms.

/// `n` and the noun that goes with it: "1 process", "3 processes".
#[must_use]
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(1, "boundary", "boundaries"), "1 boundary");
        assert_eq!(super::count(0, "boundary", "boundaries"), "0 boundaries");
        assert_eq!(super::count(2, "process", "processes"), "2 processes");
    }
}
