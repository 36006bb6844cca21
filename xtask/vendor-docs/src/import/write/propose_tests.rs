//! The tests of the names `propose.rs` gives: method names from titles, operation ids
//! and paths (a `GET` without a verb reads `get_` / `list_`), and entry names. A file of
//! its own beside it, since `propose.rs` and its tests passed 500 lines together.

use std::collections::BTreeSet;

use jing_spec::{HttpMethod, TypeRef};

use super::propose::{call, name, name_is_poor};
use crate::import::facts::{FactField, FactResponse, Facts};

fn facts(title: Option<&str>, method: HttpMethod, path: &str) -> Facts {
    let mut facts = Facts::titled("");
    facts.title_en = title.map(str::to_owned);
    facts.method = Some(method);
    facts.path = Some(path.to_owned());
    facts
}

/// The answer a test page gets by its path: an array for options, a page of projects
/// (`pageNum`, `totalCount`, `data: [..]`), else one object.
fn with_answer(mut page: Facts) -> Facts {
    let array = TypeRef::Array(Box::new(TypeRef::Object));
    let path = page.path.clone().unwrap_or_default();
    page.response = Some(if path.ends_with("/options") {
        FactResponse {
            ty: array,
            fields: vec![FactField::bare("name", TypeRef::String)],
        }
    } else if path.ends_with("/projects") {
        FactResponse {
            ty: TypeRef::Object,
            fields: vec![
                FactField::bare("pageNum", TypeRef::Integer),
                FactField::bare("totalCount", TypeRef::Integer),
                FactField::bare("data", array),
            ],
        }
    } else {
        FactResponse {
            ty: TypeRef::Object,
            fields: vec![FactField::bare("items", array)],
        }
    });
    page
}

#[test]
fn method_names_come_from_the_title_verb_then_the_path() {
    use HttpMethod::{Delete, Get, Post, Put};
    let cases: &[(Option<&str>, HttpMethod, &str, &str, &str)] = &[
        (
            Some("Reset Password"),
            Put,
            "/v1/user/{id}",
            "user",
            "reset_password",
        ),
        (
            Some("Password Reset"),
            Post,
            "/v1/user/password",
            "user",
            "reset_password",
        ),
        (
            Some("Create a Payment"),
            Post,
            "/v1/payments",
            "payment",
            "create",
        ),
        (
            Some("Create a Payment"),
            Post,
            "/v1/payments",
            "billing",
            "create_payment",
        ),
        (
            Some("Account Creation"),
            Post,
            "/v1/account/create",
            "customer",
            "create_account",
        ),
        (
            Some("User Batch Creation"),
            Post,
            "/v1/user/batch",
            "user",
            "batch_create",
        ),
        (
            Some("Refresh Token"),
            Post,
            "/v1/oauth/refresh_token",
            "oauth",
            "refresh_token",
        ),
        (
            Some("Get the List of Leads"),
            Get,
            "/v1/lead/list",
            "lead",
            "get_list",
        ),
        (Some("image"), Post, "/v1/image/upload", "media", "upload"),
        (None, Post, "/v1/widget/create", "widget", "create"),
        (None, Delete, "/v1/part/{id}", "part", "delete"),
        (None, Get, "/api/report/query.json", "finance", "query"),
        (
            Some("Query sales release report of all Temu stores"),
            Post,
            "/api/financial/cross/temu/all/report/query/sales/release.json",
            "finance",
            "query_sales_release_report",
        ),
    ];
    for (title, method, path, group, expected) in cases {
        let proposed = call(
            &with_answer(facts(*title, *method, path)),
            group,
            &BTreeSet::new(),
        );
        assert_eq!(proposed.as_deref(), Some(*expected), "{title:?} {path}");
    }
}

