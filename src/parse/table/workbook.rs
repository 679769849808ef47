//! The first sheet of an xlsx workbook as a table, read within bounds.
//!
//! A workbook is a zip of XML parts, and a few hundred bytes of it can ask
//! for gigabytes: a cell at `XFD1048576` (a dense grid of 17 billion cells),
//! a shared string that unpacks to 100 MiB, a count of shared strings the
//! reader reserves room for, a long number format copied into every cell
//! format. So before calamine reads anything, every part's declared size is
//! checked, and the parts it reads whole (shared strings, styles) and the
//! first sheet are looked through as a stream of bytes: no piece of markup or
//! text longer than [`MAX_MARKUP`], no cell or shared string longer than
//! that, every cell reference and the declared dimension inside the sheet,
//! and no more shared strings than a table may have cells. Then the sheet's
//! cells are streamed one at a time, and only the cells with a value are
//! kept: the table is made only once the rows and columns they span are
//! known to be within [`MAX_COLUMNS`] and [`MAX_CELLS`].

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::{Cell, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, Row, Table, group_digits};
use crate::diagnostic::{Code, Diagnostic, Location};

/// The most a workbook may unpack to: a sheet of [`MAX_CELLS`] cells as
/// Excel writes it is about 60 MiB.
const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;

/// The most the shared strings (every distinct text of the workbook, read
/// whole) may unpack to: twice the text a 16 MiB CSV file can hold.
const MAX_STRINGS_BYTES: u64 = 32 * 1024 * 1024;

/// The most any other part read whole (relationships, workbook, styles,
/// theme) may unpack to; they are a few kilobytes in a workbook of ratings.
const MAX_PART_BYTES: u64 = 4 * 1024 * 1024;

/// The longest piece of markup, text between tags, cell or shared string a
/// workbook may hold: far above the 32 767 characters Excel lets a cell
/// have, however they are escaped or split into runs of formatting.
const MAX_MARKUP: usize = 1024 * 1024;

/// The most characters a cell may hold: Excel's own limit.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// The most text the cells kept may hold in all: what a CSV file may.
const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// What the reader may spend on copies of the styles: it copies a cell
/// format's font name and number format into each of the cell formats.
const MAX_STYLE_COPIES: usize = 64 * 1024 * 1024;

/// The last row and column of a sheet (1-based): `XFD1048576`.
const SHEET_ROWS: u32 = 1_048_576;
const SHEET_COLUMNS: u32 = 16_384;

/// Read the first sheet of an xlsx workbook (its bytes) into a table: each
/// cell's row and column are its place in the sheet; rows with no text are
/// skipped. Numbers are written as a person would type them (`3`, not
/// `3.0`) and dates as `YYYY-MM-DD`. No formula guard is taken off: cells of
/// a workbook are not CSV, and `export` writes them as they are.
pub(crate) fn read_xlsx(file: &Path, bytes: Vec<u8>) -> Result<Table, Vec<Diagnostic>> {
    use calamine::Reader as _;
    let refuse = |message: String| vec![Diagnostic::error(Code::Syntax, file, message)];
    let looked = {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
            .map_err(|e| refuse(format!("the file is not an xlsx workbook ({e})")))?;
        look_through(&mut archive).map_err(|stop| match stop {
            Stop::Damaged(message) => refuse(message),
            Stop::TooLarge(message, at) => vec![
                Diagnostic::error(Code::TableTooLarge, file, message)
                    .at(at, None)
                    .with_help(HELP),
            ],
        })?
    };
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
            .map_err(|e| refuse(format!("the file is not an xlsx workbook ({e})")))?;
    let Some(name) = workbook.sheet_names().first().cloned() else {
        return Err(refuse("the workbook has no sheets".to_owned()));
    };
    if looked.first_sheet.is_none() {
        // calamine found a sheet where the relationships named none.
        return Err(refuse(
            "the workbook's first sheet is not where its relationships say".to_owned(),
        ));
    }
    let cells = match workbook.worksheet_cells_reader(&name) {
        Ok(mut reader) => sheet_cells(&mut reader).map_err(|stop| match stop {
            Stop::Damaged(message) => refuse(message),
            Stop::TooLarge(message, at) => vec![
                Diagnostic::error(Code::TableTooLarge, file, message)
                    .at(at, None)
                    .with_help(HELP),
            ],
        })?,
        // A chart sheet first: nothing to read.
        Err(calamine::XlsxError::NotAWorksheet(_)) => Cells::default(),
        Err(e) => return Err(refuse(format!("the first sheet cannot be read ({e})"))),
    };
    drop(workbook);
    let table = cells.into_table().map_err(|message| {
        vec![Diagnostic::error(Code::TableTooLarge, file, message).with_help(HELP)]
    })?;
    if table.header.is_empty() {
        return Err(vec![Diagnostic::error(
            Code::EmptyFile,
            file,
            "the first sheet is empty; it needs a header row (person, framework, by, competency, ...) and a row per rating",
        )]);
    }
    Ok(table)
}

