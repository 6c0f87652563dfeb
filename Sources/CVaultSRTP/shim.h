// libsrtp2 (SRTP, RFC 3711), seen from Swift. Only VaultRTP imports this module.
#ifndef CVAULT_SRTP_SHIM_H
#define CVAULT_SRTP_SHIM_H
#include <srtp2/srtp.h>
#endif
