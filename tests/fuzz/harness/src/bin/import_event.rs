//! libFuzzer entry for `jing_fuzz::import_event`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jing_fuzz::import_event(data));
