//! A byte-for-byte proxy between a client and the throwaway server's unix socket, which a test
//! can cut at any moment: a connection that drops exactly while the server works (during a
//! COMMIT, say), without touching the server.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub struct Proxy {
    /// The URL that reaches the database through the proxy.
    pub url: String,
    open: Arc<Mutex<Vec<(TcpStream, UnixStream)>>>,
}

impl Proxy {
    /// A proxy in front of the server of `url` (a harness URL of PostgreSQL or MariaDB).
    pub fn start(url: &str) -> Proxy {
        let (socket, db) = upstream(url);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().unwrap().port();
        let open: Arc<Mutex<Vec<(TcpStream, UnixStream)>>> = Arc::default();
        let conns = open.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = UnixStream::connect(&socket) else {
                    continue;
                };
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                conns
                    .lock()
                    .unwrap()
                    .push((client.try_clone().unwrap(), server.try_clone().unwrap()));
                std::thread::spawn(move || pump(client, server));
                std::thread::spawn(move || pump(s2, c2));
            }
        });
        let url = if url.starts_with("postgres") {
            format!("postgresql://postgres@127.0.0.1:{port}/{db}?sslmode=disable")
        } else {
            format!("mysql://root@127.0.0.1:{port}/{db}?ssl-mode=disabled")
        };
        Proxy { url, open }
    }

    /// Drops every connection made through the proxy so far, on both sides.
    pub fn cut(&self) {
        for (client, server) in self.open.lock().unwrap().drain(..) {
            let _ = client.shutdown(Shutdown::Both);
            let _ = server.shutdown(Shutdown::Both);
        }
    }
}

fn pump(mut from: impl Read, mut to: impl Write) {
    let mut buf = [0u8; 16 * 1024];
    while let Ok(n) = from.read(&mut buf) {
        if n == 0 || to.write_all(&buf[..n]).is_err() {
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
