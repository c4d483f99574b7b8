/* The last stage: start the Linux kernel QEMU passed, or report that there is nothing to boot. */
#ifndef VMFW_BOOT_H
#define VMFW_BOOT_H

#include <stdint.h>	/* uint64_t */
#include "e820.h"	/* struct e820_map */

/* isa-debug-exit (-device isa-debug-exit,iobase=0xf4,iosize=4): QEMU exits with (value << 1) | 1. */
#define ISA_DEBUG_EXIT_PORT	0xf4
#define ISA_DEBUG_EXIT_NOTHING	0x00	/* exit status 1: inventory done, no kernel */
#define ISA_DEBUG_EXIT_PANIC	0x01	/* exit status 3: die() */

/* Entropy for the kernel (SETUP_RNG_SEED setup_data); at most 64 bytes are kept. */
void boot_set_rng_seed(const uint8_t *seed, unsigned len);

/* Boots the kernel from fw_cfg; never returns. rsdp: 0 when no ACPI tables were built. */
void boot_linux(struct e820_map *map, uint64_t rsdp) __attribute__((noreturn));

/* Nothing to boot (`what` says why): test-panic "late", the terminal inventory record,
 * isa-debug-exit for a harness, halt. Shared by both builds (firmware/die.c). */
void boot_nothing(const char *what) __attribute__((noreturn));

#endif
