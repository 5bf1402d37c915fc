//! Real git servers on loopback for the sync tests: Debian's `sshd` started on a free port
//! with a throwaway host key and user key, `git http-backend` behind a tiny HTTP/1.1
//! server in this file, and the same behind real TLS (a CA and certificate made by `openssl`,
//! python3's `ssl` terminating). Each returns `Err` (and the test says SKIPPED) where it
//! cannot start; `.ci/run` installs what they need.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A free TCP port on 127.0.0.1 (bound and released; good enough for a test).
fn free_port() -> Option<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").ok()?;
    Some(listener.local_addr().ok()?.port())
}

fn wait_for_port(port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// Where git's server programs live (`git --exec-path`), so the remote side finds them
/// whatever PATH a login shell gets.
pub fn exec_path() -> Option<PathBuf> {
    let out = Command::new("git").arg("--exec-path").output().ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// An sshd serving the current user with one key.
pub struct Sshd {
    child: Child,
    pub port: u16,
    pub user: String,
    key: PathBuf,
}

impl Sshd {
    /// Starts sshd with its own config in `dir`, or says why not.
    pub fn start(dir: &Path) -> Result<Sshd, String> {
        let sshd = ["/usr/sbin/sshd", "/usr/local/sbin/sshd"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .ok_or("no sshd (apt-get install openssh-server)")?;
        let keygen = |path: &Path| {
            Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(path)
                .status()
                .map_err(|e| format!("ssh-keygen: {e}"))
                .and_then(|s| {
                    s.success()
                        .then_some(())
                        .ok_or_else(|| "ssh-keygen failed".to_string())
                })
        };
        let host_key = dir.join("host_key");
        let key = dir.join("user_key");
        keygen(&host_key)?;
        keygen(&key)?;
        std::fs::copy(dir.join("user_key.pub"), dir.join("authorized_keys"))
            .map_err(|e| format!("authorized_keys: {e}"))?;
        let user = Command::new("id")
            .arg("-un")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .map_err(|e| format!("id -un: {e}"))?;
        // sshd insists on its privilege-separation directory when run as root.
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = free_port().ok_or("no free port")?;
        let config = dir.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {keys}\n\
                 PidFile {pid}\nUsePAM no\nStrictModes no\nPasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\nPubkeyAuthentication yes\n\
                 PermitRootLogin prohibit-password\nAllowUsers {user}\nLogLevel ERROR\n",
                host = host_key.display(),
                keys = dir.join("authorized_keys").display(),
                pid = dir.join("sshd.pid").display(),
            ),
        )
        .map_err(|e| format!("sshd_config: {e}"))?;
        let child = Command::new(&sshd)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start sshd: {e}"))?;
        let mut server = Sshd {
            child,
            port,
            user,
            key,
        };
        if !wait_for_port(port) {
            return Err("sshd did not listen".into());
        }
        // A login that runs a command proves the whole path (keys, shell) works.
        let probe = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "{} {}@127.0.0.1 true",
                server.ssh_command(),
                server.user
            ))
            .output();
        let probe_ok = probe.as_ref().is_ok_and(|o| o.status.success());
        if !probe_ok {
            let why = probe.map_or_else(
                |e| e.to_string(),
                |o| String::from_utf8_lossy(&o.stderr).into_owned(),
            );
            let _ = server.child.kill();
            return Err(format!("cannot log in to the test sshd: {why}"));
        }
        server.child.try_wait().ok();
        Ok(server)
    }

    /// The `GIT_SSH_COMMAND` that reaches this server: its key, no host-key prompt, no
    /// user ssh config.
    pub fn ssh_command(&self) -> String {
        format!(
            "ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
             -o IdentitiesOnly=yes -o BatchMode=yes -o LogLevel=ERROR -i {} -p {}",
            self.key.display(),
            self.port
        )
    }

    /// The ssh URL of a repository on this machine.
    pub fn url(&self, repo: &Path) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            self.user,
            self.port,
            repo.display()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `git http-backend` behind a minimal HTTP/1.1 server (one request per connection).
