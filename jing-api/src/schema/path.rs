//! Paths against templates: `/v1/widget/42` is the path of `/v1/widget/{id}`, with `id`
//! `42`. One reading for every side: the client's raw calls find their catalogue entry by
//! it ([`EndpointSchema::matches`](super::EndpointSchema::matches)), and the mock serves
//! and stubs templated paths by it.

/// The values of the path parameters of `template` (percent-decoded) when `path` fits it,
/// `None` when it does not. A `{name}` stands for one non-empty segment, or the part of a
/// segment between the template's literal text; a template without `{` fits its own text
/// only (with no values).
pub fn path_values<'t>(template: &'t str, path: &str) -> Option<Vec<(&'t str, String)>> {
    let template: Vec<&'t str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    if template.len() != segments.len() {
        return None;
    }
    let mut values = Vec::new();
    for (pattern, segment) in template.into_iter().zip(segments) {
        let Some((prefix, rest)) = pattern.split_once('{') else {
            if pattern != segment {
                return None;
            }
            continue;
        };
        let (name, suffix) = rest.split_once('}')?;
        let value = segment.strip_prefix(prefix)?.strip_suffix(suffix)?;
        if value.is_empty() {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(value)
            .decode_utf8()
            .ok()?;
        values.push((name, decoded.into_owned()));
    }
    Some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_paths_and_give_decoded_values() {
        let template = "/v1/shelf/{shelfId}/part/{partId}.json";
        assert_eq!(
            path_values(template, "/v1/shelf/7/part/a%2Fb.json"),
            Some(vec![
                ("shelfId", "7".to_owned()),
                ("partId", "a/b".to_owned())
            ])
        );
        assert_eq!(path_values(template, "/v1/shelf/7/part/.json"), None);
        assert_eq!(path_values(template, "/v1/shelf/7/part/x"), None);
        assert_eq!(path_values(template, "/v1/shelf/7/part/x.json/more"), None);
        assert_eq!(path_values("/v1/part/list", "/v1/part/list"), Some(vec![]));
        assert_eq!(path_values("/v1/part/list", "/v1/part/lists"), None);
    }
}
