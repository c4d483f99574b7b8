/* Fuzz entry for PCI probe + allocation over random simulated buses (libFuzzer target and replay test). */
#ifndef VMFW_TEST_PCI_FUZZ_H
#define VMFW_TEST_PCI_FUZZ_H

#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint8_t */

#define PCI_FUZZ_MAX_FNS 40	/* functions built from one input (chipset parts included) */

/* Builds a bus from data, runs pci_setup twice and checks the invariants; aborts on a violation. Returns 0. */
int pci_fuzz_one(const uint8_t *data, size_t size);

/* What the inputs so far reached (the replay test checks the corpus goes deep enough). */
struct pci_fuzz_stats {
	unsigned inputs;
	unsigned functions;	/* in vmfw's table */
	unsigned ranges;	/* decoding BAR ranges seen by the checker */
	unsigned problems;	/* runs where pci_setup reported problems */
	unsigned unassigned;	/* BARs left unassigned */
	unsigned high;		/* BARs placed above 4 GiB */
};
extern struct pci_fuzz_stats pci_fuzz_stats;

#endif
