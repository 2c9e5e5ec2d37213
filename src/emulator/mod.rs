//! A local AWS emulator (moto server) for the test suite and the demo.
//!
//! Tests and the README's demo must run with no AWS account, against a real HTTP endpoint,
//! through the same SDK layer the commands use. [`Moto::start`] runs `moto_server` on a free
//! loopback port and stops it on drop; [`gearbox`] "deploys" the example service into it.

pub mod gearbox;
pub mod reports;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The install command we print when moto is missing.
pub const INSTALL_HINT: &str = "install it with `pip install 'moto[server]>=5.2,<5.3'` (or run `bash scripts/test`, which does)";

/// A running moto server, stopped when dropped.
pub struct Moto {
    child: Child,
    addr: SocketAddr,
}

impl Moto {
    /// Start `moto_server` (or `$MOTO_SERVER`) on a free loopback port, wait until it
    /// answers, and switch Lambda to its no-docker mode.
    pub fn start() -> Result<Moto> {
        let program = std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".to_string());
        let port = free_port()?;
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .env("MOTO_ALLOW_NONEXISTENT_REGION", "true")
            .spawn()
            .map_err(|e| {
                Error::usage(
                    format!("cannot start the AWS emulator `{program}`: {e}"),
                    Some(INSTALL_HINT.to_string()),
                )
            })?;
        let mut moto = Moto {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        moto.wait_ready(Duration::from_secs(30))?;
        moto.post("/moto-api/config", r#"{"lambda":{"use_docker":false}}"#)?;
        Ok(moto)
    }

    /// The endpoint URL to pass as `--endpoint-url`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Wipe all state (the Lambda config is kept).
    pub fn reset(&self) -> Result<()> {
        self.post("/moto-api/reset", "")
    }

    fn wait_ready(&mut self, limit: Duration) -> Result<()> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(Error::usage(
                    format!("the AWS emulator exited at start ({status})"),
                    Some(INSTALL_HINT.to_string()),
                ));
            }
            if self.request("GET", "/moto-api/", "").is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(Error::usage(
            format!(
                "the AWS emulator did not answer on {} within {limit:?}",
                self.addr
            ),
            Some(INSTALL_HINT.to_string()),
        ))
    }

    fn post(&self, path: &str, body: &str) -> Result<()> {
        let status = self
            .request("POST", path, body)
            .map_err(|e| Error::usage(format!("emulator call {path} failed: {e}"), None))?;
        if !(200..300).contains(&status) {
            return Err(Error::usage(
                format!("emulator call {path} answered HTTP {status}"),
                None,
            ));
        }
        Ok(())
    }

    /// A minimal HTTP/1.1 request; returns the status code.
    fn request(&self, method: &str, path: &str, body: &str) -> std::io::Result<u16> {
        let mut s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(2))?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )?;
        let mut head = [0u8; 12];
        s.read_exact(&mut head)?;
        let text = String::from_utf8_lossy(&head);
        text.get(9..12)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("not HTTP: {text:?}")))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error::usage(format!("no free loopback port: {e}"), None))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::usage(format!("no free loopback port: {e}"), None))
}

/// Receive from a queue the way a failing consumer does (visibility timeout 0, so every
/// receive counts) until it runs dry: past maxReceiveCount, SQS's own redrive policy moves
/// each message to the DLQ. moto really does this.
pub async fn fail_until_dead_lettered(aws: &crate::aws::Aws, queue_url: &str) -> Result<()> {
    let mut empty = 0;
    while empty < 2 {
        if aws.receive(queue_url, 10, 0, 0).await?.is_empty() {
            empty += 1;
        } else {
            empty = 0;
        }
    }
    Ok(())
}
