//! What pages spell in words the readers of every format share: an HTTP method's name and
//! the rate limits a description states. A leaf module (it imports nothing of the import
//! module), so the format readers and `import` itself use it without a circle.

use jing_spec::{HttpMethod, RateLimit};

/// The HTTP methods, as pages and documents spell them (any case).
pub(crate) fn method_named(name: &str) -> Option<HttpMethod> {
    [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Delete,
        HttpMethod::Patch,
    ]
    .into_iter()
    .find(|method| method.as_str().eq_ignore_ascii_case(name))
}

/// The limits a description states: `每秒10次;每天10000次`, or `10 times per second;
/// 10,000 times per day`.
pub(crate) fn rate_limit_in(text: &str) -> Option<RateLimit> {
    let number_before = |text: &str, marker: &str| -> Option<u32> {
        let end = text.find(marker)?;
        let digits: String = text[..end]
            .chars()
            .rev()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse().ok()
    };
    let number_after = |text: &str, marker: &str| -> Option<u32> {
        let start = text.find(marker)? + marker.len();
        let digits: String = text[start..]
            .chars()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    let per_second = number_after(text, "每秒").or_else(|| number_before(text, "times per second"));
    let per_day = number_after(text, "每天").or_else(|| number_before(text, "times per day"));
    (per_second.is_some() || per_day.is_some()).then_some(RateLimit {
        per_second,
        per_day,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_read_in_either_language() {
        let both = Some(RateLimit {
            per_second: Some(10),
            per_day: Some(10000),
        });
        assert_eq!(rate_limit_in("接口调用限制为:\n每秒10次;每天10000次"), both);
        assert_eq!(
            rate_limit_in("limited to:\n10 times per second; 10,000 times per day"),
            both
        );
        assert_eq!(rate_limit_in("no limits here"), None);
    }
}
