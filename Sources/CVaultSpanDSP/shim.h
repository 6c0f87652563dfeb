// spandsp's G.722 and G.711 codecs, seen from Swift. Only VaultAudio imports this module.
#ifndef CVAULT_SPANDSP_SHIM_H
#define CVAULT_SPANDSP_SHIM_H
#include <stdint.h>
#include <inttypes.h>
#include <spandsp/telephony.h>
#include <spandsp/g711.h>
#include <spandsp/g722.h>
#endif
