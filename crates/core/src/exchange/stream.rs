//! Reading a JSON file with a long `entries` array one entry at a time, and a reader that refuses
//! an entry larger than any journal entry can be. serde's `Deserializer` drives a visitor over the
//! array, so only one entry is in memory at once, whatever the size of the file.

use std::cell::Cell;
use std::fmt;
use std::io::{self, Read};
use std::marker::PhantomData;
use std::ops::ControlFlow;
use std::rc::Rc;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::ExchangeError;

/// The most bytes one entry may take in a file: a text field longer than this is refused before
/// it is read whole.
pub(crate) const MAX_FIELD_BYTES: u64 = 100 * 1024 * 1024;

/// How far a [`Metered`] reader has read, and from where the current entry started.
#[derive(Default)]
pub(crate) struct Meter {
    read: Cell<u64>,
    mark: Cell<u64>,
    over: Cell<bool>,
}

impl Meter {
    /// A new entry starts here.
    pub fn mark(&self) {
        self.mark.set(self.read.get());
    }

    /// Whether reading stopped because an entry was too large.
    pub fn over(&self) -> bool {
        self.over.get()
    }
}

/// A reader that fails once more than `limit` bytes have been read since the last mark.
pub(crate) struct Metered<R> {
    inner: R,
    meter: Rc<Meter>,
    limit: u64,
}

impl<R: Read> Metered<R> {
    pub fn new(inner: R, limit: u64) -> (Self, Rc<Meter>) {
        let meter = Rc::new(Meter::default());
        (
            Self {
                inner,
                meter: Rc::clone(&meter),
                limit,
            },
            meter,
        )
    }
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = self.meter.read.get() + n as u64;
        self.meter.read.set(read);
        if read - self.meter.mark.get() > self.limit {
            self.meter.over.set(true);
            return Err(io::Error::other("an entry is larger than Quire reads"));
        }
        Ok(n)
    }
}

/// The member an entry read from an `entries` object (not array) gets its key under.
pub(crate) const ENTRY_KEY: &str = "_key";

/// [`stream_entries`] for a format whose file must have its entries and whose other members do not
/// matter: a file without them is not `what` ("a jrnl JSON export").
pub(crate) fn stream_only_entries<T: DeserializeOwned>(
    reader: impl Read,
    file: &str,
    what: &str,
    each: &mut dyn FnMut(usize, T) -> ControlFlow<()>,
) -> Result<(), ExchangeError> {
    let mut ignore = |_: &str, _: serde_json::Value| Ok(());
    if stream_entries(reader, file, what, &mut ignore, each)? {
        Ok(())
    } else {
        Err(ExchangeError::malformed(
            file,
            "its start",
            format!("this is not {what}: it has no list of entries"),
        ))
    }
}

