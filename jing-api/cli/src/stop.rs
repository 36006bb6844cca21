//! How `jing` is told to stop (`^C`, or `SIGTERM` on Unix), for the commands that run until
//! then: `webhook listen` (with or without a relay) and `webhook work`.

/// Whether the program was told to stop (`^C`, or `SIGTERM` on Unix). It listens from the
/// moment it is made, so a signal that comes while the program waits for Redis, sleeps
/// before trying again or runs `--exec` is never lost. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Stop(tokio::sync::watch::Receiver<bool>);

impl Stop {
    /// Starts listening for the signals.
    pub(crate) fn listen() -> Stop {
        let (told, receiver) = tokio::sync::watch::channel(false);
        #[cfg(unix)]
        let signals = {
            use tokio::signal::unix::{SignalKind, signal};
            signal(SignalKind::interrupt()).and_then(|interrupt| {
                signal(SignalKind::terminate()).map(|terminate| (interrupt, terminate))
            })
        };
        tokio::spawn(async move {
            #[cfg(unix)]
            match signals {
                Ok((mut interrupt, mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
            #[cfg(not(unix))]
            let _ = tokio::signal::ctrl_c().await;
            let _ = told.send(true);
            // Kept, so that the receivers never see the channel closed as a stop.
            std::future::pending::<()>().await;
        });
        Stop(receiver)
    }

    /// Waits until the program is told to stop.
    pub(crate) async fn wait(&self) {
        let mut receiver = self.0.clone();
        let _ = receiver.wait_for(|told| *told).await;
    }

    /// Whether the program was told to stop.
    #[cfg(feature = "redis")]
    pub(crate) fn told(&self) -> bool {
        *self.0.borrow()
    }
}
