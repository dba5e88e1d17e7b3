#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| care_fuzz::harness::check_folder(data));
