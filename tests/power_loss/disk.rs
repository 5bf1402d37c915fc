//! A simulated disk under the store's [`FsLayer`]: every call goes through to a real
//! directory (the *live* view, what the running program sees — the page cache), while a model
//! keeps what is *durable*. At any step the model can produce the states a power cut could
//! leave on the platter.
//!
//! The model is deliberately harsher than ext4 and close to what POSIX promises:
//! - file data is durable only after `sync_all`/`sync_data` of that file; until then each
//!   write may be lost, torn (a prefix, followed by nothing, zeros or garbage), or lost while
//!   the file length grew (zeros), independently of the writes before and after it — so a
//!   later write can be durable while an earlier one is not;
//! - a directory entry (create, rename, removal, `mkdir`) is durable only after that
//!   directory is synced; pending entries of a directory survive or vanish independently;
//!   fsync of a file does not make its name durable;
//! - a failed fsync (injected EIO) drops the file's unwritten pages for good and the next
//!   fsync succeeds without them, as Linux does.
//!
//! Real fsyncs are not issued: the model decides what survives, and the suite stays fast.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use kaikaku::store::fs_layer::{FsFile, FsLayer};

type Ino = usize;

/// A write or truncation not yet fsynced.
#[derive(Clone, Debug)]
enum Pending {
    Write { at: usize, bytes: Vec<u8> },
    SetLen(usize),
}

#[derive(Clone, Debug, Default)]
struct Inode {
    durable: Vec<u8>,
    pending: Vec<Pending>,
    /// What a read sees now; differs from `durable` + `pending` after a failed fsync.
    live: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    File(Ino),
    Dir,
}

/// A change to a directory not yet made durable by syncing that directory.
#[derive(Clone, Debug)]
enum DirOp {
    Link(OsString, Node),
    Unlink(OsString),
    Rename {
        from: OsString,
        to: OsString,
        node: Node,
    },
}