pub struct HttpGit {
    pub port: u16,
    stop: Arc<AtomicBool>,
    /// Requests served, for "was it contacted" checks.
    pub hits: Arc<std::sync::atomic::AtomicUsize>,
}

impl HttpGit {
    /// Serves the repositories under `root` at `http://127.0.0.1:PORT/NAME`.
    pub fn start(root: &Path) -> Result<HttpGit, String> {
        let probe = Command::new("git")
            .arg("http-backend")
            .env("REQUEST_METHOD", "GET")
            .env("GIT_PROJECT_ROOT", root)
            .env("PATH_INFO", "/")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("git http-backend: {e}"))?;
        if probe.stdout.is_empty() {
            return Err("git http-backend gives no output".into());
        }
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (stop_flag, counter, root) = (Arc::clone(&stop), Arc::clone(&hits), root.to_path_buf());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                counter.fetch_add(1, Ordering::SeqCst);
                let root = root.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &root);
                });
            }
        });
        Ok(HttpGit { port, stop, hits })
    }

    pub fn url(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for HttpGit {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// The request body: chunked, or of the given length.
fn read_body(
    reader: &mut impl BufRead,
    chunked: bool,
    length: Option<usize>,
) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    }
    Ok(body)
}

/// Reads one request, runs it through `git http-backend` as CGI, writes the response.
fn serve(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("GET").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((key, value)) = line.split_once(':') {
            headers.push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let body = read_body(
        &mut reader,
        header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")),
        header("content-length").and_then(|v| v.parse::<usize>().ok()),
    )?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut command = Command::new("git");
    command
        .arg("http-backend")
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("REMOTE_USER", "tester")
        .env("REMOTE_ADDR", "127.0.0.1")
        .env("REQUEST_METHOD", &method)
        .env("PATH_INFO", path)
        .env("QUERY_STRING", query)
        .env("CONTENT_LENGTH", body.len().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(kind) = header("content-type") {
        command.env("CONTENT_TYPE", kind);
    }
    if let Some(encoding) = header("content-encoding") {
        command.env("HTTP_CONTENT_ENCODING", encoding);
    }
    if let Some(protocol) = header("git-protocol") {
        command.env("GIT_PROTOCOL", protocol);
    }
    let mut child = command.spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&body)?;
    }
    let output = child.wait_with_output()?;
    let out = output.stdout;
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| out.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
    let (head, content) = match split {
        Some((i, skip)) => (&out[..i], &out[i + skip..]),
        None => (&out[..0], &out[..]),
    };
    let mut status = "200 OK".to_string();
    let mut response_headers = String::new();
    for line in String::from_utf8_lossy(head).lines() {
        match line.split_once(':') {
            Some((key, value)) if key.eq_ignore_ascii_case("status") => {
                status = value.trim().to_string();
            }
            Some(_) => {
                response_headers.push_str(line.trim_end());
                response_headers.push_str("\r\n");
            }
            None => {}
        }
    }
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n{response_headers}\r\n",
        content.len()
    )?;
    stream.write_all(content)?;
    stream.flush()
}

/// The TLS front of [`HttpsGit`]: accepts TLS on loopback and hands each request, read
/// whole (by `Content-Length` or chunked), to the plain [`HttpGit`] server, then returns its
/// response (that server answers one request per connection and closes). python3's `ssl`
/// is the TLS stack, so nothing in the build links one.
const TLS_FRONT: &str = r#"
import socket, ssl, sys, threading

cert, key, backend = sys.argv[1], sys.argv[2], int(sys.argv[3])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(32)
print(listener.getsockname()[1], flush=True)

