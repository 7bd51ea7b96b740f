//! Okta-looking object ids (`00u` + 17 characters) that sort in creation order.

/// Digits of base 62 in ASCII order, so that equal-length ids sort like their numbers.
const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Spreads consecutive numbers out so ids do not look sequential (order is kept).
const STRIDE: u64 = 0x9E37_79B9;

/// Where numbering starts, so the first id does not begin with a run of zeros.
const OFFSET: u64 = 7 * 62u64.pow(10);

/// Hands out the ids of one object type, in increasing order.
#[derive(Debug)]
pub struct IdGen {
    prefix: &'static str,
    next: u64,
}

impl IdGen {
    /// A generator for ids starting with `prefix` (3 characters, like `00u`).
    pub fn new(prefix: &'static str) -> IdGen {
        IdGen { prefix, next: 1 }
    }

    /// The next id: the prefix, `1mock`, then 12 base-62 digits.
    pub fn next_id(&mut self) -> String {
        let mut number = OFFSET.saturating_add(self.next.saturating_mul(STRIDE));
        self.next += 1;
        let mut digits = [b'0'; 12];
        for slot in digits.iter_mut().rev() {
            *slot = DIGITS[(number % 62) as usize];
            number /= 62;
        }
        let mut id = String::with_capacity(20);
        id.push_str(self.prefix);
        id.push_str("1mock");
        id.extend(digits.iter().map(|&d| char::from(d)));
        id
    }
}

#[cfg(test)]
mod tests {
    use super::IdGen;

    #[test]
    fn ids_are_okta_sized_and_ordered() {
        let mut ids = IdGen::new("00u");
        let all: Vec<String> = (0..1000).map(|_| ids.next_id()).collect();
        assert!(all
            .iter()
            .all(|id| id.len() == 20 && id.starts_with("00u1mock")));
        assert!(all.windows(2).all(|w| w[0] < w[1]));
    }
}