const HELP: &str = "save the sheet as CSV and import that (in parts, if it is large)";

/// Why the look through a workbook stopped.
#[derive(Debug)]
enum Stop {
    /// Not a workbook that can be read: a part missing or damaged.
    Damaged(String),
    /// Beyond a bound, at a cell when there is one.
    TooLarge(String, Option<Location>),
}

/// What the look through the parts found.
struct Looked {
    /// The first sheet's part, as the relationships name it.
    first_sheet: Option<String>,
}

/// Check every part's declared size, then look through the parts calamine
/// reads whole and the first sheet. The zip reader refuses a part that
/// unpacks to more than it declares, so the declared sizes bound the rest.
fn look_through<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> Result<Looked, Stop> {
    let mut unpacked: u64 = 0;
    // The parts by name as calamine finds them: `\` as `/`, in any case.
    let mut parts: HashMap<String, usize> = HashMap::new();
    for i in 0..archive.len() {
        let damaged =
            |e: zip::result::ZipError| Stop::Damaged(format!("the workbook is damaged ({e})"));
        let entry = archive.by_index_raw(i).map_err(damaged)?;
        let (name, size) = (entry.name().map_err(damaged)?.into_owned(), entry.size());
        unpacked = unpacked.saturating_add(size);
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(Stop::TooLarge(
                format!(
                    "the workbook unpacks to more than {} MiB, more than import reads at once",
                    MAX_UNPACKED_BYTES >> 20
                ),
                None,
            ));
        }
        parts.insert(name.replace('\\', "/").to_ascii_lowercase(), i);
    }
    let mut part = |path: &str, scan: &mut dyn Scan| -> Result<bool, Stop> {
        let Some(&i) = parts.get(&path.replace('\\', "/").to_ascii_lowercase()) else {
            return Ok(false);
        };
        let mut entry = archive
            .by_index(i)
            .map_err(|e| Stop::Damaged(format!("the workbook is damaged ({e})")))?;
        let name = entry
            .name()
            .map_err(|e| Stop::Damaged(format!("the workbook is damaged ({e})")))?
            .into_owned();
        let size = entry.size();
        let limit = scan.limit();
        if size > limit {
            return Err(Stop::TooLarge(
                format!(
                    "the part `{}` of the workbook unpacks to {} MiB, more than import reads ({} MiB)",
                    crate::text::escape_controls(&name),
                    size.div_ceil(1 << 20),
                    limit >> 20
                ),
                None,
            ));
        }
        look(&mut entry, &name, scan)?;
        Ok(true)
    };
    // Where the workbook is, then where its first sheet is, as calamine
    // finds them.
    let mut package = Relationships::default();
    part("_rels/.rels", &mut package)?;
    let document = package.office_document.ok_or_else(|| {
        Stop::Damaged("the file is not an xlsx workbook (it names no workbook part)".to_owned())
    })?;
    let (folder, workbook_name) = match document.rfind('/') {
        Some(i) => document.split_at(i + 1),
        None => ("", document.as_str()),
    };
    let folder = folder.strip_prefix('/').unwrap_or(folder);
    let workbook_name = if workbook_name.is_empty() {
        "workbook.xml"
    } else {
        workbook_name
    };
    let mut relationships = Relationships::default();
    part(
        &format!("{folder}_rels/{workbook_name}.rels"),
        &mut relationships,
    )?;
    let mut workbook = Workbook::default();
    part(&format!("{folder}{workbook_name}"), &mut workbook)?;
    part(
        &format!("{folder}sharedStrings.xml"),
        &mut SharedStrings::default(),
    )?;
    part(&format!("{folder}styles.xml"), &mut Styles::default())?;
    part(&format!("{folder}theme/theme1.xml"), &mut Other)?;
    let first_sheet = workbook
        .first_sheet
        .and_then(|id| relationships.targets.remove(&id))
        .map(|target| match target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => format!("{folder}{target}"),
        });
    if let Some(sheet) = &first_sheet
        && !part(sheet, &mut Sheet::default())?
    {
        return Err(Stop::Damaged(format!(
            "the workbook's first sheet `{}` is missing",
            crate::text::escape_controls(sheet)
        )));
    }
    Ok(Looked { first_sheet })
}

