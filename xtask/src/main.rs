fn main() {
    match jing_spec::load(std::path::Path::new("jing-spec/api")) {
        Ok(spec) => println!("ok: {} groups, {} endpoints", spec.groups.len(), spec.endpoints().count()),
        Err(e) => println!("{e}"),
    }
}
