//! Writing the user's files safely: a temporary file in the same folder, renamed into
//! place, so a file is either written whole or not at all.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::error::Error;
use crate::text::shown_path;

/// A test hook: when set to a number of milliseconds, every write pauses that long after
/// the temporary file is written and before it is renamed into place, so that a test can
/// interrupt it there. It exists only in builds with debug assertions (the ones `cargo test`
/// runs); the release binary has no such variable.
#[cfg(debug_assertions)]
pub const PAUSE_ENV: &str = "INTERVIEW_ADVISOR_TEST_WRITE_PAUSE_MS";

/// Ctrl-C (and `kill`) while a file is written: the write is finished or undone before the
/// program stops, so no temporary file is left behind. Outside a write, the signals keep
/// their usual effect.
#[cfg(unix)]
mod interrupt {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, OnceLock};

    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGXFSZ};

    struct Flags {
        /// True outside a write: a signal then stops the program at once.
        stop_at_once: Arc<AtomicBool>,
        /// Set by a signal that arrived during a write.
        interrupted: Arc<AtomicBool>,
    }

    fn flags() -> &'static Flags {
        static FLAGS: OnceLock<Flags> = OnceLock::new();
        FLAGS.get_or_init(|| {
            let flags = Flags {
                stop_at_once: Arc::new(AtomicBool::new(true)),
                interrupted: Arc::new(AtomicBool::new(false)),
            };
            for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
                // Without the handlers a signal stops the program as before: only the clean-up
                // of a write interrupted at that moment is lost.
                let _ = signal_hook::flag::register(signal, Arc::clone(&flags.interrupted));
                let _ = signal_hook::flag::register_conditional_default(
                    signal,
                    Arc::clone(&flags.stop_at_once),
                );
            }
            // A file-size limit (`ulimit -f`) would stop the program with the temporary
            // file in place: with the signal caught, the write fails instead, and is undone.
            let _ = signal_hook::flag::register(SIGXFSZ, Arc::new(AtomicBool::new(false)));
            flags
        })
    }

    /// Holds signals back until dropped; a signal held back then stops the program.
    pub(super) struct Writing(&'static Flags);

    impl Writing {
        pub(super) fn start() -> Self {
            let flags = flags();
            flags.interrupted.store(false, Ordering::SeqCst);
            flags.stop_at_once.store(false, Ordering::SeqCst);
            Writing(flags)
        }

        /// Whether a signal arrived since the write started; it is then taken care of.
        pub(super) fn take_interruption(&self) -> bool {
            self.0.interrupted.swap(false, Ordering::SeqCst)
        }
    }

    impl Drop for Writing {
        fn drop(&mut self) {
            self.0.stop_at_once.store(true, Ordering::SeqCst);
            if self.0.interrupted.swap(false, Ordering::SeqCst) {
                // The signal came as the file was renamed into place: it is whole; stop now.
                let _ = signal_hook::low_level::emulate_default_handler(SIGINT);
            }
        }
    }
}

#[cfg(not(unix))]
mod interrupt {
    pub(super) struct Writing;

    impl Writing {
        pub(super) fn start() -> Self {
            Writing
        }

        pub(super) fn take_interruption(&self) -> bool {
            false
        }
    }
}

/// Fails when `path` exists and `force` is not set, or when it is anything but a regular
/// file (a folder, a device, a named pipe): only a regular file is ever replaced. The check
/// [`write_atomic`] makes, for callers that want to refuse before doing any work.
pub fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    let refused = |source: std::io::Error| {
        Err(source).with_context(|| format!("{}: cannot write", shown_path(path)))
    };
    // A link is followed: what it leads to decides.
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if meta.is_dir() {
        return refused(std::io::ErrorKind::IsADirectory.into());
    }
    if !meta.is_file() {
        return refused(std::io::Error::other(format!(
            "it is {}, not a regular file; only a regular file is replaced",
            special_kind(&meta.file_type())
        )));
    }
    if !force {
        return refused(std::io::ErrorKind::AlreadyExists.into());
    }
    Ok(())
}

/// What a file that is neither a regular file nor a folder is, in words.
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    #[cfg(not(unix))]
    let _ = file_type;
    "a special file"
}

/// Writes `contents` to `path` atomically. An existing file is replaced only when `force`
/// is set. With `private`, the file is readable and writable by its owner only. An error
/// or an interruption (Ctrl-C) part-way leaves neither a partial file nor a temporary one.
pub fn write_atomic(path: &Path, contents: &[u8], force: bool, private: bool) -> Result<()> {
    let context = || format!("{}: cannot write", shown_path(path));
    refuse_existing(path, force)?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let writing = interrupt::Writing::start();
    // On any early return below, `file` is dropped, which deletes the temporary file.
    let mut file = tempfile::Builder::new()
        .prefix(".interview-advisor-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(context)?;
    #[cfg(unix)]
    if !private {
        use std::os::unix::fs::PermissionsExt;
        // tempfile creates files readable by the owner only; a letter may be shared.
        let _ = file
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    let _ = private;
    file.write_all(contents).with_context(context)?;
    file.as_file().sync_all().with_context(context)?;
    #[cfg(debug_assertions)]
    if let Some(pause) = std::env::var(PAUSE_ENV).ok().and_then(|ms| ms.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(pause));
    }
    if writing.take_interruption() {
        drop(file);
        return Err(Error::Interrupted.into());
    }
    if force {
        file.persist(path)
            .map_err(|e| e.error)
            .with_context(context)?;
    } else {
        // persist_noclobber fails if the file appeared meanwhile, so nothing is replaced.
        file.persist_noclobber(path)
            .map_err(|e| e.error)
            .with_context(context)?;
    }
    drop(writing);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_atomic;

    #[test]
    fn refuses_to_replace_without_force_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("answers.yaml");
        write_atomic(&path, b"first", false, true).expect("first write");
        let error = write_atomic(&path, b"second", false, true).expect_err("must refuse");
        assert_eq!(
            error.to_string(),
            format!("{}: cannot write", path.display())
        );
        let cause = error.downcast_ref::<std::io::Error>().map(|e| e.kind());
        assert_eq!(cause, Some(std::io::ErrorKind::AlreadyExists));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "first");
        write_atomic(&path, b"third", true, true).expect("forced write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "third");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("answers.yaml");
        write_atomic(&path, b"x", false, true).expect("write");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
