//! The index of checked records, `.competency/index`: a derived, private
//! file that spares a report reading and checking again the records it read
//! and checked before. Safe to delete; never a second source of truth.
//!
//! Each entry holds what checking one record file gave — the record, which
//! had no problem at all (so its checksum matched and nothing was read past),
//! and whether it was checked against its framework — keyed by the file's
//! identity: its path, size, modification and change times to the
//! nanosecond, inode and device. A report takes each file's identity
//! (`statat`); it uses an entry only when that identity is unchanged, and
//! reads and checks any other file as if there were no index. A person's
//! folder is listed unless its own identity is the one the section keeps
//! (kept when the section had an entry for every record file in it): adding,
//! removing or renaming a file changes the folder's times, editing one in
//! place does not, so the folder's identity stands for its names, never for
//! their content. Records with any problem are never
//! stored: they are read every time, so every message about them is made
//! from the file itself.
//!
//! The whole index is set aside (and rebuilt) when it cannot be trusted: a
//! format or tool that differs, a digest of the frameworks, roles and
//! settings in force that differs, a file that is truncated or whose
//! checksums do not match, owned by another user, readable by others, or a
//! link. A file whose modification or change time falls within two seconds
//! of the moment the report began is not stored (the racily clean case: a
//! change in the same tick of the file system's clock would leave its
//! identity as it was); the next report reads it again. Entries for files
//! changed within two seconds of the index's own writing are not trusted
//! either.
//!
//! Only reports that read everyone use it (team, export, validate, status,
//! calibrate, impact), by [`with_index`]: a report about one person reads a
//! few files, fewer than the index would cost to open. Each person's entries
//! are one section of the file, found through a table at its end, so a
//! report holds one person's entries at a time, not the whole index.
//!
//! Writing it is best-effort and never fails a report. The sections a
//! report makes are staged as they come in a file of its own,
//! `.competency/index.new.PID` (private, created anew), so memory holds
//! none of them however many people there are. When the report is done
//! ([`Index`] is dropped), if anything changed, under the workspace lock
//! when no other command holds it, the sections it kept from the old file
//! are copied after them, the table and header written, and the file
//! renamed over `.competency/index`; staging files left by other reports
//! are removed then. A read-only workspace, or one another command is
//! writing to, keeps the index it has. Writes to the workspace need not
//! touch it: every file a change creates, replaces or removes has a new
//! identity (or none), so no entry can stand for it.
//! `COMPETENCY_NO_INDEX=1` turns it off (nothing read, nothing written).

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::file::{Identity, Kind, Opened, Root};
use crate::model::Subject;
use crate::record::{Method, RaterKind, Rating, Record, Status};
use crate::workspace::Workspace;

/// Where the index is, relative to the workspace.
const INDEX_FILE: &str = ".competency/index";
/// Where a new index is written before it is renamed into place, followed
/// by `.` and the process id: each report stages its own.
const INDEX_NEW: &str = ".competency/index.new";
/// Turns the index off when set to anything but `0` or nothing.
const NO_INDEX_VAR: &str = "COMPETENCY_NO_INDEX";

/// The first bytes of an index file.
const MAGIC: &[u8; 8] = b"CMPINDEX";
/// The layout of the file; any other is set aside.
const FORMAT: u32 = 1;
/// Magic, format, digest, time written, table offset, length and
/// checksum, and the header's own checksum.
const HEADER: usize = 8 + 4 + 32 + 8 + 4 + 8 + 8 + 8 + 8;
/// A file changed this close to (or after) the moment a report began is not
/// stored: two seconds covers the coarsest file-system clocks.
/// `COMPETENCY_INDEX_SETTLE_MS` sets it (tests, which change files and run
/// reports within milliseconds, set 0 and wait out the clock's tick).
const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);
/// Sets [`SETTLE`], in milliseconds.
const SETTLE_VAR: &str = "COMPETENCY_INDEX_SETTLE_MS";

/// A moment: seconds since 1970 and nanoseconds, as file times are kept.
type Moment = (i64, u32);

