//! Which language `tk explain` speaks: `--lang` when given, else the
//! locale from the environment (LC_ALL, then LC_MESSAGES, then LANG, the
//! order POSIX gives them), Chinese for any `zh...` locale, else English.

use clap::ValueEnum;

/// A language the docs are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Chinese (简体中文).
    Zh,
}

impl Lang {
    /// The folder under docs/ and the value of `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language the environment asks for.
    pub fn from_env() -> Lang {
        let var = |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
        Lang::from_locale_vars(var("LC_ALL"), var("LC_MESSAGES"), var("LANG"))
    }

    /// The first non-empty of the three variables decides, as in setlocale(3).
    pub fn from_locale_vars(
        lc_all: Option<String>,
        lc_messages: Option<String>,
        lang: Option<String>,
    ) -> Lang {
        let chosen = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty());
        match chosen {
            Some(v) if v.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(all: Option<&str>, msg: Option<&str>, lang: Option<&str>) -> Lang {
        let own = |v: Option<&str>| v.map(str::to_string);
        Lang::from_locale_vars(own(all), own(msg), own(lang))
    }

    #[test]
    fn lc_all_wins_over_the_others() {
        assert_eq!(
            pick(Some("zh_CN.UTF-8"), Some("C"), Some("en_US")),
            Lang::Zh
        );
        assert_eq!(
            pick(Some("en_US.UTF-8"), Some("zh_CN"), Some("zh_CN")),
            Lang::En
        );
    }

    #[test]
    fn empty_variables_are_skipped() {
        assert_eq!(pick(Some(""), Some(""), Some("zh_TW.UTF-8")), Lang::Zh);
        assert_eq!(pick(None, Some("zh_CN"), Some("en_GB")), Lang::Zh);
    }

    #[test]
    fn default_is_english() {
        assert_eq!(pick(None, None, None), Lang::En);
        assert_eq!(pick(None, None, Some("C.UTF-8")), Lang::En);
        assert_eq!(pick(None, None, Some("POSIX")), Lang::En);
    }
}