impl DirOp {
    fn apply(&self, entries: &mut BTreeMap<OsString, Node>) {
        match self {
            DirOp::Link(name, node) => {
                entries.insert(name.clone(), node.clone());
            }
            DirOp::Unlink(name) => {
                entries.remove(name);
            }
            DirOp::Rename { from, to, node } => {
                entries.remove(from);
                entries.insert(to.clone(), node.clone());
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Dir {
    durable: BTreeMap<OsString, Node>,
    pending: Vec<DirOp>,
    live: BTreeMap<OsString, Node>,
}

/// Failures to inject, as a sick disk shows them: a failed file fsync loses that file's
/// unwritten pages, a failed directory sync leaves its entries pending, a full disk takes
/// the part of a write that still fits.
#[derive(Clone, Copy, Debug, Default)]
pub struct Faults {
    /// `sync_all`/`sync_data` of files fail with EIO (and their unwritten pages are lost).
    pub file_sync: bool,
    /// Directory syncs fail with EIO (pending entries stay pending).
    pub dir_sync: bool,
    /// Bytes that may still be written before writes fail with ENOSPC (the write that
    /// crosses the limit is partial, as a real full disk does).
    pub space: Option<usize>,
}

/// The model at one moment: the state after a numbered operation.
#[derive(Clone, Debug, Default)]
pub struct Model {
    inodes: Vec<Inode>,
    /// Directories by path relative to the root ("" is the root).
    dirs: BTreeMap<PathBuf, Dir>,
}

/// One crash point: the model right after an operation, and what that operation was.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub op: usize,
    pub label: String,
    pub model: Model,
}

#[derive(Debug, Default)]
struct Shared {
    model: Model,
    ops: usize,
    faults: Faults,
    /// Snapshots after every operation, when recording.
    history: Option<Vec<Snapshot>>,
}

/// The simulated disk; clones share one model.
#[derive(Clone, Debug)]
pub struct SimDisk {
    root: PathBuf,
    shared: Arc<Mutex<Shared>>,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared.lock().expect("sim disk lock")
}

fn eio() -> io::Error {
    io::Error::other("injected EIO")
}

impl SimDisk {
    /// Takes the tree under `root` as fully durable (the state after a clean shutdown).
    pub fn over(root: &Path) -> SimDisk {
        let mut model = Model::default();
        scan(root, Path::new(""), &mut model);
        SimDisk {
            root: root.to_path_buf(),
            shared: Arc::new(Mutex::new(Shared {
                model,
                ..Shared::default()
            })),
        }
    }

    /// Keeps a snapshot after every operation from now on.
    pub fn record(&self) {
        let mut shared = lock(&self.shared);
        let snapshot = Snapshot {
            op: shared.ops,
            label: "start".into(),
            model: shared.model.clone(),
        };
        shared.history = Some(vec![snapshot]);
    }

    pub fn snapshots(&self) -> Vec<Snapshot> {
        lock(&self.shared).history.clone().unwrap_or_default()
    }

    /// The number of operations so far (crash points are numbered by it).
    pub fn ops(&self) -> usize {
        lock(&self.shared).ops
    }

    pub fn set_faults(&self, faults: Faults) {
        lock(&self.shared).faults = faults;
    }

    /// The model now.
    pub fn model(&self) -> Model {
        lock(&self.shared).model.clone()
    }

    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root)
            .unwrap_or_else(|_| panic!("{} is outside the simulated disk", path.display()))
            .to_path_buf()
    }

    /// Records a mutating operation on the model.
    fn op(&self, label: String, change: impl FnOnce(&mut Model)) {
        let mut shared = lock(&self.shared);
        change(&mut shared.model);
        shared.ops += 1;
        let snapshot = shared.history.is_some().then(|| Snapshot {
            op: shared.ops,
            label,
            model: shared.model.clone(),
        });
        if let (Some(history), Some(snapshot)) = (shared.history.as_mut(), snapshot) {
            history.push(snapshot);
        }
    }

    /// The live view must equal the real directory: a self-check of the simulator.
    pub fn check_live(&self) {
        let model = self.model();
        let mut real = Model::default();
        scan(&self.root, Path::new(""), &mut real);
        assert_eq!(
            model.live_files(),
            real.live_files(),
            "the simulated disk lost track of the real directory"
        );
    }
}

/// Reads a real tree into the model, everything durable.
fn scan(root: &Path, rel: &Path, model: &mut Model) {
    let mut dir = Dir::default();
    let mut entries: Vec<_> = std::fs::read_dir(root.join(rel))
        .expect("read dir")
        .flatten()
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        let node = if entry.file_type().expect("type").is_dir() {
            scan(root, &rel.join(&name), model);
            Node::Dir
        } else {
            let bytes = std::fs::read(entry.path()).expect("read");
            model.inodes.push(Inode {
                durable: bytes.clone(),
                pending: Vec::new(),
                live: bytes,
            });
            Node::File(model.inodes.len() - 1)
        };
        dir.durable.insert(name.clone(), node.clone());
        dir.live.insert(name, node);
    }
    model.dirs.insert(rel.to_path_buf(), dir);
}

fn split(rel: &Path) -> (PathBuf, OsString) {
    let parent = rel.parent().unwrap_or(Path::new("")).to_path_buf();
    let name = rel.file_name().expect("a file name").to_os_string();
    (parent, name)
}

impl Model {
    fn dir(&mut self, rel: &Path) -> &mut Dir {
        self.dirs
            .get_mut(rel)
            .unwrap_or_else(|| panic!("sim: no directory {}", rel.display()))
    }

    fn live_node(&self, rel: &Path) -> Option<Node> {
        let (parent, name) = split(rel);
        self.dirs.get(&parent)?.live.get(&name).cloned()
    }

    fn dir_change(&mut self, parent: &Path, op: DirOp) {
        let dir = self.dir(parent);
        op.apply(&mut dir.live);
        dir.pending.push(op);
    }

