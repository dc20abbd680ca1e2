//! Graceful shutdown: on Ctrl-C (SIGINT) or SIGTERM the service stops accepting and
//! finishes the requests in flight.

use std::future::Future;

/// Starts listening for Ctrl-C and SIGTERM now (so a signal sent as soon as the service
/// says it listens is not missed), and resolves when one arrives.
pub fn signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            let (mut interrupt, mut terminate) = (interrupt, terminate);
            // Whichever comes first; a handler that could not be installed never fires,
            // and that signal keeps its default: ending the process.
            std::future::poll_fn(|cx| {
                let mut fired = |s: &mut Option<tokio::signal::unix::Signal>| {
                    s.as_mut().is_some_and(|s| s.poll_recv(cx).is_ready())
                };
                if fired(&mut interrupt) || fired(&mut terminate) {
                    std::task::Poll::Ready(())
                } else {
                    std::task::Poll::Pending
                }
            })
            .await;
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
