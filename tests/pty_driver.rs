//! The one pty driver of the end-to-end tests: the real binary in a pseudo-terminal
//! (portable-pty) with the sealed test HOME, its output read by a terminal emulator (vt100),
//! driven by keystrokes. Tests wait for what the screen shows, never for a fixed time, and
//! end with [`Tui::quit`], which checks the exit status and that the terminal is left as it
//! was found.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::common::{kaikaku, run, sample_workspace, stderr, stdout};

const ROWS: u16 = 40;
const COLS: u16 = 120;
/// How long any one thing may take to appear. A passing step takes milliseconds; the
/// margin is for a loaded CI runner (fsyncs on exit queue behind other jobs' I/O), so a
/// slow machine never reads as a failure.
pub(crate) const PATIENCE: Duration = Duration::from_secs(15);
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";

/// Everything the program wrote, and the screen it makes.
pub(crate) struct Output {
    bytes: Vec<u8>,
    parser: vt100::Parser,
}

/// The TUI running in a pseudo-terminal.
pub(crate) struct Tui {
    pub(crate) master: Box<dyn MasterPty + Send>,
    pub(crate) child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
    /// The pty's settings before the program started (cooked mode), as their debug text
    /// (the termios type is not re-exported to name it here).
    pub(crate) termios_before: Option<String>,
}

/// The sealed environment of `common::seal`, carried over to a pty command.
fn command(home: &Path, args: &[&std::ffi::OsStr]) -> CommandBuilder {
    let sealed = kaikaku(home);
    let mut command = CommandBuilder::new(sealed.get_program());
    command.env_clear();
    for (key, value) in sealed.get_envs() {
        if let Some(value) = value {
            command.env(key, value);
        }
    }
    command.env("TERM", "xterm-256color");
    command.cwd(home);
    command.args(args);
    command
}

impl Tui {
    pub(crate) fn start(home: &Path, workspace: &Path) -> Tui {
        Tui::start_with(home, workspace, &[])
    }

    /// Like [`Tui::start`], with extra environment variables for the binary.
    pub(crate) fn start_with(home: &Path, workspace: &Path, env: &[(&str, &str)]) -> Tui {
        Tui::start_with_args(home, workspace, env, &[])
    }

