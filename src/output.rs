//! Writing the user's files safely: a temporary file in the same folder, renamed into
//! place, so a file is either written whole or not at all.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `contents` to `path` atomically. An existing file is replaced only when `force`
/// is set. With `private`, the file is readable and writable by its owner only.
pub fn write_atomic(path: &Path, contents: &[u8], force: bool, private: bool) -> Result<()> {
    let io_error = |source| Error::Io {
        action: "cannot write",
        path: path.to_path_buf(),
        source,
    };
    if !force && path.exists() {
        return Err(io_error(std::io::Error::from(
            std::io::ErrorKind::AlreadyExists,
        )));
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".interview-advisor-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_error)?;
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
    file.write_all(contents).map_err(io_error)?;
    file.as_file().sync_all().map_err(io_error)?;
    if force {
        file.persist(path).map_err(|e| io_error(e.error))?;
    } else {
        // persist_noclobber fails if the file appeared meanwhile, so nothing is replaced.
        file.persist_noclobber(path)
            .map_err(|e| io_error(e.error))?;
    }
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
        assert!(error.to_string().contains("already exists"), "{error}");
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