/// One tag of a part: its local name (without a namespace prefix), whether
/// it closes an element, and its bytes (`<c r="A1" t="s">`).
struct Tag<'t> {
    name: &'t [u8],
    end: bool,
    bytes: &'t [u8],
}

impl Tag<'_> {
    /// An attribute's raw value, matched on its whole name (`r`) or, with a
    /// `:` first (`:id`), on its local name as calamine matches `r:id`.
    fn attribute(&self, key: &str) -> Option<&str> {
        let text = std::str::from_utf8(self.bytes).ok()?;
        let text = text.trim_start_matches('<').trim_start_matches('/');
        let mut rest =
            text.trim_start_matches(|c: char| !c.is_whitespace() && c != '>' && c != '/');
        loop {
            rest = rest.trim_start();
            let eq = rest.find('=')?;
            let name = rest[..eq].trim();
            let after = rest[eq + 1..].trim_start();
            let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
            let value_end = after[1..].find(quote)? + 1;
            let value = &after[1..value_end];
            let matches = match key.strip_prefix(':') {
                Some(local) => name.rsplit(':').next() == Some(local),
                None => name == key,
            };
            if matches {
                return Some(value);
            }
            rest = &after[value_end + 1..];
        }
    }
}

/// What a part is looked through for.
trait Scan {
    /// The most the part may unpack to.
    fn limit(&self) -> u64 {
        MAX_PART_BYTES
    }
    /// The local name of the elements each bounded to [`MAX_MARKUP`] as a
    /// whole (a cell, a shared string), if any.
    fn element(&self) -> &'static [u8] {
        b""
    }
    /// A tag, in order.
    fn tag(&mut self, _tag: &Tag<'_>) -> Result<(), Stop> {
        Ok(())
    }
    /// The whole part has been read.
    fn end(&mut self, _longest: usize) -> Result<(), Stop> {
        Ok(())
    }
    /// Where a problem is, for the message: the element it is in.
    fn place(&self) -> String {
        String::new()
    }
}

/// A part read whole that needs no more than the bound on its size and
/// its markup.
struct Other;
impl Scan for Other {}

/// `_rels/.rels` and the workbook's relationships.
#[derive(Default)]
struct Relationships {
    office_document: Option<String>,
    targets: HashMap<String, String>,
}

impl Scan for Relationships {
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Stop> {
        if tag.name == b"Relationship" && !tag.end {
            let target = tag.attribute("Target").map(unescape);
            if tag
                .attribute("Type")
                .is_some_and(|t| t.ends_with("/relationships/officeDocument"))
                && let Some(target) = &target
            {
                self.office_document = Some(target.clone());
            }
            if let Some(id) = tag.attribute("Id") {
                // Raw, as calamine keeps the workbook's targets.
                let raw = tag.attribute("Target").unwrap_or_default().to_owned();
                self.targets.insert(id.to_owned(), raw);
            }
        }
        Ok(())
    }
}

/// `workbook.xml`: which relationship the first sheet is.
#[derive(Default)]
struct Workbook {
    first_sheet: Option<String>,
}

impl Scan for Workbook {
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Stop> {
        if tag.name == b"sheet" && !tag.end && self.first_sheet.is_none() {
            self.first_sheet = Some(tag.attribute(":id").unwrap_or_default().to_owned());
        }
        Ok(())
    }
}

/// `sharedStrings.xml`: how many strings it says it has (calamine makes
/// room for them all) and has, each bounded.
#[derive(Default)]
struct SharedStrings {
    strings: usize,
}

