// libsndfile, seen from Swift. Only VaultAudio imports this module.
#ifndef CVAULT_SNDFILE_SHIM_H
#define CVAULT_SNDFILE_SHIM_H
#include <sndfile.h>
#endif
