#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kaikaku_fuzz::checks::ron_workspace(data));
