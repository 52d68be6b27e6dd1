//! Fuzz the `ipmitool lan print` parser (`tk::bmc::parse::parse`) and
//! everything `tk bmc` does with its result: the summary, the table, the
//! JSON (which must be valid JSON) and `--field` for every key and label.
//! Input bytes go through `from_utf8_lossy`, as `tk bmc --from` reads them.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tk::bmc::model::{KEYS, Summary};
use tk::bmc::{parse, render};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(print) = parse::parse(&text) else {
        return;
    };
    assert!(!print.fields.is_empty());
    let channel = data.first().copied();
    let summary = Summary::new(&print, channel);
    let mut table = Vec::new();
    render::table(&summary, &mut table).unwrap();
    let mut json = Vec::new();
    render::json(&summary, &mut json).unwrap();
    serde_json::from_slice::<serde_json::Value>(&json).expect("--json prints valid JSON");
    for (key, label) in KEYS {
        render::field(&summary, key).unwrap();
        let _ = render::field(&summary, label);
    }
    for field in &print.fields {
        assert!(!field.values.is_empty());
        render::field(&summary, &field.label).expect("every label is a --field name");
    }
});
