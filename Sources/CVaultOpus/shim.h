// libopus, seen from Swift. Only VaultAudio imports this module.
// opus_*_ctl are variadic macros over request codes, which Swift cannot call:
// each request VaultAudio uses gets a typed static inline wrapper here.
#ifndef CVAULT_OPUS_SHIM_H
#define CVAULT_OPUS_SHIM_H
#include <opus/opus.h>
#include <opus/opus_multistream.h>

static inline int cvault_opus_set_bitrate(OpusEncoder *e, opus_int32 v) { return opus_encoder_ctl(e, OPUS_SET_BITRATE(v)); }
static inline int cvault_opus_set_complexity(OpusEncoder *e, opus_int32 v) { return opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(v)); }
static inline int cvault_opus_set_signal_voice(OpusEncoder *e) { return opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)); }
static inline int cvault_opus_get_lookahead(OpusEncoder *e, opus_int32 *v) { return opus_encoder_ctl(e, OPUS_GET_LOOKAHEAD(v)); }

static inline int cvault_opus_ms_set_bitrate(OpusMSEncoder *e, opus_int32 v) { return opus_multistream_encoder_ctl(e, OPUS_SET_BITRATE(v)); }
static inline int cvault_opus_ms_set_complexity(OpusMSEncoder *e, opus_int32 v) { return opus_multistream_encoder_ctl(e, OPUS_SET_COMPLEXITY(v)); }
static inline int cvault_opus_ms_set_signal_voice(OpusMSEncoder *e) { return opus_multistream_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)); }
static inline int cvault_opus_ms_get_lookahead(OpusMSEncoder *e, opus_int32 *v) { return opus_multistream_encoder_ctl(e, OPUS_GET_LOOKAHEAD(v)); }

// Decoding (RTP Opus payloads): the decoder needs no ctl requests; packet inspection helpers are plain functions.
static inline int cvault_opus_decoder_reset(OpusDecoder *d) { return opus_decoder_ctl(d, OPUS_RESET_STATE); }

// Decoding Ogg Opus files: the OpusHead output gain (Q7.8 dB) is applied by the decoder.
static inline int cvault_opus_decoder_set_gain(OpusDecoder *d, opus_int32 q78) { return opus_decoder_ctl(d, OPUS_SET_GAIN(q78)); }
static inline int cvault_opus_ms_decoder_set_gain(OpusMSDecoder *d, opus_int32 q78) { return opus_multistream_decoder_ctl(d, OPUS_SET_GAIN(q78)); }

#endif
