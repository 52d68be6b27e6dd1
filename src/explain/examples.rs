//! The runnable examples of a page. An example is a line starting with
//! `tk ` inside a fenced block whose info string starts with `sh`:
//!
//! ````text
//! ```sh                 every line must exit 0
//! ```sh status=0,1      these statuses are fine (host-dependent answers)
//! ```sh status=any      any status, as long as tk accepted the command line
//! ```sh service=redfish  needs a Redfish BMC at bmc.example.com: run by
//!                        tests/redfish_docs.rs against its own test server
//! ````
//!
//! The test suite runs each one through `sh -c` on a fixture tree, so the
//! pages cannot drift from what tk does. Blocks marked `text` are syntax
//! or sample output and are never run.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// What a run of an example must end with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// One of these exit statuses.
    Status(Vec<i32>),
    /// Any status; only a rejected command line counts as failure.
    Any,
}

/// One example command line, with the status it must end with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub command: String,
    pub expect: Expect,
    /// The live service the example talks to (`redfish`), which the
    /// fixture tree cannot give; None for examples that run anywhere.
    pub service: Option<String>,
}

/// Every example of a page, in page order.
pub fn examples(markdown: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let mut block: Option<(Expect, Option<String>)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                block = expectation(&info);
            }
            Event::End(TagEnd::CodeBlock) => block = None,
            Event::Text(text) => {
                if let Some((expect, service)) = &block {
                    let lines = text.lines().filter(|l| l.starts_with("tk "));
                    found.extend(lines.map(|l| Example {
                        command: l.to_string(),
                        expect: expect.clone(),
                        service: service.clone(),
                    }));
                }
            }
            _ => {}
        }
    }
    found
}

/// `sh`, `sh status=0,1`, `sh status=any`, each perhaps with
/// `service=NAME`; None for other blocks.
fn expectation(info: &str) -> Option<(Expect, Option<String>)> {
    let mut words = info.split_whitespace();
    if words.next() != Some("sh") {
        return None;
    }
    let mut expect = Expect::Status(vec![0]);
    let mut service = None;
    for word in words {
        if let Some(name) = word.strip_prefix("service=") {
            service = Some(name.to_string());
        }
        match word.strip_prefix("status=") {
            Some("any") => expect = Expect::Any,
            Some(list) => {
                expect = Expect::Status(list.split(',').filter_map(|n| n.parse().ok()).collect())
            }
            None => {}
        }
    }
    Some((expect, service))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tk_lines_in_sh_blocks_are_examples() {
        let page = "```sh\n# comment\ntk find . -name \"*.txt\"\necho hi\n```\n\n\
                    ```text\ntk find [OPTIONS]\n```\n\n    tk indented\n\n\
                    ```sh status=0,1\ntk ip --primary\n```\n\n```sh status=any\ntk bmc\n```\n\n\
                    ```sh service=redfish\ntk bmc --redfish --host bmc.example.com\n```\n";
        let all = examples(page);
        let cmds: Vec<&str> = all.iter().map(|e| e.command.as_str()).collect();
        assert_eq!(
            cmds,
            [
                "tk find . -name \"*.txt\"",
                "tk ip --primary",
                "tk bmc",
                "tk bmc --redfish --host bmc.example.com"
            ]
        );
        assert_eq!(all[0].expect, Expect::Status(vec![0]));
        assert_eq!(all[1].expect, Expect::Status(vec![0, 1]));
        assert_eq!(all[2].expect, Expect::Any);
        assert_eq!(all[2].service, None);
        assert_eq!(all[3].expect, Expect::Status(vec![0]));
        assert_eq!(all[3].service.as_deref(), Some("redfish"));
    }
}
