//! A defect met while scanning one file must not end the scan, nor print the file.
//!
//! A panic's message can quote the text it failed on (std's string slicing names the
//! string), and the text is a scanned file's. [`install_hook`] replaces std's hook with one
//! that hands on only where the panic happened; [`catch`] runs one file's work and, if it
//! panics, returns that place so the file is counted as skipped and the scan goes on.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// Where this thread's last panic happened (`src/file.rs:line`), set by the hook.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// What a caught panic is named by when no hook recorded its place.
const UNKNOWN_PLACE: &str = "an unknown place";

/// Replaces the panic hook: `print` gets where a panic happened (`src/file.rs:line`, never
/// its message), on the panicking thread, before [`catch`] sees it.
pub fn install_hook(print: impl Fn(&str) + Send + Sync + 'static) {
    std::panic::set_hook(Box::new(move |info| {
        let place = info.location().map_or_else(
            || UNKNOWN_PLACE.to_string(),
            |at| format!("{}:{}", at.file(), at.line()),
        );
        print(&place);
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(place));
    }));
}

/// Runs `work`; a panic inside it is caught and returned as the place it happened.
///
/// The caller must put back in order what `work` was changing (its buffers may be left
/// half-written): the panic is contained, not undone.
pub fn catch<R>(work: impl FnOnce() -> R) -> Result<R, String> {
    LAST_PANIC.with(|last| last.borrow_mut().take());
    catch_unwind(AssertUnwindSafe(work)).map_err(|_| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| UNKNOWN_PLACE.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_and_the_work_after_it_runs() {
        let mut done = Vec::new();
        for item in [1, 0, 2] {
            let result = catch(|| {
                assert_ne!(item, 0, "item {item}");
                done.push(item);
            });
            assert_eq!(result.is_err(), item == 0);
        }
        assert_eq!(done, [1, 2]);
        assert_eq!(catch(|| 7), Ok(7));
    }
}