/// `SETTLE` before now.
fn settled_before_now() -> Option<Moment> {
    let settle = std::env::var(SETTLE_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(SETTLE, std::time::Duration::from_millis);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    moment(now.checked_sub(settle)?)
}

fn moment(d: std::time::Duration) -> Option<Moment> {
    Some((i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()))
}

/// A person's section as read from the index: each file's entry by name.
#[derive(Default)]
pub(crate) struct Section {
    /// The identity of the person's folder when the section was written,
    /// when it then held an entry for every record file of the folder: while
    /// the folder's identity is the same, no name in it was added, removed
    /// or renamed, so the folder need not be listed.
    folder: Option<Key>,
    entries: HashMap<String, Entry>,
    /// An entry was taken for a file whose identity had changed.
    dropped: bool,
}

/// One file's entry.
struct Entry {
    identity: Key,
    checked: Stored,
}

/// What the index is to hold of a file.
#[derive(Clone, Copy)]
pub(crate) enum Keep<'a> {
    /// Read it again every time (it had problems).
    Recheck,
    /// The record, with no problem at all, checked against its framework
    /// (`true`) or only for its own shape.
    Clean(&'a Record, bool),
}

/// What the index holds of a file.
#[allow(clippy::large_enum_variant)] // a record is not boxed: `Recheck` is the rare case
pub(crate) enum Stored {
    /// The file had problems when it was read: it is read again every time.
    Recheck,
    /// The record, which had no problem at all, checked against its
    /// framework (`true`) or only for its own shape.
    Clean(Record, bool),
}

/// What of a file's identity the index compares.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    size: u64,
    modified: (i64, u32),
    changed: (i64, u32),
    inode: u64,
    device: u64,
}

impl From<&Identity> for Key {
    fn from(i: &Identity) -> Key {
        Key {
            size: i.size,
            modified: i.modified,
            changed: i.changed,
            inode: i.inode,
            device: i.device,
        }
    }
}

/// The index a report uses: the file as it was found (when it can be
/// trusted), and the sections this report changed, written when it is
/// dropped.
pub(crate) struct Index {
    root: Arc<Root>,
    digest: [u8; 32],
    /// Files changed at or after this moment are not stored.
    settled_before: Moment,
    old: Option<Old>,
    /// The sections this report made, written to a file of its own as
    /// they come, so memory holds none of them.
    changed: Mutex<Staged>,
    /// `assessments/`, open, to take identities in it without opening
    /// each person's folder (`None` when it cannot be opened).
    #[cfg(unix)]
    assessments: std::sync::OnceLock<Option<rustix::fd::OwnedFd>>,
    /// A section could not be trusted: nothing of the old file is kept.
    rebuild: AtomicBool,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("trusted", &self.old.is_some())
            .finish_non_exhaustive()
    }
}

/// The index file found, trusted so far.
struct Old {
    file: File,
    /// When it was written, less the settling time: entries for files
    /// changed after this are not trusted.
    settled_before: Moment,
    /// Per person: offset, length and checksum of the section.
    table: HashMap<String, (u64, u32, u64)>,
}

/// The workspace with the index on, for a report that reads everyone; as it
/// was when the index is turned off (`COMPETENCY_NO_INDEX`) or cannot be
/// used here.
pub(crate) fn with_index(workspace: &Workspace) -> Workspace {
    let mut indexed = workspace.clone();
    if indexed.index.is_none() {
        indexed.index = Index::open(workspace.dir()).map(Arc::new);
    }
    indexed
}

/// Whether the index is turned off.
fn turned_off() -> bool {
    std::env::var_os(NO_INDEX_VAR).is_some_and(|v| !v.is_empty() && v != "0")
}

impl Index {
    /// The index of the workspace at `root`; `None` when it is off or
    /// cannot be used at all (the tool's own file cannot be identified).
    fn open(root: &Arc<Root>) -> Option<Index> {
        if turned_off() || !cfg!(unix) {
            return None;
        }
        let digest = digest(root)?;
        let settled_before = settled_before_now()?;
        let old = Old::open(root, &digest);
        Some(Index {
            root: Arc::clone(root),
            digest,
            settled_before,
            rebuild: AtomicBool::new(old.is_none()),
            old,
            changed: Mutex::new(Staged::default()),
            #[cfg(unix)]
            assessments: std::sync::OnceLock::new(),
        })
    }