def read_request(stream):
    head = b""
    while b"\r\n\r\n" not in head:
        data = stream.recv(65536)
        if not data:
            return None
        head += data
    head, body = head.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    if fields.get("transfer-encoding", "").lower() == "chunked":
        while not chunked_complete(body):
            data = stream.recv(65536)
            if not data:
                break
            body += data
    else:
        length = int(fields.get("content-length", "0"))
        while len(body) < length:
            data = stream.recv(65536)
            if not data:
                break
            body += data
    return head + b"\r\n\r\n" + body

def chunked_complete(body):
    at = 0
    while True:
        end = body.find(b"\r\n", at)
        if end < 0:
            return False
        size = int(body[at:end].split(b";")[0] or b"0", 16)
        at = end + 2 + size + 2
        if size == 0:
            return at <= len(body)
        if at > len(body):
            return False

def serve(raw):
    try:
        stream = context.wrap_socket(raw, server_side=True)
    except (ssl.SSLError, OSError):
        raw.close()
        return
    try:
        request = read_request(stream)
        if request:
            upstream = socket.create_connection(("127.0.0.1", backend))
            upstream.sendall(request)
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                stream.sendall(data)
            upstream.close()
        stream.unwrap().close()
    except (ssl.SSLError, OSError):
        stream.close()

while True:
    connection, _ = listener.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
"#;

/// A CA (`ca.pem`) and a server certificate for 127.0.0.1 signed by it (`server.pem`,
/// `server.key`), made in `dir` by `openssl`.
fn make_certificates(dir: &Path) -> Result<(), String> {
    let openssl = |args: &[&str]| -> Result<(), String> {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("openssl: {e} (apt-get install openssl)"))?;
        out.status.success().then_some(()).ok_or_else(|| {
            format!(
                "openssl {}: {}",
                args.first().unwrap_or(&""),
                String::from_utf8_lossy(&out.stderr)
            )
        })
    };
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
    openssl(
        &[
            &["req", "-x509", "-nodes", "-days", "2"][..],
            &ec,
            &[
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-subj",
                "/CN=kaikaku test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        ]
        .concat(),
    )?;
    openssl(
        &[
            &["req", "-nodes"][..],
            &ec,
            &[
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1",
            ],
        ]
        .concat(),
    )?;
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| format!("server.ext: {e}"))?;
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        "server.pem",
        "-extfile",
        "server.ext",
    ])?;
    Ok(())
}

/// `git http-backend` over real TLS: a certificate authority and a server certificate for
/// 127.0.0.1 made by `openssl` for this test alone, and [`TLS_FRONT`] in front of
/// [`HttpGit`]. git trusts the CA only where a repository's config says so
/// (`http.sslCAInfo`), never through the user's config or the system store.
pub struct HttpsGit {
    _plain: HttpGit,
    front: Child,
    pub port: u16,
    /// The CA certificate git is told to trust.
    pub ca: PathBuf,
}

impl HttpsGit {
    /// Serves the repositories under `root` at `https://127.0.0.1:PORT/NAME`; the keys and
    /// certificates go into `dir`.
    pub fn start(root: &Path, dir: &Path) -> Result<HttpsGit, String> {
        make_certificates(dir)?;
        let plain = HttpGit::start(root)?;
        let script = dir.join("tls_front.py");
        std::fs::write(&script, TLS_FRONT).map_err(|e| format!("tls_front.py: {e}"))?;
        let mut front = Command::new("python3")
            .arg(&script)
            .arg(dir.join("server.pem"))
            .arg(dir.join("server.key"))
            .arg(plain.port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("python3: {e} (apt-get install python3)"))?;
        let mut line = String::new();
        if let Some(stdout) = front.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let Ok(port) = line.trim().parse::<u16>() else {
            let _ = front.kill();
            let _ = front.wait();
            return Err("the TLS front did not start (python3 with ssl)".into());
        };
        Ok(HttpsGit {
            _plain: plain,
            front,
            port,
            ca: dir.join("ca.pem"),
        })
    }

    pub fn url(&self, name: &str) -> String {
        format!("https://127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for HttpsGit {
    fn drop(&mut self) {
        let _ = self.front.kill();
        let _ = self.front.wait();
    }
}
