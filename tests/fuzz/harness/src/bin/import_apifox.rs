//! libFuzzer entry for `jing_fuzz::import_apifox`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jing_fuzz::import_apifox(data));
