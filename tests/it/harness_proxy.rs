//! A byte-for-byte proxy between a client and the throwaway server's unix socket, which a test
//! can cut at any moment: a connection that drops exactly while the server works (during a
//! COMMIT, say), without touching the server.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub struct Proxy {
    /// The URL that reaches the database through the proxy.
    pub url: String,
    /// Each connection: its two sides, and whether what its client sends is held back.
    open: Arc<Mutex<Vec<Link>>>,
}

type Link = (TcpStream, UnixStream, Arc<AtomicBool>);

impl Proxy {
    /// A proxy in front of the server of `url` (a harness URL of PostgreSQL or MariaDB).
    pub fn start(url: &str) -> Proxy {
        let (socket, db) = upstream(url);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().unwrap().port();
        let open: Arc<Mutex<Vec<Link>>> = Arc::default();
        let conns = open.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = UnixStream::connect(&socket) else {
                    continue;
                };
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let frozen: Arc<AtomicBool> = Arc::default();
                conns.lock().unwrap().push((
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    frozen.clone(),
                ));
                std::thread::spawn(move || pump(client, server, Some(frozen)));
                std::thread::spawn(move || pump(s2, c2, None));
            }
        });
        let url = if url.starts_with("postgres") {
            format!("postgresql://postgres@127.0.0.1:{port}/{db}?sslmode=disable")
        } else {
            format!("mysql://root@127.0.0.1:{port}/{db}?ssl-mode=disabled")
        };
        Proxy { url, open }
    }

    /// From now on, what the connections made so far send never reaches the server (a COMMIT
    /// held up on the way); connections made later pass as before.
    pub fn freeze(&self) {
        for (_, _, frozen) in self.open.lock().unwrap().iter() {
            frozen.store(true, Ordering::SeqCst);
        }
    }

    /// Drops the client side of every connection made so far and keeps the server side open:
    /// the server's session (its thread, its open transaction) stays until `cut`.
    pub fn cut_clients(&self) {
        for (client, _, _) in self.open.lock().unwrap().iter() {
            let _ = client.shutdown(Shutdown::Both);
        }
    }

    /// Drops every connection made through the proxy so far, on both sides.
    pub fn cut(&self) {
        for (client, server, _) in self.open.lock().unwrap().drain(..) {
            let _ = client.shutdown(Shutdown::Both);
            let _ = server.shutdown(Shutdown::Both);
        }
    }
}

fn pump(mut from: impl Read, mut to: impl Write, frozen: Option<Arc<AtomicBool>>) {
    let mut buf = [0u8; 16 * 1024];
    while let Ok(n) = from.read(&mut buf) {
        if n == 0 {
            break;
        }
        if frozen.as_ref().is_some_and(|f| f.load(Ordering::SeqCst)) {
            continue;
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
}

/// The server's unix socket and the database of a harness URL.
fn upstream(url: &str) -> (PathBuf, String) {
    let query = |key: &str| {
        url.split(['?', '&'])
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .map(str::to_string)
    };
    let db = url
        .split('/')
        .nth(3)
        .and_then(|s| s.split('?').next())
        .unwrap_or("")
        .to_string();
    let socket = if url.starts_with("postgres") {
        let dir = query("host").expect("a harness PostgreSQL URL names its socket directory");
        let port = query("port").expect("and its port");
        PathBuf::from(dir).join(format!(".s.PGSQL.{port}"))
    } else {
        PathBuf::from(query("socket").expect("a harness MariaDB URL names its socket"))
    };
    (socket, db)
}