    /// The section of `person`, as the index holds it (empty when it holds
    /// none, or the section cannot be trusted).
    pub(crate) fn section(&self, person: &str) -> Section {
        let Some(old) = &self.old else {
            return Section::default();
        };
        let Some(&(offset, len, sum)) = old.table.get(person) else {
            return Section::default();
        };
        let mut bytes = vec![0; len as usize];
        let read = read_at(&old.file, &mut bytes, offset);
        let section = read
            .ok()
            .filter(|()| checksum(&bytes) == sum)
            .and_then(|()| decode_section(&bytes, old.settled_before));
        if section.is_none() {
            self.rebuild.store(true, Ordering::Relaxed);
        }
        section.unwrap_or_default()
    }

    /// Whether a file with `identity` may be stored now: a regular file,
    /// settled (not changed within the clock's reach of this report).
    pub(crate) fn may_store(&self, identity: &Identity) -> bool {
        identity.regular && self.settled(identity)
    }

    /// Whether a person's folder with `identity` may be stored: a folder,
    /// settled. Taken after the folder was listed, so a name added since
    /// shows as a change within the clock's reach of this report.
    pub(crate) fn may_store_folder(&self, identity: &Identity) -> bool {
        identity.folder && self.settled(identity)
    }

    fn settled(&self, identity: &Identity) -> bool {
        identity.modified < self.settled_before && identity.changed < self.settled_before
    }

    /// The identity of `rel` under `assessments/` (a person's folder, or a
    /// file in one), not following a link at its last step; `None` when it
    /// cannot be taken.
    pub(crate) fn identity(&self, rel: &str) -> Option<Identity> {
        #[cfg(unix)]
        {
            use rustix::fd::AsFd as _;
            let fd = self
                .assessments
                .get_or_init(|| self.root.open_dir("assessments").ok())
                .as_ref()?;
            crate::file::identity_at(fd.as_fd(), rel).ok()
        }
        #[cfg(not(unix))]
        {
            let _ = rel;
            None
        }
    }

