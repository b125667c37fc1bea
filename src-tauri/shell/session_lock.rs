//! Hears the desktop session lock: logind's `Lock` signal on the system bus, and the freedesktop
//! screen saver turning on (`ActiveChanged(true)`) on the session bus. Either may be missing; the
//! watch runs on whichever bus answers.

/// Calls `locked` each time the session locks. Returns only when neither bus can be watched, or
/// when both watches have ended.
#[cfg(target_os = "linux")]
pub async fn watch(locked: impl Fn() + Send + Sync + 'static) -> zbus::Result<()> {
    let locked = std::sync::Arc::new(locked);
    let mut watches = Vec::new();
    if let Ok(system) = zbus::Connection::system().await {
        let on = locked.clone();
        let watch = on_signal(
            &system,
            "org.freedesktop.login1.Session",
            "Lock",
            move |_| on(),
        );
        watches.extend(watch.await?);
    }
    if let Ok(session) = zbus::Connection::session().await {
        let on = locked.clone();
        let watch = on_signal(
            &session,
            "org.freedesktop.ScreenSaver",
            "ActiveChanged",
            move |m| {
                if m.body().deserialize::<bool>().unwrap_or(false) {
                    on();
                }
            },
        );
        watches.extend(watch.await?);
    }
    if watches.is_empty() {
        return Err(zbus::Error::Failure(
            "no D-Bus session or system bus".into(),
        ));
    }
    for watch in watches {
        let _ = watch.await;
    }
    Ok(())
}

/// Runs `each` for every `interface.member` signal on `bus`, on a task of its own; `None` when the
/// bus refuses the match rule.
#[cfg(target_os = "linux")]
async fn on_signal(
    bus: &zbus::Connection,
    interface: &'static str,
    member: &'static str,
    each: impl Fn(&zbus::Message) + Send + 'static,
) -> zbus::Result<Option<tokio::task::JoinHandle<()>>> {
    use futures_util::StreamExt;
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(interface)?
        .member(member)?
        .build();
    let Ok(mut stream) = zbus::MessageStream::for_match_rule(rule, bus, None).await else {
        return Ok(None);
    };
    Ok(Some(tokio::spawn(async move {
        while let Some(Ok(message)) = stream.next().await {
            each(&message);
        }
    })))
}

#[cfg(not(target_os = "linux"))]
pub async fn watch(_locked: impl Fn() + Send + Sync + 'static) -> Result<(), String> {
    Err("the desktop's lock is watched on Linux only".to_owned())
}
