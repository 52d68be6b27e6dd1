//! The walk on several threads, with GNU find's output order kept.
//!
//! Every thread walks as the single-threaded walk does. When one of them
//! runs out of work, a busy one gives it the rest of the deepest
//! directory it is still going through that has sub-directories left
//! (`Walker::give_away`): those entries and everything below them. What the two then print is put
//! back in order with "parts" of the output, kept in a list in output
//! order. A thread writes to its part; the part at the head of the list
//! goes straight to stdout, the others are kept in memory until the
//! parts before them are finished. Giving work away splits the giver's
//! part in three: what it prints until it comes back up to that
//! directory, the part of the thread that took the work, and what the
//! giver prints after.
//!
//! Diagnostics travel in the parts too, so that each comes out where one
//! thread would have written it. Output held by a part waiting its turn
//! is front coded (frontcode.rs) and capped (`HELD`; `HELD_GROWN` once
//! the pool has grown; then a part done before its turn has it joined
//! into buffers of its size, `State::pack`). A thread whose part reaches
//! the cap walks, meanwhile, work given away that comes before its part
//! (`NESTING` deep at most; `NESTING_GROWN` once grown), or waits for its
//! turn.
//! On a cold walk (once the pool has grown) it first reads the
//! directories its walk will enter next into the cache (walk/warm.rs),
//! so that the disk is kept busy while its output waits. When a part is
//! done, what the parts after it hold is written without the lock, so
//! that a slow reader of stdout holds up only the thread writing.
//!
//! What it costs: with two threads the kernel's work per directory grows
//! by about a tenth (a shared descriptor table, a lock on each open
//! directory, directories closed on another CPU than they were read on),
//! and the second thread, its buffers and the held output take about
//! 0.5 MiB (issue 8 holds peak memory to 1.5 times GNU find's).
//!
//! It is used only where the threads cannot disturb each other: the
//! expression writes only to stdout (no -exec, -delete, -quit or -f*
//! file), links are not followed, and stdout is not a terminal.

pub(crate) mod cold;
pub(crate) mod frontcode;
pub(crate) mod policy;

use std::collections::VecDeque;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use self::cold::Watch;
use self::frontcode::{Decoder, Encoder};
use crate::find::action::sink::Sinks;
use crate::find::cmdline::Plan;
use crate::find::eval::Evaluator;
use crate::find::walk::{Asked, Share, Task, Walker};
use crate::out::{Destination, Out, StdoutFd};

/// The most output, front coded (see frontcode.rs), that a part holds
/// while it waits for its turn: about 128 KiB of paths. Parts hold some
/// only while a thread writes to them or waits for the parts before, so
/// at most a few per level of the tree hold any.
const HELD: usize = 16 << 10;

/// `HELD` once the pool has grown (see `Pool::grow`). With six threads
/// walking a cold tree many parts wait at once, and their output was the
/// largest share of the heap's peak (1.0-1.3 MiB at 16 KiB a part). With
/// `NESTING_GROWN`, 8 KiB took the listing's peak on six threads (forced
/// cold on a warm cache) from 5.1 to 4.8 MiB; 4 KiB saved 0.1 MiB more,
/// but that listing took 20-35% longer, its threads waiting more
/// (docs/dev/performance.md, "Memory decided the numbers of threads").
const HELD_GROWN: usize = 8 << 10;

/// Sets `HELD` instead, for tests: a few bytes make every thread wait or
/// take work up while it waits, on any tree.
const HELD_VARIABLE: &str = "TK_FIND_HELD";

/// How many times a waiting thread looks for a change before it sleeps:
/// most waits are shorter than waking a thread takes (spinning took the
/// 1M-entry listing from 0.53 s to 0.41 s).
const SPIN: usize = 20_000;

/// Held output is decoded and written in pieces of about this size.
const DRAIN_BUFFER: usize = 16 << 10;

/// How many buffers of pieces written out are kept for new pieces.
const SPARE_PIECES: usize = 32;

