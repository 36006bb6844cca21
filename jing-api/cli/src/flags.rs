//! The flags of the program's calls: each request member's typed flag, and the flags every
//! call shares (the body, custom fields, the dry run, the output form).

use clap::{Arg, ArgAction, Command};

use jing_api::schema::{Body, Kind, Place};
use serde_json::Value;

use crate::table::CliFlag;

/// The flags of a call: the body and custom fields where it takes them, the dry run and
/// the output form.
pub(crate) fn call_args(body: Body, custom_fields: bool) -> Vec<Arg> {
    let mut args = vec![
        Arg::new("body")
            .long("body")
            .value_name("JSON|@FILE|-")
            .help("请求体：内联 JSON/YAML、@文件或 -（标准输入），选项覆盖其中的成员。 The body: inline JSON or YAML ('{\"name\":\"A\"}'), @FILE (or a file's path), or - for standard input; flags override its members."),
        Arg::new("field")
            .long("field")
            .value_name("CODE=VALUE")
            .action(ArgAction::Append)
            .help("自定义属性（值可为 JSON）。 A custom attribute (the value may be JSON)."),
        Arg::new("dry-run")
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .help("只打印将要发送的请求，不发送（所有凭据隐去）。 Print the request exactly as it would be sent, every credential hidden, and send nothing."),
        Arg::new("output")
            .long("output")
            .value_name("FORMAT")
            .value_parser(["json", "yaml"])
            .default_value("json")
            .help("输出格式。 Output format of the answer."),
        Arg::new("raw")
            .long("raw")
            .action(ArgAction::SetTrue)
            .help("输出整个响应信封。 Print the whole envelope, not only `data`."),
    ];
    args.retain(|arg| match arg.get_id().as_str() {
        "body" => body != Body::None,
        "field" => body == Body::Object && custom_fields,
        _ => true,
    });
    args
}

/// The flag of one request member: typed, required by clap where no `--body` can carry it,
/// its documented values listed (others accepted, as the open enums do).
pub(crate) fn member_arg(arg: &'static CliFlag) -> Arg {
    let values = arg.param.values;
    let mut help = match (arg.required(), arg.param.place) {
        (false, _) => String::new(),
        (true, Place::Body) => "[必填，或写在 --body 中 required, or in --body] ".to_owned(),
        (true, _) => "[必填 required] ".to_owned(),
    };
    help.push_str(arg.help);
    if !values.is_empty() {
        help.push_str(&format!(
            " [取值 values: {}; 其他值亦可 others accepted]",
            values.join(", ")
        ));
    }
    if arg.scalar().is_none() {
        help.push_str(" (JSON)");
    }
    let mut flag = Arg::new(arg.flag)
        .long(arg.flag)
        .value_name(arg.wire())
        .help(help)
        .action(if arg.list() {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    // One parser for every kind: each value as the JSON value the member is read from.
    let kind = arg.scalar();
    flag = match kind {
        // The values are listed in the help text already, with the note that others go too.
        Some(Kind::String) if !values.is_empty() => flag
            .value_parser(OpenValues(values))
            .hide_possible_values(true),
        _ => flag.value_parser(move |text: &str| flag_value(kind, text)),
    };
    if arg.required() {
        flag = match arg.param.place {
            Place::Body => flag.required_unless_present("body"),
            _ => flag.required(true),
        };
    }
    flag
}

/// One value of a flag of `kind` (`None`: JSON text) as the JSON value its member is read
/// from, or why it cannot be one.
fn flag_value(kind: Option<Kind>, text: &str) -> Result<Value, String> {
    fn parsed<T: std::str::FromStr<Err: std::fmt::Display>>(text: &str) -> Result<T, String> {
        text.parse().map_err(|error: T::Err| error.to_string())
    }
    match kind {
        Some(Kind::Integer) => parsed::<i64>(text).map(Value::from),
        Some(Kind::Unsigned) => parsed::<u64>(text).map(Value::from),
        Some(Kind::Number) => serde_json::Number::from_f64(parsed::<f64>(text)?)
            .map(Value::Number)
            .ok_or_else(|| "not a finite number".to_owned()),
        Some(Kind::Boolean) => parsed::<bool>(text).map(Value::from),
        Some(Kind::String) => Ok(Value::from(text)),
        _ => serde_json::from_str(text).map_err(|error| format!("not JSON: {error}")),
    }
}

/// A string flag whose documented values are offered to shell completion while any other
/// value is still accepted, as the open enums accept them.
#[derive(Clone)]
struct OpenValues(&'static [&'static str]);

impl clap::builder::TypedValueParser for OpenValues {
    type Value = Value;

    fn parse_ref(
        &self,
        _command: &Command,
        _arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Value, clap::Error> {
        value
            .to_str()
            .map(Value::from)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|value| {
            clap::builder::PossibleValue::new(*value).hide(false)
        })))
    }
}
