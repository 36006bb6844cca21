//! `cargo xtask synth N DIR`: a SYNTHETIC spec of N typed endpoints, for benchmarks only.
//!
//! It is clearly not the Jing API (titles "合成接口 / Synthetic Operation", paths under
//! `/v1/synthetic/`, links to `synthetic.invalid`), but shaped like the real pages: 5 to 20
//! body members of every scalar type, an open enum, nested objects two deep, arrays of
//! objects, maps, custom fields on some, bare-array bodies on some, query parameters, and
//! responses with nested data. Deterministic: the same N gives the same files.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;

/// Endpoints per group file.
const PER_GROUP: usize = 25;

/// Writes the spec of `count` endpoints into `dir` (created; existing YAML files removed).
pub fn write(count: usize, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let listing =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in listing.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot delete {}", path.display()))?;
        }
    }
    let write = |path: std::path::PathBuf, text: &str| {
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    write(dir.join("api.yaml"), API)?;
    let groups = count.div_ceil(PER_GROUP);
    for group in 0..groups {
        let first = group * PER_GROUP;
        let last = (first + PER_GROUP).min(count);
        let mut text = format!(
            "# SYNTHETIC benchmark spec, not the Jing API.\ntitle: {{zh: \"合成组{group}\", en: \"Synthetic Group {group}\"}}\ndoc: {{zh: \"基准测试用的合成接口。\", en: \"Synthetic endpoints for benchmarks.\"}}\nendpoints:\n"
        );
        for index in first..last {
            endpoint(&mut text, index);
        }
        write(
            dir.join(format!("{:02}-synth{group}.yaml", group + 1)),
            &text,
        )?;
    }
    Ok(())
}

const API: &str = r#"# SYNTHETIC benchmark spec, not the Jing API.
title: {zh: "合成接口", en: "Synthetic API"}
doc: {zh: "基准测试用的合成规格。", en: "A synthetic spec for benchmarks."}
docs_home: https://synthetic.invalid/docs
environments:
  - {name: synthetic, title: {zh: "合成环境", en: "synthetic environment"}, base_url: "https://synthetic.invalid", default: true}
auth:
  headers:
    - {name: app_id, type: string, required: true, doc: {zh: "应用 ID。", en: "App id."}}
    - {name: access_token, type: string, required: true, doc: {zh: "访问令牌。", en: "Access token."}}
envelope:
  fields:
    - {name: request_id, type: string, required: true, doc: {zh: "请求 ID。", en: "Request id."}}
    - {name: code, type: integer, required: true, doc: {zh: "状态码。", en: "Status code."}}
    - {name: msg, type: string, required: true, doc: {zh: "消息。", en: "Message."}}
    - {name: data, type: any, required: false, doc: {zh: "数据。", en: "Data."}}
error_codes: []
"#;

fn doc(zh: &str, en: &str) -> String {
    format!("{{zh: \"{zh}。\", en: \"{en}.\"}}")
}

fn endpoint(out: &mut String, index: usize) {
    let array_body = index % 5 == 4;
    let custom = index % 3 == 0;
    let method = if index % 7 == 6 { "PUT" } else { "POST" };
    let _ = write!(
        out,
        "  - name: synth_op_{index}\n    call: op_{index}\n    title: {{zh: \"合成接口{index}\", en: \"Synthetic Operation {index}\"}}\n    doc: {}\n    status: documented\n    doc_url: https://synthetic.invalid/op/{index}\n    method: {method}\n    path: /v1/synthetic/op{index}\n",
        doc("合成接口", "A synthetic operation")
    );
    if index % 2 == 0 {
        out.push_str("    rate_limit: {per_second: 10, per_day: 10000}\n");
    }
    out.push_str("    headers:\n      - {name: app_id, type: string, required: true, auth: true, doc: {zh: \"应用 ID。\", en: \"App id.\"}}\n      - {name: access_token, type: string, required: true, auth: true, doc: {zh: \"访问令牌。\", en: \"Access token.\"}}\n");
    if index % 4 == 1 {
        let _ = write!(
            out,
            "    query:\n      - {{name: pageSize, type: integer, required: false, doc: {}}}\n      - {{name: returnFull, type: boolean, required: null, doc: {}}}\n",
            doc("页大小", "Page size"),
            doc("返回全部", "Return everything")
        );
    }
    let shape = if array_body { "array" } else { "object" };
    let _ = write!(
        out,
        "    body:\n      shape: {shape}\n      custom_fields: {custom}\n      fields:\n"
    );
    body_fields(out, index);
    response(out);
}

