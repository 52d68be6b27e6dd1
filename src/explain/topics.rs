//! The topics `tk explain` knows: each a page per language, the markdown
//! of docs/en/NAME.md and docs/zh/NAME.md embedded in the binary, with a
//! one-line summary for the topic list.

use super::lang::Lang;

/// One page in one language.
#[derive(Debug)]
pub struct Page {
    /// One line for the topic list.
    pub summary: &'static str,
    /// The markdown source.
    pub body: &'static str,
}

/// A topic: a page per language, docs/en/NAME.md and docs/zh/NAME.md.
#[derive(Debug)]
pub struct Topic {
    pub name: &'static str,
    pub en: Page,
    pub zh: Page,
}

impl Topic {
    pub fn page(&self, lang: Lang) -> &Page {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

macro_rules! doc {
    ($lang:literal, $name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/",
            $lang,
            "/",
            $name,
            ".md"
        ))
    };
}

macro_rules! topic {
    ($name:literal, $en:literal, $zh:literal) => {
        Topic {
            name: $name,
            en: Page {
                summary: $en,
                body: doc!("en", $name),
            },
            zh: Page {
                summary: $zh,
                body: doc!("zh", $name),
            },
        }
    };
}

/// Every topic, in the order `tk explain` lists them.
pub static TOPICS: &[Topic] = &[
    topic!(
        "find",
        "search a directory tree: tests, operators, options, actions, traps",
        "在目录树中查找文件：测试、运算符、选项、动作与常见陷阱"
    ),
    topic!(
        "ip",
        "a host's network setup: addresses, gateways, DNS, DHCP; tk ip on Linux",
        "主机的网络设置：地址、网关、DNS、DHCP；在 Linux 上用 tk ip 查看"
    ),
    topic!(
        "bmc",
        "what a BMC, IPMI and Redfish are, and how to read the BMC's address with tk bmc",
        "BMC、IPMI 与 Redfish 是什么，以及如何用 tk bmc 读取 BMC 的地址"
    ),
    topic!(
        "explain",
        "tk's docs: tk explain, tk man and the shell completions, and how to install them",
        "tk 的文档：tk explain、tk man 与 shell 补全，以及如何安装它们"
    ),
    topic!(
        "exit-status",
        "what tk's exit statuses mean, command by command",
        "tk 各命令的退出状态及其含义"
    ),
];

/// The topic called `name`.
pub fn topic(name: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.name == name)
}