    /// Replace the section of `person` with `entries` (name, identity,
    /// what to keep), in the order given; `folder`: the identity of the
    /// person's folder, when every record file in it has an entry.
    pub(crate) fn replace(
        &self,
        person: &str,
        folder: Option<&Identity>,
        entries: &[(&str, Identity, Keep<'_>)],
    ) {
        let bytes = (!entries.is_empty()).then(|| encode_section(folder, entries));
        if let Ok(mut changed) = self.changed.lock() {
            changed.put(&self.root, person, bytes.as_deref());
        }
    }

    /// Write the index if anything changed; every failure leaves the
    /// workspace as it was (but perhaps a stale staging file, removed by
    /// the next write).
    fn save(&self) {
        let Ok(mut changed) = self.changed.lock() else {
            return;
        };
        let staged = std::mem::take(&mut *changed);
        // Nothing new to keep: the index stays as it is (one that cannot be
        // trusted is set aside again next time).
        if staged.sections.is_empty() || staged.failed {
            staged.discard(&self.root);
            return;
        }
        let rebuild = self.rebuild.load(Ordering::Relaxed);
        let Ok(Some(_lock)) = super::WorkspaceLock::try_acquire(&self.root) else {
            staged.discard(&self.root);
            return;
        };
        let name = Staged::name();
        if self.write(staged, rebuild).is_err() {
            let _ = self.root.remove_file(&name);
        }
    }

    fn write(&self, staged: Staged, rebuild: bool) -> std::io::Result<()> {
        let root = &self.root;
        let name = Staged::name();
        remove_stale(root, &name);
        let Staged {
            file,
            at: mut offset,
            sections,
            ..
        } = staged;
        // A report that changed sections but staged none (people with no
        // records left) has no file yet.
        let file = if let Some(out) = file {
            out.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?
        } else {
            root.create_folder(super::PRIVATE_DIR)?;
            root.write_new(&name, &[0; HEADER])?
        };
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        // Every person: those this report changed, and (unless the old file
        // cannot be trusted) those it kept, while their folder is there.
        let mut people: BTreeMap<&str, Option<(u64, u32, u64)>> = BTreeMap::new();
        let old = self.old.as_ref().filter(|_| !rebuild);
        if let Some(old) = old {
            for person in old.table.keys() {
                people.insert(person, None);
            }
        }
        for (person, place) in &sections {
            match place {
                Some(place) => people.insert(person, Some(*place)),
                None => people.remove(person.as_str()),
            };
        }
        let mut table = Vec::new();
        put_u32(&mut table, 0);
        let mut count = 0u32;
        let mut copied = Vec::new();
        for (person, place) in people {
            let (at, len, sum) = match (place, old) {
                (Some(place), _) => place,
                (None, Some(old)) => {
                    let gone = !matches!(
                        root.stat(&super::person_rel(person)),
                        Ok(Some(s)) if s.kind == Kind::Folder
                    );
                    let Some(&(at, len, sum)) = old.table.get(person).filter(|_| !gone) else {
                        continue;
                    };
                    copied.resize(len as usize, 0);
                    if read_at(&old.file, &mut copied, at).is_err() || checksum(&copied) != sum {
                        continue;
                    }
                    out.write_all(&copied)?;
                    let place = (offset, len, sum);
                    offset += u64::from(len);
                    place
                }
                (None, None) => continue,
            };
            put_str(&mut table, person);
            put_u64(&mut table, at);
            put_u32(&mut table, len);
            put_u64(&mut table, sum);
            count += 1;
        }
        table[..4].copy_from_slice(&count.to_le_bytes());
        out.write_all(&table)?;
        let file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        // When it was written, less the settling time (an entry for a file
        // changed after that is not trusted, whatever the report found).
        let written = settled_before_now().unwrap_or((0, 0));
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        put_u32(&mut header, FORMAT);
        header.extend_from_slice(&self.digest);
        put_time(&mut header, written);
        put_u64(&mut header, offset);
        put_u64(&mut header, table.len() as u64);
        put_u64(&mut header, checksum(&table));
        let sum = checksum(&header);
        put_u64(&mut header, sum);
        write_at(&file, &header, 0)?;
        drop(file);
        root.rename(&name, INDEX_FILE, true)
    }
}

/// The sections a report made, staged in `.competency/index.new.PID` as
/// they come (after room for the header), and where each is.
#[derive(Default)]
struct Staged {
    /// The staging file, once a section was written to it.
    file: Option<std::io::BufWriter<File>>,
    /// A section could not be staged: this report writes no index.
    failed: bool,
    /// Where the next section goes.
    at: u64,
    /// Per person: the section's offset, length and checksum (`None`: no
    /// records, nothing to keep).
    sections: BTreeMap<String, Option<(u64, u32, u64)>>,
}

impl Staged {
    /// This process's staging file.
    fn name() -> String {
        format!("{INDEX_NEW}.{}", std::process::id())
    }

    /// Stage `bytes` as the section of `person` (`None`: none to keep).
    fn put(&mut self, root: &Root, person: &str, bytes: Option<&[u8]>) {
        if self.failed {
            return;
        }
        let place = if let Some(bytes) = bytes {
            let Ok(place) = self.append(root, bytes) else {
                self.failed = true;
                return;
            };
            Some(place)
        } else {
            None
        };
        self.sections.insert(person.to_owned(), place);
    }

    fn append(&mut self, root: &Root, bytes: &[u8]) -> std::io::Result<(u64, u32, u64)> {
        if self.file.is_none() {
            root.create_folder(super::PRIVATE_DIR)?;
            let name = Self::name();
            // A file of a process with the same id, long gone.
            root.remove_file(&name)?;
            let file = root.write_new(&name, &[0; HEADER])?;
            self.file = Some(std::io::BufWriter::with_capacity(1 << 16, file));
            self.at = HEADER as u64;
        }
        let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
        if let Some(out) = &mut self.file {
            out.write_all(bytes)?;
        }
        let place = (self.at, len, checksum(bytes));
        self.at += u64::from(len);
        Ok(place)
    }

    /// Remove the staging file, if there is one.
    fn discard(self, root: &Root) {
        if self.file.is_some() {
            let name = Self::name();
            drop(self.file);
            let _ = root.remove_file(&name);
        }
    }
}

/// Remove staging files other than `ours` (left by reports that were
/// stopped, or that will find theirs gone and write no index), and the
/// staging file of earlier versions. Under the workspace lock.
fn remove_stale(root: &Root, ours: &str) {
    let _ = root.remove_file(INDEX_NEW);
    if let Ok(Opened::Folder(_, entries)) = root.open_folder(super::PRIVATE_DIR) {
        let prefix = INDEX_NEW.rsplit('/').next().unwrap_or(INDEX_NEW);
        for (name, _) in entries {
            let rel = format!("{}/{name}", super::PRIVATE_DIR);
            if name.starts_with(prefix) && rel != ours {
                let _ = root.remove_file(&rel);
            }
        }
    }
}

impl Drop for Index {
    fn drop(&mut self) {
        self.save();
    }
}

impl Old {
    /// The index file of the workspace, when it can be trusted.
    fn open(root: &Root, digest: &[u8; 32]) -> Option<Old> {
        // Opened without following a link: a link is not trusted.
        let file = root.open_existing(INDEX_FILE).ok()??;
        let metadata = file.metadata().ok()?;
        if !metadata.is_file() || !owned_privately(&metadata) {
            return None;
        }
        let size = metadata.len();
        let mut header = [0; HEADER];
        read_at(&file, &mut header, 0).ok()?;
        let mut r = Reader::new(&header);
        if r.bytes(8)? != MAGIC || r.u32()? != FORMAT || r.bytes(32)? != digest {
            return None;
        }
        let settled_before = r.time()?;
        let (at, len, sum) = (r.u64()?, r.u64()?, r.u64()?);
        let own = r.u64()?;
        if checksum(&header[..HEADER - 8]) != own || at.checked_add(len)? != size {
            return None;
        }
        let mut bytes = vec![0; usize::try_from(len).ok()?];
        read_at(&file, &mut bytes, at).ok()?;
        if checksum(&bytes) != sum {
            return None;
        }
        let mut r = Reader::new(&bytes);
        let count = r.u32()?;
        let mut table = HashMap::with_capacity(count as usize);
        for _ in 0..count {
            let person = r.str()?;
            let (offset, len, sum) = (r.u64()?, r.u32()?, r.u64()?);
            if offset < HEADER as u64 || offset.checked_add(u64::from(len))? > at {
                return None;
            }
            table.insert(person.to_owned(), (offset, len, sum));
        }
        r.done().then_some(Old {
            file,
            settled_before,
            table,
        })
    }
}

/// Whether the index file is this user's and private (mode 0600).
#[cfg(unix)]
fn owned_privately(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    metadata.uid() == rustix::process::geteuid().as_raw() && metadata.mode() & 0o777 == 0o600
}

#[cfg(not(unix))]
fn owned_privately(_: &std::fs::Metadata) -> bool {
    false
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, offset)
}

#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// What checking depends on besides the record itself: this index format,
/// the program (its version, and the executable's identity, so a rebuilt
/// tool sets the index aside), the bundled frameworks' digests, and the
/// workspace's settings, frameworks and roles (every file in `frameworks/`
/// and `roles/`, by name, kind and content). `None` when the program
/// cannot be identified.
fn digest(root: &Root) -> Option<[u8; 32]> {
    use sha2::Digest as _;
    let mut hash = sha2::Sha256::new();
    let mut add = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    add(MAGIC);
    add(&FORMAT.to_le_bytes());
    add(env!("CARGO_PKG_VERSION").as_bytes());
    let exe = std::env::current_exe().ok()?.metadata().ok()?;
    add(&exe.len().to_le_bytes());
    let modified = exe
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    add(&modified.as_nanos().to_le_bytes());
    for (id, when, digest) in crate::catalog::BUNDLED_CHANGED {
        add(id.as_bytes());
        add(when.as_bytes());
        add(digest.as_bytes());
    }
    for (role, framework) in crate::catalog::BUNDLED_ROLES {
        add(role.as_bytes());
        add(framework.as_bytes());
    }
    add(&root.read_bytes(crate::settings::FILE).unwrap_or_default());
    for folder in ["frameworks", "roles"] {
        add(folder.as_bytes());
        let mut entries = match root.open_folder(folder) {
            Ok(Opened::Folder(_, entries)) => entries,
            Ok(Opened::Missing) => Vec::new(),
            Ok(Opened::Link) => vec![(String::new(), Kind::Link)],
            Err(_) => return None,
        };
        entries.sort();
        for (name, kind) in entries {
            add(name.as_bytes());
            add(&[kind as u8]);
            if kind == Kind::File {
                add(&root.read_bytes(&format!("{folder}/{name}")).ok()?);
            }
        }
    }
    Some(hash.finalize().into())
}

/// A fast checksum of the index's bytes (not a cryptographic one: it finds
/// a truncated or damaged file; whoever can write the index can write the
/// records too).
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = (bytes.len() as u64).wrapping_mul(K) ^ 0x2545_F491_4F6C_DD1D;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0; 8];
        w.copy_from_slice(word);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    let mut last = [0; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(last)).wrapping_mul(K);
    h ^= h >> 32;
    h.wrapping_mul(K) ^ (h >> 29)
}

