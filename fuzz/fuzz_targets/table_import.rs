#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kaikaku_fuzz::checks::table_import(data));
