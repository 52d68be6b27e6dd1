//! printf(3) field handling for -printf directives: GNU find hands each
//! directive's flags, width and precision to printf with `%s`, `%d`, `%o`
//! or `%g`; this module does the same padding, truncation and number
//! formatting on bytes, without a format string per file.

/// The flags, width and precision written between `%` and the directive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Spec {
    /// `-`: pad on the right.
    pub left: bool,
    /// `+`: a sign on positive numbers.
    pub plus: bool,
    /// ` `: a space before positive numbers.
    pub space: bool,
    /// `#`: the alternate form (`0` before octal, trailing zeros kept).
    pub alt: bool,
    /// The width began with `0`: pad numbers with zeros.
    pub zero: bool,
    pub width: usize,
    pub precision: Option<usize>,
}

impl Spec {
    /// True when the field needs no padding or truncation at all.
    pub(super) fn is_plain(&self) -> bool {
        self.width == 0 && self.precision.is_none()
    }

    /// printf(3) takes a width and a precision up to INT_MAX; past that
    /// it fails with EOVERFLOW and prints nothing, and GNU find reports
    /// the error and goes on with the rest of the line.
    pub(super) fn overflows(&self) -> bool {
        let limit = i32::MAX as usize;
        self.width > limit || self.precision.is_some_and(|p| p > limit)
    }

    /// `%s`: truncate to the precision, pad to the width with spaces (the
    /// C library ignores `0` for strings).
    pub(super) fn string(&self, out: &mut Vec<u8>, text: &[u8]) {
        let text = match self.precision {
            Some(p) if p < text.len() => &text[..p],
            _ => text,
        };
        self.justify(out, b"", text, b' ');
    }

    /// `%d` with a signed value.
    pub(super) fn decimal(&self, out: &mut Vec<u8>, value: i64) {
        let sign = self.sign(value < 0);
        let mut digits = Vec::new();
        if !(value == 0 && self.precision == Some(0)) {
            super::strftime::unsigned(&mut digits, value.unsigned_abs());
        }
        self.number(out, sign, &digits);
    }

    /// `%o` with an unsigned value; `#` makes the first digit a 0 (after
    /// the precision's zeros, before the `0` flag's padding: `%#08o` of
    /// 0644 is `00000644`, as in C).
    pub(super) fn octal(&self, out: &mut Vec<u8>, value: u64) {
        let mut digits = Vec::new();
        if !(value == 0 && self.precision == Some(0)) {
            digits = format!("{value:o}").into_bytes();
        }
        let min = self.precision.unwrap_or(0);
        if digits.len() < min {
            digits.splice(0..0, std::iter::repeat_n(b'0', min - digits.len()));
        }
        if self.alt && digits.first() != Some(&b'0') {
            digits.insert(0, b'0');
        }
        let zero = self.zero && !self.left && self.precision.is_none();
        self.justify(out, b"", &digits, if zero { b'0' } else { b' ' });
    }

    /// `%g`: six significant digits by default, C's choice between fixed
    /// and exponent notation, trailing zeros dropped unless `#`, and
    /// `point` (the locale's) for the decimal point.
    pub(super) fn general(&self, out: &mut Vec<u8>, value: f64, point: &[u8]) {
        let sign = self.sign(value.is_sign_negative() && !value.is_nan());
        if !value.is_finite() {
            let text: &[u8] = if value.is_nan() { b"nan" } else { b"inf" };
            return self.justify(out, sign, text, b' ');
        }
        let body = general_digits(value.abs(), self.precision.unwrap_or(6), self.alt);
        let body = match body.split_once('.') {
            Some((whole, fraction)) if point != b"." => {
                [whole.as_bytes(), point, fraction.as_bytes()].concat()
            }
            _ => body.into_bytes(),
        };
        let pad = if self.zero && !self.left { b'0' } else { b' ' };
        self.justify(out, sign, &body, pad);
    }

