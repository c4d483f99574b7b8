/* Small helpers shared by every build: string functions, alignment, min/max. */
#ifndef VMFW_UTIL_H
#define VMFW_UTIL_H

#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint64_t */

#ifdef VMFW_HOST_TEST
#include <string.h>	/* memcpy, memset, memcmp, strlen, strcmp, strncmp */
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)		((a) < (b) ? (a) : (b))
#define MAX(a, b)		((a) > (b) ? (a) : (b))
/* align must be a power of two */
#define ALIGN_UP(x, align)	(((x) + ((align) - 1)) & ~((__typeof__(x))(align) - 1))
#define ALIGN_DOWN(x, align)	((x) & ~((__typeof__(x))(align) - 1))
#define IS_POW2(x)		((x) != 0 && ((x) & ((x) - 1)) == 0)

/* Little-/big-endian loads from byte buffers (fw_cfg is big-endian, boot protocol little). */
static inline uint16_t le16(const void *p) { const uint8_t *b = p; return (uint16_t)(b[0] | b[1] << 8); }
static inline uint32_t le32(const void *p) { const uint8_t *b = p; return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24; }
static inline uint64_t le64(const void *p) { const uint8_t *b = p; return le32(b) | (uint64_t)le32(b + 4) << 32; }
static inline uint16_t be16(const void *p) { const uint8_t *b = p; return (uint16_t)(b[0] << 8 | b[1]); }
static inline uint32_t be32(const void *p) { const uint8_t *b = p; return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]; }
static inline uint64_t be64(const void *p) { const uint8_t *b = p; return (uint64_t)be32(b) << 32 | be32(b + 4); }
static inline void put_le16(void *p, uint16_t v) { uint8_t *b = p; b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); }
static inline void put_le32(void *p, uint32_t v) { uint8_t *b = p; for (int i = 0; i < 4; i++) b[i] = (uint8_t)(v >> (8 * i)); }
static inline void put_le64(void *p, uint64_t v) { put_le32(p, (uint32_t)v); put_le32((uint8_t *)p + 4, (uint32_t)(v >> 32)); }
static inline void put_be32(void *p, uint32_t v) { uint8_t *b = p; for (int i = 0; i < 4; i++) b[i] = (uint8_t)(v >> (24 - 8 * i)); }
static inline void put_be64(void *p, uint64_t v) { put_be32(p, (uint32_t)(v >> 32)); put_be32((uint8_t *)p + 4, (uint32_t)v); }

#endif