impl Scan for SharedStrings {
    fn limit(&self) -> u64 {
        MAX_STRINGS_BYTES
    }
    fn element(&self) -> &'static [u8] {
        b"si"
    }
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Stop> {
        if tag.end {
            return Ok(());
        }
        if tag.name == b"sst"
            && let Some(count) = tag.attribute("uniqueCount")
            && count
                .parse::<u64>()
                .map_or(count.len() > 7, |n| n > MAX_CELLS as u64)
        {
            return Err(Stop::TooLarge(
                format!(
                    "the workbook says it has {} shared strings, more than import reads at once ({})",
                    crate::text::escape_controls(count),
                    group_digits(MAX_CELLS)
                ),
                None,
            ));
        }
        if tag.name == b"si" {
            self.strings += 1;
            if self.strings > MAX_CELLS {
                return Err(Stop::TooLarge(
                    format!(
                        "the workbook has more than {} shared strings, more than import reads at once",
                        group_digits(MAX_CELLS)
                    ),
                    None,
                ));
            }
        }
        Ok(())
    }
    fn place(&self) -> String {
        format!(" (shared string {})", self.strings)
    }
}

/// `styles.xml`: calamine copies a cell format's font name and number
/// format into each cell format, so their number times the longest piece of
/// markup bounds what it allocates.
#[derive(Default)]
struct Styles {
    formats: usize,
}

impl Scan for Styles {
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Stop> {
        if tag.name == b"xf" && !tag.end {
            self.formats += 1;
        }
        Ok(())
    }
    fn end(&mut self, longest: usize) -> Result<(), Stop> {
        if self.formats.saturating_mul(2 * longest + 256) > MAX_STYLE_COPIES {
            return Err(Stop::TooLarge(
                format!(
                    "the workbook's styles ({} cell formats) would take more than {} MiB to read",
                    group_digits(self.formats),
                    MAX_STYLE_COPIES >> 20
                ),
                None,
            ));
        }
        Ok(())
    }
}

/// The first sheet: its declared dimension and every cell and row
/// reference, checked before calamine reads them.
#[derive(Default)]
struct Sheet {
    /// The reference of the cell being read, for messages.
    cell: Option<String>,
}

impl Scan for Sheet {
    fn limit(&self) -> u64 {
        MAX_UNPACKED_BYTES
    }
    fn element(&self) -> &'static [u8] {
        b"c"
    }
    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Stop> {
        if tag.end {
            return Ok(());
        }
        match tag.name {
            b"c" => {
                self.cell = None;
                if let Some(r) = tag.attribute("r") {
                    cell_reference(r).map_err(|why| bad_reference("a cell", r, why))?;
                    self.cell = Some(r.to_owned());
                }
            }
            b"row" => {
                if let Some(r) = tag.attribute("r") {
                    row_number(r).map_err(|why| bad_reference("a row", r, why))?;
                }
            }
            b"dimension" => {
                if let Some(range) = tag.attribute("ref") {
                    dimension(range)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
    fn place(&self) -> String {
        self.cell
            .as_ref()
            .map(|r| format!(" (cell {r})"))
            .unwrap_or_default()
    }
}

/// Look through one part as a stream: tags (quoted attribute values may
/// hold `>`), text between them, comments, CDATA and processing
/// instructions. Every piece is bounded to [`MAX_MARKUP`], and so is each
/// whole element the scan watches; a tag longer than that is refused
/// before it is held whole.
fn look(part: &mut dyn Read, name: &str, scan: &mut dyn Scan) -> Result<(), Stop> {
    let mut looker = Looker {
        watched: scan.element(),
        state: State::Text,
        piece: 0,
        longest: 0,
        tag: Vec::new(),
        element: None,
        stopped: None,
    };
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = match part.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Stop::Damaged(format!(
                    "the workbook is damaged: its part `{}` cannot be unpacked ({e})",
                    crate::text::escape_controls(name)
                )));
            }
        };
        looker.feed(&buffer[..read], scan).map_err(|what| {
            Stop::TooLarge(
                format!(
                    "the part `{}` of the workbook holds {what} longer than {} MiB{}, more than a cell can hold ({} characters)",
                    crate::text::escape_controls(name),
                    MAX_MARKUP >> 20,
                    scan.place(),
                    group_digits(MAX_CELL_CHARS)
                ),
                None,
            )
        })?;
        if let Some(stop) = looker.stopped.take() {
            return Err(stop);
        }
    }
    scan.end(looker.longest.max(looker.piece))
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Text,
    /// In a tag; in a quoted attribute value when the quote is given.
    Tag(Option<u8>),
    Comment,
    CData,
    Instruction,
}

