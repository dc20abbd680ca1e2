//! `serve`: the advisor as a web page and a JSON API over HTTP, from the same binary.
//!
//! The HTTP layer only translates: requests become calls to an [`Advisor`] (the commands'
//! own code, so the API answers exactly what `advise --format json` and `letter --format
//! json` print) and its results or errors become responses. Nothing is stored: the page
//! keeps the answers so far in its forms, and the only thing written is one access line
//! per request, without bodies.
//!
//! - [`router`](mod@router): the routes and the layers every request goes through (limits, timeouts,
//!   security headers, the access line).
//! - [`api`]: the JSON endpoints and the API's OpenAPI document (`openapi.json`, beside
//!   them); [`problem`]: errors as JSON.
//! - [`pages`]: the server-rendered questionnaire, result and letter pages;
//!   [`templates`]: the page templates and assets built into the binary.
//! - [`listener`]: the socket, with a cap on open connections; [`shutdown`]: Ctrl-C and
//!   SIGTERM.

pub mod api;
mod form;
pub mod listener;
pub mod pages;
pub mod problem;
pub mod router;
pub mod shutdown;
pub mod templates;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::rules::RuleSet;

pub use router::router;

/// What the service asks of the advisor. The commands implement it with their own code,
/// so the service and the command line cannot drift apart.
pub trait Advisor: Send + Sync + 'static {
    /// The rule set in use.
    fn rules(&self) -> &RuleSet;

    /// What `advise --format json` prints for this answers file (JSON or YAML text).
    fn assess(&self, answers_file: &str) -> Result<String>;

    /// What `letter --format json` prints for this answers file, for the letter `kind` or
    /// the one the advice picks.
    fn letter(&self, answers_file: &str, kind: Option<&str>) -> Result<String>;

    /// Several answers files scored side by side, as JSON.
    fn compare(&self, answers_files: &[String]) -> Result<String>;
}

/// The advisor shared by every request.
pub type SharedAdvisor = Arc<dyn Advisor>;

/// Where to listen, and whether to open the page.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
    /// Open the page in the default browser once listening.
    pub open: bool,
}

/// The warning printed when the service listens beyond this computer.
pub fn exposure_warning(bind: IpAddr) -> Option<String> {
    (!bind.is_loopback()).then(|| {
        format!(
            "listening on {bind}: anyone who can reach this address can use the advisor, and \
             there is no login; put it behind a proxy with TLS and authentication, or use \
             --bind 127.0.0.1"
        )
    })
}

/// Runs the service until Ctrl-C or SIGTERM, writing where it listens and one access line
/// per request to `log` (from this thread, so `log` may be a locked terminal).
pub fn run(advisor: SharedAdvisor, options: Options, log: &mut dyn Write) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::Internal(format!("cannot start the service: {error}")))?;
    let (access, lines) = router::AccessLog::channel();
    let (done, finished) = std::sync::mpsc::channel();
    let printer = access.clone();
    runtime.spawn(async move {
        let result = serve(advisor, options, access).await;
        let _ = done.send(result);
        // Tells the loop below that the service has finished.
        printer.line("");
    });
    // Every line the service sends comes before the empty one it sends when it has finished.
    while let Ok(line) = lines.recv() {
        if line.is_empty() {
            break;
        }
        let _ = writeln!(log, "{line}");
        let _ = log.flush();
    }
    finished.recv().unwrap_or_else(|_| {
        Err(Error::Internal(
            "the service ended without a word".to_string(),
        ))
    })
}

async fn serve(advisor: SharedAdvisor, options: Options, log: router::AccessLog) -> Result<()> {
    let address = SocketAddr::new(options.bind, options.port);
    let socket = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| bind_error(address, &source))?;
    let local = socket.local_addr().unwrap_or(address);
    if let Some(warning) = exposure_warning(options.bind) {
        log.line(&format!("warning: {warning}"));
    }
    let stop = shutdown::signal();
    let url = format!("http://{local}/");
    log.line(&format!(
        "Serving the advisor at {url} (API under {url}api/v1/); press Ctrl-C to stop."
    ));
    if options.open {
        open_browser(&url, &log);
    }
    let app = router(advisor, log.clone());
    axum::serve(
        listener::Capped::new(socket, listener::MAX_CONNECTIONS),
        app,
    )
    .with_graceful_shutdown(stop)
    .await
    .map_err(|error| Error::Internal(format!("the service stopped: {error}")))?;
    log.line("Stopped: every request in flight was answered.");
    Ok(())
}

fn bind_error(address: SocketAddr, source: &std::io::Error) -> Error {
    let why = match source.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "port {} is in use; stop what uses it or pick another with --port",
            address.port()
        ),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied; ports below 1024 need special rights, pick another with --port"
                .to_string()
        }
        std::io::ErrorKind::AddrNotAvailable => format!(
            "{} is not an address of this computer; check --bind",
            address.ip()
        ),
        _ => crate::error::describe_io(source),
    };
    Error::Usage(format!("cannot listen on {address}: {why}"))
}

/// Opens `url` with the desktop's opener; failing that, says so and goes on serving.
fn open_browser(url: &str, log: &router::AccessLog) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let started = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        log.line(&format!(
            "warning: could not start `{opener}` to open the page; open {url} yourself"
        ));
    }
}
