// Nettle's SHA-256 (SHA-NI where the CPU has it, through nettle's fat build) with its chaining value in reach:
// `struct sha256_ctx` is public in <nettle/sha2.h>. Swift imports neither nettle's name macros nor C arrays as
// arrays, hence these wrappers.
#include <nettle/sha2.h>
#include <string.h>

static inline void discburn_sha256_init(struct sha256_ctx *context) { nettle_sha256_init(context); }

static inline void discburn_sha256_update(struct sha256_ctx *context, size_t length, const void *bytes) {
    nettle_sha256_update(context, length, (const uint8_t *)bytes);
}

static inline void discburn_sha256_digest(struct sha256_ctx *context, uint8_t digest[32]) {
    nettle_sha256_digest(context, SHA256_DIGEST_SIZE, digest);
}

/// The chaining value after a whole number of 64-byte blocks; 0, or -1 when input waits in the block buffer.
static inline int discburn_sha256_chain_value(const struct sha256_ctx *context, uint32_t words[8]) {
    if (context->index != 0) return -1;
    memcpy(words, context->state, sizeof context->state);
    return 0;
}

/// A context that continues after `blocks` 64-byte blocks whose chaining value is `words`.
static inline void discburn_sha256_resume(struct sha256_ctx *context, const uint32_t words[8], uint64_t blocks) {
    memcpy(context->state, words, sizeof context->state);
    context->count = blocks;
    context->index = 0;
}