/// The state of [`look`] between chunks of a part.
struct Looker {
    watched: &'static [u8],
    state: State,
    /// Bytes of the piece (tag, text, comment...) being read, and the
    /// longest piece so far.
    piece: usize,
    longest: usize,
    /// The bytes of the tag being read (for its name and attributes).
    tag: Vec<u8>,
    /// The watched element being read, if one is open: its name as written
    /// (only the same name closes it, as calamine reads a shared string) and
    /// its size so far. An opening tag inside it does not start it again.
    element: Option<(Vec<u8>, usize)>,
    /// A problem a scan found in a tag.
    stopped: Option<Stop>,
}

impl Looker {
    /// Count `n` bytes of the piece being read (and of the open element).
    fn count(&mut self, n: usize) -> Result<(), &'static str> {
        self.piece += n;
        if let Some((_, size)) = &mut self.element {
            *size += n;
            if *size > MAX_MARKUP {
                return Err("an element");
            }
        }
        if self.piece > MAX_MARKUP {
            return Err(if self.state == State::Text {
                "a text"
            } else {
                "a piece of markup"
            });
        }
        Ok(())
    }

    /// The piece just read ends here.
    fn end_piece(&mut self) {
        self.longest = self.longest.max(self.piece);
        self.piece = 0;
    }

    /// Read one chunk. A bound passed is returned as what passed it; a
    /// problem the scan finds in a tag is kept in `stopped`.
    fn feed(&mut self, chunk: &[u8], scan: &mut dyn Scan) -> Result<(), &'static str> {
        let mut i = 0;
        while i < chunk.len() {
            let rest = &chunk[i..];
            match self.state {
                State::Text => {
                    if let Some(p) = rest.iter().position(|&b| b == b'<') {
                        self.count(p)?;
                        self.end_piece();
                        self.tag.clear();
                        self.tag.push(b'<');
                        self.state = State::Tag(None);
                        self.count(1)?;
                        i += p + 1;
                    } else {
                        self.count(rest.len())?;
                        i = chunk.len();
                    }
                }
                State::Tag(Some(quote)) => {
                    let p = rest.iter().position(|&b| b == quote);
                    let n = p.map_or(rest.len(), |p| p + 1);
                    self.tag.extend_from_slice(&rest[..n]);
                    self.count(n)?;
                    if p.is_some() {
                        self.state = State::Tag(None);
                    }
                    i += n;
                }
                State::Tag(None)
                    if self.tag.len() < 9
                        && matches!(self.tag.get(1), None | Some(b'!' | b'?')) =>
                {
                    // Still telling a comment, CDATA or instruction apart.
                    let byte = rest[0];
                    self.tag.push(byte);
                    self.count(1)?;
                    i += 1;
                    match self.tag.as_slice() {
                        b"<!--" => self.state = State::Comment,
                        b"<![CDATA[" => self.state = State::CData,
                        b"<?" => self.state = State::Instruction,
                        _ => self.tag_byte(byte, scan),
                    }
                }
                State::Tag(None) => {
                    let p = rest.iter().position(|&b| matches!(b, b'>' | b'"' | b'\''));
                    let n = p.map_or(rest.len(), |p| p + 1);
                    self.tag.extend_from_slice(&rest[..n]);
                    self.count(n)?;
                    i += n;
                    if let Some(p) = p {
                        self.tag_byte(rest[p], scan);
                    }
                }
                State::Comment | State::CData | State::Instruction => {
                    let p = rest.iter().position(|&b| b == b'>');
                    let n = p.map_or(rest.len(), |p| p + 1);
                    self.tag.extend_from_slice(&rest[..n]);
                    self.count(n)?;
                    i += n;
                    let ends: &[u8] = match self.state {
                        State::Comment => b"-->",
                        State::CData => b"]]>",
                        _ => b"?>",
                    };
                    if p.is_some() && self.tag.ends_with(ends) {
                        self.end_piece();
                        self.state = State::Text;
                    }
                }
            }
            if self.stopped.is_some() {
                return Ok(());
            }
        }
        Ok(())
    }

    /// A byte of a tag outside quotes, already added: a quote opens a value,
    /// `>` ends the tag.
    fn tag_byte(&mut self, byte: u8, scan: &mut dyn Scan) {
        match byte {
            b'"' | b'\'' if self.tag.len() > 2 => self.state = State::Tag(Some(byte)),
            b'>' => {
                self.end_piece();
                self.state = State::Text;
                self.end_tag(scan);
            }
            _ => {}
        }
    }

    /// A whole tag has been read.
    fn end_tag(&mut self, scan: &mut dyn Scan) {
        let tag = &self.tag;
        let closing = tag.get(1) == Some(&b'/');
        let empty = tag.ends_with(b"/>");
        let start = if closing { 2 } else { 1 };
        let name_end = tag[start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .map_or(tag.len(), |p| start + p);
        let full = &tag[start..name_end];
        let local = full.rsplit(|&b| b == b':').next().unwrap_or(full);
        if !self.watched.is_empty() && local == self.watched {
            match &self.element {
                Some((open, _)) if closing && open.as_slice() == full => self.element = None,
                None if !closing && !empty => self.element = Some((full.to_vec(), tag.len())),
                _ => {}
            }
        }
        if let Err(stop) = scan.tag(&Tag {
            name: local,
            end: closing,
            bytes: tag,
        }) {
            self.stopped = Some(stop);
        }
    }
}