/// The room a new piece's buffer starts with: what a full lane buffer of
/// paths usually front codes to. Grown from nothing, buffers left freed
/// ones of many sizes below 1 KiB behind, which glibc keeps per thread.
const PIECE_START: usize = 2048;

/// The buffer of each walker's output: what it writes goes to the pool
/// in pieces of this size.
const LANE_BUFFER: usize = 8 << 10;

/// How many walks a thread may take up while it waits for its turn to
/// write (see `Pool::write`), one inside the other.
const NESTING: usize = 2;

/// `NESTING` once the pool has grown: each walk taken up has a walker,
/// output buffers and a part of its own, and with more threads than cores
/// a thread that waits leaves the core to one with work (see `HELD_GROWN`
/// for what the two saved).
const NESTING_GROWN: usize = 1;

/// Work given away, and the part of the output it goes to.
struct Given {
    task: Task,
    part: usize,
}

/// What the threads share.
pub(crate) struct Pool {
    plan: Arc<Plan>,
    opens_early: bool,
    threads: usize,
    /// The threads once the walk reads from the disk (see `grow`), and
    /// whether it has.
    cold_threads: usize,
    grown: AtomicBool,
    /// The threads started by `grow`, to join.
    grown_threads: Mutex<Vec<JoinHandle<()>>>,
    /// `HELD`, or what `HELD_VARIABLE` says (see `Pool::held_cap`).
    held_cap: usize,
    state: Mutex<State>,
    changed: Condvar,
    /// Threads waiting for work, less tasks waiting for a thread: while it
    /// is above zero, busy threads give work away.
    hungry: AtomicIsize,
    /// How many times the state changed (see `wait`).
    changes: AtomicUsize,
    /// The part being written to stdout. It changes only under the lock
    /// (in `finish`), and is read without it too: a thread whose part is
    /// at the head stays there until it moves on itself.
    head: AtomicUsize,
    /// Set on the first error writing to stdout: every thread stops.
    stopped: AtomicBool,
    /// Whether anything failed in any thread's walk.
    failed: AtomicBool,
}

struct State {
    tasks: VecDeque<Given>,
    /// Threads waiting for a task, or for their turn to write and able to
    /// take a task meanwhile; threads walking.
    wanting: usize,
    busy: usize,
    parts: Vec<Part>,
    /// Parts written and free for reuse.
    free: Vec<usize>,
    /// Threads asleep on `Pool::changed`.
    sleeping: usize,
    /// Where held output is decoded on its way to stdout.
    drain: Vec<u8>,
    /// Buffers of pieces written out, for new pieces: a buffer freed by
    /// the thread that wrote it out would stay in that thread's malloc
    /// cache while the other allocated more (0.3 MiB of peak memory).
    spare_pieces: Vec<Vec<u8>>,
    write_error: Option<io::Error>,
}

#[derive(Default)]
struct Part {
    /// The part after this one in output order.
    next: Option<usize>,
    held: Vec<Piece>,
    /// The size of its `Piece::Out`s.
    bytes: usize,
    /// Whether its thread has moved on: once at the head, the next part
    /// follows.
    done: bool,
    /// Whether it holds a piece beyond the cap, while its walk warms what
    /// it will read next (see `Pool::write`).
    overdrawn: bool,
}

enum Piece {
    /// Output, front coded.
    Out(Vec<u8>),
    Diagnostic(String),
}

impl State {
    /// The state as the first thread starts: busy with part 0, the head.
    fn new() -> State {
        State {
            tasks: VecDeque::new(),
            wanting: 0,
            busy: 1,
            parts: vec![Part::default()],
            free: Vec::new(),
            sleeping: 0,
            drain: Vec::new(),
            spare_pieces: Vec::new(),
            write_error: None,
        }
    }

    /// A new, empty part followed by `next`.
    fn new_part(&mut self, next: Option<usize>) -> usize {
        match self.free.pop() {
            Some(id) => {
                // Its list of pieces, empty, is kept for its memory.
                let part = &mut self.parts[id];
                part.next = next;
                part.bytes = 0;
                part.done = false;
                part.overdrawn = false;
                id
            }
            None => {
                self.parts.push(Part {
                    next,
                    ..Part::default()
                });
                self.parts.len() - 1
            }
        }
    }

