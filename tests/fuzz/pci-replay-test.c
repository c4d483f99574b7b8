/* Replays the PCI allocation fuzz corpus (tests/fuzz/corpus/pci) through pci_fuzz_one. */
#include "pci-fuzz.h"

#define REPLAY_NAME "pci"
#define REPLAY_ENTRY pci_fuzz_one
#define REPLAY_MIN 8
#define REPLAY_MUTANTS 40
/* The corpus must reach the allocator's interesting outcomes, not just parse. */
#define REPLAY_AFTER() do { \
	assert_true(pci_fuzz_stats.ranges > 100); \
	assert_true(pci_fuzz_stats.unassigned > 10); \
	assert_true(pci_fuzz_stats.high > 0); \
	assert_true(pci_fuzz_stats.problems > 0); \
} while (0)
#include "replay.h"
