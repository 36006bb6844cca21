//! libFuzzer entry for `jing_fuzz::envelope`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jing_fuzz::envelope(data));
