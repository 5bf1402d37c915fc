//! Durable git writes. libgit2 does not fsync objects, refs or the index by default, so a
//! power cut right after a phase commit could leave a corrupt repository. git2 has no safe
//! wrapper for the switch, hence the one audited FFI call in this crate.

use std::sync::Once;

static FSYNC: Once = Once::new();

/// Turns on `GIT_OPT_ENABLE_FSYNC_GITDIR` once per process, before any git write.
pub fn enable_fsync() {
    FSYNC.call_once(|| {
        // Make sure libgit2 is initialised (git2 does this lazily on first use).
        let _ = git2::Version::get();
        let Ok(option) = std::ffi::c_int::try_from(libgit2_sys::GIT_OPT_ENABLE_FSYNC_GITDIR) else {
            return;
        };
        #[allow(unsafe_code)]
        // SAFETY: git_libgit2_opts is variadic; GIT_OPT_ENABLE_FSYNC_GITDIR takes exactly one
        // int argument, passed here. It only sets a global flag and is safe to call after
        // libgit2 initialisation (done above), from any thread, once.
        let rc = unsafe { libgit2_sys::git_libgit2_opts(option, 1 as std::ffi::c_int) };
        debug_assert_eq!(rc, 0, "libgit2 refused to enable fsync");
    });
}
