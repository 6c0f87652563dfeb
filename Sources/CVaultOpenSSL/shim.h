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

// BIO_get_mem_data is a macro over BIO_ctrl.
static inline long cvault_bio_mem_data(BIO *b, char **data) { return BIO_get_mem_data(b, data); }

// AEAD tag access (AES-256-GCM, ChaCha20-Poly1305): EVP_CIPHER_CTX_ctrl with the AEAD macro request codes.
static inline int cvault_aead_get_tag(EVP_CIPHER_CTX *c, unsigned char *tag, int len) { return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, len, tag); }
static inline int cvault_aead_set_tag(EVP_CIPHER_CTX *c, const unsigned char *tag, int len) { return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, len, (void *)tag); }

// HKDF-SHA256 (RFC 5869) through EVP_KDF "HKDF". The OSSL_PARAM array keeps pointers to its key
// names and buffers, so it is built here, where every pointer outlives the derive call. An empty
// salt is left out, which RFC 5869 defines as HashLen zero bytes (the same HMAC key). Returns 1 on success.
static inline int cvault_hkdf_sha256(const unsigned char *ikm, size_t ikm_len,
                                     const unsigned char *salt, size_t salt_len,
                                     const unsigned char *info, size_t info_len,
                                     unsigned char *out, size_t out_len) {
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    if (kdf == NULL) return 0;
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (ctx == NULL) return 0;
    OSSL_PARAM params[5], *p = params;
    *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)ikm, ikm_len);
    if (salt_len > 0) *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len);
    if (info_len > 0) *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, info_len);
    *p = OSSL_PARAM_construct_end();
    int ok = EVP_KDF_derive(ctx, out, out_len, params);
    EVP_KDF_CTX_free(ctx);
    return ok;
}

// HMAC-SHA256 with the key set up once: a keyed EVP_MAC "HMAC" context (NULL on failure), which
// cvault_hmac_sha256_dup copies for each MAC. OpenSSL's one-shot HMAC() fetches the MAC and the
// digest and expands the key at every call; the copy skips all three. The keyed context is only
// read by the copies, so threads may share it.
static inline EVP_MAC_CTX *cvault_hmac_sha256_keyed(const unsigned char *key, size_t key_len) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return NULL;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (ctx == NULL) return NULL;
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();
    if (EVP_MAC_init(ctx, key, key_len, params) != 1) { EVP_MAC_CTX_free(ctx); return NULL; }
    return ctx;
}

// The 32-byte HMAC of message under the keyed context's key. Returns 1 on success.
static inline int cvault_hmac_sha256_dup(const EVP_MAC_CTX *keyed, const unsigned char *message, size_t message_len,
                                         unsigned char *out) {
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(keyed);
    if (ctx == NULL) return 0;
    size_t length = 0;
    int ok = EVP_MAC_update(ctx, message, message_len) == 1 && EVP_MAC_final(ctx, out, &length, 32) == 1 && length == 32;
    EVP_MAC_CTX_free(ctx);
    return ok;
}
#endif