    /// Live content of every file reachable by name, by relative path.
    pub fn live_files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        self.walk(Path::new(""), &|dir| dir.live.clone(), &mut |path, ino| {
            out.insert(path, self.inodes[ino].live.clone());
        });
        out
    }

    fn walk(
        &self,
        rel: &Path,
        entries_of: &dyn Fn(&Dir) -> BTreeMap<OsString, Node>,
        visit: &mut dyn FnMut(PathBuf, Ino),
    ) {
        let Some(dir) = self.dirs.get(rel) else {
            return;
        };
        for (name, node) in entries_of(dir) {
            let path = rel.join(&name);
            match node {
                Node::File(ino) => visit(path, ino),
                Node::Dir => self.walk(&path, entries_of, visit),
            }
        }
    }

    /// Number of pending items (directory changes and file writes), the crash choices.
    pub fn pending(&self) -> usize {
        self.dirs.values().map(|d| d.pending.len()).sum::<usize>()
            + self.inodes.iter().map(|i| i.pending.len()).sum::<usize>()
    }

    /// The files (and directories) a power cut leaves, each pending item's fate chosen by
    /// `choose` (called once per pending item, in a fixed order: directories, then files).
    pub fn crash(&self, choose: &mut dyn FnMut(usize, Kind) -> Fate) -> Image {
        let mut counter = 0usize;
        let mut entries: HashMap<PathBuf, BTreeMap<OsString, Node>> = HashMap::new();
        for (path, dir) in &self.dirs {
            let mut durable = dir.durable.clone();
            for op in &dir.pending {
                if choose(counter, Kind::Entry) != Fate::Lost {
                    op.apply(&mut durable);
                }
                counter += 1;
            }
            entries.insert(path.clone(), durable);
        }
        let mut contents: Vec<Vec<u8>> = Vec::with_capacity(self.inodes.len());
        for inode in &self.inodes {
            let mut bytes = inode.durable.clone();
            for pending in &inode.pending {
                apply(&mut bytes, pending, choose(counter, Kind::Write));
                counter += 1;
            }
            contents.push(bytes);
        }
        let mut image = Image::default();
        let mut dirs = vec![PathBuf::new()];
        while let Some(dir) = dirs.pop() {
            image.dirs.push(dir.clone());
            for (name, node) in entries.get(&dir).cloned().unwrap_or_default() {
                let path = dir.join(name);
                match node {
                    Node::Dir => dirs.push(path),
                    Node::File(ino) => {
                        image.files.insert(path, contents[ino].clone());
                    }
                }
            }
        }
        image
    }
}

/// What a pending item is, so a chooser can give writes more fates than entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Entry,
    Write,
}

/// What became of one pending item at the power cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Kept,
    Lost,
    /// The file grew but the data never landed: zeros.
    Zeroed,
    /// Only the first `keep` thousandths of the bytes landed; the rest is cut, zeros or garbage.
    Torn {
        keep: u16,
        tail: Tail,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tail {
    Cut,
    Zeros,
    Garbage(u8),
}

fn apply(bytes: &mut Vec<u8>, pending: &Pending, fate: Fate) {
    match (pending, fate) {
        (_, Fate::Lost) => {}
        (Pending::SetLen(len), _) => bytes.resize(*len, 0),
        (Pending::Write { at, bytes: data }, fate) => {
            let landed: Vec<u8> = match fate {
                Fate::Kept => data.clone(),
                Fate::Zeroed => vec![0; data.len()],
                Fate::Torn { keep, tail } => {
                    let keep = data.len() * usize::from(keep) / 1000;
                    let mut out = data[..keep].to_vec();
                    match tail {
                        Tail::Cut => {}
                        Tail::Zeros => out.resize(data.len(), 0),
                        Tail::Garbage(seed) => out.extend((keep..data.len()).map(|i| {
                            u8::try_from((i * 131 + usize::from(seed)) % 251).unwrap_or(7)
                        })),
                    }
                    out
                }
                Fate::Lost => unreachable!(),
            };
            let end = at + landed.len();
            if bytes.len() < end {
                bytes.resize(end, 0);
            }
            bytes[*at..end].copy_from_slice(&landed);
        }
    }
}

/// A post-crash disk: files by relative path, and the directories that survived.
#[derive(Clone, Debug, Default)]
pub struct Image {
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    pub dirs: Vec<PathBuf>,
}

impl Image {
    /// Writes the image into `root` (an empty directory): the disk after the reboot.
    pub fn materialise(&self, root: &Path) {
        for dir in &self.dirs {
            std::fs::create_dir_all(root.join(dir)).expect("mkdir");
        }
        for (path, bytes) in &self.files {
            std::fs::write(root.join(path), bytes).expect("write");
        }
    }
}

impl FsLayer for SimDisk {
    fn create_new(&self, path: &Path) -> io::Result<Box<dyn FsFile>> {
        let file = OpenOptions::new().write(true).create_new(true).open(path)?;
        let rel = self.rel(path);
        let (parent, name) = split(&rel);
        let mut ino = 0;
        self.op(format!("create {}", rel.display()), |model| {
            model.inodes.push(Inode::default());
            ino = model.inodes.len() - 1;
            model.dir_change(&parent, DirOp::Link(name, Node::File(ino)));
        });
        Ok(Box::new(SimFile {
            disk: self.clone(),
            rel,
            ino,
            file,
        }))
    }

    fn open_append(&self, path: &Path) -> io::Result<Box<dyn FsFile>> {
        let file = OpenOptions::new().append(true).open(path)?;
        let rel = self.rel(path);
        let Some(Node::File(ino)) = lock(&self.shared).model.live_node(&rel) else {
            panic!("sim: {} exists on disk but not in the model", rel.display());
        };
        Ok(Box::new(SimFile {
            disk: self.clone(),
            rel,
            ino,
            file,
        }))
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let (from_rel, to_rel) = (self.rel(from), self.rel(to));
        let (parent, from_name) = split(&from_rel);
        let (to_parent, to_name) = split(&to_rel);
        assert_eq!(parent, to_parent, "sim: renames stay in one directory");
        std::fs::rename(from, to)?;
        self.op(
            format!("rename {} -> {}", from_rel.display(), to_rel.display()),
            |model| {
                let node = model
                    .live_node(&from_rel)
                    .expect("renamed file in the model");
                model.dir_change(
                    &parent,
                    DirOp::Rename {
                        from: from_name,
                        to: to_name,
                        node,
                    },
                );
            },
        );
        Ok(())
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)?;
        let rel = self.rel(path);
        let (parent, name) = split(&rel);
        self.op(format!("remove {}", rel.display()), |model| {
            model.dir_change(&parent, DirOp::Unlink(name));
        });
        Ok(())
    }

    fn create_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir(path)?;
        let rel = self.rel(path);
        let (parent, name) = split(&rel);
        self.op(format!("mkdir {}", rel.display()), |model| {
            model.dirs.insert(rel.clone(), Dir::default());
            model.dir_change(&parent, DirOp::Link(name, Node::Dir));
        });
        Ok(())
    }

    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        let rel = self.rel(path);
        if !path.is_dir() {
            return Err(io::Error::from(io::ErrorKind::NotFound));
        }
        if lock(&self.shared).faults.dir_sync {
            return Err(eio());
        }
        self.op(format!("sync dir {}", rel.display()), |model| {
            let dir = model.dir(&rel);
            dir.durable = dir.live.clone();
            dir.pending.clear();
        });
        Ok(())
    }
}

