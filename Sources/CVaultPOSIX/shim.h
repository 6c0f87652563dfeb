// POSIX/Linux constants that Swift's Glibc module does not import (function-like or composite
// macros). Only VaultStore imports this module.
#ifndef CVAULT_POSIX_SHIM_H
#define CVAULT_POSIX_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <unistd.h>
#include <stddef.h>

// O_TMPFILE: an unnamed file in a directory, gone if the process dies before it is linked.
static inline int cvault_o_tmpfile(void) { return O_TMPFILE; }

// syncfs(2) is declared only under _GNU_SOURCE.
static inline int cvault_syncfs(int fd) { return syncfs(fd); }

// copy_file_range(2), declared only under _GNU_SOURCE: a copy from the file positions of `in`
// to `out` inside the kernel (no pass through user memory).
static inline long cvault_copy_file_range(int in, int out, unsigned long count) {
    return (long)copy_file_range(in, NULL, out, NULL, (size_t)count, 0);
}

// sync_file_range(2) with SYNC_FILE_RANGE_WRITE: starts writing the file's dirty pages back
// without waiting, so a later syncfs has less left to wait for.
static inline int cvault_start_writeback(int fd) { return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE); }
#endif
