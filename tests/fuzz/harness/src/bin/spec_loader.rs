//! libFuzzer entry for `jing_fuzz::spec_loader`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jing_fuzz::spec_loader(data));