    /// `-`, or what `+` and ` ` put before a positive number.
    fn sign(&self, negative: bool) -> &'static [u8] {
        if negative {
            b"-"
        } else if self.plus {
            b"+"
        } else if self.space {
            b" "
        } else {
            b""
        }
    }

    /// Digits of an integer conversion: at least `precision` of them; the
    /// `0` flag counts only without a precision.
    fn number(&self, out: &mut Vec<u8>, sign: &[u8], digits: &[u8]) {
        let min = self.precision.unwrap_or(0);
        let mut body = vec![b'0'; min.saturating_sub(digits.len())];
        body.extend_from_slice(digits);
        let zero = self.zero && !self.left && self.precision.is_none();
        self.justify(out, sign, &body, if zero { b'0' } else { b' ' });
    }

    /// Sign then body, padded to the width: on the right for `-`, with
    /// zeros between sign and body for `pad == b'0'`, else on the left.
    fn justify(&self, out: &mut Vec<u8>, sign: &[u8], body: &[u8], pad: u8) {
        let fill = self.width.saturating_sub(sign.len() + body.len());
        if self.left {
            out.extend_from_slice(sign);
            out.extend_from_slice(body);
            out.resize(out.len() + fill, b' ');
        } else if pad == b'0' {
            out.extend_from_slice(sign);
            out.resize(out.len() + fill, b'0');
            out.extend_from_slice(body);
        } else {
            out.resize(out.len() + fill, b' ');
            out.extend_from_slice(sign);
            out.extend_from_slice(body);
        }
    }
}

/// More digits than any double's exact decimal expansion has (at most
/// 767 significant, 1074 after the point): past this, printf's digits are
/// all zeros. Rust's formatter refuses a precision over u16::MAX, so
/// digits past it are added as zeros by hand.
const EXACT_DIGITS: usize = 1100;

/// `%g` of a finite, non-negative value.
fn general_digits(value: f64, precision: usize, alt: bool) -> String {
    let p = precision.max(1);
    let sci = format!("{:.*e}", p.min(EXACT_DIGITS) - 1, value);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let p_signed = i64::try_from(p).unwrap_or(i64::MAX);
    if exp < -4 || exp >= p_signed {
        let sign = if exp < 0 { '-' } else { '+' };
        let mantissa = zeros_to(mantissa, p - p.min(EXACT_DIGITS));
        let mantissa = trim_fraction(&mantissa, alt);
        return format!("{mantissa}e{sign}{:02}", exp.unsigned_abs());
    }
    let decimals = usize::try_from(p_signed - 1 - exp).unwrap_or(0);
    let text = format!("{:.*}", decimals.min(EXACT_DIGITS), value);
    trim_fraction(&zeros_to(&text, decimals - decimals.min(EXACT_DIGITS)), alt)
}

/// `text` with `more` zeros after it (it has a point when `more > 0`).
fn zeros_to(text: &str, more: usize) -> String {
    let mut text = text.to_string();
    text.extend(std::iter::repeat_n('0', more));
    text
}

