// libsoxr, seen from Swift. Only VaultAudio imports this module.
#ifndef CVAULT_SOXR_SHIM_H
#define CVAULT_SOXR_SHIM_H
#include <soxr.h>
#endif
