#!/usr/bin/env python3
"""The benchmark's file tree, the same on every machine.

usage: bench/mktree.py DEST [--files N] [--seed S]

Makes DEST (which must not exist) and fills it with N entries that look
like a pile of source checkouts:

- directories nested up to 12 levels, most new entries going into one of
  the 200 directories made last, so fan-out is uneven, as in real trees;
- names WORD_NUMBER.EXT with common extensions, some in upper case;
- sizes drawn from a log-normal distribution (median about 1 KiB); files
  over 1 MiB are sparse, so a million entries fit on a small disk;
- 2% empty files, 1% symbolic links (to a sibling, to the parent's
  entry of the same name, or to a path that does not exist);
- modes among 644, 755, 600, 664 and 444, modification times spread
  evenly over the 60 days before the run;
- then 20 empty directories, and a folder `odd` with names that are not
  UTF-8, hold a newline or a space, or start with a dash.

Everything but the times comes from a pseudo-random generator seeded with
S (default 48): the same N and S give the same names, kinds, sizes and
modes, hence the same entry counts for every workload of bench/run. The
times are relative to now, so `-mtime -7` matches the same files whenever
the tree is made.
"""
import argparse
import os
import random
import sys
import time

EXTENSIONS = ["txt", "log", "rs", "py", "c", "h", "md", "json", "tmp", "o", "TXT", "Log"]
WORDS = ["alpha", "beta", "gamma", "delta", "src", "lib", "test", "docs", "build",
         "cache", "util", "core", "net", "io", "data", "img", "conf", "misc"]
MODES = [0o644, 0o644, 0o644, 0o755, 0o600, 0o664, 0o444]
ODD_NAMES = [b"caf\xe9.txt", b"new\nline.txt", b"sp ace.txt", b"-dash.txt",
             b"[brackets].txt", b"star*.txt", b".hidden.txt"]

MAX_DEPTH = 12
RECENT_DIRS = 200        # where most new entries go
P_RECENT = 0.7           # chance an entry goes into a recent directory
P_NEW_DIR = 0.08         # chance a step makes a directory (above MAX_DEPTH)
P_SYMLINK = 0.01
P_EMPTY = 0.03           # cumulative with P_SYMLINK: 2% of entries are empty
SPARSE_ABOVE = 1 << 20
MTIME_SPAN = 60 * 86400
EMPTY_DIRS = 20


class Tree:
    """The directories made so far, each with its depth below the root."""

    def __init__(self, root, rng):
        self.rng = rng
        self.dirs = [(root, 0)]

    def pick_parent(self):
        """A directory for the next entry: usually a recent one."""
        recent = self.rng.random() < P_RECENT
        return self.rng.choice(self.dirs[-RECENT_DIRS:] if recent else self.dirs)

    def maybe_make_dir(self, parent, depth):
        """Maybe make a sub-directory of `parent`; True if this step was
        spent on one (made, or its name already taken)."""
        if depth >= MAX_DEPTH or self.rng.random() >= P_NEW_DIR:
            return False
        path = os.path.join(parent, f"{self.rng.choice(WORDS)}{self.rng.randrange(1000)}")
        if not os.path.exists(path):
            os.mkdir(path)
            self.dirs.append((path, depth + 1))
        return True

    def make_entry(self, parent, now):
        """Make one file or symbolic link in `parent`; False if the drawn
        name is already taken (nothing is made)."""
        rng = self.rng
        name = f"{rng.choice(WORDS)}_{rng.randrange(100000)}.{rng.choice(EXTENSIONS)}"
        path = os.path.join(parent, name)
        if os.path.lexists(path):
            return False
        kind = rng.random()
        if kind < P_SYMLINK:
            os.symlink(rng.choice([name, "../" + name, "/nonexistent/" + name]), path)
            return True
        size = 0 if kind < P_EMPTY else int(rng.lognormvariate(7, 2))
        with open(path, "wb") as f:
            if size > SPARSE_ABOVE:
                f.truncate(size)
            elif size:
                f.write(b"x" * size)
        os.chmod(path, rng.choice(MODES))
        mtime = now - rng.uniform(0, MTIME_SPAN)
        os.utime(path, (mtime, mtime))
        return True


def build(root, files, seed):
    """Make the tree; returns (files and links made, directories made)."""
    rng = random.Random(seed)
    now = time.time()
    os.makedirs(root, exist_ok=False)
    tree = Tree(root, rng)
    made = 0
    while made < files:
        parent, depth = tree.pick_parent()
        if tree.maybe_make_dir(parent, depth):
            continue
        if tree.make_entry(parent, now):
            made += 1
    for i in range(EMPTY_DIRS):
        parent, _ = rng.choice(tree.dirs)
        os.makedirs(os.path.join(parent, f"empty{i}"), exist_ok=True)
    odd = os.path.join(root, "odd")
    os.makedirs(odd, exist_ok=True)
    for name in ODD_NAMES:
        with open(os.path.join(os.fsencode(odd), name), "wb") as f:
            f.write(b"odd")
    return made, len(tree.dirs)


def main():
    parser = argparse.ArgumentParser(
        description="Make the benchmark's deterministic file tree.")
    parser.add_argument("dest", help="the tree's root; must not exist")
    parser.add_argument("--files", type=int, default=200_000,
                        help="files and links to make (default 200000)")
    parser.add_argument("--seed", type=int, default=48,
                        help="seed of the generator (default 48)")
    args = parser.parse_args()
    root = os.path.normpath(args.dest)
    try:
        made, dirs = build(root, args.files, args.seed)
    except OSError as e:
        sys.exit(f"bench/mktree.py: {e}")
    print(f"{root}: {made} files, {dirs} dirs")


if __name__ == "__main__":
    main()
