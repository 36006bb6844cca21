//! The drafts sheet on disk: tab-separated values by default (any spreadsheet opens it,
//! and one saved back by Excel, LibreOffice or WPS reads again: UTF-8 with or without a
//! BOM, UTF-16 with its BOM ("Unicode text"), CRLF line ends, quoted cells holding tabs or
//! line breaks, commas instead of tabs), or YAML.

use super::Row;

/// The columns, in order, as the header row names them.
pub const COLUMNS: [&str; 6] = ["key", "kind", "type", "vendor", "zh", "en"];

/// How a sheet is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetFormat {
    /// Tab-separated values with a header row.
    Tsv,
    /// A YAML list of rows.
    Yaml,
}

impl SheetFormat {
    /// The format a file name suggests: `.yaml` / `.yml` is YAML, anything else TSV.
    pub fn of_file(name: &str) -> SheetFormat {
        if name.ends_with(".yaml") || name.ends_with(".yml") {
            SheetFormat::Yaml
        } else {
            SheetFormat::Tsv
        }
    }
}

fn cells(row: &Row) -> [&str; 6] {
    [&row.key, &row.kind, &row.ty, &row.vendor, &row.zh, &row.en]
}

/// The sheet of `rows`.
pub fn write_sheet(rows: &[Row], format: SheetFormat) -> anyhow::Result<String> {
    match format {
        SheetFormat::Tsv => {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(b'\t')
                .from_writer(Vec::new());
            writer.write_record(COLUMNS)?;
            for row in rows {
                writer.write_record(cells(row))?;
            }
            Ok(String::from_utf8(writer.into_inner()?)?)
        }
        SheetFormat::Yaml => {
            let list: Vec<serde_yaml::Mapping> = rows
                .iter()
                .map(|row| {
                    COLUMNS
                        .iter()
                        .zip(cells(row))
                        .map(|(column, cell)| ((*column).into(), cell.into()))
                        .collect()
                })
                .collect();
            Ok(serde_yaml::to_string(&list)?)
        }
    }
}

/// How to save a sheet that cannot be read.
const SAVE_AS: &str = "save it as UTF-8 (\"CSV UTF-8\" or tab-separated text) or as \"Unicode text\" (UTF-16 with its byte order mark)";

/// The text of a sheet file: UTF-8 (a BOM is dropped), or UTF-16 little or big endian
/// after its BOM, as spreadsheet programs save "Unicode text". Anything else is refused
/// with a sentence that says how to save it.
pub fn decode_sheet(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16, order: &str| {
        if rest.len() % 2 != 0 {
            return Err(format!(
                "the sheet is cut off: UTF-16 ({order}) with an odd number of bytes; {SAVE_AS}"
            ));
        }
        let units = rest.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| format!("the sheet is not valid UTF-16 ({order}); {SAVE_AS}"))
    };
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => {
            Err(format!("the sheet is UTF-32, which is not read; {SAVE_AS}"))
        }
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes, "little endian"),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes, "big endian"),
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let text = std::str::from_utf8(bytes).map_err(|error| {
                let what = if bytes.contains(&0) {
                    "UTF-16 without a byte order mark".to_owned()
                } else {
                    format!("not UTF-8 (byte {})", error.valid_up_to() + 1)
                };
                format!("the sheet is {what}; {SAVE_AS}")
            })?;
            if text.contains('\0') {
                return Err(format!(
                    "the sheet is UTF-16 without a byte order mark; {SAVE_AS}"
                ));
            }
            Ok(text.to_owned())
        }
    }
}

/// The rows of a sheet, each with its row number (the header is row 1 in TSV; in YAML the
/// first item is row 1), or what is wrong with it, located as `row N`.
pub fn read_sheet(text: &str, format: SheetFormat) -> Result<Vec<(usize, Row)>, String> {
    let text = text.trim_start_matches('\u{feff}');
    match format {
        SheetFormat::Tsv => read_tsv(text),
        SheetFormat::Yaml => read_yaml(text),
    }
}

