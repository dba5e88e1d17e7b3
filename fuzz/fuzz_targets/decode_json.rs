#![no_main]

libfuzzer_sys::fuzz_target!(
    init: {
        care_fuzz::policies();
    },
    |data: &[u8]| care_fuzz::harness::decode_json(care_fuzz::policies(), data)
);