/// A reference's numbers, 1-based: `XFD1048576` is (16 384, 1 048 576).
fn cell_reference(text: &str) -> Result<(u32, u32), &'static str> {
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = text.split_at(letters);
    if letters == 0 || row.is_empty() {
        return Err("is not a cell reference");
    }
    if letters > 3 {
        return Err("lies beyond the last column of a sheet (XFD)");
    }
    let column = column.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    if column > SHEET_COLUMNS {
        return Err("lies beyond the last column of a sheet (XFD)");
    }
    Ok((column, row_number(row)?))
}

fn row_number(text: &str) -> Result<u32, &'static str> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("is not a cell reference");
    }
    match text.trim_start_matches('0').len() {
        0 => Err("is not a cell reference"),
        8.. => Err("lies beyond the last row of a sheet (1 048 576)"),
        _ => match text.parse::<u32>() {
            Ok(row) if row <= SHEET_ROWS => Ok(row),
            _ => Err("lies beyond the last row of a sheet (1 048 576)"),
        },
    }
}

fn bad_reference(what: &str, reference: &str, why: &str) -> Stop {
    Stop::TooLarge(
        format!(
            "the first sheet names {what} `{}`, which {why}",
            crate::text::escape_controls(reference)
        ),
        None,
    )
}

/// The sheet's declared dimension: one cell or a range, top left first.
/// Nothing is made from it (the cells are counted as they come), but a
/// dimension that is not a range of the sheet is refused.
fn dimension(range: &str) -> Result<(), Stop> {
    let mut corners = range.split(':');
    let first = corners.next().unwrap_or_default();
    let last = corners.next().unwrap_or(first);
    let bad = |why: &str| {
        Stop::TooLarge(
            format!(
                "the first sheet declares its range as `{}`, which {why}",
                crate::text::escape_controls(range)
            ),
            None,
        )
    };
    if corners.next().is_some() {
        return Err(bad("is not a range of cells"));
    }
    let (left, top) = cell_reference(first).map_err(bad)?;
    let (right, bottom) = cell_reference(last).map_err(bad)?;
    if right < left || bottom < top {
        return Err(bad(
            "is not a range of cells (its corners are the wrong way round)",
        ));
    }
    Ok(())
}

/// XML's five entities in an attribute value (a relationship's target).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The cells of the sheet that hold a value, as calamine streams them.
#[derive(Default)]
struct Cells {
    /// Row and column (0-based) and text.
    kept: Vec<(u32, u32, String)>,
    left: u32,
    right: u32,
}

