//! Fan-out: `fanout` worker threads take the next host from a shared
//! counter, so at most that many reads are in flight and a slow host
//! holds up one worker only. Results come back to the calling thread,
//! which alone prints; it may stop the run (the output is gone, or every
//! host would fail alike), and a signal stops it too: workers take no
//! new host, and reads in flight end early.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use super::super::signals;

/// What the calling thread hears from the workers.
pub(super) enum Delivery<R> {
    /// A read started; `in_flight` are running now.
    Started { in_flight: usize },
    /// Host `index` is done.
    Done {
        index: usize,
        result: R,
        in_flight: usize,
    },
}

/// Whether to go on after a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    Go,
    /// Take no new host (reads in flight still deliver).
    Stop,
}

enum Event<R> {
    Started,
    Done(usize, R),
}

/// Run `read` for each index below `count`, at most `fanout` at once,
/// and hand each result to `deliver` on this thread as it comes.
pub(super) fn fan_out<R: Send>(
    count: usize,
    fanout: usize,
    read: impl Fn(usize) -> R + Sync,
    mut deliver: impl FnMut(Delivery<R>) -> Next,
) {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..fanout.clamp(1, count.max(1)) {
            let tx = tx.clone();
            let (next, stop, read) = (&next, &stop, &read);
            // A worker needs little stack: the read runs ipmitool.
            thread::Builder::new()
                .stack_size(256 << 10)
                .spawn_scoped(scope, move || {
                    loop {
                        if stop.load(Ordering::SeqCst) || signals::interrupted() {
                            break;
                        }
                        let index = next.fetch_add(1, Ordering::SeqCst);
                        if index >= count {
                            break;
                        }
                        let _ = tx.send(Event::Started);
                        let result = read(index);
                        let _ = tx.send(Event::Done(index, result));
                    }
                })
                .expect("start a fan-out thread");
        }
        drop(tx);
        let mut in_flight = 0;
        for event in rx {
            let next = match event {
                Event::Started => {
                    in_flight += 1;
                    deliver(Delivery::Started { in_flight })
                }
                Event::Done(index, result) => {
                    in_flight -= 1;
                    deliver(Delivery::Done {
                        index,
                        result,
                        in_flight,
                    })
                }
            };
            if next == Next::Stop {
                stop.store(true, Ordering::SeqCst);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;

    #[test]
    fn never_more_than_fanout_and_every_index_once() {
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = vec![0; 50];
        fan_out(
            50,
            4,
            |i| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(2));
                running.fetch_sub(1, Ordering::SeqCst);
                i * 10
            },
            |d| {
                if let Delivery::Done {
                    index,
                    result,
                    in_flight,
                } = d
                {
                    assert_eq!(result, index * 10);
                    assert!(in_flight < 4);
                    seen[index] += 1;
                }
                Next::Go
            },
        );
        assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
        assert_eq!(most.load(Ordering::SeqCst), 4);
    }

    #[test]
    fn stop_takes_no_new_host() {
        let started = Mutex::new(Vec::new());
        fan_out(
            100,
            2,
            |i| {
                started.lock().unwrap().push(i);
                thread::sleep(Duration::from_millis(50));
            },
            |d| match d {
                Delivery::Done { .. } => Next::Stop,
                Delivery::Started { .. } => Next::Go,
            },
        );
        // The first result stops it; at most the two workers' next picks
        // ran besides.
        assert!(started.lock().unwrap().len() <= 4);
    }

    #[test]
    fn nothing_to_do() {
        let mut calls = 0;
        fan_out(
            0,
            8,
            |_| (),
            |_| {
                calls += 1;
                Next::Go
            },
        );
        assert_eq!(calls, 0);
    }
}