/// An open file of the simulated disk.
#[derive(Debug)]
struct SimFile {
    disk: SimDisk,
    rel: PathBuf,
    ino: Ino,
    file: File,
}

impl SimFile {
    fn sync(&mut self, what: &str) -> io::Result<()> {
        let failing = lock(&self.disk.shared).faults.file_sync;
        let ino = self.ino;
        self.disk
            .op(format!("{what} {}", self.rel.display()), |model| {
                let inode = &mut model.inodes[ino];
                for pending in std::mem::take(&mut inode.pending) {
                    // A failed fsync: the kernel drops the pages; the disk never sees them.
                    let fate = if failing { Fate::Zeroed } else { Fate::Kept };
                    apply(&mut inode.durable, &pending, fate);
                }
            });
        if failing { Err(eio()) } else { Ok(()) }
    }
}

impl FsFile for SimFile {
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        let room = {
            let mut shared = lock(&self.disk.shared);
            let room = shared
                .faults
                .space
                .map_or(bytes.len(), |s| s.min(bytes.len()));
            if let Some(space) = shared.faults.space.as_mut() {
                *space -= room;
            }
            room
        };
        let landed = &bytes[..room];
        self.file.write_all(landed)?;
        let ino = self.ino;
        self.disk.op(
            format!("write {} bytes to {}", landed.len(), self.rel.display()),
            |model| {
                let inode = &mut model.inodes[ino];
                let at = inode.live.len();
                inode.live.extend_from_slice(landed);
                inode.pending.push(Pending::Write {
                    at,
                    bytes: landed.to_vec(),
                });
            },
        );
        if room < bytes.len() {
            return Err(io::Error::from(io::ErrorKind::StorageFull));
        }
        Ok(())
    }

    fn set_len(&mut self, len: u64) -> io::Result<()> {
        self.file.set_len(len)?;
        let len = usize::try_from(len).expect("length");
        let ino = self.ino;
        self.disk.op(
            format!("truncate {} to {len}", self.rel.display()),
            |model| {
                let inode = &mut model.inodes[ino];
                inode.live.resize(len, 0);
                inode.pending.push(Pending::SetLen(len));
            },
        );
        Ok(())
    }

    fn sync_all(&mut self) -> io::Result<()> {
        self.sync("fsync")
    }

    fn sync_data(&mut self) -> io::Result<()> {
        self.sync("fdatasync")
    }
}