/// `A`, `Z`, `AA`, ... for a 0-based column.
fn column_name(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let digit = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(b'A' + digit);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// A cell's reference and its location as the table gives it.
fn place(row: u32, column: u32) -> (String, Location) {
    (
        format!("{}{}", column_name(column), u64::from(row) + 1),
        Location {
            line: row as usize + 1,
            column: column as usize + 1,
            length: 1,
        },
    )
}

fn sheet_cells<R: Read + std::io::Seek>(
    reader: &mut calamine::XlsxCellReader<'_, R>,
) -> Result<Cells, Stop> {
    let mut found = Cells {
        kept: Vec::new(),
        left: u32::MAX,
        right: 0,
    };
    let mut text_bytes = 0usize;
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => {
                return Err(Stop::Damaged(format!(
                    "the first sheet cannot be read ({e})"
                )));
            }
        };
        let (row, column) = cell.get_position();
        let value = cell.get_value();
        if matches!(value, calamine::DataRef::Empty) {
            continue;
        }
        // The cell's reference, written only for a refusal.
        let refuse = |message: &dyn Fn(&str) -> String| {
            let (reference, at) = place(row, column);
            Stop::TooLarge(message(&reference), Some(at))
        };
        if row >= SHEET_ROWS || column >= SHEET_COLUMNS {
            return Err(refuse(&|reference| {
                format!(
                    "the first sheet has a cell at {reference}, beyond the last cell of a sheet (XFD1048576)"
                )
            }));
        }
        found.left = found.left.min(column);
        found.right = found.right.max(column);
        if (found.right - found.left) as usize >= MAX_COLUMNS {
            let (left, right) = (column_name(found.left), column_name(found.right));
            return Err(refuse(&|reference| {
                format!(
                    "the cells of the first sheet span columns {left} to {right} (cell {reference}), more than the {} columns a table to import may have",
                    group_digits(MAX_COLUMNS)
                )
            }));
        }
        if found.kept.len() >= MAX_CELLS {
            return Err(refuse(&|reference| {
                format!(
                    "the first sheet has more than {} cells with a value (passed at {reference}), more than import reads at once",
                    group_digits(MAX_CELLS)
                )
            }));
        }
        let text: std::borrow::Cow<'_, str> = match value {
            calamine::DataRef::SharedString(s) => std::borrow::Cow::Borrowed(*s),
            other => super::xlsx_text(&calamine::Data::from(other.clone())).into(),
        };
        // Only a long text can have too many characters.
        let chars = if text.len() > MAX_CELL_CHARS {
            text.chars().count()
        } else {
            0
        };
        if chars > MAX_CELL_CHARS {
            return Err(refuse(&|reference| {
                format!(
                    "the cell {reference} holds {} characters, more than a cell may hold ({})",
                    group_digits(chars),
                    group_digits(MAX_CELL_CHARS)
                )
            }));
        }
        text_bytes += text.len();
        if text_bytes > MAX_TEXT_BYTES {
            return Err(refuse(&|reference| {
                format!(
                    "the cells of the first sheet hold more than {} MiB of text (passed at {reference}), more than import reads from any file",
                    MAX_TEXT_BYTES >> 20
                )
            }));
        }
        let text = text.into_owned();
        found.kept.push((row, column, text));
    }
    Ok(found)
}