    /// Like [`Tui::start_with`], with extra command-line arguments (`--at REV`).
    pub(crate) fn start_with_args(
        home: &Path,
        workspace: &Path,
        env: &[(&str, &str)],
        args: &[&str],
    ) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let termios_before = termios(pair.master.as_ref());
        let mut all: Vec<&std::ffi::OsStr> = vec![
            "--workspace".as_ref(),
            workspace.as_os_str(),
            "--lang".as_ref(),
            "ja".as_ref(),
        ];
        all.extend(args.iter().map(std::ffi::OsStr::new));
        let mut command = command(home, &all);
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).expect("spawn kaikaku");
        // Only the child holds the terminal side now, so reads end when it exits.
        drop(pair.slave);
        let output = Arc::new(Mutex::new(Output {
            bytes: Vec::new(),
            parser: vt100::Parser::new(
                ROWS.try_into().expect("rows"),
                COLS.try_into().expect("cols"),
                0,
            ),
        }));
        let mut source = pair.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&output);
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            loop {
                match source.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut output = sink.lock().expect("output lock");
                        output.bytes.extend_from_slice(&buffer[..n]);
                        output.parser.process(&buffer[..n]);
                    }
                }
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Tui {
            master: pair.master,
            child,
            writer,
            output,
            reader: Some(reader),
            termios_before,
        }
    }

    pub(crate) fn screen(&self) -> String {
        self.output
            .lock()
            .expect("output lock")
            .parser
            .screen()
            .contents()
    }

    /// Waits until `done` holds for the screen and returns that screen; fails naming `what`
    /// and showing the screen when it does not within [`PATIENCE`]. Every wait on the
    /// screen is this one loop, so all of them are as patient and say the same on failure.
    pub(crate) fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        patiently(what, || {
            let screen = self.screen();
            if done(&screen) {
                Ok(screen)
            } else {
                Err(format!("the screen shows:\n{screen}"))
            }
        })
    }

    /// Waits until the screen shows `text`; fails with the screen when it does not.
    pub(crate) fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text));
    }

    /// Waits until the screen no longer shows `text`.
    pub(crate) fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("{text:?} to go"), |screen| !screen.contains(text));
    }

    /// Presses `keys`, then waits for `text`: one step of a scripted session. The wait is
    /// also the pause a key needs after a lone Esc, which a key in the same read would turn
    /// into an Alt-chord; so a step that presses Esc ends with what the Esc shows.
    pub(crate) fn step(&mut self, keys: &str, text: &str) {
        self.press(keys);
        self.wait_for(text);
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the emulator reading it.
    pub(crate) fn resize(&self, rows: u16, cols: u16) {
        self.output.lock().expect("output lock").parser.set_size(
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
        );
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Writes `keys` to the terminal as typed, in one write (a burst, as a paste or a fast
    /// typist sends it). See [`Tui::step`] for the pause a lone Esc needs.
    pub(crate) fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Waits for the program to exit, then for the rest of its output.
    pub(crate) fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > PATIENCE {
                let screen = self.screen();
                let _ = self.child.kill();
                panic!("kaikaku did not exit; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        status
    }

    /// The terminal is back in normal mode: main screen, cursor shown, no mouse capture or
    /// bracketed paste, and the pty's cooked settings (echo, line editing) restored.
    pub(crate) fn assert_restored(&self) {
        self.assert_restored_then(None);
    }

    /// Like [`Tui::assert_restored`], where the process then printed `message` (an error or
    /// panic report) on the main screen, and nothing else.
    pub(crate) fn assert_restored_then(&self, message: Option<&str>) {
        let output = self.output.lock().expect("output lock");
        let screen = output.parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture left on"
        );
        assert!(!screen.bracketed_paste(), "bracketed paste left on");

        let bytes = &output.bytes;
        let entered = find_last(bytes, ENTER_ALTERNATE_SCREEN).expect("entered the alt screen");
        let left = find_last(bytes, LEAVE_ALTERNATE_SCREEN).expect("left the alternate screen");
        assert!(
            left > entered,
            "the last alternate-screen switch is not the leave"
        );
        // After leaving, at most "show cursor" (ratatui's Terminal drop) may follow, then the
        // expected message.
        let tail = &bytes[left + LEAVE_ALTERNATE_SCREEN.len()..];
        let tail = tail.strip_prefix(b"\x1b[?25h").unwrap_or(tail);
        let printed = String::from_utf8_lossy(tail);
        match message {
            None => assert!(
                tail.is_empty(),
                "output after leaving the alternate screen: {printed:?}"
            ),
            // A panic report is printed by the hook, which restores first; the guard then
            // leaves once more while unwinding. An error is printed after the guard.
            Some(message) => {
                let since_entered = String::from_utf8_lossy(&bytes[entered..]);
                assert!(
                    since_entered.contains(message),
                    "{message:?} was not printed: {since_entered:?}"
                );
                assert!(
                    !tail.contains(&0x1b),
                    "after leaving the alternate screen, expected only {message:?}: {printed:?}"
                );
            }
        }

        if let Some(before) = &self.termios_before {
            assert_eq!(
                termios(self.master.as_ref()).as_ref(),
                Some(before),
                "raw mode left on"
            );
        }
    }

    /// Presses `keys` that quit (`q`, Ctrl-Q, Ctrl-C), then asserts the clean end every
    /// session should have: exit status 0 and the terminal restored.
    pub(crate) fn quit_with(&mut self, keys: &str) {
        self.press(keys);
        let status = self.wait_exit();
        assert!(
            status.success(),
            "exit status {status:?}; the screen shows:\n{}",
            self.screen()
        );
        self.assert_restored();
    }

    /// Sends the program the signal `name` (`TERM`, `HUP`, `KILL`) with `kill`, as a user or
    /// the system would; the test then waits for the exit it expects.
    pub(crate) fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("pid");
        let kill = run(std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string()));
        assert!(kill.status.success(), "kill: {}", stderr(&kill));
    }

    /// [`Tui::quit_with`] `q`, the quit key of every screen outside meeting typing.
    pub(crate) fn quit(&mut self) {
        self.quit_with("q");
    }

    pub(crate) fn bytes(&self) -> Vec<u8> {
        self.output.lock().expect("output lock").bytes.clone()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // A failed test must not leave the program running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

pub(crate) fn termios(master: &dyn MasterPty) -> Option<String> {
    master.get_termios().map(|t| format!("{t:?}"))
}

pub(crate) fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A fresh sample workspace (`kaikaku init --sample`) with the TUI started on it, once the
/// screen shows `ready`: the start of most sessions.
pub(crate) fn on_sample(ready: &str) -> (tempfile::TempDir, PathBuf, Tui) {
    let (temp, workspace) = sample_workspace();
    let tui = Tui::start(temp.path(), &workspace);
    tui.wait_for(ready);
    (temp, workspace, tui)
}

/// Polls `probe` every 20 ms until it gives `Ok`, for at most [`PATIENCE`]; then fails
/// saying what was waited for and the last `Err` (the screen, or whatever shows how far it
/// got). For waits on the program's files as well as on its screen.
pub(crate) fn patiently<T, E: std::fmt::Display>(
    what: &str,
    mut probe: impl FnMut() -> Result<T, E>,
) -> T {
    let start = Instant::now();
    loop {
        match probe() {
            Ok(done) => return done,
            Err(last) => assert!(
                start.elapsed() < PATIENCE,
                "waited {PATIENCE:?} for {what}; {last}"
            ),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `kaikaku check` passes on the workspace a session left.
pub(crate) fn check_passes(home: &Path, workspace: &Path) {
    let output = run(kaikaku(home).arg("--workspace").arg(workspace).arg("check"));
    assert!(
        output.status.success(),
        "check failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
}
