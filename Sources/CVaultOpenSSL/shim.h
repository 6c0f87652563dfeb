// OpenSSL 3 libcrypto, seen from Swift. Only VaultCrypto imports this module.
#ifndef CVAULT_OPENSSL_SHIM_H
#define CVAULT_OPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/bio.h>

// AES-256-GCM tag access goes through EVP_CIPHER_CTX_ctrl with macro request codes.
static inline int cvault_gcm_set_ivlen(EVP_CIPHER_CTX *c, int len) { return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, len, NULL); }
static inline int cvault_gcm_get_tag(EVP_CIPHER_CTX *c, unsigned char *tag, int len) { return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, len, tag); }
static inline int cvault_gcm_set_tag(EVP_CIPHER_CTX *c, const unsigned char *tag, int len) { return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, len, (void *)tag); }

// BIO_get_mem_data is a macro over BIO_ctrl.
static inline long cvault_bio_mem_data(BIO *b, char **data) { return BIO_get_mem_data(b, data); }
#endif
