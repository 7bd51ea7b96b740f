//! A minimal DER reader: just enough to take apart `SubjectPublicKeyInfo` and PKCS#1
//! `RSAPublicKey` structures. Every read is bounds-checked; malformed input is an error.

/// `SEQUENCE`.
pub const SEQUENCE: u8 = 0x30;
/// `INTEGER`.
pub const INTEGER: u8 = 0x02;
/// `BIT STRING`.
pub const BIT_STRING: u8 = 0x03;
/// `OBJECT IDENTIFIER`.
pub const OID: u8 = 0x06;

/// A cursor over DER bytes.
#[derive(Debug, Clone, Copy)]
pub struct Der<'a> {
    rest: &'a [u8],
}

impl<'a> Der<'a> {
    /// A reader over `bytes`.
    pub fn new(bytes: &'a [u8]) -> Der<'a> {
        Der { rest: bytes }
    }

    /// Whether everything has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The tag of the next element, if any.
    pub fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Reads the next element, which must have `tag`; returns its contents.
    pub fn read(&mut self, tag: u8) -> Result<&'a [u8], String> {
        let (&found, rest) = self.rest.split_first().ok_or("truncated DER")?;
        if found != tag {
            return Err(format!(
                "unexpected DER tag 0x{found:02x} (expected 0x{tag:02x})"
            ));
        }
        let (&first, mut rest) = rest.split_first().ok_or("truncated DER length")?;
        let len = match first {
            0..=0x7f => usize::from(first),
            0x81..=0x84 => {
                let count = usize::from(first & 0x7f);
                if rest.len() < count {
                    return Err("truncated DER length".into());
                }
                let (digits, after) = rest.split_at(count);
                rest = after;
                digits
                    .iter()
                    .fold(0usize, |len, &d| (len << 8) | usize::from(d))
            }
            _ => return Err("unsupported DER length".into()),
        };
        if rest.len() < len {
            return Err("truncated DER value".into());
        }
        let (value, after) = rest.split_at(len);
        self.rest = after;
        Ok(value)
    }
}

/// Big-endian bytes without leading zeros (ring refuses them in RSA moduli and exponents).
pub fn unsigned(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths_and_refuses_truncation() {
        let mut long = vec![SEQUENCE, 0x81, 0x80];
        long.extend([7u8; 0x80]);
        assert_eq!(Der::new(&long).read(SEQUENCE).map(<[u8]>::len), Ok(0x80));
        let mut der = Der::new(&[INTEGER, 2, 0, 5, OID, 1, 9]);
        assert_eq!(der.read(INTEGER), Ok(&[0u8, 5][..]));
        assert!(der.read(INTEGER).is_err());
        assert_eq!(der.read(OID), Ok(&[9u8][..]));
        assert!(der.is_empty());
        for bad in [
            &[SEQUENCE][..],
            &[SEQUENCE, 5, 1],
            &[SEQUENCE, 0x82, 1],
            &[SEQUENCE, 0x80],
        ] {
            assert!(Der::new(bad).read(SEQUENCE).is_err(), "{bad:?}");
        }
        assert_eq!(unsigned(&[0, 0, 1, 0]), &[1, 0]);
    }
}
