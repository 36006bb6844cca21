//! libFuzzer entry for `jing_fuzz::webhook`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jing_fuzz::webhook(data));
