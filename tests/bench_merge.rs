//! bench/merge-rounds.py, which turns `bench/run --cold`'s rounds (one
//! hyperfine call a round, each command run once, the order rotated) into
//! one hyperfine JSON file per workload for bench/table.py: each command's
//! times in round order and their statistics, checked against figures
//! worked out by hand.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

mod common;
use common::skip::unless_installed;

/// One round as hyperfine 1.15 writes it with `--runs 1`: a result per
/// command, in the order the round ran them.
fn round(results: &[(&str, f64, i32)]) -> Value {
    let results: Vec<Value> = results
        .iter()
        .map(|&(command, time, exit)| {
            json!({
                "command": command, "mean": time, "stddev": null, "median": time,
                "user": time / 10.0, "system": time / 2.0, "min": time, "max": time,
                "times": [time], "exit_codes": [exit],
            })
        })
        .collect();
    json!({ "results": results })
}

/// Runs merge-rounds.py on the rounds at `paths`; the merged file.
fn merge(dir: &Path, paths: &[PathBuf]) -> Value {
    let merged = dir.join("1.json");
    let status = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/bench/merge-rounds.py"
        ))
        .arg(&merged)
        .args(paths)
        .status()
        .unwrap();
    assert!(status.success());
    serde_json::from_str(&fs::read_to_string(&merged).unwrap()).unwrap()
}

#[test]
fn rounds_merge_into_each_commands_times_in_round_order() {
    if unless_installed("python3", "python3") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // Three rounds, the order rotated by one a round, as bench/run runs them.
    let rounds = [
        round(&[("GNU find", 7.0, 0), ("tk find", 3.0, 0), ("bfs", 6.0, 0)]),
        round(&[("tk find", 2.0, 0), ("bfs", 8.0, 0), ("GNU find", 9.0, 0)]),
        round(&[("bfs", 5.0, 0), ("GNU find", 8.0, 1), ("tk find", 4.0, 0)]),
    ];
    let mut paths = Vec::new();
    for (r, round) in rounds.iter().enumerate() {
        let path = tmp.path().join(format!("1.round{}.json", r + 1));
        fs::write(&path, round.to_string()).unwrap();
        paths.push(path);
    }
    let merged = merge(tmp.path(), &paths);
    let results = merged["results"].as_array().unwrap();
    let commands: Vec<&str> = results
        .iter()
        .map(|r| r["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        commands,
        ["GNU find", "tk find", "bfs"],
        "the first round's order"
    );
    let gnu = &results[0];
    assert_eq!(gnu["times"], json!([7.0, 9.0, 8.0]));
    assert_eq!(gnu["exit_codes"], json!([0, 0, 1]));
    assert_eq!(gnu["median"], json!(8.0));
    assert_eq!(gnu["mean"], json!(8.0));
    assert_eq!(gnu["min"], json!(7.0));
    assert_eq!(gnu["max"], json!(9.0));
    // The sample standard deviation of 7, 9 and 8.
    assert_eq!(gnu["stddev"], json!(1.0));
    assert_eq!(gnu["system"], json!(4.0));
    let tk = &results[1];
    assert_eq!(tk["times"], json!([3.0, 2.0, 4.0]));
    assert_eq!(tk["median"], json!(3.0));
    assert_eq!(results[2]["median"], json!(6.0));
}

#[test]
fn a_single_round_has_no_spread() {
    if unless_installed("python3", "python3") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("1.round1.json");
    fs::write(&path, round(&[("tk find", 2.5, 0)]).to_string()).unwrap();
    let merged = merge(tmp.path(), &[path]);
    let tk = &merged["results"][0];
    assert_eq!(
        tk["stddev"],
        Value::Null,
        "as hyperfine writes it for one run"
    );
    assert_eq!(tk["median"], json!(2.5));
}
