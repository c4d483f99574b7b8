/* Fuzz entry for the capability walkers (libFuzzer target and the cmocka corpus test share it). */
#ifndef VMFW_TEST_CAP_FUZZ_H
#define VMFW_TEST_CAP_FUZZ_H

#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint8_t */

#define CAP_FUZZ_CFG_SIZE 4096

/*
 * Treats data (zero-padded / cut to 4 KiB) as the config space of one function and runs
 * the standard and extended walks (as ECAM, 4096 bytes, and as CF8, 256 bytes), the
 * inventory record, MSI-X probe/setup/handoff on every MSI-X capability found and the
 * virtio transport probe. Invariants are checked; a violation prints a message and aborts.
 * Returns 0.
 */
int cap_fuzz_one(const uint8_t *data, size_t size);

/* What the inputs so far reached (the corpus test checks its inputs go deep enough). */
struct cap_fuzz_stats {
	unsigned inputs;
	unsigned std_caps, ext_caps;	/* capabilities found (ECAM view) */
	unsigned std_cuts, ext_cuts;	/* walks cut short */
	unsigned msix_ok, msix_rejected;
	unsigned virtio_ok;
};
extern struct cap_fuzz_stats cap_fuzz_stats;

#endif
