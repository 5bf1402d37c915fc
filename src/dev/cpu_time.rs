//! CPU time of the calling thread, for the tests that check an algorithm's growth.
//!
//! Tests compare the cost at two sizes (ten times the input should cost about ten times,
//! not a hundred). Wall time grows when other processes load the machine — CI runners and
//! the shared development machine both do — so the ratio would measure the neighbours;
//! the thread's own CPU time does not. Real timings belong to the criterion benches.

use std::time::Duration;

/// utime + stime of this thread from `/proc/thread-self/stat` (clock ticks of 10 ms);
/// wall time since the first call where /proc is absent.
pub fn thread_cpu_time() -> Duration {
    let ticks = std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|stat| {
            let after_name = &stat[stat.rfind(')')? + 1..];
            let fields: Vec<&str> = after_name.split_whitespace().collect();
            // Fields 14 and 15 of proc(5); the first after the name is field 3.
            let utime: u64 = fields.get(11)?.parse().ok()?;
            let stime: u64 = fields.get(12)?.parse().ok()?;
            Some(utime + stime)
        });
    if let Some(ticks) = ticks {
        Duration::from_millis(ticks * 10)
    } else {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpu_time_grows_with_work() {
        let before = super::thread_cpu_time();
        let mut x = 0u64;
        for i in 0..50_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        assert!(super::thread_cpu_time() > before);
    }
}