impl Section {
    /// What the index holds for the file `name` when its identity is
    /// still `identity`; taken out of the section.
    pub(crate) fn take(&mut self, name: &str, identity: &Identity) -> Option<Stored> {
        if !identity.regular {
            return None;
        }
        let entry = self.entries.remove(name)?;
        let same = entry.identity == Key::from(identity);
        self.dropped |= !same;
        same.then_some(entry.checked)
    }

    /// The names of the person's record files, sorted, when the folder's
    /// identity is still `folder` (so no name was added, removed or renamed).
    pub(crate) fn names_if_unlisted(&self, folder: &Identity) -> Option<Vec<String>> {
        let same = folder.folder && self.folder == Some(Key::from(folder));
        same.then(|| {
            let mut names: Vec<String> = self.entries.keys().cloned().collect();
            names.sort();
            names
        })
    }

    /// Whether the section's folder identity differs from `folder`.
    pub(crate) fn folder_differs(&self, folder: Option<&Identity>) -> bool {
        self.folder != folder.map(Key::from)
    }

    /// Whether the section no longer says what the folder holds: an entry
    /// was for a file since changed, or entries are left that were not
    /// taken (files gone).
    pub(crate) fn is_stale(&self) -> bool {
        self.dropped || !self.entries.is_empty()
    }
}

