// spandsp's G.722 and G.711 codecs and its DTMF receiver, seen from Swift. Only VaultAudio imports this module.
#ifndef CVAULT_SPANDSP_SHIM_H
#define CVAULT_SPANDSP_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <spandsp/telephony.h>
#include <spandsp/g711.h>
#include <spandsp/g722.h>
#include <spandsp/logging.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
#endif
