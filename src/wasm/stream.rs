//! Checking a register streamed in chunks as the file is read, and a large
//! CSV file in two parts checked by two workers at once.

use super::js_options::JsOptions;
use super::validation::run;
use super::{js_error, options_or_default, read_error};
use crate::api;
use crate::messages::Lang;
use crate::output::aggregates::{FileHasher, FileStamp};
use wasm_bindgen::prelude::*;

/// The streaming form: feed the file in chunks, then `finish()`. A CSV
/// file's rows are checked as the chunks arrive, so it is never held whole;
/// a workbook is kept until `finish()`. The file is hashed as it comes for
/// the aggregates' `stamp.register`, unless the options say `hashFile:
/// false` and the caller hands its own stamp to `finish()`.
#[wasm_bindgen]
pub struct RegisterValidator {
    options: JsOptions,
    stream: api::RegisterStream,
    lang: Lang,
    hasher: Option<FileHasher>,
    /// The whole file's size, when `reserve()` was told.
    total: Option<u64>,
}

#[wasm_bindgen]
impl RegisterValidator {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<RegisterValidator, JsError> {
        let options: JsOptions = options_or_default(options)?;
        // Fail early on bad options rather than after the whole file arrived.
        let parsed = options.to_options()?;
        Ok(RegisterValidator {
            stream: api::RegisterStream::new(&parsed),
            lang: parsed.lang,
            hasher: options.hashes_file().then(FileHasher::default),
            options,
            total: None,
        })
    }

    /// Adds the next chunk, checking the CSV rows it completes; refuses a
    /// file over the size limit, or without a header, as soon as that shows.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        if let Some(hasher) = &mut self.hasher {
            hasher.update(chunk);
        }
        self.stream
            .push(chunk)
            .map_err(|err| read_error(&err, self.lang))
    }

    /// The rest of the file, which a `RegisterPart` checks: hashed for the
    /// stamp, not read. Without it `finishWithPart()`'s stamp has no
    /// `register`.
    #[wasm_bindgen(js_name = hashOnly)]
    pub fn hash_only(&mut self, chunk: &[u8]) {
        if let Some(hasher) = &mut self.hasher {
            hasher.update(chunk);
        }
    }

    /// Says the file will be `total` bytes, so a workbook is held in one
    /// buffer, never grown and copied (wasm memory never shrinks).
    pub fn reserve(&mut self, total: f64) {
        if total.is_finite() && total > 0.0 {
            self.stream.expect(total as u64);
            self.total = Some(total as u64);
        }
    }

    /// Bytes received so far.
    #[wasm_bindgen(getter, js_name = bytesReceived)]
    pub fn bytes_received(&self) -> f64 {
        self.stream.received() as f64
    }

    /// Participant rows checked so far (CSV; a workbook's rows are read by
    /// `finish()`).
    #[wasm_bindgen(getter, js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.stream.rows() as f64
    }

    /// Validates what was pushed; the validator is used up. `onProgress`,
    /// if given, is called with the number of rows read so far. `stamp`
    /// (`{sha256, bytes}`): the file's, when the caller hashed it (`hashFile:
    /// false`); it must be as long as what was pushed.
    pub fn finish(
        self,
        on_progress: Option<js_sys::Function>,
        stamp: JsValue,
    ) -> Result<JsValue, JsValue> {
        let received = self.stream.received();
        let register = register_stamp(self.hasher, stamp, received)?;
        let stream = self.stream;
        run(
            |files, _, report| {
                let mut validation = stream.finish(files, report)?;
                validation.register = register;
                Ok(validation)
            },
            &self.options,
            on_progress.as_ref(),
        )
    }
}

#[wasm_bindgen]
impl RegisterValidator {
    /// `finish()` for the first part of a large CSV file, pushed up to and
    /// including a line break, whose rest a `RegisterPart` checked at the
    /// same time (`part`: what its `finish()` gave): the result for the whole
    /// file, as `finish()` gives it for the file pushed whole. `undefined`
    /// when the two do not fit together (the first part did not end outside
    /// quotes, or the part was refused): check the file whole then.
    /// `reserve()` must have been told the whole file's size.
    #[wasm_bindgen(js_name = finishWithPart)]
    pub fn finish_with_part(
        self,
        part: &[u8],
        on_progress: Option<js_sys::Function>,
        stamp: JsValue,
    ) -> Result<JsValue, JsValue> {
        // Stamped only when the whole file went through the hasher.
        let whole = self.total.unwrap_or(u64::MAX);
        let register = register_stamp(self.hasher, stamp, whole)?;
        let stream = self.stream;
        run(
            |files, _, report| {
                let mut validation = stream.finish_with_part(part, files, report)?;
                validation.register = register;
                Ok(validation)
            },
            &self.options,
            on_progress.as_ref(),
        )
    }
}

/// The register's stamp: the caller's (`{sha256, bytes}`, checked to be a
/// SHA-256 of `size` bytes), else the validator's own hash of `size` bytes,
/// else none.
fn register_stamp(
    hasher: Option<FileHasher>,
    given: JsValue,
    size: u64,
) -> Result<Option<FileStamp>, JsError> {
    if !(given.is_undefined() || given.is_null()) {
        let stamp: FileStamp =
            serde_wasm_bindgen::from_value(given).map_err(|e| js_error(format!("stamp: {e}")))?;
        let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
        if stamp.sha256.len() != 64 || !stamp.sha256.chars().all(hex) || stamp.bytes != size {
            return Err(js_error(
                "stamp: expected {sha256: 64 lowercase hex digits, bytes: the file's size}",
            ));
        }
        return Ok(Some(stamp));
    }
    Ok(hasher.map(FileHasher::finish).filter(|s| s.bytes == size))
}

/// The rest of a large CSV register, from a line break past its header,
/// checked in a second worker while a `RegisterValidator` reads the part
/// before it: the two workers then share the work of the check.
#[wasm_bindgen]
pub struct RegisterPart {
    part: api::RegisterPart,
    lang: Lang,
}

#[wasm_bindgen]
impl RegisterPart {
    /// `firstBytes`: the file's first 64 KB (the whole file if shorter),
    /// from which the rest is read as the whole file is read; `size`: the
    /// part's size in bytes, if known, so room for its rows is made once.
    /// Throws when the file cannot be checked in parts (not CSV text,
    /// UTF-16, or no header in its first 64 KB): check it whole then.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: JsValue,
        first_bytes: &[u8],
        size: Option<f64>,
    ) -> Result<RegisterPart, JsError> {
        let parsed = options_or_default::<JsOptions>(options)?.to_options()?;
        let size = size.filter(|s| s.is_finite() && *s > 0.0).map(|s| s as u64);
        let part = api::RegisterPart::new(&parsed, first_bytes, size)
            .ok_or_else(|| js_error("this file cannot be checked in parts"))?;
        Ok(RegisterPart {
            part,
            lang: parsed.lang,
        })
    }

    /// Adds the next chunk of the part, checking the rows it completes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.part
            .push(chunk)
            .map_err(|err| read_error(&err, self.lang))
    }

    /// Participant rows checked so far.
    #[wasm_bindgen(getter, js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.part.rows() as f64
    }

    /// Ends the part: the checked rows, for `RegisterValidator.finishWithPart`.
    pub fn finish(self) -> Result<Vec<u8>, JsValue> {
        self.part
            .finish()
            .map_err(|err| read_error(&err, self.lang))
    }
}