/// A GET without a verb reads `get_` / `list_` (issue #28 L8; a list is answered by the
/// array or page of one `with_answer` gives these paths); a two-word title may be a verb
/// we do not know, and goes on to the path.
#[test]
fn a_get_without_a_verb_reads_get_or_list() {
    use HttpMethod::Get;
    let cases: &[(Option<&str>, HttpMethod, &str, &str, &str)] = &[
        (
            Some("Shipping Company Options"),
            Get,
            "/shipping/companies/{company_id}/options",
            "market",
            "list_shipping_company_options",
        ),
        (None, Get, "/app-center/projects", "market", "list_projects"),
        (
            Some("Weigh Widget"),
            Get,
            "/v1/widget/{widgetId}/weight",
            "widgets",
            "weight",
        ),
        (
            Some("Order Status Details"),
            Get,
            "/orders/{id}",
            "shop",
            "get_order_status_details",
        ),
        (None, Get, "/v1/shop/profile", "shop", "get_profile"),
    ];
    for (title, method, path, group, expected) in cases {
        let page = with_answer(facts(*title, *method, path));
        let proposed = call(&page, group, &BTreeSet::new());
        assert_eq!(proposed.as_deref(), Some(*expected), "{title:?} {path}");
    }
}

#[test]
fn a_taken_name_gives_way_to_the_path_then_a_number() {
    let page = facts(Some("Delete Part"), HttpMethod::Delete, "/v1/part/{id}");
    let taken = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
    let cases: &[(&[&str], &str)] = &[
        (&[], "delete"),
        (&["delete"], "delete_part"),
        (&["delete", "delete_part"], "delete_part_2"),
    ];
    for (names, expected) in cases {
        assert_eq!(
            call(&page, "part", &taken(names)).as_deref(),
            Some(*expected),
            "{names:?}"
        );
    }
}

/// Without an English title, the page's operation id is read as one (its `Using…`
/// suffix gone); an English title wins, and an id without a verb gives way to the path.
#[test]
fn the_operation_id_hints_the_method_name_without_an_english_title() {
    let with_id = |title: Option<&str>, id: &str| {
        let mut page = facts(title, HttpMethod::Post, "/v1/stock/transfer-fee");
        page.operation_id = Some(id.to_owned());
        call(&page, "stock", &BTreeSet::new())
    };
    let by_id = with_id(None, "queryStockTransferFeeUsingPOST");
    assert_eq!(by_id.as_deref(), Some("query_transfer_fee"));
    let by_title = with_id(Some("Get Transfer Fee"), "queryStockTransferFeeUsingPOST");
    assert_eq!(by_title.as_deref(), Some("get_transfer_fee"));
    assert_eq!(
        with_id(None, "stockTransferFee").as_deref(),
        Some("transfer_fee")
    );
    // The words naming a path parameter go, the nouns are singular as English puts
    // them (issue #28 L8: `get_orders_statuses_status` before).
    let by_path = |id: &str, path: &str| {
        let mut page = facts(None, HttpMethod::Get, path);
        page.operation_id = Some(id.to_owned());
        call(&page, "market", &BTreeSet::new())
    };
    let cases = [
        (
            "get-orders-statuses-status_id",
            "/orders/statuses/{status_id}",
            "get_order_status",
        ),
        ("getUserById", "/users/{id}", "get_user"),
        ("listOrders", "/orders", "list_orders"),
        (
            "get-orders-order_id-items",
            "/orders/{order_id}/items",
            "get_order_items",
        ),
    ];
    for (id, path, expected) in cases {
        assert_eq!(by_path(id, path).as_deref(), Some(expected), "{id}");
    }
}

#[test]
fn entry_names_drop_articles_and_poor_ones_are_told() {
    let cases: &[(Option<&str>, &str, &str, bool)] = &[
        (
            Some("Create a Payment"),
            "/v1/payments",
            "create_payment",
            false,
        ),
        (
            Some("Reset Password"),
            "/v1/user/{id}",
            "reset_password",
            false,
        ),
        (Some("image"), "/v1/image/upload", "image", true),
        (
            None,
            "/api/financial/cross/temu/all/report/query/sales/release.json",
            "api_financial_cross_temu_all_report_query_sales_release_json",
            true,
        ),
        (None, "/v1/widget/create", "widget_create", true),
        (
            Some("Get user's info"),
            "/v1/user/info",
            "get_user_info",
            false,
        ),
        (
            Some("Don\u{2019}t track: the parcel (v2)!"),
            "/v1/parcel/untrack",
            "dont_track_parcel_v2",
            false,
        ),
    ];
    for (title, path, expected, poor) in cases {
        let page = facts(*title, HttpMethod::Post, path);
        let proposed = name(&page);
        assert_eq!(proposed, *expected, "{title:?}");
        assert_eq!(name_is_poor(&proposed, &page), *poor, "{proposed}");
    }
}