/// Drop trailing zeros of the fraction (and a bare point) unless `#`;
/// `#` keeps a point even with no fraction digits.
fn trim_fraction(text: &str, alt: bool) -> String {
    if alt {
        return if text.contains('.') {
            text.to_string()
        } else {
            format!("{text}.")
        };
    }
    if !text.contains('.') {
        return text.to_string();
    }
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Spec {
        let mut s = Spec::default();
        let mut rest = text;
        while let Some(c) = rest.chars().next().filter(|c| "-+ #".contains(*c)) {
            match c {
                '-' => s.left = true,
                '+' => s.plus = true,
                ' ' => s.space = true,
                _ => s.alt = true,
            }
            rest = &rest[1..];
        }
        s.zero = rest.starts_with('0');
        let (width, precision) = match rest.split_once('.') {
            Some((w, p)) => (w, Some(p.parse().unwrap_or(0))),
            None => (rest, None),
        };
        s.width = width.parse().unwrap_or(0);
        s.precision = precision;
        s
    }

    fn run(text: &str, f: impl Fn(&Spec, &mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&spec(text), &mut out);
        String::from_utf8(out).unwrap()
    }

    /// Expected values are what glibc's printf gives for the same format.
    #[test]
    fn like_printf() {
        let s = |f: &str, v: &str| run(f, |s, o| s.string(o, v.as_bytes()));
        let d = |f: &str, v: i64| run(f, |s, o| s.decimal(o, v));
        let o = |f: &str, v: u64| run(f, |s, o| s.octal(o, v));
        let g = |f: &str, v: f64| run(f, |s, o| s.general(o, v, b"."));
        assert_eq!(s("5", "ab"), "   ab");
        assert_eq!(s("-5", "ab"), "ab   ");
        assert_eq!(s("05", "ab"), "   ab");
        assert_eq!(s(".1", "ab"), "a");
        assert_eq!(s("4.1", "ab"), "   a");
        assert_eq!(d("+5", 3), "   +3");
        assert_eq!(d("05", 3), "00003");
        assert_eq!(d("-05", 3), "3    ");
        assert_eq!(d(" ", 3), " 3");
        assert_eq!(d(".3", 3), "003");
        assert_eq!(d("05.3", 3), "  003");
        assert_eq!(d(".0", 0), "");
        assert_eq!(o("#", 0o644), "0644");
        assert_eq!(o("#", 0), "0");
        assert_eq!(o("#.0", 0), "0");
        assert_eq!(o("05", 0o644), "00644");
        assert_eq!(o("+", 0o644), "644");
        assert_eq!(g("", 1365.333333), "1365.33");
        assert_eq!(g(".2", 1365.333333), "1.4e+03");
        assert_eq!(g("+", 0.5), "+0.5");
        assert_eq!(g("010", 0.5), "00000000.5");
        assert_eq!(g("#", 1.0), "1.00000");
        assert_eq!(g("", 1.0), "1");
        assert_eq!(g("", 0.0), "0");
        assert_eq!(g("", 0.0001), "0.0001");
        assert_eq!(g("", 0.00001), "1e-05");
        assert_eq!(g("", 1e6), "1e+06");
        assert_eq!(g("", 123456.0), "123456");
        assert_eq!(g("", f64::INFINITY), "inf");
        assert_eq!(g("05", f64::INFINITY), "  inf");
    }

    /// Found by the printf_format fuzz target (issue 7): `%.521479S`
    /// panicked in Rust's formatter ("Formatting argument out of range";
    /// it takes precisions up to u16::MAX). glibc prints every digit.
    #[test]
    fn huge_precisions_print_like_printf() {
        let g = |f: &str, v: f64| run(f, |s, o| s.general(o, v, b"."));
        assert_eq!(g("-10.521479", 1.5), "1.5       ");
        assert_eq!(g(".70000", 1.0 / 3.0), g(".1100", 1.0 / 3.0));
        // Expected values from Python's '%#.70000g' (correctly rounded, as glibc).
        let long = g("#.70000", 1.0 / 3.0);
        assert_eq!(long.len(), 70_002, "0. and 70,000 digits");
        assert!(long.starts_with("0.333333333333333314829616256247"));
        assert!(long.ends_with("000"));
        let fixed = g("#.70000", 1e300);
        assert_eq!(fixed.len(), 70_001);
        assert!(fixed.starts_with("1000000000000000052504760255204"));
        assert_eq!(&fixed[295..310], "540160.00000000");
        let sci = g("#.70000", 1e-300);
        assert_eq!(sci.len(), 70_006);
        assert!(sci.starts_with("1.00000000000000002505909183520875968569"));
        assert!(sci.ends_with("000e-300"));
        assert_eq!(g(".70000", 1e-300).len(), 756);
        assert_eq!(g(".70000", 1e300), g(".1100", 1e300));
    }
}
