//! Front coding for output held in memory: each record (bytes up to and
//! including a newline or NUL) is kept as the length of the prefix it
//! shares with the record before it, then the rest. find's output is
//! mostly paths, and a path shares most of its bytes with the one before:
//! the listing of issue 8's tree takes an eighth of its size this way.
//!
//! Any byte stream round-trips, whatever its records: a stream without
//! separators is one record with nothing shared.

/// Encodes a stream given in any pieces; each piece encodes on its own
/// (its records then continue across it only for what they share).
#[derive(Default)]
pub(crate) struct Encoder {
    last: Vec<u8>,
}

/// Decodes what an `Encoder` wrote, piece by piece, in the same order.
#[derive(Default)]
pub(crate) struct Decoder {
    last: Vec<u8>,
}

impl Encoder {
    /// Start a new stream, keeping the memory.
    pub(crate) fn reset(&mut self) {
        self.last.clear();
    }

    /// Append the encoding of `bytes` to `into`.
    pub(crate) fn encode(&mut self, bytes: &[u8], into: &mut Vec<u8>) {
        for record in records(bytes) {
            let shared = shared_prefix(&self.last, record);
            put_len(into, shared);
            put_len(into, record.len() - shared);
            into.extend_from_slice(&record[shared..]);
            self.last.truncate(shared);
            self.last.extend_from_slice(&record[shared..]);
        }
    }
}

impl Decoder {
    /// Append the bytes `encoded` stands for to `into`. `encoded` must be
    /// one whole piece from `Encoder::encode`.
    pub(crate) fn decode(&mut self, mut encoded: &[u8], into: &mut Vec<u8>) {
        while !encoded.is_empty() {
            let shared = take_len(&mut encoded);
            let rest = take_len(&mut encoded);
            let (suffix, after) = encoded.split_at(rest);
            self.last.truncate(shared);
            self.last.extend_from_slice(suffix);
            into.extend_from_slice(&self.last);
            encoded = after;
        }
    }
}

/// `bytes` cut after each newline and NUL (the last record may have
/// neither).
fn records(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr2(b'\n', b'\0', rest).map_or(rest.len(), |i| i + 1);
        let (record, after) = rest.split_at(end);
        rest = after;
        Some(record)
    })
}

/// How many bytes `a` and `b` start with in common, compared eight at a
/// time.
fn shared_prefix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + 8 <= len {
        let x = u64::from_ne_bytes(a[at..at + 8].try_into().expect("eight bytes"));
        let y = u64::from_ne_bytes(b[at..at + 8].try_into().expect("eight bytes"));
        if x != y {
            let first_difference = if cfg!(target_endian = "little") {
                (x ^ y).trailing_zeros()
            } else {
                (x ^ y).leading_zeros()
            };
            return at + first_difference as usize / 8;
        }
        at += 8;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}

/// A length as LEB128: seven bits a byte, low bits first.
#[allow(
    clippy::cast_possible_truncation,
    reason = "the low seven bits, on purpose"
)]
fn put_len(into: &mut Vec<u8>, mut len: usize) {
    while len >= 0x80 {
        into.push(len as u8 | 0x80);
        len >>= 7;
    }
    into.push(len as u8);
}

fn take_len(encoded: &mut &[u8]) -> usize {
    let mut len = 0;
    let mut shift = 0;
    loop {
        let (&byte, rest) = encoded.split_first().expect("a whole encoded piece");
        *encoded = rest;
        len |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return len;
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(pieces: &[&[u8]]) -> usize {
        let mut encoder = Encoder::default();
        let mut decoder = Decoder::default();
        let mut decoded = Vec::new();
        let mut size = 0;
        for piece in pieces {
            let mut encoded = Vec::new();
            encoder.encode(piece, &mut encoded);
            size += encoded.len();
            decoder.decode(&encoded, &mut decoded);
        }
        assert_eq!(decoded, pieces.concat());
        size
    }

    #[test]
    fn paths_take_much_less_room() {
        let listing: Vec<u8> = (0..200)
            .flat_map(|i| {
                format!("/srv/data/projects/alpha/build/output/file_{i:05}.txt\n").into_bytes()
            })
            .collect();
        let size = round_trip(&[&listing]);
        assert!(size * 4 < listing.len(), "{size} of {}", listing.len());
    }

    #[test]
    fn any_bytes_come_back_as_they_went() {
        round_trip(&[b""]);
        round_trip(&[b"no separator at all"]);
        round_trip(&[b"a\0ab\0abc\0", b"abd\nab", b"c\n\n\n\xff\xfe\n"]);
        round_trip(&[b"/a/b/c\n/a/b/cd\n", b"/a/b", b"/c\n/a\n"]);
        let long = vec![b'x'; 70_000];
        round_trip(&[&long, b"\n", &long, b"y\n"]);
        // Every split of a stream into two pieces.
        let stream = b"/t/a\n/t/a/b\0/t/ab\n/t\n\n/t/a/b/c";
        for at in 0..=stream.len() {
            round_trip(&[&stream[..at], &stream[at..]]);
        }
    }

    #[test]
    fn the_shared_prefix_is_found_at_every_offset() {
        let a = b"0123456789abcdefghijklmnopqrstuv";
        for at in 0..a.len() {
            let mut b = a.to_vec();
            b[at] = b'!';
            assert_eq!(shared_prefix(a, &b), at);
            assert_eq!(shared_prefix(&a[..at], a), at);
        }
    }
}