    /// Recount the threads that want work.
    #[allow(clippy::cast_possible_wrap, reason = "counts of threads and tasks")]
    fn hunger(&self) -> isize {
        self.wanting as isize - self.tasks.len() as isize
    }

    /// Keep `buffer`, a piece written out or packed, for a new piece if
    /// it is of a new piece's size and too few are kept.
    fn spare(&mut self, mut buffer: Vec<u8>) {
        if self.spare_pieces.len() < SPARE_PIECES && buffer.capacity() >= PIECE_START {
            buffer.clear();
            self.spare_pieces.push(buffer);
        }
    }

    /// Part `part` is done before its turn: join the pieces it holds into
    /// one buffer of their size (one per run between diagnostics). On a
    /// cold walk parts done early are most of those that hold output,
    /// and may wait long: on twelve threads on the 1M-entry tree, about
    /// 540 of them held 1.6 MiB of buffers, half of it unused room. Warm
    /// (the pool not grown), parts wait briefly, and the joined buffers,
    /// of every size, took the listing's peak 0.25 MiB higher: there
    /// `finish` does not pack.
    fn pack(&mut self, part: usize) {
        if self.parts[part].held.is_empty() {
            return;
        }
        let held = std::mem::take(&mut self.parts[part].held);
        let runs = 1 + held
            .iter()
            .filter(|piece| matches!(piece, Piece::Diagnostic(_)))
            .count();
        let mut packed = Vec::with_capacity(runs);
        let mut run = Vec::new();
        for piece in held {
            match piece {
                Piece::Out(buffer) => run.push(buffer),
                Piece::Diagnostic(line) => {
                    self.join(&mut run, &mut packed);
                    packed.push(Piece::Diagnostic(line));
                }
            }
        }
        self.join(&mut run, &mut packed);
        self.parts[part].held = packed;
    }

    /// Append the buffers of `run`, joined into one of their size, to
    /// `packed`; keep the buffers for new pieces.
    fn join(&mut self, run: &mut Vec<Vec<u8>>, packed: &mut Vec<Piece>) {
        if let [only] = &run[..]
            && only.len() == only.capacity()
        {
            packed.extend(run.drain(..).map(Piece::Out));
            return;
        }
        let len = run.iter().map(Vec::len).sum();
        if len > 0 {
            let mut joined = Vec::with_capacity(len);
            for buffer in run.iter() {
                joined.extend_from_slice(buffer);
            }
            packed.push(Piece::Out(joined));
        }
        for buffer in run.drain(..) {
            self.spare(buffer);
        }
    }

    /// The first task whose part comes before `part` in output order,
    /// starting from the part at the head, `head`; with `head_only`, the
    /// head's task only.
    fn task_before(&self, head: usize, part: usize, head_only: bool) -> Option<usize> {
        let mut at = Some(head);
        while let Some(p) = at.filter(|&p| p != part) {
            if let Some(i) = self.tasks.iter().position(|t| t.part == p) {
                return Some(i);
            }
            if head_only {
                return None;
            }
            at = self.parts[p].next;
        }
        None
    }
}