fn encode_section(folder: Option<&Identity>, entries: &[(&str, Identity, Keep<'_>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 1024);
    match folder {
        None => out.push(0),
        Some(folder) => {
            out.push(1);
            put_key(&mut out, &Key::from(folder));
        }
    }
    put_u32(&mut out, u32::try_from(entries.len()).unwrap_or(u32::MAX));
    for (name, identity, stored) in entries {
        put_str(&mut out, name);
        put_key(&mut out, &Key::from(identity));
        match stored {
            Keep::Recheck => out.push(0),
            Keep::Clean(record, against) => {
                out.push(1 + u8::from(*against));
                encode_record(&mut out, record);
            }
        }
    }
    out
}

/// A section's entries; `None` when it does not read whole. Entries for
/// files changed within the clock's reach of the index's writing
/// (`settled_before`) are left out.
fn decode_section(bytes: &[u8], settled_before: Moment) -> Option<Section> {
    let mut r = Reader::new(bytes);
    let mut folder = match r.u8()? {
        0 => None,
        1 => Some(r.key()?),
        _ => return None,
    };
    let count = r.u32()?;
    let mut entries = HashMap::with_capacity(count.min(1024) as usize);
    for _ in 0..count {
        let name = r.str()?.to_owned();
        let identity = r.key()?;
        let checked = match r.u8()? {
            0 => Stored::Recheck,
            kind @ (1 | 2) => Stored::Clean(decode_record(&mut r)?, kind == 2),
            _ => return None,
        };
        if identity.modified < settled_before && identity.changed < settled_before {
            entries.insert(name, Entry { identity, checked });
        } else {
            // The section no longer has an entry for every file.
            folder = None;
        }
    }
    if folder.is_some_and(|f| f.modified >= settled_before || f.changed >= settled_before) {
        folder = None;
    }
    r.done().then_some(Section {
        folder,
        entries,
        dropped: false,
    })
}

fn encode_record(out: &mut Vec<u8>, r: &Record) {
    put_u32(out, r.schema);
    put_str(out, &r.person);
    out.push(match r.subject {
        Subject::Person => 0,
        Subject::Organisation => 1,
    });
    put_str(out, &r.framework);
    put_str(out, &r.fingerprint);
    out.push(match r.by {
        RaterKind::SelfAssessment => 0,
        RaterKind::Manager => 1,
        RaterKind::Peer => 2,
    });
    put_opt(out, r.rater.as_deref());
    put_opt(out, r.role.as_deref());
    out.extend_from_slice(&r.date.year().to_le_bytes());
    out.push(r.date.month().cast_unsigned());
    out.push(r.date.day().cast_unsigned());
    out.push(match r.status {
        Status::Draft => 0,
        Status::Final => 1,
    });
    put_str(out, &r.created);
    put_opt(out, r.amends.as_deref());
    put_opt(out, r.checksum.as_deref());
    put_u32(out, u32::try_from(r.ratings.len()).unwrap_or(u32::MAX));
    for rating in &r.ratings {
        put_str(out, &rating.competency);
        put_opt(out, rating.level.as_deref());
        out.push(u8::from(rating.not_applicable));
        put_opt(out, rating.evidence.as_deref());
        out.push(match rating.method {
            Method::Chosen => 0,
            Method::Checklist => 1,
        });
        put_u32(out, u32::try_from(rating.ticked.len()).unwrap_or(u32::MAX));
        for tick in &rating.ticked {
            put_str(out, tick);
        }
    }
}

fn decode_record(r: &mut Reader<'_>) -> Option<Record> {
    let schema = r.u32()?;
    let person = r.string()?;
    let subject = match r.u8()? {
        0 => Subject::Person,
        1 => Subject::Organisation,
        _ => return None,
    };
    let framework = r.string()?;
    let fingerprint = r.string()?;
    let by = match r.u8()? {
        0 => RaterKind::SelfAssessment,
        1 => RaterKind::Manager,
        2 => RaterKind::Peer,
        _ => return None,
    };
    let rater = r.opt()?;
    let role = r.opt()?;
    let year = i16::from_le_bytes(r.bytes(2)?.try_into().ok()?);
    let (month, day) = (r.u8()?.cast_signed(), r.u8()?.cast_signed());
    let date = jiff::civil::Date::new(year, month, day).ok()?;
    let status = match r.u8()? {
        0 => Status::Draft,
        1 => Status::Final,
        _ => return None,
    };
    let created = r.string()?;
    let amends = r.opt()?;
    let checksum = r.opt()?;
    let count = r.u32()?;
    let mut ratings = Vec::with_capacity(count.min(256) as usize);
    for _ in 0..count {
        let competency = r.string()?;
        let level = r.opt()?;
        let not_applicable = r.bool()?;
        let evidence = r.opt()?;
        let method = match r.u8()? {
            0 => Method::Chosen,
            1 => Method::Checklist,
            _ => return None,
        };
        let ticks = r.u32()?;
        let mut ticked = Vec::with_capacity(ticks.min(64) as usize);
        for _ in 0..ticks {
            ticked.push(r.string()?);
        }
        ratings.push(Rating {
            competency,
            level,
            not_applicable,
            evidence,
            method,
            ticked,
        });
    }
    Some(Record {
        schema,
        person,
        subject,
        framework,
        fingerprint,
        by,
        rater,
        role,
        date,
        status,
        created,
        amends,
        checksum,
        ratings,
    })
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_key(out: &mut Vec<u8>, key: &Key) {
    put_u64(out, key.size);
    put_time(out, key.modified);
    put_time(out, key.changed);
    put_u64(out, key.inode);
    put_u64(out, key.device);
}

fn put_time(out: &mut Vec<u8>, (seconds, nanos): (i64, u32)) {
    put_u64(out, seconds.cast_unsigned());
    put_u32(out, nanos);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, u32::try_from(s.len()).unwrap_or(u32::MAX));
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

/// Reads the index's encoding; every read is bounds-checked, and `None`
/// says the bytes do not read.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }

    fn time(&mut self) -> Option<(i64, u32)> {
        Some((self.u64()?.cast_signed(), self.u32()?))
    }

    fn key(&mut self) -> Option<Key> {
        Some(Key {
            size: self.u64()?,
            modified: self.time()?,
            changed: self.time()?,
            inode: self.u64()?,
            device: self.u64()?,
        })
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.bytes(len)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    /// An optional text: `None` when the bytes do not read, `Some(None)`
    /// when there is no text.
    #[allow(clippy::option_option)]
    fn opt(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        let mut r = crate::report::fixture::record(
            RaterKind::Manager,
            "2026-01-01",
            &[("one", Some("A")), ("two", None)],
        );
        r.rater = Some("Sam \"Lee\" é".to_owned());
        r.amends = Some("2025-12-01-x-manager.toml".to_owned());
        r.ratings[0].evidence = Some("line one\nline two ✓".to_owned());
        r.ratings[1].ticked = vec!["a tick".to_owned(), String::new()];
        r.ratings[1].method = Method::Checklist;
        r.ratings[1].not_applicable = true;
        r.subject = Subject::Organisation;
        r.status = Status::Final;
        r.checksum = Some(r.content_checksum());
        r
    }

    fn identity() -> Identity {
        Identity {
            regular: true,
            folder: false,
            mode: 0o600,
            size: 1234,
            modified: (1_700_000_000, 5),
            changed: (1_700_000_001, 6),
            inode: 77,
            device: 3,
        }
    }

    fn clean(section: &mut Section, name: &str, identity: &Identity) -> Option<(Record, bool)> {
        match section.take(name, identity)? {
            Stored::Clean(record, against) => Some((record, against)),
            Stored::Recheck => None,
        }
    }

    #[test]
    fn a_section_reads_back_as_written() {
        let r = record();
        let bytes = encode_section(
            None,
            &[
                ("a.toml", identity(), Keep::Clean(&r, true)),
                ("b.toml", identity(), Keep::Recheck),
            ],
        );
        let mut section = decode_section(&bytes, (i64::MAX, 0)).unwrap();
        assert_eq!(clean(&mut section, "a.toml", &identity()), Some((r, true)));
        assert!(section.is_stale());
        assert!(matches!(
            section.take("b.toml", &identity()),
            Some(Stored::Recheck)
        ));
        assert!(!section.is_stale());
    }

    #[test]
    fn an_entry_is_used_only_for_the_same_identity() {
        let r = record();
        let bytes = encode_section(None, &[("a.toml", identity(), Keep::Clean(&r, false))]);
        let read = || decode_section(&bytes, (i64::MAX, 0)).unwrap();
        assert_eq!(clean(&mut read(), "a.toml", &identity()), Some((r, false)));
        let changes: [fn(&mut Identity); 7] = [
            |i| i.size += 1,
            |i| i.modified.1 += 1,
            |i| i.modified.0 -= 1,
            |i| i.changed.1 += 1,
            |i| i.inode += 1,
            |i| i.device += 1,
            |i| i.regular = false,
        ];
        for change in changes {
            let mut other = identity();
            change(&mut other);
            let mut section = read();
            assert!(section.take("a.toml", &other).is_none());
            assert!(section.is_stale() || !other.regular);
        }
        assert!(read().take("b.toml", &identity()).is_none());
    }

    #[test]
    fn entries_changed_near_the_index_writing_are_not_trusted() {
        let r = record();
        let bytes = encode_section(None, &[("a.toml", identity(), Keep::Clean(&r, true))]);
        let mut section = decode_section(&bytes, (1_700_000_001, 6)).unwrap();
        assert!(section.take("a.toml", &identity()).is_none());
    }

    #[test]
    fn damaged_or_cut_sections_do_not_read() {
        let r = record();
        let bytes = encode_section(None, &[("a.toml", identity(), Keep::Clean(&r, true))]);
        for cut in 0..bytes.len() {
            assert!(
                decode_section(&bytes[..cut], (i64::MAX, 0)).is_none(),
                "cut at {cut}"
            );
        }
        // The checksum changes with any single flipped bit.
        let sum = checksum(&bytes);
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut flipped = bytes.clone();
                flipped[at] ^= 1 << bit;
                assert_ne!(checksum(&flipped), sum, "byte {at} bit {bit}");
            }
        }
    }
}