impl Cells {
    /// The table: a row for each sheet row with text, a cell for each
    /// column the cells span. Refused when that grid would pass
    /// [`MAX_CELLS`], before it is made.
    fn into_table(mut self) -> Result<Table, String> {
        let mut table = Table::default();
        if self.kept.is_empty() {
            return Ok(table);
        }
        // In sheet order; of two cells at one place, the later is kept.
        self.kept.sort_by_key(|&(row, column, _)| (row, column));
        let width = (self.right - self.left) as usize + 1;
        let mut rows = 1usize;
        for pair in self.kept.windows(2) {
            rows += usize::from(pair[0].0 != pair[1].0);
        }
        // The header is the first row with a value.
        if rows > MAX_ROWS + 1 {
            return Err(format!(
                "the first sheet has {} rows with a value below its header, more than import reads at once ({})",
                group_digits(rows - 1),
                group_digits(MAX_ROWS)
            ));
        }
        if rows.saturating_mul(width) > MAX_CELLS {
            return Err(format!(
                "the cells of the first sheet span {} rows and {} columns, {} cells, more than import reads at once ({})",
                group_digits(rows),
                group_digits(width),
                group_digits(rows * width),
                group_digits(MAX_CELLS)
            ));
        }
        let left = self.left;
        let mut cells = self.kept.into_iter().peekable();
        while let Some(&(row, _, _)) = cells.peek() {
            let line = row as usize + 1;
            let mut grid: Vec<Cell> = (0..width)
                .map(|c| Cell {
                    text: String::new(),
                    at: Location {
                        line,
                        column: left as usize + c + 1,
                        length: 1,
                    },
                })
                .collect();
            while let Some((_, column, text)) = cells.next_if(|&(r, _, _)| r == row) {
                grid[(column - left) as usize].text = text;
            }
            if grid.iter().all(|c| c.text.trim().is_empty()) {
                continue;
            }
            if table.header.is_empty() {
                table.header = grid;
            } else {
                table.rows.push(Row { line, cells: grid });
            }
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_within_the_sheet() {
        assert_eq!(cell_reference("A1"), Ok((1, 1)));
        assert_eq!(cell_reference("xfd1048576"), Ok((16_384, 1_048_576)));
        assert!(cell_reference("XFE1").is_err());
        assert!(cell_reference("AAAAAAAAAAAAA1").is_err());
        assert!(cell_reference("A1048577").is_err());
        assert!(cell_reference("A99999999999999999999").is_err());
        assert!(cell_reference("A0").is_err());
        assert!(cell_reference("1").is_err());
        assert!(cell_reference("A").is_err());
        assert!(cell_reference("A1B").is_err());
        assert!(dimension("A1:Q67243").is_ok());
        assert!(dimension("B2").is_ok());
        assert!(dimension("B2:A1").is_err());
        assert!(dimension("A1:B2:C3").is_err());
    }

    #[test]
    fn columns_are_named_as_a_sheet_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn attributes_are_found_by_name_whatever_is_quoted_in_them() {
        let bytes = br#"<sheet name="a > b" x:id='rId1' r="x"/>"#;
        let tag = Tag {
            name: b"sheet",
            end: false,
            bytes,
        };
        assert_eq!(tag.attribute("name"), Some("a > b"));
        assert_eq!(tag.attribute(":id"), Some("rId1"));
        assert_eq!(tag.attribute("id"), None);
        assert_eq!(tag.attribute("r"), Some("x"));
    }

    fn scan_sheet(xml: &str) -> Result<(), Stop> {
        look(&mut xml.as_bytes(), "sheet.xml", &mut Sheet::default())
    }

    #[test]
    fn a_sheet_is_looked_through_for_bad_references_and_long_cells() {
        assert!(scan_sheet(r#"<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#).is_ok());
        let Err(Stop::TooLarge(message, _)) =
            scan_sheet(r#"<sheetData><row r="1"><c r="XFE1"/></row></sheetData>"#)
        else {
            panic!("a cell beyond the sheet passed");
        };
        assert_eq!(
            message,
            "the first sheet names a cell `XFE1`, which lies beyond the last column of a sheet (XFD)"
        );
        assert!(scan_sheet(r#"<row r="99999999999"></row>"#).is_err());
        // Quoted `>` and `<` inside attributes do not end a tag.
        assert!(scan_sheet(r#"<c r="A1" x="<c r='ZZZZ1'>"></c>"#).is_ok());
        let long = format!(
            r#"<c r="B7" t="inlineStr"><is>{}</is></c>"#,
            "<r><t>abc</t></r>".repeat(70_000)
        );
        let Err(Stop::TooLarge(message, _)) = scan_sheet(&long) else {
            panic!("a cell of more than 1 MiB passed");
        };
        assert!(
            message.contains("holds an element longer than 1 MiB (cell B7)"),
            "{message}"
        );
        let text = format!("<t>{}</t>", "a".repeat(MAX_MARKUP + 1));
        assert!(scan_sheet(&text).is_err());
        let cdata = format!("<t><![CDATA[{}]]></t>", "<".repeat(MAX_MARKUP + 1));
        assert!(scan_sheet(&cdata).is_err());
    }

    #[test]
    fn a_sheet_of_more_rows_than_a_table_may_have_is_refused_before_it_is_laid_out() {
        let cells = |rows: u32| Cells {
            kept: (0..rows).map(|r| (r * 2, 3, "x".to_owned())).collect(),
            left: 3,
            right: 3,
        };
        let rows = u32::try_from(MAX_ROWS).unwrap() + 1;
        let table = cells(rows).into_table().unwrap();
        assert_eq!(table.rows.len(), MAX_ROWS);
        assert_eq!(table.rows[0].cells[0].at.line, 3);
        assert_eq!(table.rows[0].cells[0].at.column, 4);
        assert_eq!(
            cells(rows + 1).into_table().unwrap_err(),
            "the first sheet has 100 001 rows with a value below its header, more than import reads at once (100 000)"
        );
    }

    #[test]
    fn shared_strings_are_counted_and_what_they_claim_checked() {
        let scan = |xml: &str| {
            look(
                &mut xml.as_bytes(),
                "sst.xml",
                &mut SharedStrings::default(),
            )
        };
        assert!(
            scan(r#"<sst count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#)
                .is_ok()
        );
        assert!(
            scan(r#"<sst uniqueCount="999999999999999999999999"><si><t>a</t></si></sst>"#).is_err()
        );
        assert!(scan(r#"<sst uniqueCount="1500001"></sst>"#).is_err());
    }
}