impl Pool {
    /// A pool for `threads` threads, the first of which walks the starting
    /// points as part 0, the head.
    fn new(plan: Arc<Plan>, threads: usize, opens_early: bool) -> Pool {
        let cold_threads = policy::cold_threads(threads, &plan.expr);
        Pool {
            plan,
            opens_early,
            threads,
            cold_threads,
            grown: AtomicBool::new(false),
            grown_threads: Mutex::new(Vec::new()),
            held_cap: std::env::var(HELD_VARIABLE)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(HELD),
            state: Mutex::new(State::new()),
            changed: Condvar::new(),
            hungry: AtomicIsize::new(0),
            head: AtomicUsize::new(0),
            changes: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            failed: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn update_hunger(&self, state: &State) {
        self.hungry.store(state.hunger(), Ordering::Relaxed);
    }

    /// Start the threads that make `threads` up to `cold_threads`, once.
    fn grow(self: &Arc<Self>) {
        if self.grown.swap(true, Ordering::Relaxed) {
            return;
        }
        let started = (self.threads..self.cold_threads).filter_map(|_| spawn_walker(self));
        let started: Vec<_> = started.collect();
        self.grown_threads
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend(started);
    }

    /// Whether the pool has grown to `cold_threads` (see `grow`).
    fn has_grown(&self) -> bool {
        self.grown.load(Ordering::Relaxed)
    }

    /// How many threads share the descriptor budget: walkers made once
    /// the pool has grown take a smaller share of it.
    fn sharing_threads(&self) -> usize {
        if self.has_grown() {
            self.cold_threads
        } else {
            self.threads
        }
    }

    /// The most output a waiting part holds: less once the pool has
    /// grown (`HELD_GROWN`, or `HELD_VARIABLE`'s if that is smaller).
    fn held_cap(&self) -> usize {
        if self.has_grown() {
            self.held_cap.min(HELD_GROWN)
        } else {
            self.held_cap
        }
    }

    /// How deep a thread takes up walks while its part waits: less once
    /// the pool has grown.
    fn nesting(&self) -> usize {
        if self.has_grown() {
            NESTING_GROWN
        } else {
            NESTING
        }
    }

    /// Whether a thread waits for work (checked once per entry).
    pub(crate) fn wants_work(&self) -> bool {
        self.hungry.load(Ordering::Relaxed) > 0 && !self.stopped.load(Ordering::Relaxed)
    }

    /// Hand `task` to a waiting thread. The giver writes to `part`; the
    /// task's output goes right after it, and the giver's output once it
    /// is back from the task's directory goes to the part returned.
    fn give(&self, part: usize, task: Task) -> usize {
        let mut state = self.lock();
        let after = state.parts[part].next;
        let resume = state.new_part(after);
        let taken = state.new_part(Some(resume));
        state.parts[part].next = Some(taken);
        state.tasks.push_back(Given { task, part: taken });
        self.update_hunger(&state);
        self.notify(&state);
        resume
    }

    /// The next task for a thread that has finished its work (or, with
    /// `starting`, has not begun); None when every thread has finished.
    fn next_task(&self, starting: bool) -> Option<Given> {
        let mut state = self.lock();
        if !starting {
            state.busy -= 1;
        }
        loop {
            if let Some(task) = state.tasks.pop_front() {
                state.busy += 1;
                self.update_hunger(&state);
                return Some(task);
            }
            if state.busy == 0 {
                self.notify(&state);
                return None;
            }
            state = self.wait(state, true);
        }
    }

    /// Wait for another thread to change the state, counted meanwhile
    /// among the threads that want work if `wanting`. Spin first: waking a
    /// sleeping thread takes longer than most waits here.
    fn wait<'a>(
        &'a self,
        mut state: MutexGuard<'a, State>,
        wanting: bool,
    ) -> MutexGuard<'a, State> {
        state.wanting += usize::from(wanting);
        self.update_hunger(&state);
        let mut state = self.wait_for_change(state);
        state.wanting -= usize::from(wanting);
        self.update_hunger(&state);
        state
    }