fn read_tsv(text: &str) -> Result<Vec<(usize, Row)>, String> {
    // Tab-separated as written; a sheet saved back as CSV has commas instead.
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if !header.contains('\t') && header.contains(',') {
        b','
    } else {
        b'\t'
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| format!("row 1: the header row cannot be read: {error}"))?;
    let header: Vec<String> = headers
        .iter()
        .map(|cell| cell.trim().to_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|cell| cell == name);
    let (Some(key), Some(zh), Some(en)) = (column("key"), column("zh"), column("en")) else {
        return Err(format!(
            "row 1: the header row must name the columns {}",
            COLUMNS.join(", ")
        ));
    };
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let number = index + 2;
        let record = record.map_err(|error| format!("row {number}: {error}"))?;
        let cell = |at: Option<usize>| {
            at.and_then(|at| record.get(at))
                .unwrap_or_default()
                .to_owned()
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        rows.push((
            number,
            Row {
                key: cell(Some(key)).trim().to_owned(),
                kind: cell(column("kind")),
                ty: cell(column("type")),
                vendor: cell(column("vendor")),
                zh: normalize(&cell(Some(zh))),
                en: normalize(&cell(Some(en))),
            },
        ));
    }
    Ok(rows)
}

fn read_yaml(text: &str) -> Result<Vec<(usize, Row)>, String> {
    let list: Vec<serde_yaml::Mapping> = serde_yaml::from_str(text)
        .map_err(|error| format!("the sheet is not a YAML list of rows: {error}"))?;
    Ok(list
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let cell = |name: &str| {
                item.get(name)
                    .and_then(serde_yaml::Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            (
                index + 1,
                Row {
                    key: cell("key").trim().to_owned(),
                    kind: cell("kind"),
                    ty: cell("type"),
                    vendor: cell("vendor"),
                    zh: normalize(&cell("zh")),
                    en: normalize(&cell("en")),
                },
            )
        })
        .collect())
}

/// A cell as a doc: line breaks as `\n` (a spreadsheet may save `\r\n`), no white space
/// around.
fn normalize(cell: &str) -> String {
    cell.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, zh: &str, en: &str) -> Row {
        Row {
            key: key.to_owned(),
            kind: "body field".to_owned(),
            ty: "string".to_owned(),
            vendor: "手机号码".to_owned(),
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }

    #[test]
    fn sheets_read_back_as_written_in_both_formats() {
        let rows = vec![
            row(
                "01-a.yaml: endpoints[x]",
                "多行\n说明",
                "with\ta tab and \"quotes\"",
            ),
            row("01-a.yaml: endpoints[y]", "", ""),
        ];
        for format in [SheetFormat::Tsv, SheetFormat::Yaml] {
            let text = write_sheet(&rows, format).unwrap_or_else(|error| panic!("{error}"));
            let read = read_sheet(&text, format).unwrap_or_else(|error| panic!("{error}"));
            let read: Vec<Row> = read.into_iter().map(|(_, row)| row).collect();
            assert_eq!(read, rows, "{format:?}");
        }
    }

    #[test]
    fn a_sheet_saved_by_a_spreadsheet_reads() {
        // A BOM, CRLF line ends, a quoted cell with a line break, columns in another order.
        let text = "\u{feff}en\tzh\tkey\r\n\"Mobile\r\nnumber\"\t手机号码\t01-a.yaml: endpoints[x]\r\n\t\t\r\n";
        let rows = read_sheet(text, SheetFormat::Tsv).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(rows.len(), 1);
        let (number, row) = &rows[0];
        assert_eq!(*number, 2);
        assert_eq!(row.en, "Mobile\nnumber");
        assert_eq!(row.zh, "手机号码");
        assert_eq!(row.key, "01-a.yaml: endpoints[x]");
        assert!(
            read_sheet("a\tb\n", SheetFormat::Tsv).is_err_and(|error| error.starts_with("row 1"))
        );
    }

    #[test]
    fn a_sheet_saved_as_utf8_csv_reads() {
        let bytes =
            "\u{feff}key,zh,en\r\n01-a.yaml: endpoints[x],\"手机, 号码\",Mobile\r\n".as_bytes();
        let text = decode_sheet(bytes).unwrap_or_else(|error| panic!("{error}"));
        let rows = read_sheet(&text, SheetFormat::Tsv).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].1.zh.as_str(), rows[0].1.en.as_str()),
            ("手机, 号码", "Mobile")
        );
        let utf32 = [0xFF, 0xFE, 0, 0, b'k', 0, 0, 0];
        assert!(decode_sheet(&utf32).is_err_and(|error| error.contains("UTF-32")));
    }
}
