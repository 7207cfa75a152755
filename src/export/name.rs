//! File names made from diagram and model names.

/// A file name stem made from a name: "Login with TOTP" → "login-with-totp". Letters and
/// digits are kept (in lower case), everything else becomes single dashes, so the stem never
/// holds a path separator.
#[must_use]
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "diagram".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("Login with TOTP two-factor authentication"), "login-with-totp-two-factor-authentication");
        assert_eq!(slug("Juice Shop DFD"), "juice-shop-dfd");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("***"), "diagram");
    }
}
