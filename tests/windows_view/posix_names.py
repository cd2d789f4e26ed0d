"""The POSIX-only names planlib's code must not use without a guard (issue 16 item 1)."""

from __future__ import annotations

BLOCKED_MODULES = frozenset({"fcntl", "termios", "pwd", "grp", "resource", "posix", "pty", "tty", "syslog"})
HIDDEN = {
    "os": frozenset(
        {
            "killpg",
            "getpgid",
            "setsid",
            "setpgrp",
            "getpgrp",
            "fork",
            "forkpty",
            "geteuid",
            "getuid",
            "getegid",
            "getgid",
            "mkfifo",
            "nice",
            "chown",
            "lchown",
            "sync",
            "sched_getaffinity",
            "pipe2",
            "wait3",
            "wait4",
        }
    ),
    "signal": frozenset(
        {
            "SIGKILL",
            "SIGHUP",
            "SIGQUIT",
            "SIGALRM",
            "SIGUSR1",
            "SIGUSR2",
            "SIGCHLD",
            "SIGPIPE",
            "SIGSTOP",
            "SIGCONT",
            "SIGTSTP",
            "alarm",
            "setitimer",
            "getitimer",
            "pthread_sigmask",
            "pthread_kill",
            "sigwait",
            "siginterrupt",
        }
    ),
}
