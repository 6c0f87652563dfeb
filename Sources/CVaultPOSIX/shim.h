// POSIX/Linux constants that Swift's Glibc module does not import (function-like or composite
// macros). Only VaultStore imports this module.
#ifndef CVAULT_POSIX_SHIM_H
#define CVAULT_POSIX_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <unistd.h>

// O_TMPFILE: an unnamed file in a directory, gone if the process dies before it is linked.
static inline int cvault_o_tmpfile(void) { return O_TMPFILE; }

// syncfs(2) is declared only under _GNU_SOURCE.
static inline int cvault_syncfs(int fd) { return syncfs(fd); }
#endif
