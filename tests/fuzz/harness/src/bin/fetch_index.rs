//! libFuzzer entry for `jing_fuzz::fetch_index`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jing_fuzz::fetch_index(data));
