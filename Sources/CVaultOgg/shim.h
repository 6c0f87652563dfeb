// libogg, seen from Swift. Only VaultAudio imports this module.
#ifndef CVAULT_OGG_SHIM_H
#define CVAULT_OGG_SHIM_H
#include <ogg/ogg.h>
#endif