    /// `wait` without the counting: spin, then sleep until `notify`.
    fn wait_for_change<'a>(&'a self, state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        let seen = self.changes.load(Ordering::Acquire);
        drop(state);
        // Grown, the pool has more threads than cores, and the others
        // mostly wait for the disk: spinning would take a core from the
        // few that have work.
        let spin = if self.has_grown() { 0 } else { SPIN };
        for _ in 0..spin {
            if self.changes.load(Ordering::Acquire) != seen {
                break;
            }
            std::hint::spin_loop();
        }
        let mut state = self.lock();
        if self.changes.load(Ordering::Acquire) != seen {
            return state;
        }
        state.sleeping += 1;
        let mut state = self
            .changed
            .wait(state)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.sleeping -= 1;
        state
    }

    /// Tell waiting threads that the state changed (the caller holds the
    /// lock).
    fn notify(&self, state: &State) {
        self.changes.fetch_add(1, Ordering::Release);
        if state.sleeping > 0 {
            self.changed.notify_all();
        }
    }

    /// Write `bytes` as part `part`'s output, from a lane `nesting` walks
    /// deep in its thread. When the part is not the head, its output is
    /// held, front coded; once it holds `Pool::held_cap` bytes, the thread
    /// walks a task that comes before its part meanwhile (on a walker of
    /// its own), or waits. Once the pool has grown, where the walk may
    /// open directories ahead (`opens_early`), the first write that would
    /// wait is held beyond the cap instead, and the thread's walk warms
    /// what it will read next before its next write waits (see
    /// `Sharer::asks`): then this returns true.
    ///
    /// Taking only tasks that come earlier keeps a thread's inner parts
    /// before its outer ones, so the head's thread is never one that
    /// waits: the head always moves on.
    fn write(
        self: &Arc<Self>,
        part: usize,
        nesting: usize,
        bytes: &[u8],
        coding: &mut Coding,
    ) -> io::Result<bool> {
        // Encode before taking the lock, unless the part is at the head.
        let encoded = &mut coding.encoded;
        encoded.clear();
        if self.head.load(Ordering::Acquire) != part {
            coding.encoder.encode(bytes, encoded);
        }
        let mut state = self.lock();
        let mut warm = false;
        loop {
            if self.stopped.load(Ordering::Relaxed) {
                return Err(stopped());
            }
            let head = self.head.load(Ordering::Acquire);
            if head == part {
                // Only the head's thread writes to stdout, and the head
                // moves on only when that thread says so: no lock needed.
                drop(state);
                return StdoutFd::new()
                    .write_all(bytes)
                    .map(|()| false)
                    .inspect_err(|err| self.stop(err));
            }
            if state.parts[part].bytes + encoded.len() <= self.held_cap() {
                break;
            }
            if self.opens_early && self.has_grown() && !state.parts[part].overdrawn {
                state.parts[part].overdrawn = true;
                warm = true;
                break;
            }
            let may_nest = nesting < self.nesting();
            if let Some(i) = state.task_before(head, part, !may_nest) {
                let task = state.tasks.remove(i).expect("index from task_before");
                self.update_hunger(&state);
                drop(state);
                walk_one(self, task, nesting + 1);
                state = self.lock();
                continue;
            }
            state = self.wait(state, may_nest);
        }
        state.parts[part].bytes += encoded.len();
        let piece = if encoded.len() < PIECE_START / 4 {
            // A few lines (a sparse match, or the end of a task): held in
            // a buffer of their size, not in one of `PIECE_START`, as a
            // cold walk on many threads holds hundreds of these.
            encoded.clone()
        } else {
            let spare =
                (state.spare_pieces.pop()).unwrap_or_else(|| Vec::with_capacity(PIECE_START));
            std::mem::replace(encoded, spare)
        };
        state.parts[part].held.push(Piece::Out(piece));
        Ok(warm)
    }

    /// Write a diagnostic as part `part`'s output.
    fn diagnostic(&self, part: usize, line: &str) {
        let mut state = self.lock();
        if self.head.load(Ordering::Acquire) == part {
            write_diagnostic(line);
        } else {
            state.parts[part].held.push(Piece::Diagnostic(line.into()));
        }
    }

    /// Part `part` is complete; when it is the head, write the parts
    /// after it that wait, up to the first one still being written.
    fn finish(&self, part: usize) {
        let mut state = self.lock();
        state.parts[part].done = true;
        if self.head.load(Ordering::Acquire) == part {
            state = self.write_waiting(state);
        } else if self.has_grown() {
            state.pack(part);
        }
        self.notify(&state);
    }

    /// The head is done: write what the parts after it hold, up to the
    /// first part still being written, which becomes the head. What a
    /// part holds is written without the lock, so that the other threads
    /// go on meanwhile (a pipe that is not read would otherwise stop them
    /// all); the head moves to a part only once it holds nothing, so that
    /// what its thread then writes straight to stdout comes after.
    fn write_waiting<'a>(&'a self, mut state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        loop {
            let head = self.head.load(Ordering::Acquire);
            let (true, Some(next)) = (state.parts[head].done, state.parts[head].next) else {
                return state;
            };
            let mut decoder = Decoder::default();
            while !state.parts[next].held.is_empty() {
                let mut held = std::mem::take(&mut state.parts[next].held);
                state.parts[next].bytes = 0;
                // Its thread may hold more meanwhile, if it waits for room.
                self.notify(&state);
                let mut decoded = std::mem::take(&mut state.drain);
                drop(state);
                self.write_held(&held, &mut decoder, &mut decoded);
                state = self.lock();
                state.drain = decoded;
                // The pieces' buffers, for new pieces.
                for piece in held.drain(..) {
                    if let Piece::Out(buffer) = piece {
                        state.spare(buffer);
                    }
                }
                if state.parts[next].held.capacity() == 0 {
                    // Its list of pieces, empty, is kept for its memory.
                    state.parts[next].held = held;
                }
            }
            self.head.store(next, Ordering::Release);
            // Nothing refers to a part behind the head: use it again.
            state.free.push(head);
        }
    }

    /// Write `held` (a part's pieces, in order) to stdout, decoded
    /// through `decoded`.
    fn write_held(&self, held: &[Piece], decoder: &mut Decoder, decoded: &mut Vec<u8>) {
        decoded.reserve(DRAIN_BUFFER + LANE_BUFFER);
        for piece in held {
            match piece {
                Piece::Out(encoded) => {
                    decoder.decode(encoded, decoded);
                    if decoded.len() >= DRAIN_BUFFER {
                        self.write_out(decoded);
                    }
                }
                Piece::Diagnostic(line) => {
                    self.write_out(decoded);
                    write_diagnostic(line);
                }
            }
        }
        self.write_out(decoded);
    }

    /// Write `bytes` to stdout, unless a write has failed, and empty it.
    fn write_out(&self, bytes: &mut Vec<u8>) {
        if !bytes.is_empty() && !self.stopped.load(Ordering::Relaxed) {
            if let Err(err) = StdoutFd::new().write_all(bytes) {
                self.stop(&err);
            }
        }
        bytes.clear();
    }

    /// Keep the first error writing to stdout, and stop every thread.
    fn stop(&self, err: &io::Error) {
        let mut state = self.lock();
        if state.write_error.is_none() {
            state.write_error = Some(io::Error::new(err.kind(), err.to_string()));
        }
        self.stopped.store(true, Ordering::Relaxed);
        self.notify(&state);
    }
}

