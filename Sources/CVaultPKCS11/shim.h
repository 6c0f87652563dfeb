// The standard PKCS#11 interface (p11-kit's pkcs11.h), seen from Swift, plus dlopen to load a
// token's module (e.g. SoftHSM2's libsofthsm2.so). Only VaultCrypto imports this module.
#ifndef CVAULT_PKCS11_SHIM_H
#define CVAULT_PKCS11_SHIM_H
#include <dlfcn.h>
#include <p11-kit/pkcs11.h>
#endif