/// The body members of endpoint `index`: scalars of every type and requiredness, an enum,
/// a nested object, a list of objects and a map.
fn body_fields(out: &mut String, index: usize) {
    let scalars = 5 + index % 16;
    let types = ["string", "integer", "boolean", "number", "any"];
    for member in 0..scalars {
        let ty = types[member % types.len()];
        let required = match member % 3 {
            0 => "true",
            1 => "false",
            _ => "null",
        };
        let _ = writeln!(
            out,
            "        - {{name: field{member}, type: {ty}, required: {required}, doc: {}}}",
            doc("成员", "A member")
        );
    }
    let _ = write!(
        out,
        "        - name: kind\n          type: string\n          required: false\n          doc: {}\n          enum:\n            - {{value: alpha, doc: {}}}\n            - {{value: beta_two, doc: {}}}\n            - {{value: gamma, doc: {}}}\n",
        doc("种类", "Kind"),
        doc("甲", "Alpha"),
        doc("乙", "Beta two"),
        doc("丙", "Gamma")
    );
    let _ = write!(
        out,
        "        - name: owner\n          type: object\n          required: true\n          doc: {}\n          fields:\n            - {{name: id, type: string, required: true, doc: {}}}\n            - {{name: score, type: integer, required: false, doc: {}}}\n            - name: address\n              type: object\n              required: false\n              doc: {}\n              fields:\n                - {{name: city, type: string, required: false, doc: {}}}\n                - {{name: zip, type: string, required: false, doc: {}}}\n",
        doc("所有者", "Owner"),
        doc("标识", "Id"),
        doc("分数", "Score"),
        doc("地址", "Address"),
        doc("城市", "City"),
        doc("邮编", "Zip code")
    );
    let _ = write!(
        out,
        "        - name: items\n          type: array<object>\n          required: false\n          doc: {}\n          fields:\n            - {{name: sku, type: string, required: true, doc: {}}}\n            - {{name: count, type: integer, required: false, doc: {}}}\n        - {{name: labels, type: map<string>, required: false, doc: {}}}\n",
        doc("条目", "Items"),
        doc("货号", "SKU"),
        doc("数量", "Count"),
        doc("标签", "Labels")
    );
}

/// The response of every synthetic endpoint: scalars, a nested object with an enum, and a
/// list of objects.
fn response(out: &mut String) {
    let _ = write!(
        out,
        "    response:\n      type: object\n      fields:\n        - {{name: id, type: string, required: true, doc: {}}}\n        - {{name: created_at, type: integer, required: false, doc: {}}}\n        - {{name: ok, type: boolean, required: null, doc: {}}}\n        - name: detail\n          type: object\n          required: false\n          doc: {}\n          fields:\n            - {{name: note, type: string, required: false, doc: {}}}\n            - name: state\n              type: string\n              required: false\n              doc: {}\n              enum:\n                - {{value: open, doc: {}}}\n                - {{value: closed, doc: {}}}\n        - name: rows\n          type: array<object>\n          required: false\n          doc: {}\n          fields:\n            - {{name: key, type: string, required: true, doc: {}}}\n            - {{name: value, type: any, required: false, doc: {}}}\n",
        doc("标识", "Id"),
        doc("创建时间", "Creation time"),
        doc("成功", "Success"),
        doc("详情", "Detail"),
        doc("备注", "Note"),
        doc("状态", "State"),
        doc("开", "Open"),
        doc("关", "Closed"),
        doc("行", "Rows"),
        doc("键", "Key"),
        doc("值", "Value")
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_synthetic_spec_loads_with_the_count_asked_for() {
        let dir = std::env::temp_dir().join(format!("jing-synth-{}", std::process::id()));
        super::write(30, &dir).unwrap_or_else(|error| panic!("{error:#}"));
        let spec = jing_spec::load(&jing_spec::Sources::dir(&dir))
            .unwrap_or_else(|errors| panic!("{errors}"));
        assert_eq!(spec.groups.len(), 2);
        assert_eq!(
            spec.endpoints()
                .filter(|(_, endpoint)| endpoint.is_typed())
                .count(),
            30
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
