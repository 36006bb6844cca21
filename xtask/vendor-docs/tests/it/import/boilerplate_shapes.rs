//! A page that says what the spec holds otherwise (issue #28, F6, F10, F11, M8), as a
//! synthetic page (`tests/fixtures/import/shapes/job-poll.apifox.md`, made up, not the Jing
//! API): members typed `'null'`, apifox's defaults on a `GET` (an empty body, a required
//! `Accept: application/json`, a header whose example is a local address), named response
//! examples and requirements stated only in a table and a list of the description. Each
//! is counted and said; the loop through the sheet ends with a spec that loads, generates,
//! and that a re-import leaves alone.

use jing_spec::{Sources, TypeRef};

use super::import_fixture;
use super::pages_loop::filled;
use super::writes::{folder_bytes, write_twice_into};

const PAGE: &str = "shapes/job-poll.apifox.md";

#[test]
fn apifox_boilerplate_and_null_types_are_decisions_and_the_loop_closes() {
    let dir = crate::fixture_spec_copy("shapes-boilerplate");
    let output = write_twice_into(&[import_fixture(PAGE)], Some("widgets"), &dir);
    assert!(
        output.contains("facts: 28 matched, 3 changed, 3 dropped"),
        "{output}"
    );
    for said in [
        "changed `response.clip_url:type`: the page says null, the spec holds any (a decision)",
        "changed `headers.Accept:required`: the page says true, the spec holds false (a decision)",
        "dropped `body:content_type`: the page says multipart/form-data (a decision)",
        "dropped `headers.X-Forwarded-Host:example`: the page says \"localhost:5173\" (a decision)",
        "«是否需要签名 | 是», «waiting：排队», «done：完成»",
        "the page names its first response example «排队中»",
    ] {
        assert!(output.contains(said), "{said}\n{output}");
    }
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    for held in [
        // Typed `null` on the page: any value, `null` among them.
        "        - name: clip_url\n          type: any\n          required: true\n          nullable: true\n",
        "      - name: Accept\n        type: string\n        required: false\n",
        // The second example goes by its summary, not apifox's counter `2`.
        "      more:\n        - name: 已完成\n",
        "      - fact: body\n        page: 'a `GET` with an empty `multipart/form-data` body",
        "      - fact: response.refund:type\n        page: 'the page types it `null`",
        "      - fact: headers.X-Forwarded-Host:example\n",
    ] {
        assert!(widgets.contains(held), "{held}\n{widgets}");
    }
    let entry = widgets
        .split("  - name: ")
        .find(|entry| entry.contains("/v1/jobs/{job_id}/poll"))
        .unwrap_or_default();
    assert!(
        !entry.contains("body:") && !entry.contains("localhost"),
        "{entry}"
    );
    // The sheet filled and applied: the spec loads, the null members are nullable, the
    // code generates, and the page imported again changes no byte.
    let rows = jing_vendor_docs::docs::todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    jing_vendor_docs::docs::apply(&dir, "sheet.tsv", &filled(rows))
        .unwrap_or_else(|error| panic!("{error:#}"));
    let spec = jing_spec::load(&Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
    let (_, poll) = spec
        .endpoints()
        .find(|(_, endpoint)| endpoint.path.as_deref() == Some("/v1/jobs/{job_id}/poll"))
        .unwrap_or_else(|| panic!("the endpoint is in the spec"));
    let fields = poll
        .response
        .as_ref()
        .map(|response| response.fields.as_slice())
        .unwrap_or_default();
    let nullable: Vec<&str> = fields
        .iter()
        .filter(|field| field.ty == TypeRef::Any && field.nullable)
        .map(|field| field.name.as_str())
        .collect();
    assert_eq!(nullable, ["clip_url", "refund"]);
    assert!(poll.body.is_none());
    let target = jing_codegen::Target {
        host: jing_codegen::Host::External,
        spec_dir: "shapes".to_owned(),
    };
    let files = jing_codegen::generate(&spec, &target);
    assert!(files.iter().any(|file| file.contents.contains("clip_url")));
    let decided = folder_bytes(&dir);
    let again = write_twice_into(&[import_fixture(PAGE)], Some("widgets"), &dir);
    assert!(!again.contains("wrote "), "{again}");
    assert!(folder_bytes(&dir) == decided, "the sheet's decisions stay");
    let _ = std::fs::remove_dir_all(&dir);
}
