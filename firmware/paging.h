/* Identity mapping beyond the boot page tables (64-bit BARs, ECAM above 4 GiB). */
#ifndef VMFW_PAGING_H
#define VMFW_PAGING_H

#include <stdint.h>	/* uint64_t */
#include <stdbool.h>	/* bool */

/* Identity-maps [base, base+len) with 2 MiB pages (already-mapped pages are kept).
 * Returns false when the page-table pool is exhausted or the range is beyond the CPU's
 * physical address width; the range is then not usable. */
bool paging_map(uint64_t base, uint64_t len);
/* Physical address bits from CPUID 0x80000008 (36 when the leaf is absent). */
unsigned paging_phys_bits(void);

#endif