/// Reads a JSON object from `reader`: each element of its `entries` array goes to `each` with its
/// position (from 1); when `entries` is an object (Mini Diary's, keyed by date), each value goes,
/// with its key added as [`ENTRY_KEY`] when the value is an object, each other member to `other` whole, in the file's order. Returns whether
/// there was an `entries` array. `what` names the format in messages ("a jrnl JSON export").
pub(crate) fn stream_entries<T: DeserializeOwned>(
    reader: impl Read,
    file: &str,
    what: &str,
    other: &mut dyn FnMut(&str, serde_json::Value) -> Result<(), String>,
    each: &mut dyn FnMut(usize, T) -> ControlFlow<()>,
) -> Result<bool, ExchangeError> {
    // The meter counts what the buffer takes from the file: a buffer's worth off, at most.
    let (metered, meter) = Metered::new(reader, MAX_FIELD_BYTES);
    let reader = io::BufReader::with_capacity(64 * 1024, metered);
    let mut state = State {
        other,
        each,
        meter: Rc::clone(&meter),
        position: 0,
        in_entries: false,
        stopped: false,
        saw_entries: false,
        other_error: None,
        _entry: PhantomData,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let read = de::Deserializer::deserialize_map(&mut de, Top(&mut state)).and_then(|()| {
        if state.stopped {
            Ok(())
        } else {
            de.end()
        }
    });
    match read {
        Ok(()) => Ok(state.saw_entries),
        Err(_) if state.stopped => Ok(state.saw_entries),
        Err(err) => {
            let at = if state.in_entries {
                format!("entry {}", state.position)
            } else if state.saw_entries {
                "after its entries".to_owned()
            } else {
                "its start".to_owned()
            };
            let reason = if meter.over() {
                format!(
                    "it holds a text over {} MB, more than any entry can be",
                    MAX_FIELD_BYTES / (1024 * 1024)
                )
            } else if let Some(reason) = state.other_error.take() {
                reason
            } else if err.is_eof() {
                "the file ends in the middle of it: it may have been cut short".to_owned()
            } else if err.is_syntax() {
                format!(
                    "this is not valid JSON (line {}, column {})",
                    err.line(),
                    err.column()
                )
            } else if err.is_io() {
                format!("the file could not be read ({err})")
            } else if state.position == 0 && !state.in_entries && err.line() <= 1 {
                format!("this is not {what} ({err})")
            } else {
                format!("it is not as {what} has it ({err})")
            };
            Err(ExchangeError::malformed(file, at, reason))
        }
    }
}

/// Stands for "the consumer stopped": never shown.
const STOP: &str = "stopped";

struct State<'a, T> {
    other: &'a mut dyn FnMut(&str, serde_json::Value) -> Result<(), String>,
    each: &'a mut dyn FnMut(usize, T) -> ControlFlow<()>,
    meter: Rc<Meter>,
    position: usize,
    in_entries: bool,
    stopped: bool,
    saw_entries: bool,
    other_error: Option<String>,
    _entry: PhantomData<T>,
}

struct Top<'s, 'a, T>(&'s mut State<'a, T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for Top<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with a list of entries")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(key) = map.next_key::<String>()? {
            if key == "entries" {
                state.in_entries = true;
                state.saw_entries = true;
                map.next_value_seed(Entries(&mut *state))?;
                state.in_entries = false;
            } else {
                let value: serde_json::Value = map.next_value()?;
                if let Err(reason) = (state.other)(&key, value) {
                    state.other_error = Some(reason.clone());
                    return Err(de::Error::custom(reason));
                }
            }
        }
        Ok(())
    }
}

struct Entries<'s, 'a, T>(&'s mut State<'a, T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Entries<'_, '_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Entries<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        loop {
            state.position += 1;
            state.meter.mark();
            let Some(entry) = seq.next_element::<T>()? else {
                state.position -= 1;
                return Ok(());
            };
            if (state.each)(state.position, entry).is_break() {
                state.stopped = true;
                return Err(de::Error::custom(STOP));
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        loop {
            state.position += 1;
            state.meter.mark();
            let Some(key) = map.next_key::<String>()? else {
                state.position -= 1;
                return Ok(());
            };
            let mut value: serde_json::Value = map.next_value()?;
            if let serde_json::Value::Object(object) = &mut value {
                object.insert(ENTRY_KEY.to_owned(), serde_json::Value::String(key));
            }
            let entry = T::deserialize(value).map_err(de::Error::custom)?;
            if (state.each)(state.position, entry).is_break() {
                state.stopped = true;
                return Err(de::Error::custom(STOP));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meter_stops_an_entry_past_its_limit_and_starts_again_at_each_mark() {
        let (mut reader, meter) = Metered::new(&[7u8; 30][..], 10);
        let mut buf = [0u8; 8];
        assert_eq!(reader.read(&mut buf).unwrap(), 8);
        meter.mark();
        assert_eq!(reader.read(&mut buf).unwrap(), 8);
        assert!(reader.read(&mut buf).is_err());
        assert!(meter.over());
    }

    #[test]
    fn entries_stream_one_at_a_time_and_a_stop_is_no_error() {
        let json = br#"{"before": 1, "entries": [1, 2, 3, 4], "after": true}"#;
        let mut seen = Vec::new();
        let mut others = Vec::new();
        let had = stream_entries(
            &json[..],
            "f.json",
            "a test file",
            &mut |key, _| {
                others.push(key.to_owned());
                Ok(())
            },
            &mut |position, value: u32| {
                seen.push((position, value));
                if value == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .unwrap();
        assert!(had);
        assert_eq!(seen, [(1, 1), (2, 2), (3, 3)]);
        assert_eq!(others, ["before"]);
    }
}