/// The error a thread's writes get once another thread's write failed,
/// so that its walk stops too. It is never reported: the pool keeps the
/// error that stopped it (`Pool::stop`), and every write to stdout goes
/// through the pool.
fn stopped() -> io::Error {
    io::Error::other("another thread's write to stdout failed")
}

fn write_diagnostic(line: &str) {
    crate::out::write_stderr([line.as_bytes()]);
}

/// One thread's output: its current part of the pool's.
struct Lane {
    pool: Arc<Pool>,
    part: Option<usize>,
    /// Set when the part's output must wait and its walk is to warm
    /// what it reads next meanwhile (see `Pool::write`); its walker's
    /// `Sharer` reads it.
    warm: Arc<AtomicBool>,
    /// How many walks this thread took up while waiting, under this one.
    nesting: usize,
    coding: Coding,
}

/// How a lane's output is front coded while its part waits its turn.
struct Coding {
    encoder: Encoder,
    /// The last piece encoded (kept for its memory).
    encoded: Vec<u8>,
}

impl Default for Coding {
    fn default() -> Coding {
        Coding {
            encoder: Encoder::default(),
            encoded: Vec::with_capacity(PIECE_START),
        }
    }
}

impl Write for Lane {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self.part {
            Some(part) => {
                if self.pool.write(part, self.nesting, buf, &mut self.coding)? {
                    self.warm.store(true, Ordering::Relaxed);
                }
                Ok(())
            }
            // Between parts the buffer is empty (`Out::destination`
            // flushes it before the part changes), so nothing is written here.
            None => Ok(()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Destination for Lane {
    fn diagnostic(&mut self, line: &str) {
        match self.part {
            Some(part) => self.pool.diagnostic(part, line),
            None => write_diagnostic(line),
        }
    }
}

impl Lane {
    /// Output from here on goes to part `part` (None: the lane's work
    /// is done); the part it wrote to before is finished.
    fn move_to(&mut self, part: Option<usize>) {
        if let Some(done) = self.part {
            self.pool.finish(done);
        }
        self.part = part;
        self.coding.encoder.reset();
    }
}

/// One walker's side of the pool: the part of the output it writes to,
/// which is the place the walk hands back (`Share`).
struct Sharer {
    pool: Arc<Pool>,
    part: usize,
    /// Set by the walker's `Lane` when its output must wait.
    warm: Arc<AtomicBool>,
    /// Whether the walk reads from the disk, while the pool may still
    /// grow.
    watch: Option<Watch>,
}

impl<'e> Share<Evaluator<'e>> for Sharer {
    fn asks(&self) -> Asked {
        // Once grown (by this thread or another) the watch has done its
        // job: no more looks at the blocks read.
        if let Some(watch) = &self.watch
            && !self.pool.has_grown()
            && watch.turned_cold()
        {
            self.pool.grow();
        }
        if self.warm.load(Ordering::Relaxed) {
            self.warm.store(false, Ordering::Relaxed);
            Asked::Warm
        } else if self.pool.wants_work() {
            Asked::Work
        } else {
            Asked::Nothing
        }
    }

    fn still_waiting(&self) -> bool {
        self.pool.head.load(Ordering::Acquire) != self.part
            && !self.pool.stopped.load(Ordering::Relaxed)
    }

    fn give(&mut self, task: Task) -> usize {
        self.pool.give(self.part, task)
    }

    fn move_to(&mut self, place: Option<usize>, evaluator: &mut Evaluator<'e>) {
        if let Some(part) = place {
            self.part = part;
        }
        evaluator.redirect_output(|lane: &mut Lane| lane.move_to(place));
    }
}

/// How the run went: whether anything failed, and the first error
/// writing to stdout.
pub(crate) struct Outcome {
    pub failed: bool,
    pub write_error: Option<io::Error>,
}

/// Walk `plan`'s starting points on `threads` threads (this one and
/// others).
pub(crate) fn run(plan: Plan, threads: usize, opens_early: bool) -> Outcome {
    let pool = Arc::new(Pool::new(Arc::new(plan), threads, opens_early));
    let helpers: Vec<_> = (1..threads).filter_map(|_| spawn_walker(&pool)).collect();
    walk_tasks(&pool, true);
    // The threads `grow` started are known once every walking thread is
    // done: only those start them.
    for helper in helpers {
        join(helper);
    }
    let grown = std::mem::take(&mut *pool.grown_threads.lock().unwrap_or_else(|p| p.into_inner()));
    for helper in grown {
        join(helper);
    }
    let write_error = pool.lock().write_error.take();
    Outcome {
        failed: pool.failed.load(Ordering::Relaxed),
        write_error,
    }
}

/// Start a thread that walks tasks until every thread is done; None if
/// it cannot be started (the others do its share).
fn spawn_walker(pool: &Arc<Pool>) -> Option<JoinHandle<()>> {
    let pool = Arc::clone(pool);
    std::thread::Builder::new()
        .name("tk-find-walk".into())
        .stack_size(crate::find::walk::WALK_STACK)
        .spawn(move || walk_tasks(&pool, false))
        .ok()
}

fn join(thread: JoinHandle<()>) {
    thread
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p));
}

/// A thread's walker, evaluator and output, lent to `job`. Whether
/// anything failed goes to the pool; errors writing to stdout are there
/// already.
fn with_walker(pool: &Arc<Pool>, nesting: usize, job: impl FnOnce(&mut Walker<'_, Evaluator<'_>>)) {
    let plan = &*pool.plan;
    let warm = Arc::new(AtomicBool::new(false));
    let lane = Lane {
        pool: Arc::clone(pool),
        part: None,
        warm: Arc::clone(&warm),
        nesting,
        coding: Coding::default(),
    };
    let mut out = Out::with_capacity(LANE_BUFFER, Box::new(lane));
    let mut sinks = Sinks::default();
    let mut evaluator = Evaluator::new(&plan.expr, &mut out, &mut sinks, 0, plan.now);
    evaluator.ignore_vanished = plan.opts.ignore_vanished;
    {
        let mut walker = Walker::new(plan.opts.clone(), &mut evaluator);
        let growing = pool.cold_threads > pool.threads && !pool.has_grown();
        let sharer = Sharer {
            pool: Arc::clone(pool),
            part: 0,
            warm,
            watch: growing.then(Watch::new),
        };
        walker.share_work(Box::new(sharer), pool.sharing_threads());
        if pool.opens_early {
            walker.open_dirs_early();
        }
        job(&mut walker);
        walker.output_at(None);
    }
    evaluator.finish();
    if evaluator.failed {
        pool.failed.store(true, Ordering::Relaxed);
    }
}

/// One thread's share: (the first thread) walk the starting points, then
/// tasks until every thread is done.
fn walk_tasks(pool: &Arc<Pool>, first: bool) {
    with_walker(pool, 0, |walker| {
        if first {
            walker.output_at(Some(0));
            for start in &pool.plan.starts {
                if !walker.walk_root(start) {
                    break;
                }
            }
            walker.output_at(None);
        }
        let mut given = pool.next_task(!first);
        while let Some(next) = given {
            walker.walk_task(next.task, next.part);
            walker.output_at(None);
            given = pool.next_task(false);
        }
    });
}

/// Walk a task taken up while waiting to write, on a walker of its own.
fn walk_one(pool: &Arc<Pool>, given: Given, nesting: usize) {
    with_walker(pool, nesting, |walker| {
        walker.walk_task(given.task, given.part)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lines` front coded as one stream, into a buffer of `room` bytes.
    fn encoded(encoder: &mut Encoder, lines: &[u8], room: usize) -> Piece {
        let mut piece = Vec::with_capacity(room);
        encoder.encode(lines, &mut piece);
        Piece::Out(piece)
    }

    #[test]
    fn a_part_done_before_its_turn_holds_its_output_joined_to_its_size() {
        let mut state = State::new();
        let mut encoder = Encoder::default();
        state.parts[0].held = vec![
            encoded(&mut encoder, b"t/a/one\nt/a/two\n", PIECE_START),
            encoded(&mut encoder, b"t/a/three\n", 64),
            Piece::Diagnostic("tk find: 't/b': Permission denied".into()),
            encoded(&mut encoder, b"t/c\n", PIECE_START),
        ];
        state.pack(0);

        let held = &state.parts[0].held;
        let mut decoder = Decoder::default();
        let mut decoded = Vec::new();
        let Piece::Out(first) = &held[0] else {
            panic!("output first");
        };
        assert_eq!(first.len(), first.capacity());
        decoder.decode(first, &mut decoded);
        assert_eq!(decoded, b"t/a/one\nt/a/two\nt/a/three\n");
        assert!(matches!(&held[1], Piece::Diagnostic(line) if line.contains("'t/b'")));
        let Piece::Out(last) = &held[2] else {
            panic!("output after the diagnostic");
        };
        decoded.clear();
        decoder.decode(last, &mut decoded);
        assert_eq!(decoded, b"t/c\n");
        assert_eq!(held.len(), 3);
        // The buffers of a new piece's size are kept for new pieces.
        assert_eq!(state.spare_pieces.len(), 2);
    }
}
